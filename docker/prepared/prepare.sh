#!/usr/bin/env bash
# For `docker build --build-arg SIMVAULT_DEPS=prepared` (see docker/Dockerfile) where the build
# cannot reach the npm registry: installs the dependencies here, from the lockfile and pnpm's
# store, into two tarballs beside this script: node_modules.tar (everything, to build with) and
# node_modules.prod.tar (what the image keeps). Run from anywhere, after `pnpm install` on this
# machine (the store it filled is used offline first). `prepare.sh --clean` removes them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ "${1:-}" = --clean ]; then rm -f "$here"/node_modules.tar "$here"/node_modules.prod.tar; exit 0; fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
manifests=(package.json pnpm-lock.yaml pnpm-workspace.yaml $(git ls-files '*package.json' | grep -v '^package.json$'))
for kind in full prod; do
  mkdir -p "$work/$kind"
  for f in "${manifests[@]}"; do
    mkdir -p "$work/$kind/$(dirname "$f")"
    cp "$f" "$work/$kind/$f"
  done
  flags=(--frozen-lockfile --prefer-offline)
  [ "$kind" = prod ] && flags+=(--prod)
  (cd "$work/$kind" && npx --yes pnpm@12.21.0 install "${flags[@]}" >"$work/$kind.log" 2>&1) \
    || { tail -n 30 "$work/$kind.log" >&2; exit 1; }
  name=node_modules.tar
  [ "$kind" = prod ] && name=node_modules.prod.tar
  (cd "$work/$kind" && find . -name node_modules -prune -print | tar -cf "$here/$name" -T -)
done
