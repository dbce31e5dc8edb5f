/* heun.c — stochastic Heun step (Stratonovich) for a block of trials: the hot path.
 *
 * With H_th frozen over the step (one Brown draw per step, used in predictor and corrector):
 *   m̃ = m + Δt f(m, t, H_th),   m' = m + Δt/2 [ f(m, t, H_th) + f(m̃, t+Δt, H_th) ],  m' /= |m'|
 * f = LL right-hand side (llg.h). This converges to the Stratonovich solution, whose stationary
 * distribution is the Boltzmann one (García-Palacios and Lázaro, PRB 58, 14937 (1998)); plain
 * Euler would add a spurious Itô drift. At T = 0 it is the deterministic second-order Heun method.
 *
 * After the step the switching event m·s < threshold is detected; the crossing time is linearly
 * interpolated inside the step. The fused kernel is one vectorised loop over the block (the noise
 * was drawn for the block just before, so everything stays in L1/L2); the reference does the same
 * per trial in plain scalar code (STYLE.md rule 13, compared in tests/check_macrospin.c).
 * Vectorisation is fragile: after editing, check `-fopt-info-vec` reports "loop vectorized" for
 * the fused loop (fmax, short-circuit &&, errno-setting sqrt, outputs through pointers to
 * escaping locals, and a runtime flag tested inside the loop have each broken it); bench/macrospin
 * reports the kernel alone (heun_kernel_only_T0) so a regression shows as a ~5x drop. */
#include <math.h>
#include "core/cpu_clones.h"
#include "batch_internal.h"
#include "step_util.h"

/* One trial's Heun update; shared verbatim by both versions so that they differ only in loop form.
 * th is the thermal field of this step. */
MS_HOT_INLINE v3 heun_trial(const ms_terms *c, const ms_drive_now *d0, const ms_drive_now *d1,
                            double dt, double gamma0, double ms, double hk1, double hk2, double vcma,
                            double aj, double as, double alpha, v3 th, v3 m)
{
    double hx, hy, hz, ax, ay, az, bx, by, bz;
    ms_terms_field(c, d0, ms, hk1, hk2, vcma, aj, as, m.x, m.y, m.z, &hx, &hy, &hz);
    ms_llg_rhs(m.x, m.y, m.z, hx + th.x, hy + th.y, hz + th.z, alpha, gamma0, &ax, &ay, &az);
    const v3 p = {m.x + dt * ax, m.y + dt * ay, m.z + dt * az};
    ms_terms_field(c, d1, ms, hk1, hk2, vcma, aj, as, p.x, p.y, p.z, &hx, &hy, &hz);
    ms_llg_rhs(p.x, p.y, p.z, hx + th.x, hy + th.y, hz + th.z, alpha, gamma0, &bx, &by, &bz);
    const v3 n = {m.x + 0.5 * dt * (ax + bx), m.y + 0.5 * dt * (ay + by), m.z + 0.5 * dt * (az + bz)};
    const double r = ms_inv_norm(n.x * n.x + n.y * n.y + n.z * n.z);
    return (v3){n.x * r, n.y * r, n.z * r};
}

MS_CPU_CLONES
void ms_macrospin_heun_block(ms_macrospin_batch *b, size_t i0, size_t n, double t, double *const w[3])
{
    const ms_terms c = b->terms;
    ms_drive_now dt0, dt1;
    const double dt = b->opt.dt, thr = b->opt.threshold, gamma0 = b->gamma0;
    const double sx = b->s[0], sy = b->s[1], sz = b->s[2];
    ms_macrospin_drive_at(&b->dev, t, &dt0);
    ms_macrospin_drive_at(&b->dev, t + dt, &dt1);
    const ms_drive_now d0 = dt0, d1 = dt1;  /* copies that never escape: kept in registers */
    double *restrict mx = b->mx + i0, *restrict my = b->my + i0, *restrict mz = b->mz + i0;
    double *restrict tsw = b->tsw + i0;
    const double *restrict ms = b->ms + i0, *restrict hk1 = b->hk1 + i0, *restrict hk2 = b->hk2 + i0;
    const double *restrict vcma = b->vcma + i0, *restrict aj = b->aj + i0, *restrict as = b->as + i0;
    const double *restrict alpha = b->alpha + i0, *restrict sig = b->sig + i0;
    const double *restrict wx = w[0] + i0, *restrict wy = w[1] + i0, *restrict wz = w[2] + i0;
#pragma omp simd
    for (size_t k = 0; k < n; k++) {
        const v3 m = {mx[k], my[k], mz[k]}, th = {sig[k] * wx[k], sig[k] * wy[k], sig[k] * wz[k]};
        const v3 mn = heun_trial(&c, &d0, &d1, dt, gamma0, ms[k], hk1[k], hk2[k], vcma[k], aj[k], as[k],
                                alpha[k], th, m);
        const double s0 = m.x * sx + m.y * sy + m.z * sz, s1 = mn.x * sx + mn.y * sy + mn.z * sz;
        tsw[k] = ms_switch_time(tsw[k], s0, s1, thr, t, dt);
        mx[k] = mn.x;
        my[k] = mn.y;
        mz[k] = mn.z;
    }
}

void ms_macrospin_heun_block_reference(ms_macrospin_batch *b, size_t i0, size_t n, double t,
                                       double *const w[3])
{
    ms_drive_now d0, d1;
    const double dt = b->opt.dt;
    ms_macrospin_drive_at(&b->dev, t, &d0);
    ms_macrospin_drive_at(&b->dev, t + dt, &d1);
    for (size_t i = i0; i < i0 + n; i++) {
        const double sg = b->sig[i];
        const v3 m = {b->mx[i], b->my[i], b->mz[i]}, th = {sg * w[0][i], sg * w[1][i], sg * w[2][i]};
        const v3 mn = heun_trial(&b->terms, &d0, &d1, dt, b->gamma0, b->ms[i], b->hk1[i], b->hk2[i],
                                b->vcma[i], b->aj[i], b->as[i], b->alpha[i], th, m);
        const double s0 = m.x * b->s[0] + m.y * b->s[1] + m.z * b->s[2];
        const double s1 = mn.x * b->s[0] + mn.y * b->s[1] + mn.z * b->s[2];
        b->tsw[i] = ms_switch_time(b->tsw[i], s0, s1, b->opt.threshold, t, dt);
        b->mx[i] = mn.x;
        b->my[i] = mn.y;
        b->mz[i] = mn.z;
    }
}
