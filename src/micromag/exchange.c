/* exchange.c — Heisenberg exchange, H_ex = (2A/(μ0 Ms)) ∇² m (A/m), energy E = A |∇m|² V.
 *
 * Six-neighbour finite differences with free (Neumann) boundaries: a missing or empty neighbour
 * contributes nothing. Along a periodic axis (ms_mesh.pbc > 0) the neighbours wrap around, so a
 * spin spiral of wavelength n d has the discrete energy density 2A (1 − cos(k d))/d², k = 2π/(n d)
 * (A k² in the continuum limit). Between cells i and j the stiffness is the harmonic mean
 * A_ij = 2 A_i A_j/(A_i + A_j), so H_i = Σ_j (2 A_ij/(μ0 Ms_i d²)) (m_j − m_i); the six couplings
 * are precomputed per cell (ms_exchange_couplings_update) so that the kernel is a stencil of
 * multiply-adds. Energy: E = −(μ0/2) V Σ Ms m·H (exact for the discrete energy).
 * The DMI boundary condition (dmi.c) adds the ghost-cell part of the exchange at edges. */
#include <gsl/gsl_const_mksa.h>
#include <stddef.h>
#include "system.h"

static double harmonic(double a, double b) { return a + b > 0 ? 2.0 * a * b / (a + b) : 0.0; }

/* Uniform material filling the whole mesh: one coupling per axis, no per-cell arrays to stream. */
static void couplings_uniform(ms_mm *s)
{
    const ms_mesh *g = s->mesh;
    s->exch_uniform = 1;
    for (size_t i = 0; i < s->n && s->exch_uniform; i++)
        s->exch_uniform = g->ms[i] > 0 && g->ms[i] == g->ms[0] && g->a_ex[i] == g->a_ex[0];
    const double c = s->exch_uniform ? 2.0 * g->a_ex[0] / (GSL_CONST_MKSA_VACUUM_PERMEABILITY * g->ms[0]) : 0;
    s->wx = c / (g->dx * g->dx), s->wy = c / (g->dy * g->dy), s->wz = c / (g->dz * g->dz);
}

/* Step to the neighbour along one axis, wrapping on a periodic axis (system.h). */
ptrdiff_t ms_exchange_step(int at, int sd, int n, ptrdiff_t stride, int periodic)
{
    const int to = at + sd;
    if (to >= 0 && to < n)
        return sd * stride;
    return periodic ? (ptrdiff_t)(sd > 0 ? -(n - 1) : n - 1) * stride : 0;
}

/* Coupling to the neighbour `step` away (none if step = 0: missing neighbour). */
static double coupling(const ms_mesh *g, size_t i, ptrdiff_t step, double c, double d)
{
    return step ? c * harmonic(g->a_ex[i], g->a_ex[(size_t)((ptrdiff_t)i + step)]) / (d * d) : 0.0;
}

void ms_exchange_couplings_update(ms_mm *s)
{
    const ms_mesh *g = s->mesh;
    const int nx = g->nx, ny = g->ny, nz = g->nz;
    const ptrdiff_t pl = (ptrdiff_t)nx * ny;
    const double mu0 = GSL_CONST_MKSA_VACUUM_PERMEABILITY;
    couplings_uniform(s);
    for (size_t i = 0; i < s->n; i++) {
        const int ix = (int)(i % nx), iy = (int)(i / nx % ny), iz = (int)(i / ((size_t)nx * ny));
        const double c = g->ms[i] > 0 ? 2.0 / (mu0 * g->ms[i]) : 0.0;
        s->wxp[i] = coupling(g, i, ms_exchange_step(ix, +1, nx, 1, g->pbc[0]), c, g->dx);
        s->wxm[i] = coupling(g, i, ms_exchange_step(ix, -1, nx, 1, g->pbc[0]), c, g->dx);
        s->wyp[i] = coupling(g, i, ms_exchange_step(iy, +1, ny, nx, g->pbc[1]), c, g->dy);
        s->wym[i] = coupling(g, i, ms_exchange_step(iy, -1, ny, nx, g->pbc[1]), c, g->dy);
        s->wzp[i] = coupling(g, i, ms_exchange_step(iz, +1, nz, pl, g->pbc[2]), c, g->dz);
        s->wzm[i] = coupling(g, i, ms_exchange_step(iz, -1, nz, pl, g->pbc[2]), c, g->dz);
    }
}

/* One row of cells along x. A missing neighbour row is replaced by the row itself (offset 0),
 * so it contributes m_i − m_i = 0; the x neighbours of the two end cells are clamped the same way
 * (or wrap around on a periodic axis).
 * The inner loop is branch-free and vectorises; thin films (nz = 1) skip the z couplings. */
