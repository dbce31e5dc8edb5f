/* keys.c — the `ionics.*` config keys (declared once, STYLE.md rule 11) and the model they build.
 *
 * Species defaults come from ms_ionics_species_builtin(); ionics.charge/hop_distance/
 * attempt_frequency/barrier override them only when given. Defaults elsewhere describe the
 * Pt/Co(0.9 nm)/GdOx(30 nm) oxygen device of PHYSICS.md §3 (worked example; fit parameters).
 * Piecewise-linear maps take two lists <name>_theta (ML) and <name>; an empty <name>_theta means
 * the constant first value. Equations: include/metaspin/ionics.h, docs/ionics.md. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <gsl/gsl_const_mksa.h>
#include "metaspin/ionics.h"

#define Q MS_KEY_QUANTITY
#define L MS_KEY_LIST
const ms_key ms_ionics_keys[] = {
    {"ionics.species", MS_KEY_CHOICE, "", "oxygen", NULL, "oxygen|hydrogen|nitrogen|custom", "mobile ion: O2- (z=-2), H+ (z=+1), N3- (z=-3) or custom (give charge, hop_distance, attempt_frequency, barrier)"},
    {"ionics.charge", MS_KEY_INT, "", "-2", "[-4, 4]", NULL, "charge number z (default: the species')"},
    {"ionics.hop_distance", Q, "m", "0.3 nm", "(0, inf)", NULL, "hop distance a = site spacing (default: the species')"},
    {"ionics.attempt_frequency", Q, "1/s", "1e13", "(0, inf)", NULL, "attempt frequency nu0 (default: the species')"},
    {"ionics.barrier", Q, "J", "0.8 eV", "[0, inf)", NULL, "migration barrier E_a (default: the species')"},
    {"ionics.site_max", Q, "1/m^3", "0", "[0, inf)", NULL, "site-blocking density c_max (hops scale by 1 - c/c_max); 0 = off"},
    {"ionics.layer.thickness", Q, "m", "30 nm", "(0, inf)", NULL, "ion-conductor thickness t_ox (N = t_ox/a sites)"},
    {"ionics.layer.permittivity", Q, "", "12", "(0, inf)", NULL, "relative permittivity of the ion conductor (divider)"},
    {"ionics.layer.density", Q, "1/m^3", "5e26", "[0, inf)", NULL, "initial uniform mobile-ion density c0"},
    {"ionics.field.model", MS_KEY_CHOICE, "", "uniform", NULL, "uniform|divider|poisson", "E = -V_G/t_ox, series-dielectric divider, or 1-D Poisson with the ionic space charge (Gummel, steps split at the dielectric relaxation time)"},
    {"ionics.field.dielectric_thickness", Q, "m", "0 nm", "[0, inf)", NULL, "series dielectric thickness (divider)"},
    {"ionics.field.dielectric_permittivity", Q, "", "9", "(0, inf)", NULL, "series dielectric relative permittivity (divider)"},
    {"ionics.gate.boundary", MS_KEY_CHOICE, "", "blocking", NULL, "blocking|reservoir|exchange", "gate electrode: blocking, hopping reservoir at fixed density, or exchange-rate reservoir"},
    {"ionics.gate.reservoir_density", Q, "1/m^3", "0", "[0, inf)", NULL, "reservoir density c_res"},
    {"ionics.gate.exchange_rate", Q, "m/s", "1e-9", "[0, inf)", NULL, "exchange velocity k: J = k (c_N - c_res)"},
    {"ionics.interface.model", MS_KEY_CHOICE, "", "reactive", NULL, "reactive|blocking", "FM interface: reactive layer with coverage theta, or blocking wall"},
    {"ionics.interface.site_density", Q, "1/m^2", "1.84e19", "(0, inf)", NULL, "interface site density n_s (Co(0001): 1.84e19 m^-2)"},
    {"ionics.interface.binding", Q, "J", "0.5 eV", "[0, inf)", NULL, "binding free energy dG: release barrier E_a + dG (retention)"},
    {"ionics.interface.coverage", Q, "", "0", "[0, inf)", NULL, "initial coverage theta0 (monolayers)"},
    {"ionics.interface.overoxidation", MS_KEY_BOOL, "", "true", NULL, NULL, "allow coverage beyond one monolayer (oxidises and thins the FM)"},
    {"ionics.interface.overox_rate", Q, "", "0.05", "[0, 1]", NULL, "relative capture rate r_ox of the over-oxidation channel"},
    {"ionics.interface.overox_scale", Q, "", "0.5", "(0, inf)", NULL, "Cabrera-Mott-like slowing scale theta_cm (monolayers)"},
    {"ionics.interface.ml_thickness", Q, "m", "0.2 nm", "[0, inf)", NULL, "FM thickness consumed per monolayer beyond the first"},
    {"ionics.interface.sink_rate", Q, "1/s", "0", "[0, inf)", NULL, "first-order absorbing sink at the interface (Pd-like, for H); 0 = off"},
    {"ionics.lateral_cell", Q, "m", "0 nm", "[0, inf)", NULL, "lateral cell width: neighbouring columns exchange ions at D/dx^2, D = a^2 nu0 exp(-E_a/kT); 0 = off"},
    {"ionics.waveform.shape", MS_KEY_CHOICE, "", "pulse", NULL, "dc|pulse|train|pwl", "gate waveform"},
    {"ionics.waveform.voltage", Q, "V", "-2 V", NULL, NULL, "gate voltage V_G = phi_gate - phi_FM during pulses (dc: always)"},
    {"ionics.waveform.off_voltage", Q, "V", "0 V", NULL, NULL, "gate voltage between pulses"},
    {"ionics.waveform.delay", Q, "s", "0 s", "[0, inf)", NULL, "first pulse start"},
    {"ionics.waveform.width", Q, "s", "600 s", "(0, inf)", NULL, "pulse width"},
    {"ionics.waveform.period", Q, "s", "1200 s", "(0, inf)", NULL, "train period"},
    {"ionics.waveform.count", MS_KEY_INT, "", "1", "[1, 100000000]", NULL, "train pulse count"},
    {"ionics.waveform.times", L, "s", "", NULL, NULL, "pwl: times"},
    {"ionics.waveform.values", L, "V", "", NULL, NULL, "pwl: gate voltages"},
    {"ionics.temperature.shape", MS_KEY_CHOICE, "", "gated", NULL, "gated|pwl", "gated: T = heated while the gate pulse is on, else base; pwl: times/values"},
    {"ionics.temperature.base", Q, "K", "300 K", "(0, inf)", NULL, "base temperature"},
    {"ionics.temperature.heated", Q, "K", "0 K", "[0, inf)", NULL, "temperature during gate pulses (0 = base: no heating)"},
    {"ionics.temperature.times", L, "s", "", NULL, NULL, "pwl: times"},
    {"ionics.temperature.values", L, "K", "", NULL, NULL, "pwl: temperatures"},
    {"ionics.run.duration", Q, "s", "1200 s", "(0, inf)", NULL, "simulated time"},
    {"ionics.run.max_step", Q, "s", "1 s", "(0, inf)", NULL, "largest time step (backward Euler is stable for any step)"},
    {"ionics.run.samples", MS_KEY_INT, "", "201", "[2, 1000000]", NULL, "trace samples (uniform in time)"},
    {"ionics.run.iterations", MS_KEY_INT, "", "3", "[1, 50]", NULL, "nonlinear iterations per backward-Euler step (Newton for interface capture, Picard for site blocking)"},
    {"ionics.magnet.thickness", Q, "m", "0.9 nm", "(0, inf)", NULL, "FM thickness t_m0 before over-oxidation"},
    {"ionics.magnet.ms", Q, "A/m", "1.4 MA/m", "(0, inf)", NULL, "saturation magnetisation Ms0"},
    {"ionics.magnet.exchange", Q, "J/m", "16 pJ/m", "[0, inf)", NULL, "exchange stiffness A0 at Ms0 (A = A0 (Ms/Ms0)^2)"},
    {"ionics.magnet.ks_bottom", Q, "J/m^2", "0.6 mJ/m^2", NULL, NULL, "bottom-interface (Pt/Co) anisotropy K_s,bottom"},
    {"ionics.magnet.kv", Q, "J/m^3", "0", NULL, NULL, "volume magnetocrystalline anisotropy K_v"},
    {"ionics.magnet.diameter", Q, "m", "50 nm", "(0, inf)", NULL, "device (disk) diameter for Delta"},
    {"ionics.anisotropy.form", MS_KEY_CHOICE, "", "bond", NULL, "bond|logistic|table", "K_s,top(theta) map"},
    {"ionics.anisotropy.ks_top0", Q, "J/m^2", "0", NULL, NULL, "K_s,top of the bare interface (theta = 0)"},
    {"ionics.anisotropy.swing", Q, "J/m^2", "0.75 mJ/m^2", NULL, NULL, "K_s,top rise from theta = 0 to one monolayer (bond) / bell height (logistic)"},
    {"ionics.anisotropy.ks_over", Q, "J/m^2", "-0.2 mJ/m^2", NULL, NULL, "bond: K_s,top when over-oxidised by over_width monolayers"},
    {"ionics.anisotropy.over_width", Q, "", "1", "(0, inf)", NULL, "bond: over-oxidation (ML beyond one) over which K_s,top falls to ks_over"},
    {"ionics.anisotropy.theta_on", Q, "", "0.5", NULL, NULL, "logistic: rising-edge centre (ML)"},
    {"ionics.anisotropy.width_on", Q, "", "0.15", "(0, inf)", NULL, "logistic: rising-edge width (ML)"},
    {"ionics.anisotropy.theta_off", Q, "", "1.6", NULL, NULL, "logistic: falling-edge centre (ML)"},
    {"ionics.anisotropy.width_off", Q, "", "0.3", "(0, inf)", NULL, "logistic: falling-edge width (ML)"},
    {"ionics.anisotropy.table_theta", L, "", "", NULL, NULL, "table: coverages (ML, ascending)"},
    {"ionics.anisotropy.table_ks", L, "J/m^2", "", NULL, NULL, "table: K_s,top values"},
    {"ionics.maps.ms_theta", L, "", "", NULL, NULL, "Ms(theta)/Ms0 table: coverages"},
    {"ionics.maps.ms", L, "", "1", NULL, NULL, "Ms(theta)/Ms0 table: values"},
    {"ionics.maps.alpha_theta", L, "", "", NULL, NULL, "damping table: coverages"},
    {"ionics.maps.alpha", L, "", "0.02", NULL, NULL, "damping alpha(theta) values"},
    {"ionics.maps.dmi_theta", L, "", "", NULL, NULL, "DMI table: coverages"},
    {"ionics.maps.dmi", L, "J/m^2", "0", NULL, NULL, "interfacial DMI D_s(theta) values"},
    {"ionics.maps.sot_theta", L, "", "", NULL, NULL, "SOT efficiency table: coverages"},
    {"ionics.maps.sot", L, "", "0.1", NULL, NULL, "SOT efficiency xi(theta) values"},
    {"ionics.maps.heb_theta", L, "", "", NULL, NULL, "exchange-bias table: coverages"},
    {"ionics.maps.heb", L, "A/m", "0", NULL, NULL, "exchange bias H_eb(theta) values"},
    {"ionics.phase.enable", MS_KEY_BOOL, "", "false", NULL, NULL, "FM/AFM coexistence: FM fraction phi with hysteretic relaxation"},
    {"ionics.phase.transition", Q, "K", "400 K", "(0, inf)", NULL, "transition temperature T_t at theta = 0"},
    {"ionics.phase.shift", Q, "K", "0 K", NULL, NULL, "dT_t/dtheta (K per monolayer)"},
    {"ionics.phase.width", Q, "K", "10 K", "(0, inf)", NULL, "logistic width of phi_eq(T)"},
    {"ionics.phase.hysteresis", Q, "K", "0 K", "[0, inf)", NULL, "heating/cooling branch splitting"},
    {"ionics.phase.tau", Q, "s", "1 ms", "(0, inf)", NULL, "relaxation time tau_phi"},
    {"ionics.table.h", L, "", "linspace(0, 1.5, 7)", "[0, inf)", NULL, "hidden-state axis (coverage, ML) of the gate and retention tables"},
    {"ionics.table.voltages", L, "V", "-3 V, -2 V, -1 V, 1 V, 2 V", NULL, NULL, "gate-voltage axis of /gate/h_after"},
    {"ionics.table.widths", L, "s", "logspace(1 s, 1000 s, 4)", "(0, inf)", NULL, "gate-pulse width axis of /gate/h_after (ascending)"},
    {"ionics.table.temperatures", L, "K", "300 K", "(0, inf)", NULL, "temperature axis of /gate/retention"},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL},
};
#undef Q
#undef L

void ms_ionics_model_default(ms_ionics_model *m)
{
    memset(m, 0, sizeof *m);
    ms_ionics_species_builtin("oxygen", &m->sp, NULL);
    m->thickness = 30e-9;
    m->eps_ox = 12.0;
    m->c0 = 5e26;
    m->eps_diel = 9.0;
    m->k_exchange = 1e-9;
    m->n_s = 1.84e19;
    m->binding = 0.5 * GSL_CONST_MKSA_ELECTRON_VOLT;
    m->overox = 1;
    m->r_ox = 0.05;
    m->theta_cm = 0.5;
    m->d_ml = 0.2e-9;
    m->gate = (ms_ionics_wave){.shape = MS_IONICS_WAVE_PULSE, .on = -2.0, .width = 600.0, .period = 1200.0, .count = 1};
    m->temp = (ms_ionics_wave){.shape = MS_IONICS_WAVE_DC, .on = 300.0, .off = 300.0};
    m->iterations = 3;
    m->t_m0 = 0.9e-9;
    m->ms0 = 1.4e6;
    m->a_ex0 = 16e-12;
    m->ks_bottom = 0.6e-3;
    m->diameter = 50e-9;
    m->ks_form = MS_IONICS_KS_BOND;
    m->ks_swing = 0.75e-3;
    m->ks_over = -0.2e-3;
    m->over_width = 1.0;
    m->th_on = 0.5, m->w_on = 0.15, m->th_off = 1.6, m->w_off = 0.3;
    m->ms_rel = (ms_ionics_table){.n = 1, .y = {1.0}};
    m->alpha = (ms_ionics_table){.n = 1, .y = {0.02}};
    m->dmi = (ms_ionics_table){.n = 1, .y = {0.0}};
    m->xi = (ms_ionics_table){.n = 1, .y = {0.1}};
    m->heb = (ms_ionics_table){.n = 1, .y = {0.0}};
    m->t_t0 = 400.0, m->t_width = 10.0, m->tau_phi = 1e-3;
}

static int choice_index(const char *word, const char *const *names, int n)
{
    for (int i = 0; i < n; ++i)
        if (strcmp(word, names[i]) == 0)
            return i;
    return 0;
}

static int get_table(const ms_config *cfg, const char *xkey, const char *ykey, ms_ionics_table *t,
                     ms_error *err)
{
    const double *x, *y;
    const size_t nx = ms_config_get_list(cfg, xkey, &x), ny = ms_config_get_list(cfg, ykey, &y);
    if (ny == 0 || ny > MS_IONICS_MAX_TABLE)
        return ms_config_error(cfg, err, ykey, "needs 1 to %d values, got %zu", MS_IONICS_MAX_TABLE, ny);
    if (nx != 0 && nx != ny)
        return ms_config_error(cfg, err, xkey, "needs as many coverages as %s has values (%zu), got %zu", ykey, ny, nx);
    t->n = ny;
    for (size_t i = 0; i < ny; ++i) {
        t->x[i] = nx ? x[i] : 0.0;
        t->y[i] = y[i];
        if (i > 0 && nx && !(t->x[i] > t->x[i - 1]))
            return ms_config_error(cfg, err, xkey, "coverages must be strictly ascending");
    }
    if (nx == 0)
        t->n = 1;
    return MS_OK;
}

static int get_pwl(const ms_config *cfg, const char *tkey, const char *vkey, ms_ionics_wave *w, ms_error *err)
{
    const double *t, *v;
    const size_t nt = ms_config_get_list(cfg, tkey, &t), nv = ms_config_get_list(cfg, vkey, &v);
    if (nt < 1 || nt != nv || nt > MS_IONICS_MAX_PWL)
        return ms_config_error(cfg, err, tkey, "pwl needs 1 to %d times and as many values (got %zu and %zu)",
                               MS_IONICS_MAX_PWL, nt, nv);
    w->shape = MS_IONICS_WAVE_PWL;
    w->n = nt;
    for (size_t i = 0; i < nt; ++i) {
        w->t[i] = t[i];
        w->v[i] = v[i];
        if (i > 0 && !(t[i] > t[i - 1]))
            return ms_config_error(cfg, err, tkey, "times must be strictly ascending");
    }
    return MS_OK;
}

static int species_from_config(ms_ionics_model *m, const ms_config *cfg, ms_error *err)
{
    const char *name = ms_config_get_string(cfg, "ionics.species");
    if (strcmp(name, "custom") != 0) {
        int status = ms_ionics_species_builtin(name, &m->sp, err);
        if (status)
            return status;
    } else {
        snprintf(m->sp.name, sizeof m->sp.name, "custom");
        static const char *need[] = {"ionics.charge", "ionics.hop_distance", "ionics.attempt_frequency", "ionics.barrier"};
        for (int i = 0; i < 4; ++i)
            if (!ms_config_given(cfg, need[i]))
                return ms_config_error(cfg, err, need[i], "required for species \"custom\"");
    }
    if (ms_config_given(cfg, "ionics.charge")) m->sp.charge = (int)ms_config_get_int(cfg, "ionics.charge");
    if (ms_config_given(cfg, "ionics.hop_distance")) m->sp.hop = ms_config_get(cfg, "ionics.hop_distance");
    if (ms_config_given(cfg, "ionics.attempt_frequency")) m->sp.nu0 = ms_config_get(cfg, "ionics.attempt_frequency");
    if (ms_config_given(cfg, "ionics.barrier")) m->sp.barrier = ms_config_get(cfg, "ionics.barrier");
    if (m->sp.charge == 0)
        return ms_config_error(cfg, err, "ionics.charge", "must be non-zero");
    return MS_OK;
}

static int waves_from_config(ms_ionics_model *m, const ms_config *cfg, ms_error *err)
{
    static const char *shapes[] = {"dc", "pulse", "train", "pwl"};
    const int shape = choice_index(ms_config_get_string(cfg, "ionics.waveform.shape"), shapes, 4);
    ms_ionics_wave *g = &m->gate;
    g->shape = (ms_ionics_wave_shape)shape;
    g->on = ms_config_get(cfg, "ionics.waveform.voltage");
    g->off = ms_config_get(cfg, "ionics.waveform.off_voltage");
    g->delay = ms_config_get(cfg, "ionics.waveform.delay");
    g->width = ms_config_get(cfg, "ionics.waveform.width");
    g->period = ms_config_get(cfg, "ionics.waveform.period");
    g->count = ms_config_get_int(cfg, "ionics.waveform.count");
    if (shape == MS_IONICS_WAVE_TRAIN && g->width > g->period)
        return ms_config_error(cfg, err, "ionics.waveform.width", "pulse width %g s exceeds the period %g s", g->width, g->period);
    if (shape == MS_IONICS_WAVE_PWL) {
        int status = get_pwl(cfg, "ionics.waveform.times", "ionics.waveform.values", g, err);
        if (status)
            return status;
    }
    const double base = ms_config_get(cfg, "ionics.temperature.base");
    const double heated = ms_config_get(cfg, "ionics.temperature.heated");
    if (strcmp(ms_config_get_string(cfg, "ionics.temperature.shape"), "pwl") == 0)
        return get_pwl(cfg, "ionics.temperature.times", "ionics.temperature.values", &m->temp, err);
    if (heated > 0.0 && shape != MS_IONICS_WAVE_DC && shape != MS_IONICS_WAVE_PWL) {
        m->temp = *g;              /* same timing as the gate pulses */
        m->temp.on = heated;
        m->temp.off = base;
    } else {
        m->temp = (ms_ionics_wave){.shape = MS_IONICS_WAVE_DC, .on = heated > 0.0 ? heated : base};
        m->temp.off = m->temp.on;
    }
    return MS_OK;
}

