FROM nginx:1.27-alpine AS web
COPY site/ /usr/share/nginx/html/
HEALTHCHECK --interval=30s --timeout=3s CMD wget -q --spider http://localhost/ || exit 1

FROM web AS web-debug
RUN apk add --no-cache curl
