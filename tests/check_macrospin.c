/* check_macrospin.c — unit and fast physics tests of the batched macrospin solver.
 *
 * Analytic references only (PHYSICS.md §1): demag factors (cube 1/3, trace 1, thin-disk and long-rod
 * limits), the exact Boltzmann sampler against the Dawson-function moment, stationary ⟨m_z²⟩ under
 * the stochastic dynamics, free diffusion ⟨m_z(t)⟩ = exp(−t/τ_N), T = 0 precession frequency
 * γ0 H/2π, the damping time τ_D (also with VCMA and exchange bias), and the collinear STT (and
 * SOT with σ ∥ u) switching time of the closed-form model.
 * Kernel checks: fused Heun = plain reference; results independent of the thread count; default
 * device = key-table defaults. Stochastic tolerances are several standard errors of the sample. */
#include <check.h>
#include <gsl/gsl_const_mksa.h>
#include <gsl/gsl_sf_dawson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/config.h"
#include "metaspin/ctx.h"
#include "metaspin/llg.h"
#include "metaspin/macrospin.h"
#include "metaspin/models.h"
#include "testutil.h"

static const double MU0 = GSL_CONST_MKSA_VACUUM_PERMEABILITY, KB = GSL_CONST_MKSA_BOLTZMANN;

/* A reduced uniaxial macrospin: easy axis z, no shape anisotropy, Ms = 1 MA/m, K = 0.1 MJ/m^3,
 * volume chosen for σ = K V/(kB T) at T = 300 K (σ = 0: K = 0 and V from ξ-free default). Field
 * h H_k along z. Time step dt_red/(γ0 H_k). */
typedef struct reduced {
    ms_macrospin_device dev;
    ms_macrospin_options opt;
    double h_k, gamma0, tau_d;
} reduced;

static void reduced_init(reduced *r, double sigma, double h, double alpha, double dt_red)
{
    ms_macrospin_device *d = &r->dev;
    ms_macrospin_device_init(d);
    d->geometry = MS_GEOMETRY_GIVEN;
    d->demag[0] = d->demag[1] = d->demag[2] = 0.0;
    d->ms = 1e6;
    d->k_u1 = 1e5;
    d->alpha = alpha;
    d->temperature = 300.0;
    d->volume = sigma * KB * d->temperature / d->k_u1;
    r->h_k = 2.0 * d->k_u1 / (MU0 * d->ms);
    r->gamma0 = MU0 * d->gamma;
    r->tau_d = (1 + alpha * alpha) / (alpha * r->gamma0 * r->h_k);
    d->h_bias[2] = h * r->h_k;
    ms_macrospin_options_init(&r->opt);
    r->opt.dt = dt_red / (r->gamma0 * r->h_k);
}

static ms_macrospin_batch *make_batch(const reduced *r, size_t n, ms_ctx *ctx)
{
    ms_macrospin_batch *b = NULL;
    ms_error err;
    const int st = ms_macrospin_batch_create(&b, &r->dev, n, &r->opt, ctx, &err);
    ck_assert_msg(st == 0, "%s", err.message);
    return b;
}

static void run_to(ms_macrospin_batch *b, double t_end)
{
    ms_error err;
    const int st = ms_macrospin_batch_run(b, t_end, 0.0, NULL, NULL, &err);
    ck_assert_msg(st == 0, "%s", err.message);
}

/* Mean and standard error of f(m) over the batch. */
static void batch_moment(ms_macrospin_batch *b, int which, double *mean, double *se)
{
    const size_t n = ms_macrospin_batch_trials(b);
    const double *mz = ms_macrospin_batch_mz(b);
    double s = 0, s2 = 0;
    for (size_t i = 0; i < n; i++) {
        const double v = which == 2 ? mz[i] * mz[i] : mz[i];
        s += v;
        s2 += v * v;
    }
    *mean = s / (double)n;
    *se = sqrt(fmax(s2 / (double)n - *mean * *mean, 0.0) / (double)(n - 1));
}

