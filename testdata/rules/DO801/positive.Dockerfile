# expect: 5:5 DO801
# expect: 7:25 DO801
# expect: 8:5 DO801
FROM node:20-alpine
ARG NPM_TOKEN
WORKDIR /app
ENV NODE_ENV=production DB_PASSWORD=changeme
ENV API_KEY="sk-test-123"
