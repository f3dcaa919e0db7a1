#!/bin/sh
exec cat /srv/app/conf/app.toml