static int maps_from_config(ms_ionics_model *m, const ms_config *cfg, ms_error *err)
{
    static const char *forms[] = {"bond", "logistic", "table"};
    m->ks_form = (ms_ionics_ks_form)choice_index(ms_config_get_string(cfg, "ionics.anisotropy.form"), forms, 3);
    m->ks_top0 = ms_config_get(cfg, "ionics.anisotropy.ks_top0");
    m->ks_swing = ms_config_get(cfg, "ionics.anisotropy.swing");
    m->ks_over = ms_config_get(cfg, "ionics.anisotropy.ks_over");
    m->over_width = ms_config_get(cfg, "ionics.anisotropy.over_width");
    m->th_on = ms_config_get(cfg, "ionics.anisotropy.theta_on");
    m->w_on = ms_config_get(cfg, "ionics.anisotropy.width_on");
    m->th_off = ms_config_get(cfg, "ionics.anisotropy.theta_off");
    m->w_off = ms_config_get(cfg, "ionics.anisotropy.width_off");
    int status = MS_OK;
    if (m->ks_form == MS_IONICS_KS_TABLE) {
        MS_TRY(get_table(cfg, "ionics.anisotropy.table_theta", "ionics.anisotropy.table_ks", &m->ks_table, err));
        if (m->ks_table.n < 2)
            return ms_config_error(cfg, err, "ionics.anisotropy.table_theta", "table form needs at least two points");
    }
    MS_TRY(get_table(cfg, "ionics.maps.ms_theta", "ionics.maps.ms", &m->ms_rel, err));
    MS_TRY(get_table(cfg, "ionics.maps.alpha_theta", "ionics.maps.alpha", &m->alpha, err));
    MS_TRY(get_table(cfg, "ionics.maps.dmi_theta", "ionics.maps.dmi", &m->dmi, err));
    MS_TRY(get_table(cfg, "ionics.maps.sot_theta", "ionics.maps.sot", &m->xi, err));
    MS_TRY(get_table(cfg, "ionics.maps.heb_theta", "ionics.maps.heb", &m->heb, err));
fail:
    return status;
}

