/* tasks.c — task streams for continual learning: permuted (a fixed random feature permutation per
 * task; Goodfellow et al. 2013, arXiv:1312.6211), split-class (disjoint label groups, labels
 * renumbered 0..k−1 within each group: domain-incremental), and sequences of data sets. A task is
 * a view on shared data sets; ms_task_sample gathers one (permuted) row. */
#include <stdlib.h>
#include <string.h>
#include "metaspin/learn.h"
#include "learn_internal.h"

static int tasks_alloc(int n, size_t dim, ms_tasks **out, ms_error *err)
{
    ms_tasks *t = calloc(1, sizeof *t);
    if (t) t->task = calloc((size_t)n, sizeof *t->task);
    if (!t || !t->task) {
        free(t);
        return MS_ERROR(err, MS_ENOMEM, "tasks: out of memory");
    }
    t->n = n;
    t->dim = dim;
    for (int i = 0; i < n; i++)
        for (int c = 0; c < 256; c++) t->task[i].label_map[c] = c;
    *out = t;
    return MS_OK;
}

void ms_learn_tasks_destroy(ms_tasks *t)
{
    if (!t) return;
    for (int i = 0; i < t->n; i++) {
        free(t->task[i].perm);
        free(t->task[i].train_idx);
        free(t->task[i].test_idx);
    }
    free(t->task);
    free(t);
}

static int tasks_check_pair(const ms_dataset *train, const ms_dataset *test, ms_error *err)
{
    if (!train || !test || train->dim != test->dim || train->n == 0 || test->n == 0)
        return MS_ERROR(err, MS_EINPUT, "tasks: train and test sets must be non-empty with equal feature counts");
    if (train->n_classes > 256 || test->n_classes > 256)
        return MS_ERROR(err, MS_EINPUT, "tasks: at most 256 classes are supported");
    return MS_OK;
}

int ms_learn_tasks_permuted(const ms_dataset *train, const ms_dataset *test, int n,
                            int first_identity, uint64_t seed, ms_tasks **out, ms_error *err)
{
    int status = tasks_check_pair(train, test, err);
    if (status) return status;
    if (n < 1) return MS_ERROR(err, MS_EINPUT, "tasks: need at least one task, got %d", n);
    MS_TRY(tasks_alloc(n, train->dim, out, err));
    ms_tasks *t = *out;
    t->n_out = train->n_classes > test->n_classes ? train->n_classes : test->n_classes;
    size_t *idx = malloc(train->dim * sizeof *idx);
    if (!idx) { status = MS_ERROR(err, MS_ENOMEM, "tasks: out of memory"); goto fail; }
    for (int i = 0; i < n; i++) {
        ms_task *k = &t->task[i];
        snprintf(k->name, sizeof k->name, "permuted-%d", i + 1);
        k->train = train;
        k->test = test;
        k->n_train = train->n;
        k->n_test = test->n;
        if (i == 0 && first_identity) continue;
        k->perm = malloc(train->dim * sizeof *k->perm);
        if (!k->perm) { free(idx); status = MS_ERROR(err, MS_ENOMEM, "tasks: out of memory"); goto fail; }
        for (size_t j = 0; j < train->dim; j++) idx[j] = j;
        ms_learn_shuffle(idx, train->dim, seed, 1000 + (uint64_t)i);
        for (size_t j = 0; j < train->dim; j++) k->perm[j] = (uint32_t)idx[j];
    }
    free(idx);
    return MS_OK;
fail:
    ms_learn_tasks_destroy(*out);
    *out = NULL;
    return status;
}

/* Rows of d whose label lies in [c0, c1). */
static size_t *rows_in_classes(const ms_dataset *d, int c0, int c1, size_t *count)
{
    size_t *idx = malloc((d->n ? d->n : 1) * sizeof *idx), m = 0;
    if (!idx) return NULL;
    for (size_t i = 0; i < d->n; i++)
        if (d->y[i] >= c0 && d->y[i] < c1) idx[m++] = i;
    *count = m;
    return idx;
}

int ms_learn_tasks_split(const ms_dataset *train, const ms_dataset *test, int classes_per_task,
                         ms_tasks **out, ms_error *err)
{
    int status = tasks_check_pair(train, test, err);
    if (status) return status;
    const int nc = train->n_classes;
    if (classes_per_task < 1 || classes_per_task > nc)
        return MS_ERROR(err, MS_EINPUT, "tasks: classes per task %d outside [1, %d]", classes_per_task, nc);
    const int n = (nc + classes_per_task - 1) / classes_per_task;
    MS_TRY(tasks_alloc(n, train->dim, out, err));
    ms_tasks *t = *out;
    t->n_out = classes_per_task;
    for (int i = 0; i < n; i++) {
        ms_task *k = &t->task[i];
        const int c0 = i * classes_per_task, c1 = c0 + classes_per_task;
        snprintf(k->name, sizeof k->name, "classes-%d-%d", c0, (c1 < nc ? c1 : nc) - 1);
        k->train = train;
        k->test = test;
        k->train_idx = rows_in_classes(train, c0, c1, &k->n_train);
        k->test_idx = rows_in_classes(test, c0, c1, &k->n_test);
        if (!k->train_idx || !k->test_idx) { status = MS_ERROR(err, MS_ENOMEM, "tasks: out of memory"); goto fail; }
        if (k->n_train == 0 || k->n_test == 0) {
            status = MS_ERROR(err, MS_EINPUT, "tasks: split task %d (classes %d..%d) has no train or test rows", i + 1, c0, c1 - 1);
            goto fail;
        }
        for (int c = c0; c < c1 && c < 256; c++) k->label_map[c] = c - c0;
    }
    return MS_OK;
fail:
    ms_learn_tasks_destroy(*out);
    *out = NULL;
    return status;
}

int ms_learn_tasks_sequence(const ms_dataset *const *train, const ms_dataset *const *test, int n,
                            ms_tasks **out, ms_error *err)
{
    if (n < 1) return MS_ERROR(err, MS_EINPUT, "tasks: need at least one data set");
    for (int i = 0; i < n; i++) {
        int status = tasks_check_pair(train[i], test[i], err);
        if (status) return status;
        if (train[i]->dim != train[0]->dim)
            return MS_ERROR(err, MS_EINPUT, "tasks: data set %d has %zu features, the first has %zu",
                            i + 1, train[i]->dim, train[0]->dim);
    }
    int status = tasks_alloc(n, train[0]->dim, out, err);
    if (status) return status;
    ms_tasks *t = *out;
    for (int i = 0; i < n; i++) {
        ms_task *k = &t->task[i];
        snprintf(k->name, sizeof k->name, "set-%d", i + 1);
        k->train = train[i];
        k->test = test[i];
        k->n_train = train[i]->n;
        k->n_test = test[i]->n;
        const int c = train[i]->n_classes > test[i]->n_classes ? train[i]->n_classes : test[i]->n_classes;
        if (c > t->n_out) t->n_out = c;
    }
    return MS_OK;
}

int32_t ms_task_sample(const ms_task *t, int test, size_t row, size_t dim, float *x)
{
    const ms_dataset *d = test ? t->test : t->train;
    const size_t *idx = test ? t->test_idx : t->train_idx;
    const size_t r = idx ? idx[row] : row;
    const float *src = d->x + r * dim;
    if (t->perm)
        for (size_t k = 0; k < dim; k++) x[k] = src[t->perm[k]];
    else
        memcpy(x, src, dim * sizeof *x);
    return t->label_map[d->y[r]];
}
