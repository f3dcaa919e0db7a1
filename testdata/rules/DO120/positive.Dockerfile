# expect: 6:8 DO120
# expect: 6:14 DO120
# expect: 6:19 DO120
# expect: 6:29 DO120
FROM node:20-alpine
EXPOSE 80800 http 9000-8000 53/icmp
