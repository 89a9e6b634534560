#!/usr/bin/env bash
# HTTP benchmark of CleanEventStore: reproduces the original project's benchmark (seed HTTP protocol, section 9)
# with wrk as the load generator, so the numbers compare.
#
#   bench/http/run.sh                  # writes and reads, 5 s warm-up + 4 s per cell (about 10 minutes)
#   bench/http/run.sh --only read      # or: --only write
#   bench/http/run.sh --duration 10 --warmup 2
#   bench/http/run.sh --no-reference  # skip the reference rows (bench/Baseline: bare Kestrel, see bench/README.md)
#   bench/http/run.sh --only auth      # authentication's cost: c=16 single-event commits and full scans with
#                                      # Auth:Mode=ApiKey beside Auth:Mode=None, interleaved (--rounds N, default 2)
#   bench/http/run.sh --only metrics   # the metrics' cost: the same c=16 write and read cells with Metrics:Enabled
#                                      # true (OpenTelemetry, /metrics scraped every second as Prometheus would) and
#                                      # false, interleaved (--rounds N, default 2)
#   bench/http/run.sh --provider postgres   # the write and read cells on PostgreSQL (a fresh database per cell)
#   bench/http/run.sh --only postgres  # the providers side by side: single-event commits at c=1 and 16 and 100-event
#                                      # commits on the embedded engine, PostgreSQL with one node and with two nodes
#                                      # (two Api processes on one database, each loaded with half the connections),
#                                      # and the reference row of the naive design (MaxGroupOperations=1: one
#                                      # transaction per commit, no grouping), in one run
#
# Environment: HTTP_BENCH_DURATION (s, default 4), HTTP_BENCH_WARMUP (s, default 5: a fresh server tiers up its JIT
# for ~4 s), HTTP_BENCH_READ_EVENTS (fixture size, default 10000), HTTP_BENCH_PORT (default: a free port),
# HTTP_BENCH_KEEP=1 keeps the temp directory. PostgreSQL (for --provider postgres and --only postgres): PGHOST
# (127.0.0.1), PGPORT (5432), PGUSER (ces), PGPASSWORD (ces), a role that may create databases; the cluster is
# started with pg_ctlcluster if it does not answer.
# Results: printed, and written to bench/results/http-<UTC date and time>.md.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/http"
duration="${HTTP_BENCH_DURATION:-4}"
warmup="${HTTP_BENCH_WARMUP:-5}"
read_events="${HTTP_BENCH_READ_EVENTS:-10000}"
only="all"
reference=1
provider=file
rounds=2
levels=(1 2 4 8 16)

while [[ $# -gt 0 ]]; do
    case "$1" in
        --duration) duration="$2"; shift 2 ;;
        --warmup) warmup="$2"; shift 2 ;;
        --only) only="$2"; shift 2 ;;
        --no-reference) reference=0; shift ;;
        --rounds) rounds="$2"; shift 2 ;;
        --provider) provider="$2"; shift 2 ;;
        -h|--help) sed -n '2,27p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
case "$only" in all|read|write|auth|metrics|postgres) ;; *) echo "--only takes all, read, write, auth, metrics or postgres" >&2; exit 2 ;; esac
case "$provider" in file|postgres) ;; *) echo "--provider takes file or postgres" >&2; exit 2 ;; esac

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-ces}" PGPASSWORD="${PGPASSWORD:-ces}"
if [[ "$provider" == postgres || "$only" == postgres ]]; then
    command -v psql > /dev/null || { echo "psql is required for PostgreSQL cells (apt-get install -y postgresql)" >&2; exit 1; }
    if ! pg_isready -q; then pg_ctlcluster 15 main start 2> /dev/null || true; fi
    for _ in $(seq 1 100); do pg_isready -q && break; sleep 0.1; done
    psql -d postgres -qtAc "SELECT 1" > /dev/null || { echo "cannot connect to PostgreSQL as $PGUSER@$PGHOST:$PGPORT" >&2; exit 1; }
fi

if ! command -v wrk > /dev/null; then
    echo "Installing wrk with apt-get..."
    if ! apt-get install -y wrk > /dev/null 2>&1; then
        apt-get update > /dev/null
        apt-get install -y wrk > /dev/null
    fi
