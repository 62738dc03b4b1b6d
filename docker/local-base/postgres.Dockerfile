# Stands in for postgres:16 where no image registry is reachable: Debian's PostgreSQL with the
# parts of the official image's interface docker-compose.yml uses (POSTGRES_USER, POSTGRES_PASSWORD
# or POSTGRES_PASSWORD_FILE, POSTGRES_DB, /docker-entrypoint-initdb.d, PGDATA, pg_isready).
ARG BASE
FROM ${BASE}
ARG PG_MAJOR=17
ENV PG_MAJOR=${PG_MAJOR} PATH=/usr/lib/postgresql/${PG_MAJOR}/bin:$PATH PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN mkdir -p /etc/postgresql-common/createcluster.d \
 && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/no-main-cluster.conf \
 && apt-get update \
 && apt-get install -y --no-install-recommends postgresql-${PG_MAJOR} \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* \
 && mkdir -p /docker-entrypoint-initdb.d /var/run/postgresql "$PGDATA" \
 && chown -R postgres:postgres /var/run/postgresql /var/lib/postgresql \
 && chmod 0755 /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/postgresql/data
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
