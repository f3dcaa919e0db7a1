# expect: 7:1 DO301
# expect: 8:1 DO301
FROM alpine:3.20
RUN <<EOF
echo "a heredoc"
EOF
RUN ["/bin/true"]
RUN echo done # a comment inside the command
