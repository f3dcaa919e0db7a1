FROM debian:12
# dockeropt: ignore=maintainer-deprecated,DL4000 -- names and aliases are known
MAINTAINER team@example.com
# hadolint ignore=DL3059,SC2086 # other tools' codes are not judged
RUN echo $HOME
# check=skip=SomeFutureBuildkitCheck
CMD ["sh"]
# dockeropt: ignore=SC2086 -- a ShellCheck code that DO100 reports
RUN echo $HOME
# dockeropt: this image is checked in CI (prose, not a directive)
RUN echo $HOME
# dockeropt: shell=bash -- the shell pragma is no suppression, and no mistake
RUN echo hi
