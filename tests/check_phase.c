/* check_phase.c — tests of the FM/AFM phase-coexistence engine (phase.h) against analytic results:
 * detailed balance of the rates, two-state Boltzmann equilibrium of independent grains, relaxation
 * rate k_AF→FM + k_FM→AF after a temperature step, the lumped heating model against its exponential
 * solution for a rectangular pulse, the optimised kernel against the plain reference (bitwise), and
 * independence of the thread count. Fast versions of the validation/phase cases. */
#include <check.h>
#include <math.h>
#include <string.h>
#include <gsl/gsl_const_mksa.h>
#include <stdio.h>
#include <unistd.h>
#include "metaspin/phase.h"
#include "metaspin/table.h"
#include "metaspin/tablegen.h"
#include "testutil.h"

#define KB GSL_CONST_MKSA_BOLTZMANN
#define EV GSL_CONST_MKSA_ELECTRON_VOLT

static ms_ctx ctx_make(uint64_t seed, int threads)
{
    ms_ctx c;
    memset(&c, 0, sizeof c);
    c.seed = seed;
    c.threads = threads;
    return c;
}

/* Constant prescribed temperature. */
static void drive_const(ms_phase_drive *d, double temp)
{
    memset(d, 0, sizeof *d);
    d->current.kind = d->field.kind = MS_WAVE_DC;
    d->prescribed = 1;
    d->temperature.kind = MS_WAVE_DC;
    d->temperature.amplitude = temp;
}

/* Fast grains: small barrier so that equilibrium is reached in ~1e-7 s. */
static void params_fast(ms_phase_params *p)
{
    ms_phase_params_default(p);
    p->e_b = 0.2 * EV;
    p->dt_max = 1e-6;
}

/* Temperature at which ΔF V_g/(kB T) = a for c = 0, H = 0. */
static double temp_for(const ms_phase_params *p, double a)
{
    const double s = p->ds_v * p->grain_volume;
    return s * p->t_t0 / (s - a * KB);
}

START_TEST(test_rates_detailed_balance)
{
    ms_phase_params p;
    ms_phase_params_default(&p);
    const double temp = 350, kt = KB * temp;
    const double xs[5] = {-3 * p.e_b, -0.3 * p.e_b, 0, 0.7 * p.e_b, 2 * p.e_b};
    for (int k = 0; k < 5; k++) {
        double ku, kd;
        ms_phase_rates(&p, xs[k], temp, &ku, &kd);
        ck_assert_double_le(fmax(ku, kd), p.nu0 * (1 + 1e-12));
        ck_assert_double_eq_tol(log(ku / kd), 2 * xs[k] / kt, 1e-9 * fmax(1, fabs(2 * xs[k] / kt)));
    }
    double ku, kd;
    ms_phase_rates(&p, 0.25 * p.e_b, temp, &ku, &kd);
    ck_assert_double_eq_tol(ku, p.nu0 * exp(-0.75 * p.e_b / kt), 1e-12 * ku);
    /* field shifts T_t by −μ0 Ms/ΔS_v per tesla */
    const double h = 1.0 / GSL_CONST_MKSA_VACUUM_PERMEABILITY;
    ck_assert_double_eq_tol(ms_phase_delta_f(&p, p.t_t0 - p.ms / p.ds_v, h, 0), 0, 1e-6);
}
END_TEST

