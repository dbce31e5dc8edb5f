/* field.c — electric field in the ion conductor.
 *
 * Sign convention: V_G = φ_gate − φ_FM and z points from the FM (z = 0) to the gate (z = t_ox), so
 * E_z = −V_ox/t_ox: a negative gate gives E_z > 0, which pushes anions (z < 0) toward the FM.
 * Uniform: V_ox = V_G. Series-dielectric divider (ion conductor + a blocking dielectric of
 * thickness t_d, permittivity ε_d, equal displacement D in both): V_ox = V_G (t_ox/ε_ox) /
 * (t_ox/ε_ox + t_d/ε_d). 1-D Poisson with the ionic space charge (Gauss's law across each site,
 * charge z e (σ_k − c0 a) per area against a fixed compensating background, the interface layer
 * screened by the metal):
 *   E_k = −V_G/t_ox + C_k − mean_j C_j,  C_k = Σ_{j<=k} z e (σ_j − c0 a)/(ε0 ε_ox)   (edge k, k = 0..N),
 * which keeps Σ_k E_k t_ox/(N+1) = −V_G. Also holds the interface capture factor g(θ). */
#include <math.h>
#include <gsl/gsl_const_mksa.h>
#include "metaspin/ionics.h"

int ms_ionics_field(const ms_ionics_model *m, double v_gate, double *e_z, ms_error *err)
{
    double v_ox = v_gate;
    switch (m->field) {
    case MS_IONICS_FIELD_UNIFORM:
        break;
    case MS_IONICS_FIELD_DIVIDER: {
        const double r_ox = m->thickness / m->eps_ox, r_d = m->t_diel / m->eps_diel;
        v_ox = v_gate * r_ox / (r_ox + r_d);
        break;
    }
    case MS_IONICS_FIELD_POISSON:
        break;   /* mean field; the space-charge profile comes from ms_ionics_poisson_field */
    }
    *e_z = -v_ox / m->thickness;
    return MS_OK;
}

int ms_ionics_poisson_field(const ms_ionics_model *m, const double *sigma, size_t stride, int n_sites,
                            double v_gate, double *e_z, size_t e_stride, ms_error *err)
{
    const double q = m->sp.charge * GSL_CONST_MKSA_ELECTRON_CHARGE / (GSL_CONST_MKSA_VACUUM_PERMITTIVITY * m->eps_ox);
    const double bg = m->c0 * m->sp.hop;
    double c = 0.0, mean = 0.0;
    e_z[0] = 0.0;
    for (int k = 1; k <= n_sites; ++k) {
        c += q * (sigma[(size_t)k * stride] - bg);
        e_z[(size_t)k * e_stride] = c;
        mean += c;
    }
    mean /= (double)(n_sites + 1);
    const double e0 = -v_gate / m->thickness;
    for (int k = 0; k <= n_sites; ++k)
        e_z[(size_t)k * e_stride] += e0 - mean;
    (void)err;
    return MS_OK;
}

double ms_ionics_theta_max(const ms_ionics_model *m)
{
    if (!m->overox || m->d_ml <= 0.0)
        return 1.0;
    return 1.0 + m->t_m0 / m->d_ml;
}

/* g(θ) = (1 − θ)₊ + r_ox min(θ,1) e^{−(θ−1)₊/θ_cm} (1 − θ/θ_max)₊: the first monolayer fills by
 * Langmuir adsorption; oxygen beyond it oxidises the FM through a channel slowed exponentially by
 * the grown oxide (Cabrera–Mott-like) and closed when the film is consumed. */
double ms_ionics_capture(const ms_ionics_model *m, double theta)
{
    if (theta < 0.0)
        theta = 0.0;
    double g = theta < 1.0 ? 1.0 - theta : 0.0;
    if (m->overox) {
        const double over = theta > 1.0 ? theta - 1.0 : 0.0;
        const double left = 1.0 - theta / ms_ionics_theta_max(m);
        if (left > 0.0)
            g += m->r_ox * fmin(theta, 1.0) * exp(-over / m->theta_cm) * left;
    }
    return g;
}

/* dg/dθ (one-sided at the kinks), for the Newton linearisation of the capture flux. */
double ms_ionics_capture_slope(const ms_ionics_model *m, double theta)
{
    if (theta < 0.0)
        theta = 0.0;
    double d = theta < 1.0 ? -1.0 : 0.0;
    if (m->overox) {
        const double tmax = ms_ionics_theta_max(m), left = 1.0 - theta / tmax;
        if (left > 0.0) {
            const double over = theta > 1.0 ? theta - 1.0 : 0.0, e = exp(-over / m->theta_cm);
            const double mn = fmin(theta, 1.0);
            d += m->r_ox * e * ((theta < 1.0 ? left : 0.0) - (theta > 1.0 ? mn * left / m->theta_cm : 0.0)
                                - mn / tmax);
        }
    }
    return d;
}
