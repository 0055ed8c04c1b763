#!/usr/bin/env bash
# bench/science/ablation.sh - the exact-vs-approximate natural-gradient ablation of issue 11 on
# binarised MNIST (784-200-200-10, K = 5, B = 32), and the paper-configuration reference run.
#
# Usage: bench/science/ablation.sh grid|final|conventions|reference|all [--dry-run]
#   grid       every method (RWS and BiHM with none / diagonal / foof / kfac / exact) on a small grid of
#              learning rates (and damping), seed 1, for a fixed number of updates per method (about what
#              it does in 60 s on a quiet machine: none 3000, diagonal 1500, foof and kfac 1000, exact 600,
#              so that the machine's load cannot bias the choice); picks by validation LL
#   final      each method at its best grid point, 3 seeds, 240 training seconds each, final test LL at
#              K = 1000 on the full test set
#   conventions  NRWS at the reference run's settings for 1000 updates (test LL at K = 100), once for each of
#              --units 01|pm1 x --init small|argo: which convention separates the reference run from ours
#   reference  NRWS at the paper's MNIST configuration (latents 200,100,10, K = 5, B = 32, SGD 0.01,
#              alpha 0.01, units in {-1,+1}, argo initialisation), 20 epochs, test LL at K = 5000
# Outputs: runs/ablation/{grid,final,reference}/<run>/ (each as ./nrws train writes it); a run whose
# result.json exists is skipped, so the script can be stopped and restarted. Summarise with
#   bench/run.sh ablation-report runs/ablation
# Environment overrides, for a shorter study (the defaults are the full plan above):
#   ABLATION_OUT (runs/ablation), ABLATION_METHODS (all ten), ABLATION_SEEDS ("1 2 3"),
#   ABLATION_GRID (full | short | short-a0.1, which drops alpha 0.01; short: the others get lr 0.03, 0.1 x
#   alpha 0.01, 0.1; none gets adam 3e-3, sgd 0.1 and sgd 0.3 | edges: each method's recorded choice in
#   best-points.txt and its neighbours beyond the short grid's edge: none sgd 0.3, 0.6, 1.0; FOOF lr 0.1, 0.3 x
#   alpha 0.1, 1; the others lr 0.01, 0.03 x alpha 0.1, 1. Run it into its own ABLATION_OUT), ABLATION_GRID_DIVISOR (1: divides every grid update budget),
#   ABLATION_FINAL_SECONDS (240), ABLATION_FINAL_K (1000: K of the final test evaluation),
#   ABLATION_GRID_UPDATES (unset: when set, every method's grid runs get this many updates),
#   ABLATION_FINAL_UPDATES (unset: when set, the finals stop after this many updates instead of
#   after ABLATION_FINAL_SECONDS, which keeps a shared machine's load out of the comparison),
#   ABLATION_GRID_K (20: K of the grid runs' final test evaluation),
#   ABLATION_CONVENTIONS_UPDATES (1000: the update budget of each conventions run),
#   ABLATION_BEST_FILE (bench/science/best-points.txt: the grid point of each method whose grid was
#   not run in ABLATION_OUT, as chosen by the grid recorded in bench/RESULTS.md section 7)
# Every run is started with --threads 2; the finals are interleaved (seed after seed, method after
# method) so that a change in the machine's load affects every method alike.
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${ABLATION_OUT:-runs/ablation}
DRY=0
[[ "${2:-}" == "--dry-run" ]] && DRY=1
METHODS=${ABLATION_METHODS:-"rws:none rws:diagonal rws:foof rws:kfac rws:exact bihm:none bihm:diagonal bihm:foof bihm:kfac bihm:exact"}
SEEDS=${ABLATION_SEEDS:-"1 2 3"}
GRID=${ABLATION_GRID:-full}
GRID_DIVISOR=${ABLATION_GRID_DIVISOR:-1}
FINAL_SECONDS=${ABLATION_FINAL_SECONDS:-240}
FINAL_K=${ABLATION_FINAL_K:-1000}
GRID_UPDATES=${ABLATION_GRID_UPDATES:-}
FINAL_UPDATES=${ABLATION_FINAL_UPDATES:-}
GRID_K=${ABLATION_GRID_K:-20}
BEST_FILE=${ABLATION_BEST_FILE:-bench/science/best-points.txt}
COMMON="--layers 200,200,10 --k 5 --batch 32 --threads 2 --monitor-k 20 --monitor-size 1000"

