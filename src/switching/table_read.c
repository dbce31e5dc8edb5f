/* table_read.c — read a device table (DESIGN.md "The device table"; docs/device-table.md) and
 * interpolate it: P_sw(h, amplitude, width, T, direction), the gate transfer map
 * h_after(h, V_G, t_G), the retention time τ(h, T) and the write and gate energies.
 *
 * Interpolation is multilinear over the grid cell that contains the point; along the width axes
 * (pulse and gate width) the coordinate is log(width), since P_sw varies with log t_p in both the
 * thermal and the precessional regime. A value outside an axis is refused (MS_EINPUT naming the
 * axis and the value): the trainer must never use extrapolated physics. An axis of length 1
 * matches only its own value (relative tolerance 1e-9). */
#include <hdf5.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/h5.h"
#include "metaspin/table.h"

enum { TABLE_MAX_RANK = 6 };

/* Locate x on axis a: lower index *i and weight *t of the upper neighbour. */
static int axis_locate(const ms_table_axis *a, double x, size_t *i, double *t, ms_error *err)
{
    const double lo = a->v[0], hi = a->v[a->n - 1];
    const double tol = 1e-9 * fmax(fabs(lo), fabs(hi));
    if (!isfinite(x) || x < lo - tol || x > hi + tol)
        return MS_ERROR(err, MS_EINPUT, "table: %s = %g outside the table's axis [%g, %g] (no extrapolation)",
                        a->name, x, lo, hi);
    if (a->n == 1) { *i = 0; *t = 0; return MS_OK; }
    size_t k0 = 0, k1 = a->n - 1;
    while (k1 - k0 > 1) {
        const size_t mid = (k0 + k1) / 2;
        if (a->v[mid] <= x) k0 = mid; else k1 = mid;
    }
    const double xc = fmin(fmax(x, lo), hi);
    double u = a->log ? (log(xc) - log(a->v[k0])) / (log(a->v[k1]) - log(a->v[k0]))
                      : (xc - a->v[k0]) / (a->v[k1] - a->v[k0]);
    *i = k0;
    *t = fmin(fmax(u, 0.0), 1.0);
    return MS_OK;
}

int ms_table_interp(const ms_table_axis *const *axes, int rank, const double *values, size_t stride,
                    const double *x, double *out, ms_error *err)
{
    size_t idx[TABLE_MAX_RANK], span[TABLE_MAX_RANK];
    double t[TABLE_MAX_RANK];
    if (rank < 1 || rank > TABLE_MAX_RANK) return MS_ERROR(err, MS_EINTERNAL, "table: rank %d", rank);
    for (int k = 0; k < rank; k++) {
        int status = axis_locate(axes[k], x[k], &idx[k], &t[k], err);
        if (status) return status;
    }
    span[rank - 1] = stride;
    for (int k = rank - 2; k >= 0; k--) span[k] = span[k + 1] * axes[k + 1]->n;
    double sum = 0;
    for (unsigned c = 0; c < 1u << rank; c++) {
        double w = 1;
        size_t off = 0;
        for (int k = 0; k < rank; k++) {
            const int up = (c >> k) & 1;
            if (up && axes[k]->n == 1) { w = 0; break; }
            w *= up ? t[k] : 1 - t[k];
            off += (idx[k] + (size_t)up) * span[k];
        }
        if (w != 0) sum += w * values[off];
    }
    *out = sum;
    return MS_OK;
}

/* Read a 1-D strictly increasing axis (positive if log). */
static int read_axis(hid_t f, const char *path, const char *name, int log_axis, int required,
                     ms_table_axis *a, ms_error *err)
{
    a->name = name;
    a->log = log_axis;
    if (!ms_h5_exists(f, path)) {
        if (required) return MS_ERROR(err, MS_EINPUT, "table: missing axis %s", path);
        return MS_OK;
    }
    int rank;
    hsize_t dims[8];
    int status = ms_h5_read_double(f, path, &a->v, &rank, dims, err);
    if (status) return status;
    if (rank != 1 || dims[0] < 1) return MS_ERROR(err, MS_EINPUT, "table: %s must be a non-empty 1-D axis", path);
    a->n = (size_t)dims[0];
    for (size_t i = 0; i < a->n; i++) {
        if (!isfinite(a->v[i]) || (log_axis && !(a->v[i] > 0)))
            return MS_ERROR(err, MS_EINPUT, "table: %s[%zu] = %g is not %s", path, i, a->v[i],
                            log_axis ? "a positive number" : "finite");
        if (i > 0 && !(a->v[i] > a->v[i - 1]))
            return MS_ERROR(err, MS_EINPUT, "table: %s is not strictly increasing at index %zu", path, i);
    }
    return MS_OK;
}

