/* kmc.c — batched kinetic Monte Carlo of FM/AFM grains with time-dependent rates (phase.h,
 * docs/phase.md). Per step [t, t + Δt] every grain i of every trial flips with
 *   p = 1 − exp(−k Δt),  k = k_AF→FM or k_FM→AF of its present state (model.c) at the mid-step
 *   temperature and field, x_i = ½ (ΔF_i V_i + J_c (2 n_FM,i − n_nb,i)),
 * grains updated in index order in place (the coupling sees neighbours already updated this step:
 * an O(p²) ordering effect). Δt is refined (halved from min(dt_max, 2 Δt_prev, next waveform
 * corner)) until an upper bound of every grain's p — the largest rate over the step's ends and
 * middle, over the directions present in some trial and the extreme neighbour counts — is
 * ≤ p_max and |ΔT| ≤ dT_max. Steps whose bound is below the smallest uniform (0.5/2^32) cannot
 * flip anything and skip the draws (exact, deterministic).
 * Layout (structure of arrays): states [trial][grain] bytes, FM volume and switching time per trial.
 * Trials are grouped in fixed blocks of 64 (independent of the thread count); each block runs its
 * own step sequence (time, temperature trace, step index n, the states present) through the whole
 * interval, so one OpenMP region covers a run (no barrier per step). Random numbers: trial i, step n
 * of its block, grains 4j..4j+3 use uniform4(seed, stream_offset + i + MS_RNG_DOMAIN(MS_RNG_THERMAL),
 * n·ceil(N_g/4) + j), drawn with ms_rng_uniform4_batch over the block: bitwise identical for any
 * thread count. The temperature is per block (identical drive; the blocks' step grids differ only
 * where the solver refines). The plain per-grain kernel (kernel_reference) is the test reference. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_const_mksa.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "metaspin/phase.h"
#include "metaspin/rng.h"

#define MU0 GSL_CONST_MKSA_VACUUM_PERMEABILITY
enum { BLOCK = 64, MAXNB = 4 };
static const double U_MIN = 0.5 / 4294967296.0;  /* smallest uniform of ms_rng_uniform4 */

typedef struct block {
    size_t i0, nb;                 /* trials [i0, i0 + nb) */
    double t, temp, dt_prev;
    uint64_t step, kernel_steps;
    uint8_t *has;                  /* [ng]: bit s set if a trial of the block has the grain in state s */
    double *dfv;                   /* [ng] ΔF_i V_i of the current step */
    double *pu, *pd;               /* [ng][5] flip probabilities by FM-neighbour count */
} block;

struct ms_phase_batch {
    ms_phase_params p;
    ms_ctx *ctx;
    ms_rng_key key;
    size_t n, nblk;
    int ng, nq, nthreads, coupled, initial_fm;
    uint8_t *s;         /* [n][ng] 0 = AF, 1 = FM */
    double *vfm, *tsw;  /* [n] FM volume, first threshold crossing */
    double *dtt, *vol;  /* [ng] frozen disorder */
    double vtot, c;
    int *nb, *nnb;      /* [ng][4] neighbour indices, [ng] counts (0 when uncoupled) */
    block *blk;
    uint8_t *has_mem;
    double *dmem;
    uint64_t stream_offset;
};

static void neighbours(ms_phase_batch *b)
{
    const int gx = b->p.grid_x > 0 ? b->p.grid_x : (int)fmax(1.0, round(sqrt((double)b->ng)));
    for (int i = 0; i < b->ng; i++) {
        const int x = i % gx, cand[4] = {x > 0 ? i - 1 : -1, x < gx - 1 ? i + 1 : -1, i - gx, i + gx};
        b->nnb[i] = 0;
        for (int k = 0; k < 4; k++)
            if (b->coupled && cand[k] >= 0 && cand[k] < b->ng)
                b->nb[i * MAXNB + b->nnb[i]++] = cand[k];
    }
}

