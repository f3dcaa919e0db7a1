# expect: 5:1 DO306
# expect: 8:1 DO306
# expect: 9:1 DO306
FROM python:3.12-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir -r requirements.txt && pip cache purge
RUN npm ci && npm cache clean --force && npm run build
