FROM python:3.12-slim
WORKDIR /srv
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# the project itself, its dependencies already installed above
RUN pip install --no-cache-dir --no-deps .
CMD ["python", "-m", "app"]
