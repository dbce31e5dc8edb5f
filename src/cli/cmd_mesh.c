/* cmd_mesh.c — `metaspin mesh CONFIG`: finite-difference micromagnetic run (src/micromag).
 * Protocol: build the mesh and drive from mesh.*, set the initial state, optionally minimise the
 * energy (mesh.relax, in mesh.relax_field), then integrate to mesh.t_end with RK45 (T = 0) or
 * stochastic Heun (T > 0), recording the time table every mesh.record_every. Writes the HDF5 file
 * (table, final m, provenance), a text table NAME.txt and OVF 2.0 snapshots NAME-relaxed.ovf and
 * NAME-final.ovf. With an ionics section the gate waveform is run first on one ionic column per
 * lateral cell (src/switching/mesh_gate.c) and the coverage map θ(x, y) sets Ms, K_u, A, α, D and
 * H_eb of the cells (/ionics/theta, /ionics/gated in the file). Physics and file layout:
 * docs/mesh.md, docs/ionics.md. */
#include "cli/cli.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/mesh.h"
#include "metaspin/mesh_gate.h"

extern const ms_command ms_cmd_mesh;

typedef struct run_state {
    ms_mm_table tab;
    double *theta, *gated;   /* [ny][nx] coverage map and gate mask (ionics section), else NULL */
    double every, next;
    const ms_ctx *ctx;       /* progress in simulated femtoseconds, up to fs_total */
    uint64_t fs_total;
    int status;
    ms_error *err;
} run_state;

static uint64_t femtoseconds(double t) { return t > 0 ? (uint64_t)llround(t * 1e15) : 0; }

static int record(void *user, ms_mm *s, const ms_mm_stepinfo *info)
{
    run_state *r = user;
    const uint64_t fs = femtoseconds(info->t);
    ms_ctx_progress(r->ctx, "mesh: simulated fs", fs < r->fs_total ? fs : r->fs_total, r->fs_total);
    if (info->t + 1e-6 * r->every < r->next)
        return 0;
    r->next += r->every * (1.0 + (double)(long)((info->t - r->next) / r->every));
    r->status = ms_mm_table_append(&r->tab, s, info->dt, info->torque_max, r->err);
    return r->status != MS_OK;
}

static int initial_state(ms_mm *s, const ms_config *cfg, uint64_t seed, ms_error *err)
{
    const char *kind = ms_config_get_string(cfg, "mesh.m0");
    if (strcmp(kind, "vortex") == 0) {
        const char *axis = ms_config_get_string(cfg, "mesh.m0_axis");
        ms_mm_m_vortex(s, axis[0] - 'x', 1);
    } else if (strcmp(kind, "random") == 0) {
        ms_mm_m_random(s, seed);
    } else if (strcmp(kind, "file") == 0) {
        char path[4096];
        int status = ms_config_get_path(cfg, "mesh.m0_file", path, sizeof path, err);
        if (status == MS_OK)
            status = ms_ovf_read(path, ms_mm_mesh(s), ms_mm_m(s), err);
        if (status != MS_OK)
            return status;
        ms_mm_m_normalise(s, ms_mm_m(s));
    } else {
        double v[3];
        ms_config_get_vector(cfg, "mesh.m0_direction", v);
        if (!(v[0] * v[0] + v[1] * v[1] + v[2] * v[2] > 0))
            return ms_config_error(cfg, err, "mesh.m0_direction", "must be a non-zero vector");
        ms_mm_m_uniform(s, v);
    }
    return MS_OK;
}

/* Energy minimisation at T = 0 in the relaxation field; the run's drive is restored after. */
static int relax(ms_mm *s, const ms_config *cfg, long *iters, double *torque, ms_error *err)
{
    ms_mm_drive *d = ms_mm_drive_get(s), keep = *d;
    d->field = (ms_mm_waveform){.shape = {.kind = MS_WAVE_DC}};
    ms_config_get_vector(cfg, "mesh.relax_field", d->field.h_dc);
    d->temperature = 0, d->stt_j = 0, d->sot_j = 0;
    ms_mm_params_update(s);
    int status = ms_relax_run(s, ms_config_get(cfg, "mesh.relax_torque"),
                              ms_config_get_int(cfg, "mesh.relax_iterations"), iters, torque, err);
    *d = keep;
    ms_mm_params_update(s);
    return status;
}

