#!/usr/bin/env bash
# find-cuda-libs.sh - where the host's CUDA libraries are, for the NRWS device check (sourced by
# run.sh; run directly with --print to see what it finds). Searched, in this order:
#   1. $NRWS_CUDA_LIB_PATH (colon-separated folders), when set;
#   2. the dynamic linker's cache (ldconfig -p);
#   3. the NVIDIA wheels of PyTorch: <site-packages>/nvidia/*/lib (and lib64), <site-packages>/torch/lib,
#      for every site-packages folder that python3 reports;
#   4. /usr/local/cuda*/lib64 and /usr/local/cuda*/targets/x86_64-linux/lib ($NRWS_CUDA_ROOTS overrides
#      the /usr/local/cuda* roots);
#   5. where containers put the driver: /usr/local/nvidia/lib64, /usr/lib/x86_64-linux-gnu, /usr/lib64
#      ($NRWS_DRIVER_DIRS overrides them).
# Only folders that hold a CUDA library (libcudart, libcublas, libcusolver, libnvrtc, libnvJitLink,
# libcusparse, or the driver's libcuda.so.1, which the presets' libjnicudart links) are kept, each
# once, in search order.

# nrws_cuda_candidates: prints candidate folders, one a line
nrws_cuda_candidates() {
  local d sp root
  if [ -n "${NRWS_CUDA_LIB_PATH:-}" ]; then
    tr ':' '\n' <<<"$NRWS_CUDA_LIB_PATH"
  fi
  if command -v ldconfig >/dev/null 2>&1; then
    ldconfig -p 2>/dev/null | sed -n 's/^[[:space:]]*\(libcu\|libnvrtc\|libnvJitLink\)[^ ]* .*=> \(.*\)$/\2/p' |
      while read -r f; do dirname "$f"; done
  fi
  for py in python3 python; do
    if command -v "$py" >/dev/null 2>&1; then
      "$py" - <<'PY' 2>/dev/null
import site, sys
dirs = []
try:
    dirs += site.getsitepackages()
except Exception:
    pass
try:
    dirs.append(site.getusersitepackages())
except Exception:
    pass
dirs += [p for p in sys.path if p.endswith("-packages")]
print("\n".join(dirs))
PY
      break
    fi
  done | while read -r sp; do
    [ -d "$sp" ] || continue
    for d in "$sp"/nvidia/*/lib "$sp"/nvidia/*/lib64 "$sp"/torch/lib; do
      [ -d "$d" ] && echo "$d"
    done
  done
  for root in ${NRWS_CUDA_ROOTS:-/usr/local/cuda*}; do
    for d in "$root/lib64" "$root/targets/x86_64-linux/lib"; do
      [ -d "$d" ] && echo "$d"
    done
  done
  for d in ${NRWS_DRIVER_DIRS:-/usr/local/nvidia/lib64 /usr/lib/x86_64-linux-gnu /usr/lib64}; do
    [ -d "$d" ] && echo "$d"
  done
}

# nrws_cuda_lib_dirs: prints the folders that hold a CUDA library, colon-separated
nrws_cuda_lib_dirs() {
  local out="" d
  while read -r d; do
    [ -n "$d" ] && [ -d "$d" ] || continue
    case ":$out:" in *":$d:"*) continue ;; esac
    if compgen -G "$d/libcudart.so*" >/dev/null || compgen -G "$d/libcublasLt.so*" >/dev/null || compgen -G "$d/libcublas.so*" >/dev/null ||
       compgen -G "$d/libcusolver.so*" >/dev/null || compgen -G "$d/libnvrtc.so*" >/dev/null ||
       compgen -G "$d/libnvJitLink.so*" >/dev/null || compgen -G "$d/libcusparse.so*" >/dev/null ||
       [ -e "$d/libcuda.so.1" ]; then
      out="${out:+$out:}$d"
    fi
  done < <(nrws_cuda_candidates)
  echo "$out"
}

# nrws_cuda_has SONAME DIRS: true when one of the colon-separated DIRS holds SONAME
nrws_cuda_has() {
  local d
  IFS=':' read -r -a _nrws_dirs <<<"$2"
  for d in "${_nrws_dirs[@]}"; do
    [ -e "$d/$1" ] && return 0
  done
  return 1
}

if [ "${1:-}" = "--print" ]; then
  dirs=$(nrws_cuda_lib_dirs)
  echo "folders: ${dirs:-none}"
  for so in libcuda.so.1 libcudart.so.13 libcublas.so.13 libcublasLt.so.13 libcusolver.so.12 libcusolverMg.so.12 \
            libnvrtc.so.13 libcudart.so.12 libcublas.so.12 libcublasLt.so.12 libcusolver.so.11 libcusolverMg.so.11 \
            libnvrtc.so.12; do
    if nrws_cuda_has "$so" "$dirs"; then echo "found: $so"; else echo "missing: $so"; fi
  done
fi
