# expect: 9:1 DO802
FROM node:20-slim AS base
WORKDIR /app
USER node
COPY --chown=node:node . .

FROM base AS final
# install curl for the healthcheck, and forget to switch back
USER root
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
CMD ["node", "server.js"]