START_TEST(test_demag)
{
    double n[3];
    ms_error err;
    ck_assert_int_eq(ms_macrospin_demag_box(1, 1, 1, n), 0);
    for (int c = 0; c < 3; c++)
        ck_assert_double_eq_tol(n[c], 1.0 / 3.0, 1e-12);
    ck_assert_int_eq(ms_macrospin_demag_box(1, 2, 3, n), 0);
    ck_assert_double_eq_tol(n[0] + n[1] + n[2], 1.0, 1e-12);
    ck_assert(n[0] > n[1] && n[1] > n[2]);
    /* Thin disk (t/D = 1e-3): 1 − N_z = (2 t/(π D)) (ln(4D/t) − 1/2) to leading order. */
    ck_assert_int_eq(ms_macrospin_demag_ellipse(1, 1, 1e-3, n, &err), 0);
    const double thin = 2e-3 / M_PI * (log(4e3) - 0.5);
    ck_assert_double_eq_tol(1 - n[2], thin, 0.02 * thin);
    /* Long rod (L/D = 100): N_z → 8R/(3πL) = 4/(3π · 100). */
    ck_assert_int_eq(ms_macrospin_demag_ellipse(1, 1, 100, n, &err), 0);
    ck_assert_double_eq_tol(n[2], 4.0 / (300.0 * M_PI), 0.01 * n[2]);
    /* Ellipse: trace 1 and the near-circle limit equals the disk. */
    double nd[3];
    ck_assert_int_eq(ms_macrospin_demag_ellipse(60, 30, 1, n, &err), 0);
    ck_assert_double_eq_tol(n[0] + n[1] + n[2], 1.0, 1e-9);
    ck_assert(n[0] < n[1]);
    ck_assert_int_eq(ms_macrospin_demag_ellipse(2, 2, 1, nd, &err), 0);
    ck_assert_int_eq(ms_macrospin_demag_ellipse(2, 2 * (1 + 1e-7), 1, n, &err), 0);
    ck_assert_double_eq_tol(n[2], nd[2], 1e-6);
}
END_TEST

START_TEST(test_waveform)
{
    ms_waveform w;
    memset(&w, 0, sizeof w);
    w.kind = MS_WAVE_PULSE;
    w.amplitude = 2.0;
    w.start = 1.0;
    w.rise = 1.0;
    w.width = 2.0;
    w.fall = 0.5;
    ck_assert_double_eq(ms_waveform_eval(&w, 0.5), 0.0);
    ck_assert_double_eq_tol(ms_waveform_eval(&w, 1.5), 1.0, 1e-15);
    ck_assert_double_eq(ms_waveform_eval(&w, 3.0), 2.0);
    ck_assert_double_eq_tol(ms_waveform_eval(&w, 4.25), 1.0, 1e-15);
    ck_assert_double_eq(ms_waveform_eval(&w, 4.6), 0.0);
    w.kind = MS_WAVE_TABLE;
    w.n_table = 3;
    const double tt[3] = {0, 1, 3}, vv[3] = {0, 10, -10};
    memcpy(w.table_t, tt, sizeof tt);
    memcpy(w.table_v, vv, sizeof vv);
    ck_assert_double_eq_tol(ms_waveform_eval(&w, 2.0), 0.0, 1e-12);
    ck_assert_double_eq(ms_waveform_eval(&w, 9.0), -10.0);
    ck_assert_double_eq(ms_waveform_max_abs(&w), 10.0);
}
END_TEST

START_TEST(test_defaults_match_keys)
{
    ms_config *cfg = NULL;
    ms_error err;
    const ms_key *schemas[] = {ms_macrospin_keys, NULL};
    ck_assert_msg(ms_config_load(&cfg, NULL, NULL, 0, schemas, &err) == 0, "%s", err.message);
    ms_macrospin_device a, b;
    ck_assert_msg(ms_macrospin_device_from_config(cfg, &a, &err) == 0, "%s", err.message);
    ms_macrospin_device_init(&b);
    ck_assert_double_eq_tol(a.ms, b.ms, 1e-9 * b.ms);
    ck_assert_double_eq_tol(a.k_u1, b.k_u1, 1e-9 * b.k_u1);
    ck_assert_double_eq_tol(a.gamma, b.gamma, 1e-9 * b.gamma);
    ck_assert_double_eq_tol(a.t_free, b.t_free, 1e-20);
    ck_assert_double_eq_tol(a.size[0], b.size[0], 1e-20);
    ck_assert_double_eq_tol(a.size[2], b.size[2], 1e-20);
    ck_assert_double_eq(a.alpha, b.alpha);
    ck_assert_double_eq(a.temperature, b.temperature);
    ck_assert_double_eq(a.stt_polarisation, b.stt_polarisation);
    ck_assert_int_eq(a.stt, b.stt);
    ck_assert_int_eq(a.geometry, b.geometry);
    ms_config_destroy(cfg);
}
END_TEST

