# expect: 5:5 DO204
# expect: 7:8 DO204
FROM python:3.11-slim
COPY requirements.txt constraints.txt ./
RUN pip install --no-cache-dir -r requirements.txt -c constraints.txt
RUN python -m venv /venv \
    && /venv/bin/pip install --no-cache-dir gunicorn==22.0.0
COPY . /app
