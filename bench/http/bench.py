#!/usr/bin/env python3
"""Helper of bench/http/run.sh (Python 3 standard library only).

  fixture BASE_URL EVENTS          load the read fixture: EVENTS single-event commits alternating stream-1/stream-2
  expect-health BASE_URL [DURABILITY]
                                   fail unless /health says the store is open, writable and fsyncs (Durability=Fsync;
                                   PostgreSQL reports "PostgreSQL")
  merge OUT WRK_OUTPUT...          one RESULT line for wrk runs that loaded several nodes at once (sums; worst latency)
  expect-commit BASE_URL PATH N    POST one commit of N events to PATH, fail unless 201 with N events acknowledged
  expect-lines URL N               GET URL, fail unless 200 application/x-ndjson with exactly N lines
  expect-streams BASE_URL N        fail unless write-bench-1..N all exist and hold events
  cell RESULTS GROUP SCENARIO CONCURRENCY EVENTS_PER_REQUEST WRK_OUTPUT
                                   parse wrk's RESULT line, fail on any error, append the cell to RESULTS (JSON lines)
  report RESULTS HEADER_FILE OUT   print the markdown tables and write them (after the header) to OUT
"""
import http.client
import json
import os
import sys
import urllib.parse

PAYLOAD = "x" * 460


def fail(message):
    print(f"bench.py: {message}", file=sys.stderr)
    sys.exit(1)


def connect(base_url):
    url = urllib.parse.urlsplit(base_url)
    return http.client.HTTPConnection(url.hostname, url.port, timeout=60)


def commit_body(events, seq, lane=None):
    items = []
    for e in range(events):
        item = {"type": "BenchEvent", "seq": seq + e}
        if lane is not None:
            item["lane"] = lane
        item["payload"] = PAYLOAD
        items.append(item)
    return json.dumps({"events": items}, separators=(",", ":")).encode()


def auth_headers():
    """The Authorization header of an auth-on cell (run.sh sets CES_BENCH_AUTH), else none."""
    value = os.environ.get("CES_BENCH_AUTH")
    return {"Authorization": value} if value else {}


def post(connection, path, body):
    connection.request("POST", path, body=body, headers={"Content-Type": "application/json", **auth_headers()})
    response = connection.getresponse()
    return response.status, response.read()


def fixture(base_url, count):
    connection = connect(base_url)
    for i in range(count):
        stream = "stream-1" if i % 2 == 0 else "stream-2"
        status, body = post(connection, f"/streams/{stream}/commit", commit_body(1, i))
        if status != 201:
            fail(f"fixture commit {i} to {stream} answered {status}: {body[:300]!r}")
    connection.close()


def expect_health(base_url, durability="Fsync"):
    connection = connect(base_url)
    connection.request("GET", "/health")
    response = connection.getresponse()
    body = response.read()
    store = json.loads(body).get("store", {}) if response.status == 200 else {}
    if store.get("durability") != durability or not store.get("writable"):
        fail(f"GET /health answered {response.status}, expected a writable store with durability {durability}: {body[:300]!r}")


def merge(out, *wrk_outputs):
    """Sums the RESULT lines of wrk runs that loaded several nodes at once into one (latencies: the worst node's)."""
    results = []
    for path in wrk_outputs:
        with open(path, encoding="utf-8") as handle:
            lines = [line for line in handle.read().splitlines() if line.startswith("RESULT ")]
        if not lines:
            fail(f"wrk printed no RESULT line in {path}")
        results.append(json.loads(lines[-1][len("RESULT "):]))
    merged = {key: sum(r[key] for r in results) for key in ("requests", "bytes", "connect", "read", "write", "status", "timeout")}
    merged["duration_us"] = max(r["duration_us"] for r in results)
    merged["lat_mean_us"] = sum(r["lat_mean_us"] * r["requests"] for r in results) / max(1, merged["requests"])
    for key in ("lat_p50_us", "lat_p99_us", "lat_max_us"):
        merged[key] = max(r[key] for r in results)
    with open(out, "w", encoding="utf-8") as handle:
        handle.write("RESULT " + json.dumps(merged) + "\n")


def expect_commit(base_url, path, events):
    connection = connect(base_url)
    status, body = post(connection, path, commit_body(events, -1, 0))
    if status != 201:
        fail(f"POST {path} answered {status}, expected 201: {body[:300]!r}")
    acknowledged = len(json.loads(body).get("events", []))
    if acknowledged != events:
        fail(f"POST {path} acknowledged {acknowledged} events, expected {events}: {body[:300]!r}")


def expect_lines(url, expected):
    parts = urllib.parse.urlsplit(url)
    connection = connect(url)
    connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=auth_headers())
    response = connection.getresponse()
    body = response.read()
    content_type = response.getheader("Content-Type", "")
    if response.status != 200 or not content_type.startswith("application/x-ndjson"):
        fail(f"GET {url} answered {response.status} {content_type}: {body[:300]!r}")
    lines = body.count(b"\n")
    if lines != expected or not body.endswith(b"\n"):
        fail(f"GET {url} returned {lines} NDJSON lines, expected {expected}")
    print(f"  check: GET {parts.path}{'?' + parts.query if parts.query else ''} -> 200, {lines} lines, {len(body):,} bytes")


