# triton and bitsandbytes have no CPU build: naming them is a choice
FROM python:3.11-slim
RUN pip install --no-cache-dir --index-url https://download.pytorch.org/whl/cpu torch==2.3.1
RUN pip install --no-cache-dir triton==2.3.1 bitsandbytes==0.43.1
