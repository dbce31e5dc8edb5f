/* cmd_ionics.c — `metaspin ionics CONFIG`: one magneto-ionic column driven by the configured gate
 * and temperature waveforms; writes traces c(z, t), θ(t), K_u(t), K_eff(t), Δ(t), Ms(t), t_m(t),
 * V_G(t), T(t) to HDF5 (units attributes). Physics lives in src/ionics (docs/ionics.md). */
#include "cli/cli.h"

#include <math.h>
#include <stdlib.h>
#include "metaspin/ionics.h"

extern const ms_command ms_cmd_ionics;

typedef struct traces {
    size_t ns;
    int n;
    double *t, *z, *c, *depl, *theta, *k_u, *k_eff, *delta, *ms, *t_m, *v, *temp, *phi;
} traces;

static int traces_alloc(traces *tr, size_t ns, int n, ms_error *err)
{
    tr->ns = ns;
    tr->n = n;
    double **f[] = {&tr->t, &tr->depl, &tr->theta, &tr->k_u, &tr->k_eff, &tr->delta, &tr->ms, &tr->t_m, &tr->v, &tr->temp, &tr->phi};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; ++i)
        if (!(*f[i] = calloc(ns, sizeof(double))))
            return MS_ERROR(err, MS_ENOMEM, "ionics: out of memory for traces");
    tr->z = calloc((size_t)n, sizeof(double));
    tr->c = calloc(ns * (size_t)n, sizeof(double));
    return tr->z && tr->c ? MS_OK : MS_ERROR(err, MS_ENOMEM, "ionics: out of memory for traces");
}

static void traces_free(traces *tr)
{
    double *f[] = {tr->t, tr->depl, tr->z, tr->c, tr->theta, tr->k_u, tr->k_eff, tr->delta, tr->ms, tr->t_m, tr->v, tr->temp, tr->phi};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; ++i)
        free(f[i]);
}

static int sample(traces *tr, size_t i, const ms_ionics_state *s, const ms_ionics_model *m, ms_error *err)
{
    const double theta = ms_ionics_theta(s, m, 0), temp = ms_ionics_wave_value(&m->temp, s->t);
    ms_ionics_magnetic p;
    int status = ms_ionics_magnetic_params(m, theta, s->phi[0], temp, &p, err);
    if (status)
        return status;
    tr->t[i] = s->t;
    tr->theta[i] = theta;
    tr->k_u[i] = p.k_u;
    tr->k_eff[i] = p.k_eff;
    tr->delta[i] = ms_ionics_delta(m, theta, temp);
    tr->ms[i] = p.ms;
    tr->t_m[i] = p.t_m;
    tr->v[i] = ms_ionics_wave_value(&m->gate, s->t);
    tr->temp[i] = temp;
    tr->phi[i] = s->phi[0];
    tr->depl[i] = 0.0;
    for (int k = 0; k < tr->n; ++k) {
        const double c = s->sigma[k + 1] / m->sp.hop;
        tr->c[i * (size_t)tr->n + (size_t)k] = c;
        if (m->c_max > 0.0)
            tr->depl[i] += fmax(1.0 - c / m->c_max, 0.0) * m->sp.hop;  /* vacated lattice (N: Co) */
    }
    return MS_OK;
}

static int write_traces(hid_t root, const traces *tr, double cons, ms_error *err)
{
    int status = MS_OK;
    const hsize_t ns = tr->ns, dims2[2] = {tr->ns, (hsize_t)tr->n}, nz = (hsize_t)tr->n;
    MS_TRY(ms_h5_write_double(root, "/axes/time", tr->t, 1, &ns, "s", err));
    MS_TRY(ms_h5_write_double(root, "/axes/z", tr->z, 1, &nz, "m", err));
    MS_TRY(ms_h5_write_double(root, "/ionics/concentration", tr->c, 2, dims2, "1/m^3", err));
    MS_TRY(ms_h5_attr_string(root, "/ionics/concentration", "axes", "time, z (distance from the FM)", err));
    MS_TRY(ms_h5_write_double(root, "/ionics/depleted_thickness", tr->depl, 1, &ns, "m", err));
    MS_TRY(ms_h5_attr_string(root, "/ionics/depleted_thickness", "meaning",
                             "sum over sites of (1 - c/c_max) a: vacated lattice thickness (0 without site_max)", err));
    MS_TRY(ms_h5_write_double(root, "/ionics/theta", tr->theta, 1, &ns, "", err));
    MS_TRY(ms_h5_attr_string(root, "/ionics/theta", "meaning", "interface coverage in monolayers (the hidden state h)", err));
    MS_TRY(ms_h5_write_double(root, "/ionics/k_u", tr->k_u, 1, &ns, "J/m^3", err));
    MS_TRY(ms_h5_write_double(root, "/ionics/k_eff", tr->k_eff, 1, &ns, "J/m^3", err));
    MS_TRY(ms_h5_write_double(root, "/ionics/delta", tr->delta, 1, &ns, "", err));
    MS_TRY(ms_h5_write_double(root, "/ionics/ms", tr->ms, 1, &ns, "A/m", err));
    MS_TRY(ms_h5_write_double(root, "/ionics/t_m", tr->t_m, 1, &ns, "m", err));
    MS_TRY(ms_h5_write_double(root, "/ionics/phi", tr->phi, 1, &ns, "", err));
    MS_TRY(ms_h5_write_double(root, "/ionics/gate_voltage", tr->v, 1, &ns, "V", err));
    MS_TRY(ms_h5_write_double(root, "/ionics/temperature", tr->temp, 1, &ns, "K", err));
    MS_TRY(ms_h5_write_scalar(root, "/ionics/conservation_error", cons, "", err));
fail:
    return status;
}

