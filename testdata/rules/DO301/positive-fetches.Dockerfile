# expect: 6:1 DO301
# two fetches (or a fetch and its clean-up) are one step for the cache
FROM python:3.12-slim
WORKDIR /app
RUN pip install --no-cache-dir -r requirements.txt
RUN pip install --no-cache-dir gunicorn==22.0.0
