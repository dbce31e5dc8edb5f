/* ovf.c — OVF 2.0 snapshots of m (OOMMF Vector Field format, rectangular mesh), readable by
 * OOMMF (mmDisp), mumax3 (mumax3-convert) and Ubermag (discretisedfield).
 *
 * Header lines start with '#'; data are the nodes in x-fastest order, three values each.
 * "Data Binary 8": little-endian IEEE doubles preceded by the check value 123456789012345.0;
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

/* Read header lines up to "# Begin: Data ..."; checks the node counts; returns 8 (binary) or 0. */
static int ovf_read_header(FILE *f, const ms_mesh *g, const char *path, int *kind, ms_error *err)
{
    char line[512];
    long nodes[3] = {-1, -1, -1};
    while (fgets(line, sizeof line, f)) {
        long v;
        if (sscanf(line, "# xnodes: %ld", &v) == 1) nodes[0] = v;
        if (sscanf(line, "# ynodes: %ld", &v) == 1) nodes[1] = v;
        if (sscanf(line, "# znodes: %ld", &v) == 1) nodes[2] = v;
        if (strncmp(line, "# Begin: Data", 13) == 0) {
            if (nodes[0] != g->nx || nodes[1] != g->ny || nodes[2] != g->nz)
                return MS_ERROR(err, MS_EINPUT, "ovf: \"%s\": mesh %ldx%ldx%ld does not match %dx%dx%d",
                                path, nodes[0], nodes[1], nodes[2], g->nx, g->ny, g->nz);
            if (strstr(line, "Binary 8"))
                *kind = 8;
            else if (strstr(line, "Text"))
                *kind = 0;
            else
                return MS_ERROR(err, MS_EUNSUPPORTED, "ovf: \"%s\": data format not yet supported", path);
            return MS_OK;
        }
    }
    return MS_ERROR(err, MS_EINPUT, "ovf: \"%s\": no data section", path);
}

int ms_ovf_read(const char *path, const ms_mesh *g, double *m, ms_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return MS_ERROR(err, MS_EINPUT, "ovf: cannot open \"%s\"", path);
    int kind = 0, status = ovf_read_header(f, g, path, &kind, err);
    const size_t n = g->n;
    if (status == MS_OK && kind == 8) {
        double check = 0;
        if (fread(&check, sizeof check, 1, f) != 1 || check != OVF_CHECK8)
            status = MS_ERROR(err, MS_EINPUT, "ovf: \"%s\": bad binary check value", path);
        for (size_t i = 0; status == MS_OK && i < n; i++) {
            double v[3];
            if (fread(v, sizeof(double), 3, f) != 3)
                status = MS_ERROR(err, MS_EINPUT, "ovf: \"%s\": truncated data", path);
            else
                m[i] = v[0], m[n + i] = v[1], m[2 * n + i] = v[2];
        }
    } else if (status == MS_OK) {
        for (size_t i = 0; status == MS_OK && i < n; i++)
            if (fscanf(f, "%lf %lf %lf", &m[i], &m[n + i], &m[2 * n + i]) != 3)
                status = MS_ERROR(err, MS_EINPUT, "ovf: \"%s\": bad text data at node %zu", path, i);
    }
    fclose(f);
    return status;
}
