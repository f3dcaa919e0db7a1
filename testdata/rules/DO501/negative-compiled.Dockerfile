# flash-attn built from source leaves no wheels in pip's cache: DO504 speaks of the compile
FROM nvidia/cuda:12.4.1-devel-ubuntu22.04
RUN MAX_JOBS=4 pip3 install flash-attn==2.5.2 --no-build-isolation
