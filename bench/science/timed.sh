#!/usr/bin/env bash
# Issue 21: equal-time comparisons. Runs every arm of an arms file for the same number of TRAINING seconds
# (evaluation excluded), one seed after another, in the file's order (the files interleave the questions, so
# that a change of the machine's load falls on every method alike), each with --threads 2 on an otherwise quiet
# machine: never build or test while it runs. Before each run it records the DGEMM rate and the load
# (machine.json beside result.json), so that every timing sits beside the machine state it was taken in.
#
# Usage: bench/science/timed.sh ARMS_FILE [--dry-run]
#   ARMS_FILE: lines "name|question|options of ./nrws train" (# comments); the study is the file's base name,
#   e.g. bench/science/screens.arms -> runs/science/screens/<name>-s<seed>/. An arm's own --time-budget,
#   --eval-every, --eval-k or --epochs replaces the study's.
# Environment: TIMED_SECONDS (300), TIMED_SEEDS ("1"), TIMED_OUT (runs/science), TIMED_THREADS (2),
#   TIMED_EVAL_EVERY (30s: the curve's points, K = 20 on 1000 rows of each split), TIMED_EVAL_K (100: the final
#   test LL on all 10,000 test images).
# Pausing: while the file runs/science/PAUSE (under TIMED_OUT) exists, the script waits before starting its next run,
# so that a build or a test can use the machine between runs without overlapping one (touch it, wait for the
# "paused" line of the log, work, remove it).
# A run is skipped when its result.json exists in the run folder or is kept in bench/results/science/<study>/
# (timed.sh copies result.json, metrics.csv and machine.json there), so the script resumes where it stopped, also
# in a fresh clone. A run stopped before its result (a session's end) continues from the checkpoint it saved at its
# last evaluation (./nrws train --resume: the training seconds so far count towards the budget). A run that fails
# leaves its log (<run>.log) and no result. Summarise with
#   bench/run.sh science-report ARMS_FILE runs/science/<study> bench/results/science/<study> PNG_DIR
set -uo pipefail
cd "$(dirname "$0")/../.."
ARMS=${1:?arms file, e.g. bench/science/screens.arms}
DRY=0; [[ "${2:-}" == "--dry-run" ]] && DRY=1
STUDY=$(basename "$ARMS" .arms)
OUT=${TIMED_OUT:-runs/science}/$STUDY
KEPT=bench/results/science/$STUDY
SECONDS_BUDGET=${TIMED_SECONDS:-300}
SEEDS=${TIMED_SEEDS:-1}
THREADS=${TIMED_THREADS:-2}
EVAL_EVERY=${TIMED_EVAL_EVERY:-30s}
EVAL_K=${TIMED_EVAL_K:-100}
[[ -f $ARMS ]] || { echo "timed.sh: no arms file $ARMS" >&2; exit 2; }
[[ -f bench/target/classes/org/nrws/bench/DgemmMain.class ]] \
  || { echo "timed.sh: build bench first: mvn -o -q -pl bench -am package -DskipTests" >&2; exit 2; }

for seed in $SEEDS; do
  while IFS='|' read -r name question options; do
    [[ -z $name || $name == \#* ]] && continue
    dir=$OUT/$name-s$seed
    # finished: kept, or a result.json of a run that was not interrupted (a killed run writes one with
    # "stop_reason":"interrupted" and no test LL; it resumes from its checkpoint instead)
    [[ -f $KEPT/$name-s$seed/result.json ]] && continue
    [[ -f $dir/result.json ]] && ! grep -q '"stop_reason":"interrupted"' "$dir/result.json" && continue
    echo "[$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)] $dir ($question): ./nrws train $options --seed $seed" >&2
    [[ $DRY == 1 ]] && continue
    if [[ -f ${TIMED_OUT:-runs/science}/PAUSE ]]; then
      echo "[$(date -u +%H:%M:%S)] paused (${TIMED_OUT:-runs/science}/PAUSE exists)" >&2
      while [[ -f ${TIMED_OUT:-runs/science}/PAUSE ]]; do sleep 5; done
      echo "[$(date -u +%H:%M:%S)] resumed" >&2
    fi
    has() { [[ " $options " == *" $1 "* ]]; }
    extra=""
    has --time-budget || extra+=" --time-budget $SECONDS_BUDGET"
    has --eval-every || extra+=" --eval-every $EVAL_EVERY"
    has --eval-k || extra+=" --eval-k $EVAL_K"
    has --epochs || extra+=" --epochs 1000"
    if [[ -f $dir/checkpoint.nrws ]]; then
      start=(--resume "$dir/checkpoint.nrws"); echo "  resuming from $dir/checkpoint.nrws" >&2
    else
      rm -rf "$dir"; mkdir -p "$dir"; start=(--seed "$seed" --overwrite)
    fi
    dgemm=$(bench/run.sh dgemm --threads "$THREADS" 2>/dev/null < /dev/null | tail -1)
    started=$(date -u +%FT%TZ); load0=$(cut -d' ' -f1-3 /proc/loadavg)
    # shellcheck disable=SC2086
    if ./nrws train $options "${start[@]}" --threads "$THREADS" $extra --monitor-k 20 --monitor-size 1000 --quiet \
        --out "$dir" < /dev/null > /dev/null 2>> "$dir.log"; then
      printf '{"arm":"%s","question":"%s","options":"%s","seed":%s,"commit":"%s","cpu":"%s","started":"%s","load_before":"%s","load_after":"%s","dgemm":%s}\n' \
        "$name" "$question" "$options" "$seed" "$(git rev-parse --short HEAD)" \
        "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$started" "$load0" \
        "$(cut -d' ' -f1-3 /proc/loadavg)" "${dgemm:-null}" > "$dir/machine.json"
      mkdir -p "$KEPT/$name-s$seed"
      cp "$dir/result.json" "$dir/metrics.csv" "$dir/machine.json" "$KEPT/$name-s$seed/"
      echo "  test LL $(grep -o '"test_ll":[^,]*' "$dir/result.json" | cut -d: -f2), $(grep -o '"updates":[^,]*' "$dir/result.json" | cut -d: -f2) updates" >&2
    else
      echo "  failed: $(tail -1 "$dir.log")" >&2
      rm -f "$dir/result.json"
    fi
  done < "$ARMS"
done
