#!/bin/bash
# taizhang notify: a task assigned reaches a webhook (JSON, 企业微信 and 钉钉 formats) and the
# e-mail of the lead unit's staff, each once; a receiver that fails twice gets the message on
# the third try after the back-off; a run killed in the middle of many deliveries resumes
# without sending again what went out; every attempt is recorded. The receivers are local: an
# HTTP server and an SMTP sink on loopback (plain, and offering STARTTLS), in this test.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

DB=$(new_db t.db)
tz unit add --db "$DB" --code P --name 测试省委组织部 --kind province >/dev/null
tz unit add --db "$DB" --code K1 --name 甲县委组织部 --parent P --kind county >/dev/null
tz plan add --db "$DB" --unit P --year 2026 --title 要点 >/dev/null
python3 -c 'import sys; sys.stdout.buffer.write(sys.stdin.read().encode("gb18030"))' >"$TMP/p.csv" <<'CSV'
登录名,姓名,单位,职务,手机,邮箱,角色
k1a,王一,K1,科员,,wy@example.org,staff
k1b,丁二,K1,科员,,de@example.org,staff
k1c,马三,K1,科员,,,staff
k1d,白四,K1,干部,,bs@example.org,cadre
CSV
tz user import --db "$DB" "$TMP/p.csv" --passwords "$TMP/pw.xlsx" >/dev/null
sqlite3 "$DB" "update person set digest = 1 where name = '丁二'"
task() { # task TITLE: a task led by K1, through the model's import
    printf 'title,kind,lead_unit,assist_units,leader,deadline,description\n%s,key,K1,,,2036-12-31,x\n' \
        "$1" >"$TMP/task.csv"
    tz task import --db "$DB" --plan 1 "$TMP/task.csv" >/dev/null || fail "task import failed"
}

# hook PORT LOG FAILS DELAY: an HTTP receiver logging each body on a line; it answers 500 to the
# first FAILS requests for each message (its Idempotency-Key) and waits DELAY seconds before each
# answer
hook() {
    python3 - "$@" <<'PY' &
import collections, http.server, sys, time
port, log, fails, delay = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
seen = collections.Counter()
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        key = self.headers.get("Idempotency-Key", "")
        seen[key] += 1
        time.sleep(delay)
        ok = seen[key] > fails
        if ok:
            with open(log, "ab") as f:
                f.write(self.headers.get("Idempotency-Key", "").encode() + b" " + body + b"\n")
        answer = b'{"errcode":0}' if ok else b'{"errcode":1}'
        self.send_response(200 if ok else 500)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)
    def log_message(self, *a): pass
class S(http.server.ThreadingHTTPServer):
    def handle_error(self, *a): pass  # a client killed in the middle
S(("127.0.0.1", port), H).serve_forever()
PY
    HOOK_PID=$!
    for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done
    fail "the receiver did not start"
}

say "a task reaches the webhook as JSON once; a second run sends nothing"
P1=$(free_port)
hook "$P1" "$TMP/hook.log" 0 0
task 报送整改台账一
expect_exit 0 tz notify --db "$DB" --webhook "http://127.0.0.1:$P1/h" --base https://tz.example --once
out_has "1 sent, 0 failed, 0 pending"
python3 - "$TMP/hook.log" <<'PY' || fail "the webhook's JSON: $(cat "$TMP/hook.log")"
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) == 1, lines
key, body = lines[0].split(" ", 1)
m = json.loads(body)
assert key.startswith("taizhang-"), key
assert m["kind"] == "task.assigned" and m["kind_name"] == "新任务", m
assert m["title"] == "报送整改台账一" and m["unit"] == "K1" and m["path"].startswith("/tasks/"), m
assert "2036-12-31" in m["text"], m
PY
expect_exit 0 tz notify --db "$DB" --webhook "http://127.0.0.1:$P1/h" --once
out_has "0 queued, 0 sent"
[ "$(wc -l <"$TMP/hook.log")" = 1 ] || fail "the message was sent again"
kill "$HOOK_PID"

say "a receiver that fails twice gets it on the third try, after the back-off; each try recorded"
P2=$(free_port)
hook "$P2" "$TMP/hook2.log" 2 0
task 报送整改台账二
expect_exit 1 tz notify --db "$DB" --webhook "http://127.0.0.1:$P2/h" --format wecom --once
out_has "0 sent, 2 failed"
[ "$(sqlite3 "$DB" "select count(*) from delivery where channel like 'webhook:http://127.0.0.1:$P2/%' and state = 'pending' and next_try > strftime('%s','now') + 30")" = 2 ] ||
    fail "failed deliveries are not pending after a pause"
