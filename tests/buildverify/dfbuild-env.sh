#!/usr/bin/env bash
# Daemonless Dockerfile builds for dockeropt's build-verify suite: buildah (chroot isolation, private storage)
# on Debian (bookworm's buildah 1.28), as root, with two locally made base images:
#   docker.io/library/busybox:latest   (busybox-static and its applet links)
#   docker.io/library/debian:bookworm  (debootstrap --variant=minbase bookworm from the host's apt mirror)
# No registry and no Docker daemon are needed. Idempotent: a second run takes a few milliseconds.
#
#   . tests/buildverify/dfbuild-env.sh            # source it: sets up, exports the variables, defines `dfbuild`
#   bash tests/buildverify/dfbuild-env.sh --print-env   # run it: sets up, prints KEY=VALUE lines to use
#
# DFBUILD_DIR (default /var/tmp/dockeropt-buildverify) holds storage, logs and the optional trixie chroot.
# DFBUILD_DRIVER: overlay (about 5x faster, stores only diffs), vfs (a full copy per image; works everywhere,
# also where the storage dir is itself on overlayfs, as inside a container) or auto (default: overlay when a
# test mount of overlayfs works there, else vfs).
# Set-up steps are serialised with flock on "$DFBUILD_DIR.lock" (apt, debootstrap and storage are shared).
: "${DFBUILD_DIR:=/var/tmp/dockeropt-buildverify}"
: "${DFBUILD_DRIVER:=auto}"
if [ "$DFBUILD_DRIVER" = auto ]; then
  DFBUILD_DRIVER=vfs
  if [ "$(id -u)" = 0 ] && grep -qw overlay /proc/filesystems 2>/dev/null && mkdir -p "$DFBUILD_DIR" &&
     [ "$(stat -f -c %T "$DFBUILD_DIR")" != overlayfs ]; then
    _dfbuild_probe=$(mktemp -d "$DFBUILD_DIR/probe.XXXXXX")
    mkdir "$_dfbuild_probe/l" "$_dfbuild_probe/u" "$_dfbuild_probe/w" "$_dfbuild_probe/m"
    if unshare -m sh -c 'mount -t overlay overlay -o "lowerdir=$1/l,upperdir=$1/u,workdir=$1/w" "$1/m"' \
         sh "$_dfbuild_probe" 2>/dev/null; then
      DFBUILD_DRIVER=overlay
    fi
    rm -rf "$_dfbuild_probe"; unset _dfbuild_probe
  fi
fi
export DFBUILD_DIR DFBUILD_DRIVER BUILDAH_ISOLATION=chroot
export CONTAINERS_STORAGE_CONF="$DFBUILD_DIR/storage-$DFBUILD_DRIVER.conf"

# one build: dfbuild -f Dockerfile -t localhost/NAME CONTEXT
# --format docker keeps HEALTHCHECK/SHELL/ONBUILD; --timestamp 0 makes equal content give equal layers;
# --layers=false commits one layer per build, so rewrites with another step count still compare.
dfbuild() { buildah bud -q --pull=never --format docker --timestamp 0 --layers=false --identity-label=false "$@"; }

