/* tablegen_spec.c — the declared config keys of device-table generation (table.*, table.mesh.*,
 * energy.*) and their conversion into ms_tablegen_spec; the schema list a table command loads
 * (table, device, drive, solver, macrospin, ionics, output keys). Protocol and conventions:
 * tablegen.h, PHYSICS.md §4, docs/tables.md. */
#include <math.h>
#include <string.h>
#include "metaspin/tablegen.h"
#include "engine_mesh.h"

#define Q MS_KEY_QUANTITY
#define L MS_KEY_LIST
#define I MS_KEY_INT

const ms_key ms_tablegen_keys[] = {
    {"table.engine", MS_KEY_CHOICE, "", "macrospin", NULL, "macrospin|mesh|phase", "switching engine (phase: FM/AFM grains of phase.*, docs/phase.md; mesh: finite-difference LLG of the device, table.mesh.*)"},
    {"table.hidden", MS_KEY_CHOICE, "", "auto", NULL, "auto|ionics|k_u|delta", "meaning of the hidden-state axis h (auto: ionics when the config has an ionics section, else k_u)"},
    {"table.theta", L, "", "[0.6, 0.8, 1.0]", "[0, inf)", NULL, "hidden = ionics: interface coverages theta (ML)"},
    {"table.k_u", L, "J/m^3", "[0.8 MJ/m^3]", NULL, NULL, "hidden = k_u: uniaxial anisotropy K_u1 values"},
    {"table.delta", L, "", "[40]", "(0, inf)", NULL, "hidden = delta: thermal stability factors at table.delta_temperature"},
    {"table.delta_temperature", Q, "K", "300 K", "(0, inf)", NULL, "temperature at which table.delta holds (K_eff is fixed per state)"},
    {"table.kind", MS_KEY_CHOICE, "", "current_density", NULL, "current_density|voltage|field", "write drive kind (amplitude axis)"},
    {"table.current", MS_KEY_CHOICE, "", "stt", NULL, "stt|sot", "current_density: spin-transfer (device.stt.*) or spin-orbit (device.sot.*) torque"},
    {"table.current_density", L, "A/m^2", "[5e10 A/m^2, 1e11 A/m^2]", "[0, inf)", NULL, "kind current_density: amplitudes"},
    {"table.voltage", L, "V", "[0.5 V, 1 V]", "[0, inf)", NULL, "kind voltage: gate amplitudes (VCMA)"},
    {"table.field", L, "A/m", "[10 mT, 20 mT]", "[0, inf)", NULL, "kind field: field amplitudes along the easy axis"},
    {"table.width", L, "s", "[1 ns, 10 ns]", "(0, inf)", NULL, "pulse plateau widths (logspace(a, b, n) helps)"},
    {"table.temperature", L, "K", "[300 K]", "[0, inf)", NULL, "temperatures"},
    {"table.pulse.delay", Q, "s", "0 s", "[0, inf)", NULL, "time before the pulse (thermalised start)"},
    {"table.pulse.rise", Q, "s", "0 s", "[0, inf)", NULL, "linear rise time"},
    {"table.pulse.fall", Q, "s", "0 s", "[0, inf)", NULL, "linear fall time"},
    {"table.pulse.relax", Q, "s", "2 ns", "[0, inf)", NULL, "relaxation after the pulse before the read"},
    {"table.trials", I, "", "1000", "[1, 100000000]", NULL, "trials per batch (adaptive N grows in batches)"},
    {"table.max_trials", I, "", "10000", "[1, 1000000000]", NULL, "N_max per point (rounded up to whole batches)"},
    {"table.halfwidth", Q, "", "0.02", "[0, 0.5]", NULL, "target Wilson 95 % half-width (0: always N_max)"},
    {"table.model_cutoff", Q, "", "0.1", "[0, inf)", NULL, "fill from the MFPT model when N_max * P_model < cutoff (collinear drives; 0: never)"},
    {"table.gate.voltage", L, "V", "[]", NULL, NULL, "gate voltages of the transfer table /gate/h_after (hidden = ionics)"},
    {"table.gate.width", L, "s", "[]", "(0, inf)", NULL, "gate pulse widths of the transfer table (ascending)"},
    {"table.mesh.nx", I, "", "8", "[1, 1024]", NULL, "engine mesh: cells across the device along x"},
    {"table.mesh.ny", I, "", "8", "[1, 1024]", NULL, "engine mesh: cells across the device along y"},
    {"table.mesh.nz", I, "", "1", "[1, 256]", NULL, "engine mesh: cells through the thickness"},
    {"table.mesh.exchange", Q, "J/m", "16 pJ/m", "[0, inf)", NULL, "engine mesh: exchange stiffness A (hidden = ionics: A(theta) of the ionics map)"},
    {"table.mesh.dmi", Q, "J/m^2", "0 J/m^2", NULL, NULL, "engine mesh: interfacial DMI D (hidden = ionics: D(theta) of the ionics map)"},
    {"table.mesh.thermalise", Q, "s", "0.2 ns", "[0, inf)", NULL, "engine mesh: drive-off thermal run before t = 0, after the Boltzmann start of the uniform mode"},
    {"table.mesh.demag", MS_KEY_BOOL, "", "true", NULL, NULL, "engine mesh: include the demagnetising field"},
    {"energy.resistance", Q, "ohm", "0 ohm", "[0, inf)", NULL, "device resistance for write energies (0: not computed, NaN)"},
    {"energy.area", Q, "m^2", "0 m^2", "[0, inf)", NULL, "current/capacitor area (0: the device's lateral area)"},
    {"energy.permittivity", Q, "", "9", "(0, inf)", NULL, "relative permittivity of the write barrier (voltage drive: C V^2)"},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL}};

