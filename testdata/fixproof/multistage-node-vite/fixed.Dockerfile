FROM debian:bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm nginx \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force
COPY index.html ./
COPY src ./src
RUN npm run build && cp -r dist/. /var/www/html/

FROM debian:bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /var/www/html /var/www/html
EXPOSE 80
CMD ["nginx", "-g", "daemon off;"]
