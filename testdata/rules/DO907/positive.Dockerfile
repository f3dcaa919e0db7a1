# expect: 4:20 DO907
# expect: 5:32 DO907
FROM node:22-slim
RUN npm install -g typescript
RUN npm install -g pnpm@9.12.0 npm@latest