algo_of() {   # rws:exact -> nrws, bihm:exact -> nbihm, else the plain algorithm with --precondition
  local base=${1%%:*} pre=${1##*:}
  if [[ $pre == exact ]]; then echo "--algo n$base"; else echo "--algo $base --precondition $pre"; fi
}

point() {   # optimizer lr [alpha] -> one "name|options" grid line
  if [[ -n ${3:-} ]]; then echo "$1-$2-a$3|--optimizer $1 --lr $2 --alpha $3"; else echo "$1-$2|--optimizer $1 --lr $2"; fi
}

grid_points() {   # method -> "name|options" lines
  local pre=${1##*:} lr a p
  if [[ $GRID == edges ]]; then   # the recorded choice (best-points.txt) and its neighbours beyond the short grid's edge
    case $pre in
      none) for lr in 0.3 0.6 1.0; do point sgd "$lr"; done ;;
      foof) for p in 0.1:0.1 0.3:0.1 0.1:1 0.3:1; do point sgd "${p%%:*}" "${p##*:}"; done ;;
      *) for p in 0.03:0.1 0.01:0.1 0.03:1 0.01:1; do point sgd "${p%%:*}" "${p##*:}"; done ;;
    esac
    return
  fi
  if [[ $GRID == short || $GRID == short-a0.1 ]]; then
    if [[ $pre == none ]]; then
      point adam 3e-3; point sgd 0.1; point sgd 0.3
    else
      local alphas="0.01 0.1"
      [[ $GRID == short-a0.1 ]] && alphas="0.1"
      for lr in 0.03 0.1; do for a in $alphas; do point sgd "$lr" "$a"; done; done
    fi
    return
  fi
  if [[ $pre == none ]]; then
    for lr in 3e-4 1e-3 3e-3; do point adam "$lr"; done
    for lr in 0.03 0.1 0.3; do point sgd "$lr"; done
  else
    for lr in 0.01 0.03 0.1; do for a in 0.01 0.1; do point sgd "$lr" "$a"; done; done
  fi
}

run() {   # folder, options...
  local dir=$1; shift
  if [[ -f $dir/result.json ]]; then return 0; fi
  echo "[$(date +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)] $dir: ./nrws train $*" >&2
  [[ $DRY == 1 ]] && return 0
  rm -rf "$dir"; mkdir -p "$(dirname "$dir")"
  ./nrws train "$@" --out "$dir" > /dev/null 2> "$dir.log" || echo "  failed: $(tail -1 "$dir.log")" >&2
}

grid_updates() {   # method -> the update budget of its grid runs
  if [[ -n $GRID_UPDATES ]]; then echo "$GRID_UPDATES"; return; fi
  local n
  case ${1##*:} in none) n=3000 ;; diagonal) n=1500 ;; foof|kfac) n=1000 ;; *) n=600 ;; esac
  echo $((n / GRID_DIVISOR))
}

grid() {
  for m in $METHODS; do
    grid_points "$m" | while IFS='|' read -r name opts; do
      # shellcheck disable=SC2046,SC2086
      run "$OUT/grid/${m/:/-}-$name" $(algo_of "$m") $COMMON $opts --seed 1 --max-updates "$(grid_updates "$m")" --eval-k "$GRID_K"
    done
  done
}

best() {   # method -> the options of its best grid point (by best_valid_ll_monitor)
  local m=$1 bestv=-1e300 bestopts=""
  while IFS='|' read -r name opts; do
    local f="$OUT/grid/${m/:/-}-$name/result.json"
    [[ -f $f ]] || continue
    local v; v=$(python3 -c "import json,sys; v=json.load(open('$f')).get('best_valid_ll_monitor'); print(v if v is not None else -1e300)")
    if python3 -c "import sys; sys.exit(0 if float('$v') > float('$bestv') else 1)"; then bestv=$v; bestopts=$opts; fi
  done < <(grid_points "$m")
  if [[ -z $bestopts && -f $BEST_FILE ]]; then   # no grid run here: the recorded choice of the grid of RESULTS 7
    bestopts=$(grep -v '^#' "$BEST_FILE" | awk -F'|' -v m="$m" '$1 == m { print $2 }')
    [[ -n $bestopts ]] && echo "  $m: no grid result in $OUT/grid; using the recorded grid choice '$bestopts' ($BEST_FILE)" >&2
  fi
  echo "$bestopts"
}

final() {
  for seed in $SEEDS; do
    for m in $METHODS; do
      local opts; opts=$(best "$m")
      if [[ -z $opts ]]; then echo "no grid result for $m; run the grid first" >&2; continue; fi
      # shellcheck disable=SC2046,SC2086
      local budget="--time-budget $FINAL_SECONDS"
      [[ -n $FINAL_UPDATES ]] && budget="--max-updates $FINAL_UPDATES"
      # shellcheck disable=SC2046,SC2086
      run "$OUT/final/${m/:/-}-seed$seed" $(algo_of "$m") $COMMON $opts --seed "$seed" $budget --eval-k "$FINAL_K"
    done
  done
}

conventions() {   # the 2 x 2 of --units 01|pm1 x --init small|argo for NRWS at the reference run's settings, 1000 updates
  local u i
  for u in 01 pm1; do for i in small argo; do
    run "$OUT/conventions/nrws-$u-$i" --algo nrws --layers 200,100,10 --k 5 --batch 32 --optimizer sgd --lr 0.01 --alpha 0.01 \
      --units "$u" --init "$i" --max-updates "${ABLATION_CONVENTIONS_UPDATES:-1000}" --eval-k 100 --threads 2 --monitor-k 20 \
      --monitor-size 1000 --seed 1
  done; done
}

reference() {
  run "$OUT/reference/nrws-paper" --algo nrws --layers 200,100,10 --k 5 --batch 32 --optimizer sgd --lr 0.01 --alpha 0.01 \
    --units pm1 --init argo --epochs 20 --eval-k 5000 --threads 2 --monitor-k 20 --monitor-size 1000 --seed 1
}

case "${1:-}" in
  grid) grid ;;
  final) final ;;
  reference) reference ;;
  conventions) conventions ;;
  all) grid; final; reference ;;
  *) sed -n '2,20p' "$0"; exit 2 ;;
esac
