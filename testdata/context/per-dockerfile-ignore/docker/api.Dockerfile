FROM python:3.12-slim
WORKDIR /app
COPY src/ ./src/
COPY docs/ ./docs/
