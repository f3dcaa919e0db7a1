FROM debian:12-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN ln -s /usr/bin/python3 /usr/local/bin/python
