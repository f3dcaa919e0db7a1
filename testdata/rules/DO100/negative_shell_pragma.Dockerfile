# A Windows image whose base sets PowerShell as its shell: the pragma tells linters so,
# and its RUN lines are not shell scripts for ShellCheck.
FROM mcr.microsoft.com/dotnet/sdk:8.0
# hadolint shell=powershell
ARG TOOL_VERSION=1.4.2
RUN $ErrorActionPreference = 'Stop'; \
    Invoke-WebRequest -Uri "https://example.com/tool/$env:TOOL_VERSION/tool.zip" -OutFile tool.zip; \
    Expand-Archive tool.zip -DestinationPath C:\tool; \
    Remove-Item tool.zip
RUN if ($env:TOOL_VERSION -eq '') { exit 1 }
