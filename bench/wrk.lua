-- One wrk scenario, set by the environment (bench/run.py sets it):
--   BENCH_PATH     the path requested
--   BENCH_METHOD   GET (default) or POST
--   BENCH_COOKIES  comma-separated session cookies (rp_session values), used in turn
--   BENCH_BODIES   comma-separated form bodies for POST, one per cookie (each with its session's CSRF token)
-- done() prints one line that run.py reads.
local path = os.getenv("BENCH_PATH") or "/"
local method = os.getenv("BENCH_METHOD") or "GET"
local cookies, bodies = {}, {}
for c in string.gmatch(os.getenv("BENCH_COOKIES") or "", "[^,]+") do cookies[#cookies + 1] = c end
for b in string.gmatch(os.getenv("BENCH_BODIES") or "", "[^,]+") do bodies[#bodies + 1] = b end
local i = 0

request = function()
  i = i + 1
  local headers = {}
  local k = nil
  if #cookies > 0 then
    k = (i % #cookies) + 1
    headers["Cookie"] = "rp_session=" .. cookies[k]
  end
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", path, headers, bodies[k or 1])
  end
  return wrk.format(method, path, headers)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout, summary.requests))
end
