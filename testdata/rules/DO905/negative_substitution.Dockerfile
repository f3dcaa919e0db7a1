# The run-time libraries are found by scanelf in the built tree: the variable holds a command's
# output (so: names), not words to pin, and apk resolves them to the versions the build linked.
FROM alpine:3.20
COPY --from=example.com/build/app:1.4 /usr/local /usr/local
RUN runDeps="$( \
		scanelf --needed --nobanner --format '%n#p' --recursive /usr/local \
			| tr ',' '\n' \
			| sort -u \
			| awk 'system("[ -e /usr/local/lib/" $1 " ]") == 0 { next } { print "so:" $1 }' \
	)" \
	&& apk add --no-cache --virtual .app-rundeps $runDeps
