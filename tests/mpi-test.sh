#!/bin/sh
# mpi-test.sh — build the MPI variant (make MPI=1, separate build tree build-mpi/) and check that a
# device table computed by 2 (and 3) MPI ranks, by 1 process with 1 or 2 threads, and by --part
# splits joined with `metaspin merge` has identical datasets (h5diff per dataset; provenance
# attributes such as the command line and times differ by design).
# Usage: tests/mpi-test.sh   (from anywhere; needs mpicc, mpirun and h5diff)
set -eu
cd "$(dirname "$0")/.."
make --no-print-directory MPI=1 BUILD=build-mpi LIB=build-mpi/libmetaspin.a BIN=build-mpi/metaspin \
    build-mpi/metaspin >/dev/null
B=build-mpi/metaspin
MPIRUN="mpirun --allow-run-as-root --oversubscribe"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/t.cfg" <<'CFG'
device = { ms = "1.1 MA/m"; geometry = "disk"; size = ["40 nm", "40 nm", "1.3 nm"];
  alpha = 0.05; stt = { model = "constant"; eta = 0.5; p = [0, 0, 1]; }; };
solver = { dt = "1 ps"; };
table = { hidden = "delta"; delta = [15.0, 30.0, 60.0]; kind = "current_density";
  current_density = ["2e10 A/m^2", "1e11 A/m^2", "3e11 A/m^2"]; width = ["1 ns", "2 ns"];
  temperature = ["300 K"]; trials = 100; max_trials = 300; halfwidth = 0.05;
  pulse = { relax = "0.5 ns"; rise = "0.05 ns"; fall = "0.05 ns"; }; };
CFG
$B table "$tmp/t.cfg" -o "$tmp/one.h5" --quiet --threads 1
$B table "$tmp/t.cfg" -o "$tmp/one_t2.h5" --quiet --threads 2
$MPIRUN -np 2 $B table "$tmp/t.cfg" -o "$tmp/two.h5" --quiet --threads 1
$MPIRUN -np 3 $B table "$tmp/t.cfg" -o "$tmp/three.h5" --quiet --threads 1
$B table "$tmp/t.cfg" -o "$tmp/p.h5" --part 0/2 --quiet --threads 1
$B table "$tmp/t.cfg" -o "$tmp/p.h5" --part 1/2 --quiet --threads 2
$B merge "$tmp/p.part0-2.h5" "$tmp/p.part1-2.h5" -o "$tmp/merged.h5" --quiet
cat "$tmp/t.cfg" > "$tmp/s.cfg"
cat >> "$tmp/s.cfg" <<'CFG'
sweep = { mode = "grid"; axis1 = { key = "device.alpha"; values = "0.03, 0.05, 0.08"; };
  axis2 = { key = "device.ms"; values = "1.0 MA/m, 1.1 MA/m"; }; };
CFG
$B sweep "$tmp/s.cfg" -o "$tmp/sw1.h5" --quiet --threads 1 --set table.max_trials=100
$MPIRUN -np 2 $B sweep "$tmp/s.cfg" -o "$tmp/sw2.h5" --quiet --threads 1 --set table.max_trials=100
fail=0
for d in /sweep/points /sweep/merit/delta /sweep/merit/critical /sweep/merit/p_ref /sweep/merit/width_half \
         /sweep/merit/energy_write; do
    if ! h5diff "$tmp/sw1.h5" "$tmp/sw2.h5" "$d" >/dev/null 2>&1; then
        echo "mpi-test: sweep with 2 ranks differs in $d"
        fail=1
    fi
done
for f in one_t2 two three merged; do
    for d in /axes/h /axes/amplitude /axes/width /axes/temperature /switching/P /switching/ci_lo \
             /switching/ci_hi /switching/n_trials /switching/n_switched /switching/t_mean /switching/t_q50 \
             /switching/source /switching/delta /energy/write; do
        if ! h5diff "$tmp/one.h5" "$tmp/$f.h5" "$d" >/dev/null 2>&1; then
            echo "mpi-test: $f.h5 differs from one.h5 in $d"
            fail=1
        fi
    done
done
if [ $fail -eq 0 ]; then
    echo "mpi-test: 2 and 3 ranks, 2 threads and --part + merge give identical datasets (table and sweep): PASS"
else
    echo "mpi-test: FAIL"
fi
exit $fail
