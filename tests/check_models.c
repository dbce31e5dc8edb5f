/* check_models.c — closed-form macrospin models (models.h) against independent analytic results
 * and direct numerical integration written here, never against the library's earlier output.
 *   - ⟨m_z²⟩ limits: σ → 0 gives 1/3 + 4σ/45, σ → ∞ gives 1 − 1/σ − 1/(2σ²) (Dawson asymptotics);
 *   - Boltzmann moments against composite Simpson integration of exp(σ (x² + 2hx));
 *   - Langevin function: small- and large-ξ limits, direct long-double formula at the crossover;
 *   - MFPT at σ = 0 against free diffusion T = 2 τ_N ln((1 + x0)/(1 + x_b)), derived from the
 *     first-passage integral with e^{βV} = 1: ∫ (1 − x)/(1 − x²) dx = ln(1 + x);
 *   - MFPT against a nested trapezoid integration, and approaching Brown's 1/Γ as 1 + O(1/σ);
 *   - T = 0 STT switching time against RK4 integration of dθ/dt = sin θ (i − h − cos θ)/τ_D;
 *   - P_thermal and P_ballistic limits and their closed-form median times. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_const_mksa.h>
#include "metaspin/models.h"
#include "testutil.h"

static double rel(double a, double b) { return fabs(a - b) / fabs(b); }

START_TEST(test_times)
{
    const double alpha = 0.01, gamma0 = 2.211e5, ms = 1.1e6, k = 8e5, v = 1e-24, temp = 300;
    const double mu0 = GSL_CONST_MKSA_VACUUM_PERMEABILITY, kb = GSL_CONST_MKSA_BOLTZMANN;
    const double hk = 2 * k / (mu0 * ms), sigma = k * v / (kb * temp);
    ck_assert_double_le(rel(ms_model_tau_n(alpha, gamma0, ms, v, temp),
                            sigma * ms_model_tau_d(alpha, gamma0, hk)), 1e-13);
    ck_assert_double_le(rel(ms_model_tau_d(0.5, 1.0, 1.0), 2.5), 1e-15);
    /* J_c0 times the area equals I_c0 = (4 e α/(ħ η)) Δ kB T with Δ = K V/(kB T). */
    const double e = GSL_CONST_MKSA_ELECTRON_CHARGE, hbar = GSL_CONST_MKSA_PLANCKS_CONSTANT_HBAR;
    const double t_f = 1e-9, eta = 0.6, area = v / t_f;
    ck_assert_double_le(rel(ms_model_jc0(alpha, k, t_f, eta) * area,
                            4 * e * alpha / (hbar * eta) * sigma * kb * temp), 1e-13);
}
END_TEST

START_TEST(test_mz2_limits)
{
    for (double s = 1e-8; s < 2e-2; s *= 7)
        ck_assert_double_le(fabs(ms_model_boltzmann_mz2(s, 0) - (1.0 / 3 + 4 * s / 45)),
                            1e-11 + 0.02 * s * s);
    ck_assert_double_eq_tol(ms_model_boltzmann_mz2(0, 0), 1.0 / 3, 1e-15);
    for (double s = 200; s < 1e5; s *= 3)  /* next term is O(σ^-3) */
        ck_assert_double_le(fabs(ms_model_boltzmann_mz2(s, 0) - (1 - 1 / s - 0.5 / (s * s))),
                            3 / (s * s * s) + 1e-14);
}
END_TEST

typedef struct simpson_moments { double m1, m2; } simpson_moments;

static simpson_moments simpson_boltzmann(double sigma, double h, int n)
{
    double z = 0, m1 = 0, m2 = 0, c = sigma * (1 + 2 * fabs(h));
    for (int k = 0; k <= n; k++) {
        const double x = -1 + 2.0 * k / n, w = (k == 0 || k == n) ? 1 : (k % 2 ? 4 : 2);
        const double p = w * exp(sigma * (x * x + 2 * h * x) - c);
        z += p;
        m1 += x * p;
        m2 += x * x * p;
    }
    return (simpson_moments){m1 / z, m2 / z};
}

