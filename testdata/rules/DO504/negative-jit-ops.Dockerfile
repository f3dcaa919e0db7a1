# DeepSpeed installs as Python and compiles its CUDA ops on first use unless DS_BUILD_OPS=1
FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime
RUN pip install --no-cache-dir deepspeed==0.14.4
