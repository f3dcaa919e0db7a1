# conda picks the build itself: cpuonly (or no __cuda on the build machine) gives the CPU build;
# DO502 is about PyPI's wheels and must not touch conda commands
FROM continuumio/miniconda3:24.1.2-0
RUN conda install -y -c pytorch cpuonly "pytorch=2.2.*" torchvision \
    && conda clean -afy
RUN mamba install -y -c conda-forge pytorch torchvision && mamba clean -afy
