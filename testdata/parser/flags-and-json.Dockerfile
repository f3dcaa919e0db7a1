FROM ubuntu:22.04
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /opt/
ADD --keep-git-dir=true https://github.com/example/repo.git#v1.0.0 /src/repo
ADD --unpack=true archive.tar.gz /opt/archive/
COPY --link --parents ./services/*/config.yaml /etc/services/
COPY --exclude=*.md --exclude=tests/ . /app/
RUN --network=none --security=insecure echo "offline"
CMD ["bash", "-c", "echo \"quoted\" && exit 0"]
CMD ['single', 'quotes']
ENTRYPOINT [ "tini" , "--" ]
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com | sh
HEALTHCHECK NONE
