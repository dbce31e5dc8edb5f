/* cmd_run.c — `metaspin run CONFIG`: one config from material stack to learning curve.
 *
 * Stages: ionics (gate traces of the hidden state) -> table (device table P_sw(h, J, t_p, T) with
 * gate transfer and retention) -> train-<rule> for each rule to compare -> report and figures.
 * Each stage is an ordinary command (ionics, table, train) run on a stage config that holds the
 * keys of CONFIG which that command declares and the user set; it is written next to the output
 * (DIR/<stage>.cfg) so any stage can be rerun alone. A stage is cached by a hash of its config text,
 * its extra settings, the seed, the program version and the hashes of the stages it reads; a rerun
 * redoes only the stages whose inputs changed (--force redoes all). A failing stage names itself and
 * leaves the finished stages in place. */
#include "cli/cli.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "metaspin/ionics.h"
#include "metaspin/learn.h"
#include "metaspin/macrospin.h"
#include "metaspin/stage.h"
#include "metaspin/table.h"
#include "metaspin/tablegen.h"

extern const ms_command ms_cmd_run, ms_cmd_ionics, ms_cmd_table, ms_cmd_train;

static const ms_key ms_run_keys[] = {
    {"run.dir", MS_KEY_STRING, NULL, "", NULL, NULL,
     "output folder of all stages; \"\" = results/<config file name without .cfg>"},
    {"run.rules", MS_KEY_STRING, NULL, "adam,meta,device", NULL, NULL,
     "learning rules to compare, comma-separated (adam, meta, device)"},
    {"run.ionics_trace", MS_KEY_BOOL, NULL, "true", NULL, NULL,
     "run the ionics stage (coverage, K_eff and Delta under the configured gate waveform)"},
    {"run.plots", MS_KEY_BOOL, NULL, "true", NULL, NULL,
     "draw PNG figures with scripts/plot.py (needs python3-h5py and python3-matplotlib)"},
    {NULL, MS_KEY_QUANTITY, NULL, NULL, NULL, NULL, NULL},
};

static const ms_key *const ms_run_schemas[] = {ms_run_keys, ms_tablegen_keys, ms_macrospin_keys,
                                               ms_ionics_keys, ms_learn_keys, ms_output_keys, NULL};

typedef struct ms_stage_job {
    char name[64];
    const ms_command *cmd;
    const char *extra[4]; /* --set overrides specific to this stage */
    int n_extra;
    uint64_t upstream;    /* hash of the stage this one reads (0 = none) */
    char output[4096];
    uint64_t hash;
    int cached;
} ms_stage_job;

static int ms_mkdir_p(const char *dir, ms_error *err)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", dir);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return MS_ERROR(err, MS_EIO, "cannot create folder \"%s\": %s", buf, strerror(errno));
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
        return MS_ERROR(err, MS_EIO, "cannot create folder \"%s\": %s", buf, strerror(errno));
    return MS_OK;
}

static void ms_run_default_dir(const ms_cli *cli, char *out, size_t len)
{
    const char *cfg = cli->positional[0], *slash = strrchr(cfg, '/');
    const char *name = slash ? slash + 1 : cfg, *dot = strrchr(name, '.');
    snprintf(out, len, "results/%.*s", dot ? (int)(dot - name) : (int)strlen(name), name);
}

static int ms_write_text(const char *path, const char *header, const char *text, ms_error *err)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%.4000s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f || fputs(header, f) < 0 || fputs(text, f) < 0 || fclose(f) != 0 || rename(tmp, path) != 0) {
        unlink(tmp);
        return MS_ERROR(err, MS_EIO, "cannot write \"%s\": %s", path, strerror(errno));
    }
    return MS_OK;
}

