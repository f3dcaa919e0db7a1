# expect: 5:5 DO204
# expect: 7:5 DO204
FROM python:3.12-slim
# uv reads UV_NO_CACHE as a boolean: 0 and false keep the cache
RUN UV_NO_CACHE=0 uv pip install --system flask==3.0.3
# removing pip's cache does not remove uv's
RUN uv pip install --system gunicorn==22.0.0 && rm -rf /root/.cache/pip
