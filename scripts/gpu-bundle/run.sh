#!/usr/bin/env bash
# run.sh - the NRWS CUDA device check, self-contained: a jlinked Java runtime, the solver's jars,
# JavaCPP and the cuda presets' JNI jar, and fixtures computed by the CPU engine. Needs the host's
# NVIDIA driver and CUDA libraries (found by find-cuda-libs.sh); no Java, Maven or network.
#
# Usage: ./run.sh [--self-test] [--no-timing]
#   --self-test  read the fixtures, find the libraries, probe the device; report "no CUDA device"
#                cleanly (exit 0) where there is none
#   --no-timing  compare with the fixtures only
# Output: one JSON line per case on stdout; also $OUT/device-check.jsonl when OUT is set.
# Exit status: 0 all passed, 1 a check failed, 2 no CUDA device (without --self-test).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=find-cuda-libs.sh
. "$HERE/find-cuda-libs.sh"

ARGS=()
for a in "$@"; do
  case "$a" in
    --self-test|--no-timing) ARGS+=("$a") ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $a (see --help)" >&2; exit 2 ;;
  esac
done

LIBS=$(nrws_cuda_lib_dirs)
# The presets whose libraries the host has: all of CUDA 13's (13.1 presets), else all of CUDA 12's
# (12.6 presets), else the one whose runtime is there, else the first bundled.
# (What the presets' JNI libraries link, from readelf -d; NVRTC is optional and not required here.)
nrws_sonames() {
  case "$1" in
    cuda13) echo libcuda.so.1 libcudart.so.13 libcublas.so.13 libcublasLt.so.13 libcusolver.so.12 libcusolverMg.so.12 ;;
    cuda12) echo libcuda.so.1 libcudart.so.12 libcublas.so.12 libcublasLt.so.12 libcusolver.so.11 libcusolverMg.so.11 ;;
  esac
}
PRESET=""
for p in cuda13 cuda12; do
  [ -d "$HERE/lib/$p" ] || continue
  all=1
  for so in $(nrws_sonames "$p"); do nrws_cuda_has "$so" "$LIBS" || all=0; done
  if [ "$all" -eq 1 ]; then PRESET=$p; break; fi
done
if [ -z "$PRESET" ]; then
  for p in cuda13 cuda12; do
    if [ -d "$HERE/lib/$p" ] && nrws_cuda_has "libcudart.so.${p#cuda}" "$LIBS"; then PRESET=$p; break; fi
  done
fi
if [ -z "$PRESET" ]; then
  for p in cuda13 cuda12; do [ -d "$HERE/lib/$p" ] && { PRESET=$p; break; }; done
fi
missing=""
for so in $(nrws_sonames "$PRESET") libnvrtc.so.${PRESET#cuda}; do nrws_cuda_has "$so" "$LIBS" || missing="$missing $so"; done
[ -z "$missing" ] || echo "run.sh: not found for the $PRESET presets:$missing" >&2
echo "run.sh: CUDA library folders: ${LIBS:-none found}" >&2
if ! nrws_cuda_has libcuda.so.1 "$LIBS"; then
  echo "run.sh: the NVIDIA driver's libcuda.so.1 was not found (set NRWS_CUDA_LIB_PATH to its folder if it is installed)" >&2
fi
echo "run.sh: presets: $PRESET ($(ls "$HERE/lib/$PRESET" | tr '\n' ' '))" >&2
if command -v nvidia-smi >/dev/null 2>&1; then
  echo "run.sh: $(nvidia-smi --query-gpu=name,driver_version,compute_cap --format=csv,noheader 2>/dev/null | head -n1)" >&2
fi

export LD_LIBRARY_PATH="${LIBS}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
CACHE=$(mktemp -d "${TMPDIR:-/tmp}/nrws-javacpp.XXXXXX")
trap 'rm -rf "$CACHE"' EXIT
OUTARG=()
if [ -n "${OUT:-}" ]; then OUTARG=(--out "$OUT"); fi
"$HERE/jre/bin/java" -Xmx8g -Dorg.bytedeco.javacpp.cachedir="$CACHE" -Dorg.bytedeco.javacpp.pathsFirst=true \
  -Djava.library.path="$LIBS" -cp "$HERE/lib/common/*:$HERE/lib/$PRESET/*" \
  org.nrws.cuda.device.DeviceCheck --fixtures "$HERE/fixtures" "${OUTARG[@]}" "${ARGS[@]}"