static void blocks_init(ms_phase_batch *b)
{
    const size_t ng = (size_t)b->ng, per = ng * (1 + 2 * (MAXNB + 1));
    for (size_t k = 0; k < b->nblk; k++) {
        block *q = &b->blk[k];
        q->i0 = k * BLOCK;
        q->nb = b->n - q->i0 < BLOCK ? b->n - q->i0 : BLOCK;
        q->has = b->has_mem + k * ng;
        q->dfv = b->dmem + k * per;
        q->pu = q->dfv + ng;
        q->pd = q->pu + ng * (MAXNB + 1);
    }
}

int ms_phase_batch_create(ms_phase_batch **out, const ms_phase_params *p, size_t n_trials, ms_ctx *ctx,
                          ms_error *err)
{
    *out = NULL;
    int status = ms_phase_params_check(p, err);
    if (status)
        return status;
    if (n_trials < 1)
        return MS_ERROR(err, MS_EINPUT, "phase: a batch needs at least one trial");
    ms_phase_batch *b = calloc(1, sizeof *b);
    if (!b)
        return MS_ERROR(err, MS_ENOMEM, "phase: out of memory");
    b->p = *p;
    b->ctx = ctx;
    b->key = ms_rng_key_make(ctx->seed);
    b->n = n_trials;
    b->nblk = (n_trials + BLOCK - 1) / BLOCK;
    b->ng = p->n_grains;
    b->nq = (p->n_grains + 3) / 4;
    b->nthreads = ctx->threads > 0 ? ctx->threads : 1;
    b->coupled = p->coupling > 0;
    const size_t ng = (size_t)b->ng;
    b->s = malloc(n_trials * ng);
    b->vfm = malloc(n_trials * sizeof(double));
    b->tsw = malloc(n_trials * sizeof(double));
    b->dtt = malloc(ng * sizeof(double));
    b->vol = malloc(ng * sizeof(double));
    b->nb = malloc(ng * MAXNB * sizeof(int));
    b->nnb = malloc(ng * sizeof(int));
    b->blk = calloc(b->nblk, sizeof *b->blk);
    b->has_mem = malloc(b->nblk * ng);
    b->dmem = malloc(b->nblk * ng * (1 + 2 * (MAXNB + 1)) * sizeof(double));
    if (!b->s || !b->vfm || !b->tsw || !b->dtt || !b->vol || !b->nb || !b->nnb || !b->blk || !b->has_mem ||
        !b->dmem) {
        ms_phase_batch_destroy(b);
        return MS_ERROR(err, MS_ENOMEM, "phase: out of memory for %zu trials of %d grains", n_trials, p->n_grains);
    }
    ms_cite(ctx, "maat2005");        /* FeRh first-order AF/FM transition, T_t and thermal hysteresis */
    ms_cite(ctx, "cooke2012");       /* ΔS_v of the transition */
    ms_cite(ctx, "annaorazov1996");  /* dT_t/dμ0H = −Ms/ΔS_v */
    ms_cite(ctx, "salmon2011");      /* Philox streams */
    ms_phase_grains(p, ctx->seed, b->dtt, b->vol);
    b->vtot = 0;
    for (int i = 0; i < b->ng; i++)
        b->vtot += b->vol[i];
    neighbours(b);
    blocks_init(b);
    *out = b;
    return MS_OK;
}

void ms_phase_batch_destroy(ms_phase_batch *b)
{
    if (!b)
        return;
    void *f[] = {b->s, b->vfm, b->tsw, b->dtt, b->vol, b->nb, b->nnb, b->blk, b->has_mem, b->dmem};
    for (size_t k = 0; k < sizeof f / sizeof f[0]; k++)
        free(f[k]);
    free(b);
}

