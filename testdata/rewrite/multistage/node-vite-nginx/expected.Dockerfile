FROM node:20-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
COPY deploy/site.conf /etc/nginx/conf.d/default.conf
RUN npm run build -- --outDir public-build && cp -r public-build/. /srv/www/

FROM nginx:stable-alpine
WORKDIR /app
COPY deploy/site.conf /etc/nginx/conf.d/default.conf
COPY --from=build /srv/www /srv/www
EXPOSE 80
CMD ["nginx", "-g", "daemon off;"]
