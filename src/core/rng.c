/* rng.c — Philox4x32-10 (Random123, Salmon et al. SC11) and Box–Muller normals, scalar reference
 * and structure-of-arrays batches (see include/metaspin/rng.h).
 *
 * Key = seed (two 32-bit words); counter = (counter low, counter high, stream low, stream high).
 * Uniforms u = (w + 1/2)/2^32 lie in (0, 1), so log(u) is finite (|z| ≤ 6.7).
 * Box–Muller: z0 = sqrt(−2 ln u0) cos(2π u1), z1 = sqrt(−2 ln u0) sin(2π u1), likewise (u2, u3).
 *
 * Why our own log and sincos: the batch loop must vectorise, and libm's scalar functions and
 * libmvec's vector variants round differently, so a trial's noise would depend on whether it
 * landed in a vector lane or a loop remainder, i.e. on the thread partition. The polynomial
 * kernels below are used by both paths (no FMA contraction under -std=c17), which makes the batch
 * bitwise equal to the scalar reference for any n, alignment and thread count. Accuracy: a few
 * ulp (tests/check_core_rng.c compares against libm). */
#include "metaspin/rng.h"

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

/* ln x for x in [2^-33, 1]: x = 2^e m, m in [√½, √2), ln m = 2 atanh(s), s = (m−1)/(m+1),
 * |s| ≤ 0.172; the odd series to s^21 is exact to < 1e-17. Branch-free for vectorisation. */
static inline double ms_log01(double x)
{
    uint64_t bits, ebits, mbits;
    memcpy(&bits, &x, sizeof bits);
    mbits = (bits & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull;
    ebits = (bits >> 52) | 0x4330000000000000ull; /* 2^52 + biased exponent, as a double */
    double m, e;
    memcpy(&m, &mbits, sizeof m);
    memcpy(&e, &ebits, sizeof e);
    e -= 4503599627370496.0 + 1023.0;
    /* m > √2, compared on the bit patterns (order-preserving for positive doubles) so that the
     * select is integer arithmetic and the loop vectorises */
    const double big = (double)(int64_t)(mbits > 0x3FF6A09E667F3BCDull);
    m *= 1.0 - 0.5 * big;
    e += big;
    const double s = (m - 1.0) / (m + 1.0), s2 = s * s;
    double p = 1.0 / 21.0;
    p = p * s2 + 1.0 / 19.0;
    p = p * s2 + 1.0 / 17.0;
    p = p * s2 + 1.0 / 15.0;
    p = p * s2 + 1.0 / 13.0;
    p = p * s2 + 1.0 / 11.0;
    p = p * s2 + 1.0 / 9.0;
    p = p * s2 + 1.0 / 7.0;
    p = p * s2 + 1.0 / 5.0;
    p = p * s2 + 1.0 / 3.0;
    p = p * s2 + 1.0;
    return e * 0.6931471805599453 + 2.0 * s * p;
}

/* cos(2π u), sin(2π u) for u in (0, 1): 4u = q + r, |r| ≤ ½, x = r π/2 in [−π/4, π/4];
 * Taylor series to x^17 / x^18 (error < 1e-18), then rotate by the quadrant q mod 4. */
static inline void ms_sincos_2pi(double u, double *c_out, double *s_out)
{
    const double t = 4.0 * u;
    const int q = (int)(t + 0.5);
    const double x = (t - (double)q) * 1.5707963267948966, x2 = x * x;
    /* sin x = x + x y P(y), cos x = 1 + y Q(y), y = x² (Taylor coefficients ±1/n!) */
    double p = 1.0 / 355687428096000.0;
    p = p * x2 - 1.0 / 1307674368000.0;
    p = p * x2 + 1.0 / 6227020800.0;
    p = p * x2 - 1.0 / 39916800.0;
    p = p * x2 + 1.0 / 362880.0;
    p = p * x2 - 1.0 / 5040.0;
    p = p * x2 + 1.0 / 120.0;
    p = p * x2 - 1.0 / 6.0;
    const double s = x + x * x2 * p;
    double r = -1.0 / 6402373705728000.0;
    r = r * x2 + 1.0 / 20922789888000.0;
    r = r * x2 - 1.0 / 87178291200.0;
    r = r * x2 + 1.0 / 479001600.0;
    r = r * x2 - 1.0 / 3628800.0;
    r = r * x2 + 1.0 / 40320.0;
    r = r * x2 - 1.0 / 720.0;
    r = r * x2 + 1.0 / 24.0;
    r = r * x2 - 0.5;
    const double c = 1.0 + x2 * r;
    /* quadrant k: cos θ = ±(c or s), sin θ = ±(s or c); selects through bit masks */
    const int k = q & 3;
    const uint64_t swap = -(uint64_t)(k & 1);
    uint64_t cb, sb;
    memcpy(&cb, &c, sizeof cb);
    memcpy(&sb, &s, sizeof sb);
    const uint64_t first = (cb & ~swap) | (sb & swap), second = (sb & ~swap) | (cb & swap);
    double cos_part, sin_part;
    memcpy(&cos_part, &first, sizeof cos_part);
    memcpy(&sin_part, &second, sizeof sin_part);
    *c_out = (double)(1 - ((k + 1) & 2)) * cos_part;
    *s_out = (double)(1 - (k & 2)) * sin_part;
}

static inline void ms_box_muller(uint32_t w0, uint32_t w1, double *z0, double *z1)
{
    const double r = sqrt(-2.0 * ms_log01(ms_u01(w0)));
    double c, s;
    ms_sincos_2pi(ms_u01(w1), &c, &s);
    *z0 = r * c;
    *z1 = r * s;
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
double ms_rng_log01_kernel(double x);
void ms_rng_sincos_kernel(double u, double *c, double *s);
double ms_rng_log01_kernel(double x) { return ms_log01(x); }
void ms_rng_sincos_kernel(double u, double *c, double *s) { ms_sincos_2pi(u, c, s); }

/* The hot path: one Philox call and two Box–Muller pairs per stream, vectorised over streams.
 * Blocks of 64 streams keep the temporaries in registers/L1; NULL outputs are filled into a
 * scratch row so the loop body stays branch-free. */
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
