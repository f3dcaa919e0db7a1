# expect: 5:5 DO502
# expect: 6:5 DO502
FROM python:3.11-slim
# --index-url would hide PyPI from flask: reported, not rewritten
RUN pip install --no-cache-dir torch==2.3.1 flask==3.0.3
RUN uv pip install --system --no-cache torch==2.3.1
