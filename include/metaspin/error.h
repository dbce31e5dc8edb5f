/* error.h — status codes and the error record every library call fills.
 *
 * Library functions return an int status (MS_OK = 0) and, on failure, fill an ms_error with a
 * one-line lowercase message ("demo.cfg:12: geometry.thickness: expects a length (m), got ...").
 * The library never prints and never exits; the CLI prints err.message and exits with
 * ms_status_exit_code(err.code): 2 for bad input, 1 for everything else.
 * Codes and their names live in one table in src/core/error.c. */
#ifndef METASPIN_ERROR_H
#define METASPIN_ERROR_H

#include <stddef.h>

typedef enum ms_status {
    MS_OK = 0,
    MS_EINPUT,        /* bad config, command line, CSV, IDX or HDF5 input: exit status 2 */
    MS_ENOMEM,        /* allocation failed or a run would not fit in memory */
    MS_EIO,           /* file system or HDF5 failure */
    MS_ENUMERIC,      /* NaN/Inf or step-size underflow in a solver */
    MS_EUNSUPPORTED,  /* a feature that is declared but not yet supported */
    MS_EINTERRUPTED,  /* SIGINT/SIGTERM: work stopped at a safe point */
    MS_EINTERNAL,     /* a bug: an invariant did not hold */
    MS_STATUS_COUNT
} ms_status;

typedef struct ms_error {
    int code;              /* ms_status */
    char message[1024];    /* one line, no trailing newline */
    const char *src_file;  /* where in metaspin's source the error was raised */
    int src_line;
} ms_error;

/* Fill err (may be NULL) and return code. Use the MS_ERROR macro so the source line is recorded. */
int ms_error_set_at(ms_error *err, int code, const char *src_file, int src_line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
#define MS_ERROR(err, code, ...) ms_error_set_at((err), (code), __FILE__, __LINE__, __VA_ARGS__)

/* Prefix an existing message, e.g. with the stage or file name: "table: <old message>". */
void ms_error_prefix(ms_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ms_error_clear(ms_error *err);

const char *ms_status_name(int code);     /* "bad input", "out of memory", ... */
int ms_status_exit_code(int code);        /* 0; 2 for bad input and unsupported options; 130 interrupted; else 1 */

/* Run an expression returning a status; on failure jump to the function's `fail:` label.
 * The enclosing function declares `int status`. */
#define MS_TRY(expr) do { status = (expr); if (status != MS_OK) goto fail; } while (0)

/* Internal invariants: compiled out when NDEBUG is defined (release builds). */
#include <assert.h>
#define MS_ASSERT(cond) assert(cond)

#endif
