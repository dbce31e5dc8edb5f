/* retention — zero-bias retention of the interface state (PHYSICS.md §3):
 *  1. one oxide site between a full interface layer (θ0 = 1) and an absorbing gate reservoir:
 *     the quasi-steady solution dθ/dt = −θ/((2 − θ) τ_ret) reaches θ = 1/e at t = (1 + 1/e) τ_ret,
 *     τ_ret = ν0⁻¹ exp(E_ret/kB T), E_ret = E_a + ΔG; compared at 300, 330, 360 K;
 *  2. the Arrhenius slope of the exported retention times returns E_ret;
 *  3. PHYSICS.md anchors: τ_ret(E_ret = 0.8, 1.0, 1.3 eV, 300 K) = seconds, hours, ~ten years. */
#include "common.h"
#include "../util.h"

int main(void)
{
    ms_ionics_model m;
    ms_ionics_model_default(&m);
    m.thickness = m.sp.hop;
    m.c0 = 0.0;
    m.theta0 = 1.0;
    m.overox = 0;
    m.gate_bc = MS_IONICS_GATE_RESERVOIR;
    m.c_res = 0.0;
    m.sp.barrier = 0.5 * VAL_EV;
    m.binding = 0.45 * VAL_EV;
    const double h = 1.0, temps[3] = {300.0, 330.0, 360.0};
    double tau[3], x[3], y[3];
    ms_error err = {0};
    if (ms_ionics_retention_table(&m, &h, 1, temps, 3, tau, NULL, &err))
        return fprintf(stderr, "%s\n", err.message), 1;
    int fail = 0;
    for (int i = 0; i < 3; ++i) {
        const double ref = (1.0 + exp(-1.0)) * ms_ionics_retention_intrinsic(&m, temps[i]);
        char name[80];
        snprintf(name, sizeof name, "ionics/retention/tau_over_exact_%gK", temps[i]);
        fail += ms_validate_report(name, tau[i] / ref, 1.0, 0.01);
        x[i] = 1.0 / (VAL_KB * temps[i]);
        y[i] = log(tau[i]);
    }
    fail += ms_validate_report("ionics/retention/arrhenius_Eret_eV", val_slope(x, y, 3) / VAL_EV, 0.95, 0.005);
    const double e_ret[3] = {0.8, 1.0, 1.3}, lo[3] = {1.0, 3600.0, 3.15e8}, hi[3] = {60.0, 86400.0, 3.15e9};
    const char *names[3] = {"seconds", "hours", "decade"};
    for (int i = 0; i < 3; ++i) {
        m.sp.barrier = e_ret[i] * VAL_EV;
        m.binding = 0.0;
        const double t = ms_ionics_retention_intrinsic(&m, 300.0);
        char name[80];
        snprintf(name, sizeof name, "ionics/retention/log10_tau_%.1feV_%s", e_ret[i], names[i]);
        fail += ms_validate_report(name, log10(t), 0.5 * (log10(lo[i]) + log10(hi[i])),
                                   0.5 * (log10(hi[i]) - log10(lo[i])));
    }
    return fail;
}
