FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
# a deliberate cache boundary: the heavy install above survives changes below
RUN python -c "print('configured')"
RUN --mount=type=cache,target=/root/.cache/pip pip install uvicorn==0.30.6
RUN pip install --no-cache-dir gunicorn==22.0.0
RUN <<EOF
echo "heredocs are not merged"
EOF
# a RUN of three commands after it: split on purpose, as hadolint also assumes
RUN mkdir -p /srv && cd /srv && touch ready
ENV STAGE=final
RUN echo "an ENV between RUNs keeps them apart"
