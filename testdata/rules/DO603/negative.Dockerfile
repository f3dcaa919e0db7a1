FROM python:3.12-alpine AS build
RUN apk add --no-cache build-base postgresql-dev
RUN pip wheel --no-cache-dir --wheel-dir /wheels psycopg2==2.9.9

FROM python:3.12-alpine
RUN apk add --no-cache --virtual .build-deps gcc musl-dev \
    && pip install --no-cache-dir cffi==1.17.0 \
    && apk del .build-deps
RUN apt-get update && apt-get install -y --no-install-recommends build-essential \
    && make -C /src && apt-get purge -y build-essential && rm -rf /var/lib/apt/lists/*
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/* && rm -rf /wheels
