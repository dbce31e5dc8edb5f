/* internal.h — coefficients shared by the batched transport kernel (transport.c) and its plain
 * dense reference (reference.c): rates at one temperature and the edge fluxes J_k = A_k σ_k −
 * B_k σ_{k+1} (+ gate source) of one column. See transport.c for the equations. */
#ifndef METASPIN_IONICS_INTERNAL_H
#define METASPIN_IONICS_INTERNAL_H

#include <math.h>
#include <gsl/gsl_const_mksa.h>
#include "metaspin/ionics.h"

enum { BLOCK = 64 };
static const double BETA_MAX = 300.0;

typedef struct rates {
    double gam, rel, ks, inv_cmax_a, sig_res, k_ex_a;
} rates;

static inline int rates_set(rates *r, const ms_ionics_model *m, double temperature, ms_error *err)
{
    if (!(temperature > 0.0))
        return MS_ERROR(err, MS_EINPUT, "ionics: temperature must be positive, got %g K", temperature);
    const double kt = GSL_CONST_MKSA_BOLTZMANN * temperature;
    r->gam = ms_ionics_hop_rate(m, temperature);
    r->rel = exp(-m->binding / kt);
    r->ks = m->k_sink;
    r->inv_cmax_a = m->c_max > 0.0 ? 1.0 / (m->c_max * m->sp.hop) : 0.0;
    r->sig_res = m->c_res * m->sp.hop;
    r->k_ex_a = m->k_exchange / m->sp.hop;
    return MS_OK;
}

static inline double free_frac(double sigma, double inv_cmax_a)
{
    const double f = 1.0 - sigma * inv_cmax_a;
    return f < 0.0 ? 0.0 : f;
}

/* Edge flux k of one column, linear in the densities once the site-blocking factors are frozen at
 * the iterate sig (stride st): J_k = a σ_k − b σ_{k+1} − src, a, b, src >= 0.
 *   k = 0 (interface): a = Γ e^{−ΔG/kT} e+ (release), b = Γ e− (capture prefactor; the solver
 *     multiplies it by g(θ) and treats that nonlinearity exactly);
 *   k = 1..N−1 (oxide): a = Γ e+ (1 − s_{k+1}), b = Γ e− (1 − s_k) (Picard in the blocking);
 *   k = N (gate): a and src of the reservoir or exchange law, b = 0. */
static inline void edge_coeffs(const ms_ionics_model *m, const rates *r, int k, int n, const double *sig,
                               size_t st, double ep, double em, double *a, double *b, double *src)
{
    *a = *b = *src = 0.0;
    const double inv = r->inv_cmax_a;
    if (k == 0) {
        if (m->fm_bc == MS_IONICS_FM_REACTIVE) {
            *a = r->gam * r->rel * ep;
            *b = r->gam * em;
        }
        return;
    }
    if (k < n) {
        *a = r->gam * ep * free_frac(sig[(size_t)(k + 1) * st], inv);
        *b = r->gam * em * free_frac(sig[(size_t)k * st], inv);
        return;
    }
    switch (m->gate_bc) {
    case MS_IONICS_GATE_BLOCKING:
        break;
    case MS_IONICS_GATE_RESERVOIR:
        *a = r->gam * ep * free_frac(r->sig_res, inv);
        *src = r->gam * em * free_frac(sig[(size_t)n * st], inv) * r->sig_res;
        break;
    case MS_IONICS_GATE_EXCHANGE:
        *a = r->k_ex_a;
        *src = r->k_ex_a * r->sig_res;
        break;
    }
}

static inline int beta_pair(const ms_ionics_model *m, double v, double temperature, double *ep, double *em,
                     ms_error *err)
{
    double e_z;
    int status = ms_ionics_field(m, v, &e_z, err);
    if (status)
        return status;
    const double beta = ms_ionics_beta(m, e_z, temperature);
    if (fabs(beta) > BETA_MAX)
        return MS_ERROR(err, MS_EINPUT, "ionics: field asymmetry |beta| = %g exceeds %g (field %g V/m too high)",
                        fabs(beta), BETA_MAX, e_z);
    *ep = exp(beta);
    *em = exp(-beta);
    return MS_OK;
}

#endif
