#!/usr/bin/env bash
# Roles and databases for Apex and Temporal. Runs once, on an empty data volume;
# every statement is guarded, so running it again is harmless.
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v apex_pw="${APEX_DB_PASSWORD:?}" -v temporal_pw="${TEMPORAL_DB_PASSWORD:?}" <<'SQL'
SELECT format('CREATE ROLE apex LOGIN PASSWORD %L', :'apex_pw')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'apex')\gexec
SELECT format('CREATE ROLE temporal LOGIN PASSWORD %L', :'temporal_pw')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'temporal')\gexec

SELECT 'CREATE DATABASE apex OWNER apex'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'apex')\gexec
SELECT 'CREATE DATABASE temporal OWNER temporal'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'temporal')\gexec
SELECT 'CREATE DATABASE temporal_visibility OWNER temporal'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'temporal_visibility')\gexec
SQL
