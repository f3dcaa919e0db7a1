# expect: 7:5 DO133
# expect: 9:5 DO133
# sudo -u runs one step as the application's user (information); sudo to become root is a warning
FROM ruby:3.3-slim
RUN apt-get update && apt-get install -y --no-install-recommends sudo git && rm -rf /var/lib/apt/lists/* \
 && useradd -m app && install -d -o app -g app /srv/app
RUN sudo -u app git clone --depth 1 https://example.com/app.git /srv/app \
 && sudo -E -u app -H bundle config set --local path vendor/bundle
RUN sudo apt-get update