const ms_key *const ms_tablegen_schemas[] = {ms_tablegen_keys, ms_macrospin_keys, ms_ionics_keys,
                                             ms_phase_keys, ms_output_keys, NULL};

static int get_axis(const ms_config *cfg, const char *key, double *dst, size_t *n, int need_increasing,
                    ms_error *err)
{
    const double *v;
    const size_t k = ms_config_get_list(cfg, key, &v);
    if (k == 0 || k > MS_TABLEGEN_MAX_AXIS)
        return ms_config_error(cfg, err, key, "needs 1 to %d values, got %zu", MS_TABLEGEN_MAX_AXIS, k);
    for (size_t i = 0; i < k; i++) {
        if (need_increasing && i > 0 && !(v[i] > v[i - 1]))
            return ms_config_error(cfg, err, key, "values must be strictly increasing (value %zu)", i + 1);
        dst[i] = v[i];
    }
    *n = k;
    return MS_OK;
}

static int get_hidden(const ms_config *cfg, ms_tablegen_spec *s, ms_error *err)
{
    const char *hid = ms_config_get_string(cfg, "table.hidden");
    s->has_ionics = ms_config_given(cfg, "ionics");
    if (strcmp(hid, "auto") == 0)
        hid = s->has_ionics ? "ionics" : "k_u";
    if (strcmp(hid, "ionics") == 0) {
        if (!s->has_ionics)
            return ms_config_error(cfg, err, "table.hidden", "ionics needs an ionics section in the config");
        s->hidden = MS_TABLEGEN_HIDDEN_IONICS;
        return get_axis(cfg, "table.theta", s->h, &s->nh, 1, err);
    }
    if (strcmp(hid, "k_u") == 0) {
        s->hidden = MS_TABLEGEN_HIDDEN_K_U;
        return get_axis(cfg, "table.k_u", s->h, &s->nh, 1, err);
    }
    s->hidden = MS_TABLEGEN_HIDDEN_DELTA;
    return get_axis(cfg, "table.delta", s->h, &s->nh, 1, err);
}