START_TEST(test_boltzmann_moments)
{
    const double cases[][2] = {{2, 0}, {5, 0}, {10, 0}, {10, 0.2}, {5, -0.3}, {50, 0.1},
                               {1, 1.5}, {0.3, -0.05}, {-2, 0.1}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const double s = cases[k][0], h = cases[k][1];
        const simpson_moments ref = simpson_boltzmann(s, h, 200000);
        ck_assert_double_le(fabs(ms_model_boltzmann_mz2(s, h) - ref.m2), 1e-10);
        ck_assert_double_le(fabs(ms_model_boltzmann_mz(s, h) - ref.m1), 1e-10);
    }
    ck_assert_double_eq(ms_model_boltzmann_mz(7, 0), 0);
    /* the quadrature path at vanishing h agrees with the Dawson closed form */
    ck_assert_double_le(fabs(ms_model_boltzmann_mz2(3, 1e-300) - ms_model_boltzmann_mz2(3, 0)), 1e-12);
}
END_TEST

START_TEST(test_langevin)
{
    ck_assert_double_eq(ms_model_langevin(0), 0);
    for (double x = 1e-6; x < 1e-2; x *= 3)
        ck_assert_double_le(rel(ms_model_langevin(x), x / 3 - pow(x, 3) / 45 + 2 * pow(x, 5) / 945),
                            1e-13);
    const double xs[] = {0.049, 0.0500001, 0.2, 1, 3};
    for (size_t k = 0; k < 5; k++) {
        const long double x = xs[k], ref = 1.0L / tanhl(x) - 1.0L / x;
        ck_assert_double_le(rel(ms_model_langevin(xs[k]), (double)ref), 1e-13);
        ck_assert_double_eq(ms_model_langevin(-xs[k]), -ms_model_langevin(xs[k]));
    }
    ck_assert_double_le(rel(ms_model_langevin(50), 1 - 1.0 / 50), 1e-15);
}
END_TEST

START_TEST(test_mfpt_free_diffusion)
{
    ms_error err = {0};
    const double pairs[][2] = {{1, 0}, {1, -0.5}, {0.9, -0.7}, {0.3, 0.2}, {1, -0.999}};
    for (size_t k = 0; k < 5; k++) {
        const double x0 = pairs[k][0], xb = pairs[k][1], ref = 2 * 3e-9 * log((1 + x0) / (1 + xb));
        double t;
        ck_assert_int_eq(ms_model_mfpt_tau_n(0, 0.3, 3e-9, x0, xb, &t, &err), MS_OK);
        ck_assert_double_le(rel(t, ref), 1e-9);
    }
    double t;
    ck_assert_int_eq(ms_model_mfpt(0, 0, 1, 1, 0, &t, &err), MS_EINPUT);
    ck_assert_int_eq(ms_model_mfpt(5, 0, 1, 0, 0.5, &t, &err), MS_EINPUT);
    ck_assert_int_eq(ms_model_mfpt(5, 0, 1, 1, -1, &t, &err), MS_EINPUT);
}
END_TEST

/* T = 2 τ_N ∫_{xb}^{x0} e^{βV(x)}/(1 − x²) I(x) dx, I(x) = ∫_x^1 e^{−βV}, both by trapezoids on a
 * uniform grid of n intervals over [xb, 1] (x0 = 1; the integrand's limit at x = 1 is 1/2). */
static double mfpt_trapezoid(double sigma, double h, double xb, int n)
{
    const double dx = (1 - xb) / n;
    double inner = 0, outer = 0.25, prev = exp(sigma * (1 + 2 * h));
    for (int k = n - 1; k >= 0; k--) {
        const double x = xb + k * dx, w = exp(sigma * (x * x + 2 * h * x));
        inner += 0.5 * dx * (w + prev);
        prev = w;
        const double f = inner / (w * (1 - x) * (1 + x));
        outer += (k == 0) ? 0.5 * f : f;
    }
    return 2 * outer * dx;
}

START_TEST(test_mfpt_quadrature)
{
    ms_error err = {0};
    const double cases[][3] = {{3, 0, -0.5}, {5, 0.1, 0.0}, {8, -0.2, -0.6}, {0.5, 0.4, -0.3}};
    const int n = ms_test_quick() ? 100000 : 400000;
    for (size_t k = 0; k < 4; k++) {
        double t;
        ck_assert_int_eq(ms_model_mfpt_tau_n(cases[k][0], cases[k][1], 1, 1, cases[k][2], &t, &err),
                         MS_OK);
        ck_assert_double_le(rel(t, mfpt_trapezoid(cases[k][0], cases[k][1], cases[k][2], n)), 1e-7);
    }
}
END_TEST

/* Well time W(x0) = T(1) − T(x0), the mean time to climb from the bottom to x0: at σ = 10 the
 * difference of two first-passage times is well conditioned (T/W ~ e^σ/σ ~ 2e3, quadrature 1e-10
 * relative), so it checks W to 1e-6; at σ = 160, for x0 one kT above the bottom, W is of the order
 * of the in-well relaxation time τ_N/(2σ(1+h)) ~ τ_D, while T ~ e^{0.64σ} τ_D overflows nothing;
 * and W against an independent trapezoid quadrature at σ = 10 and 160. */
