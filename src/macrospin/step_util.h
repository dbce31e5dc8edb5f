/* step_util.h — small branch-free helpers shared by the block steppers (heun.c, rk.c): a value
 * type for vectors, 1/|m| for the renormalisation, and the switching-time update. Branch-free so
 * that the loops over trials vectorise (GCC treats errno-setting sqrt and short-circuit && as
 * control flow). */
#ifndef METASPIN_MACROSPIN_STEP_UTIL_H
#define METASPIN_MACROSPIN_STEP_UTIL_H

typedef struct v3 { double x, y, z; } v3;

/* 1/|m| for |m|² = q near 1. With -fno-math-errno GCC vectorises sqrt; otherwise the errno
 * check is control flow that blocks vectorisation, so use Newton's iteration for q^{-1/2} from
 * the linear guess 1.5 − q/2 (quadratic convergence): five steps reach rounding for
 * 0.5 <= q <= 1.5, and a Heun step changes |m|² by O((γ0 H Δt)²) ≲ 0.1 for any Δt that passes the
 * step-size check; outside that range the error still shrinks quadratically step after step. */
static inline double ms_inv_norm(double q)
{
#ifdef __NO_MATH_ERRNO__
    return 1.0 / __builtin_sqrt(q);
#else
    double r = 1.5 - 0.5 * q;
    for (int it = 0; it < 5; it++)
        r *= 1.5 - 0.5 * q * r * r;
    return r;
#endif
}

/* Record the first crossing of m·s below thr between s0 (before) and s1 (after the step). */
static inline double ms_switch_time(double tsw, double s0, double s1, double thr, double t, double dt)
{
    /* Arithmetic blend instead of a branch so the loop vectorises; s0 >= thr > s1 on a hit. */
    const double ds = s0 - s1, f = (s0 - thr) / (ds > 1e-300 ? ds : 1e-300);
    const double hit = (double)((tsw < 0.0) & (s1 < thr));
    return tsw + hit * (t + dt * f - tsw);
}

#endif
