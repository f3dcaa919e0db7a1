# expect: 3:17 DO908
FROM ruby:3.3-slim
RUN gem install bundler rake:13.2.1
