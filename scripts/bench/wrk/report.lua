-- Diez Mil: wrk reporter. wrk calls done() once, after the run; it writes the
-- numbers as JSON to the file named by DIEZMIL_WRK_OUT, so the runner never
-- scrapes wrk's text output. Latencies are in microseconds, duration too.
local out_path = os.getenv("DIEZMIL_WRK_OUT")

local function num(x)
  if x == nil or x ~= x or x == math.huge or x == -math.huge then return "null" end
  return string.format("%.17g", x)
end

function done(summary, latency, requests)
  if out_path == nil or out_path == "" then
    io.stderr:write("report.lua: DIEZMIL_WRK_OUT is not set\n")
    return
  end
  local e = summary.errors
  local parts = {
    '{"duration_us":', num(summary.duration),
    ',"requests":', num(summary.requests),
    ',"bytes":', num(summary.bytes),
    ',"errors":{"connect":', num(e.connect),
    ',"read":', num(e.read),
    ',"write":', num(e.write),
    ',"status":', num(e.status),
    ',"timeout":', num(e.timeout), '}',
    ',"latency_us":{"min":', num(latency.min),
    ',"max":', num(latency.max),
    ',"mean":', num(latency.mean),
    ',"stdev":', num(latency.stdev),
    ',"p50":', num(latency:percentile(50)),
    ',"p90":', num(latency:percentile(90)),
    ',"p99":', num(latency:percentile(99)),
    '}',
    ',"requests_per_thread":{"mean":', num(requests.mean),
    ',"stdev":', num(requests.stdev),
    ',"max":', num(requests.max), '}',
    '}\n',
  }
  local f, err = io.open(out_path, "w")
  if f == nil then
    io.stderr:write("report.lua: cannot write " .. out_path .. ": " .. tostring(err) .. "\n")
    return
  end
  f:write(table.concat(parts))
  f:close()
end
