FROM python:3.11-slim AS build
RUN pip install --no-cache-dir build==1.2.1
FROM python:3.11-slim
ENV PIP_NO_CACHE_DIR=1
RUN pip install flask==3.0.3
FROM python:3.11-slim AS other
RUN pip install --no-cache-dir flask==3.0.3
RUN --mount=type=cache,target=/root/.cache/pip pip install uvicorn==0.30.6
RUN pip install requests==2.32.3 && rm -rf /root/.cache/pip
COPY --from=build /usr/local/lib /usr/local/lib
