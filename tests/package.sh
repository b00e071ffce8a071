#!/bin/bash
# The Debian package and make install (issue 21, item 1), run once by tests/run.sh: builds
# taizhang_*.deb from a copy of the source tree with dpkg-buildpackage, then checks what it holds
# (dpkg-deb -c), its dependencies and maintainer scripts, its units (systemd-analyze verify, and
# the service's exposure by systemd-analyze security at most 2.0), a hardened binary that starts,
# and make install DESTDIR=, which must not overwrite a configuration already there.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tz-package.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() {
    echo "FAIL: package: $*" >&2
    exit 1
}
say() {
    echo "- $*"
}

say "dpkg-buildpackage -us -uc -b builds taizhang_*.deb from a copy of the tree"
src=$tmp/src/taizhang
mkdir -p "$src"
if [ -d .git ] && command -v git >/dev/null; then
    git ls-files -z -co --exclude-standard |
        tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$src"
else
    tar --exclude=./.git --exclude=./build --exclude=./taizhang --exclude=node_modules \
        --exclude='./bench/out*' -cf - . | tar -xf - -C "$src"
fi
(cd "$src" && dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1 ||
    { tail -20 "$tmp/build.log"; fail "dpkg-buildpackage failed"; }
deb=$(ls "$tmp"/src/taizhang_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "no taizhang_*.deb built"

say "the package holds the binary, the units, the backup script and the configuration"
dpkg-deb -c "$deb" >"$tmp/contents"
for f in ./usr/bin/taizhang ./lib/systemd/system/taizhang.service \
    ./lib/systemd/system/taizhang-backup.service ./lib/systemd/system/taizhang-backup.timer \
    ./usr/lib/taizhang/taizhang-backup ./etc/taizhang/taizhang.conf \
    ./usr/share/man/man1/taizhang.1.gz; do
    grep -q " $f\$" "$tmp/contents" || fail "the package lacks $f"
done
dpkg-deb -f "$deb" Depends | grep -q 'libsqlite3-0' || fail "no dependency on libsqlite3-0"
dpkg-deb -f "$deb" Depends | grep -q 'adduser' || fail "no dependency on adduser"
dpkg-deb -e "$deb" "$tmp/control"
grep -q 'adduser --system' "$tmp/control/postinst" || fail "postinst adds no system user"
grep -q 'taizhang.service' "$tmp/control/postinst" || fail "postinst does not enable the service"
grep -q 'taizhang-backup.timer' "$tmp/control/postinst" || fail "postinst does not enable the timer"
grep -q 'TAIZHANG_PURGE_DATA' "$tmp/control/postrm" || fail "postrm does not keep the data on purge"
grep -q '^/etc/taizhang/taizhang.conf$' "$tmp/control/conffiles" ||
    fail "the configuration is not a conffile"

say "the units verify; the service runs as taizhang, hardened (exposure at most 2.0)"
x=$tmp/x
dpkg-deb -x "$deb" "$x"
svc=$x/lib/systemd/system/taizhang.service
grep -q '^User=taizhang$' "$svc" || fail "the service does not run as taizhang"
grep -q '^ExecStart=/usr/bin/taizhang serve --config /etc/taizhang/taizhang.conf$' "$svc" ||
    fail "the service's ExecStart: $(grep ExecStart "$svc")"
for k in ProtectSystem=strict ReadWritePaths=/var/lib/taizhang NoNewPrivileges=yes \
    PrivateTmp=yes ProtectHome=yes CapabilityBoundingSet= \
    'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' SystemCallFilter=@system-service; do
    grep -qx "$k" "$svc" || fail "the service lacks $k"
done
for u in taizhang.service taizhang-backup.service taizhang-backup.timer; do
    # the binary sits in the extracted tree, not at /usr/bin here
    systemd-analyze verify --man=no "$x/lib/systemd/system/$u" 2>&1 |
        grep -v 'is not executable: No such file' | grep -E '.' &&
        fail "systemd-analyze verify complains about $u"
done
exposure=$(systemd-analyze security --offline=true "$svc" 2>&1 |
    sed -n 's/.*Overall exposure level for taizhang.service: \([0-9.]*\).*/\1/p')
[ -n "$exposure" ] || fail "systemd-analyze security gave no exposure level"
python3 -c "import sys; sys.exit(0 if float('$exposure') <= 2.0 else 1)" ||
    fail "the service's exposure is $exposure, above 2.0"
echo "  exposure $exposure"

say "the packaged binary is hardened (PIE, full RELRO) and starts"
readelf -h "$x/usr/bin/taizhang" | grep -q 'DYN' || fail "the binary is not PIE"
readelf -d "$x/usr/bin/taizhang" | grep -q 'BIND_NOW\|FLAGS_1.*NOW' || fail "no BIND_NOW (RELRO)"
"$x/usr/bin/taizhang" --help >/dev/null || fail "the packaged binary does not start"

say "make install DESTDIR= PREFIX= installs the same, and keeps a configuration already there"
root=$tmp/root
make -s -C "$src" install DESTDIR="$root" PREFIX=/opt/tz >"$tmp/install.log" 2>&1 ||
    { tail -10 "$tmp/install.log"; fail "make install failed"; }
[ -x "$root/opt/tz/bin/taizhang" ] || fail "make install put no binary in PREFIX/bin"
grep -q '^\.SS "taizhang serve"' "$root/opt/tz/share/man/man1/taizhang.1" ||
    fail "the manual page lacks the serve command"
grep -q '^ExecStart=/opt/tz/bin/taizhang serve' "$root/lib/systemd/system/taizhang.service" ||
    fail "make install's unit does not start PREFIX's binary"
grep -q '^ExecStart=/opt/tz/lib/taizhang/taizhang-backup ' \
    "$root/lib/systemd/system/taizhang-backup.service" || fail "the backup unit's ExecStart"
echo "listen = 127.0.0.1:9999" >>"$root/etc/taizhang/taizhang.conf"
make -s -C "$src" install DESTDIR="$root" PREFIX=/opt/tz >"$tmp/install.log" 2>&1 ||
    fail "a second make install failed"
grep -q '^listen = 127.0.0.1:9999$' "$root/etc/taizhang/taizhang.conf" ||
    fail "make install overwrote the configuration"

say "the backup script keeps the newest copies"
db=$tmp/b.db
"$x/usr/bin/taizhang" init --db "$db" >/dev/null
mkdir -p "$tmp/backup"
for stamp in 20260101-020000 20260102-020000 20260103-020000; do
    cp "$db" "$tmp/backup/taizhang-$stamp.db"
done
"$x/usr/lib/taizhang/taizhang-backup" "$db" "$tmp/backup" 2 >/dev/null ||
    fail "the backup script failed"
n=$(ls "$tmp/backup" | wc -l)
[ "$n" = 2 ] || fail "the backup script kept $n copies, not 2"
ls "$tmp/backup" | grep -q 20260103 || fail "the backup script removed the newer copies"
exit 0
