/* protocol.c — the per-point switching protocol of PHYSICS.md §4 and its adaptive trial loop,
 * shared by the batched macrospin engine (here), the finite-difference mesh engine
 * (engine_mesh.c, table.engine = "mesh") and the FM/AFM grain engine (src/phase/table.c,
 * table.engine = "phase"): thermalised start in the initial well (drawn with the
 * drive off), trapezoidal write pulse, relaxation, read of the final state (switched when m·s < 0,
 * s = initial direction); N trials in batches until the Wilson 95 % half-width reaches the target or
 * N_max; mean and 10/50/90 % quantiles of the switching time (first threshold crossing, measured
 * from the start of the pulse) over the trials switched at the read. Points the sampling cannot
 * resolve (N_max · P_model below the cutoff, collinear drives) are filled from the exact MFPT model
 * (tablegen_model.c, the macrospin-equivalent device for the macrospin and mesh engines; the
 * phase engine is always sampled) and flagged source = 1.
 * Streams: batch b of point p runs trials with stream_offset (p << 32) + b · batch, so the record
 * of a point is a function of (seed, p) only. One macrospin batch is created per generator and
 * reused (ms_macrospin_batch_reset: no allocation per point). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/table.h"
#include "metaspin/tablegen.h"
#include "engine_mesh.h"

struct ms_tablegen {
    ms_tablegen_spec spec;
    ms_ctx inner;           /* ctx copy without progress (the batch's own progress is too fine) */
    ms_ctx *ctx;
    ms_macrospin_batch *batch;
    size_t batch_n, n_batches;
    double *t_sw;           /* switching times of the current point (max_trials, allocated once) */
    double *m0;             /* [3][batch] thermalised start states drawn with the drive off */
    size_t n_sw;
    uint64_t trial_steps;
    char warned[8][32];     /* prefixes of warnings already forwarded (one per kind per table) */
    int n_warned;
    ms_phase_table *phase;  /* engine phase: batches of grain trials (src/phase/table.c) */
    ms_engine_mesh *mesh;   /* engine mesh: batches of mesh trials (engine_mesh.c) */
    uint8_t *sw_flag;       /* engines mesh, phase: [batch] switched at the read */
    double *sw_time;        /* engines mesh, phase: [batch] first crossing (s from t = 0; < 0: none) */
    /* the point being run (macrospin engine) */
    ms_macrospin_device dev, idle;
    ms_macrospin_options opt;
    double t_end;
};

/* One batch of trials of point p on streams stream_offset + i: adds the trials switched at the
 * read to *k and appends their switching times (from the pulse start) to tg->t_sw. */
typedef int (*batch_fn)(ms_tablegen *tg, size_t p, uint64_t stream_offset, uint64_t *k, ms_error *err);

/* The batch warns at every reset (e.g. about the step size); forward each kind of warning once. */
static void forward_warning(void *user, const char *message)
{
    ms_tablegen *tg = user;
    for (int k = 0; k < tg->n_warned; k++)
        if (strncmp(tg->warned[k], message, sizeof tg->warned[k] - 1) == 0)
            return;
    if (tg->n_warned < 8)
        snprintf(tg->warned[tg->n_warned++], sizeof tg->warned[0], "%s", message);
    if (tg->ctx->warn)
        tg->ctx->warn(tg->ctx->user, message);
}

static const double Z95 = 1.959963984540054;

