FROM mambaorg/micromamba:1.5.8
COPY environment.yml /tmp/env.yml
RUN micromamba install -y -n base -f /tmp/env.yml && micromamba clean --all --yes
