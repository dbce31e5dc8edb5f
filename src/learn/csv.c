/* csv.c — read a numeric CSV table for the tabular (medically inspired) tasks, e.g. the Wisconsin
 * diagnostic breast-cancer data (Street, Wolberg & Mangasarian 1993) as shipped by scikit-learn.
 *
 * Format: `header_rows` lines skipped (column names or, in scikit-learn's file, "n,d,name0,name1"),
 * then one sample per line, comma-separated numbers; column `label_col` (negative: from the end)
 * holds the class as a non-negative integer. Blank lines are skipped. Every row must have the same
 * number of columns. Errors name the file, the row (1-based line number) and the column. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/learn.h"

typedef struct csv_buf { double *v; size_t n, cap; } csv_buf;

static int csv_push(csv_buf *b, double x)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 4096;
        double *v = realloc(b->v, cap * sizeof *v);
        if (!v) return -1;
        b->v = v;
        b->cap = cap;
    }
    b->v[b->n++] = x;
    return 0;
}

/* Parse one line into buf; returns the number of columns or -1 with err filled. */
static long csv_parse_line(char *line, csv_buf *b, const char *path, long row, ms_error *err)
{
    long col = 0;
    char *p = line;
    for (;;) {
        char *end;
        errno = 0;
        const double x = strtod(p, &end);
        char *q = end;
        while (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n') q++;
        if (end == p || (*q != ',' && *q != '\0') || !isfinite(x)) {
            MS_ERROR(err, MS_EINPUT, "csv: '%s': row %ld, column %ld: not a number", path, row, col + 1);
            return -1;
        }
        if (csv_push(b, x)) { MS_ERROR(err, MS_ENOMEM, "csv: out of memory"); return -1; }
        col++;
        if (*q == '\0') return col;
        p = q + 1;
    }
}

static int csv_build(const csv_buf *b, size_t rows, long cols, int label_col, const long *line_of,
                     const char *path, ms_dataset **out, ms_error *err)
{
    const long lc = label_col < 0 ? cols + label_col : label_col;
    if (lc < 0 || lc >= cols)
        return MS_ERROR(err, MS_EINPUT, "csv: '%s': label column %d outside the %ld columns", path, label_col, cols);
    int n_classes = 0;
    for (size_t i = 0; i < rows; i++) {
        const double y = b->v[i * (size_t)cols + (size_t)lc];
        if (y < 0 || y > 255 || y != floor(y))
            return MS_ERROR(err, MS_EINPUT, "csv: '%s': row %ld, column %ld: label %g is not an integer in [0, 255]",
                            path, line_of[i], lc + 1, y);
        if ((int)y + 1 > n_classes) n_classes = (int)y + 1;
    }
    ms_dataset *d = ms_dataset_create(rows, (size_t)cols - 1, n_classes);
    if (!d) return MS_ERROR(err, MS_ENOMEM, "csv: cannot allocate %zu rows", rows);
    for (size_t i = 0; i < rows; i++) {
        size_t k = 0;
        for (long c = 0; c < cols; c++) {
            const double v = b->v[i * (size_t)cols + (size_t)c];
            if (c == lc) d->y[i] = (int32_t)v;
            else d->x[i * d->dim + k++] = (float)v;
        }
    }
    snprintf(d->name, sizeof d->name, "%s", path);
    *out = d;
    return MS_OK;
}

int ms_learn_csv_read(const char *path, int header_rows, int label_col, ms_dataset **out,
                      ms_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f) return MS_ERROR(err, MS_EINPUT, "csv: cannot open '%s': %s", path, strerror(errno));
    csv_buf b = {0};
    long *line_of = NULL;   /* file line of each data row, for messages */
    size_t line_cap = 0;
    char *line = NULL;
    size_t cap = 0, rows = 0;
    long row = 0, cols = -1;
    int status = MS_OK;
    while (getline(&line, &cap, f) > 0) {
        row++;
        if (row <= header_rows) continue;
        if (strspn(line, " \t\r\n") == strlen(line)) continue;
        const long c = csv_parse_line(line, &b, path, row, err);
        if (c < 0) { status = err ? err->code : MS_EINPUT; goto done; }
        if (cols >= 0 && c != cols) {
            status = MS_ERROR(err, MS_EINPUT, "csv: '%s': row %ld, column %ld: expected %ld columns",
                              path, row, c < cols ? c + 1 : cols + 1, cols);
            goto done;
        }
        cols = c;
        if (rows == line_cap) {
            line_cap = line_cap ? 2 * line_cap : 1024;
            long *nl = realloc(line_of, line_cap * sizeof *nl);
            if (!nl) { status = MS_ERROR(err, MS_ENOMEM, "csv: out of memory"); goto done; }
            line_of = nl;
        }
        line_of[rows++] = row;
    }
    if (rows == 0 || cols < 2) {
        status = MS_ERROR(err, MS_EINPUT, "csv: '%s': no data rows with at least 2 columns", path);
        goto done;
    }
    status = csv_build(&b, rows, cols, label_col, line_of, path, out, err);
done:
    free(line_of);
    free(line);
    free(b.v);
    fclose(f);
    return status;
}
