-- wrk script: GET, with the same summary lines as post.lua.
function done(summary, latency, requests)
  io.write(string.format("non2xx_or_errors %d\n", summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
  for _, p in pairs({50, 90, 99, 99.9}) do
    io.write(string.format("latency_p%s_us %d\n", p, latency:percentile(p)))
  end
  io.write(string.format("requests_per_s %.1f\n", summary.requests / (summary.duration / 1e6)))
end
