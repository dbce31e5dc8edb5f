/* error.c — the status-code table and the ms_error record (see include/metaspin/error.h).
 * Codes, their names and their process exit statuses live in this one table. */
#include "metaspin/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    int exit_code;
} ms_status_table[MS_STATUS_COUNT] = {
    [MS_OK] = {"ok", 0},
    [MS_EINPUT] = {"bad input", 2},
    [MS_ENOMEM] = {"out of memory", 1},
    [MS_EIO] = {"input/output error", 1},
    [MS_ENUMERIC] = {"numerical failure", 1},
    [MS_EUNSUPPORTED] = {"not yet supported", 2},
    [MS_EINTERRUPTED] = {"interrupted", 130},
    [MS_EINTERNAL] = {"internal error", 1},
};

int ms_error_set_at(ms_error *err, int code, const char *src_file, int src_line, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    err->src_file = src_file;
    err->src_line = src_line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

void ms_error_prefix(ms_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    char prefix[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    const size_t pl = strlen(prefix), cap = sizeof err->message;
    /* shift the old message right by "prefix: ", truncating its end if needed */
    memmove(err->message + pl + 2, err->message, cap - pl - 2);
    err->message[cap - 1] = '\0';
    memcpy(err->message, prefix, pl);
    err->message[pl] = ':';
    err->message[pl + 1] = ' ';
}

void ms_error_clear(ms_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

const char *ms_status_name(int code)
{
    return (code >= 0 && code < MS_STATUS_COUNT) ? ms_status_table[code].name : "unknown error";
}

int ms_status_exit_code(int code)
{
    return (code >= 0 && code < MS_STATUS_COUNT) ? ms_status_table[code].exit_code : 1;
}
