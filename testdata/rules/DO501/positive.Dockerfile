# expect: 5:5 DO501
# expect: 6:5 DO501
FROM python:3.11-slim
COPY requirements-ml.txt /tmp/
RUN pip install -r /tmp/requirements-ml.txt
RUN pip install xgboost==2.1.1
CMD ["python"]
