/* relax.c — energy minimisation at fixed time: steepest descent on the unit sphere with
 * Barzilai–Borwein step sizes (Exl et al., J. Appl. Phys. 115, 17D118 (2014); the mumax3
 * `minimize` scheme), until the maximum torque |m × H| (A/m) is below the tolerance.
 *
 * Descent direction d = H − (m·H) m = −m × (m × H) (E decreases along d because δE = −μ0 V Ms H·δm).
 * Update m ← norm(m + τ d); τ alternates the two BB formulas τ1 = s·s/s·y, τ2 = s·y/y·y with
 * s = m_k − m_{k−1}, y = d_{k−1} − d_k, and is capped so that no cell turns by more than 0.2 rad
 * in one iteration. One field evaluation per iteration (ms_relax_step); ms_relax_run loops until
 * the torque criterion or the iteration limit, reporting progress (ms_ctx_progress) as the share of
 * the decades of torque between the start and the tolerance already come down, in 1/1000. */
#include <math.h>
#include <stdlib.h>
#include "system.h"

struct ms_relax {
    ms_mm *s;
    double *h, *d, *dold, *mo;  /* field, direction, previous direction and state (3n each) */
    double (*part)[5];          /* per chunk of cells (system.h): s·s, s·y, y·y, max |d|², Σ |d|² */
    double tau, torque;         /* BB step (m per A/m), current max |m × H| (A/m) */
    long iterations;
};

/* One iteration as run by every thread of the team (system.h): with `descend`, m ← norm(m + τ d)
 * (keeping the old m and d); then the field, the new direction d = H − (m·H) m and, per chunk of
 * cells, max and sum of |d|² and the BB products of s = m − m_old and y = d_old − d. */
static void relax_team(ms_relax *r, int descend)
{
    ms_mm *s = r->s;
    const size_t n = s->n, chunks = ms_mm_sum_chunks(n);
    double *restrict m = s->m, *restrict d = r->d, *restrict mo = r->mo, *restrict dold = r->dold;
    const double *restrict h = r->h;
    if (descend) {
        const double tau = r->tau;
        MS_MM_FOR3(s, i, mo[i] = m[i], dold[i] = d[i], m[i] += tau * d[i]);
        ms_mm_m_normalise(s, m);
    }
    ms_mm_field(s, s->t, m, r->h);
#pragma omp barrier
#pragma omp for schedule(static)
    for (size_t c = 0; c < chunks; c++) {
        const size_t lo = c * MS_MM_SUM_CELLS, hi = ms_mm_sum_chunk_end(n, c);
        double best = 0.0, sum = 0.0, ss = 0.0, sy = 0.0, yy = 0.0;
#pragma omp simd reduction(max : best) reduction(+ : sum, ss, sy, yy)
        for (size_t i = lo; i < hi; i++) {
            const size_t iy = n + i, iz = 2 * n + i;
            const double mh = m[i] * h[i] + m[iy] * h[iy] + m[iz] * h[iz];
            const double dx = h[i] - mh * m[i], dy = h[iy] - mh * m[iy], dz = h[iz] - mh * m[iz];
            const double sx_ = m[i] - mo[i], sy_ = m[iy] - mo[iy], sz_ = m[iz] - mo[iz];
            const double yx = dold[i] - dx, yy_ = dold[iy] - dy, yz = dold[iz] - dz;
            d[i] = dx, d[iy] = dy, d[iz] = dz;
            const double a = dx * dx + dy * dy + dz * dz;
            best = a > best ? a : best;
            sum += a;
            ss += sx_ * sx_ + sy_ * sy_ + sz_ * sz_;
            sy += sx_ * yx + sy_ * yy_ + sz_ * yz;
            yy += yx * yx + yy_ * yy_ + yz * yz;
        }
        double *part = r->part[c];
        part[0] = ss, part[1] = sy, part[2] = yy, part[3] = best, part[4] = sum;
    }
}

/* Run one iteration (or, without `descend`, only the field and direction) and take the torque
 * and the next BB step from the chunks' partials, summed in chunk order. */
