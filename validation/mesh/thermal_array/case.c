/* thermal_array — an exchange-decoupled array of uniaxial cells (A = 0, no demag) at T > 0 samples
 * the Boltzmann distribution p(m_z) ∝ exp(σ m_z²), σ = K V/(kB T): ⟨m_z²⟩ from
 * ms_model_boltzmann_mz2 (the Dawson closed form), at σ = 2 and σ = 5. This checks the amplitude of
 * the per-cell Brown field with V = cell volume and the Stratonovich Heun scheme. */
#include <gsl/gsl_const_mksa.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include "common.h"
#include "metaspin/mesh.h"
#include "metaspin/models.h"

typedef struct acc { double burn, sum, sum2; long count; } acc;

static int sample(void *user, ms_mm *s, const ms_mm_stepinfo *info)
{
    acc *a = user;
    if (info->t < a->burn || info->step % 50)
        return 0;
    const ms_mesh *g = ms_mm_mesh(s);
    const double *m = ms_mm_m(s) + 2 * g->n;
    double b = 0;
    for (size_t i = 0; i < g->n; i++)
        b += m[i] * m[i];
    b /= (double)g->n;
    a->sum += b, a->sum2 += b * b, a->count++;
    return 0;
}

static int run(double sigma, int fail)
{
    const int nc = 4096;
    const double T = 300, dx = 4e-9, V = dx * dx * dx, K = sigma * GSL_CONST_MKSA_BOLTZMANN * T / V;
    ms_mesh *g = NULL;
    ms_mm *s = NULL;
    ms_heun *hn = NULL;
    ms_error err;
    ms_ctx *ctx = ms_ctx_create(2026, omp_get_max_threads());
    ms_mesh_create(&g, 64, 64, 1, dx, dx, dx, &err);
    ms_mesh_fill(g, 1);
    ms_mesh_material mat = {.ms = 1e6, .ku1 = K, .axis = {0, 0, 1}, .alpha = 1.0};
    ms_mesh_material_set(g, 1, &mat, &err);
    ms_mm_drive d = {.gamma0 = 2.211e5, .temperature = T, .demag_off = 1};
    acc a = {.burn = 0.5e-9};
    const double t_end = 5e-9, dt = 2e-13;
    if (ms_mm_create(&s, g, &d, ctx, &err) == MS_OK && ms_heun_create(&hn, s, dt, &err) == MS_OK) {
        const double z[3] = {0, 0, 1};
        ms_mm_m_uniform(s, z);
        ms_heun_run(hn, t_end, sample, &a, &err);
    }
    const double mean = a.count ? a.sum / a.count : NAN;
    const double sd = sqrt(fmax(a.sum2 / a.count - mean * mean, 0));
    /* records 10 ps apart, correlation time τ_N ≲ 0.1 ns: one independent block per 0.2 ns */
    const double se = sd / sqrt((t_end - a.burn) / 0.2e-9);
    char name[64];
    snprintf(name, sizeof name, "mesh/thermal_array/mz2_sigma%g", sigma);
    fail += ms_validate_report(name, mean, ms_model_boltzmann_mz2(sigma, 0), fmax(5 * se, 2e-3));
    (void)nc;
    ms_heun_destroy(hn);
    ms_mm_destroy(s);
    ms_mesh_destroy(g);
    ms_ctx_destroy(ctx);
    return fail;
}

int main(void)
{
    int fail = 0;
    fail = run(2.0, fail);
    fail = run(5.0, fail);
    return fail;
}
