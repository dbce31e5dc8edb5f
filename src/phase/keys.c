/* keys.c — declared config keys of the phase-coexistence model (phase.*) and their conversion into
 * ms_phase_params / ms_phase_drive. Default values are FeRh-like fit parameters (docs/phase.md):
 *   ΔS_v = 1.6e5 J/(m³ K): ΔS ≈ 12–17 J/(kg K) (Stern-Taulats et al., PRB 89, 214105 (2014);
 *          Cooke et al., PRL 109, 255901 (2012)) times ρ ≈ 9.9e3 kg/m³;
 *   Ms(FM) = 1.3 MA/m, so dT_t/dμ0H = −Ms/ΔS_v ≈ −8.1 K/T (measured ≈ −8 K/T, Annaorazov et al.,
 *          J. Appl. Phys. 79, 1689 (1996): 0.79 K/kOe);
 *   T_t0 = 370 K; E_b = 1.2 eV and ν0 = 1e10 1/s: fit parameters giving ≈ 10–20 K of thermal
 *          hysteresis at laboratory sweep rates for 5 nm grains (Uhlíř et al., Nat. Commun. 7, 13113
 *          (2016) report large activation volumes and asymmetric kinetics; no direct E_b measurement);
 *   lumped thermal circuit: R_th = 1e6 K/W, C_th = 1e-15 J/K (τ = 1 ns), R = 100 Ω: typical of a
 *          40 nm pillar on a heat-sinking substrate (fit parameters). */
#include <math.h>
#include <string.h>
#include <gsl/gsl_const_mksa.h>
#include "metaspin/phase.h"

#define Q MS_KEY_QUANTITY
#define L MS_KEY_LIST
#define I MS_KEY_INT