START_TEST(test_equilibrium_boltzmann)
{
    ms_phase_params p;
    params_fast(&p);
    ms_ctx ctx = ctx_make(11, 2);
    const size_t n = ms_test_quick() ? 40 : 120;
    const double as[3] = {-1.5, 0.0, 1.2};
    for (int k = 0; k < 3; k++) {
        const double temp = temp_for(&p, as[k]);
        ms_phase_drive d;
        drive_const(&d, temp);
        ms_phase_batch *b;
        ms_error err;
        ck_assert_int_eq(ms_phase_batch_create(&b, &p, n, &ctx, &err), MS_OK);
        ck_assert_int_eq(ms_phase_batch_reset(b, &d, 0, k == 0, 0, &err), MS_OK);
        double ku, kd;
        ms_phase_rates(&p, 0.5 * as[k] * KB * temp, temp, &ku, &kd);
        ck_assert_int_eq(ms_phase_batch_run(b, &d, 12.0 / (ku + kd), 0, &err), MS_OK);
        const double phi = ms_phase_batch_mean_phi(b), ref = 1 / (1 + exp(-as[k]));
        const double se = sqrt(ref * (1 - ref) / (double)(n * (size_t)p.n_grains));
        ck_assert_double_eq_tol(ref, ms_phase_phi_eq(&p, temp, 0, 0, p.grain_volume), 1e-9);
        ck_assert_msg(fabs(phi - ref) < 4.5 * se, "a = %g: phi %g vs %g (se %g)", as[k], phi, ref, se);
        ms_phase_batch_destroy(b);
    }
}
END_TEST

START_TEST(test_relaxation_rate)
{
    ms_phase_params p;
    params_fast(&p);
    ms_ctx ctx = ctx_make(5, 2);
    const size_t n = ms_test_quick() ? 60 : 200;
    const double a = 1.0, temp = temp_for(&p, a);
    ms_phase_drive d;
    drive_const(&d, temp);
    double ku, kd;
    ms_phase_rates(&p, 0.5 * a * KB * temp, temp, &ku, &kd);
    const double lam = ku + kd, eq = ku / lam;
    ms_phase_batch *b;
    ms_error err;
    ck_assert_int_eq(ms_phase_batch_create(&b, &p, n, &ctx, &err), MS_OK);
    ck_assert_int_eq(ms_phase_batch_reset(b, &d, 0, 0, 0, &err), MS_OK);
    const double ts[2] = {0.5 / lam, 1.5 / lam};
    for (int k = 0; k < 2; k++) {
        ck_assert_int_eq(ms_phase_batch_run(b, &d, ts[k], 0, &err), MS_OK);
        const double ref = eq * (-expm1(-lam * ts[k]));
        const double se = sqrt(ref * (1 - ref) / (double)(n * (size_t)p.n_grains));
        const double phi = ms_phase_batch_mean_phi(b);
        ck_assert_msg(fabs(phi - ref) < 4.5 * se + 2e-3 * ref, "t = %g: phi %g vs %g (se %g)", ts[k], phi, ref, se);
    }
    ms_phase_batch_destroy(b);
}
END_TEST

START_TEST(test_heating_rectangular)
{
    ms_phase_params p;
    ms_phase_params_default(&p);
    ms_ctx ctx = ctx_make(1, 1);
    ms_phase_drive d;
    memset(&d, 0, sizeof d);
    d.field.kind = MS_WAVE_DC;
    d.current = (ms_waveform){.kind = MS_WAVE_PULSE, .amplitude = 0.8e-3, .start = 1e-9, .width = 5e-9};
    d.t_bath = 300;
    d.r_heat = 100;
    d.r_th = 1e6;
    d.c_th = 1e-15;
    ms_phase_batch *b;
    ms_error err;
    ck_assert_int_eq(ms_phase_batch_create(&b, &p, 4, &ctx, &err), MS_OK);
    ck_assert_int_eq(ms_phase_batch_reset(b, &d, 0, 0, 0, &err), MS_OK);
    for (int k = 1; k <= 40; k++) {
        const double t = 0.3e-9 * k;
        ck_assert_int_eq(ms_phase_batch_run(b, &d, t, 0, &err), MS_OK);
        const double ref = ms_phase_rect_temperature(&d, t);
        ck_assert_msg(fabs(ms_phase_batch_temperature(b) - ref) < 1e-9 * ref, "t = %g: %.12g vs %.12g", t,
                      ms_phase_batch_temperature(b), ref);
    }
    ms_phase_batch_destroy(b);
}
END_TEST

