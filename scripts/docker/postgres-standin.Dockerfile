# A local stand-in for the official postgres:16-bookworm image, built by build-base-images.sh from Debian's own
# PostgreSQL package (bookworm ships PostgreSQL 15) on the locally built node:20-bookworm-slim, for hosts that
# cannot pull images. It honours what docker-compose.yml uses of the official image: POSTGRES_USER, POSTGRES_PASSWORD,
# POSTGRES_DB, PGDATA (default /var/lib/postgresql/data), PGPORT (default 5432), pg_isready, the `postgres` user.
FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-15 \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/postgresql/data /var/run/postgresql \
 && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql
ENV PATH=/usr/lib/postgresql/15/bin:$PATH PGDATA=/var/lib/postgresql/data
COPY postgres-standin-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["postgres"]
