/* bench/handoff.c — what one transpose hand-off costs between two cores of this machine: the
 * hardware floor under the two-thread scaling of the thin-film demag at small meshes, where each
 * evaluation moves the cross quarter of the x-spectrum to the other core and back
 * (docs/performance.md). The region is that quarter at 128×32 cells: 48 rows (3 components × 16
 * mesh rows) of 1056 bytes (66 complex values), 2112 bytes apart, ~50 KB.
 *  handoff/read_own: µs for a thread to copy the region it wrote itself (the one-thread case);
 *  handoff/read_remote: µs to copy it right after the other core wrote it;
 *  handoff/write_own, handoff/write_shared: µs to overwrite a region only the writer holds, and
 *    the region right after the other core read it (the invalidations a writer waits for);
 *  handoff/read_remote_hidden: what the remote copy still costs over the own copy when a software
 *    prefetch of every line and a few µs of independent work go first ((prefetch + work + remote
 *    copy) − (work + own copy)): 0 where the hand-off can be hidden behind work, about
 *    read_remote − read_own where it cannot (the 2-core Xeon of docs/performance.md).
 * Medians of 20 000 hand-offs. Needs 2 threads (OMP_NUM_THREADS); with fewer it reports nothing. */
#include <omp.h>
#include <string.h>
#include "common.h"

enum { ROWS = 48, ROW_BYTES = 2112, SEG = 1056, REPS = 20000, WORK = 512 };
enum { READ_OWN, READ_REMOTE, WRITE_OWN, WRITE_SHARED, READ_REMOTE_HIDDEN, FIGURES };
static const char *const names[FIGURES] = {"handoff/read_own", "handoff/read_remote", "handoff/write_own",
                                           "handoff/write_shared", "handoff/read_remote_hidden"};
static double t[FIGURES][REPS];  /* seconds per hand-off */

static char region[ROWS * ROW_BYTES] __attribute__((aligned(64)));
static char own[ROWS * ROW_BYTES] __attribute__((aligned(64)));
static char copy[ROWS * ROW_BYTES] __attribute__((aligned(64)));
static double work[WORK];

static void fill(char *base, int v)
{
    for (int r = 0; r < ROWS; r++)
        memset(base + r * ROW_BYTES, v, SEG);
}

static void copy_rows(const char *base)
{
    for (int r = 0; r < ROWS; r++)
        memcpy(copy + r * ROW_BYTES, base + r * ROW_BYTES, SEG);
}

static void prefetch_rows(const char *base)
{
    for (int r = 0; r < ROWS; r++)
        for (int o = 0; o < SEG; o += 64)
            __builtin_prefetch(base + r * ROW_BYTES + o, 0, 3);
}

/* Independent work in L1, a few µs: a damped relaxation sweep over `work`. */
static void busy(void)
{
    for (int sweep = 0; sweep < 20; sweep++)
        for (int k = 0; k < WORK; k++)
            work[k] = 0.999 * work[k] + 1e-3 * work[(k + 1) % WORK];
}

static int cmp(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_us(double *times)
{
    qsort(times, REPS, sizeof *times, cmp);
    return 1e6 * times[REPS / 2];
}

int main(int argc, char **argv)
{
    (void)argc;
    ms_bench_bind_threads(argv);
    if (omp_get_max_threads() < 2)
        return 0;
    for (int k = 0; k < WORK; k++)
        work[k] = 1.0;
#pragma omp parallel num_threads(2)
    {
        const int me = omp_get_thread_num();
        for (int it = 0; it < REPS; it++) {
            double t0 = ms_bench_now();
            fill(me ? own : region, it & 0xff);  /* 0: the region the other core read last time */
            t[me ? WRITE_OWN : WRITE_SHARED][it] = ms_bench_now() - t0;
#pragma omp barrier
            if (me) {
                t0 = ms_bench_now();
                copy_rows(region);
                t[READ_REMOTE][it] = ms_bench_now() - t0;
                t0 = ms_bench_now();
                copy_rows(own);
                t[READ_OWN][it] = ms_bench_now() - t0;
            }
#pragma omp barrier
        }
        for (int it = 0; it < REPS; it++) {
            if (!me)
                fill(region, it & 0xff);
#pragma omp barrier
            if (me) {
                double t0 = ms_bench_now();
                busy();
                copy_rows(own);
                const double alone = ms_bench_now() - t0;
                t0 = ms_bench_now();
                prefetch_rows(region);
                busy();
                copy_rows(region);
                t[READ_REMOTE_HIDDEN][it] = ms_bench_now() - t0 - alone;
            }
#pragma omp barrier
        }
    }
    for (int f = 0; f < FIGURES; f++)
        ms_bench_report(names[f], median_us(t[f]), "us", 2);
    return work[0] < 0;  /* keeps the busy work */
}