/* Read an N-D dataset and check its shape against the expected dims (rank n_exp). */
static int read_shaped(hid_t f, const char *path, const size_t *expect, int n_exp, double **out,
                       ms_error *err)
{
    int rank;
    hsize_t dims[8];
    int status = ms_h5_read_double(f, path, out, &rank, dims, err);
    if (status) return status;
    int ok = rank == n_exp;
    for (int k = 0; ok && k < rank; k++) ok = dims[k] == expect[k];
    if (!ok) {
        char want[128] = "", got[128] = "";
        for (int k = 0; k < n_exp; k++) snprintf(want + strlen(want), sizeof want - strlen(want), "[%zu]", expect[k]);
        for (int k = 0; k < rank && k < 8; k++) snprintf(got + strlen(got), sizeof got - strlen(got), "[%llu]", (unsigned long long)dims[k]);
        return MS_ERROR(err, MS_EINPUT, "table: %s has shape %s, expected %s", path, rank ? got : "scalar", want);
    }
    return MS_OK;
}

/* Energy table: scalar (expanded over the grid) or [n0][n1]. NaN marks "not modelled" (e.g. no
 * device resistance given) and propagates into the energy sums. */
static int read_energy(hid_t f, const char *path, size_t n0, size_t n1, double **out, ms_error *err)
{
    *out = NULL;
    if (!ms_h5_exists(f, path)) return MS_OK;
    int rank;
    hsize_t dims[8];
    double *v = NULL;
    int status = ms_h5_read_double(f, path, &v, &rank, dims, err);
    if (status) return status;
    if (rank == 0 || (rank == 1 && dims[0] == 1)) {
        double *e = malloc(n0 * n1 * sizeof *e);
        if (!e) { free(v); return MS_ERROR(err, MS_ENOMEM, "table: out of memory"); }
        for (size_t i = 0; i < n0 * n1; i++) e[i] = v[0];
        free(v);
        *out = e;
    } else if (rank == 2 && dims[0] == n0 && dims[1] == n1) {
        *out = v;
    } else {
        free(v);
        return MS_ERROR(err, MS_EINPUT, "table: %s must be a scalar or [%zu][%zu]", path, n0, n1);
    }
    for (size_t i = 0; i < n0 * n1; i++)
        if ((*out)[i] < 0) return MS_ERROR(err, MS_EINPUT, "table: %s has a negative energy", path);
    return MS_OK;
}

static int read_attr_number(hid_t f, const char *obj, const char *name, double *value)
{
    if (H5Aexists_by_name(f, obj, name, H5P_DEFAULT) <= 0) return 0;
    hid_t a = H5Aopen_by_name(f, obj, name, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0) return 0;
    const herr_t r = H5Aread(a, H5T_NATIVE_DOUBLE, value);
    H5Aclose(a);
    return r >= 0;
}

static int table_check_version(hid_t f, const char *path, ms_error *err)
{
    double v = 0;
    if (!read_attr_number(f, "/", "format_version", &v))
        return MS_ERROR(err, MS_EINPUT, "table: '%s' has no root attribute format_version (not a device table)", path);
    if (!(v >= 1 && v <= MS_TABLE_FORMAT_VERSION)) /* also rejects NaN */
        return MS_ERROR(err, MS_EINPUT, "table: '%s' has format_version %g; this metaspin reads 1 to %d",
                        path, v, MS_TABLE_FORMAT_VERSION);
    return MS_OK;
}

static int table_read_all(hid_t f, ms_table *t, const char *path, ms_error *err)
{
    int status;
    MS_TRY(table_check_version(f, path, err));
    MS_TRY(read_axis(f, "/axes/h", "h", 0, 1, &t->h, err));
    MS_TRY(read_axis(f, "/axes/amplitude", "amplitude", 0, 1, &t->amplitude, err));
    MS_TRY(read_axis(f, "/axes/width", "width", 1, 1, &t->width, err));
    MS_TRY(read_axis(f, "/axes/temperature", "temperature", 0, 1, &t->temperature, err));
    char *kind = NULL;
    if (ms_h5_read_attr_string(f, "/axes/amplitude", "kind", &kind, NULL) == MS_OK && kind) {
        snprintf(t->amplitude_kind, sizeof t->amplitude_kind, "%s", kind);
        free(kind);
    }
    const size_t shapeP[5] = {t->h.n, t->amplitude.n, t->width.n, t->temperature.n, 2};
    MS_TRY(read_shaped(f, "/switching/P", shapeP, 5, &t->P, err));
    for (size_t i = 0; i < t->h.n * t->amplitude.n * t->width.n * t->temperature.n * 2; i++)
        if (!(t->P[i] >= 0 && t->P[i] <= 1))
            return MS_ERROR(err, MS_EINPUT, "table: /switching/P[%zu] = %g is not a probability", i, t->P[i]);
    if (ms_h5_exists(f, "/gate/h_after")) {
        MS_TRY(read_axis(f, "/axes/gate_voltage", "gate_voltage", 0, 1, &t->gate_voltage, err));
        MS_TRY(read_axis(f, "/axes/gate_width", "gate_width", 1, 1, &t->gate_width, err));
        const size_t shapeG[3] = {t->h.n, t->gate_voltage.n, t->gate_width.n};
        MS_TRY(read_shaped(f, "/gate/h_after", shapeG, 3, &t->h_after, err));
        MS_TRY(read_energy(f, "/energy/gate", t->gate_voltage.n, t->gate_width.n, &t->energy_gate, err));
    }
    t->h_rest = t->h.v[0];
    if (ms_h5_exists(f, "/gate/retention")) {
        const size_t shapeR[2] = {t->h.n, t->temperature.n};
        MS_TRY(read_shaped(f, "/gate/retention", shapeR, 2, &t->retention, err));
        read_attr_number(f, "/gate/retention", "h_rest", &t->h_rest);
    }
    MS_TRY(read_energy(f, "/energy/write", t->amplitude.n, t->width.n, &t->energy_write, err));
    return MS_OK;
fail:
    return status;
}

