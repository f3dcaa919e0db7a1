FROM python:3.12-slim
COPY . /src
RUN pip install --no-cache-dir -r /src/requirements.txt
RUN pip install --no-cache-dir -c /src/constraints.txt flask
RUN pip install --no-cache-dir "flask>=3,<4" "git+https://github.com/pallets/click@8.1.7" ./dist/app-1.0-py3-none-any.whl
RUN pip install --no-cache-dir -e /src
RUN cd /src && pip install --no-cache-dir .
RUN uv sync --frozen
