# expect: 6:5 DO135
# expect: 7:5 DO135
# expect: 8:5 DO135
# expect: 9:5 DO135
FROM fedora:40
RUN dnf install python3-pip && dnf clean all
RUN apt-get install --no-install-recommends curl
RUN zypper install curl
RUN pip uninstall setuptools
