/* run.c — the two control levels of the batch solver (STYLE.md rule 6): _step advances every
 * trial by Δt (OpenMP over blocks of trials; the thermal noise of a block is drawn just before its
 * kernel runs, stream = stream_offset + trial + MS_RNG_DOMAIN(THERMAL), counters 3g..3g+2 for the
 * steps 4g..4g+3 (advance_block), so results do not depend on the thread count), _run loops steps
 * to t_end with an observer, interrupt and progress handling and the all-switched stop. Steps are
 * applied block by block for a chunk of steps at a time (temporal blocking: one parallel region per
 * chunk, each block's arrays stay in cache); the noise of (trial, step) is the same whatever the
 * chunking, so results do not change. Also the switching-time histogram. */
#include <limits.h>
#include <math.h>
#include "batch_internal.h"

/* After a block's step: first non-finite trial (or -1) and whether every trial has switched. */
static long block_check(ms_macrospin_batch *b, size_t blk, size_t i0, size_t n)
{
    double acc = 0.0;
    size_t done = 0;
    for (size_t i = i0; i < i0 + n; i++) {
        acc += b->mx[i] + b->my[i] + b->mz[i];
        done += b->tsw[i] >= 0.0;
    }
    b->blk_done[blk] = done == n;
    if (isfinite(acc))
        return -1;
    for (size_t i = i0; i < i0 + n; i++)
        if (!isfinite(b->mx[i] + b->my[i] + b->mz[i]))
            return (long)i;
    return -1;
}

/* Advance one block by n_steps steps starting at step `step0` (temporal blocking: the block's
 * arrays stay in cache for all of them). Stops early when the block has fully switched and
 * stop_when_switched is set. Returns the first non-finite trial or -1; *rk_bad (-1 on entry) gets the
 * first trial whose rk45 step size underflowed, and the block stops there. */
static long advance_block(ms_macrospin_batch *b, size_t blk, uint64_t step0, uint64_t n_steps,
                          long *rk_bad)
{
    const size_t i0 = blk * MS_MACROSPIN_BLOCK;
    const size_t n = b->n - i0 < MS_MACROSPIN_BLOCK ? b->n - i0 : MS_MACROSPIN_BLOCK;
    const int thermal = b->dev.temperature > 0, skip = b->opt.stop_when_switched;
    long bad = -1;
    uint64_t group = UINT64_MAX; /* the group of 4 steps whose noise is in b->noise */
    for (uint64_t s = step0; s < step0 + n_steps && bad < 0 && *rk_bad < 0; s++) {
        if (skip && b->blk_done[blk])
            break;
        const double t = (double)s * b->opt.dt;
        switch (b->opt.integrator) {
        case MS_INTEGRATOR_HEUN: {
            /* Every normal is used: steps 4g..4g+3 take their 3 x 4 normals from the Philox counters
             * 3g, 3g+1, 3g+2 of the trial's stream (fixed by the step number, so any chunking of a
             * run into _step/_run calls draws the same noise). At T = 0 the zeroed buffer is used. */
            const uint64_t g = s / 4;
            if (thermal && g != group) {
                for (int j = 0; j < 3; j++)
                    ms_rng_normal4_batch(b->key, b->opt.stream_offset + i0 + MS_RNG_DOMAIN(MS_RNG_THERMAL),
                                         n, 3 * g + (uint64_t)j, b->noise[4 * j] + i0, b->noise[4 * j + 1] + i0,
                                         b->noise[4 * j + 2] + i0, b->noise[4 * j + 3] + i0);
                group = g;
            }
            const int k = thermal ? 3 * (int)(s % 4) : 0;
            double *const w[3] = {b->noise[k], b->noise[k + 1], b->noise[k + 2]};
            if (b->reference_kernel)
                ms_macrospin_heun_block_reference(b, i0, n, t, w);
            else
                ms_macrospin_heun_block(b, i0, n, t, w);
            break;
        }
        case MS_INTEGRATOR_RK4:
            ms_macrospin_rk4_block(b, i0, n, t);
            break;
        case MS_INTEGRATOR_RK45:
            *rk_bad = ms_macrospin_rk45_block(b, i0, n, t);
            break;
        }
        bad = block_check(b, blk, i0, n);
    }
    return bad;
}