static void exchange_row(const ms_mm *s, const double *m, double *h, int iy, int iz)
{
    const ms_mesh *g = s->mesh;
    const int nx = g->nx;
    const size_t n = s->n, pl = (size_t)nx * g->ny, r0 = (size_t)nx * ((size_t)iy + (size_t)g->ny * iz);
    const ptrdiff_t yp = ms_exchange_step(iy, +1, g->ny, nx, g->pbc[1]);
    const ptrdiff_t ym = ms_exchange_step(iy, -1, g->ny, nx, g->pbc[1]);
    const ptrdiff_t zp = ms_exchange_step(iz, +1, g->nz, (ptrdiff_t)pl, g->pbc[2]);
    const ptrdiff_t zm = ms_exchange_step(iz, -1, g->nz, (ptrdiff_t)pl, g->pbc[2]);
    const double *restrict wxp = s->wxp + r0, *restrict wxm = s->wxm + r0;
    const double *restrict wyp = s->wyp + r0, *restrict wym = s->wym + r0;
    const double *restrict wzp = s->wzp + r0, *restrict wzm = s->wzm + r0;
    for (int c = 0; c < 3; c++) {
        const double *restrict mc = m + c * n + r0;
        double *restrict hc = h + c * n + r0;
        for (int ix = 0; ix < nx; ix += nx > 1 ? nx - 1 : 1) {  /* the two end cells */
            const int xp = ix + (int)ms_exchange_step(ix, +1, nx, 1, g->pbc[0]);
            const int xm = ix + (int)ms_exchange_step(ix, -1, nx, 1, g->pbc[0]);
            const double mi = mc[ix];
            hc[ix] += wxp[ix] * (mc[xp] - mi) + wxm[ix] * (mc[xm] - mi) +
                      wyp[ix] * (mc[ix + yp] - mi) + wym[ix] * (mc[ix + ym] - mi) +
                      wzp[ix] * (mc[ix + zp] - mi) + wzm[ix] * (mc[ix + zm] - mi);
        }
        if (g->nz == 1) {
#pragma omp simd
            for (int ix = 1; ix < nx - 1; ix++) {
                const double mi = mc[ix];
                hc[ix] += wxp[ix] * (mc[ix + 1] - mi) + wxm[ix] * (mc[ix - 1] - mi) +
                          wyp[ix] * (mc[ix + yp] - mi) + wym[ix] * (mc[ix + ym] - mi);
            }
            continue;
        }
#pragma omp simd
        for (int ix = 1; ix < nx - 1; ix++) {
            const double mi = mc[ix];
            hc[ix] += wxp[ix] * (mc[ix + 1] - mi) + wxm[ix] * (mc[ix - 1] - mi) +
                      wyp[ix] * (mc[ix + yp] - mi) + wym[ix] * (mc[ix + ym] - mi) +
                      wzp[ix] * (mc[ix + zp] - mi) + wzm[ix] * (mc[ix + zm] - mi);
        }
    }
}

/* Uniform couplings, thin film: the same stencil with constant weights (missing neighbours are
 * clamped to the cell itself as above, so edges need no special weights). */
static void exchange_row_uniform(const ms_mm *s, const double *m, double *h, int iy)
{
    const ms_mesh *g = s->mesh;
    const int nx = g->nx;
    const size_t n = s->n, r0 = (size_t)nx * (size_t)iy;
    const ptrdiff_t yp = ms_exchange_step(iy, +1, g->ny, nx, g->pbc[1]);
    const ptrdiff_t ym = ms_exchange_step(iy, -1, g->ny, nx, g->pbc[1]);
    const double wx = s->wx, wy = s->wy;
    for (int c = 0; c < 3; c++) {
        const double *restrict mc = m + c * n + r0;
        double *restrict hc = h + c * n + r0;
        for (int ix = 0; ix < nx; ix += nx > 1 ? nx - 1 : 1) {  /* the two end cells */
            const int xp = ix + (int)ms_exchange_step(ix, +1, nx, 1, g->pbc[0]);
            const int xm = ix + (int)ms_exchange_step(ix, -1, nx, 1, g->pbc[0]);
            hc[ix] += wx * (mc[xp] + mc[xm] - 2.0 * mc[ix]) +
                      wy * (mc[ix + yp] + mc[ix + ym] - 2.0 * mc[ix]);
        }
#pragma omp simd
        for (int ix = 1; ix < nx - 1; ix++)
            hc[ix] += wx * (mc[ix + 1] + mc[ix - 1] - 2.0 * mc[ix]) +
                      wy * (mc[ix + yp] + mc[ix + ym] - 2.0 * mc[ix]);
    }
}

static void exchange_field_add(ms_mm *s, double t, const double *m, double *h)
{
    (void)t;
    size_t r0, r1;
    ms_mm_rows(s, &r0, &r1);
    if (s->exch_uniform && s->mesh->nz == 1) {
        for (size_t r = r0; r < r1; r++)
            exchange_row_uniform(s, m, h, (int)r);
        return;
    }
    const size_t ny = (size_t)s->mesh->ny;
    for (size_t r = r0; r < r1; r++)
        exchange_row(s, m, h, (int)(r % ny), (int)(r / ny));
}

static double exchange_energy(const ms_mm *s, const double *m, const double *h)
{
    return ms_mm_energy_from_field(s, m, h, 0.5);
}

static int exchange_active(const ms_mm *s) { return s->n > 1; }

const ms_mm_term ms_term_exchange = {
    .name = "exchange", .active = exchange_active, .field_add = exchange_field_add, .energy = exchange_energy};
