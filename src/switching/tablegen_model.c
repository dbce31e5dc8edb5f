/* tablegen_model.c — closed-form switching probability of a table point, used to fill points whose
 * probability is too small to sample and as the validation reference (PHYSICS.md §1, §4).
 *
 * For a collinear drive (field along the easy axis u, or STT with p ∥ u; no SOT, no VCMA) the
 * uniaxial macrospin reduces to the axially symmetric Fokker–Planck problem with reduced field
 *   h_help = (H·t)/H_k + (J/J_c0)(1 + α β_J)   toward the target direction t (= ±u),
 * where collinear STT acts as the axial field a_J/α + β_J a_J (PHYSICS.md §1; damping-like plus
 * field-like parts), J_c0 = 4 e α K_eff t_F/(ħ η). The exact mean first-passage time T(h) from the
 * initial well (x0 = 1, model coordinates with the start well at +1, so h_model = −h_help) to the
 * switching threshold x_b (the solver's threshold, committed past the saddle) is averaged over a
 * Boltzmann start density ∝ exp(σ(x² + 2h'x)) in the start well (x ≥ the saddle −h), by 16
 * midpoint quantiles of the exact sampler ms_macrospin_sample_axial. With h' = h_pulse this is
 * the quasi-stationary escape time T_qs; with h' = h_static (the protocol's start, thermalised
 * before the pulse) it is the mean time T_0 from the actual start. A shifted exponential with
 * both moments right, P(t) = 1 − exp(−(t − lag)/T_qs), lag = T_0 − T_qs, gives (the lag is
 * computed from well times, ⟨W⟩_qs − ⟨W⟩_0, never as the difference of the two exponentially large
 * T, whose quadrature error would exceed it at high Δ: ms_model_well_time)
 *   P = 1 − exp(−max(t_p − lag, 0)/T_qs − (delay + relax)/T(h_static)),  t_p = width + (rise + fall)/2,
 * neglecting back-switching (P ≪ 1 wherever the model replaces sampling). A pulse not longer than
 * the lag (near J_c0, where the start is far from the quasi-stationary density) is outside the
 * model: such points are not applicable and are simulated. Reference: Brown, Phys. Rev. 130, 1677 (1963); Coffey & Kalmykov (2012). */
#include <math.h>
#include <string.h>
#include "metaspin/models.h"
#include "metaspin/table.h"
#include "metaspin/tablegen.h"

