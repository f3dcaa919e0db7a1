FROM node:20-slim AS build
USER root
RUN npm ci && npm run build

FROM node:20-slim AS base
USER 0:0
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
ARG APP_UID=10001
USER ${APP_UID}

FROM base AS final
COPY --from=build /app/dist /app
CMD ["node", "/app/server.js"]
