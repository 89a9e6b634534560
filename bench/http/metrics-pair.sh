#!/usr/bin/env bash
# The metrics' cost measured as a pair: two servers run at once, one with Metrics:Enabled=false and one with metrics on
# (its /metrics scraped every second), and wrk loads them in alternating 3 s bursts, so that the noise of a shared
# machine falls on both alike. Prints each burst and the totals: requests and server CPU per request of each.
#
#   bench/http/metrics-pair.sh write 6      # c=16 single-event commits (sharded), 6 rounds
#   bench/http/metrics-pair.sh read 6       # c=16 full scans of a 10,000-event category
#   SECOND_ARGS=--Metrics:Enabled=false bench/http/metrics-pair.sh write 6   # the control: off against off
#
# Durability=OsBuffered: the cells are CPU-bound, so the per-request CPU shows what metrics add (with fsync the disk
# dominates and the same cost is a smaller share).
set -euo pipefail
kind="${1:-write}"; rounds="${2:-6}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/ces-metrics-pair.XXXXXX")"
pids=()
scraper=""
cleanup() { [[ -n "$scraper" ]] && kill "$scraper" 2> /dev/null; for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done; wait 2> /dev/null; rm -rf "$work"; }
trap cleanup EXIT
command -v wrk > /dev/null || apt-get install -y wrk > /dev/null
dotnet publish "$root/src/Api/Api.csproj" -c Release -o "$work/api" -nologo -v quiet > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ports=("$(free_port)" "$(free_port)")
start() {
    local port=$1; shift
    (cd "$work/api" && ASPNETCORE_ENVIRONMENT=Production exec dotnet CleanEventStore.Api.dll --urls "http://127.0.0.1:$port" \
        "--EventStore:StorageDirectory=$work/data-$port" --EventStore:Durability=OsBuffered "$@" > "$work/log-$port" 2>&1) &
    pids+=($!)
    for _ in $(seq 1 200); do curl -fs "localhost:$port/health" > /dev/null 2>&1 && return 0; sleep 0.1; done
    echo "the server on $port did not start" >&2; exit 1
}
start "${ports[0]}" --Metrics:Enabled=false
# shellcheck disable=SC2086
start "${ports[1]}" ${SECOND_ARGS:-}
( while true; do curl -s "localhost:${ports[1]}/metrics" > /dev/null; sleep 1; done ) & scraper=$!
for port in "${ports[@]}"; do
    python3 - "$port" << 'PY'
import http.client, json, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]))
p = "x" * 460
for i in range(100):
    body = json.dumps({"events": [{"type": "BenchEvent", "seq": j, "payload": p} for j in range(100)]})
    c.request("POST", f"/streams/stream-{i % 2 + 1}/commit", body, {"Content-Type": "application/json"})
    r = c.getresponse(); r.read(); assert r.status == 201, r.status
PY
done
burst() {
    local port=$1 secs=$2
    if [[ $kind == read ]]; then wrk -t2 -c16 -d"${secs}s" "http://127.0.0.1:$port/streams/category/stream"
    else wrk -t2 -c16 -d"${secs}s" -s "$root/bench/http/write.lua" "http://127.0.0.1:$port" -- sharded 16 2 1; fi |
        grep -oE "^ +[0-9]+ requests" | grep -oE "[0-9]+"
}
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
burst "${ports[0]}" 4 > /dev/null; burst "${ports[1]}" 4 > /dev/null   # warm-up (JIT tiering)
cpu=(0 0); req=(0 0); names=(off "${SECOND_ARGS:+second}"); names[1]="${names[1]:-on}"
for r in $(seq 1 "$rounds"); do
    for i in 0 1; do
        a=$(ticks "${pids[$i]}"); n=$(burst "${ports[$i]}" 3); b=$(ticks "${pids[$i]}")
        cpu[i]=$((cpu[i] + b - a)); req[i]=$((req[i] + n))
        echo "round $r ${names[$i]}: $n requests, $(((b - a) * 10000 / n)) us CPU/request"
    done
done
echo "TOTAL ${names[0]}: ${req[0]} requests, $((cpu[0] * 10000 / req[0])) us CPU/request; ${names[1]}: ${req[1]} requests, $((cpu[1] * 10000 / req[1])) us CPU/request"