static int integrate(ms_mm *s, const ms_config *cfg, run_state *r, ms_error *err)
{
    const char *solver = ms_config_get_string(cfg, "mesh.solver");
    const int hot = ms_mm_drive_get(s)->temperature > 0;
    const double t_end = ms_config_get(cfg, "mesh.t_end"), dt = ms_config_get(cfg, "mesh.dt");
    int status = MS_OK;
    if (strcmp(solver, "heun") == 0 || (strcmp(solver, "auto") == 0 && hot)) {
        ms_heun *hn = NULL;
        MS_TRY(ms_heun_create(&hn, s, dt, err));
        status = ms_heun_run(hn, t_end, record, r, err);
        ms_heun_destroy(hn);
    } else {
        ms_rk45 *rk = NULL;
        MS_TRY(ms_rk45_create(&rk, s, ms_config_get(cfg, "mesh.tolerance"), dt, err));
        ms_rk45_dt_max_set(rk, ms_config_get(cfg, "mesh.dt_max"));
        status = ms_rk45_run(rk, t_end, record, r, err);
        ms_rk45_destroy(rk);
    }
    if (status == MS_OK && r->status != MS_OK)
        status = r->status;
fail:
    return status;
}

static int write_table(hid_t root, const ms_mm_table *tab, ms_error *err)
{
    int status = MS_OK;
    const hsize_t rows = tab->rows;
    MS_TRY(ms_h5_write_double(root, "/mesh/table/t", tab->t, 1, &rows, "s", err));
    MS_TRY(ms_h5_write_double(root, "/mesh/table/mx", tab->mx, 1, &rows, "", err));
    MS_TRY(ms_h5_write_double(root, "/mesh/table/my", tab->my, 1, &rows, "", err));
    MS_TRY(ms_h5_write_double(root, "/mesh/table/mz", tab->mz, 1, &rows, "", err));
    MS_TRY(ms_h5_write_double(root, "/mesh/table/energy_total", tab->e_total, 1, &rows, "J", err));
    for (int k = 0; k < MS_TERM_COUNT; k++) {
        if (k == MS_TERM_THERMAL || k == MS_TERM_TORQUE)
            continue;
        char path[128];
        snprintf(path, sizeof path, "/mesh/table/energy_%s", ms_mm_term_name(k));
        MS_TRY(ms_h5_write_double(root, path, tab->e[k], 1, &rows, "J", err));
    }
    MS_TRY(ms_h5_write_double(root, "/mesh/table/max_torque", tab->torque, 1, &rows, "A/m", err));
    MS_TRY(ms_h5_write_double(root, "/mesh/table/dt", tab->dt, 1, &rows, "s", err));
fail:
    return status;
}

static void sibling(char *out, size_t len, const char *path, const char *suffix);

