/* fit_data.c — measured switching points from a CSV table (format in fit.h).
 *
 * Recognises the columns by name, converts the header units to SI (width to s; amplitude to A,
 * A/m^2, V or A/m, the first that matches its dimension; μ0 H in T is accepted as a field),
 * checks every value (width > 0, T > 0, 0 ≤ p ≤ 1, integer counts with 0 ≤ n_switched ≤ n_total,
 * n_total ≥ 1, p_err > 0) and groups the points into curves for plotting. Errors name file:line,
 * row and column. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/fit.h"
#include "metaspin/units.h"

enum { COL_WIDTH, COL_AMP, COL_TEMP, COL_P, COL_NSW, COL_NTOT, COL_PERR, COL_CURVE, COL_COUNT };

static const char *const col_names[COL_COUNT] = {
    "width|pulse_width|t_p|tp|t_pulse|duration",
    "amplitude|current|i|j|current_density|voltage|v|field|h|b",
    "temperature|temp|t",
    "p|p_sw|psw|probability",
    "n_switched|switched|n_sw|k",
    "n_total|total|n|trials|n_trials",
    "p_err|sigma_p|dp|p_error",
    "curve",
};

static const struct { const char *unit; ms_fit_kind kind; } amp_kinds[] = {
    {"A", MS_FIT_CURRENT}, {"A/m^2", MS_FIT_DENSITY}, {"V", MS_FIT_VOLTAGE}, {"A/m", MS_FIT_FIELD}};

void ms_fit_data_destroy(ms_fit_data *d)
{
    if (!d)
        return;
    free(d->width);
    free(d->amplitude);
    free(d->temperature);
    free(d->p);
    free(d->p_err);
    free(d->n_switched);
    free(d->n_total);
    free(d->line);
    free(d->curve);
    free(d);
}

static int find_columns(const ms_csv_table *t, int col[COL_COUNT], ms_error *err)
{
    for (int k = 0; k < COL_COUNT; k++)
        col[k] = ms_csv_table_column(t, col_names[k]);
    for (size_t c = 0; c < t->n_cols; c++) {
        int known = 0;
        for (int k = 0; k < COL_COUNT; k++)
            known |= col[k] == (int)c;
        if (!known)
            return MS_ERROR(err, MS_EINPUT, "%s: column \"%s\" is not recognised (expected width, "
                            "amplitude, temperature, p or n_switched and n_total, p_err, curve)",
                            t->source, t->name[c]);
    }
    if (col[COL_WIDTH] < 0)
        return MS_ERROR(err, MS_EINPUT, "%s: missing column: width (pulse width with unit, e.g. "
                        "\"width [ns]\")", t->source);
    if (col[COL_AMP] < 0)
        return MS_ERROR(err, MS_EINPUT, "%s: missing column: amplitude (with unit, e.g. "
                        "\"amplitude [mA]\")", t->source);
    if ((col[COL_NSW] < 0) != (col[COL_NTOT] < 0))
        return MS_ERROR(err, MS_EINPUT, "%s: missing column: %s (counts need both n_switched and "
                        "n_total)", t->source, col[COL_NSW] < 0 ? "n_switched" : "n_total");
    if (col[COL_P] < 0 && col[COL_NSW] < 0)
        return MS_ERROR(err, MS_EINPUT, "%s: missing column: p (or n_switched and n_total)",
                        t->source);
    return MS_OK;
}

/* Scale from the header unit of column c to `si`; 'required' demands a unit. */
static int unit_scale(const ms_csv_table *t, int c, const char *si, int required, double *scale,
                      ms_error *err)
{
    char text[128], why[256];
    if (!t->unit[c][0]) {
        if (required)
            return MS_ERROR(err, MS_EINPUT, "%s: column \"%s\": the header must give its unit, "
                            "e.g. \"%s [%s]\"", t->source, t->name[c], t->name[c],
                            strcmp(si, "s") == 0 ? "ns" : "mA");
        *scale = 1.0;
        return MS_OK;
    }
    snprintf(text, sizeof text, "1 %s", t->unit[c]);
    if (ms_units_convert(text, si, scale, why, sizeof why) != 0)
        return MS_ERROR(err, MS_EINPUT, "%s: column \"%s\": unit \"%s\": %s", t->source,
                        t->name[c], t->unit[c], why);
    return MS_OK;
}

