/* terms.h — the table of effective-field terms of one macrospin, as one inline function used by
 * every stepper (so the Heun, RK4 and RK45 kernels and the reference can never drift apart).
 *
 *   H = (H_k1 − vcma V_G + H_k2 (1 − (m·u)²)) (m·u) u       uniaxial K_u1, K_u2 and VCMA
 *     − Ms (Nx mx, Ny my, Nz mz)                              shape anisotropy (demag factors)
 *     + H_drive(t)                                            bias + waveform field + exchange bias
 *     + a_J (m × p) + β_J a_J p,  a_J = aj J(t)/(A + B m·p)  Slonczewski STT (llg.h)
 *     + a_S (m × σ) + β_S a_S σ,  a_S = as J_SOT(t)          SOT
 * The angle dependence η(m·p) = 1/(A + B m·p) covers both models: constant η has A = 1, B = 0
 * (η inside aj); Slonczewski has A = −4 + 3 q, B = q, q = (1+P)³/(4 P^{3/2}) (llg.h).
 * The thermal field is added by the caller (it is frozen over a Heun step). */
#ifndef METASPIN_MACROSPIN_TERMS_H
#define METASPIN_MACROSPIN_TERMS_H

#include "metaspin/llg.h"

typedef struct ms_drive_now {
    double h[3];   /* applied + exchange-bias field (A/m) */
    double j;      /* STT current density (A/m^2) */
    double j_sot;  /* SOT current density (A/m^2) */
    double v;      /* gate voltage (V) */
} ms_drive_now;

typedef struct ms_terms {
    double u[3], n[3];                  /* easy axis, demag factors */
    double p[3], eta_a, eta_b, beta_j;  /* STT */
    double sigma[3], beta_s;            /* SOT */
} ms_terms;

static inline void ms_terms_field(const ms_terms *c, const ms_drive_now *d, double ms, double hk1,
                                  double hk2, double vcma, double aj, double as, double x, double y,
                                  double z, double *hx, double *hy, double *hz)
{
    const double mu = x * c->u[0] + y * c->u[1] + z * c->u[2];
    const double ha = (hk1 - vcma * d->v + hk2 * (1.0 - mu * mu)) * mu;
    double fx = ha * c->u[0] - ms * c->n[0] * x + d->h[0];
    double fy = ha * c->u[1] - ms * c->n[1] * y + d->h[1];
    double fz = ha * c->u[2] - ms * c->n[2] * z + d->h[2];
    const double mp = x * c->p[0] + y * c->p[1] + z * c->p[2];
    const double a = aj * d->j / (c->eta_a + c->eta_b * mp);
    ms_llg_spin_torque_add(x, y, z, c->p[0], c->p[1], c->p[2], a, c->beta_j * a, &fx, &fy, &fz);
    const double s = as * d->j_sot;
    ms_llg_spin_torque_add(x, y, z, c->sigma[0], c->sigma[1], c->sigma[2], s, c->beta_s * s, &fx,
                           &fy, &fz);
    *hx = fx;
    *hy = fy;
    *hz = fz;
}

#endif
