/* mpi.c — distribution of work units over MPI ranks (the only file that includes mpi.h; built
 * with make MPI=1, which defines MS_WITH_MPI; otherwise every function is a single-process stub).
 *
 * Dynamic dealing: rank 0 is the dealer and writer and computes units itself. Each worker is
 * first sent two units (one to run, one queued); for every result [unit, record...] it returns,
 * rank 0 stores the record, rewrites the checkpoint and sends the next unit of the share or −1
 * (stop). Because a worker always holds a queued unit it never waits while rank 0 is busy with its
 * own unit (rank 0 answers between its units). Rank 0 polls with MPI_Iprobe and sleeps 1 ms when
 * idle, so it does not spin a core the workers need. A worker's error (or interrupt) is sent as an
 * error message; rank 0 then stops dealing, collects the outstanding results, saves the checkpoint
 * and returns the first error. Records depend only on the unit index, so the result equals a
 * single-process run bitwise. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "work_internal.h"

#ifdef MS_WITH_MPI
#include <mpi.h>

enum { TAG_RESULT = 101, TAG_WORK = 102, TAG_ERROR = 103 };

typedef struct err_msg { int code; char text[sizeof(((ms_error *)0)->message)]; } err_msg;

static int we_initialised = 0;

int ms_mpi_init(int *argc, char ***argv)
{
    int flag = 0;
    MPI_Initialized(&flag);
    if (flag)
        return MS_OK;
    if (MPI_Init(argc, argv) != MPI_SUCCESS)
        return MS_EIO;
    we_initialised = 1;
    return MS_OK;
}

void ms_mpi_finalize(void)
{
    int init = 0, fin = 0;
    MPI_Initialized(&init);
    MPI_Finalized(&fin);
    if (init && !fin && we_initialised)
        MPI_Finalize();
}

int ms_mpi_rank(void)
{
    int init = 0, r = 0;
    MPI_Initialized(&init);
    if (init)
        MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
}

int ms_mpi_size(void)
{
    int init = 0, n = 1;
    MPI_Initialized(&init);
    if (init)
        MPI_Comm_size(MPI_COMM_WORLD, &n);
    return n;
}

static long next_unit(const ms_work *w, const uint8_t *done, const uint8_t *dealt, size_t *cursor)
{
    while (*cursor < w->n_units) {
        const size_t u = (*cursor)++;
        if (ms_work_in_part(w, u) && !done[u] && !dealt[u])
            return (long)u;
    }
    return -1;
}

static void sleep_ms(void)
{
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
}

/* Dealer state on rank 0: per worker the number of units sent but not yet returned. */
typedef struct dealer_state {
    const ms_work *w;
    double *records;
    uint8_t *done, *dealt;
    size_t cursor, total, finished;
    int n_ranks, *outstanding, *stopped;
    double *buf;
} dealer_state;

static void deal_to(dealer_state *d, int rank, int status)
{
    long next = status == MS_OK ? next_unit(d->w, d->done, d->dealt, &d->cursor) : -1;
    if (next < 0 && d->stopped[rank])
        return;
    long long msg = next;
    MPI_Send(&msg, 1, MPI_LONG_LONG, rank, TAG_WORK, MPI_COMM_WORLD);
    if (next >= 0) {
        d->dealt[next] = 1;
        d->outstanding[rank]++;
    } else {
        d->stopped[rank] = 1;
    }
}

static void store(dealer_state *d, size_t u, const double *rec, ms_ctx *ctx, int *status, ms_error *err)
{
    memcpy(d->records + u * d->w->record_len, rec, d->w->record_len * sizeof *rec);
    d->done[u] = 1;
    d->finished++;
    ms_error e2;
    if (ms_work_save(d->w, d->records, d->done, &e2) && *status == MS_OK)
        *status = MS_ERROR(err, e2.code, "%s", e2.message);
    ms_ctx_progress(ctx, d->w->label, d->finished, d->total);
}