int ms_tablegen_create(ms_tablegen **out, const ms_tablegen_spec *spec, ms_ctx *ctx, ms_error *err)
{
    *out = NULL;
    int status = ms_tablegen_spec_check(spec, err);
    if (status)
        return status;
    ms_tablegen *tg = calloc(1, sizeof *tg);
    if (!tg)
        return MS_ERROR(err, MS_ENOMEM, "table: out of memory");
    tg->spec = *spec;
    tg->ctx = ctx;
    tg->inner = *ctx;
    tg->inner.progress = NULL;
    tg->inner.warn = forward_warning;
    tg->inner.user = tg;
    tg->batch_n = spec->trials < spec->max_trials ? spec->trials : spec->max_trials;
    tg->n_batches = (spec->max_trials + tg->batch_n - 1) / tg->batch_n;
    tg->t_sw = malloc(tg->n_batches * tg->batch_n * sizeof *tg->t_sw);
    tg->m0 = malloc(3 * tg->batch_n * sizeof *tg->m0);
    tg->sw_flag = malloc(tg->batch_n);
    tg->sw_time = malloc(tg->batch_n * sizeof *tg->sw_time);
    if (!tg->t_sw || !tg->m0 || !tg->sw_flag || !tg->sw_time) {
        ms_tablegen_destroy(tg);
        return MS_ERROR(err, MS_ENOMEM, "table: out of memory for %zu switching times", spec->max_trials);
    }
    ms_cite(ctx, "wilson1927");
    if (spec->engine == MS_TABLEGEN_ENGINE_PHASE) {
        MS_TRY(ms_phase_table_create(&tg->phase, &tg->spec, tg->batch_n, ctx, err));
        *out = tg;
        return MS_OK;
    }
    if (spec->engine == MS_TABLEGEN_ENGINE_MESH) {
        MS_TRY(ms_engine_mesh_create(&tg->mesh, &tg->spec, tg->batch_n, ctx, err));
        *out = tg;
        return MS_OK;
    }
    ms_macrospin_device dev;
    ms_macrospin_options opt = spec->options;
    opt.initial = MS_INITIAL_THERMAL_DOWN;
    opt.stop_when_switched = 0;
    MS_TRY(ms_tablegen_point_device(spec, 0, &dev, err));
    MS_TRY(ms_macrospin_batch_create(&tg->batch, &dev, tg->batch_n, &opt, &tg->inner, err));
    ms_cite(ctx, "brown1963");
    ms_cite(ctx, "garciapalacios1998");
    *out = tg;
    return MS_OK;
fail:
    ms_tablegen_destroy(tg);
    return status;
}

void ms_tablegen_destroy(ms_tablegen *tg)
{
    if (!tg)
        return;
    ms_macrospin_batch_destroy(tg->batch);
    ms_phase_table_destroy(tg->phase);
    ms_engine_mesh_destroy(tg->mesh);
    free(tg->t_sw);
    free(tg->m0);
    free(tg->sw_flag);
    free(tg->sw_time);
    free(tg);
}

const ms_tablegen_spec *ms_tablegen_get_spec(const ms_tablegen *tg)
{
    return &tg->spec;
}

uint64_t ms_tablegen_trial_steps(const ms_tablegen *tg)
{
    if (tg->phase)
        return ms_phase_table_grain_steps(tg->phase);
    if (tg->mesh)
        return ms_engine_mesh_trial_steps(tg->mesh);
    return tg->trial_steps;
}

/* Count switched trials and collect their switching times after a batch has run. */
static void read_batch(ms_tablegen *tg, double delay, uint64_t *k)
{
    const ms_macrospin_batch *b = tg->batch;
    const size_t n = ms_macrospin_batch_trials(b);
    const double *tsw = ms_macrospin_batch_switch_times(b);
    double s[3], m[3];
    ms_macrospin_batch_reference(b, s);
    for (size_t i = 0; i < n; i++) {
        ms_macrospin_batch_get_m(b, i, m);
        if (m[0] * s[0] + m[1] * s[1] + m[2] * s[2] < 0) {
            ++*k;
            if (tsw[i] >= 0)
                tg->t_sw[tg->n_sw++] = tsw[i] - delay;
        }
    }
}

/* Reset the batch for one batch of trials: the thermalised start is drawn from the device with
 * the drive off (the equilibrium before the pulse arrives), then the pulse device is installed
 * and the start states are put back (same streams, so the same per-trial device variation). */