int ms_phase_batch_reset(ms_phase_batch *b, const ms_phase_drive *d, double c, int initial_fm,
                         uint64_t stream_offset, ms_error *err)
{
    if (!d->prescribed && !(d->r_th > 0 && d->c_th > 0))
        return MS_ERROR(err, MS_EINPUT, "phase: the lumped thermal model needs r_th > 0 and c_th > 0");
    b->initial_fm = initial_fm != 0;
    memset(b->s, b->initial_fm, b->n * (size_t)b->ng);
    memset(b->has_mem, 1u << b->initial_fm, b->nblk * (size_t)b->ng);
    for (size_t i = 0; i < b->n; i++) {
        b->vfm[i] = b->initial_fm ? b->vtot : 0.0;
        b->tsw[i] = -1.0;
    }
    b->c = c;
    const double temp0 = ms_phase_drive_temperature0(d, 0.0);
    for (size_t k = 0; k < b->nblk; k++) {
        block *q = &b->blk[k];
        q->t = 0;
        q->temp = temp0;
        q->dt_prev = 0;
        q->step = q->kernel_steps = 0;
    }
    b->stream_offset = stream_offset;
    return MS_OK;
}

/* ΔF_i V_i at (T, H) for every grain. */
static void fill_dfv(const ms_phase_batch *b, block *q, double temp, double field)
{
    const ms_phase_params *p = &b->p;
    const double f0 = p->ds_v * (temp - ms_phase_tt(p, b->c)) + MU0 * p->ms * field;
    for (int i = 0; i < b->ng; i++)
        q->dfv[i] = (f0 - p->ds_v * b->dtt[i]) * b->vol[i];
}

static double drive_x(const ms_phase_batch *b, const block *q, int g, int m)
{
    return 0.5 * (q->dfv[g] + b->p.coupling * (double)(2 * m - b->nnb[g]));
}

/* Largest rate any grain of the block can have at (T, H) given the states present. */
static double rate_bound(const ms_phase_batch *b, block *q, double temp, double field)
{
    double kmax = 0, ku, kd;
    fill_dfv(b, q, temp, field);
    for (int g = 0; g < b->ng; g++) {
        if (q->has[g] & 1) {
            ms_phase_rates(&b->p, drive_x(b, q, g, b->nnb[g]), temp, &ku, &kd);
            kmax = fmax(kmax, ku);
        }
        if (q->has[g] & 2) {
            ms_phase_rates(&b->p, drive_x(b, q, g, 0), temp, &ku, &kd);
            kmax = fmax(kmax, kd);
        }
    }
    return kmax;
}

static double field_at(const ms_phase_drive *d, double t)
{
    return fabs(ms_waveform_eval(&d->field, t) + d->h_bias);
}

/* Choose the block's step toward t_stop; returns Δt, the mid/end temperatures, mid field and the
 * bound of the per-grain flip probability. */
static double choose_step(const ms_phase_batch *b, block *q, const ms_phase_drive *d, double t_stop, double *tm,
                          double *hm, double *t1, double *pbound)
{
    const double target = fmin(t_stop, ms_phase_drive_next_edge(d, q->t));
    const double room = target - q->t;
    double dt = fmin(b->p.dt_max, q->dt_prev > 0 ? 2 * q->dt_prev : b->p.dt_max);
    for (int it = 0; it < 400; it++) {
        const int to_target = !(dt < room), last = it == 399;
        const double end = to_target ? target : q->t + dt;
        dt = end - q->t;
        ms_phase_drive_step(d, q->t, q->temp, end, tm, hm, t1);
        if ((fabs(*t1 - q->temp) > b->p.dtemp_max || dt > ms_phase_drive_max_step(d, q->t, end)) && !last) {
            dt *= 0.5;
            continue;
        }
        double k = rate_bound(b, q, q->temp, field_at(d, q->t));
        k = fmax(k, rate_bound(b, q, *t1, field_at(d, end)));
        k = fmax(k, rate_bound(b, q, *tm, *hm));
        *pbound = -expm1(-k * dt);
        if (*pbound > b->p.p_max && !last) {
            dt *= 0.5;
            continue;
        }
        if (!to_target || dt > q->dt_prev)
            q->dt_prev = dt;
        return dt;
    }
    return dt;
}

