#!/usr/bin/env bash
# valgrind.sh — Valgrind memcheck of one tiny job per command (issue 10: "a valgrind memcheck run of
# one small job per command, no errors, no leaks"). Each of macrospin, mesh, ionics, table, sweep,
# merge, fit, train, phase, run and info runs once (plus six jobs for paths those miss: the thermal
# mesh with DMI, the ionics-gated mesh, the T = 0 RK45 macrospin, the gzip IDX reader, three
# bad-input error exits and two numerical-fault exits) under
#   valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect
# with OMP_NUM_THREADS=1, in a fresh temporary folder, on a job shrunk with --set overrides from the
# example configs (a few trials, picoseconds of mesh time, a 16-point table, a synthetic CSV data
# set so that no download is needed). Any invalid read or write, use of uninitialised memory, bad
# free, or definitely/indirectly lost block fails the job; "possibly lost" and "still reachable"
# blocks do not (library caches and thread pools are still reachable at exit by design).
# tests/valgrind.supp holds the suppressions; every entry is limited to frames of a third-party
# library (libgomp, HDF5, OpenMPI, libc's dynamic loader), never to a metaspin function.
#
# Usage: tests/valgrind.sh [--keep] [JOB...]      (default: every job; 1-2 minutes on 2 cores)
#   MS_TEST_BIN=../build-ex/metaspin tests/valgrind.sh   binary relative to tests/ (default ../bin/metaspin)
#   --keep    keep the work folder (logs: JOB.PID.vg = valgrind, JOB.out = the program's output)
# Prints one line per job, `VALGRIND <job> ok|FAIL <seconds>s [reason]` (or `skipped: why` for a job
# whose input is missing, e.g. train_idx without data/), and for a failure the first
# error of the valgrind log; exits 1 if any job failed, 2 when valgrind or the binary is missing.
set -u

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$here" || exit 2
keep=0
jobs_wanted=()
for a in "$@"; do
  case "$a" in
    --keep) keep=1 ;;
    -h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) jobs_wanted+=("$a") ;;
  esac
done

command -v valgrind >/dev/null 2>&1 || { echo "valgrind.sh: valgrind not installed (apt-get install valgrind)" >&2; exit 2; }
bin="${MS_TEST_BIN:-../bin/metaspin}"
[ -x "$bin" ] || { echo "valgrind.sh: no binary $bin (make, or set MS_TEST_BIN)" >&2; exit 2; }
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
C="$root/configs"
work="$(mktemp -d /tmp/ms-valgrind-XXXXXX)"
cd "$work" || exit 2
export OMP_NUM_THREADS=1
VG=(valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect
  --num-callers=40 --track-origins=yes --suppressions="$here/valgrind.supp")
# An MPI build (make MPI=1) links Open MPI, whose initialisation valgrind reports at length; Open MPI
# ships its own suppressions for that.
if ldd "$bin" 2>/dev/null | grep -q 'libmpi'; then
  for s in /usr/share/openmpi/openmpi-valgrind.supp; do [ -f "$s" ] && VG+=(--suppressions="$s"); done
fi

# ---- inputs shared by several jobs ------------------------------------------------------------
# Measured-style switching curve (thermal regime, counts): Delta ~ 40, I_c0 ~ 0.5 mA, tau0 = 1 ns.
cat > curve.csv <<'EOF'
# synthetic switching counts for the memcheck run
width [ns], amplitude [mA], n_switched, n_total
10, 0.40, 0, 100
30, 0.40, 1, 100
100, 0.40, 3, 100
300, 0.40, 10, 100
10, 0.45, 17, 100
30, 0.45, 42, 100
100, 0.45, 84, 100
300, 0.45, 100, 100
EOF
# A tiny tabular data set (two classes, 4 features, label in the last column) for train and run.
awk 'BEGIN { srand(7); print "x1,x2,x3,x4,label";
  for (i = 0; i < 60; i++) { c = i % 2; printf "%.3f,%.3f,%.3f,%.3f,%d\n",
    c + rand(), 1 - c + rand(), rand(), c * rand(), c } }' > tiny.csv

# Table overrides: 2 states x 2 amplitudes x 2 widths x 1 T x 2 directions, 4 trials per point.
TABLE=(--set "table.theta=[0.75, 0.95]" --set "table.current_density=[2e10 A/m^2, 1e11 A/m^2]"
  --set "table.width=[1 ns, 5 ns]" --set table.trials=4 --set table.max_trials=4
  --set "table.pulse.relax=0.5 ns" --set "table.gate.voltage=[-2 V, 2 V]" --set "table.gate.width=[1 s, 10 s]")
