#!/usr/bin/env bash
# bench/run-jmh.sh - the JMH microbenchmark suite with one command, plus a summary of every rate
# as a fraction of the DGEMM/SGEMM measured in the same run (bench/jmh-summary.py).
#
# Usage: bench/run-jmh.sh [--long] [--cuda] [extra JMH args, e.g. a benchmark regex]
#   default: 1 fork, 1 warm-up and 3 measurement iterations per benchmark (about 10 minutes on 2 cores)
#   --long   3 forks, 3 warm-up and 10 measurement iterations
#   --cuda   also the CUDA batched Cholesky (-p impl=lapack,pure,cuda; needs a -Pcuda build and a GPU)
# Results: bench/results/jmh.json (JMH JSON) and bench/results/jmh-summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
ARGS=()
for a in "$@"; do
  case "$a" in
    --long) ARGS+=(-f 3 -wi 3 -i 10) ;;
    --cuda) ARGS+=(-p impl=lapack,pure,cuda) ;;
    *) ARGS+=("$a") ;;
  esac
done
mkdir -p bench/results
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee bench/results/jmh-load.txt
bench/run.sh jmh -rf json -rff bench/results/jmh.json "${ARGS[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a bench/results/jmh-load.txt
python3 bench/jmh-summary.py bench/results/jmh.json | tee bench/results/jmh-summary.txt
