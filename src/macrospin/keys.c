/* keys.c — the declared config keys of the macrospin solver (device.*, drive.*, solver.*,
 * macrospin.*) and their conversion into ms_macrospin_device / ms_macrospin_options. Each key is
 * declared once here (unit, default, range, doc); the later `table` and `run` commands reuse the
 * same table and ms_macrospin_device_from_config(). Defaults match ms_macrospin_device_init(). */
#include <stdio.h>
#include <string.h>
#include "metaspin/macrospin.h"

#define Q MS_KEY_QUANTITY
#define VEC MS_KEY_VECTOR
#define WAVE_KEYS(P, UNIT, WHAT)                                                                   \
    {P ".kind", MS_KEY_CHOICE, "", "dc", NULL, "dc|pulse|sine|table", WHAT ": waveform kind"},     \
    {P ".amplitude", Q, UNIT, "0", NULL, NULL, WHAT ": DC level, pulse height or sine amplitude"}, \
    {P ".start", Q, "s", "0", "[0, inf)", NULL, WHAT ": pulse start (beginning of the rise)"},     \
    {P ".width", Q, "s", "1 ns", "[0, inf)", NULL, WHAT ": pulse plateau duration"},               \
    {P ".rise", Q, "s", "0", "[0, inf)", NULL, WHAT ": pulse rise time (linear)"},                 \
    {P ".fall", Q, "s", "0", "[0, inf)", NULL, WHAT ": pulse fall time (linear)"},                 \
    {P ".frequency", Q, "Hz", "0", "[0, inf)", NULL, WHAT ": sine frequency"},                     \
    {P ".phase", Q, "rad", "0", NULL, NULL, WHAT ": sine phase"},                                  \
    {P ".times", MS_KEY_LIST, "s", "[]", "[0, inf)", NULL, WHAT ": table times (increasing)"},     \
    {P ".values", MS_KEY_LIST, UNIT, "[]", NULL, NULL, WHAT ": table values"}

