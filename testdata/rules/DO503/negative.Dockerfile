ARG BASE_IMAGE=registry.example.com/ml-base:3f2a9c1e7b42
FROM python:3.11-slim AS train
RUN pip install --no-cache-dir --index-url https://download.pytorch.org/whl/cpu torch==2.3.1
COPY . /train
RUN python /train/export.py --out /model.onnx

FROM ${BASE_IMAGE}
COPY --from=train /model.onnx /srv/model.onnx
COPY serve.py /srv/
CMD ["python", "/srv/serve.py"]
