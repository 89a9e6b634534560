#!/usr/bin/env bash
# Follow benchmark (issue 14): what idle and active followers cost the server.
#
#   bench/follow/run.sh                       # both runs on the embedded engine (about a minute)
#   bench/follow/run.sh --only idle           # or: --only active
#   bench/follow/run.sh --followers 1000 --active-followers 100 --writers 16 --seconds 10
#   bench/follow/run.sh --provider postgres   # on PostgreSQL (a fresh database per run; PGHOST/PGPORT/PGUSER/PGPASSWORD
#                                             # as for bench/http, default the role ces/ces on 127.0.0.1:5432)
#
# idle:   commits one event to each of N streams, measures the server's RSS (/proc/<pid>/status), opens N followers
#         (GET /streams/idle-<i>?follow=true, one connection each), measures RSS again once all are caught up, then the
#         server's CPU (utime+stime from /proc/<pid>/stat) over --seconds while they idle and get a heartbeat each second.
# active: --writers concurrent single-event commits for --seconds without followers, then the same with
#         --active-followers _all followers; reports commits/s of each phase and the delivery lag (from sending the
#         commit request to the follower reading the line) of every event at every follower.
# The load generator is bench/follow/FollowBench (a small C# console, no packages) on the same machine as the server.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
only=all
provider=file
followers=1000
active_followers=100
writers=16
seconds=10
while [[ $# -gt 0 ]]; do
    case "$1" in
        --only) only="$2"; shift 2 ;;
        --provider) provider="$2"; shift 2 ;;
        --followers) followers="$2"; shift 2 ;;
        --active-followers) active_followers="$2"; shift 2 ;;
        --writers) writers="$2"; shift 2 ;;
        --seconds) seconds="$2"; shift 2 ;;
        -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

ulimit -n 65536 2> /dev/null || true
work="$(mktemp -d /tmp/ces-follow-bench.XXXXXX)"
server_pid=""
database=""
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-ces}" PGPASSWORD="${PGPASSWORD:-ces}"
cleanup() {
    if [[ -n "$server_pid" ]]; then kill "$server_pid" 2> /dev/null || true; wait "$server_pid" 2> /dev/null || true; fi
    if [[ -n "$database" ]]; then psql -d postgres -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" > /dev/null 2>&1 || true; fi
    if [[ -n "${FOLLOW_BENCH_KEEP:-}" ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

echo "Building the Api and the load generator (Release)..."
dotnet publish "$root/src/Api/Api.csproj" -c Release -o "$work/api" -nologo -v quiet > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
dotnet publish "$root/bench/follow/FollowBench/FollowBench.csproj" -c Release -o "$work/bench" -nologo -v quiet > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"

start_server() {
    local args=(--urls "$url" --EventStore:FollowHeartbeatMs=1000 --Logging:LogLevel:Default=Warning)
    if [[ "$provider" == postgres ]]; then
        database="ces_follow_bench_$RANDOM$RANDOM"
        psql -d postgres -qc "CREATE DATABASE $database" > /dev/null
        args+=(--EventStore:Provider=Postgres "--EventStore:Postgres:ConnectionString=Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Password=$PGPASSWORD;Database=$database;Maximum Pool Size=${FOLLOW_BENCH_POOL:-20}")
    else
        rm -rf "$work/data"
        args+=("--EventStore:StorageDirectory=$work/data")
    fi

    (cd "$work/api" && ASPNETCORE_ENVIRONMENT=Production exec dotnet CleanEventStore.Api.dll "${args[@]}") > "$work/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 200); do curl -sf "$url/health" > /dev/null && return 0; sleep 0.1; done
    echo "the server did not start:"; cat "$work/server.log"; exit 1
}

stop_server() {
    kill "$server_pid"; wait "$server_pid" 2> /dev/null || true; server_pid=""
    if [[ -n "$database" ]]; then psql -d postgres -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" > /dev/null 2>&1 || true; database=""; fi
}

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), provider $provider, source $(git -C "$root" rev-parse --short HEAD)"
if [[ "$only" == all || "$only" == idle ]]; then
    start_server
    dotnet "$work/bench/CleanEventStore.FollowBench.dll" idle --url "$url" --pid "$server_pid" --followers "$followers" --seconds "$seconds"
    stop_server
fi

if [[ "$only" == all || "$only" == active ]]; then
    start_server
    dotnet "$work/bench/CleanEventStore.FollowBench.dll" active --url "$url" --pid "$server_pid" --followers "$active_followers" --writers "$writers" --seconds "$seconds"
    stop_server
fi