/* Run one stage through its command, unless its output is current. */
static int ms_run_stage(ms_cli *cli, const ms_config *cfg, const char *dir, ms_stage_job *job, ms_error *err)
{
    char *text = ms_config_text_given_in(cfg, job->cmd->schemas);
    if (!text)
        return MS_ERROR(err, MS_ENOMEM, "out of memory");
    char seed[64], cfg_path[4200];
    snprintf(seed, sizeof seed, "seed=%" PRIu64 " upstream=%016" PRIx64, cli->seed, job->upstream);
    uint64_t h = ms_stage_hash(ms_stage_hash(ms_stage_hash(0, job->name), text), seed);
    for (int i = 0; i < job->n_extra; i++)
        h = ms_stage_hash(h, job->extra[i]);
    job->hash = h;
    char name[64];
    memcpy(name, job->name, sizeof name);
    name[sizeof name - 1] = 0;
    snprintf(job->output, sizeof job->output, "%.2000s/%.60s.h5", dir, name);
    snprintf(cfg_path, sizeof cfg_path, "%.2000s/%.60s.cfg", dir, name);
    if (!cli->force && ms_stage_is_current(job->output, h)) {
        job->cached = 1;
        free(text);
        ms_cli_report(cli, "stage %s: cached (%s)", job->name, job->output);
        return MS_OK;
    }
    char header[4600], sets[1200] = "";
    for (int i = 0; i < job->n_extra; i++) {   /* the stage's own settings (e.g. rule.name, rule.table) */
        const size_t len = strlen(sets);
        snprintf(sets + len, sizeof sets - len, " --set '%s'", job->extra[i]);
    }
    snprintf(header, sizeof header, "# stage config written by `metaspin run %.2000s`; rerun alone with\n"
                                    "#   metaspin %s %.2100s%s\n", cli->positional[0], job->cmd->name, cfg_path, sets);
    int status = ms_write_text(cfg_path, header, text, err);
    free(text);
    if (status)
        return status;

    ms_cli sub = {.command = job->cmd->name, .seed = cli->seed, .seed_given = 1, .threads = cli->threads,
                  .quiet = cli->quiet, .ctx = cli->ctx, .output = job->output, .n_positional = 1,
                  .start = time(NULL)};
    sub.positional[0] = cfg_path;
    for (int i = 0; i < job->n_extra; i++)
        sub.sets[sub.n_sets++] = job->extra[i];
    snprintf(sub.command_line, sizeof sub.command_line, "%.3900s [metaspin run stage %.60s]", cli->command_line,
             job->name);
    ms_cli_report(cli, "stage %s: running %s", job->name, job->cmd->name);
    status = job->cmd->run(&sub, err);
    if (status) {
        ms_error_prefix(err, "stage %s (finished stages kept in %s)", job->name, dir);
        return status;
    }
    return ms_stage_mark(job->output, h, err);
}

/* ---- the report: numbers a device physicist wants to see first ---- */

static void ms_report_table(const char *path, const ms_config *cfg)
{
    ms_table *t = NULL;
    ms_error err = {0};
    if (ms_table_open(path, &t, &err) != MS_OK) {
        printf("table: %s\n", err.message);
        return;
    }
    hid_t f;
    double *delta = NULL;
    int rank;
    hsize_t dims[8];
    if (ms_h5_open_read(&f, path, NULL) == MS_OK) {
        ms_h5_read_double(f, "/switching/delta", &delta, &rank, dims, NULL);
        H5Fclose(f);
    }
    const double width = ms_config_get(cfg, "rule.width"), temp = ms_config_get(cfg, "rule.temperature");
    printf("\nDevice table %s (hidden state h = %s)\n", path, ms_config_get_string(cfg, "table.hidden"));
    printf("  P_sw(+1 -> -1) at t_p = %.3g ns, T = %.0f K; amplitude in %s\n", width * 1e9, temp,
           t->amplitude_kind);
    printf("  %10s %8s", "h", "Delta");
    for (size_t a = 0; a < t->amplitude.n; a++)
        printf(" %10.3g", t->amplitude.v[a]);
    printf("\n");
    for (size_t i = 0; i < t->h.n; i++) {
        printf("  %10.4g %8.1f", t->h.v[i], delta ? delta[i * t->temperature.n] : NAN);
        for (size_t a = 0; a < t->amplitude.n; a++) {
            double p = NAN;
            ms_table_lookup(t, t->h.v[i], t->amplitude.v[a], width, temp, MS_TABLE_TO_MINUS, &p, NULL);
            printf(" %10.3f", p);
        }
        printf("\n");
    }
    free(delta);
    ms_table_close(t);
}

