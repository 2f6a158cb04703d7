#!/bin/sh
# Run once by the postgres image when the primary's data folder is made
# (/docker-entrypoint-initdb.d): a role that may replicate, and pg_hba.conf lets it in from the
# compose network. The standby service (docker-compose.yml, profile "ha") copies the primary with it.
set -e
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" \
  -c "CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '${REPLICATION_PASSWORD:-replicator}'"
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
