# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
RUN New-Item -ItemType Directory -Path C:\app ; `
    Set-Location C:\app
COPY app.ps1 C:\app\
WORKDIR C:\app
CMD ["powershell", "-File", "C:\\app\\app.ps1"]
