-- wrk script: full-text searches of two- to four-character Chinese terms, in turn, with a token.
local terms = { "考核", "作风", "窗口服务", "学习", "调查研究", "会议", "干部", "基层",
                "形式主义", "谈心谈话", "档案", "人才" }
local token = os.getenv("TZ_TOKEN")
local i = 0
local function escape(s)
  return (s:gsub("[^%w]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
request = function()
  i = i % #terms + 1
  return wrk.format("GET", "/api/v1/search?q=" .. escape(terms[i]), { ["Authorization"] = "Bearer " .. token })
end