fi
command -v python3 > /dev/null || { echo "python3 is required" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/ces-http-bench.XXXXXX")"
server_pid=""
server2_pid=""
pg_db=""
stop_server() {
    local pid
    for pid in "$server_pid" "$server2_pid"; do
        if [[ -n "$pid" ]]; then
            kill "$pid" 2> /dev/null || true
            wait "$pid" 2> /dev/null || true
        fi
    done
    server_pid=""
    server2_pid=""
    if [[ -n "$pg_db" ]]; then
        psql -d postgres -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" > /dev/null
        pg_db=""
    fi
}
cleanup() {
    if [[ -n "${scraper_pid:-}" ]]; then kill "$scraper_pid" 2> /dev/null || true; fi
    stop_server
    if [[ "${HTTP_BENCH_KEEP:-0}" != 1 ]]; then rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port="${HTTP_BENCH_PORT:-$(free_port)}"
base="http://127.0.0.1:$port"
base2="http://127.0.0.1:$(free_port)"

echo "Building the Api (Release)..."
dotnet publish "$root/src/Api/Api.csproj" -c Release -o "$work/api" -nologo -v quiet > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
if [[ "$only" != read && "$only" != auth && "$only" != metrics && "$only" != postgres && "$reference" == 1 ]]; then
    dotnet publish "$root/bench/Baseline/Baseline.csproj" -c Release -o "$work/baseline" -nologo -v quiet > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
fi

# The API key of the auth-on cells: a key with the admin scope, sent by wrk and bench.py when CES_BENCH_AUTH is set.
bench_key="bench-key-$(date +%s)-0123456789"
auth_args=()

# Starts the Api over a fresh data directory (on PostgreSQL: a fresh database) and waits for /health (with
# Auth:Mode=ApiKey when auth_args is set). Extra arguments go to the Api.
start_server() {
    local cell="$1"
    shift
    local store=(--EventStore:Durability=Fsync)
    local durability=Fsync
    if [[ "$provider" == postgres ]]; then
        pg_db="ces_bench_$(echo "$cell" | tr -c 'a-zA-Z0-9\n' '_' | tr 'A-Z' 'a-z')"
        PGOPTIONS="-c client_min_messages=warning" psql -d postgres -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" -c "CREATE DATABASE $pg_db" > /dev/null
        store=(--EventStore:Provider=Postgres "--EventStore:Postgres:ConnectionString=Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Password=$PGPASSWORD;Database=$pg_db")
        durability=PostgreSQL
    fi
    server_pid="$(launch_api "$base" "$cell" "${store[@]}" "$@")"
    wait_healthy "$cell" "$base" "$server_pid"
    python3 "$here/bench.py" expect-health "$base" "$durability"
    if [[ "${nodes:-1}" == 2 ]]; then
        # A second node on the same database (consumers keep their files per node: its own directory).
        server2_pid="$(launch_api "$base2" "$cell-node2" "${store[@]}" "$@")"
        wait_healthy "$cell-node2" "$base2" "$server2_pid"
        python3 "$here/bench.py" expect-health "$base2" "$durability"
    fi
}

# launch_api BASE CELL ARGS...: starts the Api in the background on BASE over $work/data-CELL; prints its pid.
launch_api() {
    local url="$1" cell="$2"
    shift 2
    local data="$work/data-$cell"
    rm -rf "$data"
    # Write back what earlier cells and the build left dirty, so that this cell's fsyncs do not pay for it.
    sync
    (cd "$work/api" && ASPNETCORE_ENVIRONMENT=Production exec dotnet CleanEventStore.Api.dll \
        --urls "$url" --EventStore:StorageDirectory="$data" "$@" "${auth_args[@]}") > "$work/server-$cell.log" 2>&1 &
    echo $!
}

# Starts bench/Baseline (a reference, not a store) with --Flush $2 over a fresh directory and waits for /health.
start_reference() {
    local data="$work/data-$1"
    rm -rf "$data"
    mkdir -p "$data"
    sync
    (cd "$work/baseline" && exec dotnet CleanEventStore.Baseline.dll --urls "$base" --Directory "$data" --Flush "$2") \
        > "$work/server-$1.log" 2>&1 &
    server_pid=$!
    wait_healthy "$1" "$base" "$server_pid"
}

wait_healthy() { # CELL BASE PID
    for _ in $(seq 1 300); do
        if curl -fs "$2/health" > /dev/null 2>&1; then return 0; fi
        if ! kill -0 "$3" 2> /dev/null; then break; fi
        sleep 0.1
    done
    echo "The server did not become healthy; its log:" >&2
    cat "$work/server-$1.log" >&2
    exit 1
}

threads_for() { if [[ "$1" -ge 2 ]]; then echo 2; else echo 1; fi; }

# CPU time used so far, in clock ticks: "<server processes> <whole machine, busy>".
cpu_ticks() {
    local server=0 pid
    for pid in $server_pid $server2_pid; do
        server=$(( server + $(awk '{print $14 + $15}' "/proc/$pid/stat") ))
    done
    echo "$server $(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat)"
}

# run_wrk SECONDS CONCURRENCY OUTPUT ARGS...: wrk with concurrency connections on 1 or 2 threads; appends a
# CPU line (server and machine CPU seconds during the run) to OUTPUT.
run_wrk() {
    local seconds="$1" c="$2" output="$3"
    shift 3
    local before after
    before="$(cpu_ticks)"
    wrk -t "$(threads_for "$c")" -c "$c" -d "${seconds}s" --timeout 30s "$@" > "$output" 2>&1 || { cat "$output" >&2; exit 1; }
    after="$(cpu_ticks)"
    echo "CPU $before $after $(getconf CLK_TCK)" >> "$output"
}

results="$work/cells.jsonl"
: > "$results"
stamp="$(date -u +%Y-%m-%d-%H%M%S)"
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
header="$work/header.md"
{
    echo "## HTTP benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- machine: $(nproc) cores, ${cpu:-unknown CPU}, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); client (wrk) and server on the same host over 127.0.0.1"
    echo "- server: Release build of src/Api (commit $(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo unknown)), $(dotnet --list-runtimes | grep -m1 'Microsoft.AspNetCore.App' | cut -d' ' -f1-2), appsettings.json as shipped, ASPNETCORE_ENVIRONMENT=Production"
    if [[ "$provider" == postgres ]]; then
        echo "- provider: PostgreSQL $(psql -d postgres -qtAc 'SHOW server_version' | cut -d' ' -f1) on the same host (synchronous_commit=$(psql -d postgres -qtAc 'SHOW synchronous_commit'), a fresh database per cell)"
    else
        echo "- durability: Fsync (every acknowledged commit is fsynced)"
    fi
    if [[ "$only" == postgres ]]; then
        echo "- providers: the embedded engine (Durability=Fsync) and PostgreSQL $(psql -d postgres -qtAc 'SHOW server_version' | cut -d' ' -f1) on the same host and disk (synchronous_commit=$(psql -d postgres -qtAc 'SHOW synchronous_commit'), fsync=$(psql -d postgres -qtAc 'SHOW fsync'), as installed), a fresh store or database per cell; two nodes: two Api processes on one database, each loaded by its own wrk with half the connections; naive: the same provider with EventStore:Postgres:MaxGroupOperations=1 (one transaction per commit)"
    fi
    if [[ "$only" != read && "$only" != auth && "$only" != metrics && "$only" != postgres && "$reference" == 1 ]]; then
        echo "- reference rows: bench/Baseline, not a store: a bare Kestrel endpoint answering the same requests, with one thread writing each group of waiting bodies to a zero-filled file and calling fdatasync once (the least an fsynced HTTP commit costs here), and without any disk (Kestrel's own ceiling)"
    fi
    echo "- load: $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2), connections = concurrency on $(threads_for 1) thread at c=1 and $(threads_for 2) threads above; ${warmup} s warm-up then ${duration} s measured per cell; events/s = responses x events per response / measured seconds"
} > "$header"
cat "$header"
echo

write_cell() { # GROUP SCENARIO MODE CONCURRENCY EVENTS_PER_REQUEST [REFERENCE_FLUSH]
    local group="$1" scenario="$2" mode="$3" c="$4" events="$5" flush="${6:-}"
    local cell="$group-$mode-$c${flush:+-reference-$flush}"
    if [[ -n "$flush" ]]; then start_reference "$cell" "$flush"; else start_server "$cell"; fi
    local path="/streams/write-bench-1/commit"
    [[ "$mode" == single ]] && path="/streams/write-bench/commit"
    python3 "$here/bench.py" expect-commit "$base" "$path" "$events"
    local script_args=(-s "$here/write.lua" "$base" -- "$mode" "$c" "$(threads_for "$c")" "$events")
    run_wrk "$warmup" "$c" "$work/warmup.txt" "${script_args[@]}"
    python3 "$here/bench.py" cell /dev/null "$group" "$scenario" "$c" "$events" "$work/warmup.txt" > /dev/null
    run_wrk "$duration" "$c" "$work/wrk.txt" "${script_args[@]}"
    python3 "$here/bench.py" cell "$results" "$group" "$scenario" "$c" "$events" "$work/wrk.txt"
    if [[ "$mode" == sharded && -z "$flush" ]]; then python3 "$here/bench.py" expect-streams "$base" "$c"; fi
    stop_server
    # The next cells need neither the data nor its page cache (which slows this VM down as it grows).
    if [[ "${HTTP_BENCH_KEEP:-0}" != 1 ]]; then rm -rf "$work/data-$cell"; fi
}

# auth_on / auth_off: the next cells run with Auth:Mode=ApiKey (every request carries the key) or without authentication.
auth_on() {
    auth_args=(--Auth:Mode=ApiKey --Auth:ApiKeys:0:Name=bench --Auth:ApiKeys:0:Key="$bench_key" --Auth:ApiKeys:0:Scopes:0=admin)
    export CES_BENCH_AUTH="Bearer $bench_key"
}
auth_off() {
    auth_args=()
    unset CES_BENCH_AUTH
}

if [[ "$only" == auth ]]; then
    echo "Authentication's cost ($rounds interleaved rounds of auth off / on, c=16):"
    for round in $(seq 1 "$rounds"); do
        auth_off; write_cell auth "single-event commit (sharded), auth off, round $round" sharded 16 1
        auth_on; write_cell auth "single-event commit (sharded), auth on (API key), round $round" sharded 16 1
    done
    for round in $(seq 1 "$rounds"); do
        for setting in off on; do
            if [[ "$setting" == on ]]; then auth_on; label="auth on (API key), round $round"; else auth_off; label="auth off, round $round"; fi
            start_server "read-auth-$setting-$round"
            python3 "$here/bench.py" fixture "$base" "$read_events"
            python3 "$here/bench.py" expect-lines "$base/streams/category/stream" "$read_events"
            run_wrk "$warmup" 16 "$work/warmup.txt" -s "$here/read.lua" "$base/streams/category/stream"
            python3 "$here/bench.py" cell /dev/null auth "forward full scan, $label" 16 "$read_events" "$work/warmup.txt" > /dev/null
            run_wrk "$duration" 16 "$work/wrk.txt" -s "$here/read.lua" "$base/streams/category/stream"
            python3 "$here/bench.py" cell "$results" auth "forward full scan, $label" 16 "$read_events" "$work/wrk.txt"
            stop_server
            if [[ "${HTTP_BENCH_KEEP:-0}" != 1 ]]; then rm -rf "$work/data-read-auth-$setting-$round"; fi
        done
    done
    auth_off
    echo
fi

# start_scraper / stop_scraper: scrapes /metrics once a second (what a Prometheus server does, at a short interval) until killed.
scraper_pid=""
start_scraper() {
    (while true; do curl -fs -o /dev/null "$base/metrics" || true; sleep 1; done) &
    scraper_pid=$!
}
stop_scraper() {
    if [[ -n "$scraper_pid" ]]; then kill "$scraper_pid" 2> /dev/null || true; wait "$scraper_pid" 2> /dev/null || true; scraper_pid=""; fi
}

if [[ "$only" == metrics ]]; then
    echo "Metrics' cost ($rounds interleaved rounds of Metrics:Enabled false / true, c=16):"
    for round in $(seq 1 "$rounds"); do
        for setting in off on; do
            metrics_args=(--Metrics:Enabled=false)
            label="metrics off, round $round"
            if [[ "$setting" == on ]]; then metrics_args=(--Metrics:Enabled=true); label="metrics on (scraped every 1 s), round $round"; fi
            cell="metrics-write-$setting-$round"
            start_server "$cell" "${metrics_args[@]}"
            if [[ "$setting" == on ]]; then curl -fs -o /dev/null "$base/metrics" || { echo "/metrics did not answer" >&2; exit 1; }; start_scraper; fi
            python3 "$here/bench.py" expect-commit "$base" /streams/write-bench-1/commit 1
            script_args=(-s "$here/write.lua" "$base" -- sharded 16 "$(threads_for 16)" 1)
            run_wrk "$warmup" 16 "$work/warmup.txt" "${script_args[@]}"
            python3 "$here/bench.py" cell /dev/null metrics "single-event commit (sharded), $label" 16 1 "$work/warmup.txt" > /dev/null
            run_wrk "$duration" 16 "$work/wrk.txt" "${script_args[@]}"
            python3 "$here/bench.py" cell "$results" metrics "single-event commit (sharded), $label" 16 1 "$work/wrk.txt"
            stop_scraper
            stop_server
            if [[ "${HTTP_BENCH_KEEP:-0}" != 1 ]]; then rm -rf "$work/data-$cell"; fi
        done
    done
    for round in $(seq 1 "$rounds"); do
        for setting in off on; do
            metrics_args=(--Metrics:Enabled=false)
            label="metrics off, round $round"
            if [[ "$setting" == on ]]; then metrics_args=(--Metrics:Enabled=true); label="metrics on (scraped every 1 s), round $round"; fi
            cell="metrics-read-$setting-$round"
            start_server "$cell" "${metrics_args[@]}"
            python3 "$here/bench.py" fixture "$base" "$read_events"
            python3 "$here/bench.py" expect-lines "$base/streams/category/stream" "$read_events"
            if [[ "$setting" == on ]]; then start_scraper; fi
            run_wrk "$warmup" 16 "$work/warmup.txt" -s "$here/read.lua" "$base/streams/category/stream"
            python3 "$here/bench.py" cell /dev/null metrics "forward full scan, $label" 16 "$read_events" "$work/warmup.txt" > /dev/null
            run_wrk "$duration" 16 "$work/wrk.txt" -s "$here/read.lua" "$base/streams/category/stream"
            python3 "$here/bench.py" cell "$results" metrics "forward full scan, $label" 16 "$read_events" "$work/wrk.txt"
            stop_scraper
            stop_server
            if [[ "${HTTP_BENCH_KEEP:-0}" != 1 ]]; then rm -rf "$work/data-$cell"; fi
        done
    done
    echo
fi

# run_load SECONDS CONCURRENCY OUTPUT MODE EVENTS: write.lua against one node, or (nodes=2) half the connections
# against each of two nodes at once, merged into one RESULT line with the CPU of both servers.
run_load() {
    local seconds="$1" c="$2" output="$3" mode="$4" events="$5"
    if [[ "${nodes:-1}" != 2 ]]; then
        run_wrk "$seconds" "$c" "$output" -s "$here/write.lua" "$base" -- "$mode" "$c" "$(threads_for "$c")" "$events"
        return
    fi
    local half=$(( c / 2 )) before after
    before="$(cpu_ticks)"
    wrk -t "$(threads_for "$half")" -c "$half" -d "${seconds}s" --timeout 30s -s "$here/write.lua" "$base" -- "$mode" "$half" "$(threads_for "$half")" "$events" > "$output.1" 2>&1 &
    local first=$!
    wrk -t "$(threads_for "$half")" -c "$half" -d "${seconds}s" --timeout 30s -s "$here/write.lua" "$base2" -- "$mode" "$half" "$(threads_for "$half")" "$events" > "$output.2" 2>&1 || { cat "$output.2" >&2; exit 1; }
    wait "$first" || { cat "$output.1" >&2; exit 1; }
    after="$(cpu_ticks)"
    python3 "$here/bench.py" merge "$output" "$output.1" "$output.2"
    echo "CPU $before $after $(getconf CLK_TCK)" >> "$output"
}

# provider_cell GROUP SCENARIO PROVIDER NODES CONCURRENCY EVENTS [API ARGS...]: sharded commits on a fresh store.
provider_cell() {
    local group="$1" scenario="$2" cell_provider="$3" cell_nodes="$4" c="$5" events="$6"
    shift 6
    local saved="$provider"
    provider="$cell_provider"
    nodes="$cell_nodes"
    local cell="$group-$cell_provider-$cell_nodes-$c-$events${1:+-naive}"
    start_server "$cell" "$@"
    python3 "$here/bench.py" expect-commit "$base" /streams/write-bench-1/commit "$events"
    run_load "$warmup" "$c" "$work/warmup.txt" sharded "$events"
    python3 "$here/bench.py" cell /dev/null "$group" "$scenario" "$c" "$events" "$work/warmup.txt" > /dev/null
    run_load "$duration" "$c" "$work/wrk.txt" sharded "$events"
    python3 "$here/bench.py" cell "$results" "$group" "$scenario" "$c" "$events" "$work/wrk.txt"
    python3 "$here/bench.py" expect-streams "$base" "$(( c / cell_nodes ))"
    stop_server
    if [[ "${HTTP_BENCH_KEEP:-0}" != 1 ]]; then rm -rf "$work/data-$cell" "$work/data-$cell-node2"; fi
    provider="$saved"
    nodes=1
}

if [[ "$only" == postgres ]]; then
    echo "Providers (fresh store or database per cell):"
    for spec in "postgres|1" "postgres-batch|100"; do
        IFS='|' read -r group events <<< "$spec"
        for c in 1 16; do
            provider_cell "$group" "embedded engine" file 1 "$c" "$events"
            provider_cell "$group" "PostgreSQL, one node" postgres 1 "$c" "$events"
            if [[ "$c" -ge 2 ]]; then provider_cell "$group" "PostgreSQL, two nodes" postgres 2 "$c" "$events"; fi
            provider_cell "$group" "reference: PostgreSQL naive (one transaction per commit), one node" postgres 1 "$c" "$events" --EventStore:Postgres:MaxGroupOperations=1
        done
    done
    echo
fi

if [[ "$only" == all || "$only" == write ]]; then
    echo "Writes (fresh store and server per cell):"
    for c in "${levels[@]}"; do
        write_cell write "single-event commit (sharded streams)" sharded "$c" 1
        if [[ "$reference" == 1 ]]; then
            write_cell write "reference: bare Kestrel + group commit (fdatasync)" sharded "$c" 1 fdatasync
            write_cell write "reference: bare Kestrel, no disk" sharded "$c" 1 none
        fi
    done
    for c in "${levels[@]}"; do write_cell write "single-event commit (single stream)" single "$c" 1; done
    for c in 1 16; do write_cell batch "100-event commit (sharded streams)" sharded "$c" 100; done
    echo
fi

if [[ "$only" == all || "$only" == read ]]; then
    echo "Reads: loading the fixture ($read_events single-event commits alternating stream-1/stream-2)..."
    start_server read
    python3 "$here/bench.py" fixture "$base" "$read_events"
    low=$(( (read_events + 2) / 3 ))
    high=$(( 2 * read_events / 3 ))
    range_events=$(( high - low + 1 ))
    reads=(
        "1 - forward full scan|/streams/category/stream|$read_events"
        "2 - backwards full scan|/streams/category/stream/backwards/$read_events|$read_events"
        "3 - join stream|/streams/join?streams=stream-1,stream-2|$read_events"
        "4 - range scan|/streams/category/stream/from/$low/until/$high|$range_events"
    )
    for entry in "${reads[@]}"; do
        IFS='|' read -r scenario path events <<< "$entry"
        python3 "$here/bench.py" expect-lines "$base$path" "$events"
    done
    for entry in "${reads[@]}"; do
        IFS='|' read -r scenario path events <<< "$entry"
        for c in "${levels[@]}"; do
            run_wrk "$warmup" "$c" "$work/warmup.txt" -s "$here/read.lua" "$base$path"
            python3 "$here/bench.py" cell /dev/null read "$scenario" "$c" "$events" "$work/warmup.txt" > /dev/null
            run_wrk "$duration" "$c" "$work/wrk.txt" -s "$here/read.lua" "$base$path"
            python3 "$here/bench.py" cell "$results" read "$scenario" "$c" "$events" "$work/wrk.txt"
        done
    done
    stop_server
    echo
fi

mkdir -p "$root/bench/results"
out="$root/bench/results/http-$stamp.md"
echo "Results (events/s):"
echo
python3 "$here/bench.py" report "$results" "$header" "$out"
echo "Written to $out"
