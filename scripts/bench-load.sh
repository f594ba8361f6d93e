#!/usr/bin/env bash
# End-to-end bulk-load figure for Tessera, with raw RocksDB puts and PostgreSQL 15 + PostGIS 3
# measured in the same run on the same generated city.
#
# usage: scripts/bench-load.sh [ENTITIES=200000]
#
# Steps:
#   1. build `tessera` (release, repo root) and RawPut (release, Benchmarks package); both incremental
#   2. tessera generate --entities N --seed 42
#   3. time `tessera load --quiet` with /usr/bin/time -v (wall seconds, rows/s, peak RSS); tessera check
#   4. RawPut --measure the loaded database, then RawPut with keys = rocksdb.estimate-num-keys and the same
#      total key+value bytes, in hash order (the reference) and in sorted order; ratio loader/raw
#   5. PostgreSQL 15 + PostGIS 3 (apt-get installed if missing) in a private cluster under $WORK:
#      convert the NDJSON to COPY files (untimed), then time one transaction doing CREATE TABLE,
#      COPY of both files (geometry built by a generated column with ST_GeomFromGeoJSON), and the index
#      builds (btree (id, valid_from), GiST (geom), btree edges (from_id), (to_id))
#   6. print a markdown table and a JSON summary (also written to $WORK/result.json)
#
# Environment:
#   BENCH_WORK=DIR   working directory (must be empty or absent; default: a new directory under /tmp)
#   KEEP=1           keep the working directory (the default removes it at the end)
#   TESSERA_BIN=...  use this tessera binary instead of building one
#   RAWPUT_BIN=...   use this RawPut binary instead of building one
#   PG_PORT=54329    port number of the private cluster (Unix socket only; no TCP listener)
#
# The PostgreSQL cluster keeps fsync, synchronous_commit and full_page_writes on. It follows the bulk
# loading advice of the PostgreSQL manual ("Populating a Database"): COPY, indexes built after the data,
# wal_level = minimal with the tables created in the loading transaction (so the data skips the WAL and
# is fsynced at commit, as Tessera's unlogged batches are made durable by its final flush), larger
# maintenance_work_mem and max_wal_size. Run as root it uses the `postgres` account for the server.

set -euo pipefail

