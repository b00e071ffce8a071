-- wrk script: GET /api/v1/stats for the unit in TZ_UNIT over a different period each request
-- (the first day of a month to a day of a later month of TZ_YEAR), so that few answers come
-- from the per-thread memo of figures: the cost of the roll-up reads themselves.
local token = os.getenv("TZ_TOKEN")
local unit = os.getenv("TZ_UNIT")
local year = os.getenv("TZ_YEAR")
local i = 0
request = function()
  i = i + 1
  local from_month = i % 12 + 1
  local to_month = from_month + math.floor(i / 12) % (13 - from_month)
  local to_day = math.floor(i / 144) % 28 + 1
  local path = string.format("/api/v1/stats?unit=%s&from=%s-%02d-01&to=%s-%02d-%02d",
                             unit, year, from_month, year, to_month, to_day)
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end
