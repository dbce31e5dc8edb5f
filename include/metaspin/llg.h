/* llg.h — the Landau–Lifshitz–Gilbert right-hand side and spin-torque fields, shared by the
 * macrospin batch solver and the finite-difference mesh (one implementation of the torques).
 *
 * Gilbert form with all torques written as effective fields (PHYSICS.md §1):
 *   dm/dt = −γ0 m × H + α m × dm/dt,   H = H_eff + H_th + H_stt + H_sot   (A/m), γ0 = μ0 γ (m/(A s))
 * converted to Landau–Lifshitz form:
 *   dm/dt = −γ0/(1+α²) [ m × H + α m × (m × H) ].
 * Spin-transfer (Slonczewski) and spin–orbit torques enter as H_st = a (m × p) + b p, so that
 * −γ0 m × H_st = γ0 a (p − m (m·p)) − γ0 b (m × p): for a > 0 the damping-like part pulls m toward p.
 *   STT: a_J = ħ η J/(2 e μ0 Ms t_F), p = fixed-layer magnetisation, J > 0 = electrons flowing from
 *        the fixed into the free layer (favours parallel).   SOT: a = ħ θ_SH J/(2 e μ0 Ms t_F), p = σ.
 * Everything is static inline and branch-free so that loops over trials or cells vectorise. */
#ifndef METASPIN_LLG_H
#define METASPIN_LLG_H

/* dm/dt (1/s) for unit m and total field h (A/m). */
static inline void ms_llg_rhs(double mx, double my, double mz, double hx, double hy, double hz,
                              double alpha, double gamma0, double *dmx, double *dmy, double *dmz)
{
    const double c = -gamma0 / (1.0 + alpha * alpha);
    const double tx = my * hz - mz * hy, ty = mz * hx - mx * hz, tz = mx * hy - my * hx; /* m × H */
    const double dx = my * tz - mz * ty, dy = mz * tx - mx * tz, dz = mx * ty - my * tx; /* m × (m × H) */
    *dmx = c * (tx + alpha * dx);
    *dmy = c * (ty + alpha * dy);
    *dmz = c * (tz + alpha * dz);
}

/* Add the spin-torque effective field a (m × p) + b p (A/m) to h. */
static inline void ms_llg_spin_torque_add(double mx, double my, double mz, double px, double py,
                                          double pz, double a, double b, double *hx, double *hy,
                                          double *hz)
{
    *hx += a * (my * pz - mz * py) + b * px;
    *hy += a * (mz * px - mx * pz) + b * py;
    *hz += a * (mx * py - my * px) + b * pz;
}

/* Slonczewski's angle-dependent efficiency for a spin valve with polarisation P:
 * η(θ) = [ −4 + (1 + P)^3 (3 + m·p) / (4 P^{3/2}) ]^{-1}  (Slonczewski, JMMM 159, L1 (1996)). */
static inline double ms_llg_slonczewski_eta(double polarisation, double m_dot_p)
{
    const double p = polarisation;
    const double q = (1.0 + p) * (1.0 + p) * (1.0 + p);
    return 1.0 / (-4.0 + q * (3.0 + m_dot_p) / (4.0 * p * __builtin_sqrt(p)));
}

/* Renormalise m to unit length (after each integrator step). */
static inline void ms_llg_normalise(double *mx, double *my, double *mz)
{
    const double r = 1.0 / __builtin_sqrt(*mx * *mx + *my * *my + *mz * *mz);
    *mx *= r;
    *my *= r;
    *mz *= r;
}

#endif
