# expect: 5:6 DO806
# an exec-form RUN runs the SDK without a shell: it sends the same data
FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
COPY app.csproj ./
RUN ["dotnet", "restore"]
