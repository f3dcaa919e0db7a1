# expect: 5:6 DO901
# expect: 8:6 DO901
# expect: 11:6 DO901
ARG RUNTIME_IMAGE=python
FROM ubuntu AS tools
RUN apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*

FROM registry.example.com:5000/team/builder AS build
RUN make

FROM ${RUNTIME_IMAGE}
COPY --from=build /out /app
