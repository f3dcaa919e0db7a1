# expect: 3:23 DO910
FROM opensuse/leap:15.6
RUN zypper install -y curl && zypper clean -a
