#!/usr/bin/env bash
# Export and import of 1,000,000 events with the ces CLI against a real server (Release, fsync on, loopback).
#
#   bench/cli/run.sh                         # 1,000,000 events, both layouts (about 5-10 minutes on 2 cores)
#   bench/cli/run.sh --events 100000         # a multiple of 100,000
#   bench/cli/run.sh --layout grouped        # or: interleaved (default: both)
#
# For each layout (see generate.py): generate the NDJSON file in the format of `ces export`; `ces import` it into a
# fresh server (one commit at a time, as the CLI does: merged 500-event commits for the grouped layout, the source's
# 10-event commits for the interleaved one); `ces export` the server's _all to a file; check that the export holds
# exactly the generated events, in order (stream and payload of every line; positions and times are the server's).
# The rates are the CLI's own summary lines (events / wall time of the command, process start included).
# Environment: CLI_BENCH_PORT (default: a free port), CLI_BENCH_KEEP=1 keeps the temp directory.
# Results: printed, and written to bench/results/cli-<UTC date and time>.md.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/cli"
events=1000000
layouts=(grouped interleaved)
while [[ $# -gt 0 ]]; do
    case "$1" in
        --events) events="$2"; shift 2 ;;
        --layout) layouts=("$2"); shift 2 ;;
        -h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

work="$(mktemp -d "${TMPDIR:-/tmp}/ces-cli-bench.XXXXXX")"
server_pid=""
stop_server() {
    if [[ -n "$server_pid" ]]; then
        kill "$server_pid" 2> /dev/null || true
        wait "$server_pid" 2> /dev/null || true
        server_pid=""
    fi
}
cleanup() {
    stop_server
    if [[ "${CLI_BENCH_KEEP:-0}" != 1 ]]; then rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port="${CLI_BENCH_PORT:-$(free_port)}"
base="http://127.0.0.1:$port"

echo "Building the Api and the CLI (Release)..."
dotnet publish "$root/src/Api/Api.csproj" -c Release -o "$work/api" -nologo -v quiet > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
dotnet publish "$root/src/Cli/Cli.csproj" -c Release -o "$work/cli" -nologo -v quiet > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
ces() { dotnet "$work/cli/ces.dll" "$@"; }

start_server() {
    local name="$1"
    rm -rf "$work/data-$name"
    (cd "$work/api" && exec dotnet CleanEventStore.Api.dll --urls "$base" "--EventStore:StorageDirectory=$work/data-$name" \
        --EventStore:Durability=Fsync > "$work/server-$name.log" 2>&1) &
    server_pid=$!
    for _ in $(seq 1 300); do
        if curl -fsS "$base/health" > /dev/null 2>&1; then return 0; fi
        if ! kill -0 "$server_pid" 2> /dev/null; then cat "$work/server-$name.log"; echo "the server exited" >&2; exit 1; fi
        sleep 0.1
    done
    echo "the server did not answer /health" >&2
    exit 1
}

# The "import: N events in S s, R events/s" line of a command's stderr.
summary() { grep -E "^$1: [0-9]+ events in " "$2" | tail -1; }

results="$root/bench/results/cli-$(date -u +%Y%m%d-%H%M%S).md"
mkdir -p "$root/bench/results"
{
    echo "# ces export / import, $events events ($(date -u +%Y-%m-%dT%H:%MZ))"
    echo
    echo "Machine: $(nproc) cores, load before the run: $(cut -d' ' -f1-3 /proc/loadavg). Server: Release, Durability=Fsync, loopback."
    echo
    echo "| layout | commits sent by import | import events/s | export events/s | file |"
    echo "|---|---|---|---|---|"
} > "$results"

for layout in "${layouts[@]}"; do
    input="$work/$layout.ndjson"
    echo "Generating $events events ($layout)..."
    python3 "$here/generate.py" "$input" "$events" "$layout"
    start_server "$layout"

    echo "ces import ($layout)..."
    ces import "$input" --no-checkpoint --server "$base" > "$work/import-$layout.out" 2> "$work/import-$layout.err" || { cat "$work/import-$layout.err"; exit 1; }
    import_line="$(summary import "$work/import-$layout.err")"
    echo "  $import_line"
    cat "$work/import-$layout.out"

    echo "ces export ($layout)..."
    ces export --output "$work/export-$layout.ndjson" --server "$base" > /dev/null 2> "$work/export-$layout.err" || { cat "$work/export-$layout.err"; exit 1; }
    export_line="$(summary export "$work/export-$layout.err")"
    echo "  $export_line"

    # The export must hold exactly the generated events, in order: compare each line up to its metadata.
    python3 - "$input" "$work/export-$layout.ndjson" << 'PY'
import sys
def heads(path):
    with open(path, "rb") as f:
        for line in f:
            yield line[: line.rindex(b',"metadata":')]
n = 0
for a, b in zip(heads(sys.argv[1]), heads(sys.argv[2]), strict=True):
    n += 1
    if a != b:
        sys.exit(f"line {n} differs:\n  {a[:200]!r}\n  {b[:200]!r}")
print(f"  checked: the export holds the {n} generated events, in order")
PY
    commits="$(grep -oE 'in [0-9]+ commits' <<< "$import_line" | grep -oE '[0-9]+' || true)"
    rate() { sed -E 's/.*, ([0-9]+) events\/s.*/\1/' <<< "$1"; }
    echo "| $layout | ${commits:-?} | $(rate "$import_line") | $(rate "$export_line") | $(du -m "$input" | cut -f1) MB |" >> "$results"
    stop_server
    rm -f "$input" "$work/export-$layout.ndjson"
done

echo
cat "$results"
echo "Written to $results"
