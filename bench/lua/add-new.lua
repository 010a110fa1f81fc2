-- POST customer/add, a new customer per request: thread tid of run base
-- registers mobiles 91<base + tid*10,000,000 + 1, 2, ...>.
-- Arguments: base (10-digit number).
local base, n = 0, 0
function init(args)
   base = tonumber(args[1])
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
function request()
   n = n + 1
   return wrk.format(nil, nil, nil, customer(base + tid * 10000000 + n))
end