static int get_drive(const ms_config *cfg, ms_tablegen_spec *s, ms_error *err)
{
    const char *kind = ms_config_get_string(cfg, "table.kind");
    s->use_sot = strcmp(ms_config_get_string(cfg, "table.current"), "sot") == 0;
    if (s->engine == MS_TABLEGEN_ENGINE_MESH && strcmp(kind, "voltage") == 0)
        return MS_ERROR(err, MS_EUNSUPPORTED, "%s: table.kind: the mesh engine has no VCMA term, so voltage "
                        "tables are not supported (use current_density or field, or table.engine = \"macrospin\")",
                        ms_config_where(cfg, "table.kind"));
    if (s->engine == MS_TABLEGEN_ENGINE_PHASE && strcmp(kind, "voltage") == 0)
        return ms_config_error(cfg, err, "table.kind", "the phase engine takes current_density or field drives");
    if (strcmp(kind, "current_density") == 0) {
        s->kind = MS_TABLEGEN_CURRENT;
        if (s->engine == MS_TABLEGEN_ENGINE_PHASE)
            return get_axis(cfg, "table.current_density", s->amplitude, &s->na, 1, err);
        if (!s->use_sot && s->device.stt == MS_STT_NONE)
            return ms_config_error(cfg, err, "device.stt.model", "a current-driven table needs an STT model (or table.current = \"sot\")");
        if (s->use_sot && s->device.sot_theta == 0)
            return ms_config_error(cfg, err, "device.sot.theta_sh", "an SOT-driven table needs a non-zero spin Hall angle");
        return get_axis(cfg, "table.current_density", s->amplitude, &s->na, 1, err);
    }
    if (strcmp(kind, "voltage") == 0) {
        s->kind = MS_TABLEGEN_VOLTAGE;
        if (s->device.vcma_xi == 0 && !(s->has_ionics && s->hidden == MS_TABLEGEN_HIDDEN_IONICS))
            return ms_config_error(cfg, err, "device.vcma.xi", "a voltage-driven table needs a VCMA coefficient");
        return get_axis(cfg, "table.voltage", s->amplitude, &s->na, 1, err);
    }
    s->kind = MS_TABLEGEN_FIELD;
    return get_axis(cfg, "table.field", s->amplitude, &s->na, 1, err);
}

static int get_gate(const ms_config *cfg, ms_tablegen_spec *s, ms_error *err)
{
    const double *v, *w;
    const size_t nv = ms_config_get_list(cfg, "table.gate.voltage", &v);
    const size_t nw = ms_config_get_list(cfg, "table.gate.width", &w);
    if ((nv == 0) != (nw == 0))
        return ms_config_error(cfg, err, nv ? "table.gate.width" : "table.gate.voltage",
                               "the gate table needs both voltages and widths");
    if (nv && s->hidden != MS_TABLEGEN_HIDDEN_IONICS)
        return ms_config_error(cfg, err, "table.gate.voltage", "a gate table needs table.hidden = \"ionics\"");
    if (nv == 0)
        return MS_OK;
    int status;
    MS_TRY(get_axis(cfg, "table.gate.voltage", s->gate_voltage, &s->ngv, 1, err));
    MS_TRY(get_axis(cfg, "table.gate.width", s->gate_width, &s->ngw, 1, err));
fail:
    return status;
}

/* Engine phase: grain model and thermal circuit from phase.*; write energies default to the
 * heater (energy.resistance = phase.thermal.resistance, energy.area = phase.thermal.area). */
static int phase_from_config(const ms_config *cfg, ms_tablegen_spec *s, ms_error *err)
{
    int status;
    s->engine = MS_TABLEGEN_ENGINE_PHASE;
    MS_TRY(ms_phase_params_from_config(cfg, &s->phase, err));
    MS_TRY(ms_phase_drive_from_config(cfg, &s->phase_drive, err));
    s->phase_area = ms_config_get(cfg, "phase.thermal.area");
    if (s->phase_drive.prescribed)
        return ms_config_error(cfg, err, "phase.drive.mode", "tables drive the dot by current or field pulses");
fail:
    return status;
}

/* Engine mesh: the discretisation of table.mesh.*; the material is the macrospin device's. */
static void mesh_from_config(const ms_config *cfg, ms_tablegen_spec *s)
{
    s->engine = MS_TABLEGEN_ENGINE_MESH;
    s->mesh.nx = (int)ms_config_get_int(cfg, "table.mesh.nx");
    s->mesh.ny = (int)ms_config_get_int(cfg, "table.mesh.ny");
    s->mesh.nz = (int)ms_config_get_int(cfg, "table.mesh.nz");
    s->mesh.a_ex = ms_config_get(cfg, "table.mesh.exchange");
    s->mesh.dmi = ms_config_get(cfg, "table.mesh.dmi");
    s->mesh.thermalise = ms_config_get(cfg, "table.mesh.thermalise");
    s->mesh.demag = ms_config_get_bool(cfg, "table.mesh.demag");
}

