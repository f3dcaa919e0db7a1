# expect: 5:8 DO603
# expect: 8:19 DO603
FROM python:3.12-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential libpq-dev curl \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir psycopg2==2.9.9
RUN apk update && apk add --no-cache git openjdk17-jdk || true
CMD ["python", "-m", "app"]
