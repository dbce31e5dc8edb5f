#!/usr/bin/env bash
# triage.sh — sort the crash artifacts of one fuzz target (make fuzz): a crash whose innermost frame
# among libhdf5 and metaspin's own code is inside libhdf5 is a bug of the system HDF5 library on a
# corrupt file (logged, not failed: metaspin cannot validate a file before HDF5 has parsed it); any
# other crash fails.
# Usage: fuzz/triage.sh BUILD_DIR TARGET   (exit 1 if a crash is in metaspin's code)
set -u
dir=$1 target=$2 ours=0 theirs=0
for a in "$dir"/crash-"$target"-crash-* "$dir"/crash-"$target"-leak-* "$dir"/crash-"$target"-oom-*; do
  [ -e "$a" ] || continue
  report=$(ASAN_OPTIONS=allocator_may_return_null=1:max_allocation_size_mb=2048 \
           LSAN_OPTIONS=suppressions=$(dirname "$0")/lsan.supp "$dir/fuzz-$target" "$a" 2>&1)
  # the innermost frame that is libhdf5 or metaspin's own code (src/, fuzz/) decides: libc, zlib,
  # sanitizer interceptors and other helpers fault for whoever called them
  frame=$(printf '%s\n' "$report" | grep -E '^ +#[0-9]+ ' | grep -E 'libhdf5|/src/|/fuzz/' | head -1)
  if printf '%s' "$frame" | grep -q 'libhdf5'; then
    theirs=$((theirs + 1)); echo "triage: $a: inside libhdf5 (system library): $frame"
  elif [ -z "$frame" ] && ! printf '%s' "$report" | grep -q -E 'ERROR|runtime error'; then
    echo "triage: $a: no longer reproduces"
  else
    ours=$((ours + 1)); echo "triage: $a: IN METASPIN:"; printf '%s\n' "$report" | grep -E 'ERROR|runtime error|^ +#' | head -15
  fi
done
echo "triage: $target: $ours crash(es) in metaspin, $theirs inside libhdf5"
[ "$ours" -eq 0 ]
