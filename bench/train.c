/* bench/train.c — seconds per training epoch of the binarized 784-1024-1024-10 network on
 * Fashion-MNIST (60000 rows, batch 100, meta rule, 2 threads), and the ratio to the PyTorch 1.13
 * reference of issue 8 (31 s per epoch for the same network and rule on a 2-core machine of this
 * kind; target >= 3x). Evaluation is limited to 1000 test rows so the figure is the training pass.
 * Without the data (scripts/fetch-data.sh) it prints a line saying so and exits 0. */
#include <stdio.h>
#include <stdlib.h>
#include "common.h"
#include "metaspin/ctx.h"
#include "metaspin/learn.h"

int main(void)
{
    const char *dir = getenv("MS_DATA_DIR") ? getenv("MS_DATA_DIR") : "data/fashion-mnist";
    ms_dataset *tr = NULL, *te = NULL;
    ms_error err = {0};
    if (ms_learn_idx_dir_read(dir, &tr, &te, &err)) {
        printf("bench train: skipped: %s\n", err.message);
        return 0;
    }
    ms_tasks *ts = NULL;
    if (ms_learn_tasks_permuted(tr, te, 1, 1, 1, &ts, &err)) { fprintf(stderr, "%s\n", err.message); return 1; }
    ms_learn_opts o = {.epochs = 1, .batch = 100, .eval_batch = 1000, .max_eval = 1000};
    o.net.n_layers = 3;
    o.net.size[1] = o.net.size[2] = 1024;
    o.net.init_range = 0.05f;
    o.net.bn_eps = 1e-5f;
    o.rule = (ms_rule_opts){.kind = MS_RULE_META, .lr = 0.005, .beta1 = 0.9, .beta2 = 0.999, .eps = 1e-8,
                            .meta = 1.35, .reset_state = 1};
    const int threads = 2;
    ms_ctx *ctx = ms_ctx_create(1, threads);
    ms_learn_result *r = NULL;
    if (ms_learn_run(ts, &o, ctx, &r, &err)) { fprintf(stderr, "%s\n", err.message); return 1; }
    ms_bench_report("train/fmnist_784-1024-1024-10_epoch", r->seconds, "s", threads);
    ms_bench_report("train/speedup_vs_pytorch_31s", 31.0 / r->seconds, "x", threads);
    printf("bench train: accuracy after one epoch %.1f %% (on 1000 test rows)\n", 100 * r->R[0]);
    ms_learn_result_destroy(r);
    ms_ctx_destroy(ctx);
    ms_learn_tasks_destroy(ts);
    ms_dataset_destroy(tr);
    ms_dataset_destroy(te);
    return 0;
}