/* Heated dot with spread, coupling and a field: states after the fast kernel, the reference and
 * another thread count are identical. */
static void run_states(int threads, int reference, uint8_t *out, double *phi, size_t n)
{
    ms_phase_params p;
    ms_phase_params_default(&p);
    p.n_grains = 30;
    p.grid_x = 6;
    p.sigma_tt = 4;
    p.sigma_v = 0.2;
    p.coupling = 0.05 * EV;
    p.nu0 = 1e9;
    ms_ctx ctx = ctx_make(99, threads);
    ms_phase_drive d;
    memset(&d, 0, sizeof d);
    d.current = (ms_waveform){.kind = MS_WAVE_PULSE, .amplitude = 0.56e-3, .start = 0.5e-9, .rise = 0.2e-9,
                              .width = 4e-9, .fall = 0.3e-9};
    d.field = (ms_waveform){.kind = MS_WAVE_PULSE, .amplitude = 4e5, .start = 1e-9, .width = 1e-9};
    d.t_bath = 362;
    d.r_heat = 100;
    d.r_th = 1e6;
    d.c_th = 1e-15;
    ms_phase_batch *b;
    ms_error err;
    ck_assert_int_eq(ms_phase_batch_create(&b, &p, n, &ctx, &err), MS_OK);
    ck_assert_int_eq(ms_phase_batch_reset(b, &d, 0.5, 0, 7, &err), MS_OK);
    ck_assert_int_eq(ms_phase_batch_run(b, &d, 8e-9, reference, &err), MS_OK);
    memcpy(out, ms_phase_batch_states(b), n * 30);
    *phi = ms_phase_batch_mean_phi(b);
    ms_phase_batch_destroy(b);
}

START_TEST(test_reference_and_threads)
{
    enum { N = 100 };
    static uint8_t a[N * 30], r[N * 30], t2[N * 30];
    double pa, pr, p2;
    run_states(1, 0, a, &pa, N);
    run_states(1, 1, r, &pr, N);
    run_states(2, 0, t2, &p2, N);
    ck_assert_msg(pa > 0.05 && pa < 0.95, "test drive should switch part of the grains (phi %g)", pa);
    ck_assert_int_eq(memcmp(a, r, sizeof a), 0);
    ck_assert_int_eq(memcmp(a, t2, sizeof a), 0);
    ck_assert(pa == pr && pa == p2);
}
END_TEST


/* Triangular sweep of independent grains at 3e7 K/s: loop width vs the master equation
 * dφ/dt = k+(1 − φ) − k−φ integrated along the sweep; loop shift for Δc vs (dT_t/dc) Δc. */
static void sweep(const ms_phase_params *p, double c, double lo, double hi, double r, double *up, double *down,
                  double *se)
{
    ms_ctx ctx = ctx_make(31, 2);
    ms_phase_drive d;
    memset(&d, 0, sizeof d);
    d.current.kind = d.field.kind = MS_WAVE_DC;
    d.prescribed = 1;
    d.temperature.kind = MS_WAVE_TABLE;
    d.temperature.n_table = 3;
    const double t1 = (hi - lo) / r;
    d.temperature.table_t[0] = 0, d.temperature.table_v[0] = lo;
    d.temperature.table_t[1] = t1, d.temperature.table_v[1] = hi;
    d.temperature.table_t[2] = 2 * t1, d.temperature.table_v[2] = lo;
    ms_phase_batch *b;
    ms_error err;
    const size_t n = ms_test_quick() ? 24 : 48;
    ck_assert_int_eq(ms_phase_batch_create(&b, p, n, &ctx, &err), MS_OK);
    ck_assert_int_eq(ms_phase_batch_reset(b, &d, c, 0, 0, &err), MS_OK);
    const double h = 0.02;
    const int ns = (int)round((hi - lo) / h);
    double pt = lo, pf = 0;
    *up = *down = NAN;
    *se = 0;
    for (int k = 1; k <= 2 * ns; k++) {
        ck_assert_int_eq(ms_phase_batch_run(b, &d, k * h / r, 0, &err), MS_OK);
        const double temp = k <= ns ? lo + k * h : hi - (k - ns) * h, f = ms_phase_batch_mean_phi(b);
        if ((pf - 0.5) * (f - 0.5) <= 0 && f != pf) {
            const double tc = pt + (0.5 - pf) * (temp - pt) / (f - pf), slope = fabs((f - pf) / (temp - pt));
            const double s2 = 0.25 / (double)(n * (size_t)p->n_grains) / (slope * slope);
            if (k <= ns && isnan(*up))
                *up = tc, *se += s2;
            else if (k > ns && isnan(*down))
                *down = tc, *se += s2;
        }
        pt = temp, pf = f;
    }
    *se = sqrt(*se);
    ms_phase_batch_destroy(b);
}

