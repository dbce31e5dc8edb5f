/* ctx.h — the explicit run context passed to every long-running library call (STYLE.md rule 4).
 *
 * It carries the seed, the thread count, the callbacks through which the library reports progress
 * and warnings (the library itself never prints), an interrupt flag set by the CLI's signal
 * handler, and the set of references a run relied on (ms_cite), which output files list.
 *
 * Lifecycle: ms_ctx_create() -> use from one controlling thread -> ms_ctx_destroy(). */
#ifndef METASPIN_CTX_H
#define METASPIN_CTX_H

#include <signal.h>
#include <stdint.h>

typedef void (*ms_progress_fn)(void *user, const char *label, uint64_t done, uint64_t total);
typedef void (*ms_warn_fn)(void *user, const char *message);

typedef struct ms_ctx {
    uint64_t seed;                     /* root seed of all random streams */
    int threads;                       /* OpenMP threads for this run (>= 1) */
    ms_progress_fn progress;           /* may be NULL */
    ms_warn_fn warn;                   /* may be NULL */
    void *user;                        /* passed to the callbacks */
    volatile sig_atomic_t *interrupt;  /* may be NULL; non-zero asks long loops to stop safely */
    unsigned long long cited;          /* bit set over the reference table of cite.c */
} ms_ctx;

ms_ctx *ms_ctx_create(uint64_t seed, int threads);
void ms_ctx_destroy(ms_ctx *ctx);

void ms_ctx_progress(const ms_ctx *ctx, const char *label, uint64_t done, uint64_t total);
void ms_ctx_warn(const ms_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int ms_ctx_interrupted(const ms_ctx *ctx);

/* Record that a run used a published result or method, by key ("brown1963", "newell1993", ...).
 * Unknown keys are a programming error. */
void ms_cite(ms_ctx *ctx, const char *key);
/* Newline-separated full references cited so far; caller frees. */
char *ms_ctx_references(const ms_ctx *ctx);

#endif
