FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
COPY package.json package-lock.json .
COPY package.json package-lock.json /app
COPY tsconfig.json src /app/src/
COPY target/*.jar /app.jar
COPY <<EOF /app/VERSION
1.4.2
EOF
