/* check_ionics.c — unit tests of the magneto-ionic module against analytic results
 * (PHYSICS.md §3): exact conservation with blocking boundaries, batched Thomas kernel vs the dense
 * reference, Boltzmann steady profile c_{k+1}/c_k = e^{2β}, uniform-c drift velocity
 * 2 a Γ sinh β, low-field diffusion from a step vs the erfc solution, the retention of a single
 * layer into an absorbing gate (exact quasi-steady solution), waveform edges, and the PHYSICS.md
 * worked example of the constitutive map. */
#include <check.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <gsl/gsl_const_mksa.h>
#include "metaspin/ionics.h"
#include "testutil.h"

static const double KB = GSL_CONST_MKSA_BOLTZMANN, EV = GSL_CONST_MKSA_ELECTRON_VOLT;

/* A small column with unit hop rate: ν0 = 1/s, E_a = 0 (times in units of 1/Γ). */
static void unit_model(ms_ionics_model *m, int n_sites)
{
    ms_ionics_model_default(m);
    m->sp.nu0 = 1.0;
    m->sp.barrier = 0.0;
    m->thickness = n_sites * m->sp.hop;
    m->c0 = 1e26;
    m->fm_bc = MS_IONICS_FM_BLOCKING;
    m->gate_bc = MS_IONICS_GATE_BLOCKING;
}

static double volt_for_beta(const ms_ionics_model *m, double beta, double temperature)
{
    /* β = z e a E_z/(2kT), E_z = −V/t_ox */
    return -beta * 2.0 * KB * temperature * m->thickness
         / (m->sp.charge * GSL_CONST_MKSA_ELECTRON_CHARGE * m->sp.hop);
}

START_TEST(test_conservation_blocking)
{
    ms_ionics_model m;
    unit_model(&m, 40);
    m.fm_bc = MS_IONICS_FM_REACTIVE;
    m.binding = 0.1 * EV;
    m.c_max = 3e27;
    ms_ionics_state *s = NULL;
    ck_assert_int_eq(ms_ionics_state_create(&s, &m, 70, NULL), MS_OK);
    for (size_t i = 0; i < 41 * 70; ++i)
        s->sigma[i] *= 0.5 + (double)((i * 7919) % 101) / 100.0;
    double before[70];
    for (size_t c = 0; c < 70; ++c)
        before[c] = ms_ionics_inventory(s, c);
    const int steps = ms_test_quick() ? 200 : 2000;
    for (int i = 0; i < steps; ++i) {
        const double v = volt_for_beta(&m, (i / 100) % 2 ? 8.0 : -8.0, 300.0);
        ck_assert_int_eq(ms_ionics_step(s, &m, i % 3 ? 1e3 : 0.01, v, 300.0, NULL), MS_OK);
    }
    for (size_t c = 0; c < 70; ++c) {

        ck_assert_double_eq_tol(ms_ionics_inventory(s, c), before[c], 1e-12 * before[c]);
        for (int k = 0; k <= 40; ++k)
            ck_assert(s->sigma[k * 70 + c] >= 0.0);
    }
    ms_ionics_state_destroy(s);
}
END_TEST

START_TEST(test_kernel_matches_reference)
{
    ms_ionics_model m;
    unit_model(&m, 25);
    m.fm_bc = MS_IONICS_FM_REACTIVE;
    m.gate_bc = MS_IONICS_GATE_RESERVOIR;
    m.c_res = 2e26;
    m.c_max = 2e27;
    m.k_sink = 0.3;
    m.theta0 = 0.4;
    m.binding = 0.05 * EV;
    const size_t nc = 67;
    ms_ionics_state *s = NULL;
    ck_assert_int_eq(ms_ionics_state_create(&s, &m, nc, NULL), MS_OK);
    double *col = malloc(26 * sizeof *col);
    for (size_t c = 0; c < nc; ++c)
        s->v_scale[c] = -3.0 + 6.0 * (double)c / (double)(nc - 1);
    for (int rep = 0; rep < 3; ++rep) {
        double ref[67][26];
        for (size_t c = 0; c < nc; ++c) {
            for (int k = 0; k <= 25; ++k)
                col[k] = s->sigma[k * nc + c];
            ck_assert_int_eq(ms_ionics_step_reference(col, &m, 25, 0.7, 0.2 * s->v_scale[c], 300.0, NULL), MS_OK);
            for (int k = 0; k <= 25; ++k)
                ref[c][k] = col[k];
        }
        ck_assert_int_eq(ms_ionics_step(s, &m, 0.7, 0.2, 300.0, NULL), MS_OK);
        for (size_t c = 0; c < nc; ++c)
            for (int k = 0; k <= 25; ++k)
                ck_assert_double_eq_tol(s->sigma[k * nc + c], ref[c][k], 1e-11 * (fabs(ref[c][k]) + 1e16));
    }
    free(col);
    ms_ionics_state_destroy(s);
}
END_TEST

