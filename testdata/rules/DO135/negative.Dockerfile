FROM fedora:40
RUN dnf -y install python3-pip && dnf clean all
RUN apt-get -qq install curl
RUN apt-get install --assume-yes curl
RUN apt-get install -s curl
RUN zypper -n install curl
RUN microdnf install nginx
RUN conda install numpy
RUN apk add curl
RUN pip install flask
