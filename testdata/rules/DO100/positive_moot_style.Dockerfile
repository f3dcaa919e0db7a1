# expect: 13:10 SC1007
# expect: 14:61 SC2164
# expect: 15:12 SC2115
# expect: 18:12 SC2155
# expect: 19:12 SC2046
# expect: 20:17 SC2046
# expect: 21:16 SC2043
# Reported, as hadolint does, but at style level with the reason: they cannot fail a gate.
# ShellCheck comments whose concern cannot arise in these RUNs: two empty assignments (no command
# runs with them), a `cd` whose failure is the RUN's own status, a folder set by the stage's ENV.
FROM example.com/platform/base:2024.1
ENV TOOL_HOME=/opt/tool
RUN ARCH= LIBC= && case "$(uname -m)" in x86_64) ARCH=x64 LIBC=glibc ;; esac && echo "$ARCH $LIBC"
RUN mkdir -p /srv/app && cp -r /opt/skeleton/. /srv/app/ && cd /srv/app
RUN rm -rf ${TOOL_HOME}/bin/* && cp /tmp/tool "$TOOL_HOME/bin/"
# mktemp's status (masked by export) cannot matter; nproc prints one word; an optional argument
# left unquoted so that it vanishes; a key list that has one key today
RUN export GNUPGHOME="$(mktemp -d)" \
 && make -j$(nproc) \
 && ./configure $(test "$(uname -m)" != 'riscv64' && echo '--with-lto') \
 && for key in 6A010C5166006599AA17F08146C2130DFD2497F5; do gpg --batch --recv-keys "$key"; done
