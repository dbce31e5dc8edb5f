/* thermal.c — Brown's thermal field per cell (A/m), PHYSICS.md §1:
 *
 *   H_th = η sqrt( 2 α kB T / (γ0 μ0 Ms V Δt) ),  η ~ N(0, 1) per component,
 *
 * with V = cell volume and γ0 the Gilbert gyromagnetic ratio (not γ0/(1+α²)). The field is drawn
 * once per step by ms_mm_thermal_draw (stream = cell index + MS_RNG_DOMAIN(MS_RNG_THERMAL),
 * counter = step), so a cell's noise depends only on (seed, cell, step): identical for any thread
 * count. It is not an energy term. Reference: W. F. Brown, Phys. Rev. 130, 1677 (1963). */
#include <gsl/gsl_const_mksa.h>
#include <math.h>
#include "system.h"

enum { THERMAL_BLOCK = 1024 };

static void draw_team(ms_mm *s, uint64_t step, double dt)
{
    const size_t n = s->n;
    double *hx = s->h_th, *hy = hx + n, *hz = hy + n;
    const double kb = GSL_CONST_MKSA_BOLTZMANN, mu0 = GSL_CONST_MKSA_VACUUM_PERMEABILITY;
    const double base = 2.0 * kb * s->drive.temperature / (s->drive.gamma0 * mu0 * s->volume * dt);
    const long blocks = (long)((n + THERMAL_BLOCK - 1) / THERMAL_BLOCK);
    const uint64_t domain = MS_RNG_DOMAIN(MS_RNG_THERMAL);
#pragma omp for schedule(static)
    for (long b = 0; b < blocks; b++) {
        const size_t i0 = (size_t)b * THERMAL_BLOCK;
        const size_t len = i0 + THERMAL_BLOCK <= n ? THERMAL_BLOCK : n - i0;
        ms_rng_normal4_batch(s->key, domain + i0, len, step, hx + i0, hy + i0, hz + i0, NULL);
        for (size_t i = i0; i < i0 + len; i++) {
            const double ms = s->mesh->ms[i];
            const double sigma = ms > 0 ? sqrt(base * s->mesh->alpha[i] / ms) : 0.0;
            hx[i] *= sigma, hy[i] *= sigma, hz[i] *= sigma;
        }
    }
}

void ms_mm_thermal_draw(ms_mm *s, uint64_t step, double dt)
{
    MS_MM_TEAM(s, draw_team(s, step, dt));
}

static void thermal_field_add(ms_mm *s, double t, const double *m, double *h)
{
    (void)t, (void)m;
    const double *restrict th = s->h_th;
    MS_MM_FOR3(s, i, h[i] += th[i]);
}

static int thermal_active(const ms_mm *s) { return s->thermal_on; }

const ms_mm_term ms_term_thermal = {
    .name = "thermal", .active = thermal_active, .field_add = thermal_field_add, .energy = NULL};
