# A patch step for images whose user is not known here: sudo only when the script is not root.
ARG BASE_IMAGE=mcr.example.com/devcontainers/base:bookworm
FROM ${BASE_IMAGE}
ARG PATCH_SCRIPT="apt-get update && apt-get install -y --no-install-recommends git-lfs"
RUN if [ "$(id -u)" -ne 0 ]; then \
        sudo sh -c "${PATCH_SCRIPT}"; \
    else \
        sh -c "${PATCH_SCRIPT}"; \
    fi
RUN [ "$EUID" = 0 ] || sudo rm -rf /var/lib/apt/lists/*
