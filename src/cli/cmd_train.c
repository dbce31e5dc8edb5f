/* cmd_train.c — `metaspin train CONFIG [--table device.h5]`: continual learning of a binarized
 * network (PHYSICS.md §5) with the adam, meta or device rule on permuted, split-class, sequence or
 * tabular task streams (library: learn.h; device tables: table.h). Writes OUTPUT (default
 * train.h5: /learn/R, curve, loss, acc, bwt, forgetting, device counts and energies), the accuracy
 * matrix as OUTPUT with .csv, and prints the matrix and ACC/BWT on stdout. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/learn.h"
#include "metaspin/table.h"

extern const ms_command ms_cmd_train;

static int write_outputs(const ms_cli *cli, const ms_config *cfg, const ms_learn_result *res,
                         const ms_learn_opts *o, const char *path, ms_error *err)
{
    ms_h5 *h5 = NULL;
    int status = ms_cli_h5_create(cli, cfg, path, &h5, err);
    if (status) return status;
    MS_TRY(ms_learn_result_write(res, ms_h5_root(h5), err));
    MS_TRY(ms_h5_attr_string(ms_h5_root(h5), "/learn/R", "task_identity",
                             o->per_task_bn ? "used at test time (per-task BatchNorm)" : "not used", err));
    status = ms_h5_commit(h5, err);
    h5 = NULL;
    if (status) return status;
    char csv[4200];
    const char *dot = strrchr(path, '.');
    const int stem = dot && !strchr(dot, '/') ? (int)(dot - path) : (int)strlen(path);
    snprintf(csv, sizeof csv, "%.*s.csv", stem, path);
    return ms_learn_result_csv(res, csv, err);
fail:
    ms_h5_abort(h5);
    return status;
}

static int train_run(ms_cli *cli, ms_error *err)
{
    ms_config *cfg = NULL;
    ms_table *table = NULL;
    ms_tasks *tasks = NULL;
    ms_dataset **sets = NULL;
    ms_learn_result *res = NULL;
    int n_sets = 0, status;
    MS_TRY(ms_cli_config_load(cli, &ms_cmd_train, &cfg, err));
    const char *tpath = ms_cli_opt(cli, "table");
    if (!tpath || !tpath[0]) tpath = ms_config_get_string(cfg, "rule.table");
    if (!strcmp(ms_config_get_string(cfg, "rule.name"), "device") && tpath && tpath[0])
        MS_TRY(ms_table_open(tpath, &table, err));
    ms_learn_opts o;
    MS_TRY(ms_learn_opts_from_config(cfg, table, &o, err));
    MS_TRY(ms_learn_tasks_from_config(cfg, &tasks, &sets, &n_sets, err));
    MS_TRY(ms_learn_run(tasks, &o, cli->ctx, &res, err));
    const char *given = ms_config_get_string(cfg, "output.file");
    const char *path = ms_cli_output(cli, given && given[0] ? given : "train.h5");
    ms_learn_result_print(res, stdout);
    MS_TRY(write_outputs(cli, cfg, res, &o, path, err));
    ms_cli_report(cli, "%d tasks x %d epochs, ACC %.1f %%, BWT %+.1f %% in %.1f s -> %s", res->n_tasks,
                  res->epochs, 100 * res->acc, 100 * res->bwt, res->seconds, path);
fail:
    ms_learn_result_destroy(res);
    ms_learn_tasks_destroy(tasks);
    for (int k = 0; k < n_sets; k++) ms_dataset_destroy(sets[k]);
    free(sets);
    ms_table_close(table);
    ms_config_destroy(cfg);
    return status;
}

static const ms_cli_option train_options[] = {
    {"table", "FILE", "device table for rule.name = device (overrides rule.table)"},
    {NULL, NULL, NULL}};

static const ms_key *const train_schemas[] = {ms_learn_keys, ms_output_keys, NULL};

const ms_command ms_cmd_train = {
    .name = "train",
    .summary = "continual learning of a binarized network with adam, meta or device-table synapses",
    .usage = "CONFIG [--table device.h5]",
    .help = "Trains the binarized MLP of PHYSICS.md section 5 on a stream of tasks (permuted, split-class,\n"
            "sequences of IDX data sets, or a tabular CSV set) with the adam, meta (Laborieux et al. 2021) or\n"
            "device rule (binary magnetisations flipped with P_sw from a device table, hidden state raised by\n"
            "gate pulses). Prints the accuracy matrix R[i][j] (test accuracy on task j after task i), ACC and\n"
            "BWT; writes OUTPUT (train.h5) and the matrix as CSV. Data: scripts/fetch-data.sh.",
    .options = train_options,
    .schemas = train_schemas,
    .run = train_run,
};
