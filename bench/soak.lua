-- wrk script for the soak (bench/soak.sh): a mix of ledger reads (4 in 10: the task ledger of a
-- unit, as a page and through the API), task progress writes (2 in 10), opinions recorded by
-- staff (2 in 10) and exam answers saved in open sittings (2 in 10), paced by TZ_DELAY_MS per
-- connection (0: as fast as the server answers). The data (tokens, units, tasks, sittings) is
-- the Lua file TZ_SOAK_DATA that soak.sh writes.
local data = dofile(os.getenv("TZ_SOAK_DATA"))
local pause = tonumber(os.getenv("TZ_DELAY_MS") or "0")
local n = 0

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed)
  n = seed
end

local function pick(list)
  return list[math.random(1, #list)]
end

local function api(method, path, token, body)
  local headers = { ["Authorization"] = "Bearer " .. token }
  if body then headers["Content-Type"] = "application/json" end
  return wrk.format(method, path, headers, body)
end

request = function()
  n = n + 1
  local k = n % 10
  if k < 2 then
    return api("GET", "/tasks?unit=" .. pick(data.units), data.admin)
  elseif k < 4 then
    return api("GET", "/api/v1/tasks?unit=" .. pick(data.units), data.admin)
  elseif k < 6 then
    return api("POST", "/api/v1/tasks/" .. pick(data.tasks) .. "/progress", data.admin,
      string.format('{"text":"浸泡测试进展%d","percent":%d}', n, n % 100))
  elseif k < 8 then
    return api("POST", "/api/v1/opinions", data.admin,
      string.format('{"channel":"forum","content":"浸泡测试意见%d","area":"work",' ..
        '"target_unit":"%s"}', n, pick(data.units)))
  end
  local s = pick(data.sittings)
  local i = math.random(1, #s.q)
  return api("PUT", "/api/v1/exams/" .. data.exam .. "/answers/" .. s.q[i], s.token,
    string.format('{"choice":[%d]}', math.random(0, s.n[i] - 1)))
end

function delay()
  return pause
end
