/* batch.c — set-up of a batch of independent macrospin trials: per-trial parameters with
 * device-to-device variation, initial states, the step-size check, accessors.
 *
 * Variation: Ms_i = Ms (1 + s_Ms z0), K_i = K (1 + s_K z1) (K_u1 and K_u2), V_i = V (1 + s_V z2),
 * α_i = α (1 + s_α z3), z = ms_rng_normal4(seed, stream_offset + i + MS_RNG_DOMAIN(VARIATION), 0);
 * factors are floored at 0.1 so that no parameter changes sign (spreads are limited to 50 %).
 * Thermal field amplitude per trial (PHYSICS.md §1, Gilbert γ0): sqrt(2 α kB T/(γ0 μ0 Ms V Δt)).
 * Thermalised initial state: x = m·s from the well's Boltzmann density (thermal_start.c) with the
 * trial's σ_i = K_eff,i V_i/(kB T), h_i = H(0)·s/H_k,i; exact when the device is axially symmetric
 * about u (K_u2 and in-plane shape asymmetry are neglected in the sampling only). */
#include <gsl/gsl_const_mksa.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include "metaspin/memory.h"
#include "batch_internal.h"

static const double MU0 = GSL_CONST_MKSA_VACUUM_PERMEABILITY, KB = GSL_CONST_MKSA_BOLTZMANN;

void ms_macrospin_options_init(ms_macrospin_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->integrator = MS_INTEGRATOR_HEUN;
    opt->dt = 1e-12;
    opt->rtol = 1e-8;
    opt->atol = 1e-10;
    opt->initial = MS_INITIAL_UP;
    opt->m0[2] = 1.0;
    opt->threshold = -0.5;
}

void ms_macrospin_drive_at(const ms_macrospin_device *dev, double t, ms_drive_now *d)
{
    const double fh = ms_waveform_eval(&dev->h_wave, t);
    for (int c = 0; c < 3; c++)
        d->h[c] = dev->h_bias[c] + dev->h_eb[c] + fh * dev->h_dir[c];
    d->j = dev->stt != MS_STT_NONE ? ms_waveform_eval(&dev->j_wave, t) : 0.0;
    d->j_sot = ms_waveform_eval(&dev->j_sot_wave, t);
    d->v = ms_waveform_eval(&dev->v_wave, t);
}

static void setup_terms(ms_macrospin_batch *b)
{
    const ms_macrospin_device *d = &b->dev;
    ms_terms *c = &b->terms;
    memcpy(c->u, d->axis, sizeof c->u);
    memcpy(c->n, d->demag, sizeof c->n);
    memcpy(c->p, d->stt_p, sizeof c->p);
    memcpy(c->sigma, d->sot_sigma, sizeof c->sigma);
    c->beta_j = d->stt_beta;
    c->beta_s = d->sot_beta;
    c->eta_a = 1.0;
    c->eta_b = 0.0;
    if (d->stt == MS_STT_SLONCZEWSKI) {
        const double p = d->stt_polarisation, q = (1 + p) * (1 + p) * (1 + p) / (4 * p * sqrt(p));
        c->eta_a = -4.0 + 3.0 * q;
        c->eta_b = q;
    }
}

static double spread(double sd, double z)
{
    return fmax(1.0 + sd * z, 0.1);
}

