/* anisotropy.c — magnetocrystalline anisotropy per cell (A/m fields, J energies).
 *
 * Uniaxial: E/V = −K1 (m·u)² − K2 (m·u)^4  (easy axis u for K1 > 0),
 *           H = (2 K1/(μ0 Ms)) (m·u) u + (4 K2/(μ0 Ms)) (m·u)³ u.
 * Cubic:    E/V = Kc1 (m1² m2² + m2² m3² + m3² m1²), m_k = m·c_k, c3 = c1 × c2,
 *           H = −(2 Kc1/(μ0 Ms)) Σ_k m_k (m_j² + m_l²) c_k.
 * Energies are computed from the formulas (not from ½ m·H, which is wrong for K2 and Kc1); the
 * uniaxial energy is zero for m ⊥ u. Reference: PHYSICS.md §2; mumax3 conventions. */
#include <gsl/gsl_const_mksa.h>
#include "system.h"

static void aniso_field_add(ms_mm *s, double t, const double *m, double *h)
{
    (void)t;
    const ms_mesh *g = s->mesh;
    const size_t n = s->n;
    const double mu0 = GSL_CONST_MKSA_VACUUM_PERMEABILITY;
    const double *c1 = g->cubic_c1, *c2 = g->cubic_c2;
    const double c3[3] = {c1[1] * c2[2] - c1[2] * c2[1], c1[2] * c2[0] - c1[0] * c2[2],
                          c1[0] * c2[1] - c1[1] * c2[0]};
    const int cubic = s->cubic_on;
    size_t lo, hi;
    ms_mm_cells(s, &lo, &hi);
#pragma omp simd
    for (size_t i = lo; i < hi; i++) {
        const double mx = m[i], my = m[n + i], mz = m[2 * n + i];
        const double k = 2.0 * s->inv_ms[i] / mu0;
        const double mu = mx * g->ux[i] + my * g->uy[i] + mz * g->uz[i];
        const double a = k * (g->ku1[i] * mu + 2.0 * g->ku2[i] * mu * mu * mu);
        double hx = a * g->ux[i], hy = a * g->uy[i], hz = a * g->uz[i];
        if (cubic) {
            const double m1 = mx * c1[0] + my * c1[1] + mz * c1[2];
            const double m2 = mx * c2[0] + my * c2[1] + mz * c2[2];
            const double m3 = mx * c3[0] + my * c3[1] + mz * c3[2];
            const double b = -k * g->kc1[i];
            const double f1 = b * m1 * (m2 * m2 + m3 * m3), f2 = b * m2 * (m1 * m1 + m3 * m3);
            const double f3 = b * m3 * (m1 * m1 + m2 * m2);
            hx += f1 * c1[0] + f2 * c2[0] + f3 * c3[0];
            hy += f1 * c1[1] + f2 * c2[1] + f3 * c3[1];
            hz += f1 * c1[2] + f2 * c2[2] + f3 * c3[2];
        }
        h[i] += hx, h[n + i] += hy, h[2 * n + i] += hz;
    }
}

static double aniso_energy(const ms_mm *s, const double *m, const double *h_term)
{
    (void)h_term;
    const ms_mesh *g = s->mesh;
    const size_t n = s->n;
    const double *c1 = g->cubic_c1, *c2 = g->cubic_c2;
    const double c3[3] = {c1[1] * c2[2] - c1[2] * c2[1], c1[2] * c2[0] - c1[0] * c2[2],
                          c1[0] * c2[1] - c1[1] * c2[0]};
    double e = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double mx = m[i], my = m[n + i], mz = m[2 * n + i];
        if (g->ms[i] <= 0)
            continue;
        const double mu2 = (mx * g->ux[i] + my * g->uy[i] + mz * g->uz[i]) *
                           (mx * g->ux[i] + my * g->uy[i] + mz * g->uz[i]);
        e += -g->ku1[i] * mu2 - g->ku2[i] * mu2 * mu2;
        const double m1 = mx * c1[0] + my * c1[1] + mz * c1[2];
        const double m2 = mx * c2[0] + my * c2[1] + mz * c2[2];
        const double m3 = mx * c3[0] + my * c3[1] + mz * c3[2];
        e += g->kc1[i] * (m1 * m1 * m2 * m2 + m2 * m2 * m3 * m3 + m3 * m3 * m1 * m1);
    }
    return e * s->volume;
}

static int aniso_active(const ms_mm *s) { return s->aniso_on || s->cubic_on; }

const ms_mm_term ms_term_anisotropy = {
    .name = "anisotropy", .active = aniso_active, .field_add = aniso_field_add, .energy = aniso_energy};
