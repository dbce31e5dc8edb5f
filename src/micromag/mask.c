/* mask.c — geometry from a file (`mesh.mask_file`): region ids per cell from a plain-text mask of
 * digits or from an OVF 2.0 field (ms_mesh_mask_read, declared in mesh.h).
 *
 * Text mask: one row of the mesh per line, one digit 0-9 per cell (0 = empty, k = region k;
 * spaces and tabs between digits are ignored, so "0110" and "0 1 1 0" are the same row). Rows are
 * image-like: the first row is the top of the mesh, iy = ny − 1, the last one iy = 0. Lines whose
 * first non-blank character is '#' are comments; blank lines are ignored. ny rows apply to every
 * z layer; ny nz rows give the layers one after the other, bottom (iz = 0) first.
 * OVF 2.0 (detected by its first line "# OOMMF OVF 2.0"; text, binary 4 or binary 8, any
 * valuedim, read by ovf.c): a cell is magnetic (region 1) where the value is non-zero; the node
 * order is OVF's (x fastest, iy = 0 at ymin). The node counts must be nx × ny × 1 or nx × ny × nz;
 * the file's cell size is not used (the mask is by index).
 * How the config combines the mask with the shape keys: mesh_config.c and docs/mesh.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/mesh.h"

/* Reading state of a text mask: rows in file order, nx digits each, up to ny nz rows. */
typedef struct mask_text {
    const ms_mesh *g;
    const char *path;
    int max_region;
    uint8_t *rows;   /* max_rows × nx region ids, file order */
    int max_rows, count;
} mask_text;

static int blank_or_comment(const char *line)
{
    line += strspn(line, " \t\r\n");
    return *line == '\0' || *line == '#';
}

/* Parse one data line into row t->count. */
static int mask_text_row(mask_text *t, const char *line, long lineno, ms_error *err)
{
    const int nx = t->g->nx, row = t->count + 1;
    if (t->count == t->max_rows)
        return MS_ERROR(err, MS_EINPUT, "mask \"%s\":%ld: row %d is one too many (ny = %d%s)", t->path,
                        lineno, row, t->g->ny, t->g->nz > 1 ? ", or ny nz for one block per layer" : "");
    uint8_t *dst = t->rows + (size_t)t->count * nx;
    int col = 0;
    for (const char *c = line; *c && *c != '\n'; c++) {
        if (*c == ' ' || *c == '\t' || *c == '\r')
            continue;
        if (*c < '0' || *c > '9')
            return MS_ERROR(err, MS_EINPUT, "mask \"%s\":%ld: row %d, column %d: '%c' is not a digit 0-9",
                            t->path, lineno, row, col + 1, *c);
        if (col == nx)
            return MS_ERROR(err, MS_EINPUT, "mask \"%s\":%ld: row %d, column %d: more than nx = %d columns",
                            t->path, lineno, row, col + 1, nx);
        if (*c - '0' > t->max_region)
            return MS_ERROR(err, MS_EINPUT, "mask \"%s\":%ld: row %d, column %d: region %d is not defined "
                            "(regions 0-%d)", t->path, lineno, row, col + 1, *c - '0', t->max_region);
        dst[col++] = (uint8_t)(*c - '0');
    }
    if (col != nx)
        return MS_ERROR(err, MS_EINPUT, "mask \"%s\":%ld: row %d has %d columns, expected nx = %d",
                        t->path, lineno, row, col, nx);
    t->count++;
    return MS_OK;
}

/* Rows in file order -> cells: row r is layer r / ny, iy = ny − 1 − r % ny; ny rows repeat over z. */
static void mask_text_place(const mask_text *t, uint8_t *mask)
{
    const ms_mesh *g = t->g;
    for (int iz = 0; iz < g->nz; iz++)
        for (int iy = 0; iy < g->ny; iy++) {
            const int r = (t->count == g->ny ? 0 : iz * g->ny) + (g->ny - 1 - iy);
            memcpy(mask + (size_t)g->nx * ((size_t)iy + (size_t)g->ny * iz), t->rows + (size_t)r * g->nx,
                   (size_t)g->nx);
        }
}

