#!/bin/sh
# Bring the Temporal schemas up to the version this admin-tools image ships.
# The databases themselves come from docker/postgres/init. Idempotent:
# setup-schema skips an initialised database, update-schema applies only what
# is missing. Password comes from SQL_PASSWORD.
set -eu

schema=/etc/temporal/schema/postgresql/v12
sql() { temporal-sql-tool --plugin postgres12 --ep postgres -p 5432 -u temporal --db "$@"; }

sql temporal setup-schema -v 0.0
sql temporal update-schema -d "$schema/temporal/versioned"
sql temporal_visibility setup-schema -v 0.0
sql temporal_visibility update-schema -d "$schema/visibility/versioned"
echo "temporal schemas are up to date"
