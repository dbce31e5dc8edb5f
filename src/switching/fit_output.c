/* fit_output.c — writers of a fit result: readable report (stdout), JSON, HDF5 (fit.h).
 *
 * HDF5 layout (under the file root given by the caller):
 *   /data/{width (s), amplitude (A, A/m^2, V or A/m), temperature (K), p, n_switched, n_total,
 *          line, curve}
 *   /fit/p_model, /fit/p_lo, /fit/p_hi (95 % delta-method band), /fit/residual, /fit/regime
 *        (0 thermal i < 1, 1 ballistic i ≥ 1); attributes model, estimation, note
 *   /fit/parameters/<name> scalar in SI with attributes error, ci_lo, ci_hi, free
 *   /fit/goodness/{loglik, deviance, chi2, dof, p_value, r2, aic, bic}
 *   /band/curve_<k>/{x, p, lo, hi} fitted curve and its 95 % band along the curve's varying axis
 *        (attribute axis = "width" or "amplitude"; amplitude, temperature of the curve as attributes).
 * scripts/plot_fit.py draws data, fit and band from this file. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/fit.h"
#include "metaspin/h5.h"

static const char *param_unit(const ms_fit_result *r, int s)
{
    return s == MS_FIT_TAU0 || s == MS_FIT_TAUD ? "s" : s == MS_FIT_AC0 ? r->amplitude_unit : "";
}

static const char *estimation_name(const ms_fit_result *r, const ms_fit_data *d)
{
    if (r->counts)
        return "binomial maximum likelihood";
    return d->p_err ? "weighted least squares (p_err)" : "least squares (sigma from residuals)";
}

static const char *law_name(ms_fit_law l)
{
    return l == MS_FIT_LAW_NONE ? "none" : l == MS_FIT_LAW_INVERSE ? "inverse" : "callen";
}

int ms_fit_report_write(FILE *out, const ms_fit_data *d, const ms_fit_result *r)
{
    fprintf(out, "fit of %s: %zu points in %d curves, %s\n", d->source, d->n, d->n_curves,
            estimation_name(r, d));
    fprintf(out, "model: %s", ms_fit_model_name(r->model));
    if (r->is_used[MS_FIT_BETA])
        fprintf(out, ", beta %s", r->is_free[MS_FIT_BETA] ? "fitted" : "fixed");
    fprintf(out, "; temperature law %s, parameters at T_ref = %g K\n", law_name(r->opt.law),
            r->opt.t_ref);
    if (r->note[0])
        fprintf(out, "%s\n", r->note);
    fprintf(out, "\n  %-8s %14s %12s   %-29s %s\n", "param", "value", "std.error", "95 % interval",
            "unit");
    for (int s = 0; s < MS_FIT_NPAR; s++) {
        if (!r->is_used[s])
            continue;
        if (r->is_free[s])
            fprintf(out, "  %-8s %14.6g %12.3g   [%12.6g, %12.6g]  %s\n", ms_fit_param_name(s),
                    r->value[s], r->error[s], r->ci_lo[s], r->ci_hi[s], param_unit(r, s));
        else
            fprintf(out, "  %-8s %14.6g %12s   %-29s %s\n", ms_fit_param_name(s), r->value[s],
                    "(fixed)", "", param_unit(r, s));
    }
    fprintf(out, "\ngoodness of fit: %s %.4g on %g degrees of freedom (per dof %.3g, p-value %.3g), "
            "Pearson chi2 %.4g, R^2 %.4f\n", r->counts ? "deviance" : "chi2", r->deviance, r->dof,
            r->deviance / r->dof, r->p_value, r->chi2, r->r2);
    fprintf(out, "log-likelihood %.6g, AIC %.6g, BIC %.6g, %d iterations\n\n", r->loglik, r->aic,
            r->bic, r->iterations);
    fprintf(out, "  %5s %11s %12s %7s %8s %8s %19s %9s  %s\n", "line", "width(s)", "amplitude",
            "T(K)", "p_data", "p_fit", "95 % band", "residual", "regime");
    for (size_t j = 0; j < d->n; j++)
        fprintf(out, "  %5d %11.4g %12.5g %7.1f %8.4f %8.4f [%7.4f, %7.4f] %9.3f  %s\n", d->line[j],
                d->width[j], d->amplitude[j], d->temperature[j], d->p[j], r->p_model[j],
                r->p_lo[j], r->p_hi[j], r->residual[j], r->regime[j] ? "ballistic" : "thermal");
    return ferror(out) ? MS_EIO : MS_OK;
}

/* ---- JSON ------------------------------------------------------------------------------------ */

static void json_num(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.17g", v);
    else
        fputs("null", f);
}

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            fprintf(f, "\\u%04x", (unsigned char)*s);
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

