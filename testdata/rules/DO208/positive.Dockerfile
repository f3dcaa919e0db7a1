# expect: 10:12 DO208
# expect: 10:42 DO208
# expect: 11:12 DO208
# expect: 11:23 DO208
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates
RUN curl -fsSL -o /tmp/node.tar.xz https://nodejs.org/dist/v20.15.0/node-v20.15.0-linux-x64.tar.xz
COPY . /app
RUN tar -xJf /tmp/node.tar.xz -C /usr/local --strip-components=1
RUN rm -rf /var/lib/apt/lists/* && rm -f /tmp/node.tar.xz
RUN rm -rf /app/tests /app/docs
