FROM python:3.12-slim
WORKDIR /srv
RUN pip install --no-cache-dir poetry==1.8.3
COPY pyproject.toml poetry.lock ./
RUN poetry install --no-root --only main
COPY . .
RUN poetry install --only-root
CMD ["poetry", "run", "app"]
