#!/bin/bash
# Commendations, media reports and meetings on the command line and in the demo: the demo's
# share (a province commendation of ten persons, media at every level, meetings of each kind),
# the three CSV imports all or nothing with FILE:LINE: field: reason, the roll-up equal to a
# recount from the records (also after a unit move), and the audit chain intact.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

DB=$TMP/demo.db
tally() { # UNIT_CODE KEY: the roll-up's all-days count
    sqlite3 "$DB" "select coalesce((select t.n from registry_tally t join unit u on u.id = t.unit_id
                   where u.code = '$1' and t.key = '$2' and t.day = '*'), 0)"
}
recount() { # UNIT_CODE TABLE WHERE: records of the unit's subtree
    sqlite3 "$DB" "select count(*) from $2 r join unit u on u.id = r.unit_id, unit top
                   where top.code = '$1' and substr(u.path, 1, length(top.path)) = top.path
                   and ($3)"
}
check_counts() {
    local unit level kind
    for unit in P C01 C02; do
        for level in county city province central; do
            [ "$(tally "$unit" "media.$level")" = "$(recount "$unit" media "r.level = '$level'")" ] \
                || fail "media.$level of $unit: $(tally "$unit" "media.$level") counted"
        done
        for kind in conference leadership forum study; do
            [ "$(tally "$unit" "meetings.$kind")" = "$(recount "$unit" meeting "r.kind = '$kind'")" ] \
                || fail "meetings.$kind of $unit"
        done
        [ "$(tally "$unit" commendations.events)" = "$(recount "$unit" commendation 1)" ] \
            || fail "commendations.events of $unit"
    done
}

say "--help of each verb and its import prints the CSV header"
expect_exit 0 tz commendations import --help
out_has "unit,title,level,day,person,citation"
expect_exit 0 tz media import --help
out_has "unit,title,outlet,level,kind,day,link"
expect_exit 0 tz meetings import --help
out_has "unit,title,kind,day,attendees,minutes"
expect_exit 0 tz media --help
expect_exit 2 tz meetings frobnicate
expect_exit 2 tz media import --db "$DB"

say "the demo's share"
expect_exit 0 tz demo --db "$DB" --scale small --seed 5
[ "$(sqlite3 "$DB" "select count(*) from commendation c where c.title = '全省优秀组工干部' and
     c.level = 'province' and (select count(*) from commendation_person p
     where p.commendation_id = c.id) = 10")" -ge 1 ] || fail "no province commendation of ten"
[ "$(sqlite3 "$DB" "select count(distinct level) from media")" = 4 ] || fail "media levels"
[ "$(sqlite3 "$DB" "select count(distinct kind) from meeting")" = 4 ] || fail "meeting kinds"
check_counts

say "imports: all or nothing, each bad line named"
k1=$(sqlite3 "$DB" "select p.id from person p join unit u on u.id = p.unit_id where u.code = 'C01-K01' order by p.id limit 1")
k2=$(sqlite3 "$DB" "select p.id from person p join unit u on u.id = p.unit_id where u.code = 'C01-K02' order by p.id limit 1")
k3=$(sqlite3 "$DB" "select p.id from person p join unit u on u.id = p.unit_id where u.code = 'C02-K01' order by p.id limit 1")
media_before=$(sqlite3 "$DB" "select count(*) from media")
printf 'unit,title,outlet,level,kind,day,link\nC01-K01,甲县纪实,一市日报,city,report,2026-05-04,https://example.org/a\nC01-K01,x,x,city,report,2026-05-04,javascript:alert(1)\nC01-K01,y,y,galactic,report,2026-05-04,\n' >"$TMP/bad-media.csv"
expect_exit 1 tz media import --db "$DB" "$TMP/bad-media.csv"
err_has "bad-media.csv:3: link:"
err_has "bad-media.csv:4: level:"
[ "$(sqlite3 "$DB" "select count(*) from media")" = "$media_before" ] || fail "a bad media file left rows"
printf 'unit,title,outlet,level,kind,day,link\nC01-K01,甲县纪实,一市日报,city,report,2026-05-04,HTTPS://example.org/a\nC01,一市经验,省报,province,article,2026-05-05,\n' >"$TMP/media.csv"
expect_exit 0 tz media import --db "$DB" "$TMP/media.csv"
out_has "imported 2 media reports"

printf 'unit,title,level,day,person,citation\nC01,全市优秀组工干部,city,2026-06-30,%s,扎根基层\nC01,全市优秀组工干部,city,2026-06-30,%s,%s\n' \
    "$k1" "$k3" "x" >"$TMP/bad-comm.csv"
expect_exit 1 tz commendations import --db "$DB" "$TMP/bad-comm.csv"
err_has "bad-comm.csv:3: person"
printf 'unit,title,level,day,person,citation\nC01,全市优秀组工干部,city,2026-06-30,%s,扎根基层\nC01,全市优秀组工干部,city,2026-06-30,%s,"事迹,有逗号"\n' \
    "$k1" "$k2" >"$TMP/comm.csv"
expect_exit 0 tz commendations import --db "$DB" "$TMP/comm.csv"
out_has "imported 1 commendations"
[ "$(sqlite3 "$DB" "select count(*) from commendation_person p join commendation c on c.id = p.commendation_id where c.day = '2026-06-30' and c.title = '全市优秀组工干部'")" = 2 ] \
    || fail "the imported commendation does not name two persons"

printf 'unit,title,kind,day,attendees,minutes\nP,全省组织部长会议,conference,2026-01-10,300,纪要\nP,,conference,2026-01-11,,\n' >"$TMP/bad-meet.csv"
expect_exit 1 tz meetings import --db "$DB" "$TMP/bad-meet.csv"
err_has "bad-meet.csv:3: title:"
printf 'unit,title,kind,day,attendees,minutes\nP,全省组织部长会议,conference,2026-01-10,300,纪要\n' >"$TMP/meet.csv"
expect_exit 0 tz meetings import --db "$DB" "$TMP/meet.csv"
out_has "imported 1 meetings"
check_counts

say "after a unit move the counts are the records' recount"
expect_exit 0 tz unit move --db "$DB" --code C01-K01 --parent C02
check_counts

say "every create is audited and the chain holds"
[ "$(sqlite3 "$DB" "select count(*) from audit where action in ('commendation.create', 'media.create', 'meeting.create')")" \
    = "$(sqlite3 "$DB" "select (select count(*) from commendation) + (select count(*) from media) + (select count(*) from meeting)")" ] \
    || fail "creates and audit records differ"
expect_exit 0 tz audit verify --db "$DB"
# the imports are bulk imports: their roll-ups, summed in memory, agree with a recount
expect_exit 0 tz stats verify --db "$DB"
