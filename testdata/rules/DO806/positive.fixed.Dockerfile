# expect: 6:5 DO806
# expect: 11:15 DO806
# expect: 15:5 DO806
FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
COPY . /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1
RUN dotnet restore /src && dotnet publish /src -c Release -o /out

FROM node:22-slim AS web
WORKDIR /web
COPY web/ .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npm ci && npx next build

FROM python:3.12-slim
COPY --from=build /out /app
ENV HF_HUB_DISABLE_TELEMETRY=1
RUN pip install --no-cache-dir transformers==4.44.2
CMD ["python", "/app/serve.py"]
