/* validation/train/pfmnist — the metaplastic trainer against an independent PyTorch
 * implementation of the same network and rules (issue 8): 784-1024-1024-10 binarized MLP, batch
 * 100, Adam lr 0.005, W_h ~ U(−0.05, 0.05), BatchNorm on batch statistics shared by all tasks, 3
 * permuted Fashion-MNIST tasks of 2 epochs each, task 1 unpermuted. Compared: the final row of
 * R, ACC and BWT for `adam` and for `meta` (m = 5), within 3 points; meta keeps task 1 at least
 * 15 points above adam ([15, 31.2] = 23.1 ± 8.1) with its last task within 2 points of adam's.
 * The figures are averages over seeds 1-3 (as the issue allows: a single run's task-1 and task-2
 * accuracies after further tasks move by a few points from seed to seed).
 * Without the data (scripts/fetch-data.sh) the case says so and passes nothing and fails nothing. */
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

enum { N_SEEDS = 3 };

/* Mean over seeds of the final row of R, ACC and BWT, in %. */
static int run_mean(const ms_tasks *ts, ms_rule_kind kind, double mean[5])
{
    for (int k = 0; k < 5; k++)
        mean[k] = 0;
    for (uint64_t seed = 1; seed <= N_SEEDS; seed++) {
        ms_learn_result *r = run(ts, kind, seed);
        if (!r)
            return 1;
        printf("%s, seed %llu:\n", kind == MS_RULE_ADAM ? "adam" : "meta", (unsigned long long)seed);
        ms_learn_result_print(r, stdout);
        for (int j = 0; j < 3; j++)
            mean[j] += 100 * r->R[6 + j] / N_SEEDS;
        mean[3] += 100 * r->acc / N_SEEDS;
        mean[4] += 100 * r->bwt / N_SEEDS;
        ms_learn_result_destroy(r);
    }
    return 0;
}

static int report(const char *rule, const double v[5], const double ref[5])
{
    char name[96];
    int fail = 0;
    for (int j = 0; j < 3; j++) {
        snprintf(name, sizeof name, "train/pfmnist_%s_final_task%d", rule, j + 1);
        fail += ms_validate_report(name, v[j], ref[j], 3.0);
    }
    snprintf(name, sizeof name, "train/pfmnist_%s_acc", rule);
    fail += ms_validate_report(name, v[3], ref[3], 3.0);
    snprintf(name, sizeof name, "train/pfmnist_%s_bwt", rule);
    fail += ms_validate_report(name, v[4], ref[4], 3.0);
    return fail;
}

int main(void)
{
    const char *dir = getenv("MS_DATA_DIR") ? getenv("MS_DATA_DIR") : "data/fashion-mnist";
    ms_dataset *tr = NULL, *te = NULL;
    ms_error err = {0};
    if (ms_learn_idx_dir_read(dir, &tr, &te, &err)) {
        printf("VALIDATE train/pfmnist SKIPPED: %s\n", err.message);
        return 0;
    }
    ms_tasks *ts = NULL;
    if (ms_learn_tasks_permuted(tr, te, 3, 1, 0x9e3779b9u, &ts, &err)) { fprintf(stderr, "%s\n", err.message); return 1; }
    double adam[5], meta[5];
    if (run_mean(ts, MS_RULE_ADAM, adam) || run_mean(ts, MS_RULE_META, meta))
        return 1;
    static const double ref_adam[5] = {45.8, 77.0, 86.3, 69.7, -24.3};
    static const double ref_meta[5] = {68.9, 85.9, 85.5, 80.1, -9.0};
    int fail = report("adam", adam, ref_adam) + report("meta", meta, ref_meta);
    fail += ms_validate_report("train/pfmnist_meta_minus_adam_task1", meta[0] - adam[0], 23.1, 8.1);
    fail += ms_validate_report("train/pfmnist_meta_minus_adam_last", meta[2] - adam[2], 0.0, 2.0);
    ms_learn_tasks_destroy(ts);
    ms_dataset_destroy(tr);
    ms_dataset_destroy(te);
    return fail;
}
