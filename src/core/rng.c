/* rng.c — Philox4x32-10 (Random123, Salmon et al. SC11) and Box–Muller normals, scalar reference
 * and structure-of-arrays batches (see include/metaspin/rng.h).
 *
 * Key = seed (two 32-bit words); counter = (counter low, counter high, stream low, stream high).
 * Uniforms u = (w + 1/2)/2^32 lie in (0, 1).
 * Box–Muller: z0 = sqrt(−2 ln u0) cos(2π u1), z1 = sqrt(−2 ln u0) sin(2π u1), likewise (u2, u3),
 * computed in single precision (see ms_box_muller) and returned as doubles.
 *
 * Why our own log and sincos: the batch loop must vectorise, and libm's scalar functions and
 * libmvec's vector variants round differently, so a trial's noise would depend on whether it
 * landed in a vector lane or a loop remainder, i.e. on the thread partition. The polynomial
 * kernels below are used by both paths (no FMA contraction under -std=c17), which makes the batch
 * bitwise equal to the scalar reference for any n, alignment and thread count. Accuracy: a few
 * float ulp (tests/check_core_rng.c compares against libm). */
#include "metaspin/rng.h"
#include "core/cpu_clones.h"

#include <Random123/philox.h>
#include <math.h>
#include <string.h>

ms_rng_key ms_rng_key_make(uint64_t seed)
{
    ms_rng_key k = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    return k;
}

static inline philox4x32_ctr_t ms_philox(ms_rng_key key, uint64_t stream, uint64_t counter)
{
    philox4x32_ctr_t c = {{(uint32_t)counter, (uint32_t)(counter >> 32), (uint32_t)stream,
                           (uint32_t)(stream >> 32)}};
    philox4x32_key_t k = {{key.k[0], key.k[1]}};
    return philox4x32_R(10, c, k);
}

static inline double ms_u01(uint32_t w) { return ((double)w + 0.5) * 0x1p-32; }

/* Box–Muller runs in single precision: thermal noise needs no more, and 8-wide float vectors with
 * short polynomials make it ~3x cheaper than double (it dominates a stochastic LLG step).
 * Uniforms take the top 24 bits, u = (w >> 8 + 1/2)/2^24 in (0, 1), so |z| <= 5.9 (the normal
 * tail beyond that has probability 3e-9; thermal escapes are driven by many small kicks). */
static inline float ms_u01f(uint32_t w) { return ((float)(w >> 8) + 0.5f) * 0x1p-24f; }

/* ln x for x in [2^-25, 1): x = 2^e m, m in [√½, √2), ln m = 2 atanh(s), s = (m−1)/(m+1),
 * |s| <= 0.1716; the odd series to s^9 is exact to 4e-10 relative (below float resolution).
 * Branch-free (bit-pattern select) for vectorisation. */
static inline float ms_logf01(float x)
{
    uint32_t bits;
    memcpy(&bits, &x, sizeof bits);
    const uint32_t mbits = (bits & 0x007FFFFFu) | 0x3F800000u;
    float m;
    memcpy(&m, &mbits, sizeof m);
    const int32_t big = mbits > 0x3FB504F3u; /* m > √2 */
    const float e = (float)((int32_t)(bits >> 23) - 127 + big);
    m *= 1.0f - 0.5f * (float)big;
    const float s = (m - 1.0f) / (m + 1.0f), s2 = s * s;
    float p = 1.0f / 9.0f;
    p = p * s2 + 1.0f / 7.0f;
    p = p * s2 + 1.0f / 5.0f;
    p = p * s2 + 1.0f / 3.0f;
    p = p * s2 + 1.0f;
    return e * 0.69314718f + 2.0f * s * p;
}

/* cos(2π u), sin(2π u) for u in (0, 1): 4u = q + r, |r| <= 1/2, x = r π/2 in [−π/4, π/4];
 * Taylor series to x^9 / x^10 (error < 2e-9), then rotate by the quadrant q mod 4. */
static inline void ms_sincosf_2pi(float u, float *c_out, float *s_out)
{
    const float t = 4.0f * u;
    const int32_t q = (int32_t)(t + 0.5f);
    const float x = (t - (float)q) * 1.5707963f, x2 = x * x;
    float p = 1.0f / 362880.0f; /* sin x = x + x y P(y), cos x = 1 + y Q(y), y = x² */
    p = p * x2 - 1.0f / 5040.0f;
    p = p * x2 + 1.0f / 120.0f;
    p = p * x2 - 1.0f / 6.0f;
    const float s = x + x * x2 * p;
    float r = -1.0f / 3628800.0f;
    r = r * x2 + 1.0f / 40320.0f;
    r = r * x2 - 1.0f / 720.0f;
    r = r * x2 + 1.0f / 24.0f;
    r = r * x2 - 0.5f;
    const float c = 1.0f + x2 * r;
    /* quadrant k: cos θ = ±(c or s), sin θ = ±(s or c); selects through bit masks */
    const int32_t k = q & 3;
    const uint32_t swap = -(uint32_t)(k & 1);
    uint32_t cb, sb;
    memcpy(&cb, &c, sizeof cb);
    memcpy(&sb, &s, sizeof sb);
    const uint32_t first = (cb & ~swap) | (sb & swap), second = (sb & ~swap) | (cb & swap);
    float cos_part, sin_part;
    memcpy(&cos_part, &first, sizeof cos_part);
    memcpy(&sin_part, &second, sizeof sin_part);
    *c_out = (float)(1 - ((k + 1) & 2)) * cos_part;
    *s_out = (float)(1 - (k & 2)) * sin_part;
}

