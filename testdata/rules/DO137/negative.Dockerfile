FROM debian:12-slim
RUN ssh-keyscan github.com >> /etc/ssh/ssh_known_hosts
CMD ["service", "nginx", "start"]
