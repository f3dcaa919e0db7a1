# expect: 6:5 DO201
# expect: 16:5 DO201
FROM python:3.12-slim AS runtime
WORKDIR /srv
# system libraries for psycopg and Pillow
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 libjpeg62-turbo \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

FROM runtime AS final
COPY . .
# a second update later on, and the lists are left again
USER root
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
USER nobody
CMD ["gunicorn", "app:app"]