expect_exit 0 tz notify --db "$DB" --webhook "http://127.0.0.1:$P2/h" --format wecom --once
out_has "0 sent, 0 failed, 2 pending"
sqlite3 "$DB" "update delivery set next_try = 0 where state = 'pending'"
expect_exit 1 tz notify --db "$DB" --webhook "http://127.0.0.1:$P2/h" --format wecom --once
sqlite3 "$DB" "update delivery set next_try = 0 where state = 'pending'"
expect_exit 0 tz notify --db "$DB" --webhook "http://127.0.0.1:$P2/h" --format wecom --once
out_has "2 sent, 0 failed, 0 pending"
grep -q '"msgtype":"markdown"' "$TMP/hook2.log" || fail "not a 企业微信 robot message: $(cat "$TMP/hook2.log")"
grep -q '【新任务】报送整改台账二' "$TMP/hook2.log" || fail "the wecom message lacks its title"
[ "$(sqlite3 "$DB" "select attempts || ' ' || state from delivery d join outbox o on o.id = d.outbox_id where o.title = '报送整改台账二' and channel like 'webhook:%$P2%'")" = "3 sent" ] ||
    fail "the attempts are not recorded"
sqlite3 "$DB" "select result from delivery where channel like 'webhook:%$P2%' and state = 'sent'" |
    grep -q 'HTTP 200' || fail "the result of the delivery is not recorded"
kill "$HOOK_PID"

say "a run killed in the middle of 60 deliveries resumes: every message arrives, none twice but the one in flight"
P3=$(free_port)
hook "$P3" "$TMP/hook3.log" 0 0.05
expect_exit 0 tz notify --db "$DB" --webhook "http://127.0.0.1:$P3/h" --format dingtalk --once
: >"$TMP/hook3.log"
rows=""
for i in $(seq 1 60); do rows="$rows批量任务$i,key,K1,,,2036-12-31,x"$'\n'; done
printf 'title,kind,lead_unit,assist_units,leader,deadline,description\n%s' "$rows" >"$TMP/many.csv"
tz task import --db "$DB" --plan 1 "$TMP/many.csv" >/dev/null
"$TZ_BIN" notify --db "$DB" --webhook "http://127.0.0.1:$P3/h" --format dingtalk --every 1 >"$TMP/n.out" 2>&1 &
NPID=$!
for _ in $(seq 1 100); do [ "$(wc -l <"$TMP/hook3.log")" -ge 20 ] && break; sleep 0.05; done
say "a second notify on the same database is refused while the first delivers"
expect_exit 1 tz notify --db "$DB" --webhook "http://127.0.0.1:$P3/h" --once
err_has "another taizhang notify"
kill -9 "$NPID"; wait "$NPID" 2>/dev/null || true
got=$(wc -l <"$TMP/hook3.log")
[ "$got" -lt 60 ] || fail "the run finished before it was killed"
expect_exit 0 tz notify --db "$DB" --webhook "http://127.0.0.1:$P3/h" --format dingtalk --once
python3 - "$TMP/hook3.log" <<'PY' || fail "after the restart: $(cut -c1-80 "$TMP/hook3.log" | sort | uniq -c | sort -rn | head -3)"
import collections, json, sys
keys = collections.Counter()
titles = set()
for line in open(sys.argv[1], encoding="utf-8"):
    key, body = line.rstrip("\n").split(" ", 1)
    keys[key] += 1
    m = json.loads(body)
    assert m["msgtype"] == "markdown" and m["markdown"]["title"].startswith("批量任务"), m
    titles.add(m["markdown"]["title"])
assert len(titles) == 60, len(titles)
assert sum(1 for k, n in keys.items() if n > 1) <= 1, keys.most_common(3)
assert max(keys.values()) <= 2
PY
kill "$HOOK_PID"

