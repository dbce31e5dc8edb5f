/* ovf.c — OVF 2.0 snapshots of m (OOMMF Vector Field format, rectangular mesh), readable by
 * OOMMF (mmDisp), mumax3 (mumax3-convert) and Ubermag (discretisedfield); the reader also takes
 * any rectangular OVF 2.0 field (e.g. mumax3's geometry, valuedim 1, binary 4) for mask files.
 *
 * Header lines start with '#'; data are the nodes in x-fastest order, three values each.
 * "Data Binary 8": little-endian IEEE doubles preceded by the check value 123456789012345.0;
 * "Data Binary 4": floats after the check value 1234567.0 (mumax3's default; read only);
 * "Data Text": one node per line. Coordinates in metres, the mesh box from (0, 0, 0).
 * Reference: OOMMF user's guide, "OVF 2.0 format". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/mesh.h"

static const double OVF_CHECK8 = 123456789012345.0;

static void ovf_header(FILE *f, const ms_mesh *g, const char *title)
{
    fprintf(f, "# OOMMF OVF 2.0\n#\n# Segment count: 1\n#\n# Begin: Segment\n# Begin: Header\n#\n");
    fprintf(f, "# Title: %s\n# meshtype: rectangular\n# meshunit: m\n#\n", title ? title : "m");
    fprintf(f, "# xmin: 0\n# ymin: 0\n# zmin: 0\n");
    fprintf(f, "# xmax: %.17g\n# ymax: %.17g\n# zmax: %.17g\n#\n", g->nx * g->dx, g->ny * g->dy,
            g->nz * g->dz);
    fprintf(f, "# valuedim: 3\n# valuelabels: m_x m_y m_z\n# valueunits: 1 1 1\n#\n");
    fprintf(f, "# Desc: reduced magnetisation m = M/Ms written by metaspin\n");
    fprintf(f, "# xbase: %.17g\n# ybase: %.17g\n# zbase: %.17g\n", 0.5 * g->dx, 0.5 * g->dy,
            0.5 * g->dz);
    fprintf(f, "# xnodes: %d\n# ynodes: %d\n# znodes: %d\n", g->nx, g->ny, g->nz);
    fprintf(f, "# xstepsize: %.17g\n# ystepsize: %.17g\n# zstepsize: %.17g\n", g->dx, g->dy, g->dz);
    fprintf(f, "# End: Header\n#\n");
}

int ms_ovf_write(const char *path, const ms_mesh *g, const double *m, int binary,
                 const char *title, ms_error *err)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
        return MS_ERROR(err, MS_EINPUT, "ovf: path too long: \"%s\"", path);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return MS_ERROR(err, MS_EIO, "ovf: cannot write \"%s\"", tmp);
    ovf_header(f, g, title);
    const size_t n = g->n;
    if (binary) {
        fprintf(f, "# Begin: Data Binary 8\n");
        fwrite(&OVF_CHECK8, sizeof(double), 1, f);  /* x86-64: little-endian as OVF 2.0 requires */
        for (size_t i = 0; i < n; i++) {
            const double v[3] = {m[i], m[n + i], m[2 * n + i]};
            fwrite(v, sizeof(double), 3, f);
        }
        fprintf(f, "\n# End: Data Binary 8\n");
    } else {
        fprintf(f, "# Begin: Data Text\n");
        for (size_t i = 0; i < n; i++)
            fprintf(f, "%.17g %.17g %.17g\n", m[i], m[n + i], m[2 * n + i]);
        fprintf(f, "# End: Data Text\n");
    }
    fprintf(f, "# End: Segment\n");
    const int bad = ferror(f);
    if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
        remove(tmp);
        return MS_ERROR(err, MS_EIO, "ovf: error writing \"%s\"", path);
    }
    return MS_OK;
}

/* What the header says: node counts, values per node, data format (0 text, 4 or 8 binary). */
typedef struct ovf_layout {
    long nodes[3];
    int valuedim;
    int kind;
} ovf_layout;

