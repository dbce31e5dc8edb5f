/* team.h — private to src/micromag: how the threads of a system's team region (system.h) share the
 * cells, shared by the cell loops of the terms and integrators and by the thin-film demag.
 *
 * The mesh rows (iy + ny iz, nx cells each) go in MS_TEAM_ROW_CHUNKS chunks of whole rows, and
 * thread t of a team of T takes the contiguous run of chunks [t C / T, (t + 1) C / T): its share.
 * Every loop over cells or rows works on the share of the thread that runs it, so a thread reads
 * what it wrote itself, and consecutive loops need no barrier between them (the share is the same
 * for every loop, which `omp for` does not promise across loops of different lengths). A barrier
 * is needed only where a loop reads cells of other shares — a stencil's neighbours, a transpose,
 * the fixed chunks of a sum — or writes cells that another share may still be reading. The rules:
 *   - a field evaluation opens with a barrier (system.c), so that the state the caller's loops
 *     wrote is whole before a term reads a neighbour; the thin-film demag, which reads only its
 *     own rows and then passes a barrier of its own, stands in for it when it runs first;
 *   - a sum over the fixed chunks of MS_MM_SUM_CELLS cells opens with a barrier and ends with one;
 *   - an integrator never writes the state a field evaluation is reading: successive stage
 *     states go to alternating buffers (rk45.c), or to the other of m and the predictor (heun.c),
 *     so that at least the barrier of the evaluation in between separates the reads from the
 *     next write.
 * The share depends on the team size, the results do not: every cell is computed the same way by
 * whichever thread has it. */
#ifndef METASPIN_MICROMAG_TEAM_H
#define METASPIN_MICROMAG_TEAM_H

#include <omp.h>
#include <stddef.h>

enum { MS_TEAM_ROW_CHUNKS = 16 };

/* Rows per chunk for a mesh of `rows` rows (the last chunk may be shorter), and the chunks. */
static inline size_t ms_team_chunk_rows(size_t rows)
{
    return (rows + MS_TEAM_ROW_CHUNKS - 1) / MS_TEAM_ROW_CHUNKS;
}
static inline size_t ms_team_chunks(size_t rows)
{
    const size_t per = ms_team_chunk_rows(rows);
    return per ? (rows + per - 1) / per : 0;
}

/* This thread's run of chunks [*c0, *c1) out of `chunks`. */
static inline void ms_team_share(size_t chunks, size_t *c0, size_t *c1)
{
    const size_t t = (size_t)omp_get_thread_num(), nt = (size_t)omp_get_num_threads();
    *c0 = chunks * t / nt, *c1 = chunks * (t + 1) / nt;
}

/* This thread's share of the rows, [*r0, *r1) out of `rows`. */
static inline void ms_team_rows(size_t rows, size_t *r0, size_t *r1)
{
    const size_t per = ms_team_chunk_rows(rows);
    size_t c0, c1;
    ms_team_share(ms_team_chunks(rows), &c0, &c1);
    *r0 = c0 * per, *r1 = c1 * per < rows ? c1 * per : rows;
}

#endif
