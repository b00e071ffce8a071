#!/bin/bash
# Benchmark of the office-habit paths of issue 22 (not a test): on the province demo, an import
# of 100,000 opinions from a GB18030 CSV headed and valued in Chinese, the same rows from an
# XLSX workbook, 30,000 people with accounts (taizhang user import, passwords generated and
# hashed), and taizhang notify delivering 10,000 queued messages to a local HTTP receiver. Each
# on a fresh copy of the demo. Writes its section of bench/RESULTS.md between the habits markers.
# Usage: bench/habits.sh [province|small]
set -eu
cd "$(dirname "$0")/.."
scale=${1:-province}
make -s all
out=bench/out-habits
rm -rf "$out"
mkdir -p "$out"
./taizhang demo --db "$out/demo.db" --scale "$scale" --seed 7 >/dev/null 2>&1
fresh() { rm -f "$out/t.db"*; cp "$out/demo.db" "$out/t.db"; }
secs() { python3 -c 'import sys; print("%.1f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$@"; }

python3 - "$out" "$(./taizhang unit list --db "$out/demo.db" | awk '{ print $1 }' | tr '\n' ' ')" <<'PY'
import random, sys, zipfile
out, units = sys.argv[1], sys.argv[2].split()
random.seed(7)
channels = ["座谈会", "问卷", "意见箱", "网上征求", "走访"]
areas = ["思想", "工作", "作风", "能力", "生活"]
rows = [["渠道", "意见内容", "领域", "对象单位", "联系方式"]]
for i in range(100000):
    rows.append([random.choice(channels), "建议进一步规范干部选拔任用程序（第%d条意见）" % i,
                 random.choice(areas), random.choice(units), ""])
with open(out + "/opinions.csv", "wb") as f:
    f.write("".join(",".join(r) + "\r\n" for r in rows).encode("gb18030"))
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
with zipfile.ZipFile(out + "/opinions.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("xl/workbook.xml", '<workbook %s xmlns:r="http://schemas.openxmlformats.org/'
               'officeDocument/2006/relationships"><sheets><sheet name="意见" sheetId="1" '
               'r:id="rId1"/></sheets></workbook>' % ns)
    z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxml'
               'formats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
               'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
               'Target="worksheets/sheet1.xml"/></Relationships>')
    cell = lambda ref, v: '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, v)
    body = "".join('<row r="%d">%s</row>' % (n + 1, "".join(
        cell("ABCDE"[i] + str(n + 1), v) for i, v in enumerate(r) if v)) for n, r in enumerate(rows))
    z.writestr("xl/worksheets/sheet1.xml", '<worksheet %s><sheetData>%s</sheetData></worksheet>'
               % (ns, body))
people = ["登录名,姓名,单位,职务,手机,邮箱,角色"]
surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅"
for i in range(30000):
    name = random.choice(surnames) + random.choice(given) + random.choice(given)
    people.append(",%s,%s,科员,138%08d,,干部" % (name, random.choice(units), i))
with open(out + "/people.csv", "wb") as f:
    f.write(("\r\n".join(people) + "\r\n").encode("gb18030"))
PY

rate() { python3 -c 'import sys; print(int(100000 / float(sys.argv[1])))' "$1"; }
fresh
t0=$(date +%s.%N)
./taizhang opinion import --db "$out/t.db" "$out/opinions.csv" >"$out/csv.txt"
csv_s=$(secs "$t0" "$(date +%s.%N)")
fresh
t0=$(date +%s.%N)
./taizhang opinion import --db "$out/t.db" "$out/opinions.xlsx" >"$out/xlsx.txt"
xlsx_s=$(secs "$t0" "$(date +%s.%N)")
fresh
t0=$(date +%s.%N)
./taizhang user import --db "$out/t.db" "$out/people.csv" --passwords "$out/pw.xlsx" \
    --slips "$out/slips.html" >"$out/users.txt" 2>/dev/null
users_s=$(secs "$t0" "$(date +%s.%N)")

# notify: 10,000 messages queued for the lead units, delivered to a local receiver
fresh
sqlite3 "$out/t.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
  INSERT INTO outbox(created, kind, unit_id, title, text, path)
  SELECT strftime('%Y-%m-%dT%H:%M:%S+08:00', 'now', 'localtime'), 'task.assigned',
         1 + i % (SELECT count(*) FROM unit), '压测任务' || i,
         '完成时限 2036-12-31', '/tasks/' || i FROM n"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 - "$port" <<'PY' &
import http.server, socket, sys
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def setup(self):  # no Nagle: the answer's two writes would wait 40 ms for a delayed ACK
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
hpid=$!
trap 'kill $hpid 2>/dev/null' EXIT
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
t0=$(date +%s.%N)
./taizhang notify --db "$out/t.db" --webhook "http://127.0.0.1:$port/" --once >"$out/notify.txt"
notify_s=$(secs "$t0" "$(date +%s.%N)")
sent=$(sed -n 's/.* \([0-9]*\) sent.*/\1/p' "$out/notify.txt")

section=$(
    echo "## Office habits (bench/habits.sh $scale)"
    echo
    echo "Generated on $(date -u +%F) ($(nproc) cores, $(uname -m)), each on a fresh copy of"
    echo "\`taizhang demo --scale $scale --seed 7\`:"
    echo
    echo "| Work | Rows | Seconds | Rows/s | Target |"
    echo "|---|---:|---:|---:|---|"
    echo "| opinion import, GB18030 CSV with Chinese headers and values | 100,000 | $csv_s | $(rate "$csv_s") | ≥ 20,000 rows/s |"
    echo "| opinion import, XLSX (inline strings) | 100,000 | $xlsx_s | $(rate "$xlsx_s") | ≥ 20,000 rows/s |"
    echo "| user import (people, accounts, generated passwords, workbook and slips) | 30,000 | $users_s | | < 60 s |"
    echo "| notify: queued messages to a local webhook | $sent | $notify_s | | 10,000 < 30 s |"
)
python3 - "$section" <<'PY'
import re, sys
path = "bench/RESULTS.md"
text = open(path, encoding="utf-8").read()
block = "<!-- habits -->\n" + sys.argv[1] + "\n<!-- /habits -->"
if "<!-- habits -->" in text:
    text = re.sub(r"<!-- habits -->.*?<!-- /habits -->", lambda m: block, text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + block + "\n"
open(path, "w", encoding="utf-8").write(text)
PY
echo "$section"
