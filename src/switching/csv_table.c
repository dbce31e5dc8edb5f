/* csv_table.c — a small numeric CSV reader for measured switching curves (fit.h).
 *
 * Format: the first non-comment line is the header; each header cell is a column name optionally
 * followed by its unit in brackets or parentheses ("width [ns]", "amplitude (mA)"); names are
 * stored lowercase without the unit. '#' starts a comment (whole line or trailing), blank lines
 * are skipped, cells are separated by commas and trimmed. Every data cell must be a finite number;
 * errors name file:line, the data row (1-based, comments not counted) and the column. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "metaspin/fit.h"

void ms_csv_table_destroy(ms_csv_table *t)
{
    if (!t)
        return;
    for (size_t c = 0; c < t->n_cols; c++) {
        free(t->name ? t->name[c] : NULL);
        free(t->unit ? t->unit[c] : NULL);
    }
    free(t->name);
    free(t->unit);
    free(t->value);
    free(t->line);
    free(t->source);
    free(t);
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

static size_t count_cells(const char *line)
{
    size_t n = 1;
    for (; *line; line++)
        n += *line == ',';
    return n;
}

/* "width [ns]" -> name "width", unit "ns". */
static int header_cell(ms_csv_table *t, size_t c, char *cell, int lineno, ms_error *err)
{
    char *s = trim(cell), *open = strpbrk(s, "[("), *unit = "";
    if (open) {
        const char close = *open == '[' ? ']' : ')';
        char *end = strrchr(open, close);
        if (!end)
            return MS_ERROR(err, MS_EINPUT, "%s:%d: header column %zu: unclosed unit in \"%s\"",
                            t->source, lineno, c + 1, s);
        *end = '\0';
        unit = trim(open + 1);
        *open = '\0';
        s = trim(s);
    }
    if (!*s)
        return MS_ERROR(err, MS_EINPUT, "%s:%d: header column %zu has no name", t->source, lineno,
                        c + 1);
    for (char *q = s; *q; q++)
        *q = (char)tolower((unsigned char)*q);
    t->name[c] = strdup(s);
    t->unit[c] = strdup(unit);
    if (!t->name[c] || !t->unit[c])
        return MS_ERROR(err, MS_ENOMEM, "csv: out of memory");
    for (size_t k = 0; k < c; k++)
        if (strcmp(t->name[k], s) == 0)
            return MS_ERROR(err, MS_EINPUT, "%s:%d: column \"%s\" appears twice in the header",
                            t->source, lineno, s);
    return MS_OK;
}

static int parse_header(ms_csv_table *t, char *line, int lineno, ms_error *err)
{
    t->n_cols = count_cells(line);
    t->name = calloc(t->n_cols, sizeof *t->name);
    t->unit = calloc(t->n_cols, sizeof *t->unit);
    if (!t->name || !t->unit)
        return MS_ERROR(err, MS_ENOMEM, "csv: out of memory");
    char *cell = line;
    for (size_t c = 0; c < t->n_cols; c++) {
        char *comma = strchr(cell, ',');
        if (comma)
            *comma = '\0';
        int status = header_cell(t, c, cell, lineno, err);
        if (status != MS_OK)
            return status;
        cell = comma ? comma + 1 : cell + strlen(cell);
    }
    return MS_OK;
}

static int parse_row(ms_csv_table *t, char *line, int lineno, double *row, ms_error *err)
{
    const size_t n = count_cells(line), r = t->n_rows + 1;
    if (n != t->n_cols)
        return MS_ERROR(err, MS_EINPUT, "%s:%d: row %zu has %zu cells, the header names %zu columns",
                        t->source, lineno, r, n, t->n_cols);
    char *cell = line;
    for (size_t c = 0; c < n; c++) {
        char *comma = strchr(cell, ',');
        if (comma)
            *comma = '\0';
        char *s = trim(cell), *end = NULL;
        if (!*s)
            return MS_ERROR(err, MS_EINPUT, "%s:%d: row %zu, column \"%s\": empty cell", t->source,
                            lineno, r, t->name[c]);
        errno = 0;
        const double v = strtod(s, &end);
        if (*end != '\0' || !isfinite(v) || errno == ERANGE)
            return MS_ERROR(err, MS_EINPUT, "%s:%d: row %zu, column \"%s\": not a finite number: "
                            "\"%s\"", t->source, lineno, r, t->name[c], s);
        row[c] = v;
        cell = comma ? comma + 1 : cell + strlen(cell);
    }
    return MS_OK;
}