say "e-mail: one mail per staff member with an address, a digest waits for the morning, cadres get none"
cat >"$TMP/sink.py" <<'PY'
import socketserver, ssl, sys, os
port, out = int(sys.argv[1]), sys.argv[2]
tls = None  # with a certificate and key: STARTTLS offered, and the mails' names begin tls-
if len(sys.argv) > 3:
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(sys.argv[3], sys.argv[4])
os.makedirs(out, exist_ok=True)
class H(socketserver.StreamRequestHandler):
    def handle(self):
        try:
            self.talk()
        except (ConnectionError, ssl.SSLError):
            pass
    def talk(self):
        w = lambda s: self.wfile.write(s.encode() + b"\r\n")
        w("220 sink ESMTP")
        rcpt, secure = [], False
        while True:
            line = self.rfile.readline()
            if not line: return
            cmd = line.decode().strip()
            up = cmd.upper()
            if up.startswith(("EHLO", "HELO")):
                w("250-sink\r\n250 STARTTLS" if tls and not secure else "250 sink")
            elif up == "STARTTLS" and tls:
                w("220 go ahead")
                self.connection = tls.wrap_socket(self.connection, server_side=True)
                self.rfile = self.connection.makefile("rb")
                self.wfile = self.connection.makefile("wb", buffering=0)
                secure = True
            elif up.startswith("MAIL FROM"): rcpt = []; w("250 ok")
            elif up.startswith("RCPT TO"): rcpt.append(cmd.split(":", 1)[1].strip(" <>")); w("250 ok")
            elif up == "DATA":
                w("354 go")
                lines = []
                while True:
                    l = self.rfile.readline()
                    if l in (b".\r\n", b".\n", b""): break
                    lines.append(l)
                n = len(os.listdir(out))
                open(os.path.join(out, "%s%03d-%s.eml" % ("tls-" if secure else "", n, rcpt[0])), "wb").write(b"".join(lines))
                w("250 queued")
            elif up == "QUIT": w("221 bye"); return
            else: w("250 ok")
