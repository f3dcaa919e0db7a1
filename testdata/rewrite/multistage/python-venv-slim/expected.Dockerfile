FROM python:3.12.4-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONUNBUFFERED=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential libpq-dev libpq5 \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --no-create-home scorer
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
WORKDIR /srv/scorer
COPY requirements.txt requirements-base.txt ./
RUN pip install --upgrade pip==24.2 \
    && pip install --no-cache-dir -r requirements.txt

FROM python:3.12.4-slim-bookworm
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONUNBUFFERED=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --no-create-home scorer
ENV PATH="/opt/venv/bin:$PATH"
WORKDIR /srv/scorer
COPY requirements.txt requirements-base.txt ./
COPY --from=build /opt/venv /opt/venv
COPY service/ ./service/
USER scorer
EXPOSE 8080
CMD ["gunicorn", "--workers", "2", "--bind", "0.0.0.0:8080", "service.app:app"]