static int reset_batch(ms_tablegen *tg, const ms_macrospin_device *idle, const ms_macrospin_device *dev,
                       const ms_macrospin_options *opt, ms_error *err)
{
    const size_t n = tg->batch_n;
    int status = ms_macrospin_batch_reset(tg->batch, idle, opt, err);
    if (status)
        return status;
    memcpy(tg->m0, ms_macrospin_batch_mx(tg->batch), n * sizeof *tg->m0);
    memcpy(tg->m0 + n, ms_macrospin_batch_my(tg->batch), n * sizeof *tg->m0);
    memcpy(tg->m0 + 2 * n, ms_macrospin_batch_mz(tg->batch), n * sizeof *tg->m0);
    if ((status = ms_macrospin_batch_reset(tg->batch, dev, opt, err)))
        return status;
    memcpy(ms_macrospin_batch_mx(tg->batch), tg->m0, n * sizeof *tg->m0);
    memcpy(ms_macrospin_batch_my(tg->batch), tg->m0 + n, n * sizeof *tg->m0);
    memcpy(ms_macrospin_batch_mz(tg->batch), tg->m0 + 2 * n, n * sizeof *tg->m0);
    return MS_OK;
}

static int compare_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void ms_tablegen_time_stats(double *t_sw, size_t n, double *rec)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += t_sw[i];
    rec[MS_TABLEGEN_T_MEAN] = n ? sum / (double)n : NAN;
    qsort(t_sw, n, sizeof *t_sw, compare_double);
    static const double q[3] = {0.1, 0.5, 0.9};
    for (int j = 0; j < 3; j++) {
        double v = NAN;
        if (n) {
            const double x = q[j] * (double)(n - 1);
            const size_t lo = (size_t)x, hi = lo + 1 < n ? lo + 1 : lo;
            v = t_sw[lo] + (x - (double)lo) * (t_sw[hi] - t_sw[lo]);
        }
        rec[MS_TABLEGEN_T_Q10 + j] = v;
    }
}

static int fill_from_model(ms_tablegen *tg, size_t p, double *rec, int *filled, ms_error *err)
{
    const ms_tablegen_spec *s = &tg->spec;
    double pm;
    int applicable;
    *filled = 0;
    if (!(s->model_cutoff > 0))
        return MS_OK;
    int status = ms_tablegen_model_p(s, p, &pm, &applicable, err);
    if (status || !applicable || !((double)(tg->n_batches * tg->batch_n) * pm < s->model_cutoff))
        return status;
    rec[MS_TABLEGEN_P] = rec[MS_TABLEGEN_CI_LO] = rec[MS_TABLEGEN_CI_HI] = pm;
    rec[MS_TABLEGEN_N] = rec[MS_TABLEGEN_K] = 0;
    rec[MS_TABLEGEN_T_MEAN] = rec[MS_TABLEGEN_T_Q10] = rec[MS_TABLEGEN_T_Q50] = rec[MS_TABLEGEN_T_Q90] = NAN;
    rec[MS_TABLEGEN_SOURCE] = 1;
    *filled = 1;
    return MS_OK;
}

/* Macrospin engine: one reset + run of the reused batch on the point device set up by
 * macrospin_point. */
static int macrospin_batch(ms_tablegen *tg, size_t p, uint64_t stream_offset, uint64_t *k, ms_error *err)
{
    (void)p;
    ms_macrospin_options opt = tg->opt;
    opt.stream_offset = stream_offset;
    int status = reset_batch(tg, &tg->idle, &tg->dev, &opt, err);
    if (status == MS_OK)
        status = ms_macrospin_batch_run(tg->batch, tg->t_end, 0.0, NULL, NULL, err);
    if (status)
        return status;
    tg->trial_steps += (uint64_t)tg->batch_n * ms_macrospin_batch_steps(tg->batch);
    read_batch(tg, tg->spec.delay, k);
    return MS_OK;
}