int ms_tablegen_spec_from_config(const ms_config *cfg, ms_tablegen_spec *s, ms_error *err)
{
    int status;
    memset(s, 0, sizeof *s);
    const char *engine = ms_config_get_string(cfg, "table.engine");
    if (strcmp(engine, "mesh") == 0)
        mesh_from_config(cfg, s);
    if (strcmp(engine, "phase") == 0)
        MS_TRY(phase_from_config(cfg, s, err));
    MS_TRY(ms_macrospin_device_from_config(cfg, &s->device, err));
    MS_TRY(ms_macrospin_options_from_config(cfg, &s->options, err));
    MS_TRY(get_hidden(cfg, s, err));
    if (s->has_ionics)
        MS_TRY(ms_ionics_model_from_config(&s->ionics, cfg, err));
    MS_TRY(get_drive(cfg, s, err));
    MS_TRY(get_axis(cfg, "table.width", s->width, &s->nw, 1, err));
    MS_TRY(get_axis(cfg, "table.temperature", s->temperature, &s->nt, 1, err));
    MS_TRY(get_gate(cfg, s, err));
    s->delta_temperature = ms_config_get(cfg, "table.delta_temperature");
    s->delay = ms_config_get(cfg, "table.pulse.delay");
    s->rise = ms_config_get(cfg, "table.pulse.rise");
    s->fall = ms_config_get(cfg, "table.pulse.fall");
    s->relax = ms_config_get(cfg, "table.pulse.relax");
    s->trials = (size_t)ms_config_get_int(cfg, "table.trials");
    s->max_trials = (size_t)ms_config_get_int(cfg, "table.max_trials");
    s->target_halfwidth = ms_config_get(cfg, "table.halfwidth");
    s->model_cutoff = ms_config_get(cfg, "table.model_cutoff");
    s->resistance = ms_config_get(cfg, "energy.resistance");
    s->area = ms_config_get(cfg, "energy.area");
    s->write_permittivity = ms_config_get(cfg, "energy.permittivity");
    if (s->engine == MS_TABLEGEN_ENGINE_PHASE) {
        if (!ms_config_given(cfg, "energy.resistance"))
            s->resistance = s->phase_drive.r_heat;
        if (!ms_config_given(cfg, "energy.area"))
            s->area = s->phase_area;
        if (s->hidden != MS_TABLEGEN_HIDDEN_IONICS)
            return ms_config_error(cfg, err, ms_config_given(cfg, "table.hidden") ? "table.hidden" : "table.engine",
                                   "the phase engine needs the ionic hidden state (an ionics section; table.theta = c)");
        return ms_tablegen_spec_check(s, err);
    }
    if (s->options.integrator != MS_INTEGRATOR_HEUN)
        return ms_config_error(cfg, err, "solver.integrator", "tables need the stochastic heun integrator");
    return ms_tablegen_spec_check(s, err);
fail:
    return status;
}

int ms_tablegen_spec_check(const ms_tablegen_spec *s, ms_error *err)
{
    const size_t n[4] = {s->nh, s->na, s->nw, s->nt};
    static const char *const names[4] = {"hidden-state", "amplitude", "width", "temperature"};
    for (int k = 0; k < 4; k++)
        if (n[k] < 1 || n[k] > MS_TABLEGEN_MAX_AXIS)
            return MS_ERROR(err, MS_EINPUT, "table: %s axis needs 1 to %d values", names[k], MS_TABLEGEN_MAX_AXIS);
    for (size_t i = 0; i < s->nw; i++)
        if (!(s->width[i] > 0))
            return MS_ERROR(err, MS_EINPUT, "table: pulse widths must be positive");
    if (s->trials < 1 || s->max_trials < 1)
        return MS_ERROR(err, MS_EINPUT, "table: trials and max_trials must be >= 1");
    if (ms_tablegen_spec_points(s) >= ((size_t)1 << 24))
        return MS_ERROR(err, MS_EINPUT, "table: %zu points exceed the 2^24 random streams of a table",
                        ms_tablegen_spec_points(s));
    if (s->hidden == MS_TABLEGEN_HIDDEN_IONICS && !s->has_ionics)
        return MS_ERROR(err, MS_EINPUT, "table: hidden = ionics needs an ionics model");
    if (s->engine == MS_TABLEGEN_ENGINE_MESH)
        return ms_engine_mesh_check(s, err);
    return MS_OK;
}

size_t ms_tablegen_spec_points(const ms_tablegen_spec *s)
{
    return s->nh * s->na * s->nw * s->nt * 2;
}

void ms_tablegen_point_index(const ms_tablegen_spec *s, size_t p, size_t *ih, size_t *ia, size_t *iw,
                             size_t *it, int *dir)
{
    *dir = (int)(p % 2);
    p /= 2;
    *it = p % s->nt;
    p /= s->nt;
    *iw = p % s->nw;
    p /= s->nw;
    *ia = p % s->na;
    *ih = p / s->na;
}
