/* zeeman.c — applied field with a waveform, H(t) = h_dc + w(t) h_ac (A/m), E = −μ0 V Σ Ms m·H.
 *
 * w(t) is the shared waveform of waveform.h (dc: 0; pulse: 1 on [start, start + width) with optional
 * rise and fall; sine: sin(2π f (t − start)) for t >= start). The field is uniform over the mesh. */
#include <math.h>
#include "system.h"

void ms_zeeman_field_at(const ms_mm_waveform *w, double t, double h[3])
{
    const double a = ms_waveform_eval(&w->shape, t);
    for (int k = 0; k < 3; k++)
        h[k] = w->h_dc[k] + a * w->h_ac[k];
}

static void zeeman_field_add(ms_mm *s, double t, const double *m, double *h)
{
    (void)m;
    double b[3];
    ms_zeeman_field_at(&s->drive.field, t, b);
    const size_t n = s->n;
    const double *ms = s->mesh->ms;
    size_t lo, hi;
    ms_mm_cells(s, &lo, &hi);
#pragma omp simd
    for (size_t i = lo; i < hi; i++) {
        const double on = ms[i] > 0 ? 1.0 : 0.0;
        h[i] += on * b[0], h[n + i] += on * b[1], h[2 * n + i] += on * b[2];
    }
}

static double zeeman_energy(const ms_mm *s, const double *m, const double *h)
{
    return ms_mm_energy_from_field(s, m, h, 1.0);
}

static int zeeman_active(const ms_mm *s)
{
    const ms_mm_waveform *w = &s->drive.field;
    double sum = 0.0;
    for (int k = 0; k < 3; k++)
        sum += fabs(w->h_dc[k]) + ms_waveform_max_abs(&w->shape) * fabs(w->h_ac[k]);
    return sum > 0;
}

const ms_mm_term ms_term_zeeman = {
    .name = "zeeman", .active = zeeman_active, .field_add = zeeman_field_add, .energy = zeeman_energy};
