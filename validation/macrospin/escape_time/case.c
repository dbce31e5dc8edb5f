/* escape_time — thermally activated escape of a uniaxial macrospin (easy axis z, α = 1, started at
 * +z, escape counted at m_z < −0.5, i.e. past the saddle) against the exact mean first-passage time
 * of the Fokker–Planck equation (ms_model_mfpt, GSL quadrature; Brown 1963, Coffey and Kalmykov
 * 2012), for σ = 10 at h = −0.2 (field against the starting well) and σ = 5 at h = 0 (σ = 10 at h = 0
 * is in escape_time_high).
 * Tolerance: 3 standard errors of the escape-time estimate (reduced.h).
 * Brown's high-barrier rate is asymptotic: the exact MFPT exceeds 1/Γ_Brown by a relative amount
 * ≈ 1/σ. The trend is checked from the exact integral for σ = 5, 10, 20 (σ = 20 is beyond brute
 * force: ~2e8 τ_D): the excess (T Γ − 1) must halve each time σ doubles (reference 0.5; tolerance
 * 0.05 for the O(1/σ²) remainder). */
#include "common.h"
#include "macrospin/reduced.h"

static int check_sim(double sigma, double h, size_t n, double t_run_over_mfpt, double dt_red, uint64_t seed)
{
    reduced r;
    reduced_init(&r, sigma, h, 1.0, dt_red);
    double ref, mean, se;
    size_t n_sw;
    ms_error err;
    if (ms_model_mfpt(sigma, h, r.tau_d, 1.0, -0.5, &ref, &err))
        die("ms_model_mfpt", &err);
    escape_run(&r, n, t_run_over_mfpt * ref, -0.5, seed, &mean, &se, &n_sw);
    char name[80];
    snprintf(name, sizeof name, "macrospin/escape_time_sigma%g_h%g_over_tauD", sigma, h);
    printf("# %s: %zu of %zu switched, Brown 1/Gamma = %.4g tau_D\n", name, n_sw, n,
           1.0 / ms_model_brown_rate(sigma, -h, 1.0));
    return ms_validate_report(name, mean / r.tau_d, ref / r.tau_d, 3 * se / r.tau_d);
}

static double excess(double sigma)
{
    double t;
    ms_error err;
    if (ms_model_mfpt(sigma, 0.0, 1.0, 1.0, -0.5, &t, &err))
        die("ms_model_mfpt", &err);
    return t * ms_model_brown_rate(sigma, 0.0, 1.0) - 1.0;
}

int main(void)
{
    int fail = 0;
    fail += check_sim(5, 0.0, 4000, 3.0, 0.02, 41);
    fail += check_sim(10, -0.2, 2000, 3.0, 0.02, 42);
    const double e5 = excess(5), e10 = excess(10), e20 = excess(20);
    printf("# exact MFPT x Brown rate - 1: sigma 5: %.4f, 10: %.4f, 20: %.4f\n", e5, e10, e20);
    fail += ms_validate_report("macrospin/brown_excess_ratio_sigma10_over_5", e10 / e5, 0.5, 0.05);
    fail += ms_validate_report("macrospin/brown_excess_ratio_sigma20_over_10", e20 / e10, 0.5, 0.05);
    return fail;
}