static int append_row(ms_csv_table *t, size_t *cap, char *line, int lineno, ms_error *err)
{
    if (t->n_rows == *cap) {
        *cap = *cap ? 2 * *cap : 64;
        double *v = realloc(t->value, *cap * t->n_cols * sizeof *v);
        int *l = realloc(t->line, *cap * sizeof *l);
        if (v)
            t->value = v;
        if (l)
            t->line = l;
        if (!v || !l)
            return MS_ERROR(err, MS_ENOMEM, "csv: out of memory");
    }
    int status = parse_row(t, line, lineno, t->value + t->n_rows * t->n_cols, err);
    if (status == MS_OK)
        t->line[t->n_rows++] = lineno;
    return status;
}

int ms_csv_table_parse(ms_csv_table **out, const char *text, const char *source, ms_error *err)
{
    *out = NULL;
    ms_csv_table *t = calloc(1, sizeof *t);
    char *buf = strdup(text);
    int status = MS_OK, lineno = 0;
    size_t cap = 0;
    if (!t || !buf || !(t->source = strdup(source ? source : "csv"))) {
        status = MS_ERROR(err, MS_ENOMEM, "csv: out of memory");
        goto fail;
    }
    for (char *line = buf, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *s = trim(line);
        if (!*s)
            continue;
        if (!t->name)
            MS_TRY(parse_header(t, s, lineno, err));
        else
            MS_TRY(append_row(t, &cap, s, lineno, err));
    }
    if (!t->name) {
        status = MS_ERROR(err, MS_EINPUT, "%s: no header line (expected column names such as "
                          "\"width [ns], amplitude [mA], p\")", t->source);
        goto fail;
    }
    free(buf);
    *out = t;
    return MS_OK;
fail:
    free(buf);
    ms_csv_table_destroy(t);
    return status;
}

int ms_csv_table_read(ms_csv_table **out, const char *path, ms_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return MS_ERROR(err, MS_EINPUT, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        return MS_ERROR(err, MS_EINPUT, "%s: is a directory, not a CSV file", path);
    }
    size_t cap = 4096, len = 0;
    char *text = malloc(cap);
    for (size_t got; text && (got = fread(text + len, 1, cap - len - 1, f)) > 0;) {
        len += got;
        if (len + 1 == cap) {
            char *bigger = realloc(text, 2 * cap);
            if (!bigger)
                free(text);
            text = bigger;
            cap *= 2;
        }
    }
    const int bad = ferror(f);
    fclose(f);
    if (!text)
        return MS_ERROR(err, MS_ENOMEM, "%s: out of memory", path);
    if (bad) {
        free(text);
        return MS_ERROR(err, MS_EIO, "%s: read error", path);
    }
    text[len] = '\0';
    if (memchr(text, '\0', len)) {
        free(text);
        return MS_ERROR(err, MS_EINPUT, "%s: not a text file (contains NUL bytes)", path);
    }
    int status = ms_csv_table_parse(out, text, path, err);
    free(text);
    return status;
}

int ms_csv_table_column(const ms_csv_table *t, const char *names)
{
    for (size_t c = 0; c < t->n_cols; c++) {
        const size_t len = strlen(t->name[c]);
        for (const char *p = names; *p;) {
            const char *bar = strchr(p, '|');
            const size_t n = bar ? (size_t)(bar - p) : strlen(p);
            if (n == len && strncmp(p, t->name[c], n) == 0)
                return (int)c;
            p += n + (bar != NULL);
        }
    }
    return -1;
}
