# expect: 5:1 DO112
# expect: 6:1 DO112
# expect: 8:1 DO112
FROM nginx:1.27-alpine
HEALTHCHECK CMD wget -q --spider http://localhost/ || exit 1
ENTRYPOINT ["/docker-entrypoint.sh"]
COPY nginx.conf /etc/nginx/nginx.conf
CMD ["nginx", "-g", "daemon off;"]
COPY start.sh /start.sh
ENTRYPOINT ["/start.sh"]
CMD ["--port", "8080"]
HEALTHCHECK --interval=30s CMD wget -q --spider http://localhost:8080/ || exit 1