/* Flip-probability tables of this step: pu/pd[g][m], m = FM neighbours. */
static void fill_tables(const ms_phase_batch *b, block *q, double temp, double field, double dt)
{
    fill_dfv(b, q, temp, field);
    for (int g = 0; g < b->ng; g++)
        for (int m = 0; m <= b->nnb[g]; m++) {
            double ku, kd;
            ms_phase_rates(&b->p, drive_x(b, q, g, m), temp, &ku, &kd);
            q->pu[g * (MAXNB + 1) + m] = -expm1(-ku * dt);
            q->pd[g * (MAXNB + 1) + m] = -expm1(-kd * dt);
        }
}

static inline int fm_neighbours(const ms_phase_batch *b, const uint8_t *st, int g)
{
    int m = 0;
    for (int k = 0; k < b->nnb[g]; k++)
        m += st[b->nb[g * MAXNB + k]];
    return m;
}

static inline void flip(ms_phase_batch *b, uint8_t *st, size_t trial, int g)
{
    const uint8_t s = st[g];
    st[g] = (uint8_t)!s;
    b->vfm[trial] += s ? -b->vol[g] : b->vol[g];
}

static void crossing(ms_phase_batch *b, size_t i, double t1)
{
    const int fm = b->vfm[i] / b->vtot >= b->p.threshold;
    if (b->tsw[i] < 0 && fm != b->initial_fm)
        b->tsw[i] = t1;
}

static void kernel_fast(ms_phase_batch *b, block *q, uint64_t counter0, double t1)
{
    const size_t ng = (size_t)b->ng, i0 = q->i0, nb = q->nb;
    const uint64_t stream0 = b->stream_offset + i0 + MS_RNG_DOMAIN(MS_RNG_THERMAL);
    double u[4][BLOCK];
    memset(q->has, 0, ng);
    for (int j = 0; j < b->nq; j++) {
        ms_rng_uniform4_batch(b->key, stream0, nb, counter0 + (uint64_t)j, u[0], u[1], u[2], u[3]);
        for (int k = 0; k < 4 && 4 * j + k < b->ng; k++) {
            const int g = 4 * j + k;
            const double *pu = q->pu + g * (MAXNB + 1), *pd = q->pd + g * (MAXNB + 1);
            uint8_t acc = 0;
            for (size_t i = 0; i < nb; i++) {
                uint8_t *st = b->s + (i0 + i) * ng;
                const int m = b->coupled ? fm_neighbours(b, st, g) : 0;
                if (u[k][i] < (st[g] ? pd[m] : pu[m]))
                    flip(b, st, i0 + i, g);
                acc |= (uint8_t)(1u << st[g]);
            }
            q->has[g] = acc;
        }
    }
    for (size_t i = 0; i < nb; i++)
        crossing(b, i0 + i, t1);
}

/* Plain reference: one trial at a time, rates evaluated per grain (no tables, no batched draws). */
static void kernel_reference(ms_phase_batch *b, block *q, uint64_t counter0, double temp, double dt, double t1)
{
    const size_t ng = (size_t)b->ng;
    memset(q->has, 0, ng);
    for (size_t i = q->i0; i < q->i0 + q->nb; i++) {
        uint8_t *st = b->s + i * ng;
        for (int j = 0; j < b->nq; j++) {
            double u[4];
            ms_rng_uniform4(b->key, b->stream_offset + i + MS_RNG_DOMAIN(MS_RNG_THERMAL), counter0 + (uint64_t)j, u);
            for (int k = 0; k < 4 && 4 * j + k < b->ng; k++) {
                const int g = 4 * j + k;
                double ku, kd;
                ms_phase_rates(&b->p, drive_x(b, q, g, b->coupled ? fm_neighbours(b, st, g) : 0), temp, &ku, &kd);
                if (u[k] < -expm1(-(st[g] ? kd : ku) * dt))
                    flip(b, st, i, g);
                q->has[g] |= (uint8_t)(1u << st[g]);
            }
        }
        crossing(b, i, t1);
    }
}

