-- wrk script for bench/survey.sh: every request is one paper-code answer sheet, each code used
-- once. TZ_CODES names a file of codes, one per line; thread i of n (TZ_WRK_THREADS) takes the
-- lines i, i+n, i+2n... and, once they are all sent, asks for /healthz only. bench/survey.sh
-- counts the sheets stored in the database.
local path = "/api/v1/surveys/" .. os.getenv("TZ_SURVEY") .. "/answers"
local grades = { "very_satisfied", "satisfied", "basically_satisfied", "not_very_satisfied",
                 "dissatisfied" }
local items = { "overall", "image", "selection", "malpractice" }
local n_threads = 0
function setup(thread)
  thread:set("index", n_threads)
  n_threads = n_threads + 1
end

local n_all = tonumber(os.getenv("TZ_WRK_THREADS"))
local mine, next_code = {}, 1
local verifying, idle

function init(args)
  verifying = index == 0
  idle = wrk.format("GET", "/healthz")
  local i = 0
  for code in io.lines(os.getenv("TZ_CODES")) do
    if i % n_all == index then
      local parts = {}
      for k, item in ipairs(items) do
        parts[k] = string.format('"%s":"%s"', item, grades[(i + k) % 5 + 1])
      end
      mine[#mine + 1] = wrk.format("POST", path, { ["Content-Type"] = "application/json" },
        string.format('{"code":"%s","grades":{%s}}', code, table.concat(parts, ",")))
    end
    i = i + 1
  end
end

function request()
  if verifying then
    verifying = false
    return idle
  end
  local r = mine[next_code]
  if not r then return idle end
  next_code = next_code + 1
  return r
end
