/* sweep_write.c — the sweep result file:
 *   /sweep/points [n_points][n_axes] swept values (SI), attributes keys and units ("; "-separated),
 *     mode; grid points are in row-major order of the axes (/sweep/grid_shape gives the shape);
 *   /axes/h, /axes/amplitude, /axes/width, /axes/temperature of the un-swept config;
 *   merit:  /sweep/merit/{delta, critical, p_ref, width_half, energy_write} [n_points][nh];
 *   table:  /sweep/switching/{P, ci_lo, ci_hi, n_trials, n_switched, t_mean, t_q10/50/90, source}
 *           [n_points][nh][na][nw][nt][2].
 * Definitions in sweep.h; every dataset carries units. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/h5.h"
#include "metaspin/sweep.h"
#include "metaspin/tablegen.h"

static const char *MERIT_NAMES[MS_SWEEP_MERITS] = {"delta", "critical", "p_ref", "width_half", "energy_write"};

static const char *critical_unit(const ms_tablegen_spec *b)
{
    return b->kind == MS_TABLEGEN_CURRENT ? "A/m^2" : b->kind == MS_TABLEGEN_VOLTAGE ? "V" : "A/m";
}

static int write_points(hid_t root, const ms_sweep *s, ms_error *err)
{
    char keys[1024] = "", units[512] = "";
    int status;
    for (size_t k = 0; k < s->n_axes; k++) {
        snprintf(keys + strlen(keys), sizeof keys - strlen(keys), "%s%s", k ? "; " : "", s->axis[k].key);
        snprintf(units + strlen(units), sizeof units - strlen(units), "%s%s", k ? "; " : "", s->axis[k].unit);
    }
    const hsize_t dims[2] = {s->n_points, s->n_axes}, na = s->n_axes;
    MS_TRY(ms_h5_write_double(root, "/sweep/points", s->points, 2, dims, units, err));
    MS_TRY(ms_h5_attr_string(root, "/sweep/points", "keys", keys, err));
    MS_TRY(ms_h5_attr_string(root, "/sweep/points", "mode",
                             s->mode == MS_SWEEP_GRID ? "grid" : s->mode == MS_SWEEP_LIST ? "list" : "lhs", err));
    if (s->mode == MS_SWEEP_GRID) {
        int64_t shape[MS_SWEEP_MAX_AXES];
        for (size_t k = 0; k < s->n_axes; k++)
            shape[k] = (int64_t)s->axis[k].n;
        MS_TRY(ms_h5_write_int64(root, "/sweep/grid_shape", shape, 1, &na, "", err));
    }
fail:
    return status;
}

static int write_merits(hid_t root, const ms_sweep *s, const ms_sweep_result *r, ms_error *err)
{
    const size_t nh = r->base->nh;
    const hsize_t dims[2] = {s->n_points, nh};
    const char *units[MS_SWEEP_MERITS] = {"", critical_unit(r->base), "", "s", "J"};
    double *v = malloc(s->n_points * nh * sizeof *v);
    int status = MS_OK;
    char path[64];
    if (!v)
        return MS_ERROR(err, MS_ENOMEM, "sweep: out of memory");
    for (int m = 0; m < MS_SWEEP_MERITS && !status; m++) {
        for (size_t q = 0; q < s->n_points; q++)
            for (size_t ih = 0; ih < nh; ih++)
                v[q * nh + ih] = r->records[q * r->record_len + ih * MS_SWEEP_MERITS + (size_t)m];
        snprintf(path, sizeof path, "/sweep/merit/%s", MERIT_NAMES[m]);
        status = ms_h5_write_double(root, path, v, 2, dims, units[m], err);
    }
    free(v);
    if (status)
        return status;
    MS_TRY(ms_h5_attr_string(root, "/sweep/merit/critical", "meaning",
                             "J_c0 (STT), V_c = K_eff t_ox t_F/xi (VCMA), H_k (field); NaN for SOT", err));
    MS_TRY(ms_h5_attr_string(root, "/sweep/merit/width_half", "meaning",
                             "pulse width with P = 0.5 at the reference amplitude (log-linear between table widths; NaN: not bracketed)", err));
    MS_TRY(ms_h5_attr_double(root, "/sweep/merit/p_ref", "reference_amplitude",
                             r->ref_amplitude > 0 ? r->ref_amplitude : r->base->amplitude[r->base->na - 1], err));
    MS_TRY(ms_h5_attr_double(root, "/sweep/merit/p_ref", "reference_width",
                             r->ref_width > 0 ? r->ref_width : r->base->width[r->base->nw - 1], err));
    MS_TRY(ms_h5_attr_double(root, "/sweep/merit/p_ref", "temperature", r->base->temperature[0], err));
fail:
    return status;
}

static int write_tables(hid_t root, const ms_sweep *s, const ms_sweep_result *r, ms_error *err)
{
    static const char *names[] = {"P", "ci_lo", "ci_hi", "n_trials", "n_switched", "t_mean", "source",
                                  "t_q10", "t_q50", "t_q90"};
    static const int fields[] = {MS_TABLEGEN_P, MS_TABLEGEN_CI_LO, MS_TABLEGEN_CI_HI, MS_TABLEGEN_N,
                                 MS_TABLEGEN_K, MS_TABLEGEN_T_MEAN, MS_TABLEGEN_SOURCE,
                                 MS_TABLEGEN_T_Q10, MS_TABLEGEN_T_Q50, MS_TABLEGEN_T_Q90};
    const ms_tablegen_spec *b = r->base;
    const size_t np = ms_tablegen_spec_points(b), total = s->n_points * np;
    const hsize_t dims[6] = {s->n_points, b->nh, b->na, b->nw, b->nt, 2};
    double *v = malloc(total * sizeof *v);
    int status = MS_OK;
    char path[64];
    if (!v)
        return MS_ERROR(err, MS_ENOMEM, "sweep: out of memory");
    for (int f = 0; f < 10 && !status; f++) {
        for (size_t i = 0; i < total; i++)
            v[i] = r->records[i * MS_TABLEGEN_RECORD + (size_t)fields[f]];
        snprintf(path, sizeof path, "/sweep/switching/%s", names[f]);
        status = ms_h5_write_double(root, path, v, 6, dims, f == 5 || f >= 7 ? "s" : "", err);
    }
    free(v);
    return status;
}

static int write_axes(hid_t root, const ms_tablegen_spec *b, ms_error *err)
{
    int status;
    const hsize_t nh = b->nh, na = b->na, nw = b->nw, nt = b->nt;
    MS_TRY(ms_h5_write_double(root, "/axes/h", b->h, 1, &nh, b->hidden == MS_TABLEGEN_HIDDEN_K_U ? "J/m^3" : "", err));
    MS_TRY(ms_h5_write_double(root, "/axes/amplitude", b->amplitude, 1, &na, critical_unit(b), err));
    MS_TRY(ms_h5_write_double(root, "/axes/width", b->width, 1, &nw, "s", err));
    MS_TRY(ms_h5_write_double(root, "/axes/temperature", b->temperature, 1, &nt, "K", err));
fail:
    return status;
}

int ms_sweep_write(hid_t root, const ms_sweep *s, const ms_sweep_result *r, ms_error *err)
{
    int status;
    MS_TRY(write_points(root, s, err));
    MS_TRY(write_axes(root, r->base, err));
    MS_TRY(r->full_table ? write_tables(root, s, r, err) : write_merits(root, s, r, err));
fail:
    return status;
}

const char *ms_sweep_point_datasets(const ms_sweep_result *r)
{
    return r->full_table ? "/sweep/switching/P,/sweep/switching/ci_lo,/sweep/switching/ci_hi,/sweep/switching/n_trials,"
                           "/sweep/switching/n_switched,/sweep/switching/t_mean,/sweep/switching/source,"
                           "/sweep/switching/t_q10,/sweep/switching/t_q50,/sweep/switching/t_q90"
                         : "/sweep/merit/delta,/sweep/merit/critical,/sweep/merit/p_ref,/sweep/merit/width_half,"
                           "/sweep/merit/energy_write";
}
