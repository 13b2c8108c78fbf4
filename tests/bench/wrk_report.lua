-- wrk's script for tests/bench/load.py: the paths of $BENCH_PATHS taken in turn
-- (each thread from its own offset) and one JSON line of figures at the end.

local counter = 1
local threads = {}

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  paths = {}
  local file = io.open(os.getenv("BENCH_PATHS"), "r")
  for line in file:lines() do
    if line ~= "" then table.insert(paths, line) end
  end
  file:close()
  -- Thread n takes the paths n, n + threads, ...: no two take the same one.
  step = 2
  position = id
end

function request()
  local path = paths[((position - 1) % #paths) + 1]
  position = position + step
  return wrk.format(nil, path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50": %d, "p95": %d, "p99": %d, ' ..
    '"errors_connect": %d, "errors_read": %d, "errors_write": %d, ' ..
    '"errors_status": %d, "errors_timeout": %d}\n',
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