const ms_key ms_macrospin_keys[] = {
    {"device.ms", Q, "A/m", "1.1 MA/m", "(0, inf)", NULL, "saturation magnetisation Ms"},
    {"device.k_u1", Q, "J/m^3", "0.8 MJ/m^3", NULL, NULL, "first uniaxial anisotropy constant K_u1 (energy K1 sin^2)"},
    {"device.k_u2", Q, "J/m^3", "0", NULL, NULL, "second uniaxial anisotropy constant K_u2 (energy K2 sin^4)"},
    {"device.axis", VEC, "", "[0, 0, 1]", NULL, NULL, "easy axis u"},
    {"device.geometry", MS_KEY_CHOICE, "", "disk", NULL, "disk|ellipse|box|given", "shape for demag factors and volume"},
    {"device.size", VEC, "m", "[40 nm, 40 nm, 1.3 nm]", "(0, inf)", NULL, "disk [diameter, -, t], ellipse [len x, len y, t], box [lx, ly, lz]"},
    {"device.demag", VEC, "", "[0, 0, 1]", "[0, 1]", NULL, "demag factors Nx, Ny, Nz (geometry = given)"},
    {"device.volume", Q, "m^3", "0", "[0, inf)", NULL, "volume (geometry = given)"},
    {"device.alpha", Q, "", "0.01", "(0, inf)", NULL, "Gilbert damping"},
    {"device.gamma", Q, "rad/(s T)", "1.760859e11 rad/(s T)", "(0, inf)", NULL, "gyromagnetic ratio (gamma0 = mu0 gamma)"},
    {"device.temperature", Q, "K", "300 K", "[0, inf)", NULL, "temperature (Brown thermal field)"},
    {"device.exchange_bias", VEC, "A/m", "[0, 0, 0]", NULL, NULL, "exchange-bias field"},
    {"device.t_free", Q, "m", "1.3 nm", "(0, inf)", NULL, "free-layer thickness t_F (STT, SOT, VCMA)"},
    {"device.stt.model", MS_KEY_CHOICE, "", "none", NULL, "none|constant|slonczewski", "spin-transfer efficiency model"},
    {"device.stt.eta", Q, "", "0.5", NULL, NULL, "constant STT efficiency eta"},
    {"device.stt.polarisation", Q, "", "0.6", "(0, 1]", NULL, "spin polarisation P (slonczewski)"},
    {"device.stt.beta", Q, "", "0", NULL, NULL, "field-like / damping-like STT ratio"},
    {"device.stt.p", VEC, "", "[0, 0, 1]", NULL, NULL, "fixed-layer magnetisation direction p"},
    {"device.sot.theta_sh", Q, "", "0", NULL, NULL, "spin Hall angle (0 = no SOT)"},
    {"device.sot.beta", Q, "", "0", NULL, NULL, "field-like / damping-like SOT ratio"},
    {"device.sot.sigma", VEC, "", "[0, 1, 0]", NULL, NULL, "SOT spin polarisation direction sigma"},
    {"device.vcma.xi", Q, "J/(V m)", "0", NULL, NULL, "VCMA coefficient xi: K_u1(V) = K_u1 - xi V/(t_ox t_F)"},
    {"device.vcma.t_ox", Q, "m", "1 nm", "(0, inf)", NULL, "tunnel barrier (gate oxide) thickness"},
    {"device.variation.ms", Q, "", "0", "[0, 0.5]", NULL, "relative Gaussian spread of Ms per trial"},
    {"device.variation.k_u", Q, "", "0", "[0, 0.5]", NULL, "relative Gaussian spread of K_u per trial"},
    {"device.variation.volume", Q, "", "0", "[0, 0.5]", NULL, "relative Gaussian spread of the volume per trial"},
    {"device.variation.alpha", Q, "", "0", "[0, 0.5]", NULL, "relative Gaussian spread of alpha per trial"},
    {"drive.field.bias", VEC, "A/m", "[0, 0, 0]", NULL, NULL, "constant applied field"},
    {"drive.field.direction", VEC, "", "[0, 0, 1]", NULL, NULL, "direction of the time-dependent field"},
    WAVE_KEYS("drive.field", "A/m", "applied field magnitude"),
    WAVE_KEYS("drive.current", "A/m^2", "STT current density (> 0: electrons from fixed into free layer)"),
    WAVE_KEYS("drive.sot_current", "A/m^2", "SOT current density in the heavy metal"),
    WAVE_KEYS("drive.voltage", "V", "gate voltage (VCMA)"),
    {"solver.integrator", MS_KEY_CHOICE, "", "heun", NULL, "heun|rk4|rk45", "heun (stochastic), rk4 or rk45 (T = 0 only)"},
    {"solver.dt", Q, "s", "1 ps", "(0, inf)", NULL, "time step (heun, rk4) or output step (rk45)"},
    {"solver.t_end", Q, "s", "10 ns", "(0, inf)", NULL, "simulated time"},
    {"solver.rtol", Q, "", "1e-8", "(0, 1)", NULL, "rk45 relative tolerance"},
    {"solver.atol", Q, "", "1e-10", "(0, 1)", NULL, "rk45 absolute tolerance (on m)"},
    {"macrospin.trials", MS_KEY_INT, "", "1000", "[1, 1e9]", NULL, "number of independent trials"},
    {"macrospin.initial", MS_KEY_CHOICE, "", "thermal_up", NULL, "up|down|thermal_up|thermal_down|vector", "initial state (thermal_*: Boltzmann in the well)"},
    {"macrospin.m0", VEC, "", "[0, 0, 1]", NULL, NULL, "initial direction (initial = vector)"},
    {"macrospin.threshold", Q, "", "-0.5", "[-1, 1]", NULL, "switched when m.s < threshold (s = initial well direction)"},
    {"macrospin.stop_when_switched", MS_KEY_BOOL, "", "false", NULL, NULL, "stop (per block of trials) once switched"},
    {"macrospin.sample_every", Q, "s", "10 ps", "[0, inf)", NULL, "ensemble time-series interval (0: start and end)"},
    {"macrospin.trajectories", MS_KEY_INT, "", "0", "[0, 10000]", NULL, "store the trajectories of the first K trials"},
    {"macrospin.histogram_bins", MS_KEY_INT, "", "100", "[1, 1000000]", NULL, "switching-time histogram bins over [0, t_end]"},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL}};

