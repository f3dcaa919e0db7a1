#!/bin/bash
set -euo pipefail
export MAX_JOBS=4
cd /opt/src
curl -fsSL -o flash.tar.gz "https://github.com/example/flash/archive/v${FLASH_VERSION}.tar.gz"
tar -xzf flash.tar.gz --strip-components=1
rm flash.tar.gz
if [ -n "${CUDA_ARCH:-}" ]; then
    export TORCH_CUDA_ARCH_LIST="${CUDA_ARCH}"
fi
python3 -m pip install --no-build-isolation . || { echo "build failed"; exit 1; }
(cd tests && python3 -m pytest -q) || true
make -j"$(nproc)" install