/* Stratified inversion of the sampler reproduces the Boltzmann moment (quadrature-exact). */
START_TEST(test_sampler)
{
    const double sigmas[3] = {2, 5, 10};
    for (int k = 0; k < 3; k++) {
        const double s = sigmas[k];
        const int n = 20000;
        double m2 = 0;
        for (int i = 0; i < n; i++) {
            const double x = ms_macrospin_sample_axial(s, 0.0, 0.0, 1.0, (i + 0.5) / n);
            m2 += x * x;
        }
        m2 /= n;
        const double ref = 1.0 / (2 * sqrt(s) * gsl_sf_dawson(sqrt(s))) - 1.0 / (2 * s);
        ck_assert_double_eq_tol(m2, ref, 1e-6);
    }
    /* Easy plane (σ < 0) and a field: compare with ms_model_boltzmann_mz on [−1, 1]. */
    const int n = 20000;
    double mz = 0;
    for (int i = 0; i < n; i++)
        mz += ms_macrospin_sample_axial(10.0, 0.2, -1.0, 1.0, (i + 0.5) / n);
    ck_assert_double_eq_tol(mz / n, ms_model_boltzmann_mz(10.0, 0.2), 1e-5);
    double x2 = 0;
    for (int i = 0; i < n; i++) {
        const double x = ms_macrospin_sample_axial(-4.0, 0.0, -1.0, 1.0, (i + 0.5) / n);
        x2 += x * x;
    }
    /* ⟨x²⟩ for p ∝ e^{−4x²}: 1/(2a) − e^{−a}/(√(πa) erf(√a)), a = 4. */
    const double a = 4.0, ref = 1 / (2 * a) - exp(-a) / (sqrt(M_PI * a) * erf(sqrt(a)));
    ck_assert_double_eq_tol(x2 / n, ref, 1e-5);
}
END_TEST

/* Fused and reference Heun kernels agree; thread count does not change results. */
START_TEST(test_kernels_and_threads)
{
    ms_ctx *c1 = ms_ctx_create(7, 1), *c2 = ms_ctx_create(7, 2);
    ms_macrospin_device d;
    ms_macrospin_device_init(&d);
    d.stt = MS_STT_SLONCZEWSKI;
    d.stt_p[2] = -1;
    d.stt_beta = 0.3;
    d.j_wave.amplitude = 3e10;
    d.sot_theta = 0.1;
    d.j_sot_wave.amplitude = 1e10;
    d.h_bias[0] = 2e3;
    d.k_u2 = 1e4;
    d.sd_ms = d.sd_k = d.sd_alpha = d.sd_volume = 0.05;
    ms_macrospin_options o;
    ms_macrospin_options_init(&o);
    o.initial = MS_INITIAL_THERMAL_UP;
    const size_t n = 1500;
    ms_macrospin_batch *a = NULL, *b = NULL, *r = NULL;
    ms_error err;
    ck_assert(ms_macrospin_batch_create(&a, &d, n, &o, c1, &err) == 0);
    ck_assert(ms_macrospin_batch_create(&b, &d, n, &o, c2, &err) == 0);
    ck_assert(ms_macrospin_batch_create(&r, &d, n, &o, c1, &err) == 0);
    ms_macrospin_batch_use_reference(r, 1);
    run_to(a, 200 * o.dt);
    run_to(b, 200 * o.dt);
    run_to(r, 200 * o.dt);
    double dmax = 0;
    for (size_t i = 0; i < n; i++) {
        ck_assert(ms_macrospin_batch_mx(a)[i] == ms_macrospin_batch_mx(b)[i]);
        ck_assert(ms_macrospin_batch_mz(a)[i] == ms_macrospin_batch_mz(b)[i]);
        dmax = fmax(dmax, fabs(ms_macrospin_batch_mz(a)[i] - ms_macrospin_batch_mz(r)[i]));
        dmax = fmax(dmax, fabs(ms_macrospin_batch_mx(a)[i] - ms_macrospin_batch_mx(r)[i]));
    }
    ck_assert_msg(dmax < 1e-10, "fused vs reference differ by %g", dmax);
    ms_macrospin_batch_destroy(a);
    ms_macrospin_batch_destroy(b);
    ms_macrospin_batch_destroy(r);
    ms_ctx_destroy(c1);
    ms_ctx_destroy(c2);
}
END_TEST

