/* dataset.c — in-memory data sets: creation, row subsets, seeded train/validation/test splits and
 * standardisation with training-set statistics (x' = (x − μ_train) / σ_train per feature).
 * The shuffle is a Fisher–Yates permutation driven by Philox (stream MS_RNG_DATA), so a split
 * depends only on the seed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/learn.h"
#include "metaspin/rng.h"
#include "learn_internal.h"

ms_dataset *ms_dataset_create(size_t n, size_t dim, int n_classes)
{
    ms_dataset *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->n = n;
    d->dim = dim;
    d->n_classes = n_classes;
    d->x = malloc((n * dim > 0 ? n * dim : 1) * sizeof *d->x);
    d->y = malloc((n > 0 ? n : 1) * sizeof *d->y);
    if (!d->x || !d->y) { ms_dataset_destroy(d); return NULL; }
    return d;
}

void ms_dataset_destroy(ms_dataset *d)
{
    if (!d) return;
    free(d->x);
    free(d->y);
    free(d);
}

int ms_dataset_subset(const ms_dataset *src, const size_t *idx, size_t n, ms_dataset **out,
                      ms_error *err)
{
    ms_dataset *d = ms_dataset_create(n, src->dim, src->n_classes);
    if (!d) return MS_ERROR(err, MS_ENOMEM, "dataset: cannot allocate %zu rows", n);
    for (size_t i = 0; i < n; i++) {
        memcpy(d->x + i * src->dim, src->x + idx[i] * src->dim, src->dim * sizeof *d->x);
        d->y[i] = src->y[idx[i]];
    }
    memcpy(d->name, src->name, sizeof d->name);
    *out = d;
    return MS_OK;
}

void ms_learn_shuffle(size_t *idx, size_t n, uint64_t seed, uint64_t stream)
{
    const ms_rng_key key = ms_rng_key_make(seed);
    for (size_t i = n; i > 1; i--) {
        uint32_t u[4];
        ms_rng_uint4(key, MS_RNG_DOMAIN(MS_RNG_DATA) + stream, i, u);
        const uint64_t r = ((uint64_t)u[0] << 32 | u[1]) % i;
        const size_t t = idx[i - 1];
        idx[i - 1] = idx[r];
        idx[r] = t;
    }
}

int ms_dataset_split(const ms_dataset *d, double frac_valid, double frac_test, uint64_t seed,
                     ms_dataset **train, ms_dataset **valid, ms_dataset **test, ms_error *err)
{
    *train = *test = NULL;
    if (valid) *valid = NULL;
    if (!(frac_valid >= 0 && frac_test > 0 && frac_valid + frac_test < 1))
        return MS_ERROR(err, MS_EINPUT, "dataset: split fractions valid %g test %g must be >= 0, > 0 and sum below 1",
                        frac_valid, frac_test);
    const size_t nt = (size_t)llround(frac_test * (double)d->n);
    const size_t nv = (size_t)llround(frac_valid * (double)d->n);
    if (nt == 0 || nt + nv >= d->n)
        return MS_ERROR(err, MS_EINPUT, "dataset: %zu rows are too few for the split", d->n);
    size_t *idx = malloc(d->n * sizeof *idx);
    if (!idx) return MS_ERROR(err, MS_ENOMEM, "dataset: cannot allocate split");
    for (size_t i = 0; i < d->n; i++) idx[i] = i;
    ms_learn_shuffle(idx, d->n, seed, 1);
    int status = ms_dataset_subset(d, idx, nt, test, err);
    if (!status && nv > 0 && valid) status = ms_dataset_subset(d, idx + nt, nv, valid, err);
    if (!status) status = ms_dataset_subset(d, idx + nt + nv, d->n - nt - nv, train, err);
    free(idx);
    if (status) {
        ms_dataset_destroy(*test);
        if (valid) ms_dataset_destroy(*valid);
        *test = NULL;
        if (valid) *valid = NULL;
    }
    return status;
}

void ms_dataset_standardize(ms_dataset *train, ms_dataset *const *others, int n_others)
{
    const size_t dim = train->dim;
    for (size_t k = 0; k < dim; k++) {
        double s = 0, s2 = 0;
        for (size_t i = 0; i < train->n; i++) s += train->x[i * dim + k];
        const double mu = s / (double)train->n;
        for (size_t i = 0; i < train->n; i++) {
            const double e = train->x[i * dim + k] - mu;
            s2 += e * e;
        }
        const double sd = sqrt(s2 / (double)train->n);
        const double inv = sd > 0 ? 1.0 / sd : 1.0;
        for (int o = -1; o < n_others; o++) {
            ms_dataset *d = o < 0 ? train : others[o];
            if (!d) continue;
            for (size_t i = 0; i < d->n; i++)
                d->x[i * dim + k] = (float)((d->x[i * dim + k] - mu) * inv);
        }
    }
}
