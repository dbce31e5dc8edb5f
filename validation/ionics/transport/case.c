/* transport — limits of the field-enhanced hopping law (PHYSICS.md §3):
 *  1. diffusion: D from the mean-square spread of a point source, vs a² ν0 e^{−E_a/kT};
 *  2. diffusion from a step vs the erfc solution (max deviation);
 *  3. Einstein mobility: low-field drift velocity / field vs D |z| e/kT;
 *  4. blocking electrodes: steady profile ratio c_{k+1}/c_k vs e^{2β};
 *  5. uniform c at high field: drift velocity vs 2 a ν0 e^{−E_a/kT} sinh(|z| e a E/2kT). */
#include "common.h"
#include "../util.h"

static void chain(ms_ionics_model *m, int n)
{
    ms_ionics_model_default(m);
    m->thickness = n * m->sp.hop;
    m->fm_bc = MS_IONICS_FM_BLOCKING;
    m->gate_bc = MS_IONICS_GATE_BLOCKING;
}

static double volt_for_beta(const ms_ionics_model *m, double beta, double temperature)
{
    return -beta * 2.0 * VAL_KB * temperature * m->thickness / (m->sp.charge * GSL_CONST_MKSA_ELECTRON_CHARGE * m->sp.hop);
}

static int diffusion(void)
{
    const int n = 400;
    const double temperature = 350.0;
    ms_ionics_model m;
    chain(&m, n);
    ms_ionics_state *s = NULL;
    ms_ionics_state_create(&s, &m, 2, NULL);
    for (int k = 1; k <= n; ++k) {     /* column 0: point source; column 1: step */
        s->sigma[2 * k] = k == n / 2 ? 1e20 : 0.0;
        s->sigma[2 * k + 1] = k <= n / 2 ? 1e20 : 0.0;
    }
    const double gam = ms_ionics_hop_rate(&m, temperature), t_end = 400.0 / gam, dt = 0.02 / gam;
    for (double t = 0; t < t_end - 0.5 * dt; t += dt)
        ms_ionics_step(s, &m, dt, 0.0, temperature, NULL);
    double m2 = 0.0, worst = 0.0;
    for (int k = 1; k <= n; ++k) {
        const double z = (k - n / 2) * m.sp.hop;
        m2 += z * z * s->sigma[2 * k] / 1e20;
        const double x = (k - (n / 2 + 0.5)) / (2.0 * sqrt(gam * t_end));
        worst = fmax(worst, fabs(s->sigma[2 * k + 1] / 1e20 - 0.5 * erfc(x)));
    }
    const double d_ref = m.sp.hop * m.sp.hop * gam;
    ms_ionics_state_destroy(s);
    int fail = ms_validate_report("ionics/transport/diffusion_D_rel", m2 / (2.0 * t_end) / d_ref, 1.0, 1e-9);
    fail += ms_validate_report("ionics/transport/step_vs_erfc_maxdev", worst, 0.0, 2e-4);
    return fail;
}

static int einstein_and_drift(void)
{
    const double temperature = 300.0;
    ms_ionics_model m;
    chain(&m, 20);
    m.c0 = 1e26;
    const double gam = ms_ionics_hop_rate(&m, temperature), d = m.sp.hop * m.sp.hop * gam;
    const double betas[] = {1e-3, 0.5, 2.0, 6.0};
    int fail = 0;
    for (int i = 0; i < 4; ++i) {
        ms_ionics_state *s = NULL;
        ms_ionics_state_create(&s, &m, 1, NULL);
        const double v = volt_for_beta(&m, betas[i], temperature), dt = 1e-8 / (gam * exp(betas[i]));
        ms_ionics_step(s, &m, dt, v, temperature, NULL);
        /* the gate-end site gains J = c v_drift per unit area and time */
        const double vel = (s->sigma[20] - m.c0 * m.sp.hop) / dt / m.c0;
        ms_ionics_state_destroy(s);
        double e_z;
        ms_ionics_field(&m, v, &e_z, NULL);
        char name[96];
        if (i == 0) {
            const double mu_ref = d * abs(m.sp.charge) * GSL_CONST_MKSA_ELECTRON_CHARGE / (VAL_KB * temperature);
            fail += ms_validate_report("ionics/transport/einstein_mobility_rel", vel / fabs(e_z) / mu_ref, 1.0, 1e-5);
        }
        snprintf(name, sizeof name, "ionics/transport/drift_sinh_rel_beta%g", betas[i]);
        fail += ms_validate_report(name, vel / (2.0 * m.sp.hop * gam * sinh(betas[i])), 1.0, 1e-5);
    }
    return fail;
}

static int boltzmann(void)
{
    const double temperature = 300.0, betas[] = {-0.4, 0.1, 1.5};
    int fail = 0;
    for (int i = 0; i < 3; ++i) {
        ms_ionics_model m;
        chain(&m, 30);
        ms_ionics_state *s = NULL;
        ms_ionics_state_create(&s, &m, 1, NULL);
        const double gam = ms_ionics_hop_rate(&m, temperature);
        for (int it = 0; it < 40; ++it)
            ms_ionics_step(s, &m, 1e6 / gam, volt_for_beta(&m, betas[i], temperature), temperature, NULL);
        double worst = 0.0;
        for (int k = 1; k < 30; ++k)
            worst = fmax(worst, fabs(s->sigma[k + 1] / s->sigma[k] / exp(2.0 * betas[i]) - 1.0));
        ms_ionics_state_destroy(s);
        char name[96];
        snprintf(name, sizeof name, "ionics/transport/boltzmann_ratio_maxdev_beta%g", betas[i]);
        fail += ms_validate_report(name, worst, 0.0, 1e-9);
    }
    return fail;
}

int main(void)
{
    return diffusion() + einstein_and_drift() + boltzmann();
}