# Learning overrides: the tiny CSV, one epoch, two tasks, one small hidden layer.
LEARN=(--set data.kind=csv --set data.csv=tiny.csv --set data.csv_header=1 --set data.max_train=0
  --set data.max_test=0 --set train.n_tasks=2 --set train.epochs=1 --set train.batch=16
  --set train.eval_batch=16 --set "network.hidden=[8]")
MESH=(--set mesh.nx=8 --set mesh.ny=4 --set mesh.nz=1 --set "mesh.t_end=2 ps" --set mesh.relax_iterations=20
  --set mesh.fft_measure=false)

job_macrospin() { "$@" macrospin "$C/macrospin-stt.cfg" -q -o macrospin.h5 --set macrospin.trials=4 \
  --set "solver.t_end=50 ps" --set macrospin.trajectories=2; }
job_mesh() { "$@" mesh "$C/mesh-sp4-field1.cfg" -q -o mesh.h5 "${MESH[@]}"; }
job_ionics() { "$@" ionics "$C/ionics-gdox-oxygen.cfg" -q -o ionics.h5 --tables --set ionics.run.samples=11 \
  --set "ionics.run.duration=20 s" --set "ionics.run.max_step=2 s" --set "ionics.table.h=[0.5, 1]" \
  --set "ionics.table.voltages=[-2 V, 2 V]" --set "ionics.table.widths=[1 s, 10 s]"; }
job_table() { "$@" table "$C/table-pma-stt.cfg" -q -o table.h5 --csv "${TABLE[@]}"; }
SWEEP=("$C/sweep-pma.cfg" -q --set "sweep.axis1.values=40 nm, 50 nm" --set "sweep.axis2.values=0.6 mJ/m^2"
  --set "table.theta=[0.8]" --set "table.current_density=[1e11 A/m^2]" --set "table.width=[1 ns]"
  --set table.trials=4 --set table.max_trials=4 --set "table.pulse.relax=0.5 ns")
job_sweep() { "$@" sweep "${SWEEP[@]}" -o sweep.h5 --part 0/2 && "$@" sweep "${SWEEP[@]}" -o sweep.h5 --part 1/2; }
job_merge() {
  [ -f sweep.part0-2.h5 ] || "$bin" sweep "${SWEEP[@]}" -o sweep.h5 --part 0/2 >/dev/null 2>&1
  [ -f sweep.part1-2.h5 ] || "$bin" sweep "${SWEEP[@]}" -o sweep.h5 --part 1/2 >/dev/null 2>&1
  "$@" merge -q -o merged.h5 sweep.part0-2.h5 sweep.part1-2.h5; }
job_fit() { "$@" fit curve.csv -q --model auto -o fit.h5 --json fit.json; }
job_train() {
  [ -f table.h5 ] || "$bin" table "$C/table-pma-stt.cfg" -q -o table.h5 "${TABLE[@]}" >/dev/null 2>&1
  "$@" train "$C/train-device.cfg" -q -o train.h5 --table table.h5 "${LEARN[@]}" --set "rule.width=5 ns" \
    --set "rule.gate_voltage=2 V" --set "rule.gate_width=10 s" --set rule.d2d_sigma=0.01 --set rule.read_noise=0.01; }
job_phase() { "$@" phase "$C/ferh-heating.cfg" -q -o phase.h5 --set phase.grains=16 --set phase.grid_x=4 \
  --set phase.trials=4 --set "phase.time=5 ns" --set phase.samples=11 --set "phase.drive.width=2 ns"; }
job_run() { "$@" run "$C/demo.cfg" -q -o run "${TABLE[@]}" "${LEARN[@]}" --set run.plots=false \
  --set ionics.run.samples=11 --set "ionics.run.duration=20 s" --set "ionics.run.max_step=2 s" \
  --set "ionics.waveform.width=10 s"; }
# Second jobs for code the first ones miss: the thermal Heun mesh with DMI, a disk and a region; a
# mesh gated through the ionics section (one ionic column per cell); the T = 0 RK45 macrospin with SOT; the gzip IDX reader (when scripts/fetch-data.sh has run); and the
# error paths of a config with a wrong dimension and of an unknown key (exit status 2 expected).
job_mesh_thermal() { "$@" mesh "$C/mesh-pma-disk.cfg" -q -o mesh2.h5 "${MESH[@]}" --set mesh.ny=8 --set "mesh.t_end=0.2 ps"; }
job_mesh_gated() { "$@" mesh "$C/mesh-gated-gdox.cfg" -q -o gated.h5 "${MESH[@]}" --set ionics.run.max_step=10s; }
job_macrospin_rk45() { "$@" macrospin "$C/macrospin-sot.cfg" -q -o rk45.h5 --set macrospin.trials=2 \
  --set "solver.t_end=50 ps" --set solver.integrator=rk45 --set "device.temperature=0 K" --set macrospin.initial=up; }
