-- wrk script: every request adds a new person through the API (a durable write each).
local counter = 0
local token = os.getenv("TZ_TOKEN")
local unit = os.getenv("TZ_UNIT") or "P"
-- TZ_UNITS: codes separated by commas, each person in one of them at random
local units = {}
for code in string.gmatch(os.getenv("TZ_UNITS") or "", "[^,]+") do
  units[#units + 1] = code
end
function setup(thread)
  thread:set("prefix", tostring(math.random(1, 1000000)))
end
request = function()
  counter = counter + 1
  if #units > 0 then
    unit = units[math.random(1, #units)]
  end
  local body = string.format('{"name":"测试人员%s-%d","unit":"%s","position":"科员"}',
    prefix, counter, unit)
  return wrk.format("POST", "/api/v1/persons",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end
