FROM node:22-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
RUN npm install
RUN npm install -g @angular/cli@18.2.8 ./vendor/tool.tgz git+https://github.com/x/y.git#v1.0.0