START_TEST(test_boltzmann_profile)
{
    ms_ionics_model m;
    unit_model(&m, 30);
    const double beta = -0.15, temperature = 300.0;
    ms_ionics_state *s = NULL;
    ck_assert_int_eq(ms_ionics_state_create(&s, &m, 1, NULL), MS_OK);
    const double v = volt_for_beta(&m, beta, temperature);
    for (int i = 0; i < 60; ++i)
        ck_assert_int_eq(ms_ionics_step(s, &m, 1e4, v, temperature, NULL), MS_OK);
    for (int k = 1; k < 30; ++k)
        ck_assert_double_eq_tol(s->sigma[k + 1] / s->sigma[k], exp(2.0 * beta), 1e-10);
    ms_ionics_state_destroy(s);
}
END_TEST

START_TEST(test_drift_velocity_sinh)
{
    ms_ionics_model m;
    unit_model(&m, 10);
    m.sp.barrier = 0.7 * EV;
    m.sp.nu0 = 1e13;
    const double temperature = 350.0;
    const double betas[] = {0.01, 1.0, 5.0, -3.0};
    for (int i = 0; i < 4; ++i) {
        ms_ionics_state *s = NULL;
        ck_assert_int_eq(ms_ionics_state_create(&s, &m, 1, NULL), MS_OK);
        const double gam = ms_ionics_hop_rate(&m, temperature), b = betas[i];
        const double dt = 1e-7 / (gam * exp(fabs(b)));
        ck_assert_int_eq(ms_ionics_step(s, &m, dt, volt_for_beta(&m, b, temperature), temperature, NULL), MS_OK);
        /* the gate-end site gains J = c v per unit area and time (the FM-end site loses it) */
        const double sigma0 = m.c0 * m.sp.hop;
        const double j = (s->sigma[10] - sigma0) / dt;
        const double v_num = j / m.c0, v_ref = 2.0 * m.sp.hop * gam * sinh(b);
        ck_assert_double_eq_tol(v_num, v_ref, 1e-5 * fabs(v_ref));
        ms_ionics_state_destroy(s);
    }
}
END_TEST

START_TEST(test_diffusion_step_erfc)
{
    /* D = a² Γ; half-filled chain, blocking ends far away: c = c0/2 erfc((z − z0)/(2√(Dt))). */
    const int n = 200;
    ms_ionics_model m;
    unit_model(&m, n);
    ms_ionics_state *s = NULL;
    ck_assert_int_eq(ms_ionics_state_create(&s, &m, 1, NULL), MS_OK);
    for (int k = n / 2 + 1; k <= n; ++k)
        s->sigma[k] = 0.0;
    const double t_end = 100.0, dt = ms_test_quick() ? 0.05 : 0.01;
    for (double t = 0; t < t_end - 1e-9; t += dt)
        ck_assert_int_eq(ms_ionics_step(s, &m, dt, 0.0, 300.0, NULL), MS_OK);
    const double sigma0 = m.c0 * m.sp.hop, spread = 2.0 * sqrt(t_end);  /* in sites, D = Γ a² */
    double worst = 0.0;
    for (int k = n / 2 - 40; k <= n / 2 + 40; ++k) {
        const double x = (k - (n / 2 + 0.5)) / spread;
        worst = fmax(worst, fabs(s->sigma[k] / sigma0 - 0.5 * erfc(x)));
    }
    ck_assert_double_le(worst, 2e-3);
    ms_ionics_state_destroy(s);
}
END_TEST

