FROM node:20-alpine AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci \
# a comment inside the continuation

    --omit=dev \
  && npm cache clean --force
ENV NODE_ENV=production \
    PORT=3000 LEGACY="a b"
ENV OLD_STYLE value with spaces
LABEL org.opencontainers.image.title="web app" \
      "com.example.key with space"=yes version=1.0
from node:20-alpine as final
copy --from=deps /app/node_modules ./node_modules
COPY . .
ONBUILD RUN echo "building on top of the app image"
ONBUILD COPY --chown=node:node . /app
STOPSIGNAL SIGTERM
VOLUME ["/data", "/logs"]
VOLUME /cache /tmp/work
USER node
CMD ["node", "server.js"]
