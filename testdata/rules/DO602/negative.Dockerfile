FROM python:3.12-slim
ENV PYTHONUNBUFFERED=1
RUN pip install --no-cache-dir mkdocs==1.6.0
COPY docs/ /docs