/* Stationary ⟨m_z²⟩ at σ = 5 under the stochastic dynamics, started at +z. */
START_TEST(test_boltzmann_mz2)
{
    ms_ctx *ctx = ms_ctx_create(11, 2);
    reduced r;
    reduced_init(&r, 5.0, 0.0, 1.0, 0.01);
    const size_t n = ms_test_quick() ? 1000 : 4000;
    ms_macrospin_batch *b = make_batch(&r, n, ctx);
    run_to(b, 6 * r.tau_d);
    double m, se;
    batch_moment(b, 2, &m, &se);
    const double ref = ms_model_boltzmann_mz2(5.0, 0.0);
    ck_assert_msg(fabs(m - ref) < 3.5 * se + 2e-3, "<mz^2> = %g +- %g, reference %g", m, se, ref);
    ms_macrospin_batch_destroy(b);
    ms_ctx_destroy(ctx);
}
END_TEST

/* Free diffusion (σ = 0, H = 0): ⟨m_z(t)⟩ = exp(−t/τ_N). */
START_TEST(test_free_diffusion)
{
    ms_ctx *ctx = ms_ctx_create(12, 2);
    reduced r;
    reduced_init(&r, 1.0, 0.0, 1.0, 0.002);
    r.dev.k_u1 = 0.0;
    const double tau_n = ms_model_tau_n(1.0, r.gamma0, r.dev.ms, r.dev.volume, r.dev.temperature);
    r.opt.dt = tau_n / 1000.0;  /* Heun's O(Δt) weak error stays below the statistics */
    const size_t n = ms_test_quick() ? 2000 : 8000;
    ms_macrospin_batch *b = make_batch(&r, n, ctx);
    run_to(b, tau_n);
    double m, se;
    batch_moment(b, 1, &m, &se);
    ck_assert_msg(fabs(m - exp(-1.0)) < 3.5 * se, "<mz>(tau_N) = %g +- %g, reference %g", m, se, exp(-1.0));
    ms_macrospin_batch_destroy(b);
    ms_ctx_destroy(ctx);
}
END_TEST

/* T = 0, α → small, m ⊥ H: precession at ω = γ0 H/(1+α²) (LL form); RK4 and RK45. */
START_TEST(test_precession)
{
    ms_ctx *ctx = ms_ctx_create(1, 1);
    for (int integ = 0; integ < 2; integ++) {
        ms_macrospin_device d;
        ms_macrospin_device_init(&d);
        d.geometry = MS_GEOMETRY_GIVEN;
        d.demag[0] = d.demag[1] = d.demag[2] = 0.0;
        d.volume = 1e-24;
        d.k_u1 = 0;
        d.alpha = 1e-9;
        d.temperature = 0;
        d.h_bias[2] = 8e4;
        const double g0 = MU0 * d.gamma, omega = g0 * d.h_bias[2];
        ms_macrospin_options o;
        ms_macrospin_options_init(&o);
        o.integrator = integ ? MS_INTEGRATOR_RK45 : MS_INTEGRATOR_RK4;
        o.rtol = 1e-12;
        o.atol = 1e-12;
        o.initial = MS_INITIAL_VECTOR;
        o.m0[0] = 1;
        o.m0[2] = 0;
        const double period = 2 * M_PI / omega;
        o.dt = period / (integ ? 8 : 200);  /* t_end below is a whole number of steps */
        ms_macrospin_batch *b = NULL;
        ms_error err;
        ck_assert_msg(ms_macrospin_batch_create(&b, &d, 1, &o, ctx, &err) == 0, "%s", err.message);
        const double t_end = 20.25 * period;  /* a quarter turn past 20 periods */
        run_to(b, t_end);
        double m[3];
        ms_macrospin_batch_get_m(b, 0, m);
        const double phase = 20 * 2 * M_PI + atan2(m[1], m[0]);
        const double f = phase / t_end / (2 * M_PI), ref = omega / (2 * M_PI) / (1 + d.alpha * d.alpha);
        ck_assert_msg(fabs(f / ref - 1) < 1e-6, "integrator %d: f = %.10g, reference %.10g", integ, f, ref);
        ms_macrospin_batch_destroy(b);
    }
    ms_ctx_destroy(ctx);
}
END_TEST

