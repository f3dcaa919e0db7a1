"""Names the synthetic corpus draws from: base images, packages, URLs, paths.

Plain data, chosen to look like what public Dockerfiles install; no file is copied from anywhere.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Observed in a corpus of 1,421 public Dockerfiles (138 repositories): line count at each quantile.
# The generator draws each file's target length from this curve (linear between points).
LINE_COUNT_QUANTILES: tuple[tuple[float, int], ...] = (
    (0.00, 2),
    (0.05, 6),
    (0.10, 10),
    (0.15, 15),
    (0.20, 20),
    (0.25, 25),
    (0.30, 29),
    (0.35, 34),
    (0.40, 41),
    (0.45, 46),
    (0.50, 51),
    (0.55, 60),
    (0.60, 72),
    (0.65, 85),
    (0.70, 94),
    (0.75, 104),
    (0.80, 119),
    (0.85, 140),
    (0.90, 158),
    (0.95, 226),
    (0.98, 282),
    (0.99, 332),
    (0.995, 401),
    (1.00, 1000),
)

DEBIAN_BASES = _words(
    """
    debian:bookworm-slim debian:bookworm debian:bullseye-slim debian:trixie-slim ubuntu:22.04
    ubuntu:24.04 ubuntu:20.04 buildpack-deps:bookworm-curl ubuntu debian:stable-slim
    """
)
ALPINE_BASES = _words(
    """
    alpine:3.20 alpine:3.19 alpine:3.18 alpine alpine:latest alpine:3.21
    """
)
UBI_BASES = _words(
    """
    registry.access.redhat.com/ubi9/ubi-minimal:9.4 registry.access.redhat.com/ubi9/ubi:9.4
    registry.access.redhat.com/ubi8/ubi:8.10 quay.io/centos/centos:stream9 rockylinux:9 almalinux:9
    fedora:40 amazonlinux:2023
    """
)
PYTHON_BASES = _words(
    """
    python:3.12-slim python:3.11-slim-bookworm python:3.12 python:3.10-alpine python:3.13-slim
    python:3.9 python:3.11 python:3
    """
)
NODE_BASES = _words(
    """
    node:20-alpine node:22-bookworm-slim node:18 node:lts-alpine node:20 node:22-alpine
    """
)
GO_BUILDERS = _words(
    """
    golang:1.22-bookworm golang:1.23-alpine golang:1.21 golang:1.22 golang:alpine
    """
)
GO_RUNTIMES = _words(
    """
    gcr.io/distroless/static-debian12 gcr.io/distroless/static-debian12:nonroot scratch alpine:3.20
    debian:bookworm-slim gcr.io/distroless/base-debian12
    """
)
JAVA_BUILDERS = _words(
    """
    maven:3.9-eclipse-temurin-21 gradle:8.8-jdk21 maven:3.9.8-eclipse-temurin-17
    """
)
JAVA_RUNTIMES = _words(
    """
    eclipse-temurin:21-jre eclipse-temurin:17-jre-alpine amazoncorretto:21 openjdk:17-slim
    """
)
ML_BASES = _words(
    """
    nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04 nvidia/cuda:12.1.1-runtime-ubuntu22.04
    nvidia/cuda:11.8.0-cudnn8-devel-ubuntu20.04 pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime
    pytorch/pytorch:latest tensorflow/tensorflow:2.16.1-gpu tensorflow/tensorflow:latest-gpu-jupyter
    nvcr.io/nvidia/pytorch:24.05-py3 continuumio/miniconda3:24.4.0-0 mambaorg/micromamba:1.5.8
    python:3.11-slim rocm/pytorch:latest
    """
)
WEB_RUNTIMES = _words(
    """
    nginx:1.27-alpine nginx:stable caddy:2-alpine httpd:2.4
    """
)
PHP_BASES = _words(
    """
    php:8.3-fpm-alpine php:8.2-apache php:8.3-cli composer:2
    """
)
RUBY_BASES = _words(
    """
    ruby:3.3-slim ruby:3.2-alpine ruby:3.3
    """
)
WINDOWS_BASES = _words(
    """
    mcr.microsoft.com/windows/servercore:ltsc2022 mcr.microsoft.com/windows/nanoserver:ltsc2022
    mcr.microsoft.com/dotnet/framework/sdk:4.8 mcr.microsoft.com/powershell:lts-nanoserver-ltsc2022
    """
)

APT_PACKAGES = _words(
    """
    ca-certificates curl wget git gnupg dirmngr build-essential gcc g++ make cmake pkg-config libssl-dev
    libffi-dev zlib1g-dev libbz2-dev libreadline-dev libsqlite3-dev libncursesw5-dev xz-utils tk-dev
    libxml2-dev libxmlsec1-dev liblzma-dev libpq-dev default-libmysqlclient-dev libjpeg-dev libpng-dev
    libwebp-dev libgl1 libglib2.0-0 libsm6 libxext6 ffmpeg tzdata locales unzip zip jq vim less procps
    netcat-openbsd iputils-ping openssh-client rsync sudo tini gosu dumb-init python3 python3-pip
    python3-venv python3-dev nodejs npm libcurl4-openssl-dev libedit-dev libyaml-dev libgdbm-dev
    autoconf automake libtool bison flex patch file dpkg-dev libsndfile1 espeak-ng tesseract-ocr
    poppler-utils fonts-liberation libnss3 libatk1.0-0 libgbm1 libasound2 htop strace gettext-base
    """
)
APK_PACKAGES = _words(
    """
    ca-certificates curl wget git bash tzdata openssl openssl-dev build-base gcc g++ musl-dev make cmake
    linux-headers libffi-dev zlib-dev pcre2-dev libxml2-dev postgresql-dev mariadb-dev jpeg-dev
    libpng-dev freetype-dev python3 py3-pip nodejs npm su-exec tini shadow jq gettext unzip xz tar
    coreutils gnupg dpkg dpkg-dev autoconf automake libtool bison perl icu-libs
    """
)
DNF_PACKAGES = _words(
    """
    shadow-utils tar gzip findutils which procps-ng curl-minimal git gcc gcc-c++ make openssl-devel
    zlib-devel python3.11 python3.11-pip glibc-langpack-en nodejs java-21-openjdk-headless libpq unzip
    hostname util-linux sudo jq
    """
)
PIP_PACKAGES = _words(
    """
    flask gunicorn uvicorn[standard] fastapi django psycopg2-binary psycopg[binary] sqlalchemy alembic
    celery redis requests httpx pydantic boto3 pandas numpy scipy pyyaml jinja2 click rich pytest black
    ruff mypy setuptools wheel pip poetry uv supervisor pillow lxml cryptography orjson
    prometheus-client sentry-sdk python-dotenv gevent whitenoise dj-database-url jupyterlab matplotlib
    """
)
ML_PIP_PACKAGES = _words(
    """
    torch torchvision torchaudio tensorflow tensorflow[and-cuda] jax[cuda12] transformers accelerate
    datasets tokenizers sentencepiece safetensors bitsandbytes xformers flash-attn deepspeed peft trl
    vllm onnx onnxruntime-gpu opencv-python-headless scikit-learn xgboost lightgbm timm diffusers
    sentence-transformers faiss-cpu triton einops wandb mlflow ray[default] huggingface_hub
    openai-whisper nltk spacy librosa soundfile evaluate optimum tensorboard keras lightning
    """
)
TORCH_INDEXES = _words(
    """
    https://download.pytorch.org/whl/cpu https://download.pytorch.org/whl/cu121
    https://download.pytorch.org/whl/cu124 https://download.pytorch.org/whl/cu118
    """
)
NPM_GLOBALS = _words(
    """
    pnpm yarn typescript pm2 npm@10 corepack serve nodemon
    """
)
CONFIGURE_FLAGS = _words(
    """
    --enable-shared --disable-static --with-openssl --with-pcre --enable-optimizations --with-lto
    --with-system-expat --without-ensurepip --enable-loadable-sqlite-extensions --with-zlib
    --with-http_ssl_module --with-http_v2_module --with-threads --with-file-aio
    --with-http_realip_module --with-http_gzip_static_module --with-stream --with-pcre-jit
    --enable-sockets --enable-mbstring --with-curl --with-libedit --enable-ftp --with-pic
    """
)
PROJECTS = _words(
    """
    redis nginx haproxy memcached postgres sqlite libevent jemalloc openresty node ruby python php
    erlang elixir varnish tini su-exec gosu curl
    """
)
APP_NAMES = _words(
    """
    api web worker server backend frontend gateway app scheduler notifier ingest indexer auth billing
    search dashboard proxy exporter cron trainer
    """
)
USERS = _words(
    """
    app appuser node nonroot www-data runner 1000 1001:1001 nobody svc
    """
)
PORTS = _words(
    """
    80 443 3000 5000 8000 8080 8443 9000 9090 5432 6379 8888
    """
)
COMMENT_LINES = (
    "Install system dependencies",
    "Build the application",
    "Copy only the dependency manifests first so the install step stays cached",
    "Create a non-root user to run the service",
    "Clean up to keep the image small",
    "Runtime image",
    "Set up the virtual environment",
    "Configure locale",
    "Expose the service port",
    "Healthcheck for the orchestrator",
    "Download and verify the release tarball",
    "TODO: pin this version",
    "Keep this in sync with the CI configuration",
    "See https://docs.docker.com/build/building/best-practices/",
    "NOTE: the order of these steps matters for layer caching",
    "Work around an upstream packaging bug",
    "Build arguments with sensible defaults",
    "Compile translations",
    "Pre-download model weights at build time",
    "Install CUDA-enabled wheels",
    "Entry point",
    "hadolint ignore=DL3008",
    "Development stage",
    "Production stage",
    "Test stage",
)
