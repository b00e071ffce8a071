-- wrk script: tracking look-ups, cycling through the codes in the file named by TZ_CODES.
local codes = {}
for line in io.lines(os.getenv("TZ_CODES")) do codes[#codes + 1] = line end
local i = 0
request = function()
  i = i % #codes + 1
  return wrk.format("GET", "/api/v1/public/opinions/" .. codes[i])
end
