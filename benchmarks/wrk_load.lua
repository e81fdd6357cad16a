-- Rotate through the read paths given as arguments; with a first argument "token=…", one request
-- in five instead adds an observation (each with its own source URL, so none is a duplicate, also
-- across runs: the URL holds the run's start time).
-- Reports percentiles and errors as one JSON line.
local token, paths = nil, {}
local counter = 0  -- `id` is set per thread by setup()
local run = os.time()
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  for i, a in ipairs(args) do
    if i == 1 and a:sub(1, 6) == "token=" then token = a:sub(7) else table.insert(paths, a) end
  end
end

function request()
  counter = counter + 1
  if token and counter % 5 == 0 then
    local body = string.format(
      '{"region":"南山区","indicator":"tech_contract_turnover","year":2024,"value":"%d","unit":"亿元","source_url":"http://load/%d/%d/%d"}',
      100 + counter % 50, run, id, counter)
    return wrk.format("POST", "/api/v1/observations", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
  end
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.2f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3, e.connect, e.read, e.write, e.status, e.timeout))
end
