#!/usr/bin/env bash
# Runs the engine benchmarks (bench/Engine, BenchmarkDotNet) in Release and prints BenchmarkDotNet's markdown tables.
#
#   bench/run-engine.sh                      # everything (about 4 minutes on 2 cores, plus the build)
#   bench/run-engine.sh --filter '*Scan*'    # a subset; any BenchmarkDotNet argument passes through
#
# Results: bench/results/engine-<UTC timestamp>/results/*-report-github.md (also printed at the end).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

args=("$@")
has_filter=false
for arg in "${args[@]}"; do
    case "$arg" in
        --filter|-f|--filter=*|--list|--list=*|--help|-h|--info) has_filter=true ;;
    esac
done
if [[ "$has_filter" == false ]]; then
    args=(--filter '*' "${args[@]}")
fi

has_artifacts=false
for arg in "${args[@]}"; do
    case "$arg" in
        --artifacts|--artifacts=*|-a) has_artifacts=true ;;
    esac
done
artifacts="$root/bench/results/engine-$(date -u +%Y%m%d-%H%M%S)"
if [[ "$has_artifacts" == false ]]; then
    args+=(--artifacts "$artifacts")
fi

echo "# Engine benchmarks"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo "durability: Fsync (every acknowledged commit is fsynced); temp directories under ${TMPDIR:-/tmp}"
echo

dotnet build -c Release bench/Engine/Engine.csproj -nologo -v quiet
dotnet run -c Release --no-build --project bench/Engine -- "${args[@]}"

if [[ "$has_artifacts" == false && -d "$artifacts/results" ]]; then
    echo
    echo "# Markdown tables ($artifacts/results)"
    for report in "$artifacts"/results/*-report-github.md; do
        [[ -e "$report" ]] || continue
        echo
        cat "$report"
    done
fi
