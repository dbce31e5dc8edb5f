/* relaxation/case.c — relaxation after a temperature step: all grains AF at t = 0, then held at T
 * with ΔF V_g/kB T = 1. Two-state master equation: φ(t) = φ_eq (1 − e^{−λ t}), λ = k_AF→FM + k_FM→AF.
 * Compared: φ at t = 0.5/λ, 1/λ, 3/λ, and the rate fitted from φ(1/λ), λ_fit = −ln(1 − φ/φ_eq)/t,
 * as λ_fit/λ vs 1. Tolerances: 4 standard errors (Bernoulli over trials × grains), propagated to
 * the fitted rate as δλ/λ = δφ/(φ_eq e^{−1}). */
#include "common.h"
#include "../phase_case.h"

int main(void)
{
    ms_phase_params p;
    ms_phase_params_default(&p);
    p.e_b = 0.2 * PH_EV;
    p.dt_max = 1e-6;
    ms_ctx ctx = ph_ctx(7);
    const size_t n = 512;
    const double a = 1.0, temp = ph_temp_for(&p, a);
    ms_phase_drive d;
    ph_drive_const(&d, temp);
    double ku, kd;
    ms_phase_rates(&p, 0.5 * a * PH_KB * temp, temp, &ku, &kd);
    const double lam = ku + kd, eq = ku / lam, ng = (double)n * p.n_grains;
    ms_phase_batch *b;
    ms_error err;
    if (ms_phase_batch_create(&b, &p, n, &ctx, &err) || ms_phase_batch_reset(b, &d, 0, 0, 0, &err)) {
        printf("error: %s\n", err.message);
        return 1;
    }
    const double ts[3] = {0.5, 1.0, 3.0};
    int fails = 0;
    for (int k = 0; k < 3; k++) {
        const double t = ts[k] / lam;
        if (ms_phase_batch_run(b, &d, t, 0, &err)) {
            printf("error: %s\n", err.message);
            return 1;
        }
        const double phi = ms_phase_batch_mean_phi(b), ref = eq * (-expm1(-lam * t));
        const double se = sqrt(ref * (1 - ref) / ng);
        char name[64];
        snprintf(name, sizeof name, "phase/relaxation_phi_t%.1f", ts[k]);
        fails += ms_validate_report(name, phi, ref, 4 * se);
        if (k == 1)
            fails += ms_validate_report("phase/relaxation_rate_ratio", -log(1 - phi / eq) / (t * lam), 1.0,
                                        4 * se / (eq * exp(-1.0)));
    }
    ms_phase_batch_destroy(b);
    return fails;
}
