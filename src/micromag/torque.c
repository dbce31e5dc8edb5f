/* torque.c — spin-transfer (Slonczewski) and spin–orbit torques per cell, as effective fields
 * H_st = a (m × p) + b p inside the Gilbert equation (shared kernels of llg.h; conventions there):
 *   STT: a_J = ħ η J/(2 e μ0 Ms t_F), b_J = β a_J, p = fixed-layer direction; η constant or
 *        Slonczewski's angle-dependent η(m·p) for polarisation P.
 *   SOT: a = ħ θ_SH J/(2 e μ0 Ms t_F), b = β a, p = σ (spin polarisation direction).
 * J > 0: electrons flowing from the fixed into the free layer (STT favours m ∥ p).
 * Not an energy term. Reference: J. C. Slonczewski, JMMM 159, L1 (1996). */
#include <gsl/gsl_const_mksa.h>
#include <math.h>
#include "metaspin/llg.h"
#include "system.h"

static void torque_field_add(ms_mm *s, double t, const double *m, double *h)
{
    (void)t;
    const ms_mm_drive *d = &s->drive;
    const size_t n = s->n;
    const double hbar = GSL_CONST_MKSA_PLANCKS_CONSTANT_HBAR, e = GSL_CONST_MKSA_ELECTRON_CHARGE;
    const double mu0 = GSL_CONST_MKSA_VACUUM_PERMEABILITY;
    const double k = hbar / (2.0 * e * mu0 * d->t_f);
    const double *p = d->stt_p, *sg = d->sot_sigma;
    size_t lo, hi;
    ms_mm_cells(s, &lo, &hi);
    for (size_t i = lo; i < hi; i++) {
        const double mx = m[i], my = m[n + i], mz = m[2 * n + i], inv = s->inv_ms[i];
        double hx = 0, hy = 0, hz = 0;
        if (d->stt_j != 0.0) {
            const double eta = d->stt_angle
                ? ms_llg_slonczewski_eta(d->stt_pol, mx * p[0] + my * p[1] + mz * p[2]) : d->stt_eta;
            const double a = k * eta * d->stt_j * inv;
            ms_llg_spin_torque_add(mx, my, mz, p[0], p[1], p[2], a, d->stt_beta * a, &hx, &hy, &hz);
        }
        if (d->sot_j != 0.0) {
            const double a = k * d->sot_theta * d->sot_j * inv;
            ms_llg_spin_torque_add(mx, my, mz, sg[0], sg[1], sg[2], a, d->sot_beta * a, &hx, &hy, &hz);
        }
        h[i] += hx, h[n + i] += hy, h[2 * n + i] += hz;
    }
}

static int torque_active(const ms_mm *s) { return s->torque_on; }

const ms_mm_term ms_term_torque = {
    .name = "torque", .active = torque_active, .field_add = torque_field_add, .energy = NULL};
