# expect: 9:21 DO003
# expect: 11:28 DO003
# expect: 13:32 DO003
# expect: 14:21 DO003
# expect: 16:1 DO003
# expect: 18:1 DO003
FROM debian:12
# a typo: the letter O instead of a zero
# dockeropt: ignore=DO1O5 -- kept for an old tool
MAINTAINER team@example.com
# dockeropt: ignore=DO101, no-such-rule -- the second name is nothing
CMD echo hi
# dockeropt: ignore-file=DO201,DO99999 -- one known, one not
# dockeropt: ignore=SC9086 -- ShellCheck has no code above SC3999
RUN echo $HOME
# dockeropt: ignroe=DO201 -- a typo in the directive
RUN echo hi
# dockeropt: ignore DO201
RUN echo hi
