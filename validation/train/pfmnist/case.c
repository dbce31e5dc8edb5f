/* validation/train/pfmnist — the metaplastic trainer against an independent PyTorch
 * implementation of the same network and rules (issue 8; reference.py next to this file):
 * 784-1024-1024-10 binarized MLP, batch 100, Adam lr 0.005, W_h ~ U(−0.05, 0.05), BatchNorm on
 * batch statistics shared by all tasks, 3 permuted Fashion-MNIST tasks of 2 epochs each, task 1
 * unpermuted. Compared, for `adam` and for `meta` (m = 5): the final row of R, ACC and BWT, as
 * means over seeds 1-6 (each seed its own initialisation, shuffles and permutations, as in
 * reference.py), against
 *   - reference.py's means over its seeds 1-6 (PyTorch 1.13, measured on this machine), and
 *   - the issue's figures (one run each: reference.py's seed 1 reproduces them to ~1 point),
 * within max(3 points, 3 combined standard errors). The 3 points are the issue's tolerance; the
 * statistical term matters only for the accuracies of forgotten tasks, which move by up to 17
 * points from seed to seed in either implementation (README.md). Also: meta keeps task 1 at least
 * 15 points above adam, with its last task within 2 points of adam's.
 * Without the data (scripts/fetch-data.sh) the case says so and passes nothing and fails nothing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "common.h"
#include "metaspin/ctx.h"
#include "metaspin/learn.h"

static ms_learn_result *run(const ms_tasks *ts, ms_rule_kind kind, uint64_t seed)
{
    ms_learn_opts o = {.epochs = 2, .batch = 100, .eval_batch = 1000};
    o.net.n_layers = 3;
    o.net.size[1] = o.net.size[2] = 1024;
    o.net.init_range = 0.05f;
    o.net.bn_eps = 1e-5f;
    o.rule = (ms_rule_opts){.kind = kind, .lr = 0.005, .beta1 = 0.9, .beta2 = 0.999, .eps = 1e-8,
                            .meta = 5.0, .reset_state = 1};
    ms_ctx *ctx = ms_ctx_create(seed, 2);
    ms_learn_result *r = NULL;
    ms_error err = {0};
    if (ms_learn_run(ts, &o, ctx, &r, &err)) fprintf(stderr, "train/pfmnist: %s\n", err.message);
    ms_ctx_destroy(ctx);
    return r;
}

enum { N_SEEDS = 6, N_FIG = 5 };  /* figures: final row (tasks 1-3), ACC, BWT, in % */

typedef struct fig_stats { double mean[N_FIG], se[N_FIG]; } fig_stats;

/* Per-seed figures of one rule, then their means and standard errors. */
static int run_stats(const ms_dataset *tr, const ms_dataset *te, ms_rule_kind kind, fig_stats *st)
{
    double v[N_SEEDS][N_FIG];
    for (int k = 0; k < N_SEEDS; k++) {
        const uint64_t seed = (uint64_t)k + 1;
        ms_tasks *ts = NULL;
        ms_error err = {0};
        if (ms_learn_tasks_permuted(tr, te, 3, 1, seed, &ts, &err)) {
            fprintf(stderr, "train/pfmnist: %s\n", err.message);
            return 1;
        }
        ms_learn_result *r = run(ts, kind, seed);
        ms_learn_tasks_destroy(ts);
        if (!r)
            return 1;
        printf("%s, seed %llu:\n", kind == MS_RULE_ADAM ? "adam" : "meta", (unsigned long long)seed);
        ms_learn_result_print(r, stdout);
        for (int j = 0; j < 3; j++)
            v[k][j] = 100 * r->R[6 + j];
        v[k][3] = 100 * r->acc;
        v[k][4] = 100 * r->bwt;
        ms_learn_result_destroy(r);
    }
    for (int f = 0; f < N_FIG; f++) {
        double m = 0, ss = 0;
        for (int k = 0; k < N_SEEDS; k++)
            m += v[k][f] / N_SEEDS;
        for (int k = 0; k < N_SEEDS; k++)
            ss += (v[k][f] - m) * (v[k][f] - m);
        st->mean[f] = m;
        st->se[f] = sqrt(ss / (N_SEEDS - 1) / N_SEEDS);
    }
    return 0;
}