/* Advance every trial by n_steps steps (OpenMP over blocks, one parallel region). */
static int batch_advance(ms_macrospin_batch *b, uint64_t n_steps, ms_error *err)
{
    const uint64_t step0 = b->step;
    long bad = -1;
    long rk_bad = LONG_MAX;
#pragma omp parallel for num_threads(b->ctx->threads) schedule(dynamic, 1) reduction(max : bad) \
    reduction(min : rk_bad)
    for (size_t blk = 0; blk < b->n_blocks; blk++) {
        long rb = -1;
        const long e = advance_block(b, blk, step0, n_steps, &rb);
        rk_bad = rb >= 0 && rb < rk_bad ? rb : rk_bad;
        bad = e > bad ? e : bad;
    }
    b->step += n_steps;
    if (bad >= 0)
        return MS_ERROR(err, MS_ENUMERIC,
                        "macrospin: non-finite magnetisation in trial %ld between steps %llu and %llu "
                        "(dt = %g s, Ms = %g A/m, alpha = %g); reduce dt",
                        bad, (unsigned long long)step0, (unsigned long long)b->step, b->opt.dt,
                        b->ms[bad], b->alpha[bad]);
    if (rk_bad != LONG_MAX)
        return MS_ERROR(err, MS_ENUMERIC,
                        "macrospin: rk45 step size underflow in trial %ld between steps %llu and %llu "
                        "(before t = %g s; rtol = %g, atol = %g, Ms = %g A/m, alpha = %g)",
                        rk_bad, (unsigned long long)step0, (unsigned long long)b->step,
                        ms_macrospin_batch_time(b), b->opt.rtol, b->opt.atol, b->ms[rk_bad], b->alpha[rk_bad]);
    return MS_OK;
}

int ms_macrospin_batch_step(ms_macrospin_batch *b, ms_error *err)
{
    return batch_advance(b, 1, err);
}

static int all_done(const ms_macrospin_batch *b)
{
    for (size_t k = 0; k < b->n_blocks; k++)
        if (!b->blk_done[k])
            return 0;
    return 1;
}

/* Steps per chunk between checks of interrupt, progress and the all-switched stop. */
enum { RUN_CHUNK = 200 };

int ms_macrospin_batch_run(ms_macrospin_batch *b, double t_end, double sample_every,
                           ms_macrospin_observer observer, void *user, ms_error *err)
{
    const double dt = b->opt.dt;
    const uint64_t last = (uint64_t)llround(t_end / dt), first = b->step;
    const uint64_t every = sample_every > 0 ? (uint64_t)fmax(1.0, round(sample_every / dt)) : 0;
    const uint64_t total = last > first ? last - first : 0;
    int status, observed = 1;
    if (observer && observer(user, b))
        return MS_OK;
    while (b->step < last) {
        const uint64_t done = b->step - first, to_sample = every ? every - done % every : UINT64_MAX;
        uint64_t chunk = last - b->step < RUN_CHUNK ? last - b->step : RUN_CHUNK;
        chunk = chunk < to_sample ? chunk : to_sample;
        MS_TRY(batch_advance(b, chunk, err));
        observed = 0;
        if (ms_ctx_interrupted(b->ctx))
            return MS_ERROR(err, MS_EINTERRUPTED, "macrospin: interrupted at t = %g s",
                            ms_macrospin_batch_time(b));
        ms_ctx_progress(b->ctx, "macrospin", b->step - first, total);
        if (every && (b->step - first) % every == 0) {
            observed = 1;
            if (observer && observer(user, b))
                break;
        }
        if (b->opt.stop_when_switched && all_done(b))
            break;
    }
    if (!observed && observer)
        observer(user, b);
    return MS_OK;
fail:
    return status;
}

void ms_macrospin_histogram(const double *t_switch, size_t n, double t_max, size_t n_bins,
                            int64_t *counts)
{
    for (size_t k = 0; k < n_bins; k++)
        counts[k] = 0;
    if (!(t_max > 0) || n_bins == 0)
        return;
    for (size_t i = 0; i < n; i++) {
        const double t = t_switch[i];
        if (t >= 0 && t < t_max)
            counts[(size_t)(t / t_max * (double)n_bins) < n_bins ? (size_t)(t / t_max * (double)n_bins)
                                                                    : n_bins - 1]++;
    }
}
