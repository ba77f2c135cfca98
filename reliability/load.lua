-- wrk script: cycles through the request targets listed in the file given after `--`,
-- one per line, and counts answers by status class across all threads.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  targets = {}
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(targets, line) end
  end
  index = math.random(#targets)
  counts = { ["2xx"] = 0, ["3xx"] = 0, ["4xx"] = 0, ["5xx"] = 0 }
end

function request()
  index = index % #targets + 1
  return wrk.format("GET", targets[index], { ["Accept"] = "*/*" })
end

function response(status, headers, body)
  local class = tostring(math.floor(status / 100)) .. "xx"
  counts[class] = (counts[class] or 0) + 1
end

function done(summary, latency, requests)
  local totals = { ["2xx"] = 0, ["3xx"] = 0, ["4xx"] = 0, ["5xx"] = 0 }
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for class, n in pairs(c) do totals[class] = (totals[class] or 0) + n end
  end
  io.write(string.format("RESULT requests=%d duration_s=%.1f 2xx=%d 3xx=%d 4xx=%d 5xx=%d "
    .. "errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d errors_status=%d "
    .. "p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f\n",
    summary.requests, summary.duration / 1e6, totals["2xx"], totals["3xx"], totals["4xx"], totals["5xx"],
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
