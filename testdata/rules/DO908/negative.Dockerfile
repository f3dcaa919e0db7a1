FROM ruby:3.3-slim
RUN gem install bundler -v 2.5.22
RUN gem install --local ./vendor/pups-1.4.0.gem
RUN gem install rails:7.1.3