int ms_ionics_model_from_config(ms_ionics_model *m, const ms_config *cfg, ms_error *err)
{
    ms_ionics_model_default(m);
    int status = MS_OK;
    MS_TRY(species_from_config(m, cfg, err));
    static const char *fields[] = {"uniform", "divider", "poisson"};
    static const char *gates[] = {"blocking", "reservoir", "exchange"};
    static const char *fms[] = {"reactive", "blocking"};
    m->c_max = ms_config_get(cfg, "ionics.site_max");
    m->thickness = ms_config_get(cfg, "ionics.layer.thickness");
    m->eps_ox = ms_config_get(cfg, "ionics.layer.permittivity");
    m->c0 = ms_config_get(cfg, "ionics.layer.density");
    m->field = (ms_ionics_field_model)choice_index(ms_config_get_string(cfg, "ionics.field.model"), fields, 3);
    m->t_diel = ms_config_get(cfg, "ionics.field.dielectric_thickness");
    m->eps_diel = ms_config_get(cfg, "ionics.field.dielectric_permittivity");
    m->gate_bc = (ms_ionics_gate_bc)choice_index(ms_config_get_string(cfg, "ionics.gate.boundary"), gates, 3);
    m->c_res = ms_config_get(cfg, "ionics.gate.reservoir_density");
    m->k_exchange = ms_config_get(cfg, "ionics.gate.exchange_rate");
    m->fm_bc = (ms_ionics_fm_bc)choice_index(ms_config_get_string(cfg, "ionics.interface.model"), fms, 2);
    m->n_s = ms_config_get(cfg, "ionics.interface.site_density");
    m->binding = ms_config_get(cfg, "ionics.interface.binding");
    m->theta0 = ms_config_get(cfg, "ionics.interface.coverage");
    m->overox = ms_config_get_bool(cfg, "ionics.interface.overoxidation");
    m->r_ox = ms_config_get(cfg, "ionics.interface.overox_rate");
    m->theta_cm = ms_config_get(cfg, "ionics.interface.overox_scale");
    m->d_ml = ms_config_get(cfg, "ionics.interface.ml_thickness");
    m->k_sink = ms_config_get(cfg, "ionics.interface.sink_rate");
    m->cell_width = ms_config_get(cfg, "ionics.lateral_cell");
    m->iterations = (int)ms_config_get_int(cfg, "ionics.run.iterations");
    m->t_m0 = ms_config_get(cfg, "ionics.magnet.thickness");
    m->ms0 = ms_config_get(cfg, "ionics.magnet.ms");
    m->a_ex0 = ms_config_get(cfg, "ionics.magnet.exchange");
    m->ks_bottom = ms_config_get(cfg, "ionics.magnet.ks_bottom");
    m->k_v = ms_config_get(cfg, "ionics.magnet.kv");
    m->diameter = ms_config_get(cfg, "ionics.magnet.diameter");
    m->phase = ms_config_get_bool(cfg, "ionics.phase.enable");
    m->t_t0 = ms_config_get(cfg, "ionics.phase.transition");
    m->dtt_dtheta = ms_config_get(cfg, "ionics.phase.shift");
    m->t_width = ms_config_get(cfg, "ionics.phase.width");
    m->t_hyst = ms_config_get(cfg, "ionics.phase.hysteresis");
    m->tau_phi = ms_config_get(cfg, "ionics.phase.tau");
    MS_TRY(waves_from_config(m, cfg, err));
    MS_TRY(maps_from_config(m, cfg, err));
    if (m->field == MS_IONICS_FIELD_DIVIDER && !(m->t_diel > 0.0))
        return ms_config_error(cfg, err, "ionics.field.dielectric_thickness", "divider needs a positive dielectric thickness");
    MS_TRY(ms_ionics_model_check(m, err));
fail:
    return status;
}

