-- wrk script: POST one JSON body read from the file named by the BODY environment variable.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open(os.getenv("BODY"), "r"))
wrk.body = f:read("*a")
f:close()

-- Count non-2xx answers so that a run with errors cannot pass for a fast one.
function done(summary, latency, requests)
  io.write(string.format("non2xx_or_errors %d\n", summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
  for _, p in pairs({50, 90, 99, 99.9}) do
    io.write(string.format("latency_p%s_us %d\n", p, latency:percentile(p)))
  end
  io.write(string.format("requests_per_s %.1f\n", summary.requests / (summary.duration / 1e6)))
end