static int amplitude_unit(const ms_csv_table *t, int c, ms_fit_data *d, double *scale,
                          ms_error *err)
{
    if (!t->unit[c][0])
        return unit_scale(t, c, "A", 1, scale, err);
    char text[128], why[256];
    snprintf(text, sizeof text, "1 %s", t->unit[c]);
    for (size_t k = 0; k < sizeof amp_kinds / sizeof amp_kinds[0]; k++)
        if (ms_units_convert(text, amp_kinds[k].unit, scale, why, sizeof why) == 0) {
            d->kind = amp_kinds[k].kind;
            d->amplitude_unit = amp_kinds[k].unit;
            return MS_OK;
        }
    return MS_ERROR(err, MS_EINPUT, "%s: column \"%s\": unit \"%s\" is not a current, current "
                    "density, voltage or field", t->source, t->name[c], t->unit[c]);
}

static int alloc_data(ms_fit_data *d, const int col[COL_COUNT])
{
    const size_t n = d->n;
    d->width = malloc(n * sizeof(double));
    d->amplitude = malloc(n * sizeof(double));
    d->temperature = malloc(n * sizeof(double));
    d->p = malloc(n * sizeof(double));
    d->line = malloc(n * sizeof(int));
    d->curve = malloc(n * sizeof(int));
    if (col[COL_PERR] >= 0)
        d->p_err = malloc(n * sizeof(double));
    if (col[COL_NSW] >= 0) {
        d->n_switched = malloc(n * sizeof(double));
        d->n_total = malloc(n * sizeof(double));
    }
    return d->width && d->amplitude && d->temperature && d->p && d->line && d->curve &&
           (col[COL_PERR] < 0 || d->p_err) && (col[COL_NSW] < 0 || (d->n_switched && d->n_total));
}

#define ROW_ERROR(col_index, ...)                                                                  \
    MS_ERROR(err, MS_EINPUT, "%s:%d: row %zu, column \"%s\": %s", t->source, t->line[r], r + 1,   \
             t->name[col[col_index]], (snprintf(msg, sizeof msg, __VA_ARGS__), msg))

static int check_counts(const ms_csv_table *t, const int col[COL_COUNT], size_t r, double k,
                        double n, ms_error *err)
{
    char msg[256];
    if (!(n >= 1) || n != floor(n))
        return ROW_ERROR(COL_NTOT, "n_total must be a positive integer, got %g", n);
    if (!(k >= 0) || k != floor(k))
        return ROW_ERROR(COL_NSW, "n_switched must be a non-negative integer, got %g", k);
    if (k > n)
        return ROW_ERROR(COL_NSW, "n_switched = %g exceeds n_total = %g", k, n);
    return MS_OK;
}

static int fill_row(const ms_csv_table *t, const int col[COL_COUNT], size_t r, const double sc[3],
                    double temperature, ms_fit_data *d, ms_error *err)
{
    const double *v = t->value + r * t->n_cols;
    char msg[256];
    d->line[r] = t->line[r];
    d->width[r] = v[col[COL_WIDTH]] * sc[0];
    if (!(d->width[r] > 0))
        return ROW_ERROR(COL_WIDTH, "pulse width must be positive, got %g", v[col[COL_WIDTH]]);
    d->amplitude[r] = v[col[COL_AMP]] * sc[1];
    d->temperature[r] = col[COL_TEMP] >= 0 ? v[col[COL_TEMP]] * sc[2] : temperature;
    if (col[COL_TEMP] >= 0 && !(d->temperature[r] > 0))
        return ROW_ERROR(COL_TEMP, "temperature must be positive (K), got %g", v[col[COL_TEMP]]);
    if (col[COL_NSW] >= 0) {
        const double k = v[col[COL_NSW]], n = v[col[COL_NTOT]];
        int status = check_counts(t, col, r, k, n, err);
        if (status != MS_OK)
            return status;
        d->n_switched[r] = k;
        d->n_total[r] = n;
        d->p[r] = k / n;
        if (col[COL_P] >= 0 && fabs(v[col[COL_P]] - k / n) > 0.5 / n + 1e-9)
            return ROW_ERROR(COL_P, "p = %g disagrees with n_switched/n_total = %g",
                             v[col[COL_P]], k / n);
    } else {
        d->p[r] = v[col[COL_P]];
        if (!(d->p[r] >= 0 && d->p[r] <= 1))
            return ROW_ERROR(COL_P, "p = %g is outside [0, 1]", d->p[r]);
    }
    if (d->p_err) {
        d->p_err[r] = v[col[COL_PERR]];
        if (!(d->p_err[r] > 0))
            return ROW_ERROR(COL_PERR, "p_err must be positive, got %g", d->p_err[r]);
    }
    return MS_OK;
}

