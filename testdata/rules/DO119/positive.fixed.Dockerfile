# expect: 5:8 DO119
# expect: 5:16 DO119
FROM nginx:1.27-alpine
COPY default.conf /etc/nginx/conf.d/default.conf
EXPOSE 80 443/tcp
