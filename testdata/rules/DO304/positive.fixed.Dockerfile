# expect: 4:1 DO304
# expect: 5:1 DO304
FROM python:3.12-slim
COPY requirements.txt setup.cfg /app/
copy --chown=app:app src /app/src
