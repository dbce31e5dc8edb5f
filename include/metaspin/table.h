/* table.h — read a device table (the HDF5 contract between the physics and the learning side).
 *
 * Layout (DESIGN.md, docs/device-table.md); root attribute format_version = 1 (newer is refused):
 *   /axes/h [nh]                hidden state (attribute `meaning`)
 *   /axes/amplitude [na]        write drive, attribute `kind` ("current_density" A/m^2, "voltage" V,
 *                               "field" A/m)
 *   /axes/width [nw]            pulse width (s), > 0; interpolated in log(width)
 *   /axes/temperature [nt]      K
 *   /switching/P [nh][na][nw][nt][2]   switching probability; direction 0: w -1 -> +1, 1: +1 -> -1
 *   /switching/ci_lo, ci_hi, n_trials, t_mean  same shape (optional for reading)
 *   /switching/delta [nh][nt]   thermal stability factor (optional)
 *   /axes/gate_voltage [ng] (V), /axes/gate_width [ngw] (s)
 *   /gate/h_after [nh][ng][ngw]   hidden state after one gate pulse
 *   /gate/retention [nh][nt]      relaxation time of h at zero gate voltage (s); attribute h_rest
 *                                 (the state h relaxes to; default: the smallest h)
 *   /energy/write  scalar or [na][nw] (J per write pulse)
 *   /energy/gate   scalar or [ng][ngw] (J per gate pulse)
 * Axes are strictly increasing. An axis of length 1 matches only its own value.
 *
 * Lookups interpolate multilinearly (width logarithmically) and refuse to extrapolate: a value
 * outside an axis is MS_EINPUT naming the axis and the value. The table is read whole at open and
 * is immutable afterwards, so lookups may run from any number of threads.
 * Lifecycle: ms_table_open() -> lookups -> ms_table_close() (NULL is a no-op). */
#ifndef METASPIN_TABLE_H
#define METASPIN_TABLE_H

#include <stddef.h>
#include "error.h"

enum { MS_TABLE_FORMAT_VERSION = 1 };
enum { MS_TABLE_TO_PLUS = 0, MS_TABLE_TO_MINUS = 1 };

typedef struct ms_table_axis {
    const char *name;   /* "h", "amplitude", ... */
    size_t n;
    double *v;          /* strictly increasing */
    int log;            /* interpolate in log(v) */
} ms_table_axis;

typedef struct ms_table {
    ms_table_axis h, amplitude, width, temperature, gate_voltage, gate_width;
    char amplitude_kind[32];
    double *P;           /* [h][amplitude][width][temperature][2] */
    double *h_after;     /* [h][gate_voltage][gate_width], NULL if absent */
    double *retention;   /* [h][temperature], NULL if absent */
    double h_rest;
    double *energy_write; /* [amplitude][width] (a scalar is expanded), NULL if absent */
    double *energy_gate;  /* [gate_voltage][gate_width], NULL if absent */
} ms_table;

int ms_table_open(const char *path, ms_table **out, ms_error *err);
void ms_table_close(ms_table *t);

/* P_sw(h, amplitude, width, temperature) for direction MS_TABLE_TO_PLUS / MS_TABLE_TO_MINUS. */
int ms_table_lookup(const ms_table *t, double h, double amplitude, double width, double temperature,
                    int direction, double *p, ms_error *err);
/* Hidden state after one gate pulse of voltage vg and width tg applied at state h. */
int ms_table_gate(const ms_table *t, double h, double vg, double tg, double *h_after, ms_error *err);
/* Relaxation time of h at temperature T (s). */
int ms_table_retention(const ms_table *t, double h, double temperature, double *tau, ms_error *err);
/* Energy of one write pulse (amplitude, width) and of one gate pulse (vg, tg), J. */
int ms_table_energy_write(const ms_table *t, double amplitude, double width, double *e, ms_error *err);
int ms_table_energy_gate(const ms_table *t, double vg, double tg, double *e, ms_error *err);

/* Generic multilinear interpolation on a grid of `rank` axes (row-major values, trailing stride
 * `stride` between consecutive grid points of the last axis). x[k] must lie inside axis k. */
int ms_table_interp(const ms_table_axis *const *axes, int rank, const double *values, size_t stride,
                    const double *x, double *out, ms_error *err);

#endif