static double master_width(const ms_phase_params *p, double lo, double hi, double r)
{
    const double h = 1e-3;
    const int ns = (int)round((hi - lo) / h);
    double phi = 0, prev = 0, up = NAN, down = NAN;
    for (int k = 1; k <= 2 * ns; k++) {
        const double tm = k <= ns ? lo + (k - 0.5) * h : hi - (k - ns - 0.5) * h;
        double ku, kd;
        ms_phase_rates(p, 0.5 * ms_phase_delta_f(p, tm, 0, 0) * p->grain_volume, tm, &ku, &kd);
        const double eq = ku / (ku + kd);
        phi = eq + (phi - eq) * exp(-(ku + kd) * h / r);
        const double temp = k <= ns ? lo + k * h : hi - (k - ns) * h, tp = k <= ns ? temp - h : temp + h;
        if ((prev - 0.5) * (phi - 0.5) <= 0 && phi != prev) {
            const double tc = tp + (0.5 - prev) * (temp - tp) / (phi - prev);
            if (k <= ns && isnan(up))
                up = tc;
            else if (k > ns && isnan(down))
                down = tc;
        }
        prev = phi;
    }
    return up - down;
}

START_TEST(test_hysteresis_loop)
{
    ms_phase_params p;
    ms_phase_params_default(&p);
    p.n_grains = 16;
    p.e_b = 0.3 * EV;
    p.dtt_dc = -20;
    const double tt = p.t_t0, r = 3e7;
    double up, down, se, up2, down2, se2;
    sweep(&p, 0, tt - 4, tt + 4, r, &up, &down, &se);
    const double w = master_width(&p, tt - 4, tt + 4, r);
    ck_assert_msg(fabs((up - down) - w) < 4 * se + 0.02, "width %g vs master equation %g (se %g)", up - down, w, se);
    ck_assert_msg(w > 3 && master_width(&p, tt - 3, tt + 3, 1.0) < 0.01, "loop should close quasi-statically");
    sweep(&p, 0.25, tt - 9, tt + 0, r, &up2, &down2, &se2);
    const double shift = 0.5 * (up2 + down2 - up - down);
    ck_assert_msg(fabs(shift + 5) < 2 * hypot(se, se2) + 0.02, "shift %g vs -5 K", shift);
}
END_TEST

/* A small phase-engine table through the tablegen hook: P monotone in amplitude and width, and the
 * threshold of the hidden state c = 0.25 lies 5 K (dT_t/dc Δc) lower in plateau temperature. */
static void load_spec(const char *table, ms_tablegen_spec *s)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/check_phase_%d.cfg", (int)getpid());
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "phase = { grains = 16; dtt_dc = \"-20 K\"; thermal = { area = \"1.6e-15 m^2\"; }; };\n"
               "ionics = { species = \"oxygen\"; };\n%s", table);
    fclose(f);
    ms_config *cfg = NULL;
    ms_error err;
    int st = ms_config_load(&cfg, path, NULL, 0, ms_tablegen_schemas, &err);
    if (!st)
        st = ms_tablegen_spec_from_config(cfg, s, &err);
    ck_assert_msg(st == MS_OK, "%s", err.message);
    ms_config_destroy(cfg);
    remove(path);
}

