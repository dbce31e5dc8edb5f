/* fit_model.c — the switching-probability models fitted by `metaspin fit`, their temperature laws,
 * and the fit.* configuration keys.
 *
 *   thermal:   P = 1 − exp(−t/τ), τ = τ0 exp(Δ (1 − i)^β) (i < 1), τ0 (i ≥ 1)   [Néel–Brown with
 *              the STT-lowered barrier; Koch, Katine, Sun, PRL 92, 088302 (2004): β = 1]
 *   ballistic: P = exp(−(π² Δ/4) exp(−2 t (i − 1)/τ_D)) (i > 1), else 0        [Sun, PRB 62, 570]
 *   combined:  P = 1 − (1 − P_thermal)(1 − P_ballistic)   (our choice: either channel switches)
 *   brown:     P = 1 − exp(−t/T), T = ms_model_mfpt(Δ, h = −i, τ_D, x0 = 1, x_b = −0.5): the exact
 *              first-passage time with collinear STT as the axial field h − i (models_stt.c)
 * with i = |A|/A_c0(T). Temperature laws (T_r = reference temperature):
 *   none:    Δ, A_c0, τ_D independent of T;
 *   inverse: Δ(T) = Δ_r T_r/T (K V constant), A_c0 ∝ Δ T constant, τ_D constant;
 *   callen:  m(T) = 1 − (T/T_c)^{3/2} (Bloch), K ∝ m³ (Callen & Callen, J. Phys. Chem. Solids 27,
 *            1271 (1966), l = 2), so Δ ∝ m³/T, A_c0 ∝ K ∝ m³ (I_c0 = 4eα Δ kB T/(ħη)),
 *            τ_D ∝ 1/H_k ∝ 1/m².
 * P and Q = 1 − P are evaluated separately so that both tails stay accurate. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/fit.h"
#include "metaspin/models.h"
#include "fit_internal.h"

const ms_key ms_fit_keys[] = {
    {"fit.model", MS_KEY_CHOICE, "", "auto", NULL, "thermal|ballistic|combined|brown|auto",
     "model fitted to the data; auto picks the lowest information criterion (fit.criterion)"},
    {"fit.beta", MS_KEY_CHOICE, "", "1", NULL, "1|2|free",
     "exponent beta of the thermal barrier delta (1 - i)^beta"},
    {"fit.tau0", MS_KEY_QUANTITY, "s", "1 ns", "(0, inf)", NULL,
     "attempt time tau0: fixed value, or the starting value when fit.tau0_free"},
    {"fit.tau0_free", MS_KEY_BOOL, "", "false", NULL, NULL, "fit tau0 instead of fixing it"},
    {"fit.temperature", MS_KEY_QUANTITY, "K", "300 K", "(0, inf)", NULL,
     "temperature of every row when the data have no temperature column"},
    {"fit.temperature_law", MS_KEY_CHOICE, "", "inverse", NULL, "none|inverse|callen",
     "how delta, a_c0 and tau_d scale with temperature in joint fits"},
    {"fit.reference_temperature", MS_KEY_QUANTITY, "K", "300 K", "(0, inf)", NULL,
     "temperature at which parameters are reported (default: the data's, if it is unique)"},
    {"fit.curie_temperature", MS_KEY_QUANTITY, "K", "1000 K", "(0, inf)", NULL,
     "Curie temperature of the callen law"},
    {"fit.criterion", MS_KEY_CHOICE, "", "aic", NULL, "aic|bic", "information criterion of auto"},
    {"fit.band_points", MS_KEY_INT, "", "200", "[2, 100000]", NULL,
     "points per curve of the fitted curve and its 95 % band in the output"},
    {"fit.simulate_relax", MS_KEY_QUANTITY, "s", "1 ns", "[0, inf)", NULL,
     "--simulate: relaxation after the pulse before the state is read"},
    {"fit.simulate_max_steps", MS_KEY_QUANTITY, "", "2e6", "[1, inf)", NULL,
     "--simulate: points needing more solver steps are not simulated (closed-form regime)"},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL}};

void ms_fit_options_default(ms_fit_options *o)
{
    *o = (ms_fit_options){.model = MS_FIT_AUTO, .beta = 1, .tau0 = 1e-9, .tau0_free = 0,
                          .temperature = 300, .law = MS_FIT_LAW_INVERSE, .t_ref = 0,
                          .t_curie = 1000, .use_bic = 0, .band_points = 200};
}

static int choice_index(const char *s, const char *const *words, int n)
{
    for (int k = 0; k < n; k++)
        if (strcmp(s, words[k]) == 0)
            return k;
    return -1;
}

int ms_fit_options_from_config(ms_fit_options *o, const ms_config *cfg, ms_error *err)
{
    static const char *const models[] = {"thermal", "ballistic", "combined", "brown", "auto"};
    static const char *const laws[] = {"none", "inverse", "callen"};
    ms_fit_options_default(o);
    o->model = (ms_fit_model)choice_index(ms_config_get_string(cfg, "fit.model"), models, 5);
    const char *beta = ms_config_get_string(cfg, "fit.beta");
    o->beta = strcmp(beta, "free") == 0 ? 0 : atof(beta);
    o->tau0 = ms_config_get(cfg, "fit.tau0");
    o->tau0_free = ms_config_get_bool(cfg, "fit.tau0_free");
    o->temperature = ms_config_get(cfg, "fit.temperature");
    o->law = (ms_fit_law)choice_index(ms_config_get_string(cfg, "fit.temperature_law"), laws, 3);
    o->t_ref = ms_config_given(cfg, "fit.reference_temperature")
                   ? ms_config_get(cfg, "fit.reference_temperature") : 0;
    o->t_curie = ms_config_get(cfg, "fit.curie_temperature");
    o->use_bic = strcmp(ms_config_get_string(cfg, "fit.criterion"), "bic") == 0;
    o->band_points = (int)ms_config_get_int(cfg, "fit.band_points");
    if ((int)o->model < 0 || (int)o->law < 0)
        return MS_ERROR(err, MS_EINTERNAL, "fit: choice table out of step with ms_fit_keys");
    return MS_OK;
}

const char *ms_fit_model_name(ms_fit_model m)
{
    static const char *const names[] = {"thermal", "ballistic", "combined", "brown", "auto"};
    return (unsigned)m < 5 ? names[m] : "?";
}

const char *ms_fit_param_name(int slot)
{
    static const char *const names[MS_FIT_NPAR] = {"tau0", "delta", "a_c0", "tau_d", "beta"};
    return (unsigned)slot < MS_FIT_NPAR ? names[slot] : "?";
}

/* Multipliers of Δ, A_c0 and τ_D at temperature T relative to t_ref. */
static void law_scale(const ms_fit_options *o, double t, double g[3])
{
    g[0] = g[1] = g[2] = 1.0;
    if (o->law == MS_FIT_LAW_INVERSE) {
        g[0] = o->t_ref / t;
    } else if (o->law == MS_FIT_LAW_CALLEN) {
        const double r = (1 - pow(t / o->t_curie, 1.5)) / (1 - pow(o->t_ref / o->t_curie, 1.5));
        g[0] = r * r * r * o->t_ref / t;
        g[1] = r * r * r;
        g[2] = 1 / (r * r);
    }
}

