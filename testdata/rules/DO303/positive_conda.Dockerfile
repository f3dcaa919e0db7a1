# expect: 4:1 DO303
FROM continuumio/miniconda3:24.7.1-0
WORKDIR /app
COPY . .
RUN conda env create -f environment.yml && conda clean --all --yes
CMD ["conda", "run", "-n", "app", "python", "-m", "app"]
