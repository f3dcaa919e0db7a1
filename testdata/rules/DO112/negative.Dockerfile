FROM node:20-alpine AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build
CMD ["npm", "test"]

FROM nginx:1.27-alpine
COPY --from=build /app/dist /usr/share/nginx/html
ONBUILD CMD ["echo", "a trigger does not count"]
HEALTHCHECK CMD wget -q --spider http://localhost/ || exit 1
CMD ["nginx", "-g", "daemon off;"]
