#!/usr/bin/env bash
# Copies the small results of finished science runs (result.json, metrics.csv) from runs/science/<study>/ to
# bench/results/science/<study>/ so that they can be committed (run folders are not) and the study scripts skip
# them in a fresh clone. Usage: bench/science/keep.sh STUDY [RUNS_ROOT]   (e.g. keep.sh conventions /work/sci/runs)
set -euo pipefail
cd "$(dirname "$0")/../.."
study=${1:?study name, e.g. conventions}
root=${2:-runs}
for d in "$root/science/$study"/*/; do
  [[ -f $d/result.json ]] || continue
  dest="bench/results/science/$study/$(basename "$d")"
  mkdir -p "$dest"
  cp "$d/result.json" "$d/metrics.csv" "$dest/"
done
ls "bench/results/science/$study"
