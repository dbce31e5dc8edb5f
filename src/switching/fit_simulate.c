/* fit_simulate.c — switching probability at the measured points from the stochastic macrospin
 * solver (`metaspin fit --simulate CONFIG`), and its distance to the data.
 *
 * Protocol per point (PHYSICS.md §4): the configured device at the point's temperature starts in
 * its initial state (macrospin.initial, thermalised in the well by default); a trapezoidal pulse
 * (rise and fall from the config's drive waveform, plateau = the point's width) of the point's
 * amplitude drives it: current density → drive.current (STT), current I → J = I/A with the device
 * cross-section A = V/t (t = thickness of the geometry), voltage → drive.voltage (VCMA), field →
 * drive.field along drive.field.direction. After the pulse the system relaxes for
 * fit.simulate_relax and is read: switched when m·s < 0 (s = initial well direction). N trials
 * (macrospin.trials) per point, streams offset by the point index so that every point has its own
 * noise. Points needing more than fit.simulate_max_steps solver steps are skipped (flagged NaN):
 * there the closed-form models apply (PHYSICS.md §4).
 *
 * Distance to the data over the simulated points, no parameter fitted (dof = points):
 * binomial deviance of the data given P_sim (P_sim clamped to [1/(2N), 1 − 1/(2N)]), Pearson
 * χ² with the variance of both samples, p(1 − p)(1/n + 1/N), and R² on p. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include "metaspin/fit.h"

void ms_fit_simulation_destroy(ms_fit_simulation *s)
{
    if (!s)
        return;
    free(s->p_sim);
    free(s->lo);
    free(s->hi);
    free(s);
}

/* Drive of one point: copies the config's waveform shape, sets amplitude and plateau width. */
static int set_drive(ms_macrospin_device *dev, ms_fit_kind kind, double amp, double width,
                     double *t_pulse, ms_error *err)
{
    ms_waveform *w = kind == MS_FIT_VOLTAGE ? &dev->v_wave : kind == MS_FIT_FIELD ? &dev->h_wave
                                                                                : &dev->j_wave;
    if ((kind == MS_FIT_CURRENT || kind == MS_FIT_DENSITY) && dev->stt == MS_STT_NONE)
        return MS_ERROR(err, MS_EINPUT, "--simulate: the data drive a current but the device has "
                        "no spin-transfer torque (device.stt)");
    if (kind == MS_FIT_VOLTAGE && dev->vcma_xi == 0)
        return MS_ERROR(err, MS_EINPUT, "--simulate: the data drive a voltage but the device has "
                        "no VCMA (device.vcma.xi = 0)");
    if (kind == MS_FIT_CURRENT) {
        const double thickness = dev->geometry == MS_GEOMETRY_GIVEN ? dev->t_free : dev->size[2];
        amp /= dev->volume / thickness;  /* I -> J */
    }
    const int pulse = w->kind == MS_WAVE_PULSE;
    const double rise = pulse ? w->rise : 0, fall = pulse ? w->fall : 0;
    *w = (ms_waveform){.kind = MS_WAVE_PULSE, .amplitude = amp, .start = 0, .width = width,
                       .rise = rise, .fall = fall};
    *t_pulse = rise + width + fall;
    return MS_OK;
}

/* Fraction of trials whose final state lies in the other well. */
static size_t count_reversed(const ms_macrospin_batch *b)
{
    double s[3], m[3];
    size_t k = 0;
    ms_macrospin_batch_reference(b, s);
    for (size_t i = 0; i < ms_macrospin_batch_trials(b); i++) {
        ms_macrospin_batch_get_m(b, i, m);
        k += m[0] * s[0] + m[1] * s[1] + m[2] * s[2] < 0;
    }
    return k;
}

static void wilson(double k, double n, double *lo, double *hi)
{
    const double z = 1.959963984540054, p = k / n, den = 1 + z * z / n;
    const double mid = (p + z * z / (2 * n)) / den;
    const double half = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den;
    *lo = fmax(mid - half, 0), *hi = fmin(mid + half, 1);
}

