# expect: 6:5 DO204
# expect: 8:5 DO204
# packages pip builds from an sdist: DO501 has no wheel sizes for them, but pip still caches the
# sdist and the wheel it builds, in the layer
FROM nvidia/cuda:12.4.1-devel-ubuntu22.04
RUN pip3 install deepspeed==0.14.4 \
    && ds_report
RUN MAX_JOBS=4 pip3 install flash-attn==2.5.2 --no-build-isolation
