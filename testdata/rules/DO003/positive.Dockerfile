# expect: 6:21 DO003
# expect: 8:28 DO003
# expect: 10:32 DO003
FROM debian:12
# a typo: the letter O instead of a zero
# dockeropt: ignore=DO1O5 -- kept for an old tool
MAINTAINER team@example.com
# dockeropt: ignore=DO101, no-such-rule -- the second name is nothing
CMD echo hi
# dockeropt: ignore-file=DO201,DO99999 -- one known, one not
