-- GET customer/get?mobile=... of a random preloaded customer.
-- Arguments: first, count.
local first, count = 0, 1
function init(args)
   first, count = tonumber(args[1]), tonumber(args[2])
   math.randomseed(2000 + tid)
end
wrk.method = "GET"
function request()
   local m = first + math.random(0, count - 1)
   return wrk.format(nil, "/v1.1/customer/get?format=json&mobile=91" .. m)
end
