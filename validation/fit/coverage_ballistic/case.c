/* validation/fit/coverage_ballistic — coverage and bias of `metaspin fit` (ballistic model,
 * binomial maximum likelihood, joint fit over two temperatures with the callen law, T_c = 800 K).
 *
 * Synthetic data drawn here from known parameters at 300 K: Δ = 45, J_c0 = 5 MA/cm², τ_D = 0.2 ns;
 * P = exp(−(π²Δ(T)/4) exp(−2t (J/J_c0(T) − 1)/τ_D(T))), with m(T) = 1 − (T/T_c)^{3/2},
 * r = m(T)/m(300 K): Δ(T) = 45 r³ 300 K/T, J_c0(T) = J_c0 r³, τ_D(T) = τ_D/r²; four densities
 * (1.3–2.5 J_c0) × eight widths (0.3–2.4 ns) × two temperatures (300, 350 K), 100 trials per point,
 * binomial noise from Philox streams. Over R repeated draws we compare:
 *   - the fraction of 95 % intervals containing the true Δ, J_c0 and τ_D with 0.95 (tolerance:
 *     three binomial standard errors, 3 √(0.95·0.05/R));
 *   - the mean of the standardised error z = (ln θ̂ − ln θ)/σ_lnθ with 0 (tolerance 3/√R), and its
 *     rms with 1 (tolerance 3/√(2R)): unbiased within the reported errors, errors of the right size. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <gsl/gsl_errno.h>
#include "common.h"
#include "metaspin/fit.h"
#include "metaspin/rng.h"

enum { REPS = 400, N_AMP = 4, N_WIDTH = 8, N_TEMP = 2, N_POINTS = N_AMP * N_WIDTH * N_TEMP,
       TRIALS = 100 };

static double binomial_draw(ms_rng_key key, uint64_t stream, int n, double p)
{
    int k = 0;
    for (int c = 0; 4 * c < n; c++) {
        double u[4];
        ms_rng_uniform4(key, stream, (uint64_t)c, u);
        for (int j = 0; j < 4 && 4 * c + j < n; j++)
            k += u[j] < p;
    }
    return k;
}

static void synthesize(ms_fit_data *d, int rep)
{
    const ms_rng_key key = ms_rng_key_make(20261204);
    const double temps[N_TEMP] = {300, 350};
    d->n = 0;
    for (int it = 0; it < N_TEMP; it++)
        for (int a = 0; a < N_AMP; a++)
            for (int w = 0; w < N_WIDTH; w++) {
                const size_t j = d->n++;
                const double t = temps[it], mr = (1 - pow(t / 800, 1.5)) / (1 - pow(300 / 800.0, 1.5));
                const double delta = 45 * mr * mr * mr * 300 / t, jc = 5e10 * mr * mr * mr;
                const double tau_d = 0.2e-9 / (mr * mr), j_amp = 5e10 * (1.3 + 0.4 * a);
                d->width[j] = 0.3e-9 * pow(1.35, w);
                d->amplitude[j] = j_amp;
                d->temperature[j] = t;
                const double p = j_amp > jc ? exp(-M_PI * M_PI * delta / 4 *
                                                  exp(-2 * d->width[j] * (j_amp / jc - 1) / tau_d))
                                            : 0;
                const uint64_t stream = MS_RNG_DOMAIN(MS_RNG_TEST) + (uint64_t)rep * N_POINTS + j;
                d->n_total[j] = TRIALS;
                d->n_switched[j] = binomial_draw(key, stream, TRIALS, p);
                d->p[j] = d->n_switched[j] / TRIALS;
                d->line[j] = (int)j + 2;
                d->curve[j] = a + N_AMP * it;
            }
    d->n_curves = N_AMP * N_TEMP;
}

int main(void)
{
    gsl_set_error_handler_off();
    static double width[N_POINTS], amp[N_POINTS], temp[N_POINTS], p[N_POINTS], k[N_POINTS],
        n[N_POINTS];
    static int line[N_POINTS], curve[N_POINTS];
    ms_fit_data d = {.width = width, .amplitude = amp, .temperature = temp, .p = p,
                     .n_switched = k, .n_total = n, .line = line, .curve = curve,
                     .amplitude_unit = "A/m^2", .source = "synthetic"};
    ms_fit_options o;
    ms_fit_options_default(&o);
    o.model = MS_FIT_BALLISTIC, o.t_ref = 300, o.law = MS_FIT_LAW_CALLEN, o.t_curie = 800;
    const int slots[3] = {MS_FIT_DELTA, MS_FIT_AC0, MS_FIT_TAUD};
    const double truth[3] = {45, 5e10, 0.2e-9};
    double cover[3] = {0}, zsum[3] = {0}, z2[3] = {0};
    int ok = 0, fails = 0;
    for (int rep = 0; rep < REPS; rep++) {
        synthesize(&d, rep);
        ms_fit_result *r = NULL;
        ms_error err = {0};
        if (ms_fit_run(&d, &o, &r, &err) != MS_OK) {
            fails++;
            continue;
        }
        ok++;
        for (int q = 0; q < 3; q++) {
            const int s = slots[q];
            const double z = log(r->value[s] / truth[q]) / sqrt(r->cov[s * MS_FIT_NPAR + s]);
            cover[q] += r->ci_lo[s] <= truth[q] && truth[q] <= r->ci_hi[s];
            zsum[q] += z, z2[q] += z * z;
        }
        ms_fit_result_destroy(r);
    }
    int failed = ms_validate_report("fit/coverage_ballistic/failed_fits", fails, 0, 0);
    const double cov_tol = 3 * sqrt(0.95 * 0.05 / ok);
    const char *names[3][3] = {
        {"fit/coverage_ballistic/delta_coverage", "fit/coverage_ballistic/delta_mean_z",
         "fit/coverage_ballistic/delta_rms_z"},
        {"fit/coverage_ballistic/jc0_coverage", "fit/coverage_ballistic/jc0_mean_z",
         "fit/coverage_ballistic/jc0_rms_z"},
        {"fit/coverage_ballistic/tau_d_coverage", "fit/coverage_ballistic/tau_d_mean_z",
         "fit/coverage_ballistic/tau_d_rms_z"}};
    for (int q = 0; q < 3; q++) {
        failed += ms_validate_report(names[q][0], cover[q] / ok, 0.95, cov_tol);
        failed += ms_validate_report(names[q][1], zsum[q] / ok, 0, 3 / sqrt(ok));
        failed += ms_validate_report(names[q][2], sqrt(z2[q] / ok), 1, 3 / sqrt(2.0 * ok));
    }
    return failed;
}
