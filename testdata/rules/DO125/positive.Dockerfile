# expect: 5:23 DO125
# expect: 7:8 DO125
# expect: 11:37 DO125
FROM python:3.12-slim
COPY requirements.txt app/
RUN pip install --no-cache-dir -r app/requirements.txt
COPY . .
CMD ["python", "app/main.py"]

FROM node:20-alpine AS web
COPY package.json package-lock.json ./
RUN npm ci
