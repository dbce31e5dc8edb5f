/* cmd_table.c — `metaspin table CONFIG`: switching-probability device table P_sw(h, amplitude,
 * width, temperature, direction) by the protocol of PHYSICS.md §4 (library: tablegen.h,
 * sweep.h), written in the device-table layout of table.h; --csv export, checkpoint OUTPUT.ckpt
 * after every point, --resume, --part I/N (part file for `metaspin merge`), MPI when built with
 * MPI=1 and started by mpirun (rank 0 writes). */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/sweep.h"
#include "metaspin/tablegen.h"

extern const ms_command ms_cmd_table;

int ms_cli_parse_part(const ms_cli *cli, int *index, int *count, ms_error *err);

int ms_cli_parse_part(const ms_cli *cli, int *index, int *count, ms_error *err)
{
    const char *p = ms_cli_opt(cli, "part");
    *index = 0;
    *count = 0;
    if (!p)
        return MS_OK;
    char tail;
    if (sscanf(p, "%d/%d%c", index, count, &tail) != 2 || *count < 1 || *index < 0 || *index >= *count)
        return MS_ERROR(err, MS_EINPUT, "--part: expects I/N with 0 <= I < N, got \"%s\"", p);
    return MS_OK;
}

/* Output file name: -o, output.file, or "table.h5"; parts get ".partI-N" before the extension
 * (-o table.h5 --part 0/3 writes table.part0-3.h5). */
static void output_path(const ms_cli *cli, const ms_config *cfg, int pi, int pn, char *out, size_t len)
{
    const char *given = ms_config_get_string(cfg, "output.file");
    const char *base = ms_cli_output(cli, given && given[0] ? given : "table.h5");
    if (pn < 1) {
        snprintf(out, len, "%s", base);
        return;
    }
    const char *dot = strrchr(base, '.');
    const int stem = dot && strchr(dot, '/') == NULL ? (int)(dot - base) : (int)strlen(base);
    snprintf(out, len, "%.*s.part%d-%d%s", stem, base, pi, pn, dot && stem < (int)strlen(base) ? dot : "");
}

static int write_file(const ms_cli *cli, const ms_config *cfg, const ms_tablegen_spec *spec, const double *rec,
                      const uint8_t *done, int pi, int pn, const char *path, ms_error *err)
{
    ms_tablegen_extras ex;
    ms_h5 *h5 = NULL;
    int status = ms_tablegen_extras_compute(spec, &ex, cli->ctx, err);
    if (status)
        return status;
    status = ms_cli_h5_create(cli, cfg, path, &h5, err);
    if (status)
        goto fail;
    MS_TRY(ms_tablegen_write(ms_h5_root(h5), spec, rec, &ex, err));
    if (pn >= 1)
        MS_TRY(ms_part_mark(ms_h5_root(h5), pi, pn, ms_tablegen_point_datasets, done,
                            ms_tablegen_spec_points(spec), err));
    status = ms_h5_commit(h5, err);
    h5 = NULL;
fail:
    ms_h5_abort(h5);
    ms_tablegen_extras_release(&ex);
    return status;
}

static int write_csv(const ms_cli *cli, const ms_config *cfg, const ms_tablegen_spec *spec, const double *rec,
                     const char *path, ms_error *err)
{
    if (!ms_cli_opt(cli, "csv") && !ms_config_get_bool(cfg, "output.csv"))
        return MS_OK;
    char csv[4200];
    const char *dot = strrchr(path, '.');
    const int stem = dot && strchr(dot, '/') == NULL ? (int)(dot - path) : (int)strlen(path);
    snprintf(csv, sizeof csv, "%.*s.csv", stem, path);
    return ms_tablegen_write_csv(csv, spec, rec, err);
}