socketserver.ThreadingTCPServer.allow_reuse_address = True
socketserver.ThreadingTCPServer(("127.0.0.1", port), H).serve_forever()
PY
SP=$(free_port)
python3 "$TMP/sink.py" "$SP" "$TMP/mail" &
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$SP") 2>/dev/null && break; sleep 0.05; done
expect_exit 0 tz notify --db "$DB" --smtp "smtp://127.0.0.1:$SP" --from taizhang@example.org --once
mkdir -p "$TMP/mail/before"
mv "$TMP/mail"/*.eml "$TMP/mail/before/" 2>/dev/null || true
task 邮件提醒的任务
task 第二件任务
expect_exit 0 tz notify --db "$DB" --smtp "smtp://127.0.0.1:$SP" --from taizhang@example.org --once
out_has "2 sent"
ls "$TMP/mail/before" | grep -q 'wy@example.org' || fail "the first run mailed nothing of the day's messages"
ls "$TMP/mail" | grep -q 'wy@example.org' || fail "王一 got no mail: $(ls "$TMP/mail")"
[ "$(ls "$TMP/mail" | grep -c 'wy@example.org')" = 1 ] || fail "王一 got more than one mail for one run"
ls "$TMP/mail" | grep -q 'de@example.org' && fail "丁二 asked for a digest but got a mail at once"
ls "$TMP/mail" | grep -q 'bs@example.org' && fail "a cadre got the unit's task mail"
python3 - "$TMP/mail"/*wy@example.org* <<'PY' || fail "the mail does not read"
import email, email.header, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
subject = str(email.header.make_header(email.header.decode_header(m["Subject"])))
body = m.get_payload(decode=True).decode("utf-8")
assert subject == "台账消息汇总", subject
assert "【新任务】邮件提醒的任务" in body and "【新任务】第二件任务" in body, body
assert m["To"] == "<wy@example.org>", m["To"]
PY
[ "$(sqlite3 "$DB" "select count(*) from delivery where channel = 'mail:de@example.org' and state = 'pending' and next_try > strftime('%s','now')")" -ge 2 ] ||
    fail "丁二's digest is not waiting for the morning"
sqlite3 "$DB" "update delivery set next_try = 0 where channel = 'mail:de@example.org'"
expect_exit 0 tz notify --db "$DB" --smtp "smtp://127.0.0.1:$SP" --from taizhang@example.org --once
[ "$(ls "$TMP/mail" | grep -c 'de@example.org')" = 1 ] || fail "丁二's digest is not one mail"

say "mail over STARTTLS when the server offers it, its certificate checked (--ca)"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMP/key.pem" -out "$TMP/cert.pem" -days 2 \
    -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null || fail "openssl made no certificate"
TP=$(free_port)
python3 "$TMP/sink.py" "$TP" "$TMP/tls" "$TMP/cert.pem" "$TMP/key.pem" &
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$TP") 2>/dev/null && break; sleep 0.05; done
task 加密送达的任务
expect_exit 1 tz notify --db "$DB" --smtp "smtp://127.0.0.1:$TP" --from taizhang@example.org --once
[ -z "$(ls "$TMP/tls")" ] || fail "mail went to a server whose certificate nobody trusts"
sqlite3 "$DB" "select result from delivery where channel = 'mail:wy@example.org' and state = 'pending'" |
    grep -qi certificate || fail "the refused certificate is not the recorded result"
sqlite3 "$DB" "update delivery set next_try = 0 where channel = 'mail:wy@example.org'"
expect_exit 0 tz notify --db "$DB" --smtp "smtp://127.0.0.1:$TP" --from taizhang@example.org \
    --ca "$TMP/cert.pem" --once
ls "$TMP/tls" | grep -q '^tls-.*wy@example.org' || fail "the mail did not go over TLS: $(ls "$TMP/tls")"
python3 - "$TMP/tls"/tls-*wy@example.org* <<'PY' || fail "the mail over TLS does not carry the task"
import email, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
assert "加密送达的任务" in m.get_payload(decode=True).decode("utf-8")
PY

say "the server delivers by itself with --notify-webhook, and holds the one deliverer's lock"
P4=$(free_port)
hook "$P4" "$TMP/hook4.log" 0 0
start_server "$DB" --notify-webhook "http://127.0.0.1:$P4/h" --notify-every 1
task 服务器自己送达的任务
for _ in $(seq 1 100); do grep -q '服务器自己送达的任务' "$TMP/hook4.log" 2>/dev/null && break; sleep 0.1; done
grep -q '服务器自己送达的任务' "$TMP/hook4.log" || fail "the server did not deliver the task's message"
expect_exit 1 tz notify --db "$DB" --webhook "http://127.0.0.1:$P4/h" --once
err_has "another taizhang notify"
stop_server
[ "$(grep -c '服务器自己送达的任务' "$TMP/hook4.log")" = 1 ] || fail "the server sent it more than once"
sleep 0.3
grep -q 'notify queued=' "$TMP/serve.log" || fail "the server's log does not count its deliveries"
kill "$HOOK_PID"

say "a deadline passing turns the task red, and its unit hears of it once, on the day after"
DB2=$(new_db red.db)
tz unit add --db "$DB2" --code K1 --name 甲县委组织部 --kind county >/dev/null
tz plan add --db "$DB2" --unit K1 --year 2026 --title 要点 >/dev/null
printf 'title,kind,lead_unit,assist_units,leader,deadline,description\n到期的任务,key,K1,,,2026-06-14,x\n未到期的任务,key,K1,,,2026-06-20,x\n' >"$TMP/red.csv"
TAIZHANG_TODAY=2026-06-01 tz task import --db "$DB2" --plan 1 "$TMP/red.csv" >/dev/null
P5=$(free_port)
hook "$P5" "$TMP/hook5.log" 0 0
TAIZHANG_TODAY=2026-06-14 tz notify --db "$DB2" --webhook "http://127.0.0.1:$P5/h" --once >/dev/null
grep -qs '"task.red"' "$TMP/hook5.log" && fail "a task turned red on its deadline day"
TAIZHANG_TODAY=2026-06-15 tz notify --db "$DB2" --webhook "http://127.0.0.1:$P5/h" --once >/dev/null
TAIZHANG_TODAY=2026-06-15 tz notify --db "$DB2" --webhook "http://127.0.0.1:$P5/h" --once >/dev/null
[ "$(grep -c '"kind":"task.red","kind_name":"任务逾期(红灯)"' "$TMP/hook5.log")" = 1 ] ||
    fail "the red light was not sent once: $(grep -c task.red "$TMP/hook5.log")"
grep '"task.red"' "$TMP/hook5.log" | grep -q '到期的任务' || fail "the red light names another task"
TAIZHANG_TODAY=2026-06-22 tz notify --db "$DB2" --webhook "http://127.0.0.1:$P5/h" --once >/dev/null
[ "$(grep -c '"task.red"' "$TMP/hook5.log")" = 2 ] || fail "the second task's red light (days later) is missing"
kill "$HOOK_PID"

say "bad options are refused with the usage"
expect_exit 2 tz notify --db "$DB" --once
err_has "--webhook or --smtp"
expect_exit 2 tz notify --db "$DB" --webhook http://127.0.0.1:1/ --format telegram --once
expect_exit 2 tz notify --db "$DB" --smtp smtp://127.0.0.1:1 --once
err_has "--from"
echo "ok"
