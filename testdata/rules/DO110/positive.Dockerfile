# expect: 4:9 DO110
# expect: 11:9 DO110
FROM node:20-alpine
WORKDIR app
COPY package.json package-lock.json ./
RUN npm ci
WORKDIR src
COPY . .

FROM python:3.12-slim AS docs
WORKDIR docs/build
COPY docs/ .
