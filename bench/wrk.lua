-- One wrk scenario, set by the environment (bench/run.py sets it):
--   BENCH_PATH     the path requested
--   BENCH_PATHS    comma-separated paths instead, requested in turn (e.g. the items of an agenda)
--   BENCH_METHOD   GET (default) or POST
--   BENCH_COOKIES  comma-separated session cookies (rp_session values), used in turn
--   BENCH_BODIES   comma-separated form bodies for POST, one per cookie (each with its session's CSRF token)
--   BENCH_HEADER   one more request header, "Name: value" (e.g. "Accept-Encoding: gzip")
-- done() prints one line that run.py reads.
local path = os.getenv("BENCH_PATH") or "/"
local method = os.getenv("BENCH_METHOD") or "GET"
local cookies, bodies = {}, {}
for c in string.gmatch(os.getenv("BENCH_COOKIES") or "", "[^,]+") do cookies[#cookies + 1] = c end
for b in string.gmatch(os.getenv("BENCH_BODIES") or "", "[^,]+") do bodies[#bodies + 1] = b end
local paths = {}
for p in string.gmatch(os.getenv("BENCH_PATHS") or "", "[^,]+") do paths[#paths + 1] = p end
if #paths == 0 then paths[1] = path end
local extra_name, extra_value = string.match(os.getenv("BENCH_HEADER") or "", "^([^:]+):%s*(.+)$")

-- The requests are formatted once, here: formatting one per request in Lua cost wrk enough CPU
-- to take a visible share of the two cores it shares with the app. Without cookies or bodies no
-- request() is defined at all, and wrk sends its own static request.
if #cookies > 0 or method == "POST" or #paths > 1 then
  local prepared = {}
  local i = 0
  -- init runs after wrk has set the Host header that wrk.format adds.
  init = function(args)
    for k = 1, math.max(#cookies, #paths, 1) do
      local headers = {}
      if #cookies > 0 then headers["Cookie"] = "rp_session=" .. cookies[((k - 1) % #cookies) + 1] end
      if extra_name then headers[extra_name] = extra_value end
      local body = nil
      if method == "POST" then
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = bodies[((k - 1) % math.max(#bodies, 1)) + 1]
      end
      prepared[k] = wrk.format(method, paths[((k - 1) % #paths) + 1], headers, body)
    end
  end
  request = function()
    i = i + 1
    return prepared[(i % #prepared) + 1]
  end
else
  wrk.method = method
  if extra_name then wrk.headers[extra_name] = extra_value end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout, summary.requests))
end
