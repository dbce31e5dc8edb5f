/* series.c — ensemble time series recorder (⟨m⟩, ⟨(m·u)²⟩, switched fraction) and trajectories of
 * the first K trials, usable as the observer of ms_macrospin_batch_run. Buffers grow by doubling
 * at observation times only, never inside the step loop. */
#include <stdlib.h>
#include <string.h>
#include "metaspin/macrospin.h"

int ms_macrospin_series_init(ms_macrospin_series *s, size_t n_traj, ms_error *err)
{
    memset(s, 0, sizeof *s);
    s->n_traj = n_traj;
    return MS_OK;
    (void)err;
}

void ms_macrospin_series_release(ms_macrospin_series *s)
{
    if (!s)
        return;
    free(s->t);
    free(s->m_mean);
    free(s->mu2);
    free(s->p_switched);
    free(s->traj);
    memset(s, 0, sizeof *s);
}

static int series_grow(ms_macrospin_series *s)
{
    const size_t cap = s->cap ? 2 * s->cap : 256;
    double *t = realloc(s->t, cap * sizeof *t);
    if (t)
        s->t = t;
    double *m = realloc(s->m_mean, 3 * cap * sizeof *m);
    if (m)
        s->m_mean = m;
    double *q = realloc(s->mu2, cap * sizeof *q);
    if (q)
        s->mu2 = q;
    double *p = realloc(s->p_switched, cap * sizeof *p);
    if (p)
        s->p_switched = p;
    double *tr = s->n_traj ? malloc(s->n_traj * cap * 3 * sizeof *tr) : NULL;
    if (!t || !m || !q || !p || (s->n_traj && !tr)) {
        free(tr);
        return -1;
    }
    /* Trajectories are stored per trial with stride cap: move them to the new stride. */
    for (size_t j = 0; j < s->n_traj && s->traj; j++)
        memcpy(tr + j * cap * 3, s->traj + j * s->cap * 3, s->n * 3 * sizeof *tr);
    free(s->traj);
    s->traj = tr;
    s->cap = cap;
    return 0;
}

int ms_macrospin_series_record(void *series, const ms_macrospin_batch *b)
{
    ms_macrospin_series *s = series;
    if (s->n == 0 && s->n_traj > ms_macrospin_batch_trials(b))
        s->n_traj = ms_macrospin_batch_trials(b);
    if (s->n == s->cap && series_grow(s)) {
        s->failed = 1;
        return 1;
    }
    ms_macrospin_stats st;
    ms_macrospin_batch_stats(b, &st);
    s->t[s->n] = st.t;
    memcpy(s->m_mean + 3 * s->n, st.m_mean, 3 * sizeof(double));
    s->mu2[s->n] = st.mu2;
    s->p_switched[s->n] = st.p_switched;
    for (size_t j = 0; j < s->n_traj; j++)
        ms_macrospin_batch_get_m(b, j, s->traj + (j * s->cap + s->n) * 3);
    s->n++;
    return 0;
}
