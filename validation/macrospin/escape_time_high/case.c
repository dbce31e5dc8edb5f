/* escape_time_high — the σ = 10, h = 0 escape time (the expensive one: ~1.4e4 τ_D per escape)
 * against the exact mean first-passage time; see escape_time/case.c and reduced.h for the method.
 * 512 trials run to 0.9 exact MFPT (~60 % escape; the rest enter the exponential estimate as
 * censored times). Tolerance: 3 standard errors. */
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

int main(void)
{
    int fail = 0;
    fail += check_sim(10, 0.0, 512, 0.9, 0.02, 43);
    return fail;
}