START_TEST(test_retention_absorbing_layer)
{
    /* One oxide site between a full interface layer (θ0 = 1) and an absorbing reservoir (c = 0).
     * Quasi-steady site 1: dθ/dt = −Γ_r θ/(2 − θ), so θ = 1/e at Γ_r t = 1 + 1/e. */
    ms_ionics_model m;
    ms_ionics_model_default(&m);
    m.thickness = m.sp.hop;
    m.c0 = 0.0;
    m.theta0 = 1.0;
    m.overox = 0;
    m.gate_bc = MS_IONICS_GATE_RESERVOIR;
    m.c_res = 0.0;
    m.sp.barrier = 0.5 * EV;
    m.binding = 0.45 * EV;
    const double h = 1.0, temps[2] = {300.0, 330.0};
    double tau[2];
    ck_assert_int_eq(ms_ionics_retention_table(&m, &h, 1, temps, 2, tau, NULL, NULL), MS_OK);
    for (int i = 0; i < 2; ++i) {
        const double ref = (1.0 + exp(-1.0)) * ms_ionics_retention_intrinsic(&m, temps[i]);
        ck_assert_double_eq_tol(tau[i], ref, 0.02 * ref);
    }
    /* Arrhenius slope of τ returns E_a + ΔG */
    const double e_ret = KB * log(tau[0] / tau[1]) / (1.0 / temps[0] - 1.0 / temps[1]);
    ck_assert_double_eq_tol(e_ret / EV, 0.95, 0.01);
}
END_TEST

START_TEST(test_waveform_edges)
{
    ms_ionics_wave w = {.shape = MS_IONICS_WAVE_TRAIN, .on = -2, .off = 0.5, .delay = 1, .width = 0.25,
                        .period = 1, .count = 3};
    ck_assert_double_eq(ms_ionics_wave_value(&w, 0.5), 0.5);
    ck_assert_double_eq(ms_ionics_wave_value(&w, 2.1), -2.0);
    ck_assert_double_eq(ms_ionics_wave_value(&w, 2.3), 0.5);
    ck_assert_double_eq(ms_ionics_wave_value(&w, 4.1), 0.5);
    ck_assert_double_eq(ms_ionics_wave_next_edge(&w, 0.0), 1.0);
    ck_assert_double_eq(ms_ionics_wave_next_edge(&w, 1.0), 1.25);
    ck_assert_double_eq(ms_ionics_wave_next_edge(&w, 1.25), 2.0);
    ck_assert(isinf(ms_ionics_wave_next_edge(&w, 3.25)));
    ms_ionics_wave p = {.shape = MS_IONICS_WAVE_PWL, .n = 2, .t = {1, 3}, .v = {0, 4}};
    ck_assert_double_eq_tol(ms_ionics_wave_value(&p, 2.5), 3.0, 1e-15);
    ck_assert_double_eq(ms_ionics_wave_value(&p, 9), 4.0);
}
END_TEST

