FROM python:3.12-slim
RUN pip install --no-cache-dir lightgbm==4.5.0
RUN make -j2 -C /src/native
ENV MAX_JOBS=2
RUN pip install --no-cache-dir --no-build-isolation flash-attn==2.6.3
