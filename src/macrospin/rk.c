/* rk.c — deterministic (T = 0) steppers: classical fixed-step RK4 (fused over a block of trials)
 * and adaptive Dormand–Prince RK5(4) (per trial, each with its own step size; J. R. Dormand and
 * P. J. Prince, J. Comput. Appl. Math. 6, 19 (1980)). Both integrate the LL equation of llg.h with
 * the field terms of terms.h and renormalise m after every (sub)step. For RK45 the batch step Δt
 * is the output interval; switching crossings are interpolated linearly inside each sub-step. */
#include <math.h>
#include "batch_internal.h"
#include "core/cpu_clones.h"
#include "step_util.h"

/* f(m) = dm/dt of trial i at drive d. */
MS_HOT_INLINE void rk_rhs(const ms_macrospin_batch *b, const ms_terms *c, const ms_drive_now *d,
                          double gamma0, size_t i, const double m[3], double f[3])
{
    double hx, hy, hz;
    ms_terms_field(c, d, b->ms[i], b->hk1[i], b->hk2[i], b->vcma[i], b->aj[i], b->as[i], m[0], m[1],
                   m[2], &hx, &hy, &hz);
    ms_llg_rhs(m[0], m[1], m[2], hx, hy, hz, b->alpha[i], gamma0, &f[0], &f[1], &f[2]);
}

/* f(m) from per-trial parameters passed by value (vectorisable form for the fused RK4 loop). */
MS_HOT_INLINE v3 rk4_f(const ms_terms *c, const ms_drive_now *d, double g0, double ms, double hk1,
                       double hk2, double vcma, double aj, double as, double alpha, v3 m)
{
    double hx, hy, hz;
    v3 f;
    ms_terms_field(c, d, ms, hk1, hk2, vcma, aj, as, m.x, m.y, m.z, &hx, &hy, &hz);
    ms_llg_rhs(m.x, m.y, m.z, hx, hy, hz, alpha, g0, &f.x, &f.y, &f.z);
    return f;
}

MS_HOT_INLINE v3 axpy(v3 m, double h, v3 k)
{
    return (v3){m.x + h * k.x, m.y + h * k.y, m.z + h * k.z};
}

MS_CPU_CLONES
void ms_macrospin_rk4_block(ms_macrospin_batch *b, size_t i0, size_t n, double t)
{
    const ms_terms c = b->terms;
    const double dt = b->opt.dt, g0 = b->gamma0, thr = b->opt.threshold;
    const double sx = b->s[0], sy = b->s[1], sz = b->s[2];
    ms_drive_now e0, eh, e1;
    ms_macrospin_drive_at(&b->dev, t, &e0);
    ms_macrospin_drive_at(&b->dev, t + 0.5 * dt, &eh);
    ms_macrospin_drive_at(&b->dev, t + dt, &e1);
    const ms_drive_now d0 = e0, dh = eh, d1 = e1;  /* copies that never escape */
    double *restrict mx = b->mx + i0, *restrict my = b->my + i0, *restrict mz = b->mz + i0;
    double *restrict tsw = b->tsw + i0;
    const double *restrict ms = b->ms + i0, *restrict hk1 = b->hk1 + i0, *restrict hk2 = b->hk2 + i0;
    const double *restrict vcma = b->vcma + i0, *restrict aj = b->aj + i0, *restrict as = b->as + i0;
    const double *restrict alpha = b->alpha + i0;
#pragma omp simd
    for (size_t k = 0; k < n; k++) {
        const v3 m = {mx[k], my[k], mz[k]};
#define RK4_F(d, y) rk4_f(&c, &(d), g0, ms[k], hk1[k], hk2[k], vcma[k], aj[k], as[k], alpha[k], (y))
        const v3 k1 = RK4_F(d0, m);
        const v3 k2 = RK4_F(dh, axpy(m, 0.5 * dt, k1));
        const v3 k3 = RK4_F(dh, axpy(m, 0.5 * dt, k2));
        const v3 k4 = RK4_F(d1, axpy(m, dt, k3));
#undef RK4_F
        const double w = dt / 6.0;
        const v3 y = {m.x + w * (k1.x + 2.0 * k2.x + 2.0 * k3.x + k4.x),
                      m.y + w * (k1.y + 2.0 * k2.y + 2.0 * k3.y + k4.y),
                      m.z + w * (k1.z + 2.0 * k2.z + 2.0 * k3.z + k4.z)};
        const double r = ms_inv_norm(y.x * y.x + y.y * y.y + y.z * y.z);
        const double s0 = m.x * sx + m.y * sy + m.z * sz, s1 = r * (y.x * sx + y.y * sy + y.z * sz);
        tsw[k] = ms_switch_time(tsw[k], s0, s1, thr, t, dt);
        mx[k] = r * y.x;
        my[k] = r * y.y;
        mz[k] = r * y.z;
    }
}

