/* exchange_bias.c — unidirectional (exchange-bias) field per cell, H = h_eb (A/m), from the map
 * hebx/heby/hebz that the ionics module may set; E = −μ0 V Σ Ms m·h_eb. */
#include "system.h"

static void eb_field_add(ms_mm *s, double t, const double *m, double *h)
{
    (void)t, (void)m;
    const size_t n = s->n;
    const ms_mesh *g = s->mesh;
    size_t lo, hi;
    ms_mm_cells(s, &lo, &hi);
#pragma omp simd
    for (size_t i = lo; i < hi; i++)
        h[i] += g->hebx[i], h[n + i] += g->heby[i], h[2 * n + i] += g->hebz[i];
}

static double eb_energy(const ms_mm *s, const double *m, const double *h)
{
    return ms_mm_energy_from_field(s, m, h, 1.0);
}

static int eb_active(const ms_mm *s) { return s->eb_on; }

const ms_mm_term ms_term_exchange_bias = {
    .name = "exchange_bias", .active = eb_active, .field_add = eb_field_add, .energy = eb_energy};
