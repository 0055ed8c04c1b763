#!/usr/bin/env bash
# Issue 21, question 3: what costs the nats in the run at the authors' configuration (bench/RESULTS.md 7.5).
# NRWS at the authors' optimiser settings (K = 5, B = 32, SGD 0.01, alpha 0.01, refresh 1, seed 1) for a fixed
# number of updates, test LL at K = 100 on the full test set, for
#   latents 200,100,10 and 200,200,10  x  --units 01|pm1  x  --init small|argo   (fixed binarisation)
#   and --binarize dynamic at 200,100,10 for (pm1, argo) and (01, small).
# Stops after a number of updates (not seconds), so the machine's load cannot change a result; each run is
# skipped when its result.json exists (in the run folder, or kept in bench/results/science/conventions/ by
# bench/science/keep.sh), so the script resumes where it stopped, also in a fresh clone.
# Usage: bench/science/conventions.sh [--dry-run]
# Environment: CONV_OUT (runs/science/conventions), CONV_UPDATES (3000), CONV_THREADS (1), CONV_NICE (10).
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${CONV_OUT:-runs/science/conventions}
UPDATES=${CONV_UPDATES:-3000}
THREADS=${CONV_THREADS:-1}
NICE=${CONV_NICE:-10}
DRY=0; [[ "${1:-}" == "--dry-run" ]] && DRY=1
# --refresh 1 --fisher-rows all: the authors' practice, and the engine's defaults when the first arms ran (commit 5f63a54)
COMMON="--algo nrws --k 5 --batch 32 --optimizer sgd --lr 0.01 --alpha 0.01 --refresh 1 --fisher-rows all --seed 1 --eval-k 100 --monitor-k 20 --monitor-size 1000"

KEPT=bench/results/science/conventions   # result.json and metrics.csv of finished runs, committed (runs/ is not)

run() {   # folder, options...
  local dir=$1; shift
  [[ -f $dir/result.json || -f $KEPT/$(basename "$dir")/result.json ]] && return 0
  echo "[$(date +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)] $dir: ./nrws train $*" >&2
  [[ $DRY == 1 ]] && return 0
  rm -rf "$dir"; mkdir -p "$(dirname "$dir")"
  # shellcheck disable=SC2086
  nice -n "$NICE" ./nrws train "$@" --threads "$THREADS" --max-updates "$UPDATES" --out "$dir" > /dev/null 2> "$dir.log" \
    || echo "  failed: $(tail -1 "$dir.log")" >&2
}

for layers in 200,100,10 200,200,10; do
  for u in 01 pm1; do for i in small argo; do
    # shellcheck disable=SC2086
    run "$OUT/l${layers//,/-}-$u-$i-fixed" $COMMON --layers "$layers" --units "$u" --init "$i" --binarize fixed
  done; done
  if [[ $layers == 200,100,10 ]]; then
    # shellcheck disable=SC2086
    run "$OUT/l200-100-10-pm1-argo-dynamic" $COMMON --layers "$layers" --units pm1 --init argo --binarize dynamic
    # shellcheck disable=SC2086
    run "$OUT/l200-100-10-01-small-dynamic" $COMMON --layers "$layers" --units 01 --init small --binarize dynamic
  fi
done
# argo's {-1,+1} layers take the difference s - (2p - 1) = 2 (y - p) as the gradient at the pre-activation while their
# Fisher keeps the weight p (1 - p): their natural step is twice this engine's at the same learning rate. This arm
# matches their effective step (lr 0.02 here = their 0.01).
# shellcheck disable=SC2086
run "$OUT/l200-100-10-pm1-argo-fixed-lr0.02" ${COMMON/--lr 0.01/--lr 0.02} --layers 200,100,10 --units pm1 --init argo --binarize fixed
# Damping in {-1,+1} coordinates: q0's Fisher spans only the B = 32 data rows of its 785 inputs, and the damped
# inverse multiplies the rest of the direction by (1 + alpha) / alpha; dense +-1 inputs put more of the gradient there.
# shellcheck disable=SC2086
run "$OUT/l200-100-10-pm1-argo-fixed-a0.1" ${COMMON/--alpha 0.01/--alpha 0.1} --layers 200,100,10 --units pm1 --init argo --binarize fixed
# shellcheck disable=SC2086
run "$OUT/l200-100-10-01-small-fixed-a0.1" ${COMMON/--alpha 0.01/--alpha 0.1} --layers 200,100,10 --units 01 --init small --binarize fixed
