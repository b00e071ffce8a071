#!/bin/bash
# taizhang unit import: a CSV file with the header code,name,parent,kind, parents in any
# order, all or nothing; each bad line reported as FILE:LINE: field: reason on stderr.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

DB=$(new_db t.db)
units() { tz unit list --db "$DB" | cut -f1-4; }

say "a file with parents after their children imports every line"
cat >"$TMP/tree.csv" <<'CSV'
code,name,parent,kind
K1-01,甲县办公室,K1,office
K1,甲县委组织部,C1,county
K2,乙县委组织部,C1,county
C1,一市委组织部,P,city
P,测试省委组织部,,province
CSV
expect_exit 0 tz unit import --db "$DB" "$TMP/tree.csv"
out_has "imported 5 units"
# the planner has statistics of the table the import filled, read from the table alone
[ "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'unit'")" -gt 0 ] ||
    fail "no statistics of the units after the import"
printf 'P\t测试省委组织部\t\tprovince\nC1\t一市委组织部\tP\tcity\nK1\t甲县委组织部\tC1\tcounty\nK1-01\t甲县办公室\tK1\toffice\nK2\t乙县委组织部\tC1\tcounty\n' >"$TMP/want"
units >"$TMP/got"
diff "$TMP/want" "$TMP/got" >&2 || fail "the imported tree differs"

say "units may hang under units already in the database"
printf 'code,name,parent,kind\nK3,丙县委组织部,C1,county\n' >"$TMP/more.csv"
expect_exit 0 tz unit import --db "$DB" "$TMP/more.csv"
units | grep -q "^K3	丙县委组织部	C1	county$" || fail "K3 was not imported under C1"

before=$(units)
audit_before=$(sqlite3 "$DB" "select count(*) from audit")
say "two bad lines: exit 1, both reported as FILE:LINE: field: reason, nothing imported"
BAD=$TMP/bad.csv
cat >"$BAD" <<'CSV'
code,name,parent,kind
G1,好单位一,C1,county
a b,坏代码,C1,county
G2,好单位二,G1,office
G3,无此上级,NOPE,county
G4,好单位四,P,city
CSV
expect_exit 1 tz unit import --db "$DB" "$BAD"
grep -q "^$BAD:3: code: " "$TMP/err" || fail "line 3's bad code is not reported as $BAD:3: code: ...; stderr: $(cat "$TMP/err")"
grep -q "^$BAD:5: parent: " "$TMP/err" || fail "line 5's unknown parent is not reported as $BAD:5: parent: ...; stderr: $(cat "$TMP/err")"
n=$(grep -c "^$BAD:" "$TMP/err")
[ "$n" = 2 ] || fail "$n lines reported, expected 2: $(cat "$TMP/err")"
out_empty
[ "$(units)" = "$before" ] || fail "a refused import changed the unit list"
[ "$(sqlite3 "$DB" "select count(*) from audit")" = "$audit_before" ] || fail "a refused import left audit records"

say "other bad lines are reported with their line numbers"
cat >"$BAD" <<'CSV'
code,name,parent,kind
G1,好单位一,C1,village
G1,重复一,C1,county
K1,已存在,C1,county
G5,,C1,county
G6,字段太少,C1
CSV
expect_exit 1 tz unit import --db "$DB" "$BAD"
grep -q "^$BAD:2: kind: " "$TMP/err" || fail "bad kind on line 2 not reported; stderr: $(cat "$TMP/err")"
grep -q "^$BAD:4: code: " "$TMP/err" || fail "a code already in the database on line 4 not reported; stderr: $(cat "$TMP/err")"
grep -q "^$BAD:5: name: " "$TMP/err" || fail "an empty name on line 5 not reported; stderr: $(cat "$TMP/err")"
grep -q "^$BAD:6: " "$TMP/err" || fail "a short line 6 not reported; stderr: $(cat "$TMP/err")"
[ "$(units)" = "$before" ] || fail "a refused import changed the unit list"

say "a code twice in one file is refused"
printf 'code,name,parent,kind\nD1,一,C1,county\nD1,二,C1,county\n' >"$BAD"
expect_exit 1 tz unit import --db "$DB" "$BAD"
grep -q "^$BAD:3: code: " "$TMP/err" || fail "the second D1 is not reported; stderr: $(cat "$TMP/err")"
[ "$(units)" = "$before" ] || fail "a refused import changed the unit list"

say "parents that form a cycle are refused"
printf 'code,name,parent,kind\nY1,一,Y2,county\nY2,二,Y1,county\n' >"$BAD"
expect_exit 1 tz unit import --db "$DB" "$BAD"
grep -q "^$BAD:2: parent: " "$TMP/err" || fail "the cycle is not reported on line 2; stderr: $(cat "$TMP/err")"
grep -q "^$BAD:3: parent: " "$TMP/err" || fail "the cycle is not reported on line 3; stderr: $(cat "$TMP/err")"
[ "$(units)" = "$before" ] || fail "a refused import changed the unit list"