/* Receive every pending message; answer each result with the next unit (or stop). */
static void service(dealer_state *d, ms_ctx *ctx, int *status, ms_error *err)
{
    for (;;) {
        MPI_Status st;
        int flag = 0;
        MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
        if (!flag)
            return;
        const int src = st.MPI_SOURCE;
        if (st.MPI_TAG == TAG_ERROR) {
            err_msg em;
            MPI_Recv(&em, sizeof em, MPI_BYTE, src, TAG_ERROR, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            if (*status == MS_OK)
                *status = MS_ERROR(err, em.code, "rank %d: %s", src, em.text);
            d->outstanding[src] = 0;
            d->stopped[src] = 1; /* the worker has left its loop */
            continue;
        }
        MPI_Recv(d->buf, (int)d->w->record_len + 1, MPI_DOUBLE, src, TAG_RESULT, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        d->outstanding[src]--;
        store(d, (size_t)d->buf[0], d->buf + 1, ctx, status, err);
        deal_to(d, src, *status);
    }
}

static int busy(const dealer_state *d)
{
    for (int r = 1; r < d->n_ranks; r++)
        if (d->outstanding[r] > 0 || !d->stopped[r])
            return 1;
    return 0;
}

/* Rank 0: every worker holds up to two units (one running, one queued) so it never waits for
 * rank 0, which computes units itself between servicing messages. */
static int dealer(const ms_work *w, double *records, uint8_t *done, ms_ctx *ctx, ms_error *err)
{
    dealer_state d = {.w = w, .records = records, .done = done, .n_ranks = ms_mpi_size()};
    int status = MS_OK;
    d.dealt = calloc(w->n_units ? w->n_units : 1, 1);
    d.outstanding = calloc((size_t)d.n_ranks, sizeof *d.outstanding);
    d.stopped = calloc((size_t)d.n_ranks, sizeof *d.stopped);
    d.buf = malloc((w->record_len + 1) * sizeof *d.buf);
    if (!d.dealt || !d.outstanding || !d.stopped || !d.buf) {
        MPI_Abort(MPI_COMM_WORLD, 1);
        return MS_ERROR(err, MS_ENOMEM, "mpi: out of memory");
    }
    ms_work_count(w, done, &d.total, &d.finished);
    ms_ctx_progress(ctx, w->label, d.finished, d.total);
    for (int k = 0; k < 2; k++)
        for (int r = 1; r < d.n_ranks; r++)
            deal_to(&d, r, status);
    for (;;) {
        service(&d, ctx, &status, err);
        if (status == MS_OK && ms_ctx_interrupted(ctx))
            status = MS_ERROR(err, MS_EINTERRUPTED, "%s: interrupted after %zu of %zu points", w->label, d.finished, d.total);
        const long u = status == MS_OK ? next_unit(w, done, d.dealt, &d.cursor) : -1;
        if (u >= 0) {
            d.dealt[u] = 1;
            int st = w->compute(w->user, (size_t)u, d.buf, err);
            if (st)
                status = st;
            else
                store(&d, (size_t)u, d.buf, ctx, &status, err);
            continue;
        }
        for (int r = 1; r < d.n_ranks; r++) /* nothing left to deal: stop idle workers */
            if (d.outstanding[r] == 0 && !d.stopped[r])
                deal_to(&d, r, MS_EINTERNAL);
        if (!busy(&d))
            break;
        sleep_ms();
    }
    free(d.dealt);
    free(d.outstanding);
    free(d.stopped);
    free(d.buf);
    return status;
}

/* Worker: run the queued units, send each result, pick up new assignments without waiting. */
static int worker(const ms_work *w, ms_error *err)
{
    double *buf = malloc((w->record_len + 1) * sizeof *buf);
    long long queue[4];
    int head = 0, count = 0, stop = 0;
    if (!buf)
        return MS_ERROR(err, MS_ENOMEM, "mpi: out of memory");
    for (;;) {
        int flag = 1;
        while (!stop && (count == 0 || flag)) {
            MPI_Status st;
            if (count > 0) {
                MPI_Iprobe(0, TAG_WORK, MPI_COMM_WORLD, &flag, &st);
                if (!flag)
                    break;
            }
            long long u;
            MPI_Recv(&u, 1, MPI_LONG_LONG, 0, TAG_WORK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            if (u < 0)
                stop = 1;
            else
                queue[(head + count++) % 4] = u;
        }
        if (count == 0)
            break;
        const long long u = queue[head];
        head = (head + 1) % 4;
        count--;
        int status = w->compute(w->user, (size_t)u, buf + 1, err);
        if (status) {
            err_msg em = {status, ""};
            snprintf(em.text, sizeof em.text, "%s", err->message);
            MPI_Send(&em, sizeof em, MPI_BYTE, 0, TAG_ERROR, MPI_COMM_WORLD);
            free(buf);
            return status;
        }
        buf[0] = (double)u;
        MPI_Send(buf, (int)w->record_len + 1, MPI_DOUBLE, 0, TAG_RESULT, MPI_COMM_WORLD);
    }
    free(buf);
    return MS_OK;
}

int ms_work_run_mpi(const ms_work *w, double *records, uint8_t *done, int *is_root, ms_ctx *ctx, ms_error *err)
{
    int status = MS_OK;
    *is_root = ms_mpi_rank() == 0;
    if (*is_root) {
        status = ms_work_prepare(w, records, done, err);
        if (status) {
            MPI_Abort(MPI_COMM_WORLD, 2);
            return status;
        }
        status = dealer(w, records, done, ctx, err);
    } else {
        status = worker(w, err);
    }
    int st_all = status, mine = status;
    MPI_Allreduce(&mine, &st_all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (status == MS_OK && st_all != MS_OK)
        status = MS_ERROR(err, st_all, "%s: stopped because another rank failed", w->label);
    return status;
}

#else /* single process */

int ms_mpi_init(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return MS_OK;
}

void ms_mpi_finalize(void) {}
int ms_mpi_rank(void) { return 0; }
int ms_mpi_size(void) { return 1; }

int ms_work_run_mpi(const ms_work *w, double *records, uint8_t *done, int *is_root, ms_ctx *ctx, ms_error *err)
{
    (void)w;
    (void)records;
    (void)done;
    (void)ctx;
    *is_root = 1;
    return MS_ERROR(err, MS_EUNSUPPORTED, "mpi: this build has no MPI support (make MPI=1)");
}

#endif
