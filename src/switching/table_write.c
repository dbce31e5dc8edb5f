/* table_write.c — write a device table in the layout of table.h / DESIGN.md (format_version 1):
 * axes with units, /switching/{P, ci_lo, ci_hi, n_trials, n_switched, t_mean, source, delta},
 * /gate/{h_after, retention}, /energy/{write, gate}; and the CSV export (one row per point).
 * The point order of the records is the row-major order of /switching/P
 * [h][amplitude][width][temperature][direction] (ms_tablegen_point_index). The reader is
 * src/switching/table_read.c (ms_table_open). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/h5.h"
#include "metaspin/table.h"
#include "metaspin/tablegen.h"

static const char *hidden_meaning(ms_tablegen_hidden h)
{
    switch (h) {
    case MS_TABLEGEN_HIDDEN_IONICS:
        return "ionic interface coverage theta (monolayers), mapped to Ms, K_u, t_m, alpha by the ionics constitutive model";
    case MS_TABLEGEN_HIDDEN_K_U:
        return "uniaxial anisotropy constant K_u1 of the free layer (J/m^3)";
    case MS_TABLEGEN_HIDDEN_DELTA:
        break;
    }
    return "thermal stability factor Delta at table.delta_temperature (K_eff fixed per state)";
}

static const char *kind_name(ms_tablegen_kind k)
{
    return k == MS_TABLEGEN_CURRENT ? "current_density" : k == MS_TABLEGEN_VOLTAGE ? "voltage" : "field";
}

static const char *kind_unit(ms_tablegen_kind k)
{
    return k == MS_TABLEGEN_CURRENT ? "A/m^2" : k == MS_TABLEGEN_VOLTAGE ? "V" : "A/m";
}

static int write_format_version(hid_t root, ms_error *err)
{
    const long long v = MS_TABLE_FORMAT_VERSION;
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t attr = H5Aexists(root, "format_version") > 0
                     ? H5Aopen(root, "format_version", H5P_DEFAULT)
                     : H5Acreate2(root, "format_version", H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT);
    const int bad = attr < 0 || H5Awrite(attr, H5T_NATIVE_LLONG, &v) < 0;
    if (attr >= 0)
        H5Aclose(attr);
    H5Sclose(space);
    return bad ? MS_ERROR(err, MS_EIO, "hdf5: cannot write attribute format_version") : MS_OK;
}

static int write_axes(hid_t root, const ms_tablegen_spec *s, ms_error *err)
{
    int status;
    const hsize_t nh = s->nh, na = s->na, nw = s->nw, nt = s->nt;
    const char *hu = s->hidden == MS_TABLEGEN_HIDDEN_K_U ? "J/m^3" : "";
    MS_TRY(ms_h5_write_double(root, "/axes/h", s->h, 1, &nh, hu, err));
    MS_TRY(ms_h5_attr_string(root, "/axes/h", "meaning", hidden_meaning(s->hidden), err));
    MS_TRY(ms_h5_write_double(root, "/axes/amplitude", s->amplitude, 1, &na, kind_unit(s->kind), err));
    MS_TRY(ms_h5_attr_string(root, "/axes/amplitude", "kind", kind_name(s->kind), err));
    MS_TRY(ms_h5_attr_string(root, "/axes/amplitude", "sign_convention",
                             "positive drives m toward +u; applied as +a for direction 0 (to_plus, -u -> +u) and -a for "
                             "direction 1 (to_minus, +u -> -u); voltage (VCMA) drives are applied unsigned", err));
    if (s->kind == MS_TABLEGEN_CURRENT)
        MS_TRY(ms_h5_attr_string(root, "/axes/amplitude", "torque", s->use_sot ? "sot" : "stt", err));
    MS_TRY(ms_h5_write_double(root, "/axes/width", s->width, 1, &nw, "s", err));
    MS_TRY(ms_h5_write_double(root, "/axes/temperature", s->temperature, 1, &nt, "K", err));
fail:
    return status;
}

static int write_field(hid_t root, const char *path, const ms_tablegen_spec *s, const double *rec, int field,
                       int as_int, const char *units, ms_error *err)
{
    const size_t n = ms_tablegen_spec_points(s);
    const hsize_t dims[5] = {s->nh, s->na, s->nw, s->nt, 2};
    int status;
    if (as_int) {
        int64_t *v = malloc(n * sizeof *v);
        if (!v)
            return MS_ERROR(err, MS_ENOMEM, "table: out of memory");
        for (size_t p = 0; p < n; p++)
            v[p] = isfinite(rec[p * MS_TABLEGEN_RECORD + field]) ? (int64_t)rec[p * MS_TABLEGEN_RECORD + field] : -1;
        status = ms_h5_write_int64(root, path, v, 5, dims, units, err);
        free(v);
        return status;
    }
    double *v = malloc(n * sizeof *v);
    if (!v)
        return MS_ERROR(err, MS_ENOMEM, "table: out of memory");
    for (size_t p = 0; p < n; p++)
        v[p] = rec[p * MS_TABLEGEN_RECORD + field];
    status = ms_h5_write_double(root, path, v, 5, dims, units, err);
    free(v);
    return status;
}

static int write_switching(hid_t root, const ms_tablegen_spec *s, const double *rec, ms_error *err)
{
    int status;
    MS_TRY(write_field(root, "/switching/P", s, rec, MS_TABLEGEN_P, 0, "", err));
    MS_TRY(ms_h5_attr_string(root, "/switching/P", "axes", "h, amplitude, width, temperature, direction", err));
    MS_TRY(ms_h5_attr_string(root, "/switching/P", "directions",
                             "0: to_plus (start thermalised at -u, drive +a), 1: to_minus (start at +u, drive -a)", err));
    MS_TRY(write_field(root, "/switching/ci_lo", s, rec, MS_TABLEGEN_CI_LO, 0, "", err));
    MS_TRY(write_field(root, "/switching/ci_hi", s, rec, MS_TABLEGEN_CI_HI, 0, "", err));
    MS_TRY(ms_h5_attr_string(root, "/switching/ci_lo", "meaning", "Wilson 95 % interval (model points: the model value)", err));
    MS_TRY(write_field(root, "/switching/n_trials", s, rec, MS_TABLEGEN_N, 1, "", err));
    MS_TRY(write_field(root, "/switching/n_switched", s, rec, MS_TABLEGEN_K, 1, "", err));
    MS_TRY(write_field(root, "/switching/t_mean", s, rec, MS_TABLEGEN_T_MEAN, 0, "s", err));
    MS_TRY(ms_h5_attr_string(root, "/switching/t_mean", "meaning",
                             "mean first-crossing time of the switched trials from the start of the pulse (NaN: none)", err));
    MS_TRY(write_field(root, "/switching/t_q10", s, rec, MS_TABLEGEN_T_Q10, 0, "s", err));
    MS_TRY(write_field(root, "/switching/t_q50", s, rec, MS_TABLEGEN_T_Q50, 0, "s", err));
    MS_TRY(write_field(root, "/switching/t_q90", s, rec, MS_TABLEGEN_T_Q90, 0, "s", err));
    MS_TRY(ms_h5_attr_string(root, "/switching/t_q50", "meaning",
                             "10/50/90 % quantiles of the switching time (t_q10, t_q50, t_q90), as t_mean", err));
    const size_t n = ms_tablegen_spec_points(s);
    const hsize_t dims[5] = {s->nh, s->na, s->nw, s->nt, 2};
    uint8_t *src = malloc(n);
    if (!src)
        return MS_ERROR(err, MS_ENOMEM, "table: out of memory");
    for (size_t p = 0; p < n; p++)
        src[p] = rec[p * MS_TABLEGEN_RECORD + MS_TABLEGEN_SOURCE] == 1 ? 1 : 0;
    status = ms_h5_write_uint8(root, "/switching/source", src, 5, dims, "", err);
    free(src);
    if (!status)
        status = ms_h5_attr_string(root, "/switching/source", "meaning",
                                   "0: simulated (stochastic LLG trials), 1: closed-form MFPT model (too rare to sample)", err);
fail:
    return status;
}

static int write_extras(hid_t root, const ms_tablegen_spec *s, const ms_tablegen_extras *ex, ms_error *err)
{
    int status = MS_OK;
    const hsize_t d_ht[2] = {s->nh, s->nt}, d_aw[2] = {s->na, s->nw};
    const hsize_t ngv = s->ngv, ngw = s->ngw, d_g[3] = {s->nh, s->ngv, s->ngw}, d_vw[2] = {s->ngv, s->ngw};
    MS_TRY(ms_h5_write_double(root, "/switching/delta", ex->delta, 2, d_ht, "", err));
    MS_TRY(ms_h5_write_double(root, "/energy/write", ex->energy_write, 2, d_aw, "J", err));
    MS_TRY(ms_h5_attr_string(root, "/energy/write", "meaning",
                             s->kind == MS_TABLEGEN_CURRENT ? "J^2 A^2 R t_eff (NaN: no energy.resistance)"
                             : s->kind == MS_TABLEGEN_VOLTAGE ? "V^2 t_eff/R + C V^2, C = eps0 eps_r A/t_ox"
                                                               : "not modelled for field drives (NaN)", err));
    if (ex->retention) {
        MS_TRY(ms_h5_write_double(root, "/gate/retention", ex->retention, 2, d_ht, "s", err));
    }
    if (ex->h_after) {
        MS_TRY(ms_h5_write_double(root, "/axes/gate_voltage", s->gate_voltage, 1, &ngv, "V", err));
        MS_TRY(ms_h5_write_double(root, "/axes/gate_width", s->gate_width, 1, &ngw, "s", err));
        MS_TRY(ms_h5_write_double(root, "/gate/h_after", ex->h_after, 3, d_g, "", err));
        MS_TRY(ms_h5_write_double(root, "/energy/gate", ex->energy_gate, 2, d_vw, "J", err));
        MS_TRY(ms_h5_attr_string(root, "/energy/gate", "meaning", "C_gate V^2, C_gate = eps0 eps_r A/t_ox (no leakage)", err));
    }
fail:
    return status;
}

const char ms_tablegen_point_datasets[] =
    "/switching/P,/switching/ci_lo,/switching/ci_hi,/switching/n_trials,/switching/n_switched,/switching/t_mean,"
    "/switching/t_q10,/switching/t_q50,/switching/t_q90,/switching/source";

int ms_tablegen_write(hid_t root, const ms_tablegen_spec *s, const double *records, const ms_tablegen_extras *ex,
                      ms_error *err)
{
    int status;
    MS_TRY(write_format_version(root, err));
    MS_TRY(write_axes(root, s, err));
    MS_TRY(write_switching(root, s, records, err));
    if (ex)
        MS_TRY(write_extras(root, s, ex, err));
fail:
    return status;
}

int ms_tablegen_write_csv(const char *path, const ms_tablegen_spec *s, const double *rec, ms_error *err)
{
    char tmp[4200];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
        return MS_ERROR(err, MS_EINPUT, "csv path too long");
    FILE *f = fopen(tmp, "w");
    if (!f)
        return MS_ERROR(err, MS_EIO, "cannot create \"%s\": %s", tmp, strerror(errno));
    fprintf(f, "h,amplitude,width,temperature,direction,P,ci_lo,ci_hi,n_trials,n_switched,t_mean,t_q10,t_q50,t_q90,"
               "source\n");
    const size_t n = ms_tablegen_spec_points(s);
    for (size_t p = 0; p < n; p++) {
        size_t ih, ia, iw, it;
        int dir;
        const double *r = rec + p * MS_TABLEGEN_RECORD;
        ms_tablegen_point_index(s, p, &ih, &ia, &iw, &it, &dir);
        fprintf(f, "%.9g,%.9g,%.9g,%.9g,%s,%.9g,%.9g,%.9g,%.0f,%.0f,%.9g,%.9g,%.9g,%.9g,%s\n", s->h[ih],
                s->amplitude[ia], s->width[iw], s->temperature[it], dir == MS_TABLE_TO_PLUS ? "to_plus" : "to_minus",
                r[MS_TABLEGEN_P], r[MS_TABLEGEN_CI_LO], r[MS_TABLEGEN_CI_HI], r[MS_TABLEGEN_N], r[MS_TABLEGEN_K],
                r[MS_TABLEGEN_T_MEAN], r[MS_TABLEGEN_T_Q10], r[MS_TABLEGEN_T_Q50], r[MS_TABLEGEN_T_Q90],
                r[MS_TABLEGEN_SOURCE] == 1 ? "model" : "simulated");
    }
    const int bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
        remove(tmp);
        return MS_ERROR(err, MS_EIO, "cannot write \"%s\" (disk full?)", path);
    }
    return MS_OK;
}