static int summary(const ms_cli *cli, const ms_tablegen_spec *spec, const double *rec, const uint8_t *done,
                   const char *path)
{
    size_t n = ms_tablegen_spec_points(spec), sim = 0, model = 0;
    double trials = 0;
    for (size_t p = 0; p < n; p++) {
        if (!done[p])
            continue;
        model += rec[p * MS_TABLEGEN_RECORD + MS_TABLEGEN_SOURCE] == 1;
        sim += rec[p * MS_TABLEGEN_RECORD + MS_TABLEGEN_SOURCE] == 0;
        trials += rec[p * MS_TABLEGEN_RECORD + MS_TABLEGEN_N];
    }
    ms_cli_report(cli, "%zu x %zu x %zu x %zu x 2 points (%zu simulated, %zu from the model), %.0f trials -> %s",
                  spec->nh, spec->na, spec->nw, spec->nt, sim, model, trials, path);
    return MS_OK;
}

static int ms_table_cmd_run(ms_cli *cli, ms_error *err)
{
    ms_config *cfg = NULL;
    ms_tablegen_spec *spec = malloc(sizeof *spec);
    double *rec = NULL;
    uint8_t *done = NULL;
    int status, pi, pn, is_root = 1;
    char path[4096], ckpt[4200];
    if (!spec)
        return MS_ERROR(err, MS_ENOMEM, "table: out of memory");
    MS_TRY(ms_mpi_init(NULL, NULL) ? MS_ERROR(err, MS_EIO, "mpi: initialisation failed") : MS_OK);
    MS_TRY(ms_cli_parse_part(cli, &pi, &pn, err));
    if (cli->n_positional < 1) {
        status = MS_ERROR(err, MS_EINPUT, "table: give a config file (metaspin table CONFIG)");
        goto fail;
    }
    MS_TRY(ms_cli_config_load(cli, &ms_cmd_table, &cfg, err));
    MS_TRY(ms_tablegen_spec_from_config(cfg, spec, err));
    const size_t n = ms_tablegen_spec_points(spec);
    rec = malloc(n * MS_TABLEGEN_RECORD * sizeof *rec);
    done = malloc(n);
    if (!rec || !done) {
        status = MS_ERROR(err, MS_ENOMEM, "table: out of memory for %zu points", n);
        goto fail;
    }
    output_path(cli, cfg, pi, pn, path, sizeof path);
    snprintf(ckpt, sizeof ckpt, "%s.ckpt", path);
    const ms_table_job job = {.checkpoint = ckpt, .resume = cli->resume, .part_index = pi, .part_count = pn,
                              .fingerprint = ms_table_job_fingerprint(ms_config_text(cfg), cli->seed, pi, pn)};
    MS_TRY(ms_sweep_table_run(spec, &job, cli->ctx, rec, done, &is_root, err));
    if (is_root) {
        MS_TRY(write_file(cli, cfg, spec, rec, done, pi, pn, path, err));
        MS_TRY(write_csv(cli, cfg, spec, rec, path, err));
        remove(ckpt);
        summary(cli, spec, rec, done, path);
    }
fail:
    if (status == MS_EINTERRUPTED && is_root)
        ms_error_prefix(err, "checkpoint %s saved; continue with --resume", ckpt);
    free(rec);
    free(done);
    free(spec);
    ms_config_destroy(cfg);
    ms_mpi_finalize();
    return status;
}

static const ms_cli_option ms_table_options[] = {
    {"csv", NULL, "also write the table as CSV (OUTPUT with .csv)"},
    {"part", "I/N", "compute only points p = I mod N into a part file (join with `metaspin merge`)"},
    {NULL, NULL, NULL}};

const ms_command ms_cmd_table = {
    .name = "table",
    .summary = "switching-probability device table P_sw(h, amplitude, width, T, direction)",
    .usage = "CONFIG [--csv] [--part I/N] [--resume]",
    .help = "Runs the write protocol of PHYSICS.md section 4 (thermalised start, trapezoidal pulse, relaxation,\n"
            "read) with N stochastic macrospin trials per point (adaptive N, Wilson 95 % intervals) over the\n"
            "hidden-state, amplitude, width and temperature axes and both directions; rare points come from the\n"
            "exact first-passage model (flagged). Writes the device table (docs/tables.md) read by ms_table_open\n"
            "and `metaspin train`. A checkpoint OUTPUT.ckpt is kept after every point; --resume continues it.\n"
            "Under mpirun (make MPI=1) rank 0 deals points to the other ranks and writes the file.",
    .options = ms_table_options,
    .schemas = ms_tablegen_schemas,
    .run = ms_table_cmd_run,
};
