FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1
COPY . /src
RUN dotnet publish /src -c Release -o /out

FROM build AS test
# inherited from the stage it is built on
RUN dotnet test /src

FROM node:22-slim AS web
RUN NEXT_TELEMETRY_DISABLED=1 npx next build

FROM python:3.12-slim AS tools
# a builder's libraries do not run in the image
RUN pip install --no-cache-dir transformers==4.44.2

FROM mcr.microsoft.com/dotnet/aspnet:8.0
COPY --from=build /out /app
CMD ["dotnet", "/app/app.dll"]
