/* train.c — the continual-learning driver: tasks one after another (or all interleaved, the
 * non-sequential reference), mini-batch training with the chosen rule, test accuracy of every
 * task after every epoch. R[i][j] is the test accuracy on task j after training task i.
 * Row order within an epoch is a seeded shuffle (stream = task, epoch; domain MS_RNG_DATA), so a
 * run depends only on the seed. Per-task BatchNorm (n_bn_sets = n_tasks) selects the set by the
 * task identity, at training and at test time. */
#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "metaspin/learn.h"
#include "learn_internal.h"

typedef struct train_ws {
    ms_bnn *net;
    ms_rule *rule;
    float *x;
    int32_t *y;
    size_t *order;     /* row order of the current epoch */
    int *task_of;      /* interleaved: task of each entry of order */
    uint64_t step;
} train_ws;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Test accuracy of task j (at most max_eval rows). */
static double evaluate(train_ws *w, const ms_tasks *ts, int j, const ms_learn_opts *o)
{
    const ms_task *t = &ts->task[j];
    const size_t n = o->max_eval && o->max_eval < t->n_test ? o->max_eval : t->n_test;
    const int bn = o->per_task_bn ? j : 0;
    size_t correct = 0;
    for (size_t r0 = 0; r0 < n; r0 += (size_t)o->eval_batch) {
        const int nb = (int)(n - r0 < (size_t)o->eval_batch ? n - r0 : (size_t)o->eval_batch);
        for (int i = 0; i < nb; i++)
            w->y[i] = ms_task_sample(t, 1, r0 + (size_t)i, ts->dim, w->x + (size_t)i * ts->dim);
        ms_bnn_forward(w->net, w->x, NULL, nb, bn, 0);
        correct += (size_t)ms_bnn_correct(w->net, w->y, nb);
    }
    return (double)correct / (double)n;
}

/* One epoch over `n` entries of w->order (rows of task `task`, or of w->task_of[] if task < 0). */
static int train_epoch(train_ws *w, const ms_tasks *ts, int task, size_t n, const ms_learn_opts *o,
                       ms_ctx *ctx, double *loss, ms_error *err)
{
    double sum = 0;
    long batches = 0;
    for (size_t r0 = 0; r0 + 1 < n; r0 += (size_t)o->batch) {
        const int nb = (int)(n - r0 < (size_t)o->batch ? n - r0 : (size_t)o->batch);
        if (nb < 2) break;   /* batch statistics need two rows */
        for (int i = 0; i < nb; i++) {
            const int k = task >= 0 ? task : w->task_of[r0 + (size_t)i];
            w->y[i] = ms_task_sample(&ts->task[k], 0, w->order[r0 + (size_t)i], ts->dim,
                                     w->x + (size_t)i * ts->dim);
        }
        const int bn = o->per_task_bn && task >= 0 ? task : 0;
        sum += ms_bnn_forward(w->net, w->x, w->y, nb, bn, 1);
        ms_bnn_backward(w->net, w->y, nb, bn);
        int status = ms_rule_apply(w->rule, w->net, bn, w->step++, err);
        if (status) return status;
        batches++;
        if (ctx && ms_ctx_interrupted(ctx))
            return MS_ERROR(err, MS_EINTERRUPTED, "train: interrupted in task %d", task + 1);
    }
    *loss = batches ? sum / (double)batches : NAN;
    return MS_OK;
}

static int ws_create(train_ws *w, const ms_tasks *ts, const ms_learn_opts *o, ms_ctx *ctx,
                     ms_error *err)
{
    memset(w, 0, sizeof *w);
    ms_bnn_opts no = o->net;
    no.size[0] = (int)ts->dim;
    no.size[no.n_layers] = ts->n_out;
    no.max_batch = o->batch > o->eval_batch ? o->batch : o->eval_batch;
    no.n_bn_sets = o->per_task_bn ? ts->n : 1;
    const uint64_t seed = ctx ? ctx->seed : 1;
    int status = ms_bnn_create(&w->net, &no, seed, err);
    if (status) return status;
    ms_bnn_set_threads(w->net, ctx ? ctx->threads : 1);
    status = ms_rule_create(&w->rule, &o->rule, w->net, seed, err);
    if (status) return status;
    size_t total = 0;
    for (int k = 0; k < ts->n; k++) total += ts->task[k].n_train;
    w->x = malloc((size_t)no.max_batch * ts->dim * sizeof *w->x);
    w->y = malloc((size_t)no.max_batch * sizeof *w->y);
    w->order = malloc(total * sizeof *w->order);
    w->task_of = malloc(total * sizeof *w->task_of);
    if (!w->x || !w->y || !w->order || !w->task_of)
        return MS_ERROR(err, MS_ENOMEM, "train: out of memory");
    return MS_OK;
}

static void ws_release(train_ws *w)
{
    ms_bnn_destroy(w->net);
    ms_rule_destroy(w->rule);
    free(w->x); free(w->y); free(w->order); free(w->task_of);
}

static int result_alloc(ms_learn_result **out, int T, int E, int rows, ms_error *err)
{
    ms_learn_result *r = calloc(1, sizeof *r);
    if (!r) return MS_ERROR(err, MS_ENOMEM, "train: out of memory");
    r->n_tasks = T;
    r->epochs = E;
    r->n_rows = rows;
    const int ne = rows == T ? T * E : E;
    r->R = calloc((size_t)rows * (size_t)T, sizeof *r->R);
    r->curve = calloc((size_t)ne * (size_t)T, sizeof *r->curve);
    r->loss = calloc((size_t)ne, sizeof *r->loss);
    if (!r->R || !r->curve || !r->loss) { ms_learn_result_destroy(r); return MS_ERROR(err, MS_ENOMEM, "train: out of memory"); }
    *out = r;
    return MS_OK;
}

