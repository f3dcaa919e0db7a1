FROM nginx:1.27-alpine
ARG HTTPS_PORT=443
COPY default.conf /etc/nginx/conf.d/default.conf
EXPOSE 80 ${HTTPS_PORT}/tcp 8000-8010
