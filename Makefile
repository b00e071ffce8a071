# taizhang — plain GNU make + pkg-config.
#   make          build ./taizhang
#   make run      install missing Debian packages, build, serve a demo on http://127.0.0.1:8080
#   make test     install, build, run every test, then again under ASan + UBSan
#   make asan     build the sanitized binary and test runner in build/asan
#   make fuzz     build the libFuzzer targets (clang) in build/fuzz; fuzz/run.sh runs them
#   make check    layering and banned-call checks (tools/check.sh)
#   make install  the binary, its manual page (help2man), the systemd units and
#                 /etc/taizhang/taizhang.conf under DESTDIR
#                 (PREFIX /usr/local; the Debian package, debian/, installs with PREFIX=/usr)

PKGS      := sqlite3 libmicrohttpd jansson libsodium libutf8proc xlsxwriter libqrencode minizip \
             expat icu-i18n icu-uc libcurl freexl
TEST_PKGS := cmocka
CC        ?= cc
WARN      := -std=c17 -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes -Wvla -Werror
BASE_CFLAGS = $(WARN) -D_DEFAULT_SOURCE -Isrc -Ibuild/gen -pthread \
              $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS       = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -pthread
TEST_LIBS  = $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)
OPT       ?= -O2 -g
B         ?= build
SAN       :=
JOBS      ?= $(shell nproc 2>/dev/null || echo 2)

SRC  := $(filter-out src/main.c,$(shell find src -name '*.c' | sort))
EMBED_FILES := $(shell find src/db/schema src/web/static -type f | sort)
OBJ  := $(SRC:src/%.c=$(B)/obj/%.o) $(B)/obj/gen/embedded.o
TEST_SRC := $(shell find tests/unit -name '*.c' | sort)
TEST_OBJ := $(TEST_SRC:tests/%.c=$(B)/obj/tests/%.o)

.PHONY: all run test asan fuzz check deps deps-check test-deps clean bench install

all: taizhang

taizhang: $(B)/taizhang
	cp $< $@.tmp && mv -f $@.tmp $@

$(B)/taizhang: $(B)/obj/main.o $(OBJ)
	$(CC) $(OPT) $(SAN) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/tests: $(TEST_OBJ) $(OBJ)
	$(CC) $(OPT) $(SAN) -o $@ $^ $(LIBS) $(TEST_LIBS)

$(B)/obj/%.o: src/%.c | deps-check
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CPPFLAGS) $(OPT) $(SAN) -MMD -MP -c -o $@ $<

$(B)/obj/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(OPT) $(SAN) -Itests $(shell pkg-config --cflags $(TEST_PKGS)) \
	    -MMD -MP -c -o $@ $<

$(B)/obj/gen/embedded.o: build/gen/embedded.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CPPFLAGS) $(OPT) $(SAN) -c -o $@ $<

# the list of embedded files, rewritten only when it changes, so that a removed file (a
# migration on another branch) rebuilds the archive too
EMBED_LIST := build/gen/embed.list
$(shell mkdir -p build/gen; echo '$(EMBED_FILES)' | cmp -s - $(EMBED_LIST) || echo '$(EMBED_FILES)' > $(EMBED_LIST))

build/gen/embedded.c: build/embed $(EMBED_FILES) $(EMBED_LIST)
	@mkdir -p build/gen
	@build/embed $@ src/ $(EMBED_FILES)

build/embed: tools/embed.c
	@mkdir -p build
	$(CC) -std=c17 -O2 -Wall -Wextra -Werror -o $@ $<

deps:
	@scripts/deps.sh

# a missing package is named before the compiler would stop at its header
deps-check:
	@scripts/deps.sh --check

test-deps:
	@scripts/deps.sh --test

run: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@[ -f taizhang.db ] || ./taizhang demo --db taizhang.db
	./taizhang serve --db taizhang.db --listen 127.0.0.1:8080

test: test-deps
	@tools/check.sh
	@$(MAKE) --no-print-directory -j$(JOBS) all $(B)/tests
	@$(MAKE) --no-print-directory -j$(JOBS) B=build/asan OPT='-O1 -g -fno-omit-frame-pointer' \
	    SAN='-fsanitize=address,undefined -fno-sanitize-recover=all' build/asan/taizhang build/asan/tests
	@$(MAKE) --no-print-directory fuzz
	@tests/run.sh build build/asan

asan:
	@$(MAKE) --no-print-directory -j$(JOBS) B=build/asan OPT='-O1 -g -fno-omit-frame-pointer' \
	    SAN='-fsanitize=address,undefined -fno-sanitize-recover=all' build/asan/taizhang build/asan/tests

# the fuzz targets (fuzz/fuzz_*.c) link the whole program but main, with the HTTP targets'
# in-process world (fuzz/world.c, fuzz/route_pick.c)
FUZZ_TARGETS := $(basename $(notdir $(wildcard fuzz/fuzz_*.c)))
FUZZ_SAN     := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
fuzz: test-deps
	@$(MAKE) --no-print-directory -j$(JOBS) B=build/fuzz CC=clang \
	    OPT='-O1 -g -fno-omit-frame-pointer' SAN='$(FUZZ_SAN)' $(FUZZ_TARGETS:%=build/fuzz/%)

$(B)/fuzz_%: $(B)/obj/fuzz/fuzz_%.o $(B)/obj/fuzz/world.o $(B)/obj/fuzz/route_pick.o $(OBJ)
	$(CC) $(OPT) $(SAN) -fsanitize=fuzzer -o $@ $^ $(LIBS)

$(B)/obj/fuzz/%.o: fuzz/%.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -D_GNU_SOURCE $(OPT) $(SAN) -MMD -MP -c -o $@ $<

check:
	@tools/check.sh

bench: all
	@bench/run.sh

PREFIX  ?= /usr/local
DESTDIR ?=
UNITDIR ?= /lib/systemd/system
UNIT_SUBST = sed -e 's|@BINDIR@|$(PREFIX)/bin|g' -e 's|@LIBDIR@|$(PREFIX)/lib/taizhang|g'

# the configuration is not overwritten once there (it is the operator's)
# the manual page, from the help texts (help2man)
build/taizhang.1: taizhang tools/man.sh
	@tools/man.sh ./taizhang $@

install: taizhang build/taizhang.1
	install -D -m 0755 taizhang $(DESTDIR)$(PREFIX)/bin/taizhang
	install -D -m 0644 build/taizhang.1 $(DESTDIR)$(PREFIX)/share/man/man1/taizhang.1
	install -D -m 0755 contrib/taizhang-backup $(DESTDIR)$(PREFIX)/lib/taizhang/taizhang-backup
	install -d $(DESTDIR)$(UNITDIR)
	$(UNIT_SUBST) contrib/systemd/taizhang.service.in >$(DESTDIR)$(UNITDIR)/taizhang.service
	$(UNIT_SUBST) contrib/systemd/taizhang-backup.service.in \
	    >$(DESTDIR)$(UNITDIR)/taizhang-backup.service
	install -m 0644 contrib/systemd/taizhang-backup.timer $(DESTDIR)$(UNITDIR)/
	[ -f $(DESTDIR)/etc/taizhang/taizhang.conf ] || \
	    install -D -m 0640 contrib/taizhang.conf $(DESTDIR)/etc/taizhang/taizhang.conf

clean:
	rm -rf build taizhang

-include $(shell find build -name '*.d' 2>/dev/null)