START_TEST(test_worked_example)
{
    /* PHYSICS.md §3: t_Co = 0.9 nm, Ms = 1.4 MA/m, K_s,bottom = 0.6 mJ/m². */
    ms_ionics_model m;
    ms_ionics_model_default(&m);
    ms_ionics_magnetic p;
    ck_assert_int_eq(ms_ionics_magnetic_params(&m, 0.0, -1.0, 300.0, &p, NULL), MS_OK);
    const double half_mu0_ms2 = 0.5 * GSL_CONST_MKSA_VACUUM_PERMEABILITY * 1.4e6 * 1.4e6;
    ck_assert_double_eq_tol(p.k_eff, 0.6e-3 / 0.9e-9 - half_mu0_ms2, 1.0);
    ck_assert_double_eq_tol(p.k_eff / 1e6, -0.56, 0.01);
    ck_assert_int_eq(ms_ionics_magnetic_params(&m, 1.0, -1.0, 300.0, &p, NULL), MS_OK);
    ck_assert_double_eq_tol(p.ks_top, 0.75e-3, 1e-12);
    ck_assert_double_eq_tol(p.k_u, 1.35e-3 / 0.9e-9, 1.0);
    ck_assert_double_eq_tol(p.k_eff / 1e6, 0.27, 0.005);
    ck_assert_double_eq_tol(p.mu0_hk, 0.38, 0.005);
    const double delta = ms_ionics_delta(&m, 1.0, 300.0);
    ck_assert_double_eq_tol(delta, p.k_eff * M_PI * 625e-18 * 0.9e-9 / (KB * 300.0), 1e-9);
    ck_assert(delta > 110 && delta < 120);
    /* over-oxidised: thinner film, K_s,top below zero -> in-plane again */
    ck_assert_int_eq(ms_ionics_magnetic_params(&m, 2.0, -1.0, 300.0, &p, NULL), MS_OK);
    ck_assert_double_eq_tol(p.t_m, 0.7e-9, 1e-18);
    ck_assert(p.k_eff < 0.0);
}
END_TEST

START_TEST(test_field_sign_and_divider)
{
    ms_ionics_model m;
    ms_ionics_model_default(&m);
    double e;
    ck_assert_int_eq(ms_ionics_field(&m, -2.0, &e, NULL), MS_OK);
    ck_assert(e > 0.0);                               /* negative gate: field from FM to gate */
    ck_assert(ms_ionics_beta(&m, e, 300.0) < 0.0);    /* anions drift toward the FM */
    m.field = MS_IONICS_FIELD_DIVIDER;
    m.t_diel = 10e-9;
    m.eps_diel = 4.0;                                 /* 30/12 : 10/4 -> half the voltage */
    ck_assert_int_eq(ms_ionics_field(&m, -2.0, &e, NULL), MS_OK);
    ck_assert_double_eq_tol(e, 1.0 / 30e-9, 1e-3);
}
END_TEST


START_TEST(test_gate_table_monotone)
{
    /* From θ = 0, longer or stronger negative pulses oxidise more; positive pulses do nothing. */
    ms_ionics_model m;
    ms_ionics_model_default(&m);
    m.thickness = 6e-9;
    m.c0 = 3e27;
    const double h[2] = {0.0, 0.5}, v[3] = {-3.0, -2.0, 2.0}, w[3] = {1e-3, 1e-2, 1e-1};
    double out[2 * 3 * 3];
    ck_assert_int_eq(ms_ionics_gate_table(&m, h, 2, v, 3, w, 3, out, NULL, NULL), MS_OK);
    for (int ih = 0; ih < 2; ++ih) {
        const double *o = out + ih * 9;
        for (int iw = 1; iw < 3; ++iw) {
            ck_assert(o[0 * 3 + iw] > o[0 * 3 + iw - 1]);
            ck_assert(o[1 * 3 + iw] > o[1 * 3 + iw - 1]);
        }
        for (int iw = 0; iw < 3; ++iw) {
            ck_assert(o[0 * 3 + iw] > o[1 * 3 + iw]);                  /* −3 V beats −2 V */
            ck_assert_double_le(fabs(o[2 * 3 + iw] - h[ih]), 1e-3);  /* +2 V: anions leave the FM side */
        }
    }
}
END_TEST

