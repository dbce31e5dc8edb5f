/* check_core_rng.c — Philox streams and Box–Muller normals: batch equals the scalar reference
 * bit for bit (any n, offset, partition), polynomial log/sincos accuracy against libm, moments,
 * a Kolmogorov–Smirnov test against the normal CDF, and independence of neighbouring streams.
 * Tolerances: 5 standard errors of each statistic for the fixed seed; the KS bound is the 0.1 %
 * critical value 1.95/√N. */
#include <check.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metaspin/rng.h"
#include "testutil.h"

float ms_rng_logf01_kernel(float x);
void ms_rng_sincosf_kernel(float u, float *c, float *s);

START_TEST(test_batch_equals_reference)
{
    const ms_rng_key key = ms_rng_key_make(0x123456789abcdefull);
    enum { N = 301 };
    double *z[4];
    for (int j = 0; j < 4; j++)
        z[j] = malloc(N * sizeof(double));
    for (uint64_t stream0 = 0; stream0 < 3; stream0++) {
        const uint64_t s0 = stream0 * 1000003 + MS_RNG_DOMAIN(MS_RNG_TEST);
        ms_rng_normal4_batch(key, s0, N, 42, z[0], z[1], z[2], z[3]);
        for (size_t i = 0; i < N; i++) {
            double ref[4];
            ms_rng_normal4(key, s0 + i, 42, ref);
            for (int j = 0; j < 4; j++)
                ck_assert_msg(memcmp(&ref[j], &z[j][i], sizeof(double)) == 0, "stream %zu word %d", i, j);
        }
        /* a different partition (as another thread count would make) gives the same bits */
        double part[N];
        ms_rng_normal4_batch(key, s0, 17, 42, part, NULL, NULL, NULL);
        ms_rng_normal4_batch(key, s0 + 17, N - 17, 42, part + 17, NULL, NULL, NULL);
        ck_assert(memcmp(part, z[0], sizeof part) == 0);
        double u[4], ub[4][N];
        ms_rng_uniform4_batch(key, s0, N, 7, ub[0], ub[1], ub[2], ub[3]);
        ms_rng_uniform4(key, s0 + N - 1, 7, u);
        for (int j = 0; j < 4; j++)
            ck_assert(memcmp(&u[j], &ub[j][N - 1], sizeof(double)) == 0);
    }
    for (int j = 0; j < 4; j++)
        free(z[j]);
}
END_TEST

START_TEST(test_kernels_accuracy)
{
    /* single-precision kernels: a few float ulp (float eps = 1.2e-7) against double libm */
    double max_log = 0, max_trig = 0;
    for (int i = 1; i <= 200000; i++) {
        const float x = (float)(ldexp((double)i, -18) * 0.999 + 0x1p-25); /* (2^-25, 1) */
        const double ref = log((double)x);
        max_log = fmax(max_log, fabs(ms_rng_logf01_kernel(x) - ref) / fmax(fabs(ref), 1e-3));
        const float u = (float)((i - 0.5) / 200000.0);
        float c, s;
        ms_rng_sincosf_kernel(u, &c, &s);
        max_trig = fmax(max_trig, fmax(fabs(c - cos(2 * M_PI * (double)u)), fabs(s - sin(2 * M_PI * (double)u))));
    }
    ck_assert_msg(max_log < 5e-7, "log relative error %g", max_log);
    ck_assert_msg(max_trig < 5e-7, "sincos error %g", max_trig);
    ck_assert(ms_rng_logf01_kernel(1.0f) == 0.0f);
}
END_TEST

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