static inline void ms_box_muller(uint32_t w0, uint32_t w1, double *z0, double *z1)
{
    const float r = sqrtf(-2.0f * ms_logf01(ms_u01f(w0)));
    float c, s;
    ms_sincosf_2pi(ms_u01f(w1), &c, &s);
    *z0 = (double)(r * c);
    *z1 = (double)(r * s);
}

void ms_rng_uint4(ms_rng_key key, uint64_t stream, uint64_t counter, uint32_t out[4])
{
    const philox4x32_ctr_t r = ms_philox(key, stream, counter);
    memcpy(out, r.v, 4 * sizeof(uint32_t));
}

void ms_rng_uniform4(ms_rng_key key, uint64_t stream, uint64_t counter, double u[4])
{
    const philox4x32_ctr_t r = ms_philox(key, stream, counter);
    for (int j = 0; j < 4; j++)
        u[j] = ms_u01(r.v[j]);
}

void ms_rng_normal4(ms_rng_key key, uint64_t stream, uint64_t counter, double z[4])
{
    const philox4x32_ctr_t r = ms_philox(key, stream, counter);
    ms_box_muller(r.v[0], r.v[1], &z[0], &z[1]);
    ms_box_muller(r.v[2], r.v[3], &z[2], &z[3]);
}

/* Exposed for the accuracy test only (declared in tests/check_core_rng.c). */
float ms_rng_logf01_kernel(float x);
void ms_rng_sincosf_kernel(float u, float *c, float *s);
float ms_rng_logf01_kernel(float x) { return ms_logf01(x); }
void ms_rng_sincosf_kernel(float u, float *c, float *s) { ms_sincosf_2pi(u, c, s); }

/* The hot path: one Philox call and two Box–Muller pairs per stream, vectorised over streams.
 * Blocks of 64 streams keep the temporaries in registers/L1; NULL outputs are filled into a
 * scratch row so the loop body stays branch-free. */
MS_CPU_CLONES
void ms_rng_normal4_batch(ms_rng_key key, uint64_t stream0, size_t n, uint64_t counter,
                          double *restrict z0, double *restrict z1, double *restrict z2,
                          double *restrict z3)
{
    enum { B = 64 };
    double scratch[4][B];
    for (size_t base = 0; base < n; base += B) {
        const size_t m = n - base < B ? n - base : B;
        double *restrict o0 = z0 ? z0 + base : scratch[0];
        double *restrict o1 = z1 ? z1 + base : scratch[1];
        double *restrict o2 = z2 ? z2 + base : scratch[2];
        double *restrict o3 = z3 ? z3 + base : scratch[3];
#pragma omp simd
        for (size_t i = 0; i < m; i++) {
            const philox4x32_ctr_t r = ms_philox(key, stream0 + base + i, counter);
            double a, b, c, d;
            ms_box_muller(r.v[0], r.v[1], &a, &b);
            ms_box_muller(r.v[2], r.v[3], &c, &d);
            o0[i] = a;
            o1[i] = b;
            o2[i] = c;
            o3[i] = d;
        }
    }
}

MS_CPU_CLONES
void ms_rng_uniform4_batch(ms_rng_key key, uint64_t stream0, size_t n, uint64_t counter,
                           double *restrict u0, double *restrict u1, double *restrict u2,
                           double *restrict u3)
{
    enum { B = 64 };
    double scratch[4][B];
    for (size_t base = 0; base < n; base += B) {
        const size_t m = n - base < B ? n - base : B;
        double *restrict o0 = u0 ? u0 + base : scratch[0];
        double *restrict o1 = u1 ? u1 + base : scratch[1];
        double *restrict o2 = u2 ? u2 + base : scratch[2];
        double *restrict o3 = u3 ? u3 + base : scratch[3];
#pragma omp simd
        for (size_t i = 0; i < m; i++) {
            const philox4x32_ctr_t r = ms_philox(key, stream0 + base + i, counter);
            o0[i] = ms_u01(r.v[0]);
            o1[i] = ms_u01(r.v[1]);
            o2[i] = ms_u01(r.v[2]);
            o3[i] = ms_u01(r.v[3]);
        }
    }
}
