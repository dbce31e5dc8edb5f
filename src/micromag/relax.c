/* relax.c — energy minimisation at fixed time: steepest descent on the unit sphere with
 * Barzilai–Borwein step sizes (Exl et al., J. Appl. Phys. 115, 17D118 (2014); the mumax3
 * `minimize` scheme), until the maximum torque |m × H| (A/m) is below the tolerance.
 *
 * Descent direction d = H − (m·H) m = −m × (m × H) (E decreases along d because δE = −μ0 V Ms H·δm).
 * Update m ← norm(m + τ d); τ alternates the two BB formulas τ1 = s·s/s·y, τ2 = s·y/y·y with
 * s = m_k − m_{k−1}, y = d_{k−1} − d_k, and is capped so that no cell turns by more than 0.2 rad
 * in one iteration. One field evaluation per iteration (ms_relax_step); ms_relax_run loops until
 * the torque criterion or the iteration limit. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "system.h"

static double direction(const ms_mm *s, const double *m, const double *h, double *d)
{
    const size_t n = s->n;
    double best = 0.0, sum = 0.0;  /* the sum carries a NaN that the max would drop */
#pragma omp parallel for reduction(max : best) reduction(+ : sum) schedule(static) \
    num_threads(s->threads) if (s->n >= MS_MM_PAR_CELLS)
    for (size_t i = 0; i < n; i++) {
        const double mh = m[i] * h[i] + m[n + i] * h[n + i] + m[2 * n + i] * h[2 * n + i];
        const double dx = h[i] - mh * m[i], dy = h[n + i] - mh * m[n + i];
        const double dz = h[2 * n + i] - mh * m[2 * n + i];
        d[i] = dx, d[n + i] = dy, d[2 * n + i] = dz;
        const double a = dx * dx + dy * dy + dz * dz;
        best = a > best ? a : best;
        sum += a;
    }
    return isfinite(sum) ? sqrt(best) : NAN;  /* |d| = |m × H| for unit m */
}

static double bb_step(const ms_mm *s, const double *m, const double *mo, const double *d,
                      const double *dold, long it)
{
    const size_t n3 = 3 * s->n;
    double ss = 0, sy = 0, yy = 0;
#pragma omp parallel for reduction(+ : ss, sy, yy) schedule(static) num_threads(s->threads) if (s->n >= MS_MM_PAR_CELLS)
    for (size_t i = 0; i < n3; i++) {
        const double si = m[i] - mo[i], yi = dold[i] - d[i];
        ss += si * si, sy += si * yi, yy += yi * yi;
    }
    if (!(sy > 0))
        return -1.0;
    return it % 2 ? ss / sy : sy / yy;
}

/* m ← norm(m + τ d) and the new field: all threads of the team (system.h). */
static void descend_team(ms_mm *s, const double *restrict d, double tau, double *h)
{
    const size_t n = s->n;
    double *restrict m = s->m;
    MS_MM_FOR3(n, i, m[i] += tau * d[i]);
    ms_mm_m_normalise(s, m);
    ms_mm_field(s, s->t, m, h);
}

struct ms_relax {
    ms_mm *s;
    double *h, *d, *dold, *mo;  /* field, direction, previous direction and state (3n each) */
    double tau, torque;         /* BB step (m per A/m), current max |m × H| (A/m) */
    long iterations;
};

int ms_relax_create(ms_relax **out, ms_mm *s, ms_error *err)
{
    *out = NULL;
    if (s->thermal_on)
        return MS_ERROR(err, MS_EINPUT, "relax: energy minimisation needs T = 0");
    ms_relax *r = calloc(1, sizeof *r);
    const size_t n3 = 3 * s->n;
    if (!r || !(r->h = malloc(n3 * sizeof(double))) || !(r->d = malloc(n3 * sizeof(double))) ||
        !(r->dold = malloc(n3 * sizeof(double))) || !(r->mo = malloc(n3 * sizeof(double)))) {
        ms_relax_destroy(r);
        return MS_ERROR(err, MS_ENOMEM, "relax: out of memory");
    }
    r->s = s;
    ms_mm_field(s, s->t, s->m, r->h);
    r->torque = direction(s, s->m, r->h, r->d);
    r->tau = r->torque > 0 ? 1e-3 / r->torque : 0.0;
    if (!isfinite(r->torque)) {
        char where[160];
        const double *const arr[] = {s->m, r->h};
        ms_mm_nonfinite_where(s, arr, 2, where, sizeof where);
        ms_relax_destroy(r);
        return MS_ERROR(err, MS_ENUMERIC, "relax: non-finite initial state or field: %s", where);
    }
    *out = r;
    return MS_OK;
}

void ms_relax_destroy(ms_relax *r)
{
    if (!r)
        return;
    free(r->h), free(r->d), free(r->dold), free(r->mo), free(r);
}

double ms_relax_torque(const ms_relax *r) { return r->torque; }

int ms_relax_step(ms_relax *r, ms_error *err)
{
    ms_mm *s = r->s;
    const size_t n3 = 3 * s->n;
    if (r->tau * r->torque > 0.2)
        r->tau = 0.2 / r->torque;
    memcpy(r->mo, s->m, n3 * sizeof(double));
    memcpy(r->dold, r->d, n3 * sizeof(double));
    double *m = s->m;
    MS_MM_TEAM(s, descend_team(s, r->d, r->tau, r->h));
    r->torque = direction(s, m, r->h, r->d);
    if (!isfinite(r->torque)) {
        char where[160];
        const double *const arr[] = {r->h, m};
        ms_mm_nonfinite_where(s, arr, 2, where, sizeof where);
        return MS_ERROR(err, MS_ENUMERIC, "relax: non-finite field at iteration %ld: %s", r->iterations, where);
    }
    const double t_bb = bb_step(s, m, r->mo, r->d, r->dold, r->iterations);
    r->tau = t_bb > 0 ? t_bb : r->tau;
    r->iterations++;
    return MS_OK;
}

int ms_relax_run(ms_mm *s, double torque_tol, long max_iter, long *iterations, double *torque,
                 ms_error *err)
{
    if (!(torque_tol > 0))
        return MS_ERROR(err, MS_EINPUT, "relax: torque tolerance must be positive");
    ms_relax *r = NULL;
    int status = ms_relax_create(&r, s, err);
    if (status != MS_OK)
        return status;
    while (status == MS_OK && r->iterations < max_iter && r->torque >= torque_tol) {
        status = ms_relax_step(r, err);
        if (status == MS_OK && ms_ctx_interrupted(s->ctx))
            status = MS_ERROR(err, MS_EINTERRUPTED, "relax: interrupted at iteration %ld", r->iterations);
    }
    if (iterations)
        *iterations = r->iterations;
    if (torque)
        *torque = r->torque;
    ms_relax_destroy(r);
    return status;
}