static int simulate_point(const ms_fit_data *d, size_t j, const ms_macrospin_device *dev0,
                          const ms_macrospin_options *mo0, const ms_fit_sim_options *so,
                          ms_ctx *ctx, ms_fit_simulation *s, ms_error *err)
{
    ms_macrospin_device dev = *dev0;
    ms_macrospin_options mo = *mo0;
    double t_pulse = 0;
    dev.temperature = d->temperature[j];
    int status = set_drive(&dev, d->kind, d->amplitude[j], d->width[j], &t_pulse, err);
    if (status != MS_OK)
        return status;
    const double t_end = t_pulse + so->relax;
    s->p_sim[j] = s->lo[j] = s->hi[j] = NAN;
    if (t_end / mo.dt > so->max_steps)
        return MS_OK;
    mo.stop_when_switched = 0;
    mo.stream_offset = mo0->stream_offset + (uint64_t)j * so->trials;
    ms_macrospin_batch *b = NULL;
    status = ms_macrospin_batch_create(&b, &dev, so->trials, &mo, ctx, err);
    if (status == MS_OK)
        status = ms_macrospin_batch_run(b, t_end, t_end, NULL, NULL, err);
    if (status == MS_OK) {
        const double k = (double)count_reversed(b), n = (double)so->trials;
        s->p_sim[j] = k / n;
        wilson(k, n, &s->lo[j], &s->hi[j]);
        s->n_simulated++;
    }
    ms_macrospin_batch_destroy(b);
    if (status != MS_OK)
        ms_error_prefix(err, "--simulate: point at line %d", d->line[j]);
    return status;
}

static void distance(const ms_fit_data *d, ms_fit_simulation *s)
{
    const double big_n = (double)s->trials;
    double dev = 0, chi2 = 0, mean = 0, ss_res = 0, ss_tot = 0;
    for (size_t j = 0; j < d->n; j++)
        if (isfinite(s->p_sim[j]))
            mean += d->p[j] / (double)s->n_simulated;
    for (size_t j = 0; j < d->n; j++) {
        if (!isfinite(s->p_sim[j]))
            continue;
        const double p = fmin(fmax(s->p_sim[j], 0.5 / big_n), 1 - 0.5 / big_n);
        const double n = d->n_total ? d->n_total[j] : big_n, k = d->p[j] * n;
        if (k > 0)
            dev += 2 * k * log(k / (n * p));
        if (n - k > 0)
            dev += 2 * (n - k) * log((n - k) / (n * (1 - p)));
        const double e = d->p[j] - s->p_sim[j];
        chi2 += e * e / (p * (1 - p) * (1 / n + 1 / big_n));
        ss_res += e * e, ss_tot += (d->p[j] - mean) * (d->p[j] - mean);
    }
    s->deviance = dev, s->chi2 = chi2, s->dof = (double)s->n_simulated;
    s->p_value = s->n_simulated ? gsl_cdf_chisq_Q(chi2, s->dof) : NAN;
    s->r2 = ss_tot > 0 ? 1 - ss_res / ss_tot : NAN;
}

int ms_fit_simulate(const ms_fit_data *d, const ms_macrospin_device *dev,
                    const ms_macrospin_options *mo, const ms_fit_sim_options *so, ms_ctx *ctx,
                    ms_fit_simulation **out, ms_error *err)
{
    *out = NULL;
    if (so->trials < 1 || !(so->max_steps >= 1) || !(so->relax >= 0))
        return MS_ERROR(err, MS_EINPUT, "--simulate: needs trials >= 1, max_steps >= 1, relax >= 0");
    ms_fit_simulation *s = calloc(1, sizeof *s);
    if (s) {
        s->n = d->n, s->trials = so->trials;
        s->p_sim = malloc(d->n * sizeof(double));
        s->lo = malloc(d->n * sizeof(double));
        s->hi = malloc(d->n * sizeof(double));
    }
    if (!s || !s->p_sim || !s->lo || !s->hi) {
        ms_fit_simulation_destroy(s);
        return MS_ERROR(err, MS_ENOMEM, "--simulate: out of memory");
    }
    ms_macrospin_device prepared = *dev;
    int status = ms_macrospin_device_prepare(&prepared, err);
    /* The batches report no progress of their own, and their warnings (e.g. on Δt) only once. */
    ms_ctx sub = *ctx;
    sub.progress = NULL;
    for (size_t j = 0; j < d->n && status == MS_OK; j++) {
        status = simulate_point(d, j, &prepared, mo, so, &sub, s, err);
        sub.warn = NULL;
        ms_ctx_progress(ctx, "simulate", j + 1, d->n);
    }
    ctx->cited |= sub.cited;
    if (status != MS_OK) {
        ms_fit_simulation_destroy(s);
        return status;
    }
    distance(d, s);
    *out = s;
    return MS_OK;
}