/* T = 0 small-angle relaxation in the well: θ(t) = θ0 exp(−t/τ_D). */
START_TEST(test_damping_time)
{
    ms_ctx *ctx = ms_ctx_create(1, 1);
    reduced r;
    reduced_init(&r, 1.0, 0.0, 0.1, 0.002);
    r.dev.temperature = 0;
    r.opt.integrator = MS_INTEGRATOR_RK4;
    r.opt.initial = MS_INITIAL_VECTOR;
    const double th0 = 1e-3;
    r.opt.m0[0] = sin(th0);
    r.opt.m0[2] = cos(th0);
    ms_macrospin_batch *b = make_batch(&r, 1, ctx);
    run_to(b, 2 * r.tau_d);
    double m[3];
    ms_macrospin_batch_get_m(b, 0, m);
    const double th = atan2(hypot(m[0], m[1]), m[2]);
    const double tau = 2 * r.tau_d / log(th0 / th);
    ck_assert_msg(fabs(tau / r.tau_d - 1) < 1e-5, "tau = %g, tau_D = %g", tau, r.tau_d);
    ms_macrospin_batch_destroy(b);
    ms_ctx_destroy(ctx);
}
END_TEST

/* T = 0 collinear STT: switching time from θ0 to the threshold vs the closed-form model. */
START_TEST(test_stt_switch_time)
{
    ms_ctx *ctx = ms_ctx_create(1, 1);
    reduced r;
    reduced_init(&r, 1.0, 0.0, 0.05, 0.002);
    ms_macrospin_device *d = &r.dev;
    d->temperature = 0;
    d->stt = MS_STT_CONSTANT;
    d->stt_eta = 0.5;
    d->t_free = 1.5e-9;
    d->stt_p[2] = -1;  /* a_J > 0 pulls m toward −z */
    const double jc0 = ms_model_jc0(d->alpha, d->k_u1, d->t_free, d->stt_eta), i = 2.0;
    d->j_wave.amplitude = i * jc0;
    r.opt.integrator = MS_INTEGRATOR_RK4;
    r.opt.initial = MS_INITIAL_VECTOR;
    const double th0 = 0.05;
    r.opt.m0[0] = sin(th0);
    r.opt.m0[2] = cos(th0);
    r.opt.threshold = 0.0;  /* θ_end = π/2 */
    r.opt.stop_when_switched = 1;
    double t_ref;
    ms_error err;
    ck_assert_msg(ms_model_stt_switch_time(i, 0.0, r.tau_d, th0, M_PI / 2, &t_ref, &err) == 0, "%s",
                  err.message);
    r.opt.dt = t_ref / 4000;
    ms_macrospin_batch *b = make_batch(&r, 1, ctx);
    run_to(b, 3 * t_ref);
    const double t = ms_macrospin_batch_switch_times(b)[0];
    ck_assert_msg(fabs(t / t_ref - 1) < 1e-3, "t_sw = %g, reference %g", t, t_ref);
    ms_macrospin_batch_destroy(b);
    ms_ctx_destroy(ctx);
}
END_TEST

/* Small-angle relaxation time at T = 0 with the stiffness modified by VCMA (DC gate voltage) and
 * by an exchange-bias field along the axis: τ = (1+α²)/(α γ0 (H_k' + H_eb)),
 * H_k' = 2 (K − ξ V/(t_ox t_F))/(μ0 Ms). Checks the VCMA sign and magnitude and the H_eb term. */
