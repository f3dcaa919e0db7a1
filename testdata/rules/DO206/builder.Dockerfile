# expect: 4:5 DO206
FROM node:22-slim AS build
WORKDIR /app
RUN npm ci && npm run build
FROM nginx:1.27-alpine
COPY --from=build /app/dist /usr/share/nginx/html
