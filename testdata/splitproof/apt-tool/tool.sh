#!/bin/sh
jq -n --arg v "$(cat /opt/tool/VERSION)" '{version: $v}'
