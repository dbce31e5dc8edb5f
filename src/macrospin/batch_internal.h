/* batch_internal.h — private layout of ms_macrospin_batch, shared by batch.c (set-up), heun.c and
 * rk.c (steppers) and run.c (driver loop). Structure of arrays: every per-trial quantity is a
 * contiguous double array of length n, so the block kernels vectorise over trials.
 *
 * Per-trial parameters (after device-to-device variation), all SI:
 *   ms      Ms_i (A/m)                     hk1, hk2  2 K_u1,i/(μ0 Ms_i), 4 K_u2,i/(μ0 Ms_i) (A/m)
 *   vcma    2 ξ/(t_ox t_F μ0 Ms_i) (A/(m V)): H_k1(t) = hk1 − vcma V_G(t)
 *   alpha   α_i (Gilbert damping)
 *   sig     sqrt(2 α_i kB T/(γ0 μ0 Ms_i V_i Δt)) (A/m), Brown thermal field standard deviation
 *   aj      a_J per unit J divided by η(m·p) law: ħ η_c/(2 e μ0 Ms_i t_F) (A/m per A/m^2)
 *   as      ħ θ_SH/(2 e μ0 Ms_i t_F) (A/m per A/m^2) */
#ifndef METASPIN_MACROSPIN_BATCH_INTERNAL_H
#define METASPIN_MACROSPIN_BATCH_INTERNAL_H

#include "metaspin/macrospin.h"
#include "metaspin/rng.h"
#include "terms.h"

enum { MS_MACROSPIN_BLOCK = 512 };  /* trials per kernel call: ~17 arrays × 4 kB stay in L2 */

struct ms_macrospin_batch {
    ms_macrospin_device dev;   /* prepared copy */
    ms_macrospin_options opt;
    ms_ctx *ctx;
    ms_rng_key key;
    size_t n, n_blocks;
    uint64_t step;             /* steps taken since reset; t = step Δt */
    double gamma0;             /* μ0 γ (m/(A s)) */
    double s[3];               /* switching reference direction */
    ms_terms terms;            /* trial-independent constants of the field terms */
    int reference_kernel;
    int prepared;              /* dev holds a prepared device (demag factors valid) */
    double *mem;               /* one allocation holding every array below */
    double *mx, *my, *mz, *tsw;
    double *ms, *hk1, *hk2, *vcma, *alpha, *sig, *aj, *as;
    double *noise[12];         /* standard normals of one group of 4 Heun steps (3 per step) */
    double *h_rk;              /* RK45 per-trial step size */
    unsigned char *blk_done;   /* block fully switched (stop_when_switched) */
};

/* Drive values at one time, shared by all trials. */
void ms_macrospin_drive_at(const ms_macrospin_device *dev, double t, ms_drive_now *d);

/* Steppers over trials [i0, i0 + n), time t -> t + Δt. heun.c: fused kernel and reference;
 * rk.c: RK4 (fused) and adaptive RK45 (per trial). */
/* Heun kernels take the block's noise (w[c] + i0 = component c of the thermal field's normals). */
void ms_macrospin_heun_block(ms_macrospin_batch *b, size_t i0, size_t n, double t, double *const w[3]);
void ms_macrospin_heun_block_reference(ms_macrospin_batch *b, size_t i0, size_t n, double t,
                                       double *const w[3]);
void ms_macrospin_rk4_block(ms_macrospin_batch *b, size_t i0, size_t n, double t);
/* Returns the first trial whose step size underflowed, or -1. */
long ms_macrospin_rk45_block(ms_macrospin_batch *b, size_t i0, size_t n, double t);

#endif
