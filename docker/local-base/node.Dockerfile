# Stands in for node:20-bookworm-slim where no image registry is reachable: Debian's Node.js 20
# and the same `node` user (uid 1000) the official image has.
ARG BASE
FROM ${BASE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs ca-certificates \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* \
 && groupadd --gid 1000 node && useradd --uid 1000 --gid node --create-home --shell /bin/bash node \
 && node --version
CMD ["node"]
