# the environment built here is copied into a CUDA image: it is meant for GPUs
FROM continuumio/miniconda3:24.1.2-0 AS compile-image
RUN python3 -m pip install --no-cache-dir torch==2.3.1
FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04
COPY --from=compile-image /opt/conda /opt/conda