static void ms_report_train(const char *rule, const char *path)
{
    hid_t f;
    if (ms_h5_open_read(&f, path, NULL) != MS_OK)
        return;
    double *R = NULL, *acc = NULL, *bwt = NULL, *fg = NULL, *we = NULL, *ge = NULL;
    int rank;
    hsize_t dims[8], d1[8];
    if (ms_h5_read_double(f, "/learn/R", &R, &rank, dims, NULL) == MS_OK && rank == 2) {
        printf("\nRule %s: accuracy R[i][j] (%%) on task j after training task i\n", rule);
        for (hsize_t i = 0; i < dims[0]; i++) {
            printf("  after task %llu:", (unsigned long long)i + 1);
            for (hsize_t j = 0; j < dims[1]; j++)
                printf(" %6.1f", 100 * R[i * dims[1] + j]);
            printf("\n");
        }
    }
    if (ms_h5_read_double(f, "/learn/acc", &acc, &rank, d1, NULL) == MS_OK &&
        ms_h5_read_double(f, "/learn/bwt", &bwt, &rank, d1, NULL) == MS_OK &&
        ms_h5_read_double(f, "/learn/forgetting", &fg, &rank, d1, NULL) == MS_OK)
        printf("  ACC %.1f %%, BWT %+.1f %%, forgetting %.1f %%\n", 100 * acc[0], 100 * bwt[0], 100 * fg[0]);
    if (ms_h5_exists(f, "/learn/device/write_energy") &&
        ms_h5_read_double(f, "/learn/device/write_energy", &we, &rank, d1, NULL) == MS_OK &&
        ms_h5_read_double(f, "/learn/device/gate_energy", &ge, &rank, d1, NULL) == MS_OK && (we[0] > 0 || ge[0] > 0))
        printf("  energy: write %.3g J, gate %.3g J\n", we[0], ge[0]);
    free(R), free(acc), free(bwt), free(fg), free(we), free(ge);
    H5Fclose(f);
}

/* ---- figures through scripts/plot.py, when Python with h5py and matplotlib is there ---- */

static int ms_find_plot_script(char *out, size_t len)
{
    char exe[4096];
    const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return -1;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    const char *candidates[] = {"../scripts/plot.py", "../share/metaspin/plot.py"};
    for (size_t i = 0; i < 2; i++) {
        snprintf(out, len, "%s/%s", exe, candidates[i]);
        if (access(out, R_OK) == 0)
            return 0;
    }
    return -1;
}

static void ms_run_plots(const ms_cli *cli, const char *dir, const ms_stage_job *jobs, int n_jobs)
{
    char script[4200], cmd[16384];
    if (ms_find_plot_script(script, sizeof script) != 0) {
        ms_cli_report(cli, "figures skipped: scripts/plot.py not found next to the program");
        return;
    }
    if (system("/usr/bin/python3 -c 'import h5py, matplotlib' >/dev/null 2>&1") != 0) {
        ms_cli_report(cli, "figures skipped: needs /usr/bin/python3 with h5py and matplotlib "
                           "(apt-get install python3-h5py python3-matplotlib, or scripts/install-deps.sh)");
        return;
    }
    const char *quiet = cli->quiet ? ">/dev/null 2>&1" : ">&2";
    int failed = 0, n_train = 0;
    size_t used = (size_t)snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' train-compare", script);
    for (int i = 0; i < n_jobs; i++) {
        char one[8600];
        snprintf(one, sizeof one, "/usr/bin/python3 '%s' auto '%s' -o '%s' %s", script, jobs[i].output, dir, quiet);
        failed |= system(one) != 0;
        if (!strncmp(jobs[i].name, "train-", 6)) {
            n_train++;
            used += (size_t)snprintf(cmd + used, sizeof cmd - used, " '%s'", jobs[i].output);
        }
    }
    if (n_train > 1) {
        snprintf(cmd + used, sizeof cmd - used, " -o '%s/train-compare.png' %s", dir, quiet);
        failed |= system(cmd) != 0;
    }
    if (failed)
        ms_cli_report(cli, "warning: some figures could not be drawn (see the messages above)");
    else
        ms_cli_report(cli, "figures in %s", dir);
}

/* ---- the command ---- */

