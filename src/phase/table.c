/* table.c — the phase engine of `metaspin table` (table.engine = "phase"; tablegen.h conventions,
 * docs/phase.md). Point (h, amplitude, width, T, direction):
 *   hidden state c = h (T_t(c) = T_t0 + dT_t/dc · c), bath temperature T;
 *   to_plus  (AF→FM): every grain starts AF; to_minus (FM→AF): every grain starts FM;
 *   write pulse: trapezoid (table.pulse.delay, rise, width, fall) of the heating current
 *   I = J · phase.thermal.area (kind current_density; Joule heating through the lumped thermal
 *   model) or of the field H (kind field); then table.pulse.relax at zero drive; read: switched when
 *   the binary state (φ ≥ threshold = FM) differs from the start. Heating and field both favour FM,
 *   so to_minus measures the thermal decay of the FM state during the write window (a reset in this
 *   device is a cooling of the bath below the loop or a gate shift of T_t); it is not driven.
 * Statistics as the macrospin engine (protocol.c): batches of table.trials until the Wilson 95 %
 * half-width ≤ target or table.max_trials; batch b of point p uses streams (p << 32) + b · batch;
 * mean and 10/50/90 % quantiles of the first threshold crossing (from the pulse start) over the
 * trials switched at the read. source = 0 always (no model fill for this engine). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/table.h"
#include "metaspin/tablegen.h"

struct ms_phase_table {
    const ms_tablegen_spec *spec;
    ms_ctx *ctx;
    ms_phase_batch *batch;
    size_t batch_n, n_batches, n_sw;
    double *t_sw;
    uint64_t grain_steps;
};

static const double Z95 = 1.959963984540054;

int ms_phase_table_create(ms_phase_table **out, const ms_tablegen_spec *spec, ms_ctx *ctx, ms_error *err)
{
    *out = NULL;
    if (spec->kind == MS_TABLEGEN_VOLTAGE)
        return MS_ERROR(err, MS_EINPUT, "table: the phase engine takes current_density or field drives");
    ms_cite(ctx, "wilson1927");  /* P intervals */
    ms_phase_table *pt = calloc(1, sizeof *pt);
    if (!pt)
        return MS_ERROR(err, MS_ENOMEM, "table: out of memory");
    pt->spec = spec;
    pt->ctx = ctx;
    pt->batch_n = spec->trials < spec->max_trials ? spec->trials : spec->max_trials;
    pt->n_batches = (spec->max_trials + pt->batch_n - 1) / pt->batch_n;
    pt->t_sw = malloc(pt->n_batches * pt->batch_n * sizeof *pt->t_sw);
    if (!pt->t_sw) {
        free(pt);
        return MS_ERROR(err, MS_ENOMEM, "table: out of memory for %zu switching times", spec->max_trials);
    }
    int status = ms_phase_batch_create(&pt->batch, &spec->phase, pt->batch_n, ctx, err);
    if (status) {
        ms_phase_table_destroy(pt);
        return status;
    }
    *out = pt;
    return MS_OK;
}

void ms_phase_table_destroy(ms_phase_table *pt)
{
    if (!pt)
        return;
    ms_phase_batch_destroy(pt->batch);
    free(pt->t_sw);
    free(pt);
}

uint64_t ms_phase_table_grain_steps(const ms_phase_table *pt)
{
    return pt->grain_steps;
}

/* The drive of point (ia, iw, it): the spec's thermal circuit at bath T with the write pulse. */
static void point_drive(const ms_tablegen_spec *s, size_t ia, size_t iw, size_t it, ms_phase_drive *d)
{
    *d = s->phase_drive;
    d->prescribed = 0;
    d->t_bath = s->temperature[it];
    const ms_waveform pulse = {.kind = MS_WAVE_PULSE, .start = s->delay, .rise = s->rise,
                               .width = s->width[iw], .fall = s->fall};
    d->current = d->field = (ms_waveform){.kind = MS_WAVE_DC};
    if (s->kind == MS_TABLEGEN_CURRENT) {
        d->current = pulse;
        d->current.amplitude = s->amplitude[ia] * s->phase_area;
    } else {
        d->field = pulse;
        d->field.amplitude = s->amplitude[ia];
    }
}

/* Count the trials whose binary state left the start; collect their first crossing times. */
static uint64_t read_batch(ms_phase_table *pt, int initial_fm)
{
    const ms_phase_batch *b = pt->batch;
    const double *tsw = ms_phase_batch_switch_times(b);
    uint64_t k = 0;
    for (size_t i = 0; i < pt->batch_n; i++) {
        const int fm = ms_phase_batch_phi(b, i) >= pt->spec->phase.threshold;
        if (fm != initial_fm) {
            k++;
            if (tsw[i] >= 0)
                pt->t_sw[pt->n_sw++] = tsw[i] - pt->spec->delay;
        }
    }
    return k;
}

int ms_phase_point_run(ms_phase_table *pt, size_t p, double *rec, ms_error *err)
{
    const ms_tablegen_spec *s = pt->spec;
    size_t ih, ia, iw, it;
    int dir, status = MS_OK;
    ms_tablegen_point_index(s, p, &ih, &ia, &iw, &it, &dir);
    ms_phase_drive d;
    point_drive(s, ia, iw, it, &d);
    const int initial_fm = dir == MS_TABLE_TO_MINUS;
    const double t_end = s->delay + s->rise + s->width[iw] + s->fall + s->relax;
    uint64_t k = 0, n = 0;
    double lo = 0, hi = 1;
    pt->n_sw = 0;
    for (size_t b = 0; b < pt->n_batches; b++) {
        const uint64_t offset = ((uint64_t)p << 32) + (uint64_t)(b * pt->batch_n);
        MS_TRY(ms_phase_batch_reset(pt->batch, &d, s->h[ih], initial_fm, offset, err));
        MS_TRY(ms_phase_batch_run(pt->batch, &d, t_end, 0, err));
        pt->grain_steps += ms_phase_batch_grain_steps(pt->batch);
        k += read_batch(pt, initial_fm);
        n += pt->batch_n;
        ms_wilson_interval(k, n, Z95, &lo, &hi);
        if (s->target_halfwidth > 0 && 0.5 * (hi - lo) <= s->target_halfwidth)
            break;
    }
    rec[MS_TABLEGEN_P] = (double)k / (double)n;
    rec[MS_TABLEGEN_CI_LO] = lo;
    rec[MS_TABLEGEN_CI_HI] = hi;
    rec[MS_TABLEGEN_N] = (double)n;
    rec[MS_TABLEGEN_K] = (double)k;
    ms_tablegen_time_stats(pt->t_sw, pt->n_sw, rec);
    rec[MS_TABLEGEN_SOURCE] = 0;
    return MS_OK;
fail:
    if (status == MS_ENUMERIC)
        ms_error_prefix(err, "table point %zu (h %zu, amplitude %zu, width %zu, T %zu, direction %d)", p, ih, ia,
                        iw, it, dir);
    return status;
}
