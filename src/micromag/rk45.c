/* rk45.c — adaptive Dormand–Prince RK5(4) for the LLG equation at T = 0 (the default integrator).
 *
 * dm/dt = f(t, m) from ms_mm_rhs. Seven stages with the First-Same-As-Last property: the last stage
 * of an accepted step, evaluated at the (renormalised) new state, is the first of the next, so an
 * accepted step costs six field evaluations. The local error is the max norm over all cells and
 * components of h Σ (b_j − b*_j) k_j; steps with error > tol are rejected; the next step is
 * h·min(5, max(0.2, 0.9 (tol/err)^{1/5})). m is renormalised after each accepted step.
 * Reference: Dormand & Prince, J. Comput. Appl. Math. 6, 19 (1980). */
#include <math.h>
#include <stdlib.h>
#include "system.h"

struct ms_rk45 {
    ms_mm *s;
    double tol, dt, dt_max;
    double *k[7], *h;
    /* stage states, by turns (team.h: a stage never writes the state the previous stage's field
     * is still reading); the last stage's, the candidate, is y[0] */
    double *y[2];
    double (*part)[3];         /* per chunk of cells (system.h): error max, max |m × h|², sum of both */
    double torque_max;         /* max |m × h| of the last attempt's candidate (A/m) */
    int have_k1;
    uint64_t steps, rejected;
};

