-- wrk script of benchmarks/api_load.py: POST /v1/screen with a Bearer key, bodies drawn at random
-- from a file (one JSON body a line). Each thread writes "<screening_id>\t<list_versions JSON>" of
-- every 200 answer to <out>/ids-<n>.tsv (flushed when wrk exits); done() prints the status counts
-- and latency percentiles as one line of JSON.
-- Arguments (after --): <bodies file> <API key> <out dir>

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("number", counter)
  table.insert(threads, thread)
end

local requests = {}
statuses = {} -- global: done() reads it from each thread
local ids
local out

function init(args)
  local headers = {
    ["Authorization"] = "Bearer " .. args[2],
    ["Content-Type"] = "application/json",
  }
  for body in io.lines(args[1]) do
    table.insert(requests, wrk.format("POST", "/v1/screen", headers, body))
  end
  out = args[3]
  ids = io.open(out .. "/ids-" .. number .. ".tsv", "w")
  math.randomseed(number * 7919)
end

function request()
  return requests[math.random(#requests)]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 200 then
    local id = body:match('"screening_id":"(%x+)"')
    local versions = body:match('"list_versions":(%b{})')
    ids:write(id or "-", "\t", versions or "-", "\n")
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      table.insert(counts, string.format('"%d": %d', status, n))
    end
  end
  print(string.format(
    '{"statuses": [{%s}], "requests": %d, "seconds": %.3f, "p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f, '
      .. '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}',
    table.concat(counts, "}, {"), summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout))
end