START_TEST(test_sink_and_lateral_conserve)
{
    ms_ionics_model m;
    unit_model(&m, 12);
    m.fm_bc = MS_IONICS_FM_REACTIVE;
    m.binding = 0.0;
    m.k_sink = 0.05;
    m.cell_width = 3.0 * m.sp.hop;
    ms_ionics_state *s = NULL;
    ck_assert_int_eq(ms_ionics_state_create(&s, &m, 12, NULL), MS_OK);
    ck_assert_int_eq(ms_ionics_state_set_grid(s, 4, 3, NULL), MS_OK);
    ck_assert_int_ne(ms_ionics_state_set_grid(s, 5, 3, NULL), MS_OK);
    for (size_t c = 0; c < 12; ++c)
        s->v_scale[c] = c % 2 ? 1.0 : -1.0;
    double before = 0.0, after = 0.0;
    for (size_t c = 0; c < 12; ++c)
        before += ms_ionics_inventory(s, c);
    m.gate = (ms_ionics_wave){.shape = MS_IONICS_WAVE_DC, .on = volt_for_beta(&m, 1.0, 300.0)};
    m.temp = (ms_ionics_wave){.shape = MS_IONICS_WAVE_DC, .on = 300.0};
    ck_assert_int_eq(ms_ionics_advance(s, &m, 50.0, 0.5, NULL, NULL), MS_OK);
    double sink = 0.0;
    for (size_t c = 0; c < 12; ++c) {
        after += ms_ionics_inventory(s, c);
        sink += s->sink[c];
    }
    ck_assert(sink > 0.01 * before);
    ck_assert_double_eq_tol(after, before, 1e-12 * before);
    ms_ionics_state_destroy(s);
}
END_TEST

START_TEST(test_phase_fraction)
{
    ms_ionics_model m;
    ms_ionics_model_default(&m);
    m.phase = 1;
    m.t_t0 = 350.0;
    m.t_hyst = 20.0;
    m.dtt_dtheta = 10.0;
    m.fm_bc = MS_IONICS_FM_BLOCKING;   /* θ stays 0 during the relaxation check */
    /* equilibrium logistic, shifted by the coverage and split by the hysteresis */
    ck_assert_double_eq_tol(ms_ionics_phi_eq(&m, 0.0, 360.0, 1), 0.5, 1e-12);
    ck_assert_double_eq_tol(ms_ionics_phi_eq(&m, 0.0, 340.0, 0), 0.5, 1e-12);
    ck_assert_double_eq_tol(ms_ionics_phi_eq(&m, 1.0, 370.0, 1), 0.5, 1e-12);
    ms_ionics_magnetic p;
    ck_assert_int_eq(ms_ionics_magnetic_params(&m, 1.0, 0.5, 300.0, &p, NULL), MS_OK);
    const double half_mu0 = 0.5 * GSL_CONST_MKSA_VACUUM_PERMEABILITY;
    ck_assert_double_eq_tol(p.k_eff, p.k_u - half_mu0 * 0.25 * p.ms * p.ms, 1e-6);
    /* relaxation toward the nearer branch only: inside the loop φ stays put */
    ms_ionics_state *s = NULL;
    ck_assert_int_eq(ms_ionics_state_create(&s, &m, 1, NULL), MS_OK);
    m.gate = (ms_ionics_wave){.shape = MS_IONICS_WAVE_DC, .on = 0.0};
    m.temp = (ms_ionics_wave){.shape = MS_IONICS_WAVE_DC, .on = 350.0};
    s->phi[0] = 0.5;
    ck_assert_int_eq(ms_ionics_advance(s, &m, 1e-2, 1e-3, NULL, NULL), MS_OK);
    ck_assert_double_eq_tol(s->phi[0], 0.5, 1e-12);
    s->phi[0] = 1.0;   /* above the heating branch: relaxes down to it with τ_φ */
    s->t = 0.0;
    ck_assert_int_eq(ms_ionics_advance(s, &m, 20.0 * m.tau_phi, m.tau_phi, NULL, NULL), MS_OK);
    ck_assert_double_eq_tol(s->phi[0], ms_ionics_phi_eq(&m, 0.0, 350.0, 1), 1e-6);
    ms_ionics_state_destroy(s);
}
END_TEST

