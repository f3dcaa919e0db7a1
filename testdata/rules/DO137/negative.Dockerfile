FROM debian:12-slim
RUN ssh-keyscan github.com >> /etc/ssh/ssh_known_hosts
CMD ["service", "nginx", "start"]
# commands that work on what the same RUN runs
RUN xvfb-run-helper & \
    pid=$!; \
    sleep 5; \
    kill "$pid" || true
RUN service postgresql start \
    && su postgres -c "psql -c 'CREATE DATABASE app'" \
    && service postgresql stop
