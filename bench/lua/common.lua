-- Shared by every capsandbox load script (prepended by the bench driver).
-- Each wrk thread gets its number (tid) from setup(); init() reads the
-- script arguments given after "--" on the wrk command line.
local threads = 0
function setup(thread)
   thread:set("tid", threads)
   threads = threads + 1
end

wrk.headers["Authorization"] = "Basic dGlsbDE6MjAyY2I5NjJhYzU5MDc1Yjk2NGIwNzE1MmQyMzRiNzA="
wrk.headers["Accept"] = "application/json"

-- customer returns the add body of one customer: mobile 91<n>, email
-- u<n>@example.com and the default scenario's ten custom fields.
function customer(n)
   return string.format('{"root":{"customer":[{"mobile":"91%d","email":"u%d@example.com",' ..
      '"firstname":"Asha","lastname":"Rao","type":"LOYALTY","custom_fields":{"field":[' ..
      '{"name":"City_name","value":"Bangalore"},{"name":"address","value":"Bangalore1234"},' ..
      '{"name":"bde_mobile_number","value":"12345678"},{"name":"bde_name","value":"pidilite"},' ..
      '{"name":"firm_name","value":"pidilite1"},{"name":"club","value":"pidilite2"},' ..
      '{"name":"pincode","value":"54321"},{"name":"pwgConsumption","value":"true"},' ..
      '{"name":"state","value":"pidilite5"},{"name":"profile_image_name","value":"customerprofile1"}' ..
      ']}}]}}', n, n)
end

-- done prints one machine-readable line; no response() callback on
-- purpose (it would make wrk parse every reply in Lua). wrk counts
-- non-2xx replies itself.
function done(summary, latency, requests)
   local secs = summary.duration / 1e6
   io.write(string.format(
      "RESULT requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d errors=%d\n",
      summary.requests, secs, summary.requests / secs,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
      summary.errors.status, summary.errors.connect + summary.errors.read +
      summary.errors.write + summary.errors.timeout))
end