static int choice_index(const char *word, const char *const *words, int n)
{
    for (int k = 0; k < n; k++)
        if (strcmp(word, words[k]) == 0)
            return k;
    return 0;
}

static int wave_from_config(const ms_config *cfg, const char *prefix, ms_waveform *w, ms_error *err)
{
    static const char *const kinds[] = {"dc", "pulse", "sine", "table"};
    char path[96];
#define WPATH(leaf) (snprintf(path, sizeof path, "%s.%s", prefix, leaf), path)
    memset(w, 0, sizeof *w);
    w->kind = (ms_wave_kind)choice_index(ms_config_get_string(cfg, WPATH("kind")), kinds, 4);
    w->amplitude = ms_config_get(cfg, WPATH("amplitude"));
    w->start = ms_config_get(cfg, WPATH("start"));
    w->width = ms_config_get(cfg, WPATH("width"));
    w->rise = ms_config_get(cfg, WPATH("rise"));
    w->fall = ms_config_get(cfg, WPATH("fall"));
    w->frequency = ms_config_get(cfg, WPATH("frequency"));
    w->phase = ms_config_get(cfg, WPATH("phase"));
    const double *t, *v;
    const size_t nt = ms_config_get_list(cfg, WPATH("times"), &t);
    const size_t nv = ms_config_get_list(cfg, WPATH("values"), &v);
    if (w->kind == MS_WAVE_TABLE) {
        if (nt != nv || nt < 1 || nt > MS_WAVE_TABLE_MAX)
            return ms_config_error(cfg, err, WPATH("values"),
                                   "table needs as many values as times (1 to %d), got %zu and %zu",
                                   MS_WAVE_TABLE_MAX, nt, nv);
        w->n_table = (int)nt;
        memcpy(w->table_t, t, nt * sizeof *t);
        memcpy(w->table_v, v, nv * sizeof *v);
    }
#undef WPATH
    return MS_OK;
}

