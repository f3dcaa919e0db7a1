# expect: 5:1 DO306
# expect: 8:1 DO306
# expect: 9:1 DO306
FROM python:3.12-slim
RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    apt-get update \
    && apt-get install -y --no-install-recommends curl
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
RUN --mount=type=cache,target=/root/.npm npm ci && npm run build
