#!/usr/bin/env python3
"""Writes N events in the format of `ces export` (one stored document per line, in log order) for bench/cli/run.sh.

    generate.py FILE EVENTS LAYOUT

LAYOUT grouped:     1,000 streams; each stream's events are contiguous in the file (a store whose streams were
                    written one after another), in source commits of 10 events: `ces import` merges them into
                    commits of up to --batch-size events.
LAYOUT interleaved: source commits of 10 events, round-robin over 10,000 streams (a store written by many
                    writers at once): no two consecutive commits share a stream, so the import sends N/10 commits.
"""
import sys

COMMIT = 10


def main():
    path, events, layout = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if layout not in ("grouped", "interleaved"):
        sys.exit("LAYOUT is grouped or interleaved")
    streams = 1000 if layout == "grouped" else 10000
    if events % (streams * COMMIT) != 0:
        sys.exit(f"EVENTS must be a multiple of {streams * COMMIT} for the {layout} layout")
    per_stream = events // streams
    committed_at = 1796000000000
    position = 0
    with open(path, "w", encoding="ascii", buffering=1 << 20) as out:
        def commit(stream, first_version):
            nonlocal position
            commit_id = position
            lines = []
            for i in range(COMMIT):
                version = first_version + i
                lines.append(
                    f'{{"stream":"orders-{stream}","payload":{{"type":"OrderLineAdded","orderId":"{stream}",'
                    f'"line":{version},"sku":"SKU-{(stream * 31 + version) % 100000:05d}","quantity":{version % 7 + 1},'
                    f'"price":{(stream + version) % 5000 + 99}}},"metadata":{{"commitId":{commit_id},'
                    f'"committedAt":{committed_at + commit_id // 100},"commitVersion":{i},"commitSize":{COMMIT},'
                    f'"streamVersion":{version}}}}}\n')
            position += COMMIT
            out.write("".join(lines))

        if layout == "grouped":
            for stream in range(streams):
                for first in range(0, per_stream, COMMIT):
                    commit(stream, first)
        else:
            for first in range(0, per_stream, COMMIT):
                for stream in range(streams):
                    commit(stream, first)


if __name__ == "__main__":
    main()
