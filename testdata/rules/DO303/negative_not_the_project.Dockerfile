FROM python:3.12-slim
WORKDIR /srv
COPY . .
# a package from the base image and a repository cloned here are not the copied project
RUN pip install --no-cache-dir /opt/vendor/tool
RUN git clone -b v1.2.0 https://github.com/example/plugin.git plugin
RUN pip install --no-cache-dir ./plugin
CMD ["python", "-m", "app"]