START_TEST(test_constitutive_forms)
{
    ms_ionics_model m;
    ms_ionics_model_default(&m);
    m.ks_form = MS_IONICS_KS_LOGISTIC;
    m.th_on = 0.5, m.w_on = 0.05, m.th_off = 2.0, m.w_off = 0.2;
    ck_assert_double_le(ms_ionics_ks_top(&m, 0.0), 1e-7);
    ck_assert_double_eq_tol(ms_ionics_ks_top(&m, 1.2), 0.75e-3 / (1.0 + exp(-14.0)) * (1.0 - 1.0 / (1.0 + exp(4.0))), 1e-12);
    ck_assert_double_eq_tol(ms_ionics_ks_top(&m, 0.5), 0.375e-3, 1e-6);
    ck_assert_double_le(ms_ionics_ks_top(&m, 4.0), 1e-7);
    m.ks_form = MS_IONICS_KS_TABLE;
    m.ks_table = (ms_ionics_table){.n = 3, .x = {0, 1, 2}, .y = {0, 1e-3, -1e-3}};
    ck_assert_double_eq_tol(ms_ionics_ks_top(&m, 1.5), 0.0, 1e-15);
    ck_assert_double_eq_tol(ms_ionics_ks_top(&m, 5.0), -1e-3, 1e-15);
    /* A ∝ Ms², α table */
    m.ms_rel = (ms_ionics_table){.n = 2, .x = {1, 3}, .y = {1, 0.5}};
    m.alpha = (ms_ionics_table){.n = 2, .x = {0, 1}, .y = {0.029, 0.012}};
    ms_ionics_magnetic p;
    ck_assert_int_eq(ms_ionics_magnetic_params(&m, 3.0, -1.0, 300.0, &p, NULL), MS_OK);
    ck_assert_double_eq_tol(p.a_ex, 0.25 * m.a_ex0, 1e-20);
    ck_assert_double_eq_tol(p.alpha, 0.012, 1e-15);
    ck_assert_double_eq_tol(p.t_m, 0.9e-9 - 2 * 0.2e-9, 1e-20);
    ck_assert_int_eq(ms_ionics_magnetic_params(&m, -1.0, -1.0, 300.0, &p, NULL), MS_EINPUT);
}
END_TEST

START_TEST(test_example_configs_load)
{
    const ms_key *const schemas[] = {ms_ionics_keys, ms_output_keys, NULL};
    const char *files[] = {"../configs/ionics-gdox-oxygen.cfg", "../configs/ionics-gdox-hydrogen.cfg",
                           "../configs/ionics-con-nitrogen.cfg"};
    const int charges[] = {-2, 1, -3};
    for (int i = 0; i < 3; ++i) {
        ms_config *cfg = NULL;
        ms_error err = {0};
        ms_ionics_model m;
        ck_assert_msg(ms_config_load(&cfg, files[i], NULL, 0, schemas, &err) == MS_OK, "%s", err.message);
        ck_assert_msg(ms_ionics_model_from_config(&m, cfg, &err) == MS_OK, "%s", err.message);
        ck_assert_int_eq(m.sp.charge, charges[i]);
        ms_config_destroy(cfg);
    }
    /* custom species needs its parameters; a divider needs a dielectric */
    const char *bad[][2] = {{"ionics.species=custom", NULL}, {"ionics.field.model=divider", NULL}};
    for (int i = 0; i < 2; ++i) {
        ms_config *cfg = NULL;
        ms_error err = {0};
        ms_ionics_model m;
        ck_assert_int_eq(ms_config_load(&cfg, NULL, bad[i], 1, schemas, &err), MS_OK);
        ck_assert_int_ne(ms_ionics_model_from_config(&m, cfg, &err), MS_OK);
        ms_config_destroy(cfg);
    }
}
END_TEST