/* --tables: the hidden-state exports (/gate/h_after, /gate/retention) with their axes. */
static int write_tables(hid_t root, const ms_config *cfg, const ms_ionics_model *m, ms_ctx *ctx, ms_error *err)
{
    const double *h, *v, *w, *temps;
    const size_t nh = ms_config_get_list(cfg, "ionics.table.h", &h), nv = ms_config_get_list(cfg, "ionics.table.voltages", &v);
    const size_t nw = ms_config_get_list(cfg, "ionics.table.widths", &w);
    const size_t nt = ms_config_get_list(cfg, "ionics.table.temperatures", &temps);
    int status = MS_OK;
    const hsize_t dh = nh, dt = nt;
    MS_TRY(ms_ionics_tables_write(root, m, h, nh, v, nv, w, nw, temps, nt, ctx, err));
    MS_TRY(ms_h5_write_double(root, "/axes/h", h, 1, &dh, "", err));
    MS_TRY(ms_h5_attr_string(root, "/axes/h", "meaning", "interface coverage theta (monolayers)", err));
    MS_TRY(ms_h5_write_double(root, "/axes/temperature", temps, 1, &dt, "K", err));
fail:
    return status;
}

static int simulate(const ms_config *cfg, const ms_ionics_model *m, ms_ctx *ctx, traces *tr, double *cons,
                    ms_error *err)
{
    ms_ionics_state *s = NULL;
    int status = ms_ionics_state_create(&s, m, 1, err);
    if (status)
        return status;
    const size_t ns = (size_t)ms_config_get_int(cfg, "ionics.run.samples");
    const double dur = ms_config_get(cfg, "ionics.run.duration"), dt = ms_config_get(cfg, "ionics.run.max_step");
    MS_TRY(traces_alloc(tr, ns, s->n_sites, err));
    for (int k = 0; k < s->n_sites; ++k)
        tr->z[k] = (k + 1) * m->sp.hop;
    const double inv0 = ms_ionics_inventory(s, 0);
    for (size_t i = 0; i < ns; ++i) {
        MS_TRY(ms_ionics_advance(s, m, dur * (double)i / (double)(ns - 1), dt, ctx, err));
        MS_TRY(sample(tr, i, s, m, err));
        ms_ctx_progress(ctx, "ionics", i + 1, ns);
    }
    *cons = inv0 > 0.0 ? fabs(ms_ionics_inventory(s, 0) - inv0) / inv0 : 0.0;
fail:
    ms_ionics_state_destroy(s);
    return status;
}

static int ms_ionics_cmd_run(ms_cli *cli, ms_error *err)
{
    ms_config *cfg = NULL;
    ms_h5 *h5 = NULL;
    traces tr = {0};
    ms_ionics_model m;
    double cons = 0.0;
    int status = ms_cli_config_load(cli, &ms_cmd_ionics, &cfg, err);
    if (status)
        return status;
    MS_TRY(ms_ionics_model_from_config(&m, cfg, err));
    ms_cite(cli->ctx, "mott1948");
    if (m.sp.charge == -2) ms_cite(cli->ctx, "bauer2015");
    if (m.sp.charge == 1) ms_cite(cli->ctx, "tan2019");
    if (m.sp.charge == -3) ms_cite(cli->ctx, "derojas2020");
    MS_TRY(simulate(cfg, &m, cli->ctx, &tr, &cons, err));
    const char *given = ms_config_get_string(cfg, "output.file");
    const char *path = ms_cli_output(cli, given && given[0] ? given : "ionics.h5");
    status = ms_cli_h5_create(cli, cfg, path, &h5, err);
    if (status)
        goto fail;
    MS_TRY(write_traces(ms_h5_root(h5), &tr, cons, err));
    if (ms_cli_opt(cli, "tables"))
        MS_TRY(write_tables(ms_h5_root(h5), cfg, &m, cli->ctx, err));
    status = ms_h5_commit(h5, err);
    h5 = NULL;
    if (status)
        goto fail;
    ms_cli_report(cli, "%s, %zu samples over %g s, theta %.3g -> %.3g ML, K_eff %.3g -> %.3g MJ/m^3 -> %s",
                  m.sp.name, tr.ns, tr.t[tr.ns - 1], tr.theta[0], tr.theta[tr.ns - 1], tr.k_eff[0] / 1e6,
                  tr.k_eff[tr.ns - 1] / 1e6, path);
fail:
    ms_h5_abort(h5);
    traces_free(&tr);
    ms_config_destroy(cfg);
    return status;
}

static const ms_cli_option ms_ionics_options[] = {
    {"tables", NULL, "also write the hidden-state exports /gate/h_after and /gate/retention (ionics.table.*)"},
    {NULL, NULL, NULL},
};

static const ms_key *const ms_ionics_schemas[] = {ms_ionics_keys, ms_output_keys, NULL};

const ms_command ms_cmd_ionics = {
    .name = "ionics",
    .summary = "magneto-ionic gating: ion transport under a gate voltage -> anisotropy traces",
    .usage = "CONFIG",
    .help = "Simulates one ion-conductor column (field-enhanced hopping, reactive FM interface) under the\n"
            "gate and temperature waveforms of the ionics section and writes c(z,t), theta(t), K_u(t),\n"
            "K_eff(t), Delta(t), Ms(t) and t_m(t) to HDF5. --tables adds the gate transfer table\n"
            "/gate/h_after[h][V_G][t_G] and the retention table /gate/retention[h][T]. See docs/ionics.md.",
    .options = ms_ionics_options,
    .schemas = ms_ionics_schemas,
    .run = ms_ionics_cmd_run,
};
