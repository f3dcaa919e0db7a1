# the build is chosen another way: an index in the environment, a links page, a local version label
FROM python:3.11-slim AS env-index
ENV PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu
RUN pip install --no-cache-dir torch==2.3.1
FROM python:3.11-slim AS links
RUN pip install --no-cache-dir -f https://download.pytorch.org/whl/torch_stable.html torch==2.3.1+cpu
FROM python:3.11-slim AS label
RUN pip install --no-cache-dir "torch==2.3.1+cpu"
FROM python:3.11-slim AS uv-env
RUN UV_INDEX_URL=https://download.pytorch.org/whl/cpu uv pip install --system --no-cache torch==2.3.1
