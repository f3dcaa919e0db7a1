# expect: 5:5 DO201
# expect: 6:5 DO201
FROM debian:12-slim AS builder
# a builder's lists are not shipped: reported as information only
RUN apt-get update && apt-get install -y --no-install-recommends build-essential
RUN apt-get update && apt-get install -y --no-install-recommends libssl-dev
RUN make -C /src

FROM debian:12-slim
COPY --from=builder /src/app /usr/local/bin/app
