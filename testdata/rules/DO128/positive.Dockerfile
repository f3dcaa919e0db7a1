# expect: 6:7 DO128
# expect: 6:21 DO128
# expect: 7:7 DO128
# expect: 7:41 DO128
FROM alpine:3.20
LABEL Version=1.2.0 Description="cache warmer"
LABEL com.docker.compose.project=warmer org..example=x