START_TEST(test_well_time)
{
    ms_error err;
    const double td = 1e-10, xb = -0.5;
    for (int k = 0; k < 3; k++) {
        const double h = -0.1 * k, x0 = 0.2 + 0.3 * k;
        double t1, t0, w;
        ck_assert_int_eq(ms_model_mfpt(10.0, h, td, 1.0, xb, &t1, &err), 0);
        ck_assert_int_eq(ms_model_mfpt(10.0, h, td, x0, xb, &t0, &err), 0);
        ck_assert_int_eq(ms_model_well_time(10.0, h, td, x0, &w, &err), 0);
        ck_assert_msg(fabs(w - (t1 - t0)) < 1e-6 * (t1 - t0), "h %g x0 %g: W %g vs %g", h, x0, w, t1 - t0);
    }
    double w, w_far;
    ck_assert_int_eq(ms_model_well_time(160.0, -0.2, td, 1.0 - 1.0 / (160.0 * 1.6), &w, &err), 0);
    ck_assert_msg(w > 0.01 * td && w < 10 * td, "W = %g s", w);
    ck_assert_int_eq(ms_model_well_time(160.0, -0.2, td, 0.95, &w_far, &err), 0);
    ck_assert(w_far > w);
    ck_assert_int_eq(ms_model_well_time(160.0, -0.2, td, 1.0, &w, &err), 0);
    ck_assert_double_eq(w, 0.0);
    ck_assert_int_ne(ms_model_well_time(0.0, 0.0, td, 0.5, &w, &err), 0);
    /* independent reference: W(x0)/τ_N is the first-passage time from 1 down to x0, the plain
     * trapezoid double integral over [x0, 1] (test_mfpt_quadrature: 1e-7 at this n) */
    const double wc[][3] = {{10, 0, 0.2}, {10, -0.2, 0.8}, {160, -0.2, 1.0 - 1.0 / (160 * 1.6)}, {160, -0.2, 0.99}};
    const int n = ms_test_quick() ? 100000 : 400000;
    for (size_t k = 0; k < sizeof wc / sizeof wc[0]; k++) {
        ck_assert_int_eq(ms_model_well_time(wc[k][0], wc[k][1], td, wc[k][2], &w, &err), 0);
        const double ref = mfpt_trapezoid(wc[k][0], wc[k][1], wc[k][2], n) * wc[k][0] * td;
        ck_assert_msg(rel(w, ref) <= 1e-7, "sigma %g h %g x0 %g: W %.10g vs trapezoid %.10g", wc[k][0], wc[k][1],
                      wc[k][2], w, ref);
    }
}
END_TEST

START_TEST(test_mfpt_brown_limit)
{
    ms_error err = {0};
    const double hs[] = {0, -0.2};
    for (int j = 0; j < 2; j++) {
        double prev = INFINITY;
        for (double s = 10; s <= 160; s *= 2) {
            double t;
            ck_assert_int_eq(ms_model_mfpt(s, hs[j], 1e-10, 1, -0.5, &t, &err), MS_OK);
            /* escape from +1 with field h < 0 is Brown's rate with field −h > 0 */
            const double ratio = t * ms_model_brown_rate(s, -hs[j], 1e-10);
            ck_assert_double_gt(ratio, 1);
            ck_assert_double_lt((ratio - 1) * s, 2.5);  /* 1 + O(1/σ) */
            ck_assert_double_lt(ratio - 1, prev);
            prev = ratio - 1;
        }
        ck_assert_double_lt(prev, 0.01);
    }
}
END_TEST

static double stt_rhs(double th, double c) { return sin(th) * (c - cos(th)); }

static double stt_rk4_step(double th, double c, double dt)
{
    const double k1 = stt_rhs(th, c), k2 = stt_rhs(th + 0.5 * dt * k1, c);
    const double k3 = stt_rhs(th + 0.5 * dt * k2, c), k4 = stt_rhs(th + dt * k3, c);
    return th + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
}

/* Time (units of τ_D) for θ to go from th0 to th1 under RK4 with step dt; the last partial step is
 * found by secant iteration on its length. */
