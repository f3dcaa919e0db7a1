# expect: 4:5 DO504
# expect: 5:5 DO504
FROM python:3.12-alpine
RUN pip install --no-cache-dir lightgbm==4.5.0
RUN make -j -C /src/native
