-- wrk script: every request submits a new public opinion without an account (a durable write).
local counter = 0
local unit = os.getenv("TZ_UNIT") or "P"
function setup(thread)
  thread:set("prefix", tostring(math.random(1, 1000000)))
end
request = function()
  counter = counter + 1
  local body = string.format('{"content":"网上反映窗口办事拖拉问题%s-%d","area":"style","target_unit":"%s"}',
    prefix, counter, unit)
  return wrk.format("POST", "/api/v1/public/opinions", { ["Content-Type"] = "application/json" }, body)
end
