# expect: 7:5 DO801
# expect: 9:25 DO801
# expect: 10:5 DO801
# expect: 11:5 DO801
# expect: 12:5 DO801
FROM node:20-alpine
ARG NPM_TOKEN
WORKDIR /app
ENV NODE_ENV=production DB_PASSWORD=changeme
ENV API_KEY="sk-test-123"
ARG NPM_AUTH_TOKEN
ENV NPM_AUTH_TOKEN=$NPM_AUTH_TOKEN