static int write_outputs(ms_cli *cli, const ms_config *cfg, ms_mm *s, const run_state *r,
                         const double relax_info[2], const char *path, ms_error *err)
{
    int status = MS_OK;
    ms_h5 *h5 = NULL;
    const ms_mesh *g = ms_mm_mesh(s);
    status = ms_cli_h5_create(cli, cfg, path, &h5, err);
    if (status != MS_OK)
        return status;
    hid_t root = ms_h5_root(h5);
    MS_TRY(write_table(root, &r->tab, err));
    const hsize_t dims[4] = {3, (hsize_t)g->nz, (hsize_t)g->ny, (hsize_t)g->nx};
    MS_TRY(ms_h5_write_double(root, "/mesh/m", ms_mm_m(s), 4, dims, "", err));
    MS_TRY(ms_h5_attr_string(root, "/mesh/m", "axes", "component (x, y, z), z, y, x", err));
    MS_TRY(ms_h5_write_double(root, "/mesh/ms", g->ms, 3, dims + 1, "A/m", err));
    MS_TRY(ms_h5_write_scalar(root, "/mesh/relax_iterations", relax_info[0], "", err));
    MS_TRY(ms_h5_write_scalar(root, "/mesh/relax_torque", relax_info[1], "A/m", err));
    MS_TRY(ms_h5_write_scalar(root, "/mesh/evaluations", (double)ms_mm_evaluations(s), "", err));
    if (r->theta) {
        MS_TRY(ms_h5_write_double(root, "/ionics/theta", r->theta, 2, dims + 2, "", err));
        MS_TRY(ms_h5_attr_string(root, "/ionics/theta", "meaning", "interface coverage (ML) per column after the gate run", err));
        MS_TRY(ms_h5_write_double(root, "/ionics/gated", r->gated, 2, dims + 2, "", err));
    }
    status = ms_h5_commit(h5, err);
    h5 = NULL;
    if (status == MS_OK && ms_config_get_bool(cfg, "output.csv")) {
        char txt[4096];
        sibling(txt, sizeof txt, path, ".txt");
        status = ms_mm_table_write_text(&r->tab, txt, err);
    }
fail:
    ms_h5_abort(h5);
    return status;
}

/* NAME without a trailing ".h5", plus suffix. */
static void sibling(char *out, size_t len, const char *path, const char *suffix)
{
    size_t n = strlen(path);
    if (n > 3 && strcmp(path + n - 3, ".h5") == 0)
        n -= 3;
    snprintf(out, len, "%.*s%s", (int)n, path, suffix);
}

static int ovf_snapshot(const ms_config *cfg, ms_mm *s, const char *path, const char *tag, ms_error *err)
{
    const char *kind = ms_config_get_string(cfg, "mesh.ovf");
    if (strcmp(kind, "none") == 0)
        return MS_OK;
    char name[4096], suffix[64];
    snprintf(suffix, sizeof suffix, "-%s.ovf", tag);
    sibling(name, sizeof name, path, suffix);
    return ms_ovf_write(name, ms_mm_mesh(s), ms_mm_m(s), strcmp(kind, "binary") == 0, tag, err);
}

/* The ionics section gates the mesh: θ per column after the gate run -> the cell maps. */
static int gate_mesh(ms_cli *cli, const ms_config *cfg, ms_mesh *g, run_state *r, ms_error *err)
{
    ms_ionics_model m;
    ms_mesh_gate o;
    int status = ms_ionics_model_from_config(&m, cfg, err);
    if (status)
        return status;
    MS_TRY(ms_mesh_gate_from_config(&o, cfg, err));
    const size_t nc = (size_t)g->nx * (size_t)g->ny;
    r->theta = malloc(nc * sizeof *r->theta);
    r->gated = malloc(nc * sizeof *r->gated);
    if (!r->theta || !r->gated)
        return MS_ERROR(err, MS_ENOMEM, "mesh: out of memory for the gate map");
    ms_mesh_gate_mask(g, o.area, r->gated);
    MS_TRY(ms_mesh_gate_run(g, &m, &o, cli->ctx, r->theta, err));
    MS_TRY(ms_mesh_cells_from_theta(g, &m, r->theta, o.temperature, err));
    double lo = INFINITY, hi = -INFINITY;
    for (size_t c = 0; c < nc; c++)
        lo = fmin(lo, r->theta[c]), hi = fmax(hi, r->theta[c]);
    ms_cli_report(cli, "gate: %g s of the ionics waveform on %zu columns, theta %.3g to %.3g ML", o.duration,
                  nc, lo, hi);
fail:
    return status;
}