static int check_opts(const ms_tasks *ts, const ms_learn_opts *o, ms_error *err)
{
    if (o->epochs < 1 || o->batch < 2 || o->eval_batch < 2)
        return MS_ERROR(err, MS_EINPUT, "train: epochs %d >= 1, batch %d >= 2 and eval batch %d >= 2 needed",
                        o->epochs, o->batch, o->eval_batch);
    if (o->interleaved && o->per_task_bn)
        return MS_ERROR(err, MS_EINPUT, "train: per-task BatchNorm needs sequential tasks, not interleaved");
    if (ts->n < 1) return MS_ERROR(err, MS_EINPUT, "train: no tasks");
    return MS_OK;
}

/* Sequential: task i for `epochs` epochs, evaluation of all tasks after each epoch. */
static int run_sequential(train_ws *w, const ms_tasks *ts, const ms_learn_opts *o, ms_ctx *ctx,
                          ms_learn_result *res, ms_error *err)
{
    const int T = ts->n, E = o->epochs;
    for (int i = 0; i < T; i++) {
        if (i > 0) ms_rule_reset(w->rule);
        const size_t n = ts->task[i].n_train;
        for (int e = 0; e < E; e++) {
            for (size_t r = 0; r < n; r++) w->order[r] = r;
            ms_learn_shuffle(w->order, n, ctx ? ctx->seed : 1, 1u << 20 | (uint64_t)(i * E + e));
            const int row = i * E + e;
            int status = train_epoch(w, ts, i, n, o, ctx, &res->loss[row], err);
            if (status) return status;
            for (int j = 0; j < T; j++) res->curve[(size_t)row * T + j] = evaluate(w, ts, j, o);
            if (ctx) ms_ctx_progress(ctx, "train", (uint64_t)row + 1, (uint64_t)T * (uint64_t)E);
        }
        memcpy(res->R + (size_t)i * T, res->curve + (size_t)(i * E + E - 1) * T, (size_t)T * sizeof *res->R);
    }
    ms_learn_metrics(res->R, T, &res->acc, &res->bwt, &res->forgetting);
    return MS_OK;
}

/* Interleaved reference: every epoch is one shuffled pass over the rows of all tasks. */
static int run_interleaved(train_ws *w, const ms_tasks *ts, const ms_learn_opts *o, ms_ctx *ctx,
                           ms_learn_result *res, ms_error *err)
{
    const int T = ts->n, E = o->epochs;
    size_t total = 0;
    for (int k = 0; k < T; k++) total += ts->task[k].n_train;
    size_t *perm = malloc(total * sizeof *perm);
    if (!perm) return MS_ERROR(err, MS_ENOMEM, "train: out of memory");
    for (int e = 0; e < E; e++) {
        for (size_t r = 0; r < total; r++) perm[r] = r;
        ms_learn_shuffle(perm, total, ctx ? ctx->seed : 1, 1u << 21 | (uint64_t)e);
        for (size_t r = 0; r < total; r++) {
            size_t q = perm[r];
            int k = 0;
            while (q >= ts->task[k].n_train) q -= ts->task[k++].n_train;
            w->order[r] = q;
            w->task_of[r] = k;
        }
        int status = train_epoch(w, ts, -1, total, o, ctx, &res->loss[e], err);
        if (status) { free(perm); return status; }
        for (int j = 0; j < T; j++) res->curve[(size_t)e * T + j] = evaluate(w, ts, j, o);
        if (ctx) ms_ctx_progress(ctx, "train", (uint64_t)e + 1, (uint64_t)E);
    }
    free(perm);
    memcpy(res->R, res->curve + (size_t)(E - 1) * T, (size_t)T * sizeof *res->R);
    double s = 0;
    for (int j = 0; j < T; j++) s += res->R[j];
    res->acc = s / T;
    res->bwt = res->forgetting = 0;
    return MS_OK;
}

int ms_learn_run(const ms_tasks *ts, const ms_learn_opts *o, ms_ctx *ctx, ms_learn_result **out,
                 ms_error *err)
{
    *out = NULL;
    int status = check_opts(ts, o, err);
    if (status) return status;
    if (ctx) {
        openblas_set_num_threads(1);   /* net.c splits products over OpenMP */
        ms_cite(ctx, "courbariaux2016");
        ms_cite(ctx, "kingma2015");
        if (o->rule.kind == MS_RULE_META) ms_cite(ctx, "laborieux2021");
    }
    const double t0 = now();
    train_ws w;
    ms_learn_result *res = NULL;
    status = ws_create(&w, ts, o, ctx, err);
    if (!status) status = result_alloc(&res, ts->n, o->epochs, o->interleaved ? 1 : ts->n, err);
    if (!status) status = o->interleaved ? run_interleaved(&w, ts, o, ctx, res, err)
                                         : run_sequential(&w, ts, o, ctx, res, err);
    if (!status) {
        const ms_device_stats *ds = ms_rule_device_stats(w.rule);
        if (ds) res->device = *ds;
        res->seconds = now() - t0;
        *out = res;
    } else {
        ms_learn_result_destroy(res);
    }
    ws_release(&w);
    return status;
}

void ms_learn_result_destroy(ms_learn_result *r)
{
    if (!r) return;
    free(r->R);
    free(r->curve);
    free(r->loss);
    free(r);
}
