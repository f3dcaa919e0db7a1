# expect: 4:1 DO101
# a HEALTHCHECK in a file without CMD or ENTRYPOINT (the base image's run the container)
FROM kong:3.9
HEALTHCHECK --interval=60s --timeout=10s --retries=10 CMD kong-health
