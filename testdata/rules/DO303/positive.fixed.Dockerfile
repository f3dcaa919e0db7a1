# expect: 6:1 DO303
# expect: 13:1 DO303
FROM node:22-slim AS web
WORKDIR /app
# the sources come first: every edit reinstalls node_modules
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM python:3.12-slim
WORKDIR /srv
ENV PYTHONDONTWRITEBYTECODE=1
COPY requirements.txt /srv/
RUN pip install --no-cache-dir -r requirements.txt
COPY . /srv
COPY --from=web /app/dist /srv/static
CMD ["python", "-m", "app"]