static int ms_run_jobs_plan(const ms_config *cfg, const char *dir, ms_stage_job *jobs, int *n_jobs,
                            char table_set[][4200], ms_error *err)
{
    int n = 0;
    if (ms_config_get_bool(cfg, "run.ionics_trace"))
        jobs[n++] = (ms_stage_job){.name = "ionics", .cmd = &ms_cmd_ionics};
    jobs[n++] = (ms_stage_job){.name = "table", .cmd = &ms_cmd_table};
    char rules[256];
    snprintf(rules, sizeof rules, "%s", ms_config_get_string(cfg, "run.rules"));
    for (char *save = NULL, *r = strtok_r(rules, ", ", &save); r; r = strtok_r(NULL, ", ", &save)) {
        if (strcmp(r, "adam") && strcmp(r, "meta") && strcmp(r, "device"))
            return ms_config_error(cfg, err, "run.rules", "unknown rule \"%s\" (adam, meta, device)", r);
        if (n == 8)
            return ms_config_error(cfg, err, "run.rules", "at most 6 rules");
        ms_stage_job *j = &jobs[n];
        *j = (ms_stage_job){.cmd = &ms_cmd_train};
        snprintf(j->name, sizeof j->name, "train-%s", r);
        snprintf(table_set[2 * n], 4200, "rule.name=%s", r);
        j->extra[j->n_extra++] = table_set[2 * n];
        if (!strcmp(r, "device")) {
            snprintf(table_set[2 * n + 1], 4200, "rule.table=%.2000s/table.h5", dir);
            j->extra[j->n_extra++] = table_set[2 * n + 1];
            j->upstream = 1; /* replaced by the table's hash once it is known */
        }
        n++;
    }
    *n_jobs = n;
    return MS_OK;
}

static int ms_run_cmd(ms_cli *cli, ms_error *err)
{
    if (cli->n_positional != 1)
        return MS_ERROR(err, MS_EINPUT, "expects one CONFIG (metaspin run configs/demo.cfg)");
    ms_config *cfg = NULL;
    int status = ms_cli_config_load(cli, &ms_cmd_run, &cfg, err);
    if (status)
        return status;
    char dir[4096], sets[16][4200];
    const char *given = ms_config_get_string(cfg, "run.dir");
    if (cli->output)
        snprintf(dir, sizeof dir, "%s", cli->output);
    else if (given[0])
        snprintf(dir, sizeof dir, "%s", given);
    else
        ms_run_default_dir(cli, dir, sizeof dir);
    ms_stage_job jobs[8];
    int n_jobs = 0;
    MS_TRY(ms_run_jobs_plan(cfg, dir, jobs, &n_jobs, sets, err)); /* bad input: no folder made */
    MS_TRY(ms_mkdir_p(dir, err));
    uint64_t table_hash = 0;
    for (int i = 0; i < n_jobs; i++) {
        if (jobs[i].upstream)
            jobs[i].upstream = table_hash;
        MS_TRY(ms_run_stage(cli, cfg, dir, &jobs[i], err));
        if (!strcmp(jobs[i].name, "table"))
            table_hash = jobs[i].hash;
    }
    for (int i = 0; i < n_jobs; i++) {
        if (!strcmp(jobs[i].name, "table"))
            ms_report_table(jobs[i].output, cfg);
        else if (!strncmp(jobs[i].name, "train-", 6))
            ms_report_train(jobs[i].name + 6, jobs[i].output);
    }
    printf("\nresults in %s/\n", dir);
    if (ms_config_get_bool(cfg, "run.plots"))
        ms_run_plots(cli, dir, jobs, n_jobs);
fail:
    ms_config_destroy(cfg);
    return status;
}

const ms_command ms_cmd_run = {
    .name = "run",
    .summary = "one config from material stack to learning curve: ionics, device table, training, report",
    .usage = "CONFIG [--force]",
    .help = "Runs the stages ionics -> table -> train (one run per rule in run.rules) -> report on one config\n"
            "that describes the synapse (device, ionics, table, energy sections) and the study (data, train,\n"
            "network, rule sections). Each stage writes DIR/<stage>.h5 and the config it ran, DIR/<stage>.cfg\n"
            "(rerun a stage alone with the command printed in its header). Stages are cached by a hash of the\n"
            "keys they read: a rerun after an edit redoes only what changed; --force redoes all. Prints the\n"
            "barrier and P_sw per hidden state, the accuracy matrix, ACC, BWT and forgetting per rule, and the\n"
            "device energies; draws figures with scripts/plot.py. -o DIR overrides run.dir.",
    .options = NULL,
    .schemas = ms_run_schemas,
    .run = ms_run_cmd,
};
