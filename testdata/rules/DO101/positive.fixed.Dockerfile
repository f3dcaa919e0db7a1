# expect: 6:1 DO101
# expect: 7:1 DO101
# expect: 8:1 DO101
FROM python:3.12-slim
COPY app.py /srv/app.py
HEALTHCHECK --interval=30s CMD ["python", "/srv/app.py", "--check"]
HEALTHCHECK CMD ["/srv/healthcheck"]
CMD ["python", "-m", "http.server", "8000"]
