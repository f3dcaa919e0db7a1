# expect: 6:1 DO303
# Without `pnpm fetch` first, a source change re-runs the install (prefer-offline only saves
# what the store already has, and the store is empty in a fresh layer).
FROM node:22-slim
WORKDIR /app
COPY . .
RUN corepack enable && pnpm install --prefer-offline --frozen-lockfile