/* Curves: the given labels, else groups of equal (T, amplitude) when some group holds several
 * widths, else groups of equal (T, width). */
static int assign_curves(ms_fit_data *d, const ms_csv_table *t, int curve_col)
{
    double *key = malloc(2 * d->n * sizeof *key);
    if (!key)
        return 0;
    for (int pass = 0; pass < 2; pass++) {
        d->n_curves = 0;
        for (size_t r = 0; r < d->n; r++) {
            const double k0 = curve_col >= 0 ? t->value[r * t->n_cols + curve_col] : d->temperature[r];
            const double k1 = curve_col >= 0 ? 0 : pass == 0 ? d->amplitude[r] : d->width[r];
            int c = 0;
            while (c < d->n_curves && !(key[2 * c] == k0 && key[2 * c + 1] == k1))
                c++;
            if (c == d->n_curves) {
                key[2 * c] = k0, key[2 * c + 1] = k1;
                d->n_curves++;
            }
            d->curve[r] = c;
        }
        if (curve_col >= 0 || (size_t)d->n_curves < d->n)
            break;
    }
    free(key);
    return 1;
}

int ms_fit_data_from_table(ms_fit_data **out, const ms_csv_table *t, double temperature,
                           ms_error *err)
{
    *out = NULL;
    int col[COL_COUNT], status;
    double sc[3] = {1, 1, 1};
    ms_fit_data *d = calloc(1, sizeof *d);
    if (!d)
        return MS_ERROR(err, MS_ENOMEM, "fit: out of memory");
    snprintf(d->source, sizeof d->source, "%s", t->source);
    d->amplitude_unit = "A";
    MS_TRY(find_columns(t, col, err));
    if (t->n_rows == 0) {
        status = MS_ERROR(err, MS_EINPUT, "%s: no data rows after the header", t->source);
        goto fail;
    }
    MS_TRY(unit_scale(t, col[COL_WIDTH], "s", 1, &sc[0], err));
    MS_TRY(amplitude_unit(t, col[COL_AMP], d, &sc[1], err));
    if (col[COL_TEMP] >= 0)
        MS_TRY(unit_scale(t, col[COL_TEMP], "K", 0, &sc[2], err));
    d->n = t->n_rows;
    if (!alloc_data(d, col)) {
        status = MS_ERROR(err, MS_ENOMEM, "fit: out of memory");
        goto fail;
    }
    for (size_t r = 0; r < d->n; r++)
        MS_TRY(fill_row(t, col, r, sc, temperature, d, err));
    if (!assign_curves(d, t, col[COL_CURVE])) {
        status = MS_ERROR(err, MS_ENOMEM, "fit: out of memory");
        goto fail;
    }
    *out = d;
    return MS_OK;
fail:
    ms_fit_data_destroy(d);
    return status;
}

int ms_fit_data_read_csv(ms_fit_data **out, const char *path, double temperature, ms_error *err)
{
    ms_csv_table *t = NULL;
    int status = ms_csv_table_read(&t, path, err);
    if (status == MS_OK)
        status = ms_fit_data_from_table(out, t, temperature, err);
    ms_csv_table_destroy(t);
    return status;
}