/* Per-trial parameters of trial i. */
static void setup_trial(ms_macrospin_batch *b, size_t i, double *volume)
{
    const ms_macrospin_device *d = &b->dev;
    const double e = GSL_CONST_MKSA_ELECTRON_CHARGE, hbar = GSL_CONST_MKSA_PLANCKS_CONSTANT_HBAR;
    double z[4] = {0, 0, 0, 0};
    if (d->sd_ms > 0 || d->sd_k > 0 || d->sd_volume > 0 || d->sd_alpha > 0)
        ms_rng_normal4(b->key, b->opt.stream_offset + i + MS_RNG_DOMAIN(MS_RNG_VARIATION), 0, z);
    const double ms = d->ms * spread(d->sd_ms, z[0]), fk = spread(d->sd_k, z[1]);
    const double v = d->volume * spread(d->sd_volume, z[2]), alpha = d->alpha * spread(d->sd_alpha, z[3]);
    b->ms[i] = ms;
    b->hk1[i] = 2.0 * d->k_u1 * fk / (MU0 * ms);
    b->hk2[i] = 4.0 * d->k_u2 * fk / (MU0 * ms);
    b->vcma[i] = d->vcma_xi != 0 ? 2.0 * d->vcma_xi / (d->vcma_t_ox * d->t_free * MU0 * ms) : 0.0;
    b->alpha[i] = alpha;
    b->sig[i] = sqrt(2.0 * alpha * KB * d->temperature / (b->gamma0 * MU0 * ms * v * b->opt.dt));
    const double st = d->t_free > 0 ? hbar / (2.0 * e * MU0 * ms * d->t_free) : 0.0;
    b->aj[i] = d->stt == MS_STT_NONE ? 0.0 : st * (d->stt == MS_STT_CONSTANT ? d->stt_eta : 1.0);
    b->as[i] = st * d->sot_theta;
    *volume = v;
}

void ms_macrospin_frame(const double s[3], double e1[3], double e2[3])
{
    const double a[3] = {fabs(s[0]) < 0.9 ? 1.0 : 0.0, fabs(s[0]) < 0.9 ? 0.0 : 1.0, 0.0};
    const double d = a[0] * s[0] + a[1] * s[1];
    double n = 0;
    for (int c = 0; c < 3; c++) {
        e1[c] = a[c] - d * s[c];
        n += e1[c] * e1[c];
    }
    for (int c = 0; c < 3; c++)
        e1[c] /= sqrt(n);
    e2[0] = s[1] * e1[2] - s[2] * e1[1];
    e2[1] = s[2] * e1[0] - s[0] * e1[2];
    e2[2] = s[0] * e1[1] - s[1] * e1[0];
}

/* Thermalised polar coordinate x = m·s of trial i in the well around s. */
static double thermal_x(ms_macrospin_batch *b, size_t i, double volume, double u)
{
    const ms_macrospin_device *d = &b->dev;
    if (!(d->temperature > 0))
        return 1.0;
    const double *n = d->demag, *ax = d->axis;
    const double n_u = ax[0] * ax[0] * n[0] + ax[1] * ax[1] * n[1] + ax[2] * ax[2] * n[2];
    const double n_perp = 0.5 * (n[0] + n[1] + n[2] - n_u), ms = b->ms[i];
    const double k_eff = 0.5 * MU0 * ms * b->hk1[i] - 0.5 * MU0 * ms * ms * (n_u - n_perp);
    const double sigma = k_eff * volume / (KB * d->temperature);
    ms_drive_now d0;
    ms_macrospin_drive_at(d, 0.0, &d0);
    const double hs = d0.h[0] * b->s[0] + d0.h[1] * b->s[1] + d0.h[2] * b->s[2];
    const double h = k_eff != 0 ? hs * MU0 * ms / (2.0 * k_eff) : 0.0;
    const double x_lo = sigma > 0 ? fmin(fmax(-h, -1.0), 1.0) : -1.0;
    return ms_macrospin_sample_axial(sigma, h, x_lo, 1.0, u);
}

static void setup_state(ms_macrospin_batch *b, size_t i, double volume)
{
    const ms_initial_kind k = b->opt.initial;
    double m[3] = {b->s[0], b->s[1], b->s[2]};
    if (k == MS_INITIAL_VECTOR)
        memcpy(m, b->opt.m0, sizeof m);
    if (k == MS_INITIAL_THERMAL_UP || k == MS_INITIAL_THERMAL_DOWN) {
        double u[4], e1[3], e2[3];
        ms_rng_uniform4(b->key, b->opt.stream_offset + i + MS_RNG_DOMAIN(MS_RNG_INITIAL), 0, u);
        const double x = thermal_x(b, i, volume, u[0]), r = sqrt(fmax(1.0 - x * x, 0.0));
        const double phi = 2.0 * M_PI * u[1];
        ms_macrospin_frame(b->s, e1, e2);
        for (int c = 0; c < 3; c++)
            m[c] = x * b->s[c] + r * (cos(phi) * e1[c] + sin(phi) * e2[c]);
    }
    ms_llg_normalise(&m[0], &m[1], &m[2]);
    b->mx[i] = m[0];
    b->my[i] = m[1];
    b->mz[i] = m[2];
    const double s0 = m[0] * b->s[0] + m[1] * b->s[1] + m[2] * b->s[2];
    b->tsw[i] = s0 < b->opt.threshold ? 0.0 : -1.0;
    b->h_rk[i] = 0.0;
}

