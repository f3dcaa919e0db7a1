FROM python:3.11-slim
RUN pip install --no-cache-dir transformers==4.44.2
RUN curl -fsSL -o /usr/local/bin/tini https://github.com/krallin/tini/releases/download/v0.19.0/tini
ENV HF_HOME=/models
CMD ["python", "-m", "serve"]
