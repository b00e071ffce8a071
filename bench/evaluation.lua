-- wrk script for bench/evaluation.sh: every request is one voter's ballot, each voter used once.
-- TZ_VOTERS names a file of lines "T <api token>" or "C <paper code>"; thread i of n
-- (TZ_WRK_THREADS) takes the lines i, i+n, i+2n... A thread stops once all its ballots are
-- answered, leaving a file named after its index in TZ_DONE_DIR. done() prints the counts that
-- the script checks against the database: "ballots accepted A rejected R".
local voters_file = os.getenv("TZ_VOTERS")
local path = "/api/v1/evaluations/" .. os.getenv("TZ_EVAL") .. "/ballots"
local people = {}
for p in string.gmatch(os.getenv("TZ_CANDIDATES"), "%d+") do people[#people + 1] = p end
local grades = { "excellent", "competent", "basic", "incompetent" }

local threads = {}
local n_threads = 0
function setup(thread)
  thread:set("index", n_threads)
  n_threads = n_threads + 1
  table.insert(threads, thread)
end

local n_all = tonumber(os.getenv("TZ_WRK_THREADS"))
local mine, next_voter, answered, accepted, rejected = {}, 1, 0, 0, 0
local verifying = false
local idle -- the request of a thread that has sent all its ballots

local function ballot(n)
  local parts = {}
  for k, p in ipairs(people) do
    parts[k] = string.format('{"person":%s,"grade":"%s"}', p, grades[(n + k) % 4 + 1])
  end
  return "[" .. table.concat(parts, ",") .. "]"
end

-- every request of this thread is formatted here, before the clock starts, so that the
-- generator spends its CPU time during the run on sending only
function init(args)
  -- wrk calls request() once on thread 0 to check the script and sends nothing: that call must
  -- not use up a voter
  verifying = index == 0
  idle = wrk.format("GET", "/healthz")
  local i = 0
  for line in io.lines(voters_file) do
    if i % n_all == index then
      local n = #mine + 1
      local kind, cred = line:sub(1, 1), line:sub(3)
      local headers = { ["Content-Type"] = "application/json" }
      local body
      if kind == "T" then
        headers["Authorization"] = "Bearer " .. cred
        body = '{"grades":' .. ballot(n) .. '}'
      else
        body = '{"code":"' .. cred .. '","grades":' .. ballot(n) .. '}'
      end
      mine[n] = wrk.format("POST", path, headers, body)
    end
    i = i + 1
  end
end

request = function()
  if verifying then
    verifying = false
    return idle
  end
  local r = mine[next_voter]
  if not r then return idle end
  next_voter = next_voter + 1
  return r
end

-- once a thread has sent all its ballots, its idle connections only poll now and then
delay = function()
  if mine[next_voter] then return 0 end
  return 100
end

response = function(status, headers, body)
  if status == 200 then return end -- /healthz after this thread's last ballot
  answered = answered + 1
  if status == 201 then accepted = accepted + 1 else rejected = rejected + 1 end
  wrk.thread:set("accepted", accepted)
  wrk.thread:set("rejected", rejected)
  if answered == #mine then
    -- tells bench/evaluation.sh that this thread is through (wrk itself runs on for its -d)
    io.open(os.getenv("TZ_DONE_DIR") .. "/" .. index, "w"):close()
    wrk.thread:stop()
  end
end

done = function(summary, latency, requests)
  local a, r = 0, 0
  for _, t in ipairs(threads) do
    a = a + (t:get("accepted") or 0)
    r = r + (t:get("rejected") or 0)
  end
  print(string.format("ballots accepted %d rejected %d", a, r))
end