START_TEST(test_vcma_exchange_bias_stiffness)
{
    ms_ctx *ctx = ms_ctx_create(1, 1);
    reduced r;
    reduced_init(&r, 1.0, 0.0, 0.1, 0.002);
    ms_macrospin_device *d = &r.dev;
    d->temperature = 0;
    d->vcma_xi = 100e-15;
    d->vcma_t_ox = 1.5e-9;
    d->t_free = 1.1e-9;
    d->v_wave.amplitude = 0.5;
    d->h_eb[2] = 0.1 * r.h_k;
    const double k = d->k_u1 - d->vcma_xi * 0.5 / (d->vcma_t_ox * d->t_free);
    const double h = 2 * k / (MU0 * d->ms) + d->h_eb[2];
    const double tau = (1 + 0.01) / (0.1 * r.gamma0 * h);
    r.opt.integrator = MS_INTEGRATOR_RK4;
    r.opt.initial = MS_INITIAL_VECTOR;
    r.opt.dt = tau / 1000;
    const double th0 = 1e-3;
    r.opt.m0[0] = sin(th0);
    r.opt.m0[2] = cos(th0);
    ms_macrospin_batch *b = make_batch(&r, 1, ctx);
    run_to(b, 2 * tau);
    double m[3];
    ms_macrospin_batch_get_m(b, 0, m);
    const double got = 2 * tau / log(th0 / atan2(hypot(m[0], m[1]), m[2]));
    ck_assert_msg(fabs(got / tau - 1) < 1e-5, "tau = %g, reference %g", got, tau);
    ms_macrospin_batch_destroy(b);
    ms_ctx_destroy(ctx);
}
END_TEST

/* Damping-like SOT with σ along the easy axis is collinear STT with η → θ_SH: same closed-form
 * switching time with J_c0 = 4 e α K t_F/(ħ θ_SH). */
START_TEST(test_sot_collinear)
{
    ms_ctx *ctx = ms_ctx_create(1, 1);
    reduced r;
    reduced_init(&r, 1.0, 0.0, 0.05, 0.002);
    ms_macrospin_device *d = &r.dev;
    d->temperature = 0;
    d->sot_theta = 0.3;
    d->t_free = 1e-9;
    d->sot_sigma[0] = d->sot_sigma[1] = 0;
    d->sot_sigma[2] = -1;
    const double i = 3.0;
    d->j_sot_wave.amplitude = i * ms_model_jc0(d->alpha, d->k_u1, d->t_free, d->sot_theta);
    const double th0 = 0.05;
    double t_ref;
    ms_error err;
    ck_assert(ms_model_stt_switch_time(i, 0.0, r.tau_d, th0, M_PI / 2, &t_ref, &err) == 0);
    r.opt.integrator = MS_INTEGRATOR_RK4;
    r.opt.initial = MS_INITIAL_VECTOR;
    r.opt.m0[0] = sin(th0);
    r.opt.m0[2] = cos(th0);
    r.opt.threshold = 0.0;
    r.opt.dt = t_ref / 4000;
    ms_macrospin_batch *b = make_batch(&r, 1, ctx);
    run_to(b, 2 * t_ref);
    const double t = ms_macrospin_batch_switch_times(b)[0];
    ck_assert_msg(fabs(t / t_ref - 1) < 1e-3, "t_sw = %g, reference %g", t, t_ref);
    ms_macrospin_batch_destroy(b);
    ms_ctx_destroy(ctx);
}
END_TEST

/* The example config parses, runs, and the recorder, histogram and summary are consistent. */
START_TEST(test_config_run_and_recorders)
{
    ms_config *cfg = NULL;
    ms_error err;
    const ms_key *schemas[] = {ms_macrospin_keys, ms_output_keys, NULL};
    const char *sets[] = {"macrospin.trials=64", "solver.t_end=2 ns", "drive.current.amplitude=6e10 A/m^2"};
    ck_assert_msg(ms_config_load(&cfg, "../configs/macrospin-stt.cfg", sets, 3, schemas, &err) == 0,
                  "%s", err.message);
    ms_macrospin_device d;
    ms_macrospin_options o;
    ck_assert_msg(ms_macrospin_device_from_config(cfg, &d, &err) == 0, "%s", err.message);
    ck_assert_msg(ms_macrospin_options_from_config(cfg, &o, &err) == 0, "%s", err.message);
    ck_assert_int_eq(o.initial, MS_INITIAL_THERMAL_DOWN);
    ms_ctx *ctx = ms_ctx_create(3, 1);
    ms_macrospin_batch *b = NULL;
    ck_assert(ms_macrospin_batch_create(&b, &d, 64, &o, ctx, &err) == 0);
    double s[3];
    ms_macrospin_batch_reference(b, s);
    ck_assert_double_eq(s[2], -1.0);
    for (size_t i = 0; i < 64; i++)  /* thermalised in the −z well */
        ck_assert(ms_macrospin_batch_mz(b)[i] < -0.5);
    ms_macrospin_series ser;
    ms_macrospin_series_init(&ser, 3, &err);
    ck_assert(ms_macrospin_batch_run(b, 2e-9, 1e-11, ms_macrospin_series_record, &ser, &err) == 0);
    ck_assert_int_eq(ser.n, 201);
    ck_assert(!ser.failed);
    ck_assert_double_eq_tol(ser.t[200], 2e-9, 1e-20);
    const size_t k = ms_macrospin_batch_switched(b);
    ck_assert_double_eq_tol(ser.p_switched[200], k / 64.0, 1e-15);
    int64_t counts[10];
    ms_macrospin_histogram(ms_macrospin_batch_switch_times(b), 64, 2e-9, 10, counts);
    int64_t total = 0;
    for (int j = 0; j < 10; j++)
        total += counts[j];
    ck_assert_int_eq(total, (int64_t)k);
    ck_assert_double_eq(ser.traj[(2 * ser.cap + 200) * 3 + 2], ms_macrospin_batch_mz(b)[2]);
    ms_macrospin_series_release(&ser);
    ms_macrospin_batch_destroy(b);
    ms_ctx_destroy(ctx);
    ms_config_destroy(cfg);
}
END_TEST

