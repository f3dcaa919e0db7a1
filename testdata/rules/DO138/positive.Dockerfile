# expect: 4:1 DO138
# expect: 6:3 DO138
FROM python:3.12-slim
# hadolint ignore=DL3013
RUN pip install --no-cache-dir flask
  # dockeropt: ignore=DO906 -- reviewed
RUN pip install --no-cache-dir gunicorn
