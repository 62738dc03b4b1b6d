#!/bin/sh
# The official image builds Redis with protected mode off (the container network is the boundary)
# and drops to the redis user; Debian's build keeps protected mode on, so it is turned off here.
set -e
if [ "$1" = redis-server ]; then
  shift
  chown -R redis:redis /data
  exec setpriv --reuid=redis --regid=redis --init-groups redis-server "$@" --protected-mode no
fi
exec "$@"
