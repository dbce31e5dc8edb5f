/* equilibrium/case.c — FM fraction of independent grains (no spread, no coupling) held at fixed T
 * for 15 relaxation times vs the two-state Boltzmann value 1/(1 + exp(−ΔF V_g/kB T)) at five
 * temperatures around T_t (ΔF V_g/kB T = −2 … 2). Tolerance: 4 standard errors of the mean of
 * trials × grains independent Bernoulli variables. Each temperature uses its own random streams
 * (with shared streams the cases ±a would be exact mirror images, not independent checks). */
#include "common.h"
#include "../phase_case.h"

int main(void)
{
    ms_phase_params p;
    ms_phase_params_default(&p);
    p.e_b = 0.2 * PH_EV;
    p.dt_max = 1e-6;
    ms_ctx ctx = ph_ctx(2024);
    const size_t n = 256;
    int fails = 0;
    for (int k = -2; k <= 2; k++) {
        const double a = k, temp = ph_temp_for(&p, a);
        ms_phase_drive d;
        ph_drive_const(&d, temp);
        ms_phase_batch *b;
        ms_error err;
        double ku, kd;
        ms_phase_rates(&p, 0.5 * a * PH_KB * temp, temp, &ku, &kd);
        if (ms_phase_batch_create(&b, &p, n, &ctx, &err) || ms_phase_batch_reset(b, &d, 0, k < 0, (uint64_t)(k + 2) << 32, &err) ||
            ms_phase_batch_run(b, &d, 15.0 / (ku + kd), 0, &err)) {
            printf("error: %s\n", err.message);
            return 1;
        }
        const double ref = 1 / (1 + exp(-a)), se = sqrt(ref * (1 - ref) / (double)(n * (size_t)p.n_grains));
        char name[64];
        snprintf(name, sizeof name, "phase/equilibrium_T%+.2fK", temp - p.t_t0);
        fails += ms_validate_report(name, ms_phase_batch_mean_phi(b), ref, 4 * se);
        ms_phase_batch_destroy(b);
    }
    return fails;
}