/* Thermalised start in the metastable −z well (field +0.3 H_k along z, σ = 5): ⟨m·s⟩ over the
 * trials equals the mean of exp(σ (x² + 2 h x)) on the well [0.3, 1], h = −0.3 (trapezoid rule). */
START_TEST(test_thermal_start)
{
    ms_ctx *ctx = ms_ctx_create(9, 1);
    reduced r;
    reduced_init(&r, 5.0, 0.3, 1.0, 0.01);
    r.opt.initial = MS_INITIAL_THERMAL_DOWN;
    const size_t n = 20000;
    ms_macrospin_batch *b = make_batch(&r, n, ctx);
    double s = 0, s2 = 0;
    for (size_t i = 0; i < n; i++) {
        const double x = -ms_macrospin_batch_mz(b)[i];
        ck_assert(x >= 0.3 - 1e-12);
        s += x;
        s2 += x * x;
    }
    const double mean = s / n, se = sqrt((s2 / n - mean * mean) / (n - 1));
    double w = 0, wx = 0;
    for (int k = 0; k <= 70000; k++) {
        const double x = 0.3 + 0.7 * k / 70000.0, f = exp(5.0 * (x * x - 0.6 * x)) * (k % 70000 ? 1 : 0.5);
        w += f;
        wx += f * x;
    }
    ck_assert_msg(fabs(mean - wx / w) < 4 * se, "<m.s> = %g +- %g, reference %g", mean, se, wx / w);
    ms_macrospin_batch_destroy(b);
    ms_ctx_destroy(ctx);
}
END_TEST

/* _reset: same shape reuses the demag factors, a new shape recomputes them, NULL keeps the device;
 * time and step counter return to 0 and a reset run repeats the first one bitwise. */
START_TEST(test_reset)
{
    ms_ctx *ctx = ms_ctx_create(5, 1);
    ms_macrospin_device d;
    ms_macrospin_device_init(&d);
    ms_macrospin_options o;
    ms_macrospin_options_init(&o);
    o.initial = MS_INITIAL_THERMAL_UP;
    ms_macrospin_batch *b = NULL;
    ms_error err;
    ck_assert(ms_macrospin_batch_create(&b, &d, 100, &o, ctx, &err) == 0);
    run_to(b, 50 * o.dt);
    const double mz7 = ms_macrospin_batch_mz(b)[7];
    ck_assert(ms_macrospin_batch_reset(b, NULL, NULL, &err) == 0);
    ck_assert_int_eq(ms_macrospin_batch_steps(b), 0);
    ck_assert_int_eq(ms_macrospin_batch_device(b)->geometry, MS_GEOMETRY_DISK);
    run_to(b, 50 * o.dt);
    ck_assert(ms_macrospin_batch_mz(b)[7] == mz7);
    double n[3];
    ck_assert(ms_macrospin_demag_ellipse(d.size[0], d.size[1], d.size[2], n, &err) == 0);
    d.ms = 0.9e6;
    ck_assert(ms_macrospin_batch_reset(b, &d, &o, &err) == 0);
    ck_assert_double_eq_tol(ms_macrospin_batch_device(b)->demag[2], n[2], 1e-15);
    d.size[2] = 2e-9;
    ck_assert(ms_macrospin_batch_reset(b, &d, &o, &err) == 0);
    ck_assert(ms_macrospin_demag_ellipse(d.size[0], d.size[1], d.size[2], n, &err) == 0);
    ck_assert_double_eq_tol(ms_macrospin_batch_device(b)->demag[2], n[2], 1e-15);
    ck_assert_double_eq_tol(ms_macrospin_batch_device(b)->volume, 0.25 * M_PI * 16e-16 * 2e-9, 1e-35);
    ms_macrospin_batch_destroy(b);
    ms_ctx_destroy(ctx);
}
END_TEST

