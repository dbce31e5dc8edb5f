/* gen-h5.c — regenerates the malformed HDF5 device tables of the bad-input catalogue from a valid
 * tiny table (made by `metaspin table gen-table.cfg -o tiny.h5`; see docs/hardening.md). Not built by make:
 *   cc gen-h5.c $(pkg-config --cflags --libs hdf5) -o /tmp/gen-h5 && /tmp/gen-h5 tiny.h5
 * Each variant breaks one rule of the table contract (include/metaspin/table.h). */
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy(const char *from, const char *to)
{
    FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
    if (!a || !b) { perror(to); exit(1); }
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, a)) > 0) fwrite(buf, 1, n, b);
    fclose(a);
    fclose(b);
}

static hid_t open_rw(const char *src, const char *dst)
{
    copy(src, dst);
    hid_t f = H5Fopen(dst, H5F_ACC_RDWR, H5P_DEFAULT);
    if (f < 0) exit(1);
    return f;
}

static void set_version(hid_t f, double v)
{
    if (H5Aexists(f, "format_version") > 0) H5Adelete(f, "format_version");
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(f, "format_version", H5T_NATIVE_DOUBLE, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, H5T_NATIVE_DOUBLE, &v);
    H5Aclose(a);
    H5Sclose(sp);
}

/* Replace dataset `path` by a new one of the given shape and values. */
static void replace(hid_t f, const char *path, int rank, const hsize_t *dims, const double *v)
{
    if (H5Lexists(f, path, H5P_DEFAULT) > 0) H5Ldelete(f, path, H5P_DEFAULT);
    hid_t sp = H5Screate_simple(rank, dims, NULL);
    hid_t d = H5Dcreate2(f, path, H5T_NATIVE_DOUBLE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
    H5Dclose(d);
    H5Sclose(sp);
}

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: gen-h5 tiny.h5\n"); return 1; }
    const char *src = argv[1];
    hid_t f;
    f = open_rw(src, "table-version2.hdf5");     set_version(f, 2); H5Fclose(f);
    f = open_rw(src, "table-version-nan.hdf5");  set_version(f, NAN); H5Fclose(f);
    f = open_rw(src, "table-no-version.hdf5");   H5Adelete(f, "format_version"); H5Fclose(f);
    {   /* h axis of 3 values against P of 2 */
        const hsize_t n = 3; const double h[3] = {8e5, 8.5e5, 9e5};
        f = open_rw(src, "table-axes-mismatch.hdf5"); replace(f, "/axes/h", 1, &n, h); H5Fclose(f);
    }
    {
        const hsize_t n = 2; const double w[2] = {2e-9, 1e-9};
        f = open_rw(src, "table-width-decreasing.hdf5"); replace(f, "/axes/width", 1, &n, w); H5Fclose(f);
    }
    {
        const hsize_t n = 2; const double w[2] = {0, 1e-9};
        f = open_rw(src, "table-width-zero.hdf5"); replace(f, "/axes/width", 1, &n, w); H5Fclose(f);
    }
    {
        const hsize_t n = 2; const double a[2] = {5e10, NAN};
        f = open_rw(src, "table-amplitude-nan.hdf5"); replace(f, "/axes/amplitude", 1, &n, a); H5Fclose(f);
    }
    {
        const hsize_t d[5] = {2, 2, 2, 1, 2}; double p[16];
        for (int i = 0; i < 16; i++) p[i] = 0.5;
        p[5] = 1.5;
        f = open_rw(src, "table-p-out-of-range.hdf5"); replace(f, "/switching/P", 5, d, p); H5Fclose(f);
    }
    {
        const hsize_t d[4] = {2, 2, 2, 2}; double p[16] = {0};
        f = open_rw(src, "table-p-rank4.hdf5"); replace(f, "/switching/P", 4, d, p); H5Fclose(f);
    }
    f = open_rw(src, "table-no-p.hdf5"); H5Ldelete(f, "/switching/P", H5P_DEFAULT); H5Fclose(f);
    f = open_rw(src, "table-no-width.hdf5"); H5Ldelete(f, "/axes/width", H5P_DEFAULT); H5Fclose(f);
    {
        const hsize_t d[2] = {2, 2}; const double e[4] = {1e-12, -1e-12, 1e-12, 1e-12};
        f = open_rw(src, "table-negative-energy.hdf5"); replace(f, "/energy/write", 2, d, e); H5Fclose(f);
    }
    return 0;
}
