# expect: 3:5 DO204
FROM python:3.11-slim AS build
RUN pip install build==1.2.1 && python -m build --wheel --outdir /dist
FROM python:3.11-slim
COPY --from=build /dist /dist