int ms_table_open(const char *path, ms_table **out, ms_error *err)
{
    *out = NULL;
    ms_table *t = calloc(1, sizeof *t);
    if (!t) return MS_ERROR(err, MS_ENOMEM, "table: out of memory");
    hid_t f;
    int status = ms_h5_open_read(&f, path, err);
    if (status) { free(t); return status; }
    status = table_read_all(f, t, path, err);
    H5Fclose(f);
    if (status) {
        if (err && !strstr(err->message, path)) ms_error_prefix(err, "%s", path);
        ms_table_close(t);
        return status;
    }
    *out = t;
    return MS_OK;
}

void ms_table_close(ms_table *t)
{
    if (!t) return;
    ms_table_axis *ax[6] = {&t->h, &t->amplitude, &t->width, &t->temperature, &t->gate_voltage, &t->gate_width};
    for (int k = 0; k < 6; k++) free(ax[k]->v);
    free(t->P);
    free(t->h_after);
    free(t->retention);
    free(t->energy_write);
    free(t->energy_gate);
    free(t);
}

int ms_table_lookup(const ms_table *t, double h, double amplitude, double width, double temperature,
                    int direction, double *p, ms_error *err)
{
    if (direction != MS_TABLE_TO_PLUS && direction != MS_TABLE_TO_MINUS)
        return MS_ERROR(err, MS_EINPUT, "table: direction %d is not 0 (to +1) or 1 (to -1)", direction);
    const ms_table_axis *ax[4] = {&t->h, &t->amplitude, &t->width, &t->temperature};
    const double x[4] = {h, amplitude, width, temperature};
    return ms_table_interp(ax, 4, t->P + direction, 2, x, p, err);
}

int ms_table_gate(const ms_table *t, double h, double vg, double tg, double *h_after, ms_error *err)
{
    if (!t->h_after) return MS_ERROR(err, MS_EINPUT, "table: no gate transfer table (/gate/h_after)");
    const ms_table_axis *ax[3] = {&t->h, &t->gate_voltage, &t->gate_width};
    const double x[3] = {h, vg, tg};
    return ms_table_interp(ax, 3, t->h_after, 1, x, h_after, err);
}

int ms_table_retention(const ms_table *t, double h, double temperature, double *tau, ms_error *err)
{
    if (!t->retention) return MS_ERROR(err, MS_EINPUT, "table: no retention table (/gate/retention)");
    const ms_table_axis *ax[2] = {&t->h, &t->temperature};
    const double x[2] = {h, temperature};
    return ms_table_interp(ax, 2, t->retention, 1, x, tau, err);
}

int ms_table_energy_write(const ms_table *t, double amplitude, double width, double *e, ms_error *err)
{
    if (!t->energy_write) return MS_ERROR(err, MS_EINPUT, "table: no write energy (/energy/write)");
    const ms_table_axis *ax[2] = {&t->amplitude, &t->width};
    const double x[2] = {amplitude, width};
    return ms_table_interp(ax, 2, t->energy_write, 1, x, e, err);
}

int ms_table_energy_gate(const ms_table *t, double vg, double tg, double *e, ms_error *err)
{
    if (!t->energy_gate) return MS_ERROR(err, MS_EINPUT, "table: no gate energy (/energy/gate)");
    const ms_table_axis *ax[2] = {&t->gate_voltage, &t->gate_width};
    const double x[2] = {vg, tg};
    return ms_table_interp(ax, 2, t->energy_gate, 1, x, e, err);
}