static double stt_rk4_time(double c, double th0, double th1, double dt)
{
    double th = th0, t = 0;
    for (;;) {
        const double next = stt_rk4_step(th, c, dt);
        if (next >= th1)
            break;
        th = next;
        t += dt;
    }
    double a = 0, fa = th - th1, b = dt, fb = stt_rk4_step(th, c, dt) - th1;
    for (int k = 0; k < 30 && fabs(fb) > 1e-15; k++) {
        const double m = b - fb * (b - a) / (fb - fa);
        a = b, fa = fb, b = m, fb = stt_rk4_step(th, c, m) - th1;
    }
    return t + b;
}

START_TEST(test_stt_switch_time)
{
    ms_error err = {0};
    const double cases[][4] = {{1.5, 0, 0.01, M_PI / 2}, {3, 0.2, 0.05, 2.5}, {1.2, -0.1, 1e-3, 2},
                               {1.0008, 0, 0.02, M_PI / 2}, {1.002, 0, 0.02, 2.0}};
    for (size_t k = 0; k < 5; k++) {
        const double c = cases[k][0] - cases[k][1], dt = 0.002 / c;
        double t;
        ck_assert_int_eq(ms_model_stt_switch_time(cases[k][0], cases[k][1], 2e-9, cases[k][2],
                                                  cases[k][3], &t, &err), MS_OK);
        ck_assert_double_le(rel(t, 2e-9 * stt_rk4_time(c, cases[k][2], cases[k][3], dt)), 1e-7);
    }
    double t1, t2, t;
    ms_model_stt_switch_time(1.000999, 0, 1, 0.01, 1.5, &t1, &err);  /* quadrature branch */
    ms_model_stt_switch_time(1.001001, 0, 1, 0.01, 1.5, &t2, &err);  /* closed form */
    ck_assert_double_le(rel(t1, t2), 2e-3);
    ck_assert_double_gt(t1, t2);
    ck_assert_int_eq(ms_model_stt_switch_time(0.9, 0, 1, 0.01, 1.5, &t, &err), MS_OK);
    ck_assert(isinf(t));
    ck_assert_int_eq(ms_model_stt_switch_time(2, 0, 1, 0, 1.5, &t, &err), MS_EINPUT);
}
END_TEST

START_TEST(test_p_limits)
{
    const double tau0 = 1e-9, delta = 40;
    ck_assert_double_eq(ms_model_p_thermal(0, tau0, delta, 0.5, 1), 0);
    const double tau = tau0 * exp(delta * 0.5);
    ck_assert_double_le(rel(ms_model_p_thermal(tau, tau0, delta, 0.5, 1), 1 - exp(-1)), 1e-14);
    ck_assert_double_le(rel(ms_model_p_thermal(tau0 * exp(delta * 0.25), tau0, delta, 0.5, 2),
                            1 - exp(-1)), 1e-14);
    ck_assert_double_le(rel(ms_model_p_thermal(1e-20, tau0, delta, 0.5, 1), 1e-20 / tau), 1e-9);
    ck_assert_double_eq(ms_model_p_thermal(1e3 * tau, tau0, delta, 0.5, 1), 1);
    ck_assert_double_le(rel(ms_model_p_thermal(tau0, tau0, delta, 1.3, 1), 1 - exp(-1)), 1e-14);
    const double tau_d = 1e-9, i = 2;
    ck_assert_double_eq(ms_model_p_ballistic(1e-6, tau_d, delta, 0.99), 0);
    ck_assert_double_le(rel(ms_model_p_ballistic(0, tau_d, delta, i), exp(-M_PI * M_PI * delta / 4)),
                        1e-14);
    ck_assert_double_eq(ms_model_p_ballistic(1e-6, tau_d, delta, i), 1);
    const double t_half = tau_d / (2 * (i - 1)) * log(M_PI * M_PI * delta / (4 * log(2)));
    ck_assert_double_le(rel(ms_model_p_ballistic(t_half, tau_d, delta, i), 0.5), 1e-13);
}
END_TEST

Suite *check_models_suite(void)
{
    Suite *s = suite_create("models");
    TCase *tc = tcase_create("closed_form");
    tcase_add_test(tc, test_times);
    tcase_add_test(tc, test_mz2_limits);
    tcase_add_test(tc, test_boltzmann_moments);
    tcase_add_test(tc, test_langevin);
    tcase_add_test(tc, test_mfpt_free_diffusion);
    tcase_add_test(tc, test_mfpt_quadrature);
    tcase_add_test(tc, test_mfpt_brown_limit);
    tcase_add_test(tc, test_well_time);
    tcase_add_test(tc, test_stt_switch_time);
    tcase_add_test(tc, test_p_limits);
    suite_add_tcase(s, tc);
    return s;
}
