#!/usr/bin/env bash
# fetch-data.sh — put the learning data sets under data/ (git-ignored), from Debian packages only.
#   data/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz   (package dataset-fashion-mnist;
#       Xiao, Rasul & Vollgraf 2017, arXiv:1708.07747; IDX format, gzip)
#   data/breast-cancer/breast_cancer.csv  (Wisconsin diagnostic breast cancer, Street, Wolberg &
#       Mangasarian 1993; shipped inside python3-sklearn, unpacked with apt-get download + dpkg -x,
#       not installed)
# Idempotent: files already in place are kept; a second run only checks. Run from anywhere.
# Usage: scripts/fetch-data.sh [DATA_DIR]   (default: <repo>/data)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$root/data}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive

# --- Fashion-MNIST ------------------------------------------------------------------------------
fm_src=/usr/share/datasets/fashion-mnist
fm_dst="$data/fashion-mnist"
fm_files=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz
  t10k-labels-idx1-ubyte.gz)
if [ ! -f "$fm_src/${fm_files[0]}" ]; then
  echo "fetch-data: installing dataset-fashion-mnist"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends dataset-fashion-mnist >/dev/null
fi
mkdir -p "$fm_dst"
for f in "${fm_files[@]}"; do
  [ -f "$fm_src/$f" ] || { echo "fetch-data: $fm_src/$f missing after install" >&2; exit 1; }
  if ! cmp -s "$fm_src/$f" "$fm_dst/$f"; then cp "$fm_src/$f" "$fm_dst/$f.tmp" && mv "$fm_dst/$f.tmp" "$fm_dst/$f"; fi
done
echo "fetch-data: fashion-mnist in $fm_dst"

# --- Wisconsin diagnostic breast cancer (from python3-sklearn, not installed) --------------------
bc_dst="$data/breast-cancer"
bc_csv="$bc_dst/breast_cancer.csv"
if [ ! -s "$bc_csv" ]; then
  mkdir -p "$bc_dst"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  ( cd "$work" && apt-get download python3-sklearn >/dev/null 2>&1 ) || {
    $sudo apt-get update -qq
    ( cd "$work" && apt-get download python3-sklearn >/dev/null )
  }
  deb="$(ls "$work"/python3-sklearn_*.deb | head -n 1)"
  dpkg -x "$deb" "$work/x"
  src="$(find "$work/x" -path '*sklearn/datasets/data/breast_cancer.csv' | head -n 1)"
  [ -n "$src" ] || { echo "fetch-data: breast_cancer.csv not found in $deb" >&2; exit 1; }
  cp "$src" "$bc_csv.tmp" && mv "$bc_csv.tmp" "$bc_csv"
fi
echo "fetch-data: breast-cancer in $bc_csv ($(wc -l < "$bc_csv") lines)"
