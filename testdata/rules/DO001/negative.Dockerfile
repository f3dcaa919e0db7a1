# hadolint 2.15.1 cannot parse this file (DL1000); BuildKit builds it
FROM python:3.12-slim
RUN <<EOF
pip install --no-cache-dir flask==3.0.3
EOF
# a comment right after the heredoc
ARG PORT=8080
EXPOSE ${CONTAINER_PORT:-8080} ${PORT}
CMD ["python", "-m", "flask", "run"]
