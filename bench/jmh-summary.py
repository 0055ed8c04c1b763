#!/usr/bin/env python3
"""Summarises bench/results/jmh.json: time per op, GF/s and the fraction of DGEMM (float64) or
SGEMM (float32) measured in the same run. Flops: GEMM 2*1024^3; batched Cholesky factor+solve
m (n^3/3 + 2 n^2); ND4J cholesky op m n^3/3; Fisher builds by the primal/dual build models
(primal 2 m N d^2 + N d^2, dual 2 N^2 d + 2 m N^2)."""
import json, sys

rows = json.load(open(sys.argv[1] if len(sys.argv) > 1 else "bench/results/jmh.json"))
gemm = {}
for r in rows:
    if r["benchmark"].endswith("GemmBenchmark.gemm"):
        gemm[r["params"]["dtype"]] = 2.0 * 1024**3 / (r["primaryMetric"]["score"] / 1e3)

def flops(r):
    b, p = r["benchmark"].rsplit(".", 2)[-2], r.get("params", {})
    if b == "GemmBenchmark":
        return 2.0 * 1024**3, p["dtype"]
    if b == "CholeskyBenchmark":
        m, n = map(float, p["shape"].split("x"))
        return m * (n**3 / 3 + 2 * n * n), p["dtype"]
    if b == "Nd4jCholeskyBenchmark":
        return 2 * 160.0**3 / 3, "float64"
    if b == "FisherBlocksBenchmark":
        N = 160.0
        m, d = {"p0": (784, 201), "q0": (200, 785), "q1": (200, 201)}[p["layer"]]
        f = 2 * m * N * d * d + N * d * d if p["path"] == "primal" else 2 * N * N * d + 2 * m * N * N
        return f, "float64"
    return None, None

print("%-55s %12s %10s %10s" % ("benchmark [params]", "ms/op", "GF/s", "of *GEMM"))
for r in rows:
    name = r["benchmark"].replace("org.nrws.bench.", "")
    params = ",".join("%s=%s" % kv for kv in sorted(r.get("params", {}).items()))
    ms = r["primaryMetric"]["score"]
    err = r["primaryMetric"].get("scoreError", float("nan"))
    err = err if isinstance(err, (int, float)) else float("nan")
    f, t = flops(r)
    gf = f / (ms / 1e3) / 1e9 if f else None
    frac = (f / (ms / 1e3)) / gemm[t] if f and t in gemm else None
    print("%-55s %8.3f±%-5.2g %10s %10s" % (name + " [" + params + "]", ms, err,
          "%.2f" % gf if gf is not None else "-", "%.1f%%" % (100 * frac) if frac is not None else "-"))
for t, g in gemm.items():
    print("%sGEMM 1024^3: %.1f GF/s" % ("D" if t == "float64" else "S", g / 1e9))