/* Dormand–Prince tableau. */
static const double DP_C[7] = {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1};
static const double DP_A[7][6] = {
    {0},
    {1.0 / 5},
    {3.0 / 40, 9.0 / 40},
    {44.0 / 45, -56.0 / 15, 32.0 / 9},
    {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
    {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
    {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84}};
/* 5th-order weights minus 4th-order weights: the local error estimate. */
static const double DP_E[7] = {71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200,
                               22.0 / 525, -1.0 / 40};

/* One trial from t to t + Δt with adaptive sub-steps; 0 or -1 on step-size underflow. */
static int rk45_trial(ms_macrospin_batch *b, size_t i, double t)
{
    const double dt = b->opt.dt, t_end = t + dt, rtol = b->opt.rtol, atol = b->opt.atol;
    double m[3] = {b->mx[i], b->my[i], b->mz[i]}, h = b->h_rk[i] > 0 ? b->h_rk[i] : 0.01 * dt;
    double tl = t;
    while (t_end - tl > 1e-12 * dt) {
        h = fmin(h, t_end - tl);
        double k[7][3], y[3], err = 0.0;
        for (int st = 0; st < 7; st++) {
            ms_drive_now d;
            for (int q = 0; q < 3; q++) {
                y[q] = m[q];
                for (int r = 0; r < st; r++)
                    y[q] += h * DP_A[st][r] * k[r][q];
            }
            ms_macrospin_drive_at(&b->dev, tl + DP_C[st] * h, &d);
            rk_rhs(b, &b->terms, &d, b->gamma0, i, y, k[st]);
        }
        for (int q = 0; q < 3; q++) {  /* y = 5th-order solution (stage 7 input) */
            double e = 0.0;
            for (int st = 0; st < 7; st++)
                e += DP_E[st] * k[st][q];
            err = fmax(err, fabs(h * e) / (atol + rtol * fmax(fabs(m[q]), fabs(y[q]))));
        }
        const double fac = fmin(5.0, fmax(0.2, 0.9 * pow(fmax(err, 1e-30), -0.2)));
        if (err <= 1.0) {
            ms_llg_normalise(&y[0], &y[1], &y[2]);
            const double s0 = m[0] * b->s[0] + m[1] * b->s[1] + m[2] * b->s[2];
            const double s1 = y[0] * b->s[0] + y[1] * b->s[1] + y[2] * b->s[2];
            b->tsw[i] = ms_switch_time(b->tsw[i], s0, s1, b->opt.threshold, tl, h);
            for (int q = 0; q < 3; q++)
                m[q] = y[q];
            tl += h;
        }
        h *= fac;
        if (h < 1e-14 * dt && t_end - tl > 1e-12 * dt)
            return -1;
    }
    b->h_rk[i] = h;
    b->mx[i] = m[0];
    b->my[i] = m[1];
    b->mz[i] = m[2];
    return 0;
}

long ms_macrospin_rk45_block(ms_macrospin_batch *b, size_t i0, size_t n, double t)
{
    long first = -1;
    for (size_t i = i0; i < i0 + n; i++)
        if (rk45_trial(b, i, t) && first < 0)
            first = (long)i;
    return first;
}