static const char *const FIG_NAME[N_FIG] = {"final_task1", "final_task2", "final_task3", "acc", "bwt"};

/* ours against a reference of standard error se_ref: within max(3, 3 sqrt(se² + se_ref²)). */
static int compare(const char *rule, const char *against, const fig_stats *ours, const double ref[N_FIG],
                   const double se_ref[N_FIG])
{
    int fail = 0;
    for (int f = 0; f < N_FIG; f++) {
        char name[128];
        snprintf(name, sizeof name, "train/pfmnist_%s_%s_vs_%s", rule, FIG_NAME[f], against);
        const double tol = fmax(3.0, 3.0 * sqrt(ours->se[f] * ours->se[f] + se_ref[f] * se_ref[f]));
        fail += ms_validate_report(name, ours->mean[f], ref[f], tol);
    }
    return fail;
}

/* reference.py, seeds 1-6: means and standard errors of the mean (sd/√6); the standard deviation
 * of one run is √6 times the latter, which is the uncertainty of the issue's single-run figures. */
static const double TORCH_ADAM[N_FIG] = {31.90, 73.33, 86.42, 63.88, -33.19}, TORCH_ADAM_SE[N_FIG] = {3.54, 1.08, 0.09, 1.30, 2.00};
static const double TORCH_META[N_FIG] = {67.17, 85.27, 85.58, 79.34, -10.37}, TORCH_META_SE[N_FIG] = {2.12, 0.28, 0.11, 0.78, 1.28};
static const double ISSUE_ADAM[N_FIG] = {45.8, 77.0, 86.3, 69.7, -24.3};
static const double ISSUE_META[N_FIG] = {68.9, 85.9, 85.5, 80.1, -9.0};

int main(void)
{
    const char *dir = getenv("MS_DATA_DIR") ? getenv("MS_DATA_DIR") : "data/fashion-mnist";
    ms_dataset *tr = NULL, *te = NULL;
    ms_error err = {0};
    if (ms_learn_idx_dir_read(dir, &tr, &te, &err)) {
        printf("VALIDATE train/pfmnist SKIPPED: %s\n", err.message);
        return 0;
    }
    fig_stats adam, meta;
    if (run_stats(tr, te, MS_RULE_ADAM, &adam) || run_stats(tr, te, MS_RULE_META, &meta))
        return 1;
    for (int f = 0; f < N_FIG; f++)
        printf("%-12s adam %6.2f +- %4.2f   meta %6.2f +- %4.2f   (mean +- standard error, %d seeds)\n", FIG_NAME[f],
               adam.mean[f], adam.se[f], meta.mean[f], meta.se[f], N_SEEDS);
    double sd_adam[N_FIG], sd_meta[N_FIG];
    for (int f = 0; f < N_FIG; f++)
        sd_adam[f] = sqrt(6.0) * TORCH_ADAM_SE[f], sd_meta[f] = sqrt(6.0) * TORCH_META_SE[f];
    int fail = compare("adam", "pytorch", &adam, TORCH_ADAM, TORCH_ADAM_SE) +
               compare("meta", "pytorch", &meta, TORCH_META, TORCH_META_SE) +
               compare("adam", "issue", &adam, ISSUE_ADAM, sd_adam) +
               compare("meta", "issue", &meta, ISSUE_META, sd_meta);
    fail += ms_validate_report_min("train/pfmnist_meta_minus_adam_task1", meta.mean[0] - adam.mean[0], 15.0);
    fail += ms_validate_report("train/pfmnist_meta_minus_adam_last", meta.mean[2] - adam.mean[2], 0.0, 2.0);
    ms_dataset_destroy(tr);
    ms_dataset_destroy(te);
    return fail;
}
