# expect: 4:5 DO502
FROM python:3.11-slim
WORKDIR /srv
RUN pip install --no-cache-dir torch==2.3.1 torchvision==0.18.1
CMD ["python", "-m", "serve"]
