FROM alpine:3.20
ARG VCS_REF
LABEL org.opencontainers.image.version=1.2.0 \
      org.opencontainers.image.description="cache warmer" \
      org.opencontainers.image.revision=$VCS_REF \
      maintainer="platform team" \
      com.example.team-name=data \
      io.k8s.display-name=warmer \
      com.docker.desktop.extension.api.version=">= 0.3.0"
LABEL "com.example.quoted"="yes"
LABEL org.opencontainers.image.description="the world’s most popular container GUI"
