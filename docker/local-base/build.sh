#!/usr/bin/env bash
# Builds stand-ins for the public base images docker-compose.yml and docker/Dockerfile name
# (node:20-bookworm-slim, postgres:16, redis:7) from Debian's packages alone, for machines that
# reach Debian's mirror but no image registry (CI's): a Debian rootfs made by debootstrap,
# imported, then Node.js 20, PostgreSQL and Redis from apt. Needs root, docker and debootstrap.
#
# The images are tagged by a hash of this folder and kept between runs, so a second run builds
# nothing; only the newest set is kept (older tags are removed here). Prints the three image names
# as shell assignments for `eval`:
#   SIMVAULT_NODE_IMAGE=… SIMVAULT_POSTGRES_IMAGE=… SIMVAULT_REDIS_IMAGE=…
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
suite="${SIMVAULT_BASE_SUITE:-trixie}"
mirror="${SIMVAULT_BASE_MIRROR:-http://deb.debian.org/debian}"
key="$( (echo "$suite"; cat "$here"/*) | sha256sum | cut -c1-12)"
repo=simvault-local
names=(node postgres redis)

have_all=true
for name in "${names[@]}"; do
  docker image inspect "$repo/$name:$key" >/dev/null 2>&1 || have_all=false
done

if ! $have_all; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  echo "base images: debootstrap $suite from $mirror" >&2
  debootstrap --variant=minbase "$suite" "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
  # What an image does not need: package lists (apt-get update fetches them), caches, docs.
  rm -rf "$work/rootfs"/var/lib/apt/lists/* "$work/rootfs"/var/cache/apt/* \
    "$work/rootfs"/usr/share/doc/* "$work/rootfs"/usr/share/man/* "$work/rootfs"/usr/share/locale/*
  # Keep them out of later installs too.
  printf 'path-exclude /usr/share/doc/*\npath-exclude /usr/share/man/*\npath-exclude /usr/share/locale/*\n' \
    > "$work/rootfs/etc/dpkg/dpkg.cfg.d/01-slim"
  tar -C "$work/rootfs" -c . | docker import - "$repo/debian:$key" >/dev/null
  rm -rf "$work/rootfs"
  for name in "${names[@]}"; do
    echo "base images: building $repo/$name:$key" >&2
    docker build -q -f "$here/$name.Dockerfile" --build-arg "BASE=$repo/debian:$key" \
      -t "$repo/$name:$key" "$here" >/dev/null
  done
  docker rmi "$repo/debian:$key" >/dev/null
fi

# Bounded cache: only this set stays.
for name in debian "${names[@]}"; do
  docker image ls --format '{{.Repository}}:{{.Tag}}' "$repo/$name" | grep -v ":$key\$" \
    | xargs -r docker rmi >/dev/null 2>&1 || true
done

echo "SIMVAULT_NODE_IMAGE=$repo/node:$key"
echo "SIMVAULT_POSTGRES_IMAGE=$repo/postgres:$key"
echo "SIMVAULT_REDIS_IMAGE=$repo/redis:$key"
