FROM debian:bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json ./
RUN npm install --no-audit --no-fund && npm cache clean --force
COPY index.js ./
CMD ["node", "index.js"]