/* Advance one block to t_end: MS_OK, MS_EINTERRUPTED or MS_ENUMERIC (step underflow). */
static int block_run(ms_phase_batch *b, block *q, const ms_phase_drive *d, double t_end, int reference)
{
    while (q->t < t_end) {
        if ((q->step & 1023) == 0 && ms_ctx_interrupted(b->ctx))
            return MS_EINTERRUPTED;
        double tm, hm, t1, pb;
        const double dt = choose_step(b, q, d, t_end, &tm, &hm, &t1, &pb);
        if (!(dt > 0))
            return MS_ENUMERIC;
        const double tnext = q->t + dt;
        if (pb >= U_MIN) {
            const uint64_t counter0 = q->step * (uint64_t)b->nq;
            if (reference) {
                fill_dfv(b, q, tm, hm);
                kernel_reference(b, q, counter0, tm, dt, tnext);
            } else {
                fill_tables(b, q, tm, hm, dt);
                kernel_fast(b, q, counter0, tnext);
            }
            q->kernel_steps++;
        }
        q->t = tnext;
        q->temp = t1;
        q->step++;
    }
    return MS_OK;
}

int ms_phase_batch_run(ms_phase_batch *b, const ms_phase_drive *d, double t_end, int reference, ms_error *err)
{
    int worst = MS_OK;
#pragma omp parallel for schedule(dynamic, 1) num_threads(b->nthreads) reduction(max : worst)
    for (size_t k = 0; k < b->nblk; k++) {
        const int st = block_run(b, &b->blk[k], d, t_end, reference);
        worst = st > worst ? st : worst;
    }
    if (worst == MS_EINTERRUPTED)
        return MS_ERROR(err, MS_EINTERRUPTED, "phase: interrupted");
    if (worst != MS_OK)
        return MS_ERROR(err, MS_ENUMERIC, "phase: step size underflow before t = %g s", t_end);
    return MS_OK;
}

size_t ms_phase_batch_trials(const ms_phase_batch *b) { return b->n; }
double ms_phase_batch_time(const ms_phase_batch *b) { return b->blk[0].t; }
double ms_phase_batch_temperature(const ms_phase_batch *b) { return b->blk[0].temp; }
const double *ms_phase_batch_switch_times(const ms_phase_batch *b) { return b->tsw; }
const uint8_t *ms_phase_batch_states(const ms_phase_batch *b) { return b->s; }

uint64_t ms_phase_batch_grain_steps(const ms_phase_batch *b)
{
    uint64_t s = 0;
    for (size_t k = 0; k < b->nblk; k++)
        s += b->blk[k].kernel_steps * b->blk[k].nb * (uint64_t)b->ng;
    return s;
}

uint64_t ms_phase_batch_steps(const ms_phase_batch *b)
{
    uint64_t s = 0;
    for (size_t k = 0; k < b->nblk; k++)
        s = s > b->blk[k].step ? s : b->blk[k].step;
    return s;
}

double ms_phase_batch_phi(const ms_phase_batch *b, size_t trial)
{
    return b->vfm[trial] / b->vtot;
}

double ms_phase_batch_mean_phi(const ms_phase_batch *b)
{
    double s = 0;
    for (size_t i = 0; i < b->n; i++)
        s += b->vfm[i];
    return s / (b->vtot * (double)b->n);
}

double ms_phase_batch_switched(const ms_phase_batch *b)
{
    size_t k = 0;
    for (size_t i = 0; i < b->n; i++)
        k += (b->vfm[i] / b->vtot >= b->p.threshold) != b->initial_fm;
    return (double)k / (double)b->n;
}
