# metaspin — build, test, validate, benchmark, install.
# Sources are discovered by glob: src/<module>/*.c -> lib/libmetaspin.a, src/cli/*.c -> bin/metaspin,
# tests/check_<module>.c -> one Check runner, validation/<module>/<case>/case.c -> one program each,
# bench/*.c -> one program each. Adding a file needs no edit here.
#   make [all] | check | demo | validate | bench | asan | valgrind | fuzz | install [PREFIX=..] | clean
#   NATIVE=1 (-march=native)  WERROR=1 (-Werror)  MPI=1 (Open MPI)  DEPS=skip (no auto-install)

VERSION  := 0.1.0
PREFIX   ?= /usr/local
CC       ?= gcc
ifeq ($(CC),cc)
CC := gcc
endif
ifeq ($(MPI),1)
BUILD    ?= build-mpi
else
BUILD    ?= build
endif
PKGS     := fftw3 hdf5 gsl libconfig zlib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# GSL works with any CBLAS: link OpenBLAS instead of the slow reference libgslcblas.
PKG_LIBS   := $(filter-out -lgslcblas,$(shell pkg-config --libs $(PKGS) 2>/dev/null))
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null)
GIT_REV  := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

ARCH     := -march=x86-64-v3
ifeq ($(NATIVE),1)
ARCH     := -march=native
endif
OPT      ?= -O3 $(ARCH) -DNDEBUG
WARN     := -Wall -Wextra -Wpedantic -Wshadow -Wno-unused-parameter
ifeq ($(WERROR),1)
WARN     += -Werror
endif
CPPFLAGS += -Iinclude -Isrc -D_GNU_SOURCE -DMS_VERSION='"$(VERSION)"' -DMS_GIT_REV='"$(GIT_REV)"'
CFLAGS   += -std=c17 $(OPT) $(WARN) -fopenmp -fno-math-errno -g $(PKG_CFLAGS)
LDLIBS   += $(PKG_LIBS) -lopenblas -lm
ifeq ($(MPI),1)
CC       := mpicc
CPPFLAGS += -DMS_WITH_MPI
endif

LIB_SRC  := $(sort $(wildcard src/core/*.c src/macrospin/*.c src/micromag/*.c src/ionics/*.c \
              src/switching/*.c src/sweep/*.c src/learn/*.c src/phase/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/check_*.c))
VAL_SRC  := $(sort $(wildcard validation/*/*/case.c))
BENCH_SRC:= $(sort $(wildcard bench/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o) $(BUILD)/tests/main.o
VAL_BIN  := $(patsubst validation/%/case.c,$(BUILD)/validation/%,$(VAL_SRC))
BENCH_BIN:= $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))
ifeq ($(MPI),1)
LIB      ?= $(BUILD)/libmetaspin.a
BIN      ?= $(BUILD)/metaspin
else
LIB      ?= lib/libmetaspin.a
BIN      ?= bin/metaspin
endif

.PHONY: all check demo validate bench asan valgrind install clean deps docs FORCE
all: $(BIN)

# Install missing Debian packages first (skipped with DEPS=skip or when pkg-config finds all).
deps:
ifneq ($(DEPS),skip)
	@pkg-config --exists $(PKGS) check 2>/dev/null && [ -f /usr/include/Random123/philox.h ] \
	  && [ -f /usr/include/x86_64-linux-gnu/cblas.h -o -f /usr/include/cblas.h ] \
	  || scripts/install-deps.sh
endif

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@rm -f $@
	@echo "AR $@"
	@ar rcs $@ $^

# Commands register themselves: every src/cli/cmd_<name>.c defines `const ms_command ms_cmd_<name>`.
$(BUILD)/commands.gen.h: $(CLI_SRC) Makefile
	@mkdir -p $(BUILD)
	@for f in $(notdir $(basename $(filter src/cli/cmd_%.c,$(CLI_SRC)))); do \
	  echo "MS_COMMAND($${f#cmd_})"; done > $@.tmp && mv $@.tmp $@
$(BUILD)/src/cli/main.o: $(BUILD)/commands.gen.h
$(BUILD)/src/cli/main.o: CPPFLAGS += -I$(BUILD)