const ms_key ms_phase_keys[] = {
    {"phase.grains", I, "", "64", "[1, 4096]", NULL, "number of grains N_g of the dot"},
    {"phase.grid_x", I, "", "0", "[0, 4096]", NULL, "grains per row of the square grain grid, filled row by row (0: round(sqrt(N_g))); neighbours for phase.coupling"},
    {"phase.grain_volume", Q, "m^3", "125 nm^3", "(0, inf)", NULL, "mean grain volume V_g"},
    {"phase.transition", Q, "K", "370 K", "(0, inf)", NULL, "T_t0: AF->FM transition temperature at c = 0, H = 0"},
    {"phase.dtt_dc", Q, "K", "0 K", NULL, NULL, "dT_t/dc: shift of T_t per unit of the hidden ionic state c (K per ML of theta; T_t(c) = T_t0 + dT_t/dc c)"},
    {"phase.entropy", Q, "J/(m^3 K)", "1.6e5 J/(m^3 K)", "(0, inf)", NULL, "Delta S_v = S_FM - S_AF per volume (latent heat / T_t)"},
    {"phase.ms", Q, "A/m", "1.3 MA/m", "[0, inf)", NULL, "saturation magnetisation of the FM phase"},
    {"phase.barrier", Q, "J", "1.2 eV", "[0, inf)", NULL, "E_b: grain barrier at Delta F = 0, shifted by -/+ (Delta F V)/2 for AF->FM / FM->AF (fit parameter)"},
    {"phase.attempt", Q, "1/s", "1e10 1/s", "(0, inf)", NULL, "nu0: attempt frequency (fit parameter)"},
    {"phase.sigma_tt", Q, "K", "0 K", "[0, inf)", NULL, "std of the Gaussian grain-to-grain T_t offsets (frozen per device, from --seed)"},
    {"phase.sigma_v", Q, "", "0", "[0, 3]", NULL, "std of ln V (log-normal grain volumes with mean V_g, frozen per device, from --seed)"},
    {"phase.coupling", Q, "J", "0 eV", "[0, inf)", NULL, "J_c: energy per AF/FM nearest-neighbour pair on the grain grid (0: independent grains)"},
    {"phase.threshold", Q, "", "0.5", "(0, 1)", NULL, "phi threshold of the binary read-out (FM when phi >= threshold)"},
    {"phase.read.r_af", Q, "ohm", "1.5 kohm", "(0, inf)", NULL, "read resistance of the all-AF dot"},
    {"phase.read.r_fm", Q, "ohm", "1 kohm", "(0, inf)", NULL, "read resistance of the all-FM dot"},
    {"phase.solver.p_max", Q, "", "1e-3", "(0, 0.1]", NULL, "largest per-grain flip probability per step (the step is halved until every grain's p <= p_max)"},
    {"phase.solver.dt_max", Q, "s", "1 s", "(0, inf)", NULL, "largest time step"},
    {"phase.solver.dtemp_max", Q, "K", "0.5 K", "(0, inf)", NULL, "largest temperature change per step"},
    {"phase.drive.mode", MS_KEY_CHOICE, "", "current", NULL, "current|field|temperature", "write drive of `metaspin phase`: heating current pulse, field pulse, or prescribed T(t) (tables take the pulse from table.*)"},
    {"phase.drive.current", Q, "A", "1 mA", "[0, inf)", NULL, "mode current: pulse amplitude I"},
    {"phase.drive.field", Q, "A/m", "0 T", NULL, NULL, "mode field: pulse amplitude H (only |H| enters: mu0 Ms |H| favours FM)"},
    {"phase.drive.bias_field", Q, "A/m", "0 T", NULL, NULL, "constant field added in every mode"},
    {"phase.drive.delay", Q, "s", "1 ns", "[0, inf)", NULL, "current/field pulse: start time"},
    {"phase.drive.rise", Q, "s", "0.1 ns", "[0, inf)", NULL, "current/field pulse: linear rise time"},
    {"phase.drive.width", Q, "s", "10 ns", "[0, inf)", NULL, "current/field pulse: plateau width"},
    {"phase.drive.fall", Q, "s", "0.1 ns", "[0, inf)", NULL, "current/field pulse: linear fall time"},
    {"phase.drive.times", L, "s", "[]", "[0, inf)", NULL, "mode temperature: times of the piecewise-linear T(t)"},
    {"phase.drive.temperatures", L, "K", "[]", "[0, inf)", NULL, "mode temperature: T values at those times"},
    {"phase.thermal.bath", Q, "K", "300 K", "[0, inf)", NULL, "bath (substrate) temperature T_bath (tables: table.temperature)"},
    {"phase.thermal.resistance", Q, "ohm", "100 ohm", "[0, inf)", NULL, "Joule-heating resistance R (C_th dT/dt = I^2 R - (T - T_bath)/R_th)"},
    {"phase.thermal.r_th", Q, "K/W", "1e6 K/W", "(0, inf)", NULL, "thermal resistance to the bath R_th"},
    {"phase.thermal.area", Q, "m^2", "1.6e-15 m^2", "(0, inf)", NULL, "heater cross-section: a table's current density J gives I = J area"},
    {"phase.thermal.c_th", Q, "J/K", "1e-15 J/K", "(0, inf)", NULL, "heat capacity C_th of the dot"},
    {"phase.hidden", Q, "", "0", NULL, NULL, "hidden ionic state c (theta in ML) of the trace run (tables: table.theta)"},
    {"phase.initial", MS_KEY_CHOICE, "", "af", NULL, "af|fm", "initial state of every grain of the trace run"},
    {"phase.trials", I, "", "1000", "[1, 100000000]", NULL, "trials of the trace run (run in blocks of 64 trials, one block per thread at a time)"},
    {"phase.time", Q, "s", "20 ns", "(0, inf)", NULL, "duration of the trace run"},
    {"phase.samples", I, "", "201", "[2, 10000000]", NULL, "trace samples (uniform in time, including 0 and phase.time)"},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL}};

void ms_phase_params_default(ms_phase_params *p)
{
    memset(p, 0, sizeof *p);
    p->n_grains = 64;
    p->grain_volume = 125e-27;
    p->t_t0 = 370.0;
    p->ds_v = 1.6e5;
    p->ms = 1.3e6;
    p->e_b = 1.2 * GSL_CONST_MKSA_ELECTRON_VOLT;
    p->nu0 = 1e10;
    p->threshold = 0.5;
    p->r_af = 1500.0;
    p->r_fm = 1000.0;
    p->p_max = 1e-3;
    p->dt_max = 1.0;
    p->dtemp_max = 0.5;
}

int ms_phase_params_check(const ms_phase_params *p, ms_error *err)
{
    if (p->n_grains < 1 || p->n_grains > MS_PHASE_MAX_GRAINS)
        return MS_ERROR(err, MS_EINPUT, "phase: grains must be 1 to %d, got %d", MS_PHASE_MAX_GRAINS, p->n_grains);
    if (p->grid_x < 0 || p->grid_x > p->n_grains)
        return MS_ERROR(err, MS_EINPUT, "phase: grid_x must be 0 to grains (%d), got %d", p->n_grains, p->grid_x);
    if (!(p->grain_volume > 0) || !(p->ds_v > 0) || !(p->nu0 > 0) || !(p->e_b >= 0) || !(p->ms >= 0))
        return MS_ERROR(err, MS_EINPUT, "phase: grain volume, entropy and attempt frequency must be positive");
    if (!(p->threshold > 0 && p->threshold < 1))
        return MS_ERROR(err, MS_EINPUT, "phase: threshold must lie in (0, 1)");
    if (!(p->p_max > 0 && p->p_max <= 0.1) || !(p->dt_max > 0) || !(p->dtemp_max > 0))
        return MS_ERROR(err, MS_EINPUT, "phase: solver p_max in (0, 0.1], dt_max and dtemp_max > 0 required");
    if (!(p->r_af > 0) || !(p->r_fm > 0))
        return MS_ERROR(err, MS_EINPUT, "phase: read resistances must be positive");
    return MS_OK;
}