START_TEST(test_moments_and_ks)
{
    const size_t n = ms_test_quick() ? 100000 : 1000000;
    double *z = malloc(n * sizeof *z);
    const ms_rng_key key = ms_rng_key_make(2024);
    /* four normals per stream, n/4 streams */
    const size_t q = n / 4;
    ms_rng_normal4_batch(key, 0, q, 0, z, z + q, z + 2 * q, z + 3 * q);
    double m1 = 0, m2 = 0, m3 = 0, m4 = 0;
    for (size_t i = 0; i < n; i++) {
        m1 += z[i];
        m2 += z[i] * z[i];
        m3 += z[i] * z[i] * z[i];
        m4 += z[i] * z[i] * z[i] * z[i];
    }
    const double N = (double)n;
    m1 /= N, m2 /= N, m3 /= N, m4 /= N;
    ck_assert_msg(fabs(m1) < 5 / sqrt(N), "mean %g", m1);
    ck_assert_msg(fabs(m2 - 1) < 5 * sqrt(2 / N), "variance %g", m2);
    ck_assert_msg(fabs(m3) < 5 * sqrt(15 / N), "third moment %g", m3);
    ck_assert_msg(fabs(m4 - 3) < 5 * sqrt(96 / N), "fourth moment %g", m4);
    qsort(z, n, sizeof *z, cmp_double);
    double d = 0;
    for (size_t i = 0; i < n; i++) {
        const double f = gsl_cdf_ugaussian_P(z[i]);
        d = fmax(d, fmax(fabs(f - (double)i / N), fabs((double)(i + 1) / N - f)));
    }
    ck_assert_msg(d < 1.95 / sqrt(N), "KS distance %g (critical %g)", d, 1.95 / sqrt(N));
    free(z);
}
END_TEST

START_TEST(test_stream_independence)
{
    const size_t n = ms_test_quick() ? 50000 : 400000;
    const ms_rng_key key = ms_rng_key_make(7);
    double *a = malloc((n + 1) * sizeof *a), *b = malloc(n * sizeof *b);
    ms_rng_normal4_batch(key, 0, n + 1, 3, a, NULL, NULL, NULL);
    ms_rng_normal4_batch(key, 0, n, 4, b, NULL, NULL, NULL);
    double neighbour = 0, next_step = 0;
    for (size_t i = 0; i < n; i++) {
        neighbour += a[i] * a[i + 1]; /* stream i vs stream i+1 at the same counter */
        next_step += a[i] * b[i];     /* counter 3 vs counter 4 in one stream */
    }
    const double N = (double)n;
    ck_assert_msg(fabs(neighbour / N) < 5 / sqrt(N), "neighbouring streams correlate: %g", neighbour / N);
    ck_assert_msg(fabs(next_step / N) < 5 / sqrt(N), "successive counters correlate: %g", next_step / N);
    /* different seeds give different streams */
    double x[4], y[4];
    ms_rng_normal4(ms_rng_key_make(1), 0, 0, x);
    ms_rng_normal4(ms_rng_key_make(2), 0, 0, y);
    ck_assert(memcmp(x, y, sizeof x) != 0);
    free(a);
    free(b);
}
END_TEST

START_TEST(test_uniform_range)
{
    const ms_rng_key key = ms_rng_key_make(99);
    double sum = 0;
    const int n = 100000;
    for (int i = 0; i < n; i++) {
        double u[4];
        ms_rng_uniform4(key, (uint64_t)i, 0, u);
        for (int j = 0; j < 4; j++) {
            ck_assert(u[j] > 0.0 && u[j] < 1.0);
            sum += u[j];
        }
    }
    ck_assert(fabs(sum / (4.0 * n) - 0.5) < 5 * sqrt(1.0 / 12.0 / (4.0 * n)));
}
END_TEST

Suite *check_core_rng_suite(void)
{
    Suite *s = suite_create("core_rng");
    TCase *tc = tcase_create("rng");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_batch_equals_reference);
    tcase_add_test(tc, test_kernels_accuracy);
    tcase_add_test(tc, test_moments_and_ks);
    tcase_add_test(tc, test_stream_independence);
    tcase_add_test(tc, test_uniform_range);
    suite_add_tcase(s, tc);
    return s;
}