/* Read header lines up to "# Begin: Data ...": node counts, valuedim and the data format. */
static int ovf_read_header(FILE *f, const char *path, ovf_layout *lay, ms_error *err)
{
    char line[512];
    *lay = (ovf_layout){.nodes = {-1, -1, -1}, .valuedim = 3};
    if (!fgets(line, sizeof line, f) || strncmp(line, "# OOMMF OVF 2.0", 15) != 0)
        return MS_ERROR(err, MS_EINPUT, "ovf: \"%s\": not an OVF 2.0 file (first line \"# OOMMF OVF 2.0\")",
                        path);
    while (fgets(line, sizeof line, f)) {
        long v;
        if (sscanf(line, "# xnodes: %ld", &v) == 1) lay->nodes[0] = v;
        if (sscanf(line, "# ynodes: %ld", &v) == 1) lay->nodes[1] = v;
        if (sscanf(line, "# znodes: %ld", &v) == 1) lay->nodes[2] = v;
        if (sscanf(line, "# valuedim: %ld", &v) == 1) lay->valuedim = (int)v;
        if (strncmp(line, "# Begin: Data", 13) != 0)
            continue;
        for (int k = 0; k < 3; k++)
            if (lay->nodes[k] < 1 || lay->nodes[k] > 1 << 24)
                return MS_ERROR(err, MS_EINPUT, "ovf: \"%s\": missing or bad %cnodes", path, 'x' + k);
        if (lay->valuedim < 1 || lay->valuedim > 9)
            return MS_ERROR(err, MS_EINPUT, "ovf: \"%s\": bad valuedim %d", path, lay->valuedim);
        if (strstr(line, "Binary 8"))
            lay->kind = 8;
        else if (strstr(line, "Binary 4"))
            lay->kind = 4;
        else if (strstr(line, "Text"))
            lay->kind = 0;
        else
            return MS_ERROR(err, MS_EUNSUPPORTED, "ovf: \"%s\": data format not yet supported", path);
        return MS_OK;
    }
    return MS_ERROR(err, MS_EINPUT, "ovf: \"%s\": no data section", path);
}

/* The data section: count values, binary (after its check value) or text. */
static int ovf_read_data(FILE *f, const char *path, int kind, size_t count, double *v, ms_error *err)
{
    if (kind == 8) {
        double check = 0;
        if (fread(&check, sizeof check, 1, f) != 1 || check != OVF_CHECK8)
            return MS_ERROR(err, MS_EINPUT, "ovf: \"%s\": bad binary check value", path);
        if (fread(v, sizeof(double), count, f) != count)
            return MS_ERROR(err, MS_EINPUT, "ovf: \"%s\": truncated data", path);
    } else if (kind == 4) {
        float check = 0, x;
        if (fread(&check, sizeof check, 1, f) != 1 || check != 1234567.0f)
            return MS_ERROR(err, MS_EINPUT, "ovf: \"%s\": bad binary check value", path);
        for (size_t i = 0; i < count; i++) {
            if (fread(&x, sizeof x, 1, f) != 1)
                return MS_ERROR(err, MS_EINPUT, "ovf: \"%s\": truncated data", path);
            v[i] = x;
        }
    } else {
        for (size_t i = 0; i < count; i++)
            if (fscanf(f, "%lf", &v[i]) != 1)
                return MS_ERROR(err, MS_EINPUT, "ovf: \"%s\": bad text data at value %zu", path, i);
    }
    return MS_OK;
}

int ms_ovf_read_values(const char *path, int nodes[3], int *valuedim, double **values,
                       ms_error *err)
{
    *values = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return MS_ERROR(err, MS_EINPUT, "ovf: cannot open \"%s\"", path);
    ovf_layout lay;
    int status = ovf_read_header(f, path, &lay, err);
    const double values_d = (double)lay.nodes[0] * (double)lay.nodes[1] * (double)lay.nodes[2] * lay.valuedim;
    if (status == MS_OK && values_d > 4e9)
        status = MS_ERROR(err, MS_EINPUT, "ovf: \"%s\": %ld x %ld x %ld nodes is too large", path,
                          lay.nodes[0], lay.nodes[1], lay.nodes[2]);
    const size_t count = status == MS_OK ? (size_t)values_d : 0;
    double *v = status == MS_OK ? malloc(count * sizeof(double)) : NULL;
    if (status == MS_OK && !v)
        status = MS_ERROR(err, MS_ENOMEM, "ovf: \"%s\": out of memory for %zu values", path, count);
    if (status == MS_OK)
        status = ovf_read_data(f, path, lay.kind, count, v, err);
    fclose(f);
    if (status != MS_OK) {
        free(v);
        return status;
    }
    for (int k = 0; k < 3; k++)
        nodes[k] = (int)lay.nodes[k];
    *valuedim = lay.valuedim;
    *values = v;
    return MS_OK;
}

int ms_ovf_read(const char *path, const ms_mesh *g, double *m, ms_error *err)
{
    int nodes[3], dim;
    double *v = NULL;
    int status = ms_ovf_read_values(path, nodes, &dim, &v, err);
    if (status != MS_OK)
        return status;
    if (nodes[0] != g->nx || nodes[1] != g->ny || nodes[2] != g->nz || dim != 3) {
        status = MS_ERROR(err, MS_EINPUT, "ovf: \"%s\": %dx%dx%d nodes of %d values, expected %dx%dx%d of 3",
                          path, nodes[0], nodes[1], nodes[2], dim, g->nx, g->ny, g->nz);
        free(v);
        return status;
    }
    const size_t n = g->n;
    for (size_t i = 0; i < n; i++)
        m[i] = v[3 * i], m[n + i] = v[3 * i + 1], m[2 * n + i] = v[3 * i + 2];
    free(v);
    return MS_OK;
}
