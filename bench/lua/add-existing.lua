-- POST customer/add of customers already stored (the update path): a
-- random one of the preloaded mobiles 91<first .. first+count-1>, sent
-- with the same email, so the item is a plain "Customer successfully
-- updated". Arguments: first, count.
local first, count = 0, 1
function init(args)
   first, count = tonumber(args[1]), tonumber(args[2])
   math.randomseed(1000 + tid)
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
function request()
   return wrk.format(nil, nil, nil, customer(first + math.random(0, count - 1)))
end