int ms_ionics_model_check(const ms_ionics_model *m, ms_error *err)
{
    if (m->sp.charge == 0 || !(m->sp.hop > 0.0) || !(m->sp.nu0 > 0.0) || !(m->sp.barrier >= 0.0))
        return MS_ERROR(err, MS_EINPUT, "ionics: species needs z != 0, a > 0, nu0 > 0, E_a >= 0");
    if (!(m->thickness >= m->sp.hop))
        return MS_ERROR(err, MS_EINPUT, "ionics: layer thickness %g m is below one hop distance %g m", m->thickness, m->sp.hop);
    if (m->thickness / m->sp.hop > 1e6)
        return MS_ERROR(err, MS_EINPUT, "ionics: layer of %g sites is too many (limit 1e6)", m->thickness / m->sp.hop);
    if (!(m->n_s > 0.0) || m->iterations < 1 || !(m->theta0 >= 0.0) || !(m->c0 >= 0.0))
        return MS_ERROR(err, MS_EINPUT, "ionics: need n_s > 0, iterations >= 1, theta0 >= 0, c0 >= 0");
    if (m->c_max > 0.0 && (m->c0 > m->c_max || m->c_res > m->c_max))
        return MS_ERROR(err, MS_EINPUT, "ionics: initial or reservoir density exceeds the site maximum %g m^-3", m->c_max);
    if (m->overox && (!(m->theta_cm > 0.0) || !(m->r_ox >= 0.0 && m->r_ox <= 1.0)))
        return MS_ERROR(err, MS_EINPUT, "ionics: over-oxidation needs a positive scale and a relative rate in [0, 1]");
    if (!(m->t_m0 > 0.0) || !(m->ms0 > 0.0))
        return MS_ERROR(err, MS_EINPUT, "ionics: magnet thickness and Ms must be positive");
    return MS_OK;
}
