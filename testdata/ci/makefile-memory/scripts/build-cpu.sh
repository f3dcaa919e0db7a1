#!/bin/sh
set -eu
cd "$(dirname "$0")/.."
docker buildx build --memory=1g -f Dockerfile.cpu -t app:cpu .
