# expect: 5:8 DO119
# expect: 5:16 DO119
FROM nginx:1.27-alpine
COPY default.conf /etc/nginx/conf.d/default.conf
EXPOSE 8080:80 127.0.0.1:8443:443/tcp
