# expect: 4:5 DO207
FROM continuumio/miniconda3:24.7.1-0
COPY environment.yml .
RUN conda env create -f environment.yml && conda clean --all --yes