static double dot3(const double a[3], const double b[3])
{
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static int collinear(const ms_tablegen_spec *s, const ms_macrospin_device *d)
{
    if (s->kind == MS_TABLEGEN_VOLTAGE || (s->kind == MS_TABLEGEN_CURRENT && s->use_sot))
        return 0;
    if (s->kind == MS_TABLEGEN_CURRENT && fabs(dot3(d->stt_p, d->axis)) < 0.999)
        return 0;
    double hs[3];
    for (int c = 0; c < 3; c++)
        hs[c] = d->h_bias[c] + d->h_eb[c];
    const double along = dot3(hs, d->axis), norm2 = dot3(hs, hs);
    if (norm2 - along * along > 1e-6 * (norm2 + 1.0))
        return 0;
    return d->k_u2 == 0 && d->sd_ms == 0 && d->sd_k == 0 && d->sd_volume == 0 && d->sd_alpha == 0;
}

/* Average over K quantiles of a start distributed as the Boltzmann density of field h_start,
 * restricted to the start well [x_lo, 1] of field h (x_lo = saddle of h, above x_b), of f(x0):
 * the mean first-passage time to x_b (well = 0) or the well time W(x0) (well = 1). */
static int start_average(double sigma, double h, double h_start, double tau_d, double x_b, int well,
                         double *t, ms_error *err)
{
    enum { K = 16 };
    const double x_lo = fmax(fmin(-h, 1.0), x_b + 1e-9);
    double sum = 0;
    for (int k = 0; k < K; k++) {
        const double x0 = x_lo >= 1.0 - 1e-12 ? 1.0
                          : fmin(fmax(ms_macrospin_sample_axial(sigma, h_start, x_lo, 1.0, (k + 0.5) / K), x_lo), 1.0);
        double tk;
        const int status = well ? ms_model_well_time(sigma, h, tau_d, x0, &tk, err)
                                : ms_model_mfpt(sigma, h, tau_d, x0, x_b, &tk, err);
        if (status)
            return status;
        sum += tk;
    }
    *t = sum / K;
    return MS_OK;
}

/* Mean first-passage time to x_b in the potential of reduced field h, start distributed as the
 * Boltzmann density of h restricted to its start well (quasi-static start). */
static int mfpt_thermal(double sigma, double h, double tau_d, double x_b, double *t, ms_error *err)
{
    return start_average(sigma, h, h, tau_d, x_b, 0, t, err);
}

/* Extra mean time to escape under field h when the start is thermalised in field h_start rather
 * than in h: lag = T_start − T_qs = ⟨W⟩_qs − ⟨W⟩_start (W = well time, ms_model_well_time). Both
 * T are exponentially large in σ and their difference (≈ τ_D) would drown in their quadrature
 * error; the well times are of order τ_D and exact. */
static int start_lag(double sigma, double h, double h_start, double tau_d, double x_b, double *lag, ms_error *err)
{
    double w_qs, w_start;
    int status = start_average(sigma, h, h, tau_d, x_b, 1, &w_qs, err);
    if (!status)
        status = start_average(sigma, h, h_start, tau_d, x_b, 1, &w_start, err);
    *lag = status ? NAN : w_qs - w_start;
    return status;
}

int ms_tablegen_model_p(const ms_tablegen_spec *s, size_t p, double *p_model, int *applicable, ms_error *err)
{
    size_t ih, ia, iw, it;
    int dir, status;
    ms_macrospin_device d;
    *p_model = NAN;
    *applicable = 0;
    ms_tablegen_point_index(s, p, &ih, &ia, &iw, &it, &dir);
    if (!(s->temperature[it] > 0))
        return MS_OK;
    if ((status = ms_tablegen_device(s, ih, s->temperature[it], &d, err)))
        return status;
    ms_macrospin_derived dv;
    ms_macrospin_device_derive(&d, &dv);
    if (!collinear(s, &d) || !(dv.k_eff > 0) || !isfinite(dv.delta))
        return MS_OK;
    const double t = dir == MS_TABLE_TO_PLUS ? 1.0 : -1.0;
    const double h_static = t * (dot3(d.h_bias, d.axis) + dot3(d.h_eb, d.axis)) / dv.h_k;
    double h_pulse = h_static;
    if (s->kind == MS_TABLEGEN_FIELD)
        h_pulse += s->amplitude[ia] / dv.h_k;
    else if (dv.j_c0 > 0)
        h_pulse += s->amplitude[ia] / dv.j_c0 * (1.0 + d.alpha * d.stt_beta);
    else
        return MS_OK;
    const double x_b = fmin(s->options.threshold, 0.0);
    double t_qs, lag, t_static;
    if ((status = mfpt_thermal(dv.delta, -h_pulse, dv.tau_d, x_b, &t_qs, err)) ||
        (status = start_lag(dv.delta, -h_pulse, -h_static, dv.tau_d, x_b, &lag, err)) ||
        (status = mfpt_thermal(dv.delta, -h_static, dv.tau_d, x_b, &t_static, err)))
        return status;
    const double tp = s->width[iw] + 0.5 * (s->rise + s->fall);
    lag = fmax(lag, 0.0);
    if (!(tp > lag))   /* pulse shorter than the transient: the shifted exponential says nothing */
        return MS_OK;
    const double rate = fmax(tp - lag, 0.0) / t_qs + (s->delay + s->relax) / t_static;
    *p_model = -expm1(-rate);
    *applicable = 1;
    return MS_OK;
}
