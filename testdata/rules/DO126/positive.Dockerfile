# expect: 8:1 DO126
FROM node:20-alpine AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build
HEALTHCHECK CMD wget -q --spider http://localhost:3000/ || exit 1

FROM nginx:1.27-alpine
COPY --from=build /app/dist /usr/share/nginx/html
