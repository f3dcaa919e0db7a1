# expect: 4:5 DO504
# with DS_BUILD_OPS=1 the ops are compiled at install time, unbounded
FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-devel
RUN DS_BUILD_OPS=1 pip install --no-cache-dir deepspeed==0.14.4
