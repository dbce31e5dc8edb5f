/* dt_halving — time-step convergence of the stochastic Heun scheme on the escape time: σ = 5,
 * h = 0, α = 1 (started at +z, escape at m_z < −0.5), Δt = 0.02/(γ0 H_k) (the step used by the
 * escape-time cases) and Δt/2, independent noise. The change must stay below its statistical
 * error: tolerance 2 × the combined standard error (a 95 % band; 1 × would fail one run in three
 * even for a perfect integrator). Also each against the exact MFPT within 3 standard errors. */
#include "common.h"
#include "macrospin/reduced.h"

int main(void)
{
    const double sigma = 5;
    double mean[2], se[2], ref = 0;
    int fail = 0;
    for (int k = 0; k < 2; k++) {
        reduced r;
        reduced_init(&r, sigma, 0.0, 1.0, k ? 0.01 : 0.02);
        ms_error err;
        if (ms_model_mfpt(sigma, 0.0, r.tau_d, 1.0, -0.5, &ref, &err))
            die("ms_model_mfpt", &err);
        size_t n_sw;
        escape_run(&r, 3000, 3.0 * ref, -0.5, 51 + (uint64_t)k, &mean[k], &se[k], &n_sw);
        mean[k] /= r.tau_d;
        se[k] /= r.tau_d;
        ref /= r.tau_d;
        char name[64];
        snprintf(name, sizeof name, "macrospin/dt_halving_escape_dt%s_over_tauD", k ? "0.01" : "0.02");
        fail += ms_validate_report(name, mean[k], ref, 3 * se[k]);
    }
    fail += ms_validate_report("macrospin/dt_halving_change_over_tauD", mean[1] - mean[0], 0.0,
                               2 * sqrt(se[0] * se[0] + se[1] * se[1]));
    return fail;
}
