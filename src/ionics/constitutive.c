/* constitutive.c — ionic coverage θ (monolayers) → magnetic parameters of the cell.
 *
 * K_s,top(θ), three selectable forms (PHYSICS.md §3; Bauer et al. Nat. Mater. 2015, Bi et al.
 * PRL 2014 for the bell with an over-oxidised third state):
 *   bond:     K_s0 + ΔK_s θ for θ <= 1 (Co–O bonds counted up to one monolayer); beyond, falls
 *             linearly to ks_over over `over_width` monolayers and stays there;
 *   logistic: K_s0 + ΔK_s L((θ−θ_on)/w_on) [1 − L((θ−θ_off)/w_off)], L(x) = 1/(1+e^{−x})
 *             (smooth, asymmetric when w_on != w_off; peak ≈ ΔK_s for well separated edges);
 *   table:    piecewise linear through (θ_i, K_s,i), held constant outside.
 * t_m(θ) = t_m0 − d_ml (θ − 1)₊ (≥ 0): each monolayer beyond the first oxidises d_ml of the FM.
 * Ms = Ms0 r(θ) (table), A = A0 (Ms/Ms0)² (heuristic), α, D_s, ξ, H_eb tables.
 * Volume constant for the mesh: K_u = (K_s,bottom + K_s,top)/t_m + K_v (the mesh adds the shape
 * term); thin-film macrospin: K_eff = K_u − ½ μ0 (φ Ms)², μ0 H_k = 2 K_eff/(φ Ms),
 * Δ = K_eff π (d/2)² t_m/(kB T).
 * FM fraction: φ_eq = 1/(1 + e^{(T − T_t(θ) − s h/2)/w}), T_t = T_t0 + (dT_t/dθ) θ, s = +1 on the
 * heating branch, −1 on cooling (hysteresis h); relaxation is in advance.c. */
#include <math.h>
#include <gsl/gsl_const_mksa.h>
#include "metaspin/ionics.h"

double ms_ionics_table_eval(const ms_ionics_table *t, double x)
{
    if (t->n <= 1 || x <= t->x[0])
        return t->y[0];
    for (size_t i = 1; i < t->n; ++i)
        if (x < t->x[i]) {
            const double f = (x - t->x[i - 1]) / (t->x[i] - t->x[i - 1]);
            return t->y[i - 1] + f * (t->y[i] - t->y[i - 1]);
        }
    return t->y[t->n - 1];
}

static double logistic(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

double ms_ionics_ks_top(const ms_ionics_model *m, double theta)
{
    switch (m->ks_form) {
    case MS_IONICS_KS_BOND: {
        if (theta <= 1.0)
            return m->ks_top0 + m->ks_swing * fmax(theta, 0.0);
        const double peak = m->ks_top0 + m->ks_swing;
        const double f = fmin((theta - 1.0) / m->over_width, 1.0);
        return peak + f * (m->ks_over - peak);
    }
    case MS_IONICS_KS_LOGISTIC:
        return m->ks_top0 + m->ks_swing * logistic((theta - m->th_on) / m->w_on)
                                * (1.0 - logistic((theta - m->th_off) / m->w_off));
    case MS_IONICS_KS_TABLE:
        return ms_ionics_table_eval(&m->ks_table, theta);
    }
    return m->ks_top0;
}

double ms_ionics_thickness(const ms_ionics_model *m, double theta)
{
    const double over = theta > 1.0 ? theta - 1.0 : 0.0;
    const double t = m->t_m0 - (m->overox ? m->d_ml * over : 0.0);
    return t > 0.0 ? t : 0.0;
}

double ms_ionics_phi_eq(const ms_ionics_model *m, double theta, double temperature, int heating)
{
    if (!m->phase)
        return 1.0;
    const double tt = m->t_t0 + m->dtt_dtheta * theta + (heating ? 0.5 : -0.5) * m->t_hyst;
    return 1.0 - logistic((temperature - tt) / m->t_width);
}

int ms_ionics_magnetic_params(const ms_ionics_model *m, double theta, double phi, double temperature,
                              ms_ionics_magnetic *out, ms_error *err)
{
    if (!isfinite(theta) || theta < 0.0)
        return MS_ERROR(err, MS_EINPUT, "ionics: coverage must be finite and >= 0, got %g", theta);
    out->theta = theta;
    out->t_m = ms_ionics_thickness(m, theta);
    out->ms = m->ms0 * ms_ionics_table_eval(&m->ms_rel, theta);
    out->ks_top = ms_ionics_ks_top(m, theta);
    out->phi = phi >= 0.0 ? phi : 0.5 * (ms_ionics_phi_eq(m, theta, temperature, 1)
                                         + ms_ionics_phi_eq(m, theta, temperature, 0));
    const double mseff = out->phi * out->ms;
    if (out->t_m > 0.0)
        out->k_u = (m->ks_bottom + out->ks_top) / out->t_m + m->k_v;
    else
        out->k_u = 0.0;  /* film fully oxidised: no magnetic volume left */
    out->k_eff = out->t_m > 0.0 ? out->k_u - 0.5 * GSL_CONST_MKSA_VACUUM_PERMEABILITY * mseff * mseff : 0.0;
    out->mu0_hk = mseff > 0.0 ? 2.0 * out->k_eff / mseff : 0.0;
    const double r = out->ms / m->ms0;
    out->a_ex = m->a_ex0 * r * r;
    out->alpha = ms_ionics_table_eval(&m->alpha, theta);
    out->dmi = ms_ionics_table_eval(&m->dmi, theta);
    out->xi = ms_ionics_table_eval(&m->xi, theta);
    out->h_eb = ms_ionics_table_eval(&m->heb, theta);
    return MS_OK;
}

double ms_ionics_delta(const ms_ionics_model *m, double theta, double temperature)
{
    ms_ionics_magnetic p;
    if (ms_ionics_magnetic_params(m, theta, -1.0, temperature, &p, NULL))
        return NAN;
    const double r = 0.5 * m->diameter;
    return p.k_eff * M_PI * r * r * p.t_m / (GSL_CONST_MKSA_BOLTZMANN * temperature);
}