usage() {
    sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

ENTITIES=${1:-200000}
[[ $# -le 1 && $ENTITIES =~ ^[0-9]+$ && $ENTITIES -gt 0 ]] || usage

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SEED=42
PG_PORT=${PG_PORT:-54329}
PG_VERSION=15
PGBIN=/usr/lib/postgresql/$PG_VERSION/bin
KEEP=${KEEP:-0}

log() { printf '[bench-load %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}

for tool in python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || die "$tool is required"
done

if [[ -n ${BENCH_WORK:-} ]]; then
    WORK=$BENCH_WORK
    mkdir -p "$WORK"
    [[ -z $(ls -A "$WORK") ]] || die "BENCH_WORK=$WORK is not empty"
else
    WORK=$(mktemp -d "/tmp/tessera-bench-load.XXXXXX")
fi
WORK=$(cd "$WORK" && pwd)

PG_STARTED=0
cleanup() {
    local status=$?
    if [[ $PG_STARTED == 1 ]]; then
        as_pg "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    if [[ $KEEP == 1 ]]; then
        log "kept $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Runs a command as the account that owns the private PostgreSQL cluster.
as_pg() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# jget FILE KEY: one top-level value of a JSON object file.
jget() {
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"
}

# calc EXPRESSION: a floating-point result, printed with 3 decimals.
calc() {
    python3 -c "print(f'{($1):.3f}')"
}

# elapsed_seconds FILE: wall seconds from a /usr/bin/time -v report (h:mm:ss or m:ss).
elapsed_seconds() {
    python3 - "$1" <<'PY'
import sys
for line in open(sys.argv[1]):
    if "Elapsed (wall clock) time" in line:
        parts = line.rsplit(": ", 1)[1].strip().split(":")
        seconds = 0.0
        for part in parts:
            seconds = seconds * 60 + float(part)
        print(f"{seconds:.3f}")
        break
else:
    sys.exit("no elapsed time in " + sys.argv[1])
PY
}

now() { date +%s.%N; }

log "working directory $WORK; $ENTITIES entities, seed $SEED"

# --- 1. builds (never two at once) ------------------------------------------------------------------

if [[ -n ${TESSERA_BIN:-} ]]; then
    TESSERA=$TESSERA_BIN
else
    log "building tessera (release)"
    (cd "$ROOT" && swift build -c release --product tessera) >&2
    TESSERA="$(cd "$ROOT" && swift build -c release --product tessera --show-bin-path)/tessera"
fi
[[ -x $TESSERA ]] || die "no tessera binary at $TESSERA"

if [[ -n ${RAWPUT_BIN:-} ]]; then
    RAWPUT=$RAWPUT_BIN
else
    log "building RawPut (release)"
    BENCH_ARGS=(-c release --package-path "$ROOT/Benchmarks" --scratch-path "$ROOT/Benchmarks/.build-bench")
    swift build "${BENCH_ARGS[@]}" --product RawPut >&2
    RAWPUT="$(swift build "${BENCH_ARGS[@]}" --product RawPut --show-bin-path)/RawPut"
fi
[[ -x $RAWPUT ]] || die "no RawPut binary at $RAWPUT"

# --- 2. the city --------------------------------------------------------------------------------------

CITY=$WORK/city.ndjson
log "generating the city"
"$TESSERA" generate --entities "$ENTITIES" --seed "$SEED" --out "$CITY"
CITY_BYTES=$(stat -c %s "$CITY")
# Write the generated file back before timing, so that the load does not compete with its writeback.
sync

# --- 3. tessera load ----------------------------------------------------------------------------------

DB=$WORK/db
log "timing tessera load"
/usr/bin/time -v -o "$WORK/load.time" "$TESSERA" load --quiet --db "$DB" "$CITY" >"$WORK/load.json" 2>"$WORK/load.log" \
    || { cat "$WORK/load.log" >&2; die "tessera load failed"; }
LOAD_SECONDS=$(elapsed_seconds "$WORK/load.time")
LOAD_RSS_KB=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/load.time")
VERSIONS=$(jget "$WORK/load.json" entity_versions)
EDGES=$(jget "$WORK/load.json" edges)
ROWS=$((VERSIONS + EDGES))
[[ $(jget "$WORK/load.json" rejected) == 0 ]] || die "tessera load rejected lines"
TESSERA_ROWS_PER_S=$(calc "$ROWS / $LOAD_SECONDS")
log "tessera load: $ROWS rows in $LOAD_SECONDS s ($TESSERA_ROWS_PER_S rows/s), peak RSS $LOAD_RSS_KB KiB"

log "tessera check"
"$TESSERA" check --db "$DB" >"$WORK/check.json" || { cat "$WORK/check.json" >&2; die "tessera check failed"; }
"$TESSERA" stats --db "$DB" >"$WORK/stats.json"
TESSERA_DISK=$(jget "$WORK/stats.json" disk_bytes)

# --- 4. raw RocksDB puts of the same keys and bytes ---------------------------------------------------

log "measuring the loaded key space"
"$RAWPUT" --measure "$DB" >"$WORK/measure.json"
RAW_KEYS=$(jget "$WORK/measure.json" estimate_num_keys)
RAW_TOTAL=$(jget "$WORK/measure.json" total_bytes)
RAW_KEY_BYTES=$(python3 -c "print(max(8, round($(jget "$WORK/measure.json" avg_key_bytes))))")
for order in hash sorted; do
    log "RawPut ($order order): $RAW_KEYS keys, $RAW_TOTAL bytes"
    "$RAWPUT" --keys "$RAW_KEYS" --key-bytes "$RAW_KEY_BYTES" --total-bytes "$RAW_TOTAL" --order "$order" \
        --db "$WORK/raw-$order" >"$WORK/raw-$order.json"
done
RAW_SECONDS=$(jget "$WORK/raw-hash.json" seconds)
RAW_SORTED_SECONDS=$(jget "$WORK/raw-sorted.json" seconds)
LOADER_OVER_RAW=$(calc "$LOAD_SECONDS / $RAW_SECONDS")
LOADER_OVER_RAW_SORTED=$(calc "$LOAD_SECONDS / $RAW_SORTED_SECONDS")
rm -rf "$WORK/raw-hash" "$WORK/raw-sorted"

# --- 5. PostgreSQL 15 + PostGIS 3 ---------------------------------------------------------------------

if [[ ! -x $PGBIN/initdb || ! -f /usr/share/postgresql/$PG_VERSION/extension/postgis.control ]]; then
    log "installing postgresql-$PG_VERSION and postgresql-$PG_VERSION-postgis-3"
    SUDO=()
    if [[ $EUID -ne 0 ]]; then
        command -v sudo >/dev/null || die "PostgreSQL/PostGIS missing and not root: install postgresql-$PG_VERSION-postgis-3"
        SUDO=(sudo)
    fi
    { "${SUDO[@]}" apt-get update -qq && "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends "postgresql-$PG_VERSION" "postgresql-$PG_VERSION-postgis-3"; } >"$WORK/apt.log" 2>&1 \
        || { tail -20 "$WORK/apt.log" >&2; die "apt-get install failed"; }
fi

PG=$WORK/pg
mkdir -p "$PG/data" "$PG/run"
cd "$PG" # the server account may not be able to read the caller's directory
log "converting the NDJSON to COPY files (untimed)"
python3 "$ROOT/scripts/peer/ndjson_to_copy.py" "$CITY" "$PG/entities.tsv" "$PG/edges.tsv" >"$PG/convert.json"
[[ $(jget "$PG/convert.json" entity_versions) == "$VERSIONS" && $(jget "$PG/convert.json" edges) == "$EDGES" ]] \
    || die "conversion counts $(cat "$PG/convert.json") differ from the load ($VERSIONS versions, $EDGES edges)"

if [[ $EUID -eq 0 ]]; then
    getent passwd postgres >/dev/null || die "no postgres account (is postgresql-$PG_VERSION installed?)"
    chmod 755 "$WORK" "$PG"
    chmod 644 "$PG/entities.tsv" "$PG/edges.tsv"
    chown postgres "$PG/data" "$PG/run"
fi

log "starting a private PostgreSQL $PG_VERSION cluster"
as_pg "$PGBIN/initdb" -D "$PG/data" -U bench -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$PG/initdb.log" 2>&1 \
    || { cat "$PG/initdb.log" >&2; die "initdb failed"; }
cat >>"$PG/data/postgresql.conf" <<EOF

# bench-load.sh: private, Unix-socket-only cluster
listen_addresses = ''
unix_socket_directories = '$PG/run'
port = $PG_PORT
fsync = on
synchronous_commit = on
full_page_writes = on
wal_level = minimal
max_wal_senders = 0
shared_buffers = 512MB
maintenance_work_mem = 512MB
max_wal_size = 4GB
checkpoint_timeout = 30min
EOF
as_pg "$PGBIN/pg_ctl" -D "$PG/data" -l "$PG/run/server.log" -w start >/dev/null || { cat "$PG/run/server.log" >&2; die "pg_ctl start failed"; }
PG_STARTED=1
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG/run" -p "$PG_PORT" -U bench)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE bench" >/dev/null
"${PSQL[@]}" -d bench -c "CREATE EXTENSION postgis" >/dev/null
PG_SERVER_VERSION=$("${PSQL[@]}" -d bench -At -c "SHOW server_version")
POSTGIS_VERSION=$("${PSQL[@]}" -d bench -At -c "SELECT extversion FROM pg_extension WHERE extname = 'postgis'")

# Server-side COPY when the server account can read the files, client-side \copy otherwise.
if as_pg test -r "$PG/entities.tsv" && as_pg test -r "$PG/edges.tsv"; then
    COPY_ENTITIES="COPY entity_versions (id, type, version, valid_from, valid_to, geometry_json, props) FROM '$PG/entities.tsv';"
    COPY_EDGES="COPY edges (id, from_id, to_id, type, valid_from, valid_to, props) FROM '$PG/edges.tsv';"
    COPY_MODE=server
else
    COPY_ENTITIES="\\copy entity_versions (id, type, version, valid_from, valid_to, geometry_json, props) FROM '$PG/entities.tsv'"
    COPY_EDGES="\\copy edges (id, from_id, to_id, type, valid_from, valid_to, props) FROM '$PG/edges.tsv'"
    COPY_MODE=client
fi

cat >"$PG/load.sql" <<EOF
\\timing on
BEGIN;
\\echo step create_tables
CREATE TABLE entity_versions (
    id text NOT NULL,
    type text NOT NULL,
    version integer,
    valid_from timestamptz NOT NULL,
    valid_to timestamptz,
    geometry_json text,
    props jsonb NOT NULL,
    geom geometry(Geometry, 4326)
        GENERATED ALWAYS AS (ST_SetSRID(ST_GeomFromGeoJSON(geometry_json), 4326)) STORED
);
CREATE TABLE edges (
    id text NOT NULL,
    from_id text NOT NULL,
    to_id text NOT NULL,
    type text NOT NULL,
    valid_from timestamptz NOT NULL,
    valid_to timestamptz,
    props jsonb NOT NULL
);
\\echo step copy_entity_versions
$COPY_ENTITIES
\\echo step copy_edges
$COPY_EDGES
\\echo step index_entity_id_valid_from
CREATE INDEX entity_versions_id_valid_from ON entity_versions (id, valid_from);
\\echo step index_entity_geom_gist
CREATE INDEX entity_versions_geom ON entity_versions USING gist (geom);
\\echo step index_edges_from
CREATE INDEX edges_from_id ON edges (from_id);
\\echo step index_edges_to
CREATE INDEX edges_to_id ON edges (to_id);
\\echo step commit
COMMIT;
EOF

sync
log "timing the PostgreSQL load ($COPY_MODE-side COPY)"
PG_START=$(now)
"${PSQL[@]}" -d bench -f "$PG/load.sql" >"$PG/load.out" 2>&1 || { cat "$PG/load.out" >&2; die "PostgreSQL load failed"; }
PG_END=$(now)
PG_SECONDS=$(calc "$PG_END - $PG_START")

PG_VERSIONS=$("${PSQL[@]}" -d bench -At -c "SELECT count(*) FROM entity_versions")
PG_EDGES=$("${PSQL[@]}" -d bench -At -c "SELECT count(*) FROM edges")
PG_GEOMS=$("${PSQL[@]}" -d bench -At -c "SELECT count(*) FROM entity_versions WHERE geom IS NOT NULL")
PG_DISK=$("${PSQL[@]}" -d bench -At -c "SELECT pg_database_size('bench')")
[[ $PG_VERSIONS == "$VERSIONS" && $PG_EDGES == "$EDGES" ]] \
    || die "PostgreSQL holds $PG_VERSIONS versions and $PG_EDGES edges, expected $VERSIONS and $EDGES"
PG_ROWS_PER_S=$(calc "$ROWS / $PG_SECONDS")
TESSERA_OVER_PG=$(calc "$TESSERA_ROWS_PER_S / $PG_ROWS_PER_S")
log "PostgreSQL: $ROWS rows in $PG_SECONDS s ($PG_ROWS_PER_S rows/s)"

# Per-step times: each "step NAME" line is followed by the "Time: X ms" lines of its statements.
PG_STEPS=$(python3 - "$PG/load.out" <<'PY'
import json, re, sys
steps, current = {}, None
for line in open(sys.argv[1]):
    line = line.strip()
    if line.startswith("step "):
        current = line[5:]
        steps[current] = 0.0
    match = re.match(r"Time: ([0-9.]+) ms", line)
    if match and current:
        steps[current] += float(match.group(1)) / 1000
print(json.dumps({name: round(seconds, 3) for name, seconds in steps.items()}))
PY
)

as_pg "$PGBIN/pg_ctl" -D "$PG/data" -m fast -w stop >/dev/null
PG_STARTED=0

# --- 6. report ----------------------------------------------------------------------------------------

python3 - "$WORK/result.json" <<PY
import json, sys
raw_hash = json.load(open("$WORK/raw-hash.json"))
raw_sorted = json.load(open("$WORK/raw-sorted.json"))
measure = json.load(open("$WORK/measure.json"))
result = {
    "entities": $ENTITIES,
    "seed": $SEED,
    "ndjson_bytes": $CITY_BYTES,
    "rows": {"entity_versions": $VERSIONS, "edges": $EDGES, "total": $ROWS},
    "tessera": {
        "wall_seconds": $LOAD_SECONDS,
        "rows_per_second": $TESSERA_ROWS_PER_S,
        "peak_rss_kib": $LOAD_RSS_KB,
        "loader_seconds": json.load(open("$WORK/load.json"))["seconds"],
        "disk_bytes": $TESSERA_DISK,
        "check": json.load(open("$WORK/check.json"))["ok"],
    },
    "rocksdb_keys": measure,
    "raw_put": {"hash": raw_hash, "sorted": raw_sorted},
    "loader_over_raw_time": $LOADER_OVER_RAW,
    "loader_over_raw_sorted_time": $LOADER_OVER_RAW_SORTED,
    "postgres": {
        "server_version": "$PG_SERVER_VERSION",
        "postgis_version": "$POSTGIS_VERSION",
        "copy": "$COPY_MODE",
        "wall_seconds": $PG_SECONDS,
        "rows_per_second": $PG_ROWS_PER_S,
        "steps_seconds": json.loads('$PG_STEPS'),
        "geometries": $PG_GEOMS,
        "disk_bytes": $PG_DISK,
    },
    "tessera_over_postgres_rows_per_second": $TESSERA_OVER_PG,
}
json.dump(result, open(sys.argv[1], "w"), indent=2)

t, p = result["tessera"], result["postgres"]
mb = lambda n: f"{n / 1e6:,.1f} MB"
print()
print(f"## Bulk load: {result['entities']:,} entities (seed {result['seed']}), "
      f"{result['rows']['entity_versions']:,} entity versions + {result['rows']['edges']:,} edges "
      f"= {result['rows']['total']:,} rows")
print()
print("| system | wall s | rows/s | peak RSS | on disk |")
print("|---|---:|---:|---:|---:|")
print(f"| tessera load | {t['wall_seconds']:.2f} | {t['rows_per_second']:,.0f} | {t['peak_rss_kib'] / 1024:,.0f} MiB | {mb(t['disk_bytes'])} |")
print(f"| PostgreSQL {p['server_version'].split()[0]} + PostGIS {p['postgis_version']} (create, COPY, geometry, 4 indexes) "
      f"| {p['wall_seconds']:.2f} | {p['rows_per_second']:,.0f} | - | {mb(p['disk_bytes'])} |")
print()
print(f"**tessera / postgres rows/s: {result['tessera_over_postgres_rows_per_second']:.2f}x**")
print()
print(f"PostgreSQL steps (s): " + ", ".join(f"{k} {v:.2f}" for k, v in p["steps_seconds"].items()))
print()
print(f"Raw RocksDB puts of the loaded key space ({raw_hash['keys']:,} keys = rocksdb.estimate-num-keys, "
      f"{raw_hash['key_bytes']} B keys, {raw_hash['value_bytes_avg']:.1f} B values avg, {mb(raw_hash['total_bytes'])}, "
      f"unlogged batches of {raw_hash['batch_keys']:,} + flush):")
print()
print("| order | seconds | keys/s | MB/s | loader time / raw time |")
print("|---|---:|---:|---:|---:|")
print(f"| hash | {raw_hash['seconds']:.2f} | {raw_hash['keys_per_second']:,} | {raw_hash['mb_per_second']:.1f} | {result['loader_over_raw_time']:.2f} |")
print(f"| sorted | {raw_sorted['seconds']:.2f} | {raw_sorted['keys_per_second']:,} | {raw_sorted['mb_per_second']:.1f} | {result['loader_over_raw_sorted_time']:.2f} |")
print()
print("JSON:")
print(json.dumps(result, indent=2))
PY