$(BIN): $(CLI_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) $(CLI_OBJ) $(LIB) $(LDLIBS) -o $@

# One Check runner; every tests/check_<m>.c defines `Suite *check_<m>_suite(void)`.
$(BUILD)/suites.gen.h: $(TEST_SRC) Makefile
	@mkdir -p $(BUILD)
	@for f in $(notdir $(basename $(TEST_SRC))); do echo "MS_SUITE($$f)"; done > $@.tmp && mv $@.tmp $@
$(BUILD)/tests/main.o: $(BUILD)/suites.gen.h
$(BUILD)/tests/%.o: CPPFLAGS += -I$(BUILD) $(CHECK_CFLAGS)
$(BUILD)/tests/check: $(TEST_OBJ) $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) $(TEST_OBJ) $(LIB) $(CHECK_LIBS) $(LDLIBS) -o $@

check: deps
	@$(MAKE) --no-print-directory $(BIN) $(BUILD)/tests/check
	cd tests && CK_DEFAULT_TIMEOUT=600 ../$(BUILD)/tests/check

$(BUILD)/validation/%: validation/%/case.c $(LIB) validation/common.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Ivalidation $(CFLAGS) $< $(LIB) $(LDLIBS) -o $@
validate: deps
	@$(MAKE) --no-print-directory $(BIN) $(VAL_BIN)
	@fail=0; for v in $(VAL_BIN); do $$v || fail=1; done; \
	  if [ $$fail -ne 0 ]; then echo "validate: some cases FAILED"; exit 1; fi

$(BUILD)/bench/%: bench/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Ibench $(CFLAGS) $< $(LIB) $(LDLIBS) -o $@
bench: deps
	@$(MAKE) --no-print-directory $(BIN) $(BENCH_BIN)
	@echo "bench: $$(nproc) cores"; for b in $(BENCH_BIN); do $$b || exit 1; done

# The main job: data from Debian packages (scripts/fetch-data.sh), build, run configs/demo.cfg.
demo: deps
	@scripts/fetch-data.sh
	@$(MAKE) --no-print-directory $(BIN)
	$(BIN) run configs/demo.cfg

# Tests under AddressSanitizer + UndefinedBehaviorSanitizer, in a separate build tree; the CLI
# suites (bad inputs, faults, interrupts) run against a sanitizer build of the binary too.
ASAN_MAKE := $(MAKE) --no-print-directory BUILD=build-asan \
  OPT="-O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined" \
  LDFLAGS="-fsanitize=address,undefined" LIB=build-asan/libmetaspin.a BIN=build-asan/metaspin
asan: deps $(BIN)
	@$(ASAN_MAKE) build-asan/metaspin build-asan/tests/check
	cd tests && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 MS_TEST_QUICK=1 \
	  MS_TEST_BIN=../build-asan/metaspin CK_DEFAULT_TIMEOUT=1200 ../build-asan/tests/check

# One small job per command under valgrind memcheck (no errors, no leaks): tests/valgrind.sh.
valgrind: deps $(BIN)
	MS_TEST_BIN=../$(BIN) tests/valgrind.sh

# The command-line reference is generated from the binary (tests/check_cli.c checks it is current).
docs: $(BIN)
	$(BIN) help --markdown > docs/cli.md
	$(BIN) help --man > docs/metaspin.1

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include/metaspin
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/
	install -m 644 include/metaspin/*.h $(DESTDIR)$(PREFIX)/include/metaspin/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' -e 's|@REQUIRES@|$(PKGS)|' \
	  metaspin.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/metaspin.pc
	@if [ -f docs/metaspin.1 ]; then install -d $(DESTDIR)$(PREFIX)/share/man/man1; \
	  install -m 644 docs/metaspin.1 $(DESTDIR)$(PREFIX)/share/man/man1/; fi

clean:
	rm -rf build build-asan build-mpi build-fuzz lib bin

# libFuzzer targets for the readers (make fuzz [FUZZ_SECONDS=60]): mk/fuzz.mk.
include mk/fuzz.mk

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