static int macrospin_point(ms_tablegen *tg, size_t p, ms_error *err)
{
    const ms_tablegen_spec *s = &tg->spec;
    size_t ih, ia, iw, it;
    int dir, status;
    ms_tablegen_point_index(s, p, &ih, &ia, &iw, &it, &dir);
    MS_TRY(ms_tablegen_point_device(s, p, &tg->dev, err));
    MS_TRY(ms_tablegen_device(s, ih, s->temperature[it], &tg->idle, err));
    tg->opt = s->options;
    tg->opt.initial = dir == MS_TABLE_TO_PLUS ? MS_INITIAL_THERMAL_DOWN : MS_INITIAL_THERMAL_UP;
    tg->opt.stop_when_switched = 0;
    tg->t_end = s->delay + s->rise + s->width[iw] + s->fall + s->relax;
fail:
    return status;
}

/* Mesh and phase engines: one batch of their trials (engine_mesh.c, src/phase/table.c), which
 * report switched flags and crossing times, read as read_batch reads a macrospin batch. */
static int flagged_batch(ms_tablegen *tg, size_t p, uint64_t stream_offset, uint64_t *k, ms_error *err)
{
    int status = tg->mesh ? ms_engine_mesh_batch_run(tg->mesh, p, stream_offset, tg->batch_n, tg->sw_flag, tg->sw_time, err)
                          : ms_phase_table_batch_run(tg->phase, p, stream_offset, tg->batch_n, tg->sw_flag, tg->sw_time, err);
    if (status)
        return status;
    for (size_t i = 0; i < tg->batch_n; i++) {
        if (!tg->sw_flag[i])
            continue;
        ++*k;
        if (tg->sw_time[i] >= 0)
            tg->t_sw[tg->n_sw++] = tg->sw_time[i] - tg->spec.delay;
    }
    return MS_OK;
}

/* The adaptive loop of PHYSICS.md §4 for either engine: batches until the Wilson half-width
 * reaches the target or N_max, then P, the interval, counts and the switching-time statistics. */
static int adaptive_run(ms_tablegen *tg, size_t p, batch_fn run_batch, double *rec, ms_error *err)
{
    const ms_tablegen_spec *s = &tg->spec;
    uint64_t k = 0, n = 0;
    double lo = 0, hi = 1;
    tg->n_sw = 0;
    for (size_t b = 0; b < tg->n_batches; b++) {
        const uint64_t offset = ((uint64_t)p << 32) + (uint64_t)(b * tg->batch_n);
        int status = run_batch(tg, p, offset, &k, err);
        if (status)
            return status;
        n += tg->batch_n;
        ms_wilson_interval(k, n, Z95, &lo, &hi);
        if (s->target_halfwidth > 0 && 0.5 * (hi - lo) <= s->target_halfwidth)
            break;
    }
    rec[MS_TABLEGEN_P] = (double)k / (double)n;
    rec[MS_TABLEGEN_CI_LO] = lo;
    rec[MS_TABLEGEN_CI_HI] = hi;
    rec[MS_TABLEGEN_N] = (double)n;
    rec[MS_TABLEGEN_K] = (double)k;
    ms_tablegen_time_stats(tg->t_sw, tg->n_sw, rec);
    rec[MS_TABLEGEN_SOURCE] = 0;
    return MS_OK;
}

int ms_tablegen_point_run(ms_tablegen *tg, size_t p, double *rec, ms_error *err)
{
    const ms_tablegen_spec *s = &tg->spec;
    int status, filled, dir;
    size_t ih, ia, iw, it;
    if (p >= ms_tablegen_spec_points(s))
        return MS_ERROR(err, MS_EINPUT, "table: point %zu out of range", p);
    ms_tablegen_point_index(s, p, &ih, &ia, &iw, &it, &dir);
    if (!tg->phase) {
        MS_TRY(fill_from_model(tg, p, rec, &filled, err));
        if (filled)
            return MS_OK;
    }
    const int flagged = tg->mesh || tg->phase;
    if (!flagged)
        MS_TRY(macrospin_point(tg, p, err));
    MS_TRY(adaptive_run(tg, p, flagged ? flagged_batch : macrospin_batch, rec, err));
    return MS_OK;
fail:
    if (status == MS_ENUMERIC)
        ms_error_prefix(err, "table point %zu (h %zu, amplitude %zu, width %zu, T %zu, direction %d)",
                        p, ih, ia, iw, it, dir);
    return status;
}