def expect_streams(base_url, count):
    connection = connect(base_url)
    for lane in range(1, count + 1):
        connection.request("GET", f"/streams/write-bench-{lane}/version", headers=auth_headers())
        response = connection.getresponse()
        body = response.read()
        if response.status != 200 or json.loads(body).get("version", 0) < 1:
            fail(f"stream write-bench-{lane} was not written: {response.status} {body[:200]!r}")


def cell(results, group, scenario, concurrency, events_per_request, wrk_output):
    with open(wrk_output, encoding="utf-8") as handle:
        text = handle.read()
    lines = [line for line in text.splitlines() if line.startswith("RESULT ")]
    if not lines:
        fail(f"wrk printed no RESULT line for {scenario} c={concurrency}:\n{text}")
    data = json.loads(lines[-1][len("RESULT "):])
    errors = {key: data[key] for key in ("connect", "read", "write", "status", "timeout") if data[key]}
    if errors:
        fail(f"{scenario} c={concurrency}: wrk counted errors {errors} (status = non-2xx/3xx responses):\n{text}")
    if data["requests"] == 0:
        fail(f"{scenario} c={concurrency}: no request completed:\n{text}")
    seconds = data["duration_us"] / 1e6
    rate = data["requests"] * int(events_per_request) / seconds
    cpu = [line.split()[1:] for line in text.splitlines() if line.startswith("CPU ")]
    if cpu:
        server0, machine0, server1, machine1, ticks = (float(v) for v in cpu[-1])
        data["server_cores"] = (server1 - server0) / ticks / seconds
        data["machine_cores"] = (machine1 - machine0) / ticks / seconds
        data["server_us_per_request"] = (server1 - server0) / ticks / data["requests"] * 1e6
    data.update(group=group, scenario=scenario, concurrency=int(concurrency),
                events_per_request=int(events_per_request), events_per_second=rate)
    with open(results, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(data) + "\n")
    print(f"  {scenario:<40} c={int(concurrency):<3} {rate:>13,.0f} events/s  "
          f"({data['requests']:,} requests in {seconds:.2f} s, p50 {data['lat_p50_us'] / 1000:.2f} ms, "
          f"p99 {data['lat_p99_us'] / 1000:.2f} ms, server {data.get('server_cores', 0):.2f} cores, "
          f"machine {data.get('machine_cores', 0):.2f} of {os.cpu_count()} cores)")


GROUPS = [
    ("write", "Write (events/s, 1 event/commit)"),
    ("batch", "Write (events/s, 100 events/commit)"),
    ("read", "Read (events/s)"),
    ("auth", "Authentication's cost (events/s)"),
    ("metrics", "Metrics' cost (events/s)"),
    ("postgres", "Providers: single-event commits (events/s)"),
    ("postgres-batch", "Providers: 100-event commits (events/s)"),
]


def report(results, header_file, out):
    cells = []
    with open(results, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                cells.append(json.loads(line))
    output = []
    for group, title in GROUPS:
        rows = [c for c in cells if c["group"] == group]
        if not rows:
            continue
        levels = sorted({c["concurrency"] for c in rows})
        scenarios = list(dict.fromkeys(c["scenario"] for c in rows))
        output.append(f"| {title} | " + " | ".join(str(level) for level in levels) + " |")
        output.append("| --- | " + " | ".join("---:" for _ in levels) + " |")
        for scenario in scenarios:
            values = []
            for level in levels:
                match = [c for c in rows if c["scenario"] == scenario and c["concurrency"] == level]
                values.append(f"{match[-1]['events_per_second']:,.0f}" if match else "")
            output.append(f"| {scenario} | " + " | ".join(values) + " |")
        output.append("")
    detail = ["| group | scenario | c | requests | seconds | events/s | p50 ms | p99 ms | MB/s received "
              "| server cores | machine cores | server CPU us/request |",
              "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for c in cells:
        seconds = c["duration_us"] / 1e6
        detail.append(f"| {c['group']} | {c['scenario']} | {c['concurrency']} | {c['requests']:,} | {seconds:.2f} | "
                      f"{c['events_per_second']:,.0f} | {c['lat_p50_us'] / 1000:.2f} | {c['lat_p99_us'] / 1000:.2f} | "
                      f"{c['bytes'] / seconds / 1e6:,.1f} | {c.get('server_cores', 0):.2f} | "
                      f"{c.get('machine_cores', 0):.2f} | {c.get('server_us_per_request', 0):,.0f} |")
    tables = "\n".join(output)
    print(tables)
    with open(header_file, encoding="utf-8") as handle:
        header = handle.read()
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(header + "\n" + tables + "\n### Cells (wrk)\n\n" + "\n".join(detail) + "\n")


def main(argv):
    if len(argv) < 2:
        fail(__doc__)
    command, args = argv[1], argv[2:]
    if command == "fixture":
        fixture(args[0], int(args[1]))
    elif command == "expect-health":
        expect_health(*args)
    elif command == "merge":
        merge(*args)
    elif command == "expect-commit":
        expect_commit(args[0], args[1], int(args[2]))
    elif command == "expect-lines":
        expect_lines(args[0], int(args[1]))
    elif command == "expect-streams":
        expect_streams(args[0], int(args[1]))
    elif command == "cell":
        cell(*args)
    elif command == "report":
        report(*args)
    else:
        fail(f"unknown command {command}\n{__doc__}")


if __name__ == "__main__":
    main(sys.argv)
