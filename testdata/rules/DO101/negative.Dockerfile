FROM python:3.12-slim
# the shell's || is needed: curl's exit codes above 1 mean something else to Docker
HEALTHCHECK --interval=30s CMD curl -f http://localhost:8000/ || exit 1
HEALTHCHECK CMD ["python", "/srv/app.py", "--check"]
HEALTHCHECK NONE
CMD ["python", "-m", "http.server", "8000"]
