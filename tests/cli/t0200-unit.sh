#!/bin/bash
# taizhang unit add, move and list: the unit tree, its checks, and moves that keep it a tree.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

DB=$(new_db t.db)
# units PATTERN: the unit list, tab separated: code name parent kind people
units() { tz unit list --db "$DB"; }
# parent_of CODE: the parent column of CODE in the unit list
parent_of() { units | awk -F'\t' -v c="$1" '$1 == c { print $3 }'; }

say "unit add without a parent makes a top unit"
expect_exit 0 tz unit add --db "$DB" --code P --name 测试省委组织部 --kind province
out_has "added unit P"

say "unit add with a parent"
expect_exit 0 tz unit add --db "$DB" --code C1 --name 一市委组织部 --parent P --kind city
expect_exit 0 tz unit add --db "$DB" --code C2 --name 二市委组织部 --parent P --kind city
expect_exit 0 tz unit add --db "$DB" --code K1 --name 甲县委组织部 --parent C1 --kind county
expect_exit 0 tz unit add --db "$DB" --code K1-01 --name 甲县办公室 --parent K1 --kind office
expect_exit 0 tz unit add --db "$DB" --code=O_1 --name=无类别单位 --parent=P

say "unit list shows code, name, parent and kind in tree order"
expect_exit 0 tz unit list --db "$DB"
printf 'P\t测试省委组织部\t\tprovince\nC1\t一市委组织部\tP\tcity\nK1\t甲县委组织部\tC1\tcounty\nK1-01\t甲县办公室\tK1\toffice\nC2\t二市委组织部\tP\tcity\nO_1\t无类别单位\tP\tother\n' >"$TMP/want"
cut -f1-4 "$TMP/out" >"$TMP/got"
diff "$TMP/want" "$TMP/got" >&2 || fail "unit list differs from the tree added"
[ "$(parent_of O_1)" = P ] || fail "O_1 has no parent P"

say "unit list --under shows one subtree"
expect_exit 0 tz unit list --db "$DB" --under C1
[ "$(cut -f1 "$TMP/out" | tr '\n' ' ')" = "C1 K1 K1-01 " ] || fail "unit list --under C1: $(cut -f1 "$TMP/out" | tr '\n' ' ')"
expect_exit 1 tz unit list --db "$DB" --under NOPE
err_has "unit"

before=$(units)
say "a duplicate code exits 1 naming the field on stderr"
expect_exit 1 tz unit add --db "$DB" --code K1 --name 重复 --parent C2
err_has "code"
grep -q "^error: code:" "$TMP/err" || fail "the duplicate error does not start with the field: $(cat "$TMP/err")"
out_empty

say "an unknown parent exits 1 naming the parent"
expect_exit 1 tz unit add --db "$DB" --code K9 --name 无此上级 --parent NOPE
grep -q "^error: parent:" "$TMP/err" || fail "the unknown-parent error names no field: $(cat "$TMP/err")"

say "a unit cannot be its own parent"
expect_exit 1 tz unit add --db "$DB" --code X --name 环 --parent X
grep -q "^error: parent:" "$TMP/err" || fail "no parent error: $(cat "$TMP/err")"

say "a bad kind exits 1 naming the field"
expect_exit 1 tz unit add --db "$DB" --code K8 --name 坏类别 --parent C1 --kind village
grep -q "^error: kind:" "$TMP/err" || fail "no kind error: $(cat "$TMP/err")"

say "a bad code or an empty name exits 1"
for code in "a b" "" "代码" "x/y" "$(printf 'A%.0s' $(seq 1 40))"; do
    expect_exit 1 tz unit add --db "$DB" --code "$code" --name 坏代码 --parent C1
    grep -q "^error: code:" "$TMP/err" || fail "bad code '$code': $(cat "$TMP/err")"
done
expect_exit 1 tz unit add --db "$DB" --code K7 --name "" --parent C1
grep -q "^error: name:" "$TMP/err" || fail "an empty name: $(cat "$TMP/err")"

[ "$(units)" = "$before" ] || fail "refused unit adds changed the unit list"

say "unit move re-parents a unit and its subtree"
expect_exit 0 tz unit move --db "$DB" --code K1 --parent C2
out_has "moved unit K1 under C2"
[ "$(parent_of K1)" = C2 ] || fail "after the move K1's parent is '$(parent_of K1)', not C2"
[ "$(parent_of K1-01)" = K1 ] || fail "the move lost K1-01's parent"
expect_exit 0 tz unit list --db "$DB" --under C2
[ "$(cut -f1 "$TMP/out" | tr '\n' ' ')" = "C2 K1 K1-01 " ] || fail "C2's subtree after the move: $(cut -f1 "$TMP/out" | tr '\n' ' ')"
expect_exit 0 tz unit list --db "$DB" --under C1
[ "$(cut -f1 "$TMP/out" | tr '\n' ' ')" = "C1 " ] || fail "C1 still holds: $(cut -f1 "$TMP/out" | tr '\n' ' ')"

say "a new unit goes under a moved unit"
expect_exit 0 tz unit add --db "$DB" --code K1-02 --name 甲县干部股 --parent K1 --kind office
expect_exit 0 tz unit list --db "$DB" --under C2
[ "$(cut -f1 "$TMP/out" | tr '\n' ' ')" = "C2 K1 K1-01 K1-02 " ] || fail "C2's subtree: $(cut -f1 "$TMP/out" | tr '\n' ' ')"

before=$(units)
say "a move that would make a cycle exits 1 and changes nothing"
expect_exit 1 tz unit move --db "$DB" --code C2 --parent K1-01
grep -q "^error: parent:" "$TMP/err" || fail "no parent error for a cycle: $(cat "$TMP/err")"
expect_exit 1 tz unit move --db "$DB" --code C2 --parent K1
expect_exit 1 tz unit move --db "$DB" --code K1 --parent K1
[ "$(units)" = "$before" ] || fail "a refused move changed the unit list"

say "a move to an unknown parent, or of an unknown unit, exits 1"
expect_exit 1 tz unit move --db "$DB" --code K1 --parent NOPE
expect_exit 1 tz unit move --db "$DB" --code NOPE --parent C1
[ "$(units)" = "$before" ] || fail "a refused move changed the unit list"

say "moving a unit back restores the tree"
expect_exit 0 tz unit move --db "$DB" --code K1 --parent C1
[ "$(parent_of K1)" = C1 ] || fail "K1 did not move back"

say "every change left an intact audit chain"
expect_exit 0 tz audit verify --db "$DB"

echo "ok: $TZ_TEST_NAME"
