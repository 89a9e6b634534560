#!/usr/bin/env bash
# What one group of 100-event commits costs PostgreSQL itself, by table layout: pgbench runs the group's inserts as
# one transaction (synchronous_commit as configured), with no Api and no client in the way, so the figure is the
# database's own ceiling for that layout on this machine. Used to decide the PostgreSQL provider's schema
# (bench/README.md, "PostgreSQL").
#
#   bench/postgres/row-cost.sh            # 10 s per layout
#   bench/postgres/row-cost.sh 20         # seconds per layout
#
# Layouts, each a group of 8 commits x 100 events of 200-byte documents, one type per commit:
#   per-event rows : today's schema v1/v2: an events row per event, a stream membership and a type membership per
#                    event (3 rows and 5 B-tree entries per event)
#   per-commit rows: one row per commit holding its documents (stored uncompressed out of line) and an offsets
#                    array, one membership run per commit and stream (first/last revision and position)
#   empty commit   : BEGIN; one-row update; COMMIT: the flush alone
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (ces), PGPASSWORD (ces); a role that may create databases.
set -euo pipefail
seconds="${1:-10}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-ces}" PGPASSWORD="${PGPASSWORD:-ces}"
db="ces_row_cost_$$"
work="$(mktemp -d)"
trap 'psql -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" > /dev/null 2>&1; rm -rf "$work"' EXIT
PGOPTIONS="-c client_min_messages=warning" psql -d postgres -qc "CREATE DATABASE $db" > /dev/null
psql -d "$db" -q <<'SQL'
CREATE TABLE head (id int PRIMARY KEY, position bigint NOT NULL);
INSERT INTO head VALUES (1, 0);
CREATE TABLE events (position bigint PRIMARY KEY, stream_id bigint NOT NULL, document bytea NOT NULL);
CREATE TABLE memberships (stream_id bigint NOT NULL, revision bigint NOT NULL, position bigint NOT NULL, PRIMARY KEY (stream_id, revision));
CREATE UNIQUE INDEX memberships_position ON memberships (stream_id, position) INCLUDE (revision);
CREATE TABLE chunks (first_position bigint PRIMARY KEY, last_position bigint NOT NULL, stream_id bigint NOT NULL, documents bytea NOT NULL, offsets int4[] NOT NULL);
ALTER TABLE chunks ALTER COLUMN documents SET STORAGE EXTERNAL;
CREATE TABLE runs (stream_id bigint NOT NULL, first_revision bigint NOT NULL, last_revision bigint NOT NULL, first_position bigint NOT NULL, last_position bigint NOT NULL, PRIMARY KEY (stream_id, first_revision));
CREATE UNIQUE INDEX runs_position ON runs (stream_id, first_position) INCLUDE (first_revision, last_revision);
CREATE SEQUENCE g;
SQL
cat > "$work/per-event.sql" <<'SQL'
SELECT nextval('g') AS n \gset
BEGIN;
UPDATE head SET position = position + 800 WHERE id = 1;
INSERT INTO events SELECT :n * 800 + p, :n * 8 + p / 100, convert_to(repeat('x', 200), 'UTF8') FROM generate_series(0, 799) p;
INSERT INTO memberships SELECT :n * 8 + p / 100, p % 100, :n * 800 + p FROM generate_series(0, 799) p;
INSERT INTO memberships SELECT -1, :n * 800 + p, :n * 800 + p FROM generate_series(0, 799) p;
COMMIT;
SQL
cat > "$work/per-commit.sql" <<'SQL'
SELECT nextval('g') AS n \gset
BEGIN;
UPDATE head SET position = position + 800 WHERE id = 1;
INSERT INTO chunks SELECT :n * 800 + c * 100, :n * 800 + c * 100 + 99, :n * 8 + c, convert_to(repeat('x', 20000), 'UTF8'), (SELECT array_agg(i * 200) FROM generate_series(0, 99) i) FROM generate_series(0, 7) c;
INSERT INTO runs SELECT :n * 8 + c, 0, 99, :n * 800 + c * 100, :n * 800 + c * 100 + 99 FROM generate_series(0, 7) c;
INSERT INTO runs SELECT -1, :n * 800 + c * 100, :n * 800 + c * 100 + 99, :n * 800 + c * 100, :n * 800 + c * 100 + 99 FROM generate_series(0, 7) c;
COMMIT;
SQL
cat > "$work/empty.sql" <<'SQL'
BEGIN;
UPDATE head SET position = position WHERE id = 1;
COMMIT;
SQL
echo "PostgreSQL $(psql -d postgres -qtAc 'SHOW server_version' | cut -d' ' -f1), synchronous_commit=$(psql -d postgres -qtAc 'SHOW synchronous_commit'), ${seconds} s per layout, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for layout in per-event per-commit empty; do
    latency="$(pgbench -n -f "$work/$layout.sql" -T "$seconds" "$db" 2>&1 | awk '/latency average/ {print $4}')"
    if [[ "$layout" == empty ]]; then
        echo "$layout: $latency ms per transaction"
    else
        awk -v l="$latency" -v name="$layout" 'BEGIN { printf "%s: %s ms per group of 800 events = %.0f events/s on one backend\n", name, l, 800 / (l / 1000) }'
    fi
done
