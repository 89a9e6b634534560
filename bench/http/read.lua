-- wrk script for the read scenarios of bench/http/run.sh: the request is the URL given to wrk (static, so wrk
-- builds it once); this script only reports the summary as one machine-readable line. An auth-on cell
-- (run.sh --only auth) sets CES_BENCH_AUTH to "Bearer <key>", sent with every request.

local auth = os.getenv("CES_BENCH_AUTH")
if auth ~= nil and auth ~= "" then wrk.headers["Authorization"] = auth end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        'RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"lat_mean_us":%.1f,"lat_p50_us":%d,"lat_p99_us":%d,"lat_max_us":%d}\n',
        summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
        latency.mean, latency:percentile(50), latency:percentile(99), latency.max))
end