/* Largest torque-relevant field any trial can see (A/m), for the step-size check. The isotropic
 * part of the demag field, −Ms N_⊥ m, is parallel to m and exerts no torque, so anisotropy and
 * shape enter through the net axial term |H_k1 − Ms (N_u − N_⊥)| plus the remaining asymmetry. */
static double max_field(const ms_macrospin_batch *b)
{
    const ms_macrospin_device *d = &b->dev;
    double h0 = 0, hmax = 0;
    for (int c = 0; c < 3; c++)
        h0 += (d->h_bias[c] + d->h_eb[c]) * (d->h_bias[c] + d->h_eb[c]);
    h0 = sqrt(h0) + ms_waveform_max_abs(&d->h_wave);
    const double eta = fmax(fabs(1.0 / (b->terms.eta_a - b->terms.eta_b)),
                            fabs(1.0 / (b->terms.eta_a + b->terms.eta_b)));
    const double jmax = d->stt != MS_STT_NONE ? ms_waveform_max_abs(&d->j_wave) : 0.0;
    const double *n = d->demag, *u = d->axis;
    const double n_u = u[0] * u[0] * n[0] + u[1] * u[1] * n[1] + u[2] * u[2] * n[2];
    const double n_perp = 0.5 * (n[0] + n[1] + n[2] - n_u);
    const double n_span = fmax(n[0], fmax(n[1], n[2])) - fmin(n[0], fmin(n[1], n[2]));
    const double n_rest = fmax(n_span - fabs(n_u - n_perp), 0.0);
    const double vmax = ms_waveform_max_abs(&d->v_wave), jsot = ms_waveform_max_abs(&d->j_sot_wave);
    for (size_t i = 0; i < b->n; i++) {
        const double h = fabs(b->hk1[i] - b->ms[i] * (n_u - n_perp)) + fabs(b->hk2[i]) +
                         fabs(b->vcma[i]) * vmax + b->ms[i] * n_rest +
                         fabs(b->aj[i]) * jmax * eta * (1 + fabs(d->stt_beta)) +
                         fabs(b->as[i]) * jsot * (1 + fabs(d->sot_beta));
        hmax = fmax(hmax, h);
    }
    return h0 + hmax;
}

