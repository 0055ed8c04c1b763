// Host shim for the NVRTC source of org.nrws.cuda.Kernels: the CUDA built-ins as host definitions and
// a serial loop over the launch grid, so that the exact kernel text runs on the CPU (HostKernel).
// Threads run one after another: a kernel that needs __syncthreads or __shared__ memory cannot be
// emulated this way, so those are compile errors here rather than silently wrong results.
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <vector>

struct nrws_dim3 { unsigned int x, y, z; };
static nrws_dim3 blockIdx, threadIdx, blockDim, gridDim;
#define __global__
#define __device__ static inline
#define __forceinline__
#define __restrict__ __restrict
#define __syncthreads() nrws_host_shim_cannot_emulate_syncthreads()
#define __shared__ nrws_host_shim_cannot_emulate_shared_memory

#include NRWS_KERNEL_SOURCE

template <typename T>
static int run(FILE* in, FILE* out, int n, int m, int gridX, int block, double alpha,
               void (*kernel)(const T*, const T*, T*, int, double)) {
    size_t nn = (size_t) n * n;
    std::vector<T> gram(nn), s((size_t) m * n), o((size_t) m * nn);
    if (fread(gram.data(), sizeof(T), nn, in) != nn || fread(s.data(), sizeof(T), s.size(), in) != s.size()) {
        fprintf(stderr, "host-shim: short input\n");
        return 3;
    }
    gridDim = {(unsigned) gridX, (unsigned) m, 1};
    blockDim = {(unsigned) block, 1, 1};
    for (unsigned y = 0; y < (unsigned) m; y++) {
        for (unsigned x = 0; x < (unsigned) gridX; x++) {
            for (unsigned t = 0; t < (unsigned) block; t++) {
                blockIdx = {x, y, 0};
                threadIdx = {t, 0, 0};
                kernel(gram.data(), s.data(), o.data(), n, alpha);
            }
        }
    }
    return fwrite(o.data(), sizeof(T), o.size(), out) == o.size() ? 0 : 4;
}

// Input (little-endian): int32 elementBytes (8 or 4), int32 n, int32 m, int32 gridX, int32 block,
// float64 alpha, then G [n*n] and S [m*n] in that precision. Output: the m blocks [m*n*n].
int main(int argc, char** argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: host-shim IN OUT\n");
        return 2;
    }
    FILE* in = fopen(argv[1], "rb");
    FILE* out = fopen(argv[2], "wb");
    if (!in || !out) {
        fprintf(stderr, "host-shim: cannot open files\n");
        return 2;
    }
    int32_t h[5];
    double alpha;
    if (fread(h, 4, 5, in) != 5 || fread(&alpha, 8, 1, in) != 1) {
        fprintf(stderr, "host-shim: short header\n");
        return 3;
    }
    int rc = h[0] == 8 ? run<double>(in, out, h[1], h[2], h[3], h[4], alpha, nrws_dual_build_f64)
                       : run<float>(in, out, h[1], h[2], h[3], h[4], alpha, nrws_dual_build_f32);
    fclose(in);
    fclose(out);
    return rc;
}
