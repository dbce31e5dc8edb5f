/* work.c — run independent work units (table or sweep points) with checkpoints and resume
 * (sweep.h). Units of the share (--part i/n: u ≡ i mod n) that are not done are computed in
 * index order; after each one the checkpoint is rewritten (checkpoint.c), and between units the
 * interrupt flag is checked (the checkpoint is then current and MS_EINTERRUPTED returned). With
 * more than one MPI rank the dealer/worker loop of mpi.c runs instead. A unit's record depends
 * only on its index, so results are identical for any split, rank count and resume. */
#include <math.h>
#include <string.h>
#include "work_internal.h"

int ms_work_prepare(const ms_work *w, double *records, uint8_t *done, ms_error *err)
{
    memset(done, 0, w->n_units);
    for (size_t i = 0; i < w->n_units * w->record_len; i++)
        records[i] = NAN;
    if (!w->resume || !w->checkpoint)
        return MS_OK;
    int found;
    return ms_checkpoint_load(w->checkpoint, w->fingerprint, w->n_units, w->record_len, done, records, &found, err);
}

int ms_work_save(const ms_work *w, const double *records, const uint8_t *done, ms_error *err)
{
    if (!w->checkpoint)
        return MS_OK;
    return ms_checkpoint_save(w->checkpoint, w->fingerprint, w->n_units, w->record_len, done, records, err);
}

void ms_work_count(const ms_work *w, const uint8_t *done, size_t *total, size_t *finished)
{
    *total = *finished = 0;
    for (size_t u = 0; u < w->n_units; u++)
        if (ms_work_in_part(w, u)) {
            ++*total;
            *finished += done[u] != 0;
        }
}

static int check(const ms_work *w, ms_error *err)
{
    if (!w->compute || w->record_len == 0)
        return MS_ERROR(err, MS_EINTERNAL, "work: no compute callback");
    if (w->part_count > 1 && (w->part_index < 0 || w->part_index >= w->part_count))
        return MS_ERROR(err, MS_EINPUT, "--part %d/%d: the index must be in [0, %d)", w->part_index,
                        w->part_count, w->part_count);
    return MS_OK;
}

int ms_work_run(const ms_work *w, double *records, uint8_t *done, int *is_root, ms_ctx *ctx, ms_error *err)
{
    int status = check(w, err);
    *is_root = 1;
    if (status)
        return status;
    if (ms_mpi_size() > 1)
        return ms_work_run_mpi(w, records, done, is_root, ctx, err);
    MS_TRY(ms_work_prepare(w, records, done, err));
    size_t total, finished;
    ms_work_count(w, done, &total, &finished);
    ms_ctx_progress(ctx, w->label, finished, total);
    for (size_t u = 0; u < w->n_units; u++) {
        if (!ms_work_in_part(w, u) || done[u])
            continue;
        if (ms_ctx_interrupted(ctx)) {
            status = MS_ERROR(err, MS_EINTERRUPTED, "%s: interrupted after %zu of %zu points", w->label, finished, total);
            goto fail;
        }
        status = w->compute(w->user, u, records + u * w->record_len, err);
        if (status)
            goto fail;
        done[u] = 1;
        ++finished;
        MS_TRY(ms_work_save(w, records, done, err));
        ms_ctx_progress(ctx, w->label, finished, total);
    }
    return MS_OK;
fail:
    if (status == MS_EINTERRUPTED) {
        ms_error e2;
        if (ms_work_save(w, records, done, &e2))
            return MS_ERROR(err, e2.code, "%s", e2.message);
    }
    return status;
}