job_train_idx() {
  if [ ! -f "$root/data/fashion-mnist/train-images-idx3-ubyte.gz" ]; then echo "no data/fashion-mnist (scripts/fetch-data.sh)"; return 77; fi
  "$@" train "$C/train-pfmnist.cfg" -q -o idx.h5 --set "data.dir=$root/data/fashion-mnist" --set data.max_train=64 \
    --set data.max_test=32 --set train.n_tasks=2 --set train.epochs=1 --set train.batch=32 --set train.eval_batch=32 \
    --set "network.hidden=[8]" --set rule.name=adam; }
job_bad_input() {
  printf '# wrong dimension\ndevice = { ms = "1.2 nm"; };\n' > bad.cfg
  "$@" macrospin bad.cfg -q -o bad.h5; [ $? -eq 2 ] || return 1
  "$@" table "$C/table-pma-stt.cfg" -q -o bad.h5 --set table.thetaa=1; [ $? -eq 2 ] || return 1
  "$@" fit "$here/bad-inputs/fit-p-range.csv" -q -o bad.h5; [ $? -eq 2 ]; }
# Numerical faults (tests/check_faults.c): a macrospin and a mesh run blown up by a 1e300 A/m field
# must stop with exit status 1, their workspaces freed on the error path.
job_fault() {
  "$@" macrospin "$C/macrospin-stt.cfg" -q -o fault.h5 --set macrospin.trials=4 --set "device.temperature=0 K" \
    --set macrospin.initial=vector --set "macrospin.m0=[1,0,1]" --set "drive.field.amplitude=1e300 A/m" \
    --set "drive.field.direction=[1,0,1]"; [ $? -eq 1 ] || return 1
  "$@" mesh "$C/mesh-sp4-field1.cfg" -q -o fault.h5 "${MESH[@]}" --set mesh.relax=false \
    --set "mesh.field=[1e300,0,0]"; [ $? -eq 1 ]; }
job_info() {
  [ -f table.h5 ] || "$bin" table "$C/table-pma-stt.cfg" -q -o table.h5 "${TABLE[@]}" >/dev/null 2>&1
  "$@" info table.h5; }

all_jobs=(macrospin mesh ionics table sweep merge fit train phase run info
  mesh_thermal mesh_gated macrospin_rk45 train_idx bad_input fault)
[ ${#jobs_wanted[@]} -gt 0 ] || jobs_wanted=("${all_jobs[@]}")

failed=0
t_start=$SECONDS
for j in "${jobs_wanted[@]}"; do
  if ! declare -F "job_$j" >/dev/null; then
    echo "valgrind.sh: unknown job '$j' (jobs: ${all_jobs[*]})" >&2
    failed=1
    continue
  fi
  t0=$SECONDS
  "job_$j" "${VG[@]}" --log-file="$work/$j.%p.vg" "$bin" > "$j.out" 2>&1
  rc=$?
  dt=$((SECONDS - t0))
  if [ $rc -eq 77 ]; then   # the job needs something this machine lacks: say so, do not fail
    echo "VALGRIND $j skipped: $(tail -1 "$j.out")"
    continue
  fi
  logs=("$j".*.vg)
  # every program run of the job (sweep runs two) has its own log; each must end with a summary
  n_logs=0 n_summaries=0 errors=0
  for l in "${logs[@]}"; do
    [ -f "$l" ] || continue
    n_logs=$((n_logs + 1))
    e=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$l" | tail -1)
    [ -n "$e" ] && n_summaries=$((n_summaries + 1)) && errors=$((errors + e))
  done
  reason=""
  if [ $n_logs -eq 0 ] || [ $n_summaries -ne $n_logs ]; then
    reason="no valgrind summary (crashed or killed?)"
  elif [ "$errors" != 0 ]; then
    reason="$errors valgrind error(s)"
  elif [ $rc -ne 0 ]; then
    reason="the job exited with status $rc"
  fi
  if [ -z "$reason" ]; then
    echo "VALGRIND $j ok ${dt}s"
  else
    failed=1
    echo "VALGRIND $j FAIL ${dt}s $reason"
    # the first error (or leak record) of the log, then the program's last lines
    awk '/== (Invalid|Conditional|Use of|Syscall|Mismatched|Source and|Argument)|definitely lost in|indirectly lost in/ { p = 1 }
         p && /^==[0-9]+== $/ { exit } p' "${logs[@]}" 2>/dev/null | head -25 | sed 's/^/  /'
    tail -5 "$j.out" | sed 's/^/  | /'
  fi
done
echo "valgrind.sh: ${#jobs_wanted[@]} job(s) in $((SECONDS - t_start)) s, $([ $failed -eq 0 ] && echo 'all clean' || echo 'FAILURES')"
if [ $keep -eq 1 ] || [ $failed -ne 0 ]; then
  echo "valgrind.sh: logs in $work"
else
  rm -rf "$work"
fi
exit $failed