static const double A[7][6] = {
    {0},
    {1.0 / 5},
    {3.0 / 40, 9.0 / 40},
    {44.0 / 45, -56.0 / 15, 32.0 / 9},
    {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
    {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
    {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84},
};
static const double C[7] = {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1};
static const double E[7] = {71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200,
                            22.0 / 525, -1.0 / 40};

int ms_rk45_create(ms_rk45 **out, ms_mm *s, double tol, double dt0, ms_error *err)
{
    *out = NULL;
    if (!(tol > 0))
        return MS_ERROR(err, MS_EINPUT, "rk45: tolerance must be positive");
    if (s->thermal_on)
        return MS_ERROR(err, MS_EINPUT, "rk45: deterministic integrator used at T > 0 (use heun)");
    ms_rk45 *rk = calloc(1, sizeof *rk);
    if (!rk)
        return MS_ERROR(err, MS_ENOMEM, "rk45: out of memory");
    rk->s = s, rk->tol = tol, rk->dt = dt0 > 0 ? dt0 : 1e-14, rk->dt_max = 1e-10;
    int ok = 1;
    for (int j = 0; j < 7; j++)
        ok = ok && (rk->k[j] = malloc(3 * s->n * sizeof(double)));
    ok = ok && (rk->y[0] = malloc(3 * s->n * sizeof(double))) && (rk->y[1] = malloc(3 * s->n * sizeof(double))) &&
         (rk->h = calloc(3 * s->n, sizeof(double))) && (rk->part = calloc(ms_mm_sum_chunks(s->n), sizeof *rk->part));
    if (!ok) {
        ms_rk45_destroy(rk);
        return MS_ERROR(err, MS_ENOMEM, "rk45: out of memory");
    }
    ms_cite(s->ctx, "dormand1980");
    *out = rk;
    return MS_OK;
}

void ms_rk45_destroy(ms_rk45 *rk)
{
    if (!rk)
        return;
    for (int j = 0; j < 7; j++)
        free(rk->k[j]);
    free(rk->y[0]), free(rk->y[1]), free(rk->h), free(rk->part), free(rk);
}

void ms_rk45_dt_max_set(ms_rk45 *rk, double dt_max) { rk->dt_max = dt_max; }

/* out = y + dt Σ_{j<stage} A[stage][j] k_j, one fused pass per stage (restrict pointers so that
 * the compiler vectorises; the generic loop over j did not). */
static void stage_state(const ms_rk45 *rk, int stage, double dt, const double *restrict y,
                        double *restrict out)
{
    const double *restrict k0 = rk->k[0], *restrict k1 = rk->k[1], *restrict k2 = rk->k[2];
    const double *restrict k3 = rk->k[3], *restrict k4 = rk->k[4], *restrict k5 = rk->k[5];
    const double *a = A[stage];
    const double a0 = dt * a[0], a1 = dt * a[1], a2 = dt * a[2], a3 = dt * a[3], a4 = dt * a[4];
    const double a5 = dt * a[5];
    switch (stage) {
    case 1:
        MS_MM_FOR3(rk->s, i, out[i] = y[i] + a0 * k0[i]);
        break;
    case 2:
        MS_MM_FOR3(rk->s, i, out[i] = y[i] + a0 * k0[i] + a1 * k1[i]);
        break;
    case 3:
        MS_MM_FOR3(rk->s, i, out[i] = y[i] + a0 * k0[i] + a1 * k1[i] + a2 * k2[i]);
        break;
    case 4:
        MS_MM_FOR3(rk->s, i, out[i] = y[i] + a0 * k0[i] + a1 * k1[i] + a2 * k2[i] + a3 * k3[i]);
        break;
    case 5:
        MS_MM_FOR3(rk->s, i, out[i] = y[i] + a0 * k0[i] + a1 * k1[i] + a2 * k2[i] + a3 * k3[i] + a4 * k4[i]);
        break;
    default:
        MS_MM_FOR3(rk->s, i, out[i] = y[i] + a0 * k0[i] + a2 * k2[i] + a3 * k3[i] + a4 * k4[i] + a5 * k5[i]);
        break;
    }
}

/* Per chunk of cells: the max over cells and components of |Σ E_j k_j|, the max torque |m × h|² of
 * the candidate (reported for an accepted step without another pass), and the plain sum of both
 * (it carries a NaN that the maxima would drop), into the chunk's slot of part (attempt combines
 * them). */
static void error_terms(const ms_rk45 *rk, double part[][3])
{
    const size_t n = rk->s->n;
    const double *restrict k0 = rk->k[0], *restrict k2 = rk->k[2], *restrict k3 = rk->k[3];
    const double *restrict k4 = rk->k[4], *restrict k5 = rk->k[5], *restrict k6 = rk->k[6];
    const double *restrict m = rk->y[0], *restrict h = rk->h;
#pragma omp barrier
#pragma omp for schedule(static)
    for (size_t c = 0; c < ms_mm_sum_chunks(n); c++) {
        double worst = 0.0, torque = 0.0, sum = 0.0;
        for (size_t cell = c * MS_MM_SUM_CELLS; cell < ms_mm_sum_chunk_end(n, c); cell++) {
            for (size_t i = cell; i < 3 * n; i += n) {  /* components x, y, z of the cell */
                const double e = fabs(E[0] * k0[i] + E[2] * k2[i] + E[3] * k3[i] + E[4] * k4[i] +
                                      E[5] * k5[i] + E[6] * k6[i]);
                worst = e > worst ? e : worst;
                sum += e;
            }
            const double t2 = ms_mm_torque2(m, h, n, cell);
            torque = t2 > torque ? t2 : torque;
            sum += t2;
        }
        part[c][0] = worst, part[c][1] = torque, part[c][2] = sum;
    }
}

/* The stages of one attempt, run by every thread of the team (system.h). */
static void attempt_team(ms_rk45 *rk, double t, double dt, double part[][3])
{
    ms_mm *s = rk->s;
    for (int st = 1; st < 6; st++) {
        stage_state(rk, st, dt, s->m, rk->y[st & 1]);
        ms_mm_rhs(s, t + C[st] * dt, rk->y[st & 1], rk->k[st], NULL);
    }
    stage_state(rk, 6, dt, s->m, rk->y[0]);
    ms_mm_m_normalise(s, rk->y[0]);
    ms_mm_rhs(s, t + dt, rk->y[0], rk->k[6], rk->h);
    error_terms(rk, part);
}

/* One attempt of size dt from (t, m); returns the error estimate, the candidate in y[0], its
 * derivative in k[6], its field in h and its max torque in torque_max. */
static double attempt(ms_rk45 *rk, double t, double dt)
{
    double (*part)[3] = rk->part;
    MS_MM_TEAM(rk->s, attempt_team(rk, t, dt, part));
    double worst = 0.0, torque = 0.0, sum = 0.0;
    for (size_t c = 0; c < ms_mm_sum_chunks(rk->s->n); c++)
        worst = fmax(worst, part[c][0]), torque = fmax(torque, part[c][1]), sum += part[c][2];
    rk->torque_max = sqrt(torque);
    return isfinite(sum) ? fabs(dt) * worst : NAN;
}

int ms_rk45_step(ms_rk45 *rk, double t_max, ms_mm_stepinfo *info, ms_error *err)
{
    ms_mm *s = rk->s;
    if (!rk->have_k1) {
        ms_mm_rhs(s, s->t, s->m, rk->k[0], NULL);
        rk->have_k1 = 1;
    }
    for (;;) {
        double dt = fmin(rk->dt, rk->dt_max);
        const int last = s->t + dt >= t_max;
        if (last)
            dt = t_max - s->t;
        const double e = attempt(rk, s->t, dt);
        if (!isfinite(e)) {
            char where[160];
            const double *const arr[] = {rk->y[0], rk->h, rk->k[6], s->m};
            ms_mm_nonfinite_where(s, arr, 4, where, sizeof where);
            return MS_ERROR(err, MS_ENUMERIC, "rk45: non-finite state at step %llu, t = %g s (dt = %g s): %s",
                            (unsigned long long)rk->steps + 1, s->t, dt, where);
        }
        const double fac = e > 0 ? 0.9 * pow(rk->tol / e, 0.2) : 5.0;
        if (e <= rk->tol) {
            double *tmp = s->m;
            s->m = rk->y[0], rk->y[0] = tmp;
            tmp = rk->k[0], rk->k[0] = rk->k[6], rk->k[6] = tmp;  /* FSAL */
            s->t = last ? t_max : s->t + dt;
            rk->steps++;
            if (!last || fac < 1.0)
                rk->dt = dt * fmin(5.0, fmax(0.2, fac));
            info->t = s->t, info->dt = dt, info->step = rk->steps, info->rejected = rk->rejected;
            info->torque_max = rk->torque_max;
            return MS_OK;
        }
        rk->rejected++;
        rk->dt = dt * fmax(0.2, fac);
        if (rk->dt < 1e-20)
            return MS_ERROR(err, MS_ENUMERIC, "rk45: step size underflow (dt = %g s) at step %llu, t = %g s "
                            "after %llu rejected steps (tolerance %g)", rk->dt, (unsigned long long)rk->steps + 1,
                            s->t, (unsigned long long)rk->rejected, rk->tol);
    }
}

int ms_rk45_run(ms_rk45 *rk, double t_end, ms_mm_callback cb, void *user, ms_error *err)
{
    int status = MS_OK;
    ms_mm_stepinfo info;
    while (rk->s->t < t_end) {
        MS_TRY(ms_rk45_step(rk, t_end, &info, err));
        if (cb && cb(user, rk->s, &info))
            break;
        if (ms_ctx_interrupted(rk->s->ctx))
            return MS_ERROR(err, MS_EINTERRUPTED, "rk45: interrupted at t = %g s", rk->s->t);
    }
fail:
    return status;
}
