-- wrk script for the write scenarios of bench/http/run.sh (seed HTTP protocol, section 9).
--   wrk ... -s write.lua <url> -- <sharded|single> <connections> <threads> <events per request>
-- Lanes: the original runs one async lane per unit of concurrency, lane i writing to write-bench-<i+1>. wrk's
-- request() does not say which connection it is building for, so each wrk thread owns connections/threads lanes
-- and hands them out round-robin: as many distinct streams as connections, each written at the same rate.
-- "single" sends every request to write-bench. Bodies are the original's:
--   {"events":[{"type":"BenchEvent","seq":<n>,"lane":<lane>,"payload":"<460 x>"}]}
-- With more than one event per request, each lane's body is built once (seq 0..n-1 inside the commit).

local next_thread_id = 0

function setup(thread)
    thread:set("thread_id", next_thread_id)
    next_thread_id = next_thread_id + 1
end

local payload = string.rep("x", 460)
local headers = { ["Content-Type"] = "application/json" }
-- An auth-on cell of run.sh (--only auth) sets CES_BENCH_AUTH to "Bearer <key>".
local auth = os.getenv("CES_BENCH_AUTH")
if auth ~= nil and auth ~= "" then headers["Authorization"] = auth end
local paths = {}
local bodies = {}
local lanes = {}
local lane_count = 0
local next_lane = 0
local seq = 0
local stride = 1
local offset = 0
local events = 1

local function event(seq_value, lane)
    return '{"type":"BenchEvent","seq":' .. seq_value .. ',"lane":' .. lane .. ',"payload":"' .. payload .. '"}'
end

function init(args)
    local mode = args[1] or "sharded"
    local connections = tonumber(args[2] or "1")
    local threads = tonumber(args[3] or "1")
    events = tonumber(args[4] or "1")
    local per_thread = math.floor(connections / threads)
    if per_thread < 1 then per_thread = 1 end
    stride = threads
    offset = thread_id
    for k = 0, per_thread - 1 do
        local lane = thread_id * per_thread + k
        lanes[k] = lane
        if mode == "single" then
            paths[k] = "/streams/write-bench/commit"
        else
            paths[k] = "/streams/write-bench-" .. (lane + 1) .. "/commit"
        end
        if events > 1 then
            local parts = {}
            for e = 0, events - 1 do
                parts[#parts + 1] = event(e, lane)
            end
            bodies[k] = '{"events":[' .. table.concat(parts, ",") .. ']}'
        end
    end
    lane_count = per_thread
end

function request()
    local k = next_lane
    next_lane = (next_lane + 1) % lane_count
    local body = bodies[k]
    if body == nil then
        body = '{"events":[' .. event(seq * stride + offset, lanes[k]) .. ']}'
        seq = seq + 1
    end
    return wrk.format("POST", paths[k], headers, body)
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        'RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"lat_mean_us":%.1f,"lat_p50_us":%d,"lat_p99_us":%d,"lat_max_us":%d}\n',
        summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
        latency.mean, latency:percentile(50), latency:percentile(99), latency.max))
end
