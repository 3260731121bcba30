-- wrk script: POST one JSON body read from the file named by the BODY environment variable.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open(os.getenv("BODY"), "r"))
wrk.body = f:read("*a")
f:close()

-- Optional pacing: each connection waits DELAY_MS milliseconds after every answer before its next
-- request (wrk's delay() takes whole milliseconds; a fractional DELAY_MS alternates the two nearest
-- whole values at random so that the mean wait is DELAY_MS). wrk times a request from when it is
-- written, so the wait is not part of the latency.
local pace = tonumber(os.getenv("DELAY_MS") or "0")
if pace > 0 then
  local whole = math.floor(pace)
  local frac = pace - whole
  function delay()
    if math.random() < frac then return whole + 1 end
    return whole
  end
end

-- Count non-2xx answers so that a run with errors cannot pass for a fast one.
function done(summary, latency, requests)
  io.write(string.format("non2xx_or_errors %d\n", summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
  for _, p in pairs({50, 90, 99, 99.9}) do
    io.write(string.format("latency_p%s_us %d\n", p, latency:percentile(p)))
  end
  io.write(string.format("requests_per_s %.1f\n", summary.requests / (summary.duration / 1e6)))
end
