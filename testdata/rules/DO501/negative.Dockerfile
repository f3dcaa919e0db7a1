FROM python:3.11-slim
ENV PIP_NO_CACHE_DIR=1
RUN pip install torch==2.3.1 --index-url https://download.pytorch.org/whl/cpu
FROM python:3.11-slim AS second
RUN --mount=type=cache,target=/root/.cache/pip pip install tensorflow-cpu==2.17.0 tensorflow==2.17.0
RUN pip install --no-cache-dir xgboost==2.1.1
RUN pip install flask==3.0.3