int ms_macrospin_device_from_config(const ms_config *cfg, ms_macrospin_device *d, ms_error *err)
{
    static const char *const geoms[] = {"disk", "ellipse", "box", "given"};
    static const char *const stt[] = {"none", "constant", "slonczewski"};
    int status;
    ms_macrospin_device_init(d);
    d->ms = ms_config_get(cfg, "device.ms");
    d->k_u1 = ms_config_get(cfg, "device.k_u1");
    d->k_u2 = ms_config_get(cfg, "device.k_u2");
    ms_config_get_vector(cfg, "device.axis", d->axis);
    d->geometry = (ms_geometry_kind)choice_index(ms_config_get_string(cfg, "device.geometry"), geoms, 4);
    ms_config_get_vector(cfg, "device.size", d->size);
    ms_config_get_vector(cfg, "device.demag", d->demag);
    d->volume = ms_config_get(cfg, "device.volume");
    d->alpha = ms_config_get(cfg, "device.alpha");
    d->gamma = ms_config_get(cfg, "device.gamma");
    d->temperature = ms_config_get(cfg, "device.temperature");
    ms_config_get_vector(cfg, "device.exchange_bias", d->h_eb);
    d->t_free = ms_config_get(cfg, "device.t_free");
    d->stt = (ms_stt_model)choice_index(ms_config_get_string(cfg, "device.stt.model"), stt, 3);
    d->stt_eta = ms_config_get(cfg, "device.stt.eta");
    d->stt_polarisation = ms_config_get(cfg, "device.stt.polarisation");
    d->stt_beta = ms_config_get(cfg, "device.stt.beta");
    ms_config_get_vector(cfg, "device.stt.p", d->stt_p);
    d->sot_theta = ms_config_get(cfg, "device.sot.theta_sh");
    d->sot_beta = ms_config_get(cfg, "device.sot.beta");
    ms_config_get_vector(cfg, "device.sot.sigma", d->sot_sigma);
    d->vcma_xi = ms_config_get(cfg, "device.vcma.xi");
    d->vcma_t_ox = ms_config_get(cfg, "device.vcma.t_ox");
    d->sd_ms = ms_config_get(cfg, "device.variation.ms");
    d->sd_k = ms_config_get(cfg, "device.variation.k_u");
    d->sd_volume = ms_config_get(cfg, "device.variation.volume");
    d->sd_alpha = ms_config_get(cfg, "device.variation.alpha");
    ms_config_get_vector(cfg, "drive.field.bias", d->h_bias);
    ms_config_get_vector(cfg, "drive.field.direction", d->h_dir);
    MS_TRY(wave_from_config(cfg, "drive.field", &d->h_wave, err));
    MS_TRY(wave_from_config(cfg, "drive.current", &d->j_wave, err));
    MS_TRY(wave_from_config(cfg, "drive.sot_current", &d->j_sot_wave, err));
    MS_TRY(wave_from_config(cfg, "drive.voltage", &d->v_wave, err));
    if (d->geometry == MS_GEOMETRY_GIVEN && !(d->volume > 0))
        return ms_config_error(cfg, err, "device.volume", "must be positive when geometry = given");
    /* directions are normalised by prepare: name the key of a zero vector here, where it is known */
    static const char *const dirs[] = {"device.axis", "drive.field.direction", "device.stt.p", "device.sot.sigma"};
    const double *const dv[] = {d->axis, d->h_dir, d->stt_p, d->sot_sigma};
    for (int k = 0; k < 4; k++)
        if (!(dv[k][0] != 0 || dv[k][1] != 0 || dv[k][2] != 0))
            return ms_config_error(cfg, err, dirs[k], "must be a non-zero vector");
    ms_macrospin_device tmp = *d;
    if (ms_macrospin_device_prepare(&tmp, err))
        return MS_EINPUT;
    return MS_OK;
fail:
    return status;
}

int ms_macrospin_options_from_config(const ms_config *cfg, ms_macrospin_options *o, ms_error *err)
{
    static const char *const integ[] = {"heun", "rk4", "rk45"};
    static const char *const init[] = {"up", "down", "thermal_up", "thermal_down", "vector"};
    ms_macrospin_options_init(o);
    o->integrator = (ms_integrator)choice_index(ms_config_get_string(cfg, "solver.integrator"), integ, 3);
    o->dt = ms_config_get(cfg, "solver.dt");
    o->rtol = ms_config_get(cfg, "solver.rtol");
    o->atol = ms_config_get(cfg, "solver.atol");
    o->initial = (ms_initial_kind)choice_index(ms_config_get_string(cfg, "macrospin.initial"), init, 5);
    ms_config_get_vector(cfg, "macrospin.m0", o->m0);
    o->threshold = ms_config_get(cfg, "macrospin.threshold");
    o->stop_when_switched = ms_config_get_bool(cfg, "macrospin.stop_when_switched");
    const double *m0 = o->m0;
    if (o->initial == MS_INITIAL_VECTOR && !(m0[0] != 0 || m0[1] != 0 || m0[2] != 0))
        return ms_config_error(cfg, err, "macrospin.m0", "must be a non-zero vector");
    const double t_end = ms_config_get(cfg, "solver.t_end");
    if (o->integrator != MS_INTEGRATOR_RK45 && o->dt > t_end)
        return ms_config_error(cfg, err, "solver.dt", "time step %g s exceeds t_end %g s", o->dt, t_end);
    return MS_OK;
}
