from busybox as runtime
label org.opencontainers.image.authors="ops@example.com"
env APP_HOME=/opt/app
workdir $APP_HOME
run printf '#!/bin/sh\necho serving\n' > serve.sh && chmod +x serve.sh
expose 8080/tcp
cmd ["httpd", "-f", "-p", "8080", "-h", "/opt/app"]