say "a header other than code,name,parent,kind is refused"
for header in "code,name,parent" "name,code,parent,kind" "Code,Name,Parent,Kind" "代码,名称,上级,类别"; do
    printf '%s\nH1,表头,C1,county\n' "$header" >"$BAD"
    expect_exit 1 tz unit import --db "$DB" "$BAD"
    grep -q "^$BAD:1: header: " "$TMP/err" || fail "header '$header' is not reported on line 1; stderr: $(cat "$TMP/err")"
done
: >"$BAD"
expect_exit 1 tz unit import --db "$DB" "$BAD"
[ "$(units)" = "$before" ] || fail "a refused header changed the unit list"

say "a missing file exits 1"
expect_exit 1 tz unit import --db "$DB" "$TMP/no-such.csv"
err_has "no-such.csv"

say "quoted names with commas, quotes and CRLF line ends import"
printf 'code,name,parent,kind\r\nQ1,"一市,二县联合组",C1,other\r\n"Q2","说""明""组",C1,""\r\n' >"$TMP/quoted.csv"
expect_exit 0 tz unit import --db "$DB" "$TMP/quoted.csv"
units | grep -q "^Q1	一市,二县联合组	C1	other$" || fail "the quoted name with a comma: $(units | grep Q1)"
units | grep -q '^Q2	说"明"组	C1	other$' || fail "the quoted name with quotes: $(units | grep Q2)"

say "a UTF-8 byte order mark before the header is accepted"
printf '\357\273\277code,name,parent,kind\nB1,带签名文件,C1,county\n' >"$TMP/bom.csv"
expect_exit 0 tz unit import --db "$DB" "$TMP/bom.csv"
units | grep -q "^B1	带签名文件	C1	county$" || fail "the BOM file did not import B1"

say "the imports left an intact audit chain"
expect_exit 0 tz audit verify --db "$DB"

# Checked last: a failure here must not hide the checks above.
say "a NUL byte inside a field is refused, not silently cut off"
before=$(units)
printf 'code,name,parent,kind\nN1,前半\000后半,C1,county\n' >"$BAD"
expect_exit 1 tz unit import --db "$DB" "$BAD"
grep -q "^$BAD:2: " "$TMP/err" || fail "the NUL byte on line 2 is not reported; stderr: $(cat "$TMP/err")"
[ "$(units)" = "$before" ] || fail "the file with a NUL byte imported: $(units | grep '^N1')"

say "the file as Excel and WPS save it: CSV in GB18030 headed in Chinese, an XLSX workbook,"
say "an Excel 97-2003 workbook (.xls); a broken .xls is refused naming the file"
python3 - "$TMP" <<'PY'
import sys, zipfile
d = sys.argv[1]
open(d + "/gb.csv", "wb").write("单位代码,单位名称,上级单位,层级\nW1,戊县委组织部,C1,县级\n"
                               .encode("gb18030"))
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
cells = lambda r, vals: '<row r="%d">%s</row>' % (r, "".join(
    '<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % ("ABCD"[i], r, v)
    for i, v in enumerate(vals)))
with zipfile.ZipFile(d + "/units.xlsx", "w") as z:
    z.writestr("xl/workbook.xml", '<workbook %s %s><sheets><sheet name="单位" sheetId="1" '
               'r:id="rId1"/></sheets></workbook>' % (ns, rel))
    z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxml'
               'formats.org/package/2006/relationships"><Relationship Id="rId1" '
               'Target="worksheets/units.xml" Type="x"/></Relationships>')
    z.writestr("xl/worksheets/units.xml", '<worksheet %s><sheetData>%s%s</sheetData></worksheet>'
               % (ns, cells(1, ["code", "name", "parent", "kind"]),
                  cells(2, ["W2", "己县委组织部", "C1", "county"])))
open(d + "/old.xls", "wb").write(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + bytes(504))
PY
expect_exit 0 tz unit import --db "$DB" "$TMP/gb.csv"
units | grep -q "^W1	戊县委组织部	C1	county$" || fail "the GB18030 file was not read: $(units | grep W1)"
expect_exit 0 tz unit import --db "$DB" "$TMP/units.xlsx"
units | grep -q "^W2	己县委组织部	C1	county$" || fail "the workbook was not read: $(units | grep W2)"
expect_exit 1 tz unit import --db "$DB" "$TMP/old.xls"
err_has "old.xls:1: file: "
err_has "Excel 97-2003"
echo '[["单位代码","单位名称","上级单位","层级"],["W3","庚县委组织部","C1","县级"]]' |
    python3 "$(dirname "$0")/../tools/make_xls.py" "$TMP/units.xls"
expect_exit 0 tz unit import --db "$DB" "$TMP/units.xls"
units | grep -q "^W3	庚县委组织部	C1	county$" || fail "the .xls was not read: $(units | grep W3)"

echo "ok: $TZ_TEST_NAME"