static int batch_setup(ms_macrospin_batch *b, const ms_macrospin_device *dev,
                       const ms_macrospin_options *opt, ms_error *err)
{
    int status;
    if (!(opt->dt > 0) || !isfinite(opt->dt))
        return MS_ERROR(err, MS_EINPUT, "macrospin: time step must be positive");
    if (opt->integrator != MS_INTEGRATOR_HEUN && dev->temperature > 0)
        return MS_ERROR(err, MS_EINPUT, "macrospin: rk4 and rk45 are deterministic; use heun for T > 0");
    if (opt->integrator == MS_INTEGRATOR_RK45 && !(opt->rtol > 0 && opt->atol > 0))
        return MS_ERROR(err, MS_EINPUT, "macrospin: rk45 needs positive rtol and atol");
    /* On reset with an unchanged shape, reuse the demag factors (their quadrature costs ~10 ms for
     * an ellipse, too much per table point). b->prepared says b->dev holds a prepared device. */
    const int same_shape = b->prepared && dev->geometry != MS_GEOMETRY_GIVEN &&
                           dev->geometry == b->dev.geometry &&
                           memcmp(dev->size, b->dev.size, sizeof dev->size) == 0;
    double demag[3], volume = b->dev.volume;
    const ms_geometry_kind geometry = dev->geometry;  /* dev may alias b->dev */
    memcpy(demag, b->dev.demag, sizeof demag);
    b->dev = *dev;
    b->opt = *opt;
    b->prepared = 0;
    if (same_shape) {
        b->dev.geometry = MS_GEOMETRY_GIVEN;
        memcpy(b->dev.demag, demag, sizeof demag);
        b->dev.volume = volume;
    }
    MS_TRY(ms_macrospin_device_prepare(&b->dev, err));
    b->dev.geometry = geometry;
    b->prepared = 1;
    if (opt->initial == MS_INITIAL_VECTOR) {
        double *m0 = b->opt.m0;
        const double n0 = sqrt(m0[0] * m0[0] + m0[1] * m0[1] + m0[2] * m0[2]);
        if (!(n0 > 0))
            return MS_ERROR(err, MS_EINPUT, "macrospin: initial vector m0 must be non-zero");
    }
    b->gamma0 = MU0 * b->dev.gamma;
    b->key = ms_rng_key_make(b->ctx->seed);
    b->step = 0;
    setup_terms(b);
    const double *u = b->dev.axis, *m0 = b->opt.m0;
    const int down = opt->initial == MS_INITIAL_DOWN || opt->initial == MS_INITIAL_THERMAL_DOWN ||
                     (opt->initial == MS_INITIAL_VECTOR && m0[0] * u[0] + m0[1] * u[1] + m0[2] * u[2] < 0);
    for (int c = 0; c < 3; c++)
        b->s[c] = down ? -u[c] : u[c];
    for (size_t i = 0; i < b->n; i++) {
        double v;
        setup_trial(b, i, &v);
        setup_state(b, i, v);
        for (int j = 0; j < 12; j++)
            b->noise[j][i] = 0.0;
    }
    memset(b->blk_done, 0, b->n_blocks);
    const double h = max_field(b), steps = 2.0 * M_PI / (b->gamma0 * h * opt->dt);
    if (opt->integrator != MS_INTEGRATOR_RK45 && steps < 20)
        ms_ctx_warn(b->ctx, "macrospin: dt = %g s gives only %.1f steps per precession period of the "
                    "largest field (%.3g A/m); use dt <= %.3g s", opt->dt, steps, h,
                    2.0 * M_PI / (20.0 * b->gamma0 * h));
    return MS_OK;
fail:
    return status;
}

int ms_macrospin_batch_create(ms_macrospin_batch **out, const ms_macrospin_device *dev,
                              size_t n_trials, const ms_macrospin_options *opt, ms_ctx *ctx,
                              ms_error *err)
{
    *out = NULL;
    if (n_trials < 1 || !ctx)
        return MS_ERROR(err, MS_EINPUT, "macrospin: need at least one trial and a context");
    enum { N_ARRAYS = 25 };
    const size_t stride = (n_trials + 7) / 8 * 8;  /* 64-byte aligned arrays */
    /* refuse up front what cannot fit (the OOM killer would find out only after the pages are
     * touched): the batch arrays plus ~8 doubles per trial of results kept by the callers */
    char what[96];
    snprintf(what, sizeof what, "macrospin: a batch of %zu trials", n_trials);
    const int mem_status = ms_memory_check((double)n_trials * (N_ARRAYS + 8) * sizeof(double), what, err);
    if (mem_status)
        return mem_status;
    ms_macrospin_batch *b = calloc(1, sizeof *b);
    if (!b)
        return MS_ERROR(err, MS_ENOMEM, "macrospin: out of memory");
    b->n = n_trials;
    b->n_blocks = (n_trials + MS_MACROSPIN_BLOCK - 1) / MS_MACROSPIN_BLOCK;
    b->ctx = ctx;
    b->mem = aligned_alloc(64, N_ARRAYS * stride * sizeof(double));
    b->blk_done = calloc(b->n_blocks, 1);
    if (!b->mem || !b->blk_done) {
        ms_macrospin_batch_destroy(b);
        return MS_ERROR(err, MS_ENOMEM, "macrospin: out of memory for %zu trials", n_trials);
    }
    double **arrays[N_ARRAYS] = {&b->mx, &b->my, &b->mz, &b->tsw, &b->ms, &b->hk1, &b->hk2, &b->vcma,
                                 &b->alpha, &b->sig, &b->aj, &b->as, &b->h_rk,
                                 &b->noise[0], &b->noise[1], &b->noise[2], &b->noise[3], &b->noise[4],
                                 &b->noise[5], &b->noise[6], &b->noise[7], &b->noise[8], &b->noise[9],
                                 &b->noise[10], &b->noise[11]};
    for (size_t k = 0; k < N_ARRAYS; k++)
        *arrays[k] = b->mem + k * stride;
    const int status = batch_setup(b, dev, opt, err);
    if (status) {
        ms_macrospin_batch_destroy(b);
        return status;
    }
    ms_cite(ctx, "brown1963");
    ms_cite(ctx, "garciapalacios1998");
    if (b->dev.stt == MS_STT_SLONCZEWSKI)
        ms_cite(ctx, "slonczewski1996");
    if (b->opt.integrator == MS_INTEGRATOR_RK45)
        ms_cite(ctx, "dormand1980");
    if (b->dev.geometry == MS_GEOMETRY_BOX)
        ms_cite(ctx, "aharoni1998");
    ms_cite(ctx, "salmon2011");
    *out = b;
    return MS_OK;
}

