-- POST customer/add, a new customer per request: thread tid registers
-- mobiles 91<base + tid*stride + 1, 2, ...>.
-- Arguments: base (10-digit number), stride (the most one thread sends).
local base, stride, n = 0, 0, 0
function init(args)
   base, stride = tonumber(args[1]), tonumber(args[2])
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
function request()
   n = n + 1
   return wrk.format(nil, nil, nil, customer(base + tid * stride + n))
end
