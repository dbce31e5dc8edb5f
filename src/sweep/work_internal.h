/* work_internal.h — shared between work.c (serial loop) and mpi.c (rank 0 dealer + workers). */
#ifndef METASPIN_SWEEP_WORK_INTERNAL_H
#define METASPIN_SWEEP_WORK_INTERNAL_H

#include "metaspin/sweep.h"

/* Is unit u in this run's share (--part)? */
static inline int ms_work_in_part(const ms_work *w, size_t u)
{
    return w->part_count <= 1 || (int)(u % (size_t)w->part_count) == w->part_index;
}

/* Load (resume) or clear the records and done flags. */
int ms_work_prepare(const ms_work *w, double *records, uint8_t *done, ms_error *err);
int ms_work_save(const ms_work *w, const double *records, const uint8_t *done, ms_error *err);
/* Units of the share and how many are done. */
void ms_work_count(const ms_work *w, const uint8_t *done, size_t *total, size_t *finished);

/* MPI version (mpi.c); called by ms_work_run when more than one rank runs. */
int ms_work_run_mpi(const ms_work *w, double *records, uint8_t *done, int *is_root, ms_ctx *ctx, ms_error *err);

#endif
