FROM python:3.12-slim
# pip turns its cache off for any value of PIP_NO_CACHE_DIR, 0 and false included
ENV PIP_NO_CACHE_DIR=0
RUN pip install flask==3.0.3
RUN UV_NO_CACHE=1 uv pip install --system gunicorn==22.0.0
RUN uv pip install --system -n uvicorn==0.30.6
RUN pip install requests==2.32.3 && pip cache purge
