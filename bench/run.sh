#!/usr/bin/env bash
# bench/run.sh - runs the NRWS benchmarks with one command (build first:
#   mvn -o -q -pl bench -am package -DskipTests).
#
# Usage: bench/run.sh throughput [ThroughputMain options]    (updates/s, scaling curves; --help)
#        bench/run.sh quality    [LearningQualityMain options] (test LL vs updates and seconds on MNIST)
#        bench/run.sh toy        [LinesToyMain options]        (3x3 lines toy: updates to KL < 0.3)
#        bench/run.sh solver     [SolverMain options]          (one layer: fused vs tensor solver, precisions)
#        bench/run.sh ablation-report RUNS [PNG_DIR]           (tables and PNGs of bench/science/ablation.sh)
#        bench/run.sh dgemm      [--threads T]                 (one JSON line: the DGEMM rate now, and the load)
#        bench/run.sh science-report ARMS RUNS KEPT OUT        (tables and figures of bench/science/screens.sh)
#        bench/run.sh jmh        [JMH options]                 (microbenchmark suite; e.g. -h, -l, GemmBenchmark)
#
# Threads: the engine's thread plan (org.nrws.host.ThreadPlan) runs OpenBLAS single-threaded inside
# its own pool of one thread per core (throughput: --threads T); ND4J's OpenMP threads default to 1,
# since the step issues no ND4J operation. BACKEND_PRIORITY_CPU=200 selects the CPU
# backend without probing CUDA (set NRWS_BACKEND=cuda to leave the priorities alone).
# JAVA_OPTS overrides the JVM options. Never run two benchmarks at once: OpenMP spin-waits.
set -euo pipefail
# OpenBLAS 0.3.19 (nd4j-native M2.1) picks its AVX-512 (SkylakeX) kernels on AVX-512 CPUs, and on some of them its
# DTRSM is wrong (org.nrws.host.KernelCheck fails fast then): use the Haswell kernels there unless told otherwise.
if [[ -z "${OPENBLAS_CORETYPE:-}" ]] && grep -qw avx512f /proc/cpuinfo 2>/dev/null; then export OPENBLAS_CORETYPE=Haswell; fi
cd "$(dirname "$0")/.."
CP_FILE=bench/target/runtime-classpath.txt
if [ ! -f "$CP_FILE" ] || [ ! -d bench/target/classes ]; then
  echo "bench/run.sh: build first: mvn -o -q -pl bench -am package -DskipTests" >&2; exit 2
fi
CP="bench/target/classes:$(cat "$CP_FILE")"
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
if [ "${NRWS_BACKEND:-cpu}" != cuda ]; then export BACKEND_PRIORITY_CPU=${BACKEND_PRIORITY_CPU:-200}; fi
JAVA_OPTS=${JAVA_OPTS:-"-Xmx6g -Dorg.bytedeco.javacpp.maxphysicalbytes=16G"}
what=${1:-}
[ $# -gt 0 ] && shift
# shellcheck disable=SC2086
case "$what" in
  throughput) exec java $JAVA_OPTS -cp "$CP" org.nrws.bench.ThroughputMain "$@" ;;
  quality)    exec java $JAVA_OPTS -cp "$CP" org.nrws.bench.LearningQualityMain "$@" ;;
  toy)        exec java $JAVA_OPTS -cp "$CP" org.nrws.bench.LinesToyMain "$@" ;;
  solver)     exec java $JAVA_OPTS -cp "$CP" org.nrws.bench.SolverMain "$@" ;;
  ablation-report) exec java $JAVA_OPTS -cp "$CP" org.nrws.bench.AblationReport "$@" ;;
  dgemm)      exec java -Xmx1g -cp "$CP" org.nrws.bench.DgemmMain "$@" ;;
  science-report) exec java $JAVA_OPTS -cp "$CP" org.nrws.bench.ScienceReport "$@" ;;
  jmh)        exec java -Xmx1g -cp "$CP" org.openjdk.jmh.Main "$@" ;;
  *) sed -n '2,16p' "$0"; exit 2 ;;
esac
