#!/usr/bin/env bash
# dfbuild-compare.sh ORIGINAL_DOCKERFILE REWRITTEN_DOCKERFILE CONTEXT [--allow GLOB|config:KEY]... [--ignore GLOB]...
# Builds both with buildah in the suite's environment (set up here if needed), compares the images' files
# (type, mode, owner, content, link target, xattrs; not mtimes) and config, prints the differences.
# Exit 0 same, 1 different, 2 no answer (a build failed, no builder). Run from anywhere, as root.
# DFBUILD_TRIXIE=1 builds with buildah 1.39 from Debian trixie (heredocs, RUN --network).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/dfbuild-env.sh" setup
if [ "${DFBUILD_TRIXIE:-0}" = 1 ]; then
  eval "$(bash "$here/dfbuild-trixie.sh" --print-env | grep '^DFBUILD_TRIXIE_BIN=')"
  PATH="$DFBUILD_TRIXIE_BIN:$PATH"
fi
exec env PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}" "${PYTHON:-python3}" -m dockeropt.verify.build \
  --builder buildah "$@"