int ms_phase_params_from_config(const ms_config *cfg, ms_phase_params *p, ms_error *err)
{
    ms_phase_params_default(p);
    p->n_grains = (int)ms_config_get_int(cfg, "phase.grains");
    p->grid_x = (int)ms_config_get_int(cfg, "phase.grid_x");
    p->grain_volume = ms_config_get(cfg, "phase.grain_volume");
    p->t_t0 = ms_config_get(cfg, "phase.transition");
    p->dtt_dc = ms_config_get(cfg, "phase.dtt_dc");
    p->ds_v = ms_config_get(cfg, "phase.entropy");
    p->ms = ms_config_get(cfg, "phase.ms");
    p->e_b = ms_config_get(cfg, "phase.barrier");
    p->nu0 = ms_config_get(cfg, "phase.attempt");
    p->sigma_tt = ms_config_get(cfg, "phase.sigma_tt");
    p->sigma_v = ms_config_get(cfg, "phase.sigma_v");
    p->coupling = ms_config_get(cfg, "phase.coupling");
    p->threshold = ms_config_get(cfg, "phase.threshold");
    p->r_af = ms_config_get(cfg, "phase.read.r_af");
    p->r_fm = ms_config_get(cfg, "phase.read.r_fm");
    p->p_max = ms_config_get(cfg, "phase.solver.p_max");
    p->dt_max = ms_config_get(cfg, "phase.solver.dt_max");
    p->dtemp_max = ms_config_get(cfg, "phase.solver.dtemp_max");
    if (p->grid_x > p->n_grains)
        return ms_config_error(cfg, err, "phase.grid_x", "must not exceed phase.grains (%d)", p->n_grains);
    return ms_phase_params_check(p, err);
}

static void pulse(const ms_config *cfg, ms_waveform *w, double amplitude)
{
    memset(w, 0, sizeof *w);
    w->kind = MS_WAVE_PULSE;
    w->amplitude = amplitude;
    w->start = ms_config_get(cfg, "phase.drive.delay");
    w->rise = ms_config_get(cfg, "phase.drive.rise");
    w->width = ms_config_get(cfg, "phase.drive.width");
    w->fall = ms_config_get(cfg, "phase.drive.fall");
}

int ms_phase_drive_from_config(const ms_config *cfg, ms_phase_drive *d, ms_error *err)
{
    const char *mode = ms_config_get_string(cfg, "phase.drive.mode");
    memset(d, 0, sizeof *d);
    d->current.kind = d->field.kind = d->temperature.kind = MS_WAVE_DC;
    d->h_bias = ms_config_get(cfg, "phase.drive.bias_field");
    d->t_bath = ms_config_get(cfg, "phase.thermal.bath");
    d->r_heat = ms_config_get(cfg, "phase.thermal.resistance");
    d->r_th = ms_config_get(cfg, "phase.thermal.r_th");
    d->c_th = ms_config_get(cfg, "phase.thermal.c_th");
    if (strcmp(mode, "current") == 0) {
        pulse(cfg, &d->current, ms_config_get(cfg, "phase.drive.current"));
        return MS_OK;
    }
    if (strcmp(mode, "field") == 0) {
        pulse(cfg, &d->field, ms_config_get(cfg, "phase.drive.field"));
        return MS_OK;
    }
    const double *t, *v;
    const size_t nt = ms_config_get_list(cfg, "phase.drive.times", &t);
    const size_t nv = ms_config_get_list(cfg, "phase.drive.temperatures", &v);
    if (nt < 1 || nt != nv || nt > MS_WAVE_TABLE_MAX)
        return ms_config_error(cfg, err, "phase.drive.times",
                               "mode temperature needs 1 to %d times and as many temperatures (got %zu and %zu)",
                               MS_WAVE_TABLE_MAX, nt, nv);
    d->prescribed = 1;
    d->temperature.kind = MS_WAVE_TABLE;
    d->temperature.n_table = (int)nt;
    for (size_t k = 0; k < nt; k++) {
        if (k > 0 && !(t[k] > t[k - 1]))
            return ms_config_error(cfg, err, "phase.drive.times", "times must increase strictly (value %zu)", k + 1);
        d->temperature.table_t[k] = t[k];
        d->temperature.table_v[k] = v[k];
    }
    return MS_OK;
}