static int mesh_cmd_run(ms_cli *cli, ms_error *err)
{
    ms_config *cfg = NULL;
    ms_mesh *g = NULL;
    ms_mm *s = NULL;
    run_state r = {.err = err, .ctx = cli->ctx};
    ms_mm_drive drive;
    double relax_info[2] = {0, 0};
    int status = ms_cli_config_load(cli, &ms_cmd_mesh, &cfg, err);
    if (status)
        return status;
    if (strcmp(ms_config_get_string(cfg, "mesh.solver"), "rk45") == 0 &&
        ms_config_get(cfg, "mesh.temperature") > 0) {
        status = ms_config_error(cfg, err, "mesh.solver", "rk45 is deterministic: use heun (or auto) at T > 0");
        goto fail;
    }
    MS_TRY(ms_mesh_from_config(&g, cfg, err));
    if (ms_config_given(cfg, "ionics"))
        MS_TRY(gate_mesh(cli, cfg, g, &r, err));
    MS_TRY(ms_mm_drive_from_config(&drive, cfg, err));
    MS_TRY(ms_mm_create(&s, g, &drive, cli->ctx, err));
    MS_TRY(ms_mm_table_init(&r.tab, err));
    MS_TRY(initial_state(s, cfg, cli->seed, err));
    const char *given = ms_config_get_string(cfg, "output.file");
    const char *path = ms_cli_output(cli, given && given[0] ? given : "mesh.h5");
    const double t0 = omp_get_wtime();
    if (ms_config_get_bool(cfg, "mesh.relax")) {
        long it = 0;
        MS_TRY(relax(s, cfg, &it, &relax_info[1], err));
        relax_info[0] = (double)it;
        MS_TRY(ovf_snapshot(cfg, s, path, "relaxed", err));
    }
    r.every = ms_config_get(cfg, "mesh.record_every");
    MS_TRY(ms_mm_table_append(&r.tab, s, 0.0, 0.0, err));
    r.next = r.every;
    r.fs_total = femtoseconds(ms_config_get(cfg, "mesh.t_end"));
    if (r.fs_total > 0)
        MS_TRY(integrate(s, cfg, &r, err));
    MS_TRY(ovf_snapshot(cfg, s, path, "final", err));
    MS_TRY(write_outputs(cli, cfg, s, &r, relax_info, path, err));
    double avg[3];
    ms_mm_m_average(s, ms_mm_m(s), avg);
    ms_cli_report(cli, "%dx%dx%d cells, %g s simulated, %llu field evaluations in %.2f s, "
                  "<m> = (%.4f, %.4f, %.4f) -> %s", g->nx, g->ny, g->nz, ms_mm_time(s),
                  (unsigned long long)ms_mm_evaluations(s), omp_get_wtime() - t0, avg[0], avg[1],
                  avg[2], path);
fail:
    free(r.theta);
    free(r.gated);
    ms_mm_table_release(&r.tab);
    ms_mm_destroy(s);
    ms_mesh_destroy(g);
    ms_config_destroy(cfg);
    return status;
}

static const ms_key *const mesh_schemas[] = {ms_mesh_keys, ms_mesh_gate_keys, ms_ionics_keys, ms_output_keys, NULL};

const ms_command ms_cmd_mesh = {
    .name = "mesh",
    .summary = "finite-difference micromagnetics: FFT demag, exchange, anisotropy, DMI, torques, noise",
    .usage = "CONFIG",
    .help = "Runs the finite-difference LLG solver on the mesh of the mesh section: optional energy\n"
            "minimisation (mesh.relax), then RK45 (T = 0) or stochastic Heun (T > 0) to mesh.t_end.\n"
            "Writes the time table (<m>, energies, max torque, dt) and the final m to HDF5, the table\n"
            "as text (output.csv = true: NAME.txt) and OVF 2.0 snapshots NAME-relaxed.ovf and\n"
            "NAME-final.ovf. With an ionics section, its gate waveform first runs on one ionic column\n"
            "per lateral cell (gate under mesh.region, or mesh.gate.area = all) and the coverage map\n"
            "sets Ms, K_u, A, alpha, D and H_eb of the cells. See docs/mesh.md and docs/ionics.md.",
    .options = NULL,
    .schemas = mesh_schemas,
    .run = mesh_cmd_run,
};