static void json_array(FILE *f, const char *name, const double *v, size_t n, int last)
{
    fprintf(f, "    \"%s\": [", name);
    for (size_t j = 0; j < n; j++) {
        json_num(f, v[j]);
        fputs(j + 1 < n ? ", " : "", f);
    }
    fprintf(f, "]%s\n", last ? "" : ",");
}

static void json_parameters(FILE *f, const ms_fit_result *r)
{
    fputs("  \"parameters\": {\n", f);
    int first = 1;
    for (int s = 0; s < MS_FIT_NPAR; s++) {
        if (!r->is_used[s])
            continue;
        fprintf(f, "%s    \"%s\": {\"value\": ", first ? "" : ",\n", ms_fit_param_name(s));
        json_num(f, r->value[s]);
        fputs(", \"error\": ", f);
        json_num(f, r->error[s]);
        fputs(", \"ci95\": [", f);
        json_num(f, r->ci_lo[s]);
        fputs(", ", f);
        json_num(f, r->ci_hi[s]);
        fprintf(f, "], \"free\": %s, \"unit\": \"%s\"}", r->is_free[s] ? "true" : "false",
                param_unit(r, s));
        first = 0;
    }
    fputs("\n  },\n", f);
}

static void json_goodness(FILE *f, const ms_fit_result *r)
{
    const char *names[] = {"loglik", "deviance", "chi2", "dof", "p_value", "r2", "aic", "bic"};
    const double vals[] = {r->loglik, r->deviance, r->chi2, r->dof, r->p_value, r->r2, r->aic, r->bic};
    fputs("  \"goodness\": {", f);
    for (int k = 0; k < 8; k++) {
        fprintf(f, "%s\"%s\": ", k ? ", " : "", names[k]);
        json_num(f, vals[k]);
    }
    fputs("},\n", f);
}

int ms_fit_json_write(const char *path, const ms_fit_data *d, const ms_fit_result *r, ms_error *err)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return MS_ERROR(err, MS_EIO, "%s: cannot write", tmp);
    fputs("{\n  \"source\": ", f);
    json_string(f, d->source);
    fprintf(f, ",\n  \"model\": \"%s\",\n  \"estimation\": \"%s\",\n",
            ms_fit_model_name(r->model), estimation_name(r, d));
    fprintf(f, "  \"temperature_law\": \"%s\",\n  \"reference_temperature\": ", law_name(r->opt.law));
    json_num(f, r->opt.t_ref);
    fprintf(f, ",\n  \"amplitude_unit\": \"%s\",\n  \"note\": ", r->amplitude_unit);
    json_string(f, r->note);
    fputs(",\n", f);
    json_parameters(f, r);
    json_goodness(f, r);
    double *regime = malloc(d->n * sizeof *regime);
    for (size_t j = 0; regime && j < d->n; j++)
        regime[j] = r->regime[j];
    fputs("  \"points\": {\n", f);
    json_array(f, "width", d->width, d->n, 0);
    json_array(f, "amplitude", d->amplitude, d->n, 0);
    json_array(f, "temperature", d->temperature, d->n, 0);
    json_array(f, "p", d->p, d->n, 0);
    json_array(f, "p_model", r->p_model, d->n, 0);
    json_array(f, "p_lo", r->p_lo, d->n, 0);
    json_array(f, "p_hi", r->p_hi, d->n, 0);
    if (regime)
        json_array(f, "regime_ballistic", regime, d->n, 0);
    json_array(f, "residual", r->residual, d->n, 1);
    fputs("  }\n}\n", f);
    free(regime);
    const int bad = ferror(f) | (fclose(f) != 0);
    if (bad || rename(tmp, path) != 0) {
        remove(tmp);
        return MS_ERROR(err, MS_EIO, "%s: write failed", path);
    }
    return MS_OK;
}

/* ---- HDF5 -------------------------------------------------------------------------------------- */

static int h5_data(hid_t loc, const ms_fit_data *d, ms_error *err)
{
    const hsize_t n = d->n;
    int status;
    int64_t *iv = malloc(2 * d->n * sizeof *iv);
    if (!iv)
        return MS_ERROR(err, MS_ENOMEM, "fit: out of memory");
    for (size_t j = 0; j < d->n; j++)
        iv[j] = d->line[j], iv[d->n + j] = d->curve[j];
    MS_TRY(ms_h5_write_double(loc, "/data/width", d->width, 1, &n, "s", err));
    MS_TRY(ms_h5_write_double(loc, "/data/amplitude", d->amplitude, 1, &n, d->amplitude_unit, err));
    MS_TRY(ms_h5_write_double(loc, "/data/temperature", d->temperature, 1, &n, "K", err));
    MS_TRY(ms_h5_write_double(loc, "/data/p", d->p, 1, &n, "", err));
    if (d->n_switched) {
        MS_TRY(ms_h5_write_double(loc, "/data/n_switched", d->n_switched, 1, &n, "", err));
        MS_TRY(ms_h5_write_double(loc, "/data/n_total", d->n_total, 1, &n, "", err));
    }
    if (d->p_err)
        MS_TRY(ms_h5_write_double(loc, "/data/p_err", d->p_err, 1, &n, "", err));
    MS_TRY(ms_h5_write_int64(loc, "/data/line", iv, 1, &n, "", err));
    MS_TRY(ms_h5_write_int64(loc, "/data/curve", iv + d->n, 1, &n, "", err));
    MS_TRY(ms_h5_attr_string(loc, "/data", "source", d->source, err));
fail:
    free(iv);
    return status;
}