START_TEST(test_table_engine)
{
    static ms_tablegen_spec s;
    /* plateau temperatures 380..392 K in 2 K steps at T_bath = 358 K, 10 ns rectangular pulses */
    load_spec("table = { engine = \"phase\"; theta = [0.0, 0.25]; kind = \"current_density\";\n"
              "  current_density = [2.9315e11, 3.0619e11, 3.1869e11, 3.3072e11, 3.4233e11, 3.5355e11, 3.6443e11];\n"
              "  width = [\"3 ns\", \"10 ns\"]; temperature = [\"358 K\"];\n"
              "  pulse = { delay = \"0.2 ns\"; relax = \"1 ns\"; }; trials = 48; max_trials = 48; model_cutoff = 0; };\n",
              &s);
    ck_assert_int_eq(s.engine, MS_TABLEGEN_ENGINE_PHASE);
    ms_ctx ctx = ctx_make(4, 2);
    ms_tablegen *tg;
    ms_error err;
    ck_assert_int_eq(ms_tablegen_create(&tg, &s, &ctx, &err), MS_OK);
    double P[2][7][2];
    for (size_t ih = 0; ih < 2; ih++)
        for (size_t ia = 0; ia < 7; ia++)
            for (size_t iw = 0; iw < 2; iw++) {
                double rec[MS_TABLEGEN_RECORD];
                const size_t p = ((ih * 7 + ia) * 2 + iw) * 2;  /* nt = 1, direction to_plus */
                ck_assert_int_eq(ms_tablegen_point_run(tg, p, rec, &err), MS_OK);
                ck_assert(rec[MS_TABLEGEN_CI_LO] <= rec[MS_TABLEGEN_P] && rec[MS_TABLEGEN_P] <= rec[MS_TABLEGEN_CI_HI]);
                P[ih][ia][iw] = rec[MS_TABLEGEN_P];
            }
    ms_tablegen_destroy(tg);
    const double slack = 0.25;  /* ~3 combined standard errors of two 48-trial points */
    double t50[2];
    for (int ih = 0; ih < 2; ih++) {
        t50[ih] = NAN;
        for (int ia = 0; ia < 7; ia++) {
            ck_assert_double_le(P[ih][ia][0], P[ih][ia][1] + slack);
            if (ia > 0)
                ck_assert_double_le(P[ih][ia - 1][1], P[ih][ia][1] + slack);
            if (ia > 0 && isnan(t50[ih]) && P[ih][ia - 1][1] < 0.5 && P[ih][ia][1] >= 0.5)
                t50[ih] = 380 + 2 * (ia - 1) + 2 * (0.5 - P[ih][ia - 1][1]) / (P[ih][ia][1] - P[ih][ia - 1][1]);
        }
    }
    ck_assert_msg(fabs(t50[1] - t50[0] + 5) < 1.5, "threshold shift %g K vs -5 K", t50[1] - t50[0]);
}
END_TEST

Suite *check_phase_suite(void);
Suite *check_phase_suite(void)
{
    Suite *s = suite_create("phase");
    const struct { const char *name; const TTest *test; } cases[] = {
        {"rates", test_rates_detailed_balance}, {"equilibrium", test_equilibrium_boltzmann},
        {"relaxation", test_relaxation_rate}, {"heating", test_heating_rectangular},
        {"reference", test_reference_and_threads}, {"hysteresis", test_hysteresis_loop},
        {"table", test_table_engine}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        TCase *tc = tcase_create(cases[k].name);
        tcase_set_timeout(tc, 120);
        tcase_add_test(tc, cases[k].test);
        suite_add_tcase(s, tc);
    }
    return s;
}
