/* model.c — the grain model of a FeRh-type FM/AFM nanodot (phase.h, docs/phase.md):
 *   ΔF(T, H, c) = ΔS_v (T − T_t(c)) + μ0 Ms H   (J/m³, > 0 favours FM; Kittel-type first-order
 *                 transition, ΔS_v = latent heat / T_t), T_t(c) = T_t0 + (dT_t/dc) c,
 *   x = ½ (ΔF V + coupling) (J), k_AF→FM = ν0 e^{−(E_b − x)/kB T}, k_FM→AF = ν0 e^{−(E_b + x)/kB T}
 *   (detailed balance k+/k− = e^{2x/kB T}; symmetric barrier shift as in the Néel–Arrhenius model of
 *   two-state grains); |x| > E_b clamps the lower barrier to 0 and the upper one to 2|x|.
 *   Equilibrium of an independent grain: φ_eq = 1/(1 + e^{−ΔF V/kB T}).
 * Grain disorder (frozen, one device): δT_i = σ_T z_i, V_i = V_g exp(σ_V z'_i − σ_V²/2) (log-normal
 * with mean V_g), z from ms_rng_normal4(seed, i + MS_RNG_DOMAIN(MS_RNG_VARIATION), 0). */
#include <math.h>
#include <gsl/gsl_const_mksa.h>
#include "metaspin/phase.h"
#include "metaspin/rng.h"

#define MU0 GSL_CONST_MKSA_VACUUM_PERMEABILITY
#define KB GSL_CONST_MKSA_BOLTZMANN

double ms_phase_tt(const ms_phase_params *p, double c)
{
    return p->t_t0 + p->dtt_dc * c;
}

double ms_phase_delta_f(const ms_phase_params *p, double temperature, double field, double c)
{
    return p->ds_v * (temperature - ms_phase_tt(p, c)) + MU0 * p->ms * fabs(field);
}

void ms_phase_rates(const ms_phase_params *p, double x, double temperature, double *k_up, double *k_down)
{
    double b_up = p->e_b - x, b_down = p->e_b + x;
    if (b_up < 0) {          /* barrier gone on the FM side: keep the ratio e^{2x/kT} */
        b_up = 0;
        b_down = 2 * x;
    } else if (b_down < 0) {
        b_down = 0;
        b_up = -2 * x;
    }
    if (!(temperature > 0)) {
        *k_up = b_up == 0 ? p->nu0 : 0;
        *k_down = b_down == 0 && x < 0 ? p->nu0 : 0;
        return;
    }
    const double beta = 1.0 / (KB * temperature);
    *k_up = p->nu0 * exp(-b_up * beta);
    *k_down = p->nu0 * exp(-b_down * beta);
}

double ms_phase_phi_eq(const ms_phase_params *p, double temperature, double field, double c, double volume)
{
    const double a = ms_phase_delta_f(p, temperature, field, c) * volume / (KB * temperature);
    return 1.0 / (1.0 + exp(-a));
}

void ms_phase_grains(const ms_phase_params *p, uint64_t seed, double *dtt, double *volume)
{
    const ms_rng_key key = ms_rng_key_make(seed);
    for (int i = 0; i < p->n_grains; i++) {
        double z[4];
        ms_rng_normal4(key, (uint64_t)i + MS_RNG_DOMAIN(MS_RNG_VARIATION), 0, z);
        dtt[i] = p->sigma_tt * z[0];
        volume[i] = p->grain_volume * exp(p->sigma_v * z[1] - 0.5 * p->sigma_v * p->sigma_v);
    }
}

double ms_phase_resistance(const ms_phase_params *p, double phi)
{
    return 1.0 / (phi / p->r_fm + (1.0 - phi) / p->r_af);
}
