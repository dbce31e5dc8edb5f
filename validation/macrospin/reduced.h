/* reduced.h — helpers shared by the macrospin validation cases: a uniaxial macrospin in reduced
 * units (easy axis z, no shape anisotropy, Ms = 1 MA/m, K = 0.1 MJ/m^3, T = 300 K, volume set by
 * σ = K V/(kB T), field h H_k along z, step dt_red/(γ0 H_k)), ensemble moments with standard
 * errors, and the escape-time estimator.
 *
 * Escape times: trials run to t_run; with N of n switched, the exponential maximum-likelihood
 * estimate of the mean first-passage time is Σ_i min(t_i, t_run)/N with standard error mean/√N.
 * With t_run ≈ 2–3 mean times ~90 % of the trials switch, so the estimate is essentially the plain
 * sample mean; the exponential form (exact for a high barrier after a transient of order τ_D)
 * is used only for the few trials still in the well at t_run. */
#ifndef METASPIN_VALIDATION_MACROSPIN_REDUCED_H
#define METASPIN_VALIDATION_MACROSPIN_REDUCED_H

#include <gsl/gsl_const_mksa.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "metaspin/ctx.h"
#include "metaspin/macrospin.h"
#include "metaspin/models.h"

typedef struct reduced {
    ms_macrospin_device dev;
    ms_macrospin_options opt;
    double h_k, gamma0, tau_d;
} reduced;

static inline void reduced_init(reduced *r, double sigma, double h, double alpha, double dt_red)
{
    const double mu0 = GSL_CONST_MKSA_VACUUM_PERMEABILITY, kb = GSL_CONST_MKSA_BOLTZMANN;
    ms_macrospin_device *d = &r->dev;
    ms_macrospin_device_init(d);
    d->geometry = MS_GEOMETRY_GIVEN;
    d->demag[0] = d->demag[1] = d->demag[2] = 0.0;
    d->ms = 1e6;
    d->k_u1 = 1e5;
    d->alpha = alpha;
    d->temperature = 300.0;
    d->volume = sigma * kb * d->temperature / d->k_u1;
    r->h_k = 2.0 * d->k_u1 / (mu0 * d->ms);
    r->gamma0 = mu0 * d->gamma;
    r->tau_d = ms_model_tau_d(alpha, r->gamma0, r->h_k);
    d->h_bias[2] = h * r->h_k;
    ms_macrospin_options_init(&r->opt);
    r->opt.dt = dt_red / (r->gamma0 * r->h_k);
}

static inline void die(const char *what, const ms_error *err)
{
    fprintf(stderr, "%s: %s\n", what, err->message);
    exit(99);
}

static inline ms_macrospin_batch *reduced_batch(const reduced *r, size_t n, ms_ctx *ctx)
{
    ms_macrospin_batch *b = NULL;
    ms_error err;
    if (ms_macrospin_batch_create(&b, &r->dev, n, &r->opt, ctx, &err))
        die("batch_create", &err);
    return b;
}

static inline void reduced_run(ms_macrospin_batch *b, double t_end)
{
    ms_error err;
    if (ms_macrospin_batch_run(b, t_end, 0.0, NULL, NULL, &err))
        die("batch_run", &err);
}

/* Mean and standard error of m_z^power (power 1 or 2) over the trials. */
static inline void batch_moment(ms_macrospin_batch *b, int power, double *mean, double *se)
{
    const size_t n = ms_macrospin_batch_trials(b);
    const double *mz = ms_macrospin_batch_mz(b);
    double s = 0, s2 = 0;
    for (size_t i = 0; i < n; i++) {
        const double v = power == 2 ? mz[i] * mz[i] : mz[i];
        s += v;
        s2 += v * v;
    }
    *mean = s / (double)n;
    *se = sqrt(fmax(s2 / (double)n - *mean * *mean, 0.0) / (double)(n - 1));
}

/* Escape-time estimate from the batch's switching times after running to t_run. */
static inline void escape_estimate(const ms_macrospin_batch *b, double t_run, double *mean,
                                   double *se, size_t *n_switched)
{
    const size_t n = ms_macrospin_batch_trials(b);
    const double *ts = ms_macrospin_batch_switch_times(b);
    double exposure = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (ts[i] >= 0) {
            exposure += ts[i];
            k++;
        } else {
            exposure += t_run;
        }
    }
    *n_switched = k;
    *mean = k ? exposure / (double)k : INFINITY;
    *se = k ? *mean / sqrt((double)k) : INFINITY;
}

/* Run n trials of the reduced macrospin (start +z, threshold x_b) and estimate the escape time. */
static inline void escape_run(reduced *r, size_t n, double t_run, double x_b, uint64_t seed,
                              double *mean, double *se, size_t *n_sw)
{
    ms_ctx *ctx = ms_ctx_create(seed, 2);
    r->opt.initial = MS_INITIAL_UP;
    r->opt.threshold = x_b;
    r->opt.stop_when_switched = 1;
    ms_macrospin_batch *b = reduced_batch(r, n, ctx);
    reduced_run(b, t_run);
    escape_estimate(b, ms_macrospin_batch_time(b), mean, se, n_sw);
    ms_macrospin_batch_destroy(b);
    ms_ctx_destroy(ctx);
}

#endif