/* Mean first-passage time of the brown model; +inf where the barrier overflows double precision. */
static double brown_time(double delta, double i, double tau_d, ms_fit_cache *cache)
{
    if (cache && cache->delta == delta && cache->i == i && cache->tau_d == tau_d)
        return cache->t;
    double t = INFINITY;
    if (ms_model_mfpt(delta, -i, tau_d, 1.0, -0.5, &t, NULL) != MS_OK)
        t = INFINITY;
    if (cache)
        *cache = (ms_fit_cache){delta, i, tau_d, t};
    return t;
}

/* P and Q = 1 − P of model m; *ratio = i = |A|/A_c0(T). */
void ms_fit_model_pq_cached(ms_fit_model m, const double v[MS_FIT_NPAR], const ms_fit_options *o,
                            double width, double amplitude, double temperature, double *p,
                            double *q, double *ratio, ms_fit_cache *cache)
{
    double g[3];
    law_scale(o, temperature, g);
    const double delta = v[MS_FIT_DELTA] * g[0], i = fabs(amplitude) / (v[MS_FIT_AC0] * g[1]);
    double pt = 0, qt = 1, pb = 0, qb = 1;
    if (m == MS_FIT_BROWN) {
        const double t = brown_time(delta, i, v[MS_FIT_TAUD] * g[2], cache);
        pt = -expm1(-width / t);
        qt = exp(-width / t);
    } else if (m != MS_FIT_BALLISTIC) {
        const double tau = i >= 1 ? v[MS_FIT_TAU0]
                                  : v[MS_FIT_TAU0] * exp(delta * pow(1 - i, v[MS_FIT_BETA]));
        pt = -expm1(-width / tau);
        qt = exp(-width / tau);
    }
    if ((m == MS_FIT_BALLISTIC || m == MS_FIT_COMBINED) && i > 1) {
        const double y = M_PI * M_PI * delta / 4 * exp(-2 * width * (i - 1) / (v[MS_FIT_TAUD] * g[2]));
        pb = exp(-y);
        qb = -expm1(-y);
    }
    *p = pt + pb - pt * pb;
    *q = qt * qb;
    if (ratio)
        *ratio = i;
}

void ms_fit_model_pq(ms_fit_model m, const double v[MS_FIT_NPAR], const ms_fit_options *o,
                     double width, double amplitude, double temperature, double *p, double *q,
                     double *ratio)
{
    ms_fit_model_pq_cached(m, v, o, width, amplitude, temperature, p, q, ratio, NULL);
}

double ms_fit_model_p(ms_fit_model m, const double value[MS_FIT_NPAR], const ms_fit_options *o,
                      double width, double amplitude, double temperature)
{
    double p, q;
    ms_fit_model_pq(m, value, o, width, amplitude, temperature, &p, &q, NULL);
    return p;
}