START_TEST(test_poisson_space_charge)
{
    /* Gauss's law and the voltage constraint of the 1-D Poisson field, then the coupled steady state
     * between blocking electrodes: zero flux on every edge, c_{k+1}/c_k = e^{2β_k} with the local
     * (screened) field; ions conserved. */
    ms_ionics_model m;
    unit_model(&m, 30);
    m.field = MS_IONICS_FIELD_POISSON;
    m.c0 = 2e25;
    m.iterations = 4;
    double sig[31], ez[31];
    for (int k = 0; k <= 30; ++k)
        sig[k] = m.c0 * m.sp.hop * (k == 10 ? 2.0 : 1.0);
    ck_assert_int_eq(ms_ionics_poisson_field(&m, sig, 1, 30, -0.5, ez, 1, NULL), MS_OK);
    const double jump = m.sp.charge * GSL_CONST_MKSA_ELECTRON_CHARGE * m.c0 * m.sp.hop
                      / (GSL_CONST_MKSA_VACUUM_PERMITTIVITY * m.eps_ox);
    ck_assert_double_eq_tol(ez[10] - ez[9], jump, 1e-9 * fabs(jump));
    ck_assert_double_eq_tol(ez[12] - ez[11], 0.0, 1e-9 * fabs(jump));
    double sum = 0.0;
    for (int k = 0; k <= 30; ++k)
        sum += ez[k] * m.thickness / 31.0;
    ck_assert_double_eq_tol(sum, 0.5, 1e-12);
    ms_ionics_state *s = NULL;
    ck_assert_int_eq(ms_ionics_state_create(&s, &m, 1, NULL), MS_OK);
    const double before = ms_ionics_inventory(s, 0), v = volt_for_beta(&m, -2.0, 300.0);
    for (int i = 0; i < 300; ++i)
        ck_assert_int_eq(ms_ionics_step(s, &m, 20.0, v, 300.0, NULL), MS_OK);
    ck_assert_double_eq_tol(ms_ionics_inventory(s, 0), before, 1e-12 * before);
    ck_assert_int_eq(ms_ionics_poisson_field(&m, s->sigma, 1, 30, v, ez, 1, NULL), MS_OK);
    double worst = 0.0;
    for (int k = 1; k < 30; ++k)
        worst = fmax(worst, fabs(s->sigma[k + 1] / s->sigma[k] / exp(2.0 * ms_ionics_beta(&m, ez[k], 300.0)) - 1.0));
    ck_assert_double_le(worst, 1e-6);
    /* screening: the field near the FM, where the anions pile up, is weaker than the applied mean */
    ck_assert(fabs(ez[1]) < 0.5 * fabs(v / m.thickness));
    ms_ionics_state_destroy(s);
}
END_TEST

START_TEST(test_thread_count_invariance)
{
    /* Blocks of columns are fixed-size and independent: bitwise identical for any thread count. */
    ms_ionics_model m;
    ms_ionics_model_default(&m);
    m.c_max = 5e27;
    ms_ionics_state *a = NULL, *b = NULL;
    ck_assert_int_eq(ms_ionics_state_create(&a, &m, 300, NULL), MS_OK);
    ck_assert_int_eq(ms_ionics_state_create(&b, &m, 300, NULL), MS_OK);
    for (size_t c = 0; c < 300; ++c)
        a->v_scale[c] = b->v_scale[c] = 0.2 + 0.01 * (double)c;
    const int saved = omp_get_max_threads();
    omp_set_num_threads(1);
    for (int i = 0; i < 5; ++i)
        ck_assert_int_eq(ms_ionics_step(a, &m, 10.0, -2.0, 300.0, NULL), MS_OK);
    omp_set_num_threads(2);
    for (int i = 0; i < 5; ++i)
        ck_assert_int_eq(ms_ionics_step(b, &m, 10.0, -2.0, 300.0, NULL), MS_OK);
    omp_set_num_threads(saved);
    for (size_t i = 0; i < 300 * ((size_t)a->n_sites + 1); ++i)
        ck_assert(a->sigma[i] == b->sigma[i]);
    ms_ionics_state_destroy(a);
    ms_ionics_state_destroy(b);
}
END_TEST

