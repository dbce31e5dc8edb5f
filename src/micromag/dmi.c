/* dmi.c — interfacial Dzyaloshinskii–Moriya interaction (thin film, interface normal +z).
 *
 * E/V = D [ m_z ∇·m − (m·∇) m_z ],  H = (2D/(μ0 Ms)) [ ∂x m_z, ∂y m_z, −(∂x m_x + ∂y m_y) ] (A/m),
 * with centred differences. At free edges (mesh boundary or empty neighbour) the boundary condition
 * ∂m/∂n = (D/(2A)) (ẑ × n) × m is imposed through a ghost neighbour
 *   m_ghost = m + Δ (D/(2A)) (ẑ × n) × m,
 * used in the DMI differences and in the exchange term (whose ghost part is added here, since
 * exchange.c treats edges as Neumann). Along a periodic axis (ms_mesh.pbc) the neighbours wrap
 * around and there is no edge: a cycloid m = (sin kx, 0, cos kx) of wavelength nx dx has the
 * energy density D sin(k dx)/dx (D k in the continuum). Each cell uses its own D and A. Same
 * discretisation as mumax3 (Vansteenkiste et al., AIP Advances 4, 107133 (2014)); energy
 * −(μ0/2) V Σ Ms m·H. */
#include <gsl/gsl_const_mksa.h>
#include "system.h"

/* Neighbour value or ghost along direction `axis` (0 = x, 1 = y) at side `sd` (−1 or +1). */
static void neighbour(const ms_mm *s, const double *m, size_t i, ptrdiff_t off, int exists,
                      int axis, int sd, double d, double out[3], int *ghost)
{
    const size_t n = s->n;
    const ms_mesh *g = s->mesh;
    if (exists && g->ms[i + off] > 0) {
        out[0] = m[i + off], out[1] = m[n + i + off], out[2] = m[2 * n + i + off];
        *ghost = 0;
        return;
    }
    const double m0[3] = {m[i], m[n + i], m[2 * n + i]};
    const double k = g->a_ex[i] > 0 ? sd * d * g->dmi[i] / (2.0 * g->a_ex[i]) : 0.0;
    out[0] = m0[0], out[1] = m0[1], out[2] = m0[2];
    out[axis] -= k * m0[2];      /* (ẑ × n) × m along n = ±x̂ or ±ŷ */
    out[2] += k * m0[axis];
    *ghost = 1;
}

static void dmi_cell(const ms_mm *s, const double *m, double *h, size_t i, int ix, int iy)
{
    const ms_mesh *g = s->mesh;
    const size_t n = s->n;
    const double mu0 = GSL_CONST_MKSA_VACUUM_PERMEABILITY;
    const double c = s->inv_ms[i] / mu0, D = g->dmi[i];
    const double m0[3] = {m[i], m[n + i], m[2 * n + i]};
    double acc[3] = {0, 0, 0};
    for (int axis = 0; axis < 2; axis++) {
        const int nn = axis == 0 ? g->nx : g->ny, at = axis == 0 ? ix : iy, per = g->pbc[axis];
        const ptrdiff_t stride = axis == 0 ? 1 : g->nx;
        const ptrdiff_t down = ms_exchange_step(at, -1, nn, stride, per);
        const ptrdiff_t up = ms_exchange_step(at, +1, nn, stride, per);
        const double d = axis == 0 ? g->dx : g->dy;
        double lo[3], hi[3];
        int glo, ghi;
        neighbour(s, m, i, down, at > 0 || per, axis, -1, d, lo, &glo);
        neighbour(s, m, i, up, at + 1 < nn || per, axis, +1, d, hi, &ghi);
        acc[axis] += D / d * (hi[2] - lo[2]);
        acc[2] -= D / d * (hi[axis] - lo[axis]);
        const double w = 2.0 * g->a_ex[i] / (d * d);
        for (int k = 0; k < 3; k++)
            acc[k] += w * (glo * (lo[k] - m0[k]) + ghi * (hi[k] - m0[k]));
    }
    h[i] += c * acc[0], h[n + i] += c * acc[1], h[2 * n + i] += c * acc[2];
}

static void dmi_field_add(ms_mm *s, double t, const double *m, double *h)
{
    (void)t;
    const ms_mesh *g = s->mesh;
    size_t lo, hi;
    ms_mm_cells(s, &lo, &hi);
    for (size_t i = lo; i < hi; i++) {
        if (g->ms[i] <= 0 || g->dmi[i] == 0.0)
            continue;
        dmi_cell(s, m, h, i, (int)(i % (size_t)g->nx), (int)(i / (size_t)g->nx % (size_t)g->ny));
    }
}

static double dmi_energy(const ms_mm *s, const double *m, const double *h)
{
    return ms_mm_energy_from_field(s, m, h, 0.5);
}

static int dmi_active(const ms_mm *s) { return s->dmi_on; }

const ms_mm_term ms_term_dmi = {
    .name = "dmi", .active = dmi_active, .field_add = dmi_field_add, .energy = dmi_energy};