_dfbuild_setup() (
  set -euo pipefail
  export DEBIAN_FRONTEND=noninteractive
  [ "$(id -u)" = 0 ] || { echo "dfbuild-env: must run as root" >&2; exit 3; }
  command -v apt-get >/dev/null || { echo "dfbuild-env: needs Debian (apt-get)" >&2; exit 3; }
  mkdir -p "$DFBUILD_DIR"
  exec 9>"$DFBUILD_DIR.lock"
  flock 9
  if ! command -v buildah >/dev/null || ! command -v debootstrap >/dev/null || [ ! -x /bin/busybox ]; then
    apt-get update -q >"$DFBUILD_DIR/apt.log" 2>&1
    apt-get install -y -q --no-install-recommends buildah debootstrap busybox-static >>"$DFBUILD_DIR/apt.log" 2>&1
  fi
  printf '[storage]\ndriver = "%s"\ngraphroot = "%s"\nrunroot = "%s"\n' "$DFBUILD_DRIVER" \
    "$DFBUILD_DIR/storage-$DFBUILD_DRIVER" "$DFBUILD_DIR/run-$DFBUILD_DRIVER" > "$CONTAINERS_STORAGE_CONF"

  # copy a root filesystem directory into a new image, keeping owners, modes, xattrs and devices
  import_rootfs() {  # DIR IMAGE [buildah config args...]
    local dir=$1 img=$2 c m; shift 2
    c=$(buildah from scratch)
    m=$(buildah mount "$c")
    tar -C "$dir" --numeric-owner --xattrs -cf - . | tar -C "$m" --numeric-owner --xattrs -xpf -
    buildah umount "$c" >/dev/null
    buildah config "$@" "$c"
    buildah commit -q --rm "$c" "$img" >/dev/null
  }

  if ! buildah inspect --type image docker.io/library/busybox:latest >/dev/null 2>&1; then
    r=$(mktemp -d); mkdir -p "$r/bin" "$r/etc" "$r/root" "$r/tmp"; chmod 1777 "$r/tmp"
    cp /bin/busybox "$r/bin/busybox"
    for a in $("$r/bin/busybox" --list); do [ "$a" = busybox ] || ln -s busybox "$r/bin/$a"; done
    echo 'root:x:0:0:root:/root:/bin/sh' > "$r/etc/passwd"; echo 'root:x:0:' > "$r/etc/group"
    import_rootfs "$r" docker.io/library/busybox:latest --env PATH=/bin --cmd sh
    rm -rf "$r"
  fi

  if ! buildah inspect --type image docker.io/library/debian:bookworm >/dev/null 2>&1; then
    r="$DFBUILD_DIR/rootfs-bookworm"; rm -rf "$r"
    # the host apt's mirror (debootstrap's own default if none is found)
    mirror=$(awk '$1=="URIs:"{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
    debootstrap --variant=minbase bookworm "$r" ${mirror:+"$mirror"} > "$DFBUILD_DIR/debootstrap.log" 2>&1
    rm -rf "$r"/var/cache/apt/archives/*.deb "$r"/var/cache/apt/*.bin "$r"/var/lib/apt/lists/*
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then  # bookworm, -updates, -security, as the host
      cp /etc/apt/sources.list.d/debian.sources "$r/etc/apt/sources.list.d/"; rm -f "$r/etc/apt/sources.list"
    fi
    printf 'Acquire::Check-Valid-Until "false";\nAcquire::Check-Date "false";\n' \
      > "$r/etc/apt/apt.conf.d/99no-check-valid"
    # the egress TLS CA(s): `apt-get install ca-certificates` in a RUN then trusts them (pip, curl)
    mkdir -p "$r/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$r/usr/local/share/ca-certificates/" 2>/dev/null || true
    import_rootfs "$r" docker.io/library/debian:bookworm \
      --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --cmd bash
    rm -rf "$r"
  fi
)

_dfbuild_setup
# checked on its own line: bash ignores `set -e` inside a command whose status `||` or `if` tests
_dfbuild_rc=$?
if [ "$_dfbuild_rc" -ne 0 ]; then
  echo "dfbuild-env: set-up failed with status $_dfbuild_rc (logs in $DFBUILD_DIR)" >&2
  return "$_dfbuild_rc" 2>/dev/null || exit "$_dfbuild_rc"
fi
if [ "${1:-}" = --print-env ]; then
  printf 'DFBUILD_DIR=%s\nDFBUILD_DRIVER=%s\nCONTAINERS_STORAGE_CONF=%s\nBUILDAH_ISOLATION=%s\n' \
    "$DFBUILD_DIR" "$DFBUILD_DRIVER" "$CONTAINERS_STORAGE_CONF" "$BUILDAH_ISOLATION"
fi
