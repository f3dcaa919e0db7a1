FROM python:3.12-slim
ENV GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305
ENV TOKENIZERS_PARALLELISM=false HF_HUB_DISABLE_TELEMETRY=1
ARG PASSWORD_FILE=/run/secrets/db_password
ARG TOKEN_VERSION=2
ENV KEYCLOAK_URL=https://auth.example.com AUTHOR="platform team"
ENV PUBLIC_KEY_PATH=/etc/app/public.pem
RUN --mount=type=secret,id=pip_token,env=PIP_TOKEN pip install --no-cache-dir -r requirements.txt
ENV APP_TLS_PRIVATE_KEY=/run/secrets/tls.key \
    APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE=1
ENV OPENAI_API_KEY="" TS_DISABLE_TOKEN_AUTHORIZATION=true
ARG USERNAME=vscode
ENV TIKTOKEN_CACHE_DIR=/workspace/tiktoken_cache
