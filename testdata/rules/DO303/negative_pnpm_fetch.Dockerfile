# pnpm's documented Docker pattern: `pnpm fetch` fills the store from the lock file alone, before
# the sources are copied; the install after the copy only links from the store.
FROM node:22-slim AS build
RUN corepack enable
WORKDIR /app
COPY pnpm-lock.yaml ./
RUN pnpm fetch
COPY . .
RUN pnpm install --offline --frozen-lockfile && pnpm run build

FROM node:22-slim AS build-prefer
RUN corepack enable
WORKDIR /app
COPY pnpm-lock.yaml ./
RUN pnpm fetch
COPY . .
RUN pnpm install -f --prefer-offline
