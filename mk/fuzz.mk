# mk/fuzz.mk — libFuzzer targets (included by the Makefile; needs clang, libclang-rt-14-dev and
# libomp-dev from Debian). The library sources are compiled with the fuzzer and sanitizer flags
# into build-fuzz/, each fuzz/<target>.c is linked against them, and `make fuzz` runs every target
# for FUZZ_SECONDS seconds starting from its seed corpus fuzz/corpus/<target>/ (new inputs go to
# build-fuzz/corpus/<target>/, crashes to build-fuzz/crash-<target>-*). Fails if any target crashes.
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="config csv"]
# A crash becomes a regression test: add the input to tests/bad-inputs/ (with its case line) or a
# unit test, then fix the reader.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_BUILD   := build-fuzz
FUZZ_TARGETS ?= config csv idx table
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS  := -std=c17 -O1 -g -fno-omit-frame-pointer $(FUZZ_SAN) -fopenmp -Wno-unused-parameter -Wno-pass-failed $(PKG_CFLAGS)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz-%)
# Large allocations fail (NULL -> MS_ENOMEM) instead of aborting, so a header claiming 10^9 rows
# is a reported error, not a fuzzer crash; leaks are still errors.
FUZZ_ASAN    := allocator_may_return_null=1:max_allocation_size_mb=2048:detect_leaks=1
FUZZ_UBSAN   := print_stacktrace=1:halt_on_error=1
FUZZ_LSAN    := suppressions=$(CURDIR)/fuzz/lsan.supp:print_suppressions=0
# libhdf5 (not instrumented) over-reads and loops on some corrupt files (H5MM_xstrdup, H5HG_read):
# the table target runs in fork mode, which logs every crash and timeout and goes on fuzzing; then
# fuzz/triage.sh replays each crash and fails only for one whose innermost frame is not in libhdf5.
FUZZ_ARGS_table := -fork=1 -ignore_timeouts=1 -ignore_ooms=1 -ignore_crashes=1

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BINS)

$(FUZZ_BUILD)/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_BUILD)/libmetaspin.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(FUZZ_BUILD)/fuzz-%: fuzz/%.c fuzz/fuzz_util.h $(FUZZ_BUILD)/libmetaspin.a
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer $< $(FUZZ_BUILD)/libmetaspin.a $(LDLIBS) -o $@

fuzz: $(FUZZ_BINS)
	@rm -f $(FUZZ_BUILD)/crash-*; fail=0; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t; args=""; [ $$t != table ] || args="$(FUZZ_ARGS_table)"; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  ASAN_OPTIONS=$(FUZZ_ASAN) UBSAN_OPTIONS=$(FUZZ_UBSAN) LSAN_OPTIONS=$(FUZZ_LSAN) \
	    $(FUZZ_BUILD)/fuzz-$$t $$args -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=3072 -malloc_limit_mb=3072 \
	    -timeout=20 -max_len=65536 -print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/crash-$$t- \
	    $(FUZZ_BUILD)/corpus/$$t fuzz/corpus/$$t > $(FUZZ_BUILD)/fuzz-$$t.log 2>&1; rc=$$?; \
	  if [ $$t = table ]; then \
	    grep -q -E 'fuzzed for|^Done' $(FUZZ_BUILD)/fuzz-$$t.log || { fail=1; echo "fuzz: $$t did not run"; tail -20 $(FUZZ_BUILD)/fuzz-$$t.log; }; \
	    bash fuzz/triage.sh $(FUZZ_BUILD) $$t || fail=1; \
	  elif [ $$rc -ne 0 ]; then \
	    fail=1; echo "fuzz: $$t FAILED (see $(FUZZ_BUILD)/fuzz-$$t.log)"; tail -40 $(FUZZ_BUILD)/fuzz-$$t.log; \
	  fi; \
	  grep -E '^stat::number_of_executed_units|^Done|^#[0-9]+: cov' $(FUZZ_BUILD)/fuzz-$$t.log | tail -1; \
	done; rm -f /tmp/ms-fuzz-*; \
	if [ $$fail -ne 0 ]; then echo "fuzz: some targets FAILED"; exit 1; fi; echo "fuzz: all targets clean"

-include $(shell find $(FUZZ_BUILD) -name '*.d' 2>/dev/null)
