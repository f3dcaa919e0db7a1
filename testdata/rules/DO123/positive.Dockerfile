# expect: 5:6 DO123
# expect: 8:5 DO123
FROM node:20 AS build
RUN npm ci && npm run build
COPY --from=build /app/dist /srv/dist
FROM nginx:1.27-alpine
COPY --from=build /app/dist /usr/share/nginx/html
RUN --mount=from=1,source=/etc/nginx,target=/mnt cp /mnt/nginx.conf /tmp/