static void relax_iterate(ms_relax *r, int descend)
{
    ms_mm *s = r->s;
    MS_MM_TEAM(s, relax_team(r, descend));
    double ss = 0.0, sy = 0.0, yy = 0.0, best = 0.0, sum = 0.0;
    for (size_t c = 0; c < ms_mm_sum_chunks(s->n); c++) {
        const double *part = r->part[c];
        ss += part[0], sy += part[1], yy += part[2], best = fmax(best, part[3]), sum += part[4];
    }
    /* |d| = |m × H| for unit m; the sum carries a NaN that the max would drop */
    r->torque = isfinite(sum) ? sqrt(best) : NAN;
    /* τ1 = s·s/s·y and τ2 = s·y/y·y by turns; keep τ when s·y <= 0 */
    if (descend && sy > 0)
        r->tau = r->iterations % 2 ? ss / sy : sy / yy;
}

int ms_relax_create(ms_relax **out, ms_mm *s, ms_error *err)
{
    *out = NULL;
    if (s->thermal_on)
        return MS_ERROR(err, MS_EINPUT, "relax: energy minimisation needs T = 0");
    ms_relax *r = calloc(1, sizeof *r);
    const size_t n3 = 3 * s->n;
    if (!r || !(r->h = malloc(n3 * sizeof(double))) || !(r->d = malloc(n3 * sizeof(double))) ||
        !(r->dold = calloc(n3, sizeof(double))) || !(r->mo = calloc(n3, sizeof(double))) ||
        !(r->part = calloc(ms_mm_sum_chunks(s->n), sizeof *r->part))) {
        ms_relax_destroy(r);
        return MS_ERROR(err, MS_ENOMEM, "relax: out of memory");
    }
    r->s = s;
    relax_iterate(r, 0);
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
    free(r->h), free(r->d), free(r->dold), free(r->mo), free(r->part), free(r);
}

double ms_relax_torque(const ms_relax *r) { return r->torque; }

int ms_relax_step(ms_relax *r, ms_error *err)
{
    ms_mm *s = r->s;
    if (r->tau * r->torque > 0.2)
        r->tau = 0.2 / r->torque;
    relax_iterate(r, 1);
    if (!isfinite(r->torque)) {
        char where[160];
        const double *const arr[] = {r->h, s->m};
        ms_mm_nonfinite_where(s, arr, 2, where, sizeof where);
        return MS_ERROR(err, MS_ENUMERIC, "relax: non-finite field at iteration %ld: %s", r->iterations, where);
    }
    r->iterations++;
    return MS_OK;
}

/* Progress in 1/1000 of log(T0/T)/log(T0/tol), reported when it grows (BB steps are not monotone
 * in the torque; *shown = UINT64_MAX before the first report); 1000 only once T is below the
 * tolerance. */
static void relax_progress(const ms_mm *s, double t0, double t, double tol, uint64_t *shown)
{
    enum { FULL = 1000 };
    uint64_t done = FULL;
    if (t >= tol) {
        const double f = log(t0 / t) / log(t0 / tol);
        done = f > 0 ? (uint64_t)fmin(FULL - 1, floor(FULL * f)) : 0;
    }
    if (*shown != UINT64_MAX && done <= *shown)
        return;
    *shown = done;
    ms_ctx_progress(s->ctx, "relax: torque decades, 1/1000", done, FULL);
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
    const double t0 = r->torque;
    uint64_t shown = UINT64_MAX;
    relax_progress(s, t0, t0, torque_tol, &shown);  /* 0 (1000 if converged already): starts the clock */
    while (status == MS_OK && r->iterations < max_iter && r->torque >= torque_tol) {
        status = ms_relax_step(r, err);
        if (status == MS_OK && ms_ctx_interrupted(s->ctx))
            status = MS_ERROR(err, MS_EINTERRUPTED, "relax: interrupted at iteration %ld", r->iterations);
        if (status == MS_OK)
            relax_progress(s, t0, r->torque, torque_tol, &shown);
    }
    if (iterations)
        *iterations = r->iterations;
    if (torque)
        *torque = r->torque;
    ms_relax_destroy(r);
    return status;
}
