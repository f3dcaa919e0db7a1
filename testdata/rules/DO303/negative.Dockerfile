FROM node:22-slim AS web
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM python:3.12-slim
WORKDIR /srv
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# installing a single extra package after the sources is fine
RUN pip install --no-cache-dir gunicorn==22.0.0
COPY --from=web /app/dist /srv/static
