# expect: 4:27 DO906
# expect: 5:42 DO906
FROM python:3.12-slim
RUN pip install --upgrade pip setuptools==70.0.0
RUN python -m pip install --no-cache-dir "flask[async]" gunicorn==22.0.0