/* Slonczewski η(m·p): the antiparallel state (m = −p) becomes linearly unstable at the derived
 * J_c0 = 4 e α K t_F/(ħ η(−1)). At T = 0, from θ0 = 0.01 off −p, the angle grows at 1.1 J_c0 and
 * decays at 0.9 J_c0 (above threshold η falls with the angle, so m settles on a precession cone
 * rather than switching). */
START_TEST(test_slonczewski_threshold)
{
    ms_ctx *ctx = ms_ctx_create(1, 1);
    for (int above = 0; above < 2; above++) {
        reduced r;
        reduced_init(&r, 1.0, 0.0, 0.1, 0.002);
        ms_macrospin_device *d = &r.dev;
        d->temperature = 0;
        d->stt = MS_STT_SLONCZEWSKI;
        d->stt_polarisation = 0.5;
        d->t_free = 1.5e-9;
        d->stt_p[2] = 1;
        ms_macrospin_derived x;
        ck_assert(ms_macrospin_device_prepare(d, NULL) == 0);
        ms_macrospin_device_derive(d, &x);
        const double eta = ms_llg_slonczewski_eta(0.5, -1.0);
        ck_assert_double_eq_tol(x.j_c0, ms_model_jc0(d->alpha, d->k_u1, d->t_free, eta), 1e-6 * x.j_c0);
        d->j_wave.amplitude = (above ? 1.1 : 0.9) * x.j_c0;
        r.opt.integrator = MS_INTEGRATOR_RK4;
        r.opt.initial = MS_INITIAL_VECTOR;
        r.opt.m0[0] = sin(0.01);
        r.opt.m0[2] = -cos(0.01);
        r.opt.dt = r.tau_d / 200;
        ms_macrospin_batch *b = make_batch(&r, 1, ctx);
        run_to(b, 60 * r.tau_d);
        double m[3];
        ms_macrospin_batch_get_m(b, 0, m);
        const double th = acos(-m[2]);
        ck_assert_msg(above ? th > 0.05 : th < 0.005, "J/J_c0 = %g: theta = %g", above ? 1.1 : 0.9, th);
        ms_macrospin_batch_destroy(b);
    }
    ms_ctx_destroy(ctx);
}
END_TEST

Suite *check_macrospin_suite(void)
{
    Suite *s = suite_create("macrospin");
    TCase *unit = tcase_create("unit");
    tcase_add_test(unit, test_demag);
    tcase_add_test(unit, test_waveform);
    tcase_add_test(unit, test_defaults_match_keys);
    tcase_add_test(unit, test_sampler);
    tcase_add_test(unit, test_kernels_and_threads);
    tcase_add_test(unit, test_config_run_and_recorders);
    tcase_add_test(unit, test_thermal_start);
    tcase_add_test(unit, test_reset);
    suite_add_tcase(s, unit);
    TCase *phys = tcase_create("physics");
    tcase_set_timeout(phys, 600);
    tcase_add_test(phys, test_boltzmann_mz2);
    tcase_add_test(phys, test_free_diffusion);
    tcase_add_test(phys, test_precession);
    tcase_add_test(phys, test_damping_time);
    tcase_add_test(phys, test_stt_switch_time);
    tcase_add_test(phys, test_vcma_exchange_bias_stiffness);
    tcase_add_test(phys, test_sot_collinear);
    tcase_add_test(phys, test_slonczewski_threshold);
    suite_add_tcase(s, phys);
    return s;
}
