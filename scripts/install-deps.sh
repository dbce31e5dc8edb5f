#!/usr/bin/env bash
# install-deps.sh — install every Debian package metaspin needs to build, test, plot and fetch data.
# Idempotent: when all packages are present it only checks (a second or so) and exits 0.
# Usage: scripts/install-deps.sh [--no-optional]   (run as root, or with sudo available)
set -euo pipefail

required=(build-essential pkg-config make
  libfftw3-dev libhdf5-dev libgsl-dev check libconfig-dev librandom123-dev
  libopenblas-dev zlib1g-dev hdf5-tools)
# Plots (scripts/plot.py), distributed sweeps (make MPI=1), the Fashion-MNIST data set, clang
# with its libFuzzer runtime and OpenMP library for `make fuzz` (mk/fuzz.mk), and valgrind for the
# memcheck run (tests/valgrind.sh).
optional=(python3 python3-h5py python3-matplotlib python3-numpy libopenmpi-dev openmpi-bin
  dataset-fashion-mnist clang libclang-rt-14-dev libomp-dev valgrind)

want=("${required[@]}")
[ "${1:-}" = "--no-optional" ] || want+=("${optional[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#want[@]} packages present"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