START_TEST(test_gate_reservoirs_equilibrate)
{
    /* At zero bias with a blocking FM, both reservoir laws bring the whole oxide to c_res, and the
     * inventory change equals the recorded reservoir intake. */
    for (int law = 0; law < 2; ++law) {
        ms_ionics_model m;
        unit_model(&m, 15);
        m.gate_bc = law ? MS_IONICS_GATE_EXCHANGE : MS_IONICS_GATE_RESERVOIR;
        m.c_res = 3e26;
        m.k_exchange = 2.0 * m.sp.hop;   /* 2 per unit time, like the hop rate */
        m.c_max = law ? 0.0 : 1e28;
        ms_ionics_state *s = NULL;
        ck_assert_int_eq(ms_ionics_state_create(&s, &m, 1, NULL), MS_OK);
        const double before = ms_ionics_inventory(s, 0);
        for (int i = 0; i < 200; ++i)
            ck_assert_int_eq(ms_ionics_step(s, &m, 50.0, 0.0, 300.0, NULL), MS_OK);
        for (int k = 1; k <= 15; ++k)
            ck_assert_double_eq_tol(s->sigma[k] / m.sp.hop, m.c_res, 1e-9 * m.c_res);
        ck_assert_double_eq_tol(ms_ionics_inventory(s, 0), before, 1e-12 * before);
        ck_assert_double_eq_tol(s->res[0], 15 * (m.c_res - m.c0) * m.sp.hop, 1e-9 * m.c_res * m.sp.hop);
        ms_ionics_state_destroy(s);
    }
}
END_TEST

START_TEST(test_heated_gating)
{
    /* temperature.heated applies during the gate pulse only: a 100 s pulse at 370 K equals a DC
     * 370 K run of 100 s (both at the same voltage), and is far faster than 300 K. */
    ms_ionics_model m;
    ms_ionics_model_default(&m);
    m.gate = (ms_ionics_wave){.shape = MS_IONICS_WAVE_PULSE, .on = -2.0, .off = 0.0, .delay = 0.0, .width = 1.0};
    m.temp = m.gate;
    m.temp.on = 370.0;
    m.temp.off = 300.0;
    ms_ionics_state *s = NULL, *d = NULL;
    ck_assert_int_eq(ms_ionics_state_create(&s, &m, 1, NULL), MS_OK);
    ck_assert_int_eq(ms_ionics_state_create(&d, &m, 1, NULL), MS_OK);
    ck_assert_int_eq(ms_ionics_advance(s, &m, 1.0, 0.01, NULL, NULL), MS_OK);
    for (int i = 0; i < 100; ++i)
        ck_assert_int_eq(ms_ionics_step(d, &m, 0.01, -2.0, 370.0, NULL), MS_OK);
    ck_assert_double_eq_tol(ms_ionics_theta(s, &m, 0), ms_ionics_theta(d, &m, 0), 1e-12);
    ck_assert(ms_ionics_theta(s, &m, 0) > 0.05);
    ms_ionics_state_reset(d, &m);
    for (int i = 0; i < 100; ++i)
        ck_assert_int_eq(ms_ionics_step(d, &m, 0.01, -2.0, 300.0, NULL), MS_OK);
    ck_assert(ms_ionics_theta(d, &m, 0) < 0.01 * ms_ionics_theta(s, &m, 0));
    ms_ionics_state_destroy(s);
    ms_ionics_state_destroy(d);
}
END_TEST

Suite *check_ionics_suite(void)
{
    Suite *s = suite_create("ionics");
    TCase *tc = tcase_create("transport");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_conservation_blocking);
    tcase_add_test(tc, test_kernel_matches_reference);
    tcase_add_test(tc, test_boltzmann_profile);
    tcase_add_test(tc, test_drift_velocity_sinh);
    tcase_add_test(tc, test_diffusion_step_erfc);
    tcase_add_test(tc, test_retention_absorbing_layer);
    tcase_add_test(tc, test_waveform_edges);
    tcase_add_test(tc, test_worked_example);
    tcase_add_test(tc, test_field_sign_and_divider);
    tcase_add_test(tc, test_gate_table_monotone);
    tcase_add_test(tc, test_sink_and_lateral_conserve);
    tcase_add_test(tc, test_phase_fraction);
    tcase_add_test(tc, test_constitutive_forms);
    tcase_add_test(tc, test_example_configs_load);
    tcase_add_test(tc, test_poisson_space_charge);
    tcase_add_test(tc, test_thread_count_invariance);
    tcase_add_test(tc, test_gate_reservoirs_equilibrate);
    tcase_add_test(tc, test_heated_gating);
    suite_add_tcase(s, tc);
    return s;
}