int ms_macrospin_batch_reset(ms_macrospin_batch *b, const ms_macrospin_device *dev,
                             const ms_macrospin_options *opt, ms_error *err)
{
    return batch_setup(b, dev ? dev : &b->dev, opt ? opt : &b->opt, err);
}

void ms_macrospin_batch_destroy(ms_macrospin_batch *b)
{
    if (!b)
        return;
    free(b->mem);
    free(b->blk_done);
    free(b);
}

size_t ms_macrospin_batch_trials(const ms_macrospin_batch *b) { return b->n; }
double ms_macrospin_batch_time(const ms_macrospin_batch *b) { return (double)b->step * b->opt.dt; }
uint64_t ms_macrospin_batch_steps(const ms_macrospin_batch *b) { return b->step; }
const ms_macrospin_device *ms_macrospin_batch_device(const ms_macrospin_batch *b) { return &b->dev; }
double *ms_macrospin_batch_mx(ms_macrospin_batch *b) { return b->mx; }
double *ms_macrospin_batch_my(ms_macrospin_batch *b) { return b->my; }
double *ms_macrospin_batch_mz(ms_macrospin_batch *b) { return b->mz; }
const double *ms_macrospin_batch_switch_times(const ms_macrospin_batch *b) { return b->tsw; }
void ms_macrospin_batch_use_reference(ms_macrospin_batch *b, int on) { b->reference_kernel = on; }

void ms_macrospin_batch_get_m(const ms_macrospin_batch *b, size_t i, double m[3])
{
    m[0] = b->mx[i];
    m[1] = b->my[i];
    m[2] = b->mz[i];
}

void ms_macrospin_batch_reference(const ms_macrospin_batch *b, double s[3])
{
    memcpy(s, b->s, 3 * sizeof *s);
}

size_t ms_macrospin_batch_switched(const ms_macrospin_batch *b)
{
    size_t c = 0;
    for (size_t i = 0; i < b->n; i++)
        c += b->tsw[i] >= 0;
    return c;
}

void ms_macrospin_batch_stats(const ms_macrospin_batch *b, ms_macrospin_stats *s)
{
    double sx = 0, sy = 0, sz = 0, s2 = 0, sw = 0;
    const double *u = b->dev.axis;
    for (size_t i = 0; i < b->n; i++) {
        const double x = b->mx[i], y = b->my[i], z = b->mz[i], mu = x * u[0] + y * u[1] + z * u[2];
        sx += x;
        sy += y;
        sz += z;
        s2 += mu * mu;
        sw += b->tsw[i] >= 0;
    }
    const double inv = 1.0 / (double)b->n;
    s->t = ms_macrospin_batch_time(b);
    s->m_mean[0] = sx * inv;
    s->m_mean[1] = sy * inv;
    s->m_mean[2] = sz * inv;
    s->mu2 = s2 * inv;
    s->p_switched = sw * inv;
}