static int h5_fit(hid_t loc, const ms_fit_data *d, const ms_fit_result *r, ms_error *err)
{
    const hsize_t n = d->n;
    int status;
    int64_t *regime = malloc(d->n * sizeof *regime);
    if (!regime)
        return MS_ERROR(err, MS_ENOMEM, "fit: out of memory");
    for (size_t j = 0; j < d->n; j++)
        regime[j] = r->regime[j];
    MS_TRY(ms_h5_write_double(loc, "/fit/p_model", r->p_model, 1, &n, "", err));
    MS_TRY(ms_h5_write_double(loc, "/fit/p_lo", r->p_lo, 1, &n, "", err));
    MS_TRY(ms_h5_write_double(loc, "/fit/p_hi", r->p_hi, 1, &n, "", err));
    MS_TRY(ms_h5_write_double(loc, "/fit/residual", r->residual, 1, &n, "", err));
    MS_TRY(ms_h5_write_int64(loc, "/fit/regime", regime, 1, &n, "", err));
    MS_TRY(ms_h5_attr_string(loc, "/fit", "model", ms_fit_model_name(r->model), err));
    MS_TRY(ms_h5_attr_string(loc, "/fit", "estimation", estimation_name(r, d), err));
    MS_TRY(ms_h5_attr_string(loc, "/fit", "temperature_law", law_name(r->opt.law), err));
    MS_TRY(ms_h5_attr_double(loc, "/fit", "reference_temperature", r->opt.t_ref, err));
    MS_TRY(ms_h5_attr_string(loc, "/fit", "note", r->note, err));
    for (int s = 0; s < MS_FIT_NPAR; s++) {
        if (!r->is_used[s])
            continue;
        char path[64];
        snprintf(path, sizeof path, "/fit/parameters/%s", ms_fit_param_name(s));
        MS_TRY(ms_h5_write_scalar(loc, path, r->value[s], param_unit(r, s), err));
        MS_TRY(ms_h5_attr_double(loc, path, "error", r->error[s], err));
        MS_TRY(ms_h5_attr_double(loc, path, "ci_lo", r->ci_lo[s], err));
        MS_TRY(ms_h5_attr_double(loc, path, "ci_hi", r->ci_hi[s], err));
        MS_TRY(ms_h5_attr_double(loc, path, "free", r->is_free[s], err));
    }
    const char *names[] = {"loglik", "deviance", "chi2", "dof", "p_value", "r2", "aic", "bic"};
    const double vals[] = {r->loglik, r->deviance, r->chi2, r->dof, r->p_value, r->r2, r->aic, r->bic};
    for (int k = 0; k < 8; k++) {
        char path[64];
        snprintf(path, sizeof path, "/fit/goodness/%s", names[k]);
        MS_TRY(ms_h5_write_scalar(loc, path, vals[k], "", err));
    }
fail:
    free(regime);
    return status;
}

