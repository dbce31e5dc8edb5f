/* boltzmann — equilibrium of the stochastic Heun dynamics against the Boltzmann integrals
 * (PHYSICS.md §1): ⟨m_z²⟩ at σ = 2, 5, 10 (h = 0), started at +z and relaxed for 8 τ_D, and
 * ⟨m_z⟩ at σ = 10, h = 0.2, started from the exact two-well Boltzmann distribution (the
 * inter-well hop at σ = 10 is too slow to equilibrate by brute force) and run for 8 τ_D, so the
 * check is that the dynamics keep the distribution stationary. Tolerance: 3 standard errors of
 * the ensemble mean, and 1 % of the reference (both must hold: the smaller is used). */
#include "common.h"
#include "macrospin/reduced.h"

static int check_mz2(double sigma, uint64_t seed)
{
    reduced r;
    reduced_init(&r, sigma, 0.0, 1.0, 0.01);
    ms_ctx *ctx = ms_ctx_create(seed, 2);
    ms_macrospin_batch *b = reduced_batch(&r, 40000, ctx);
    reduced_run(b, 8 * r.tau_d);
    double m, se;
    batch_moment(b, 2, &m, &se);
    const double ref = ms_model_boltzmann_mz2(sigma, 0.0);
    char name[64];
    snprintf(name, sizeof name, "macrospin/boltzmann_mz2_sigma%g", sigma);
    ms_macrospin_batch_destroy(b);
    ms_ctx_destroy(ctx);
    return ms_validate_report(name, m, ref, fmin(3 * se, 0.01 * ref));
}

static int check_mz_field(void)
{
    const double sigma = 10, h = 0.2;
    reduced r;
    reduced_init(&r, sigma, h, 1.0, 0.01);
    ms_ctx *ctx = ms_ctx_create(5, 2);
    const size_t n = 40000;
    ms_macrospin_batch *b = reduced_batch(&r, n, ctx);
    double *mx = ms_macrospin_batch_mx(b), *my = ms_macrospin_batch_my(b), *mz = ms_macrospin_batch_mz(b);
    for (size_t i = 0; i < n; i++) {  /* stratified draw of the exact distribution on [−1, 1] */
        const double x = ms_macrospin_sample_axial(sigma, h, -1.0, 1.0, (i + 0.5) / (double)n);
        const double phi = 2 * M_PI * fmod(0.6180339887498949 * (double)i, 1.0), s = sqrt(1 - x * x);
        mx[i] = s * cos(phi);
        my[i] = s * sin(phi);
        mz[i] = x;
    }
    reduced_run(b, 8 * r.tau_d);
    double m, se;
    batch_moment(b, 1, &m, &se);
    const double ref = ms_model_boltzmann_mz(sigma, h);
    ms_macrospin_batch_destroy(b);
    ms_ctx_destroy(ctx);
    return ms_validate_report("macrospin/boltzmann_mz_sigma10_h0.2", m, ref, fmin(3 * se, 0.01 * ref));
}

int main(void)
{
    int fail = 0;
    fail += check_mz2(2, 1);
    fail += check_mz2(5, 2);
    fail += check_mz2(10, 3);
    fail += check_mz_field();
    return fail;
}
