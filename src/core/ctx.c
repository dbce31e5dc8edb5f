/* ctx.c — the run context: seed, threads, reporting callbacks and the interrupt flag.
 * The library reports through these callbacks only; the CLI decides what reaches the terminal. */
#include "metaspin/ctx.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

ms_ctx *ms_ctx_create(uint64_t seed, int threads)
{
    ms_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return NULL;
    ctx->seed = seed;
    ctx->threads = threads > 0 ? threads : 1;
    return ctx;
}

void ms_ctx_destroy(ms_ctx *ctx) { free(ctx); }

void ms_ctx_progress(const ms_ctx *ctx, const char *label, uint64_t done, uint64_t total)
{
    if (ctx && ctx->progress)
        ctx->progress(ctx->user, label, done, total);
}

void ms_ctx_warn(const ms_ctx *ctx, const char *fmt, ...)
{
    if (!ctx || !ctx->warn)
        return;
    char message[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    ctx->warn(ctx->user, message);
}

int ms_ctx_interrupted(const ms_ctx *ctx) { return ctx && ctx->interrupt && *ctx->interrupt; }
