/* cmd_sweep.c — `metaspin sweep CONFIG`: material-parameter sweep over declared config keys (grid,
 * list, Latin hypercube; values with units), per point figures of merit or a full device table,
 * one HDF5 result with the sweep axes (library: sweep.h). Checkpoint OUTPUT.ckpt after every
 * point, --resume, --part I/N + `metaspin merge`, MPI under mpirun (make MPI=1). */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/sweep.h"
#include "metaspin/tablegen.h"

extern const ms_command ms_cmd_sweep;
int ms_cli_parse_part(const ms_cli *cli, int *index, int *count, ms_error *err);

static void output_path(const ms_cli *cli, const ms_config *cfg, int pi, int pn, char *out, size_t len)
{
    const char *given = ms_config_get_string(cfg, "output.file");
    const char *base = ms_cli_output(cli, given && given[0] ? given : "sweep.h5");
    const char *dot = strrchr(base, '.');
    const int stem = dot && strchr(dot, '/') == NULL ? (int)(dot - base) : (int)strlen(base);
    if (pn < 1)
        snprintf(out, len, "%s", base);
    else
        snprintf(out, len, "%.*s.part%d-%d%s", stem, base, pi, pn, stem < (int)strlen(base) ? dot : "");
}

static int write_file(const ms_cli *cli, const ms_config *cfg, const ms_sweep *s, const ms_sweep_result *r, int pi,
                      int pn, const char *path, ms_error *err)
{
    ms_h5 *h5 = NULL;
    int status = ms_cli_h5_create(cli, cfg, path, &h5, err);
    if (status)
        return status;
    MS_TRY(ms_sweep_write(ms_h5_root(h5), s, r, err));
    if (pn >= 1)
        MS_TRY(ms_part_mark(ms_h5_root(h5), pi, pn, ms_sweep_point_datasets(r), r->done, s->n_points, err));
    status = ms_h5_commit(h5, err);
    h5 = NULL;
fail:
    ms_h5_abort(h5);
    return status;
}

static int ms_sweep_cmd_run(ms_cli *cli, ms_error *err)
{
    ms_config *cfg = NULL;
    ms_sweep *s = NULL;
    ms_sweep_result res = {0};
    int status, pi, pn, is_root = 1;
    char path[4096], ckpt[4200];
    MS_TRY(ms_mpi_init(NULL, NULL) ? MS_ERROR(err, MS_EIO, "mpi: initialisation failed") : MS_OK);
    MS_TRY(ms_cli_parse_part(cli, &pi, &pn, err));
    if (cli->n_positional < 1) {
        status = MS_ERROR(err, MS_EINPUT, "sweep: give a config file (metaspin sweep CONFIG)");
        goto fail;
    }
    MS_TRY(ms_cli_config_load(cli, &ms_cmd_sweep, &cfg, err));
    MS_TRY(ms_sweep_create(&s, cfg, ms_sweep_schemas, cli->seed, err));
    output_path(cli, cfg, pi, pn, path, sizeof path);
    snprintf(ckpt, sizeof ckpt, "%s.ckpt", path);
    const ms_sweep_job job = {
        .file = cli->positional[0], .sets = cli->sets, .n_sets = cli->n_sets,
        .run = {.checkpoint = ckpt, .resume = cli->resume, .part_index = pi, .part_count = pn,
                .fingerprint = ms_table_job_fingerprint(ms_config_text(cfg), cli->seed, pi, pn) ^ 0x5eed5eedULL}};
    MS_TRY(ms_sweep_run(s, &job, cli->ctx, &res, &is_root, err));
    if (is_root) {
        MS_TRY(write_file(cli, cfg, s, &res, pi, pn, path, err));
        remove(ckpt);
        ms_cli_report(cli, "%zu points over %zu axes (%s) -> %s", s->n_points, s->n_axes,
                      res.full_table ? "full tables" : "figures of merit", path);
    }
fail:
    if (status == MS_EINTERRUPTED && is_root)
        ms_error_prefix(err, "checkpoint %s saved; continue with --resume", ckpt);
    ms_sweep_result_release(&res);
    ms_sweep_destroy(s);
    ms_config_destroy(cfg);
    ms_mpi_finalize();
    return status;
}

static const ms_cli_option ms_sweep_options[] = {
    {"part", "I/N", "compute only sweep points q = I mod N into a part file (join with `metaspin merge`)"},
    {NULL, NULL, NULL}};

const ms_command ms_cmd_sweep = {
    .name = "sweep",
    .summary = "material-parameter sweep: figures of merit or device tables over config keys",
    .usage = "CONFIG [--part I/N] [--resume]",
    .help = "Sweeps up to four declared config keys (sweep.axisN.key / .values: value lists with units,\n"
            "linspace/logspace, or range/logrange for Latin hypercube sampling; sweep.mode grid|list|lhs).\n"
            "Each point re-loads the config with the point's values and computes, per hidden state, the\n"
            "figures of merit (Delta, critical drive, P at the reference pulse, width for P = 0.5, write\n"
            "energy) or, with sweep.output = \"table\", the full device table. One HDF5 result with the\n"
            "sweep axes (docs/tables.md). Checkpoints, --resume, --part and MPI as for `metaspin table`.",
    .options = ms_sweep_options,
    .schemas = ms_sweep_schemas,
    .run = ms_sweep_cmd_run,
};
