/* The machine's single-precision FMA ceiling, measured from C: twelve independent 256-bit
 * fused-multiply-add chains with no memory traffic, on one thread. The C# --peak mode measures
 * the same loop through Vector<float>; on the Zen 3 machine of BENCHMARKS.md both reach
 * 92-100 GFLOP/s. The chains are kept distinct in an array on purpose: twelve identical scalar
 * variables let the compiler fold them into one chain and report a bogus, higher figure.
 *   gcc -O2 -mavx2 -mfma benchmarks/peak/fma_peak.c -o /tmp/fma_peak && /tmp/fma_peak
 */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

int main(void)
{
    const long n = 200000000;
    __m256 c[12];
    for (int i = 0; i < 12; i++) c[i] = _mm256_setzero_ps();
    const __m256 x = _mm256_set1_ps(1.0000001f), y = _mm256_set1_ps(0.9999999f);
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (long i = 0; i < n; i++) {
        c[0] = _mm256_fmadd_ps(x, y, c[0]);   c[1] = _mm256_fmadd_ps(x, y, c[1]);
        c[2] = _mm256_fmadd_ps(x, y, c[2]);   c[3] = _mm256_fmadd_ps(x, y, c[3]);
        c[4] = _mm256_fmadd_ps(x, y, c[4]);   c[5] = _mm256_fmadd_ps(x, y, c[5]);
        c[6] = _mm256_fmadd_ps(x, y, c[6]);   c[7] = _mm256_fmadd_ps(x, y, c[7]);
        c[8] = _mm256_fmadd_ps(x, y, c[8]);   c[9] = _mm256_fmadd_ps(x, y, c[9]);
        c[10] = _mm256_fmadd_ps(x, y, c[10]); c[11] = _mm256_fmadd_ps(x, y, c[11]);
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) * 1e-9;
    __m256 sum = c[0];
    for (int i = 1; i < 12; i++) sum = _mm256_add_ps(sum, c[i]);
    float lanes[8];
    _mm256_storeu_ps(lanes, sum);
    printf("FMA peak, one thread, 256-bit: %.1f GFLOP/s (checksum %g)\n", n * 12.0 * 16 / seconds / 1e9, lanes[0]);
    return 0;
}
