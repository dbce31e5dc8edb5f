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
 * This file runs batches of trials of one point; the adaptive loop over batches, the Wilson
 * interval and the switching-time statistics are protocol.c's, shared with the other engines.
 * source = 0 always (no model fill for this engine). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/table.h"
#include "metaspin/tablegen.h"

struct ms_phase_table {
    const ms_tablegen_spec *spec;
    ms_phase_batch *batch;
    size_t batch_n;
    uint64_t grain_steps;
};

int ms_phase_table_create(ms_phase_table **out, const ms_tablegen_spec *spec, size_t batch_n, ms_ctx *ctx,
                          ms_error *err)
{
    *out = NULL;
    if (spec->kind == MS_TABLEGEN_VOLTAGE)
        return MS_ERROR(err, MS_EINPUT, "table: the phase engine takes current_density or field drives");
    ms_phase_table *pt = calloc(1, sizeof *pt);
    if (!pt)
        return MS_ERROR(err, MS_ENOMEM, "table: out of memory");
    pt->spec = spec;
    pt->batch_n = batch_n;
    int status = ms_phase_batch_create(&pt->batch, &spec->phase, batch_n, ctx, err);
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

int ms_phase_table_batch_run(ms_phase_table *pt, size_t p, uint64_t stream_offset, size_t n,
                             uint8_t *switched, double *t_sw, ms_error *err)
{
    const ms_tablegen_spec *s = pt->spec;
    size_t ih, ia, iw, it;
    int dir, status = MS_OK;
    if (n != pt->batch_n)
        return MS_ERROR(err, MS_EINTERNAL, "table: phase batch of %zu trials, engine made for %zu", n, pt->batch_n);
    ms_tablegen_point_index(s, p, &ih, &ia, &iw, &it, &dir);
    ms_phase_drive d;
    point_drive(s, ia, iw, it, &d);
    const int initial_fm = dir == MS_TABLE_TO_MINUS;
    const double t_end = s->delay + s->rise + s->width[iw] + s->fall + s->relax;
    MS_TRY(ms_phase_batch_reset(pt->batch, &d, s->h[ih], initial_fm, stream_offset, err));
    MS_TRY(ms_phase_batch_run(pt->batch, &d, t_end, 0, err));
    pt->grain_steps += ms_phase_batch_grain_steps(pt->batch);
    const double *tsw = ms_phase_batch_switch_times(pt->batch);
    for (size_t i = 0; i < n; i++) {
        switched[i] = (ms_phase_batch_phi(pt->batch, i) >= s->phase.threshold) != initial_fm;
        t_sw[i] = tsw[i];
    }
fail:
    return status;
}
