#!/usr/bin/env bash
# Optional builder for Dockerfile syntax that bookworm's buildah 1.28 rejects (heredocs `RUN <<EOT` and
# `COPY <<EOT`, `RUN --network=`): buildah 1.39 from Debian trixie, installed into a debootstrapped trixie
# chroot (its binary needs glibc 2.38), fed with the host's two local base images.
#
#   bash tests/buildverify/dfbuild-trixie.sh --print-env   # set up (about 40 s, 700-800 MB), print
#                                                          # DFBUILD_TRIXIE_BIN=DIR
#   PATH="$DIR:$PATH" python -m dockeropt.verify.build --builder buildah A B CONTEXT
#
# DIR holds a `buildah` shim: each call runs the chroot's buildah in a private mount namespace where every
# absolute path in its arguments (files, folders, `docker-archive:PATH:TAG`) and $TMPDIR are bound at the
# same path, so callers use host paths as they are. Needs `dfbuild-env.sh` (sourced here) and root.
# `COPY --link` and `COPY --parents` fail with buildah 1.39 too.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/dfbuild-env.sh" setup || { return 1 2>/dev/null || exit 1; }
export DFBUILD_TRIXIE_ROOT="$DFBUILD_DIR/trixie-tools" DFBUILD_TRIXIE_BIN="$DFBUILD_DIR/trixie-bin"

_dfbuild_trixie_setup() (
  set -euo pipefail
  T=$DFBUILD_TRIXIE_ROOT
  exec 9>"$DFBUILD_DIR.lock"
  flock 9
  if [ ! -x "$T/usr/bin/buildah" ]; then
    rm -rf "$T"
    mirror=$(awk '$1=="URIs:"{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
    debootstrap --variant=minbase trixie "$T" ${mirror:+"$mirror"} > "$DFBUILD_DIR/debootstrap-trixie.log" 2>&1
    printf 'Acquire::Check-Valid-Until "false";\nAcquire::Check-Date "false";\n' \
      > "$T/etc/apt/apt.conf.d/99no-check-valid"
    unshare -m sh -c 'T=$1; mount -t proc proc "$T/proc" && mount --rbind /dev "$T/dev" &&
      mount --rbind /sys "$T/sys" && chroot "$T" sh -c "apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends buildah netavark"' \
      sh "$T" > "$DFBUILD_DIR/trixie-apt.log" 2>&1
    printf '[storage]\ndriver = "%s"\ngraphroot = "/var/lib/containers/storage"\nrunroot = "/run/containers/storage"\n' \
      "$DFBUILD_DRIVER" > "$T/etc/containers/storage.conf"
    # buildah 1.39 raises RLIMIT_NOFILE/NPROC to 1048576 for RUN, which fails without CAP_SYS_RESOURCE
    mkdir -p "$T/etc/containers/containers.conf.d"
    printf '[containers]\ndefault_ulimits = ["nofile=%s:%s", "nproc=%s:%s"]\n' "$(ulimit -Hn)" "$(ulimit -Hn)" \
      "$(ulimit -Hu)" "$(ulimit -Hu)" > "$T/etc/containers/containers.conf.d/50-ulimits.conf"
  fi

  mkdir -p "$DFBUILD_TRIXIE_BIN"
  cat > "$DFBUILD_TRIXIE_BIN/buildah.new" <<'SHIM'
#!/bin/sh
# buildah from the trixie chroot, with the host paths in the arguments bound at the same place
T=__ROOT__
binds="${TMPDIR:-/tmp}"
for a in "$@"; do
  p=${a#docker-archive:}; p=${p#oci-archive:}; p=${p#oci:}; p=${p%%:*}
  case $p in /*) ;; *) continue ;; esac
  if [ -d "$p" ]; then binds="$binds
$p"; elif [ -d "$(dirname "$p")" ]; then binds="$binds
$(dirname "$p")"; fi
done
exec unshare -m sh -c '
  T=$1; binds=$2; shift 2
  mount --bind "$T" "$T" && mount -t proc proc "$T/proc" && mount --rbind /dev "$T/dev" &&
    mount --rbind /sys "$T/sys" || exit 125
  printf "%s\n" "$binds" | sort -u | while IFS= read -r d; do
    [ -n "$d" ] && [ "$d" != / ] || continue
    mkdir -p "$T$d" && mount --bind "$d" "$T$d" || exit 125
  done || exit 125
  exec chroot "$T" env -u CONTAINERS_STORAGE_CONF BUILDAH_ISOLATION=chroot buildah "$@"' sh "$T" "$binds" "$@"
SHIM
  sed -i "s|__ROOT__|'$T'|" "$DFBUILD_TRIXIE_BIN/buildah.new"
  chmod 755 "$DFBUILD_TRIXIE_BIN/buildah.new"
  mv "$DFBUILD_TRIXIE_BIN/buildah.new" "$DFBUILD_TRIXIE_BIN/buildah"

  # hand the host's base images over: host buildah -> oci-archive -> chroot buildah (same names)
  tmp=$(mktemp -d)
  for img in docker.io/library/busybox:latest docker.io/library/debian:bookworm; do
    "$DFBUILD_TRIXIE_BIN/buildah" inspect --type image "$img" >/dev/null 2>&1 && continue
    buildah push -q "$img" "oci-archive:$tmp/base.tar" >/dev/null
    id=$("$DFBUILD_TRIXIE_BIN/buildah" pull -q "oci-archive:$tmp/base.tar")
    "$DFBUILD_TRIXIE_BIN/buildah" tag "$id" "$img"
    rm -f "$tmp/base.tar"
  done
  rm -rf "$tmp"
)

_dfbuild_trixie_setup
_dfbuild_trixie_rc=$?  # checked on its own line: bash ignores `set -e` inside a tested command
if [ "$_dfbuild_trixie_rc" -ne 0 ]; then
  echo "dfbuild-trixie: set-up failed with status $_dfbuild_trixie_rc (logs in $DFBUILD_DIR)" >&2
  return "$_dfbuild_trixie_rc" 2>/dev/null || exit "$_dfbuild_trixie_rc"
fi
if [ "${1:-}" = --print-env ]; then
  printf 'DFBUILD_TRIXIE_BIN=%s\n' "$DFBUILD_TRIXIE_BIN"
fi