/* Grid along the curve's varying axis: log in width, linear in amplitude. */
static int h5_band(hid_t loc, const ms_fit_data *d, const ms_fit_result *r, int c, double *buf,
                   ms_error *err)
{
    double wmin = INFINITY, wmax = 0, amin = INFINITY, amax = -INFINITY, amp = 0, temp = 0;
    for (size_t j = 0; j < d->n; j++) {
        if (d->curve[j] != c)
            continue;
        wmin = fmin(wmin, d->width[j]), wmax = fmax(wmax, d->width[j]);
        amin = fmin(amin, d->amplitude[j]), amax = fmax(amax, d->amplitude[j]);
        amp = d->amplitude[j], temp = d->temperature[j];
    }
    if (wmax == 0)
        return MS_OK;
    const int along_width = wmax > wmin || amax == amin;
    const int m = r->opt.band_points;
    const double w = along_width ? 0 : wmin;
    double *x = buf, *p = buf + m, *lo = buf + 2 * m, *hi = buf + 3 * m;
    for (int k = 0; k < m; k++) {
        const double f = (double)k / (m - 1);
        x[k] = along_width ? exp(log(wmin / 2) + f * log(4 * wmax / wmin))
                           : amin - 0.05 * (amax - amin) + 1.1 * f * (amax - amin);
        ms_fit_predict(r, along_width ? x[k] : w, along_width ? amp : x[k], temp, &p[k], &lo[k],
                       &hi[k]);
    }
    char path[64];
    const hsize_t dim = (hsize_t)m;
    int status;
    const char *names[] = {"x", "p", "lo", "hi"};
    for (int q = 0; q < 4; q++) {
        snprintf(path, sizeof path, "/band/curve_%d/%s", c, names[q]);
        MS_TRY(ms_h5_write_double(loc, path, buf + q * m, 1, &dim,
                                  q ? "" : along_width ? "s" : d->amplitude_unit, err));
    }
    snprintf(path, sizeof path, "/band/curve_%d", c);
    MS_TRY(ms_h5_attr_string(loc, path, "axis", along_width ? "width" : "amplitude", err));
    MS_TRY(ms_h5_attr_double(loc, path, along_width ? "amplitude" : "width", along_width ? amp : w,
                             err));
    MS_TRY(ms_h5_attr_double(loc, path, "temperature", temp, err));
fail:
    return status;
}

int ms_fit_h5_write(hid_t loc, const ms_fit_data *d, const ms_fit_result *r, ms_error *err)
{
    int status;
    double *buf = malloc(4 * (size_t)r->opt.band_points * sizeof *buf);
    if (!buf)
        return MS_ERROR(err, MS_ENOMEM, "fit: out of memory");
    MS_TRY(h5_data(loc, d, err));
    MS_TRY(h5_fit(loc, d, r, err));
    for (int c = 0; c < d->n_curves; c++)
        MS_TRY(h5_band(loc, d, r, c, buf, err));
fail:
    free(buf);
    return status;
}

/* ---- comparison with the stochastic solver --------------------------------------------------- */

int ms_fit_simulation_report_write(FILE *out, const ms_fit_data *d, const ms_fit_result *r,
                                   const ms_fit_simulation *s)
{
    fprintf(out, "\nstochastic macrospin solver (%zu trials per point, %zu of %zu points simulated):\n",
            s->trials, s->n_simulated, d->n);
    fprintf(out, "distance to the data: deviance %.4g, chi2 %.4g on %g points (p-value %.3g), "
            "R^2 %.4f\n", s->deviance, s->chi2, s->dof, s->p_value, s->r2);
    fprintf(out, "  %5s %11s %12s %7s %8s %8s %19s %8s\n", "line", "width(s)", "amplitude", "T(K)",
            "p_data", "p_sim", "95 % interval", "p_fit");
    for (size_t j = 0; j < d->n; j++) {
        if (isfinite(s->p_sim[j]))
            fprintf(out, "  %5d %11.4g %12.5g %7.1f %8.4f %8.4f [%7.4f, %7.4f] %8.4f\n", d->line[j],
                    d->width[j], d->amplitude[j], d->temperature[j], d->p[j], s->p_sim[j], s->lo[j],
                    s->hi[j], r->p_model[j]);
        else
            fprintf(out, "  %5d %11.4g %12.5g %7.1f %8.4f %8s %19s %8.4f  (too long: closed form)\n",
                    d->line[j], d->width[j], d->amplitude[j], d->temperature[j], d->p[j], "-", "",
                    r->p_model[j]);
    }
    return ferror(out) ? MS_EIO : MS_OK;
}

int ms_fit_simulation_h5_write(hid_t loc, const ms_fit_simulation *s, ms_error *err)
{
    const hsize_t n = s->n;
    int status;
    MS_TRY(ms_h5_write_double(loc, "/simulate/p_sim", s->p_sim, 1, &n, "", err));
    MS_TRY(ms_h5_write_double(loc, "/simulate/p_lo", s->lo, 1, &n, "", err));
    MS_TRY(ms_h5_write_double(loc, "/simulate/p_hi", s->hi, 1, &n, "", err));
    MS_TRY(ms_h5_attr_double(loc, "/simulate", "trials", (double)s->trials, err));
    MS_TRY(ms_h5_write_scalar(loc, "/simulate/deviance", s->deviance, "", err));
    MS_TRY(ms_h5_write_scalar(loc, "/simulate/chi2", s->chi2, "", err));
    MS_TRY(ms_h5_write_scalar(loc, "/simulate/dof", s->dof, "", err));
    MS_TRY(ms_h5_write_scalar(loc, "/simulate/p_value", s->p_value, "", err));
    MS_TRY(ms_h5_write_scalar(loc, "/simulate/r2", s->r2, "", err));
fail:
    return status;
}