static int mask_text_read(FILE *f, mask_text *t, uint8_t *mask, ms_error *err)
{
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    int status = MS_OK;
    while (status == MS_OK && getline(&line, &cap, f) >= 0) {
        lineno++;
        if (!blank_or_comment(line))
            status = mask_text_row(t, line, lineno, err);
    }
    free(line);
    if (status != MS_OK)
        return status;
    const ms_mesh *g = t->g;
    if (t->count != g->ny && t->count != g->ny * g->nz) {
        char layers[64] = "";
        if (g->nz > 1)
            snprintf(layers, sizeof layers, " (or ny nz = %d, one block per layer)", g->ny * g->nz);
        return MS_ERROR(err, MS_EINPUT, "mask \"%s\":%ld: the mask ends after row %d, expected ny = %d rows%s",
                        t->path, lineno > 0 ? lineno : 1, t->count, g->ny, layers);
    }
    mask_text_place(t, mask);
    return MS_OK;
}

/* OVF field: region 1 where any component is non-zero; 1 or nz layers. */
static int mask_ovf_read(const ms_mesh *g, const char *path, uint8_t *mask, ms_error *err)
{
    int nodes[3], dim;
    double *v = NULL;
    int status = ms_ovf_read_values(path, nodes, &dim, &v, err);
    if (status != MS_OK)
        return status;
    if (nodes[0] != g->nx || nodes[1] != g->ny || (nodes[2] != 1 && nodes[2] != g->nz)) {
        status = MS_ERROR(err, MS_EINPUT, "mask \"%s\": %d x %d x %d nodes, expected nx x ny = %d x %d "
                          "with 1 or nz = %d layers", path, nodes[0], nodes[1], nodes[2], g->nx, g->ny, g->nz);
        free(v);
        return status;
    }
    const size_t layer = (size_t)g->nx * g->ny;
    for (size_t i = 0; i < g->n; i++) {
        const size_t node = nodes[2] == 1 ? i % layer : i;
        int on = 0;
        for (int c = 0; c < dim; c++)
            on |= v[node * dim + c] != 0.0;
        mask[i] = (uint8_t)on;
    }
    free(v);
    return MS_OK;
}

int ms_mesh_mask_read(const ms_mesh *mesh, const char *path, int max_region, uint8_t *mask,
                      ms_error *err)
{
    if (max_region < 1 || max_region > 9)
        return MS_ERROR(err, MS_EINPUT, "mask: largest region must be in [1, 9], got %d", max_region);
    FILE *f = fopen(path, "rb");
    if (!f)
        return MS_ERROR(err, MS_EINPUT, "mask: cannot open \"%s\"", path);
    char head[32] = "";
    const int ovf = fgets(head, sizeof head, f) && strncmp(head, "# OOMMF", 7) == 0;
    if (ovf) {
        fclose(f);
        if (strncmp(head, "# OOMMF OVF 2.0", 15) != 0)
            return MS_ERROR(err, MS_EUNSUPPORTED, "mask \"%s\": only OVF 2.0 is supported (convert "
                            "OVF 1.0 with OOMMF's avf2ovf -format text)", path);
        return mask_ovf_read(mesh, path, mask, err);
    }
    rewind(f);
    mask_text t = {.g = mesh, .path = path, .max_region = max_region, .max_rows = mesh->ny * mesh->nz};
    t.rows = malloc((size_t)t.max_rows * mesh->nx);
    int status = t.rows ? mask_text_read(f, &t, mask, err)
                        : MS_ERROR(err, MS_ENOMEM, "mask: out of memory for \"%s\"", path);
    free(t.rows);
    fclose(f);
    return status;
}
