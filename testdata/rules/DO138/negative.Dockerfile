# hadolint global ignore=DL3013
FROM python:3.12-slim
# installs flask
RUN pip install --no-cache-dir flask==3.0.3
