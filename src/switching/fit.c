/* fit.c — estimation of the switching-model parameters from measured points (fit.h).
 *
 * Parameters θ are fitted as x = ln θ (all are positive). Counts given: binomial maximum
 * likelihood, found by Levenberg–Marquardt (GSL multifit_nlinear, central-difference Jacobian) on
 * the deviance residuals r_j = sign(k_j − n_j P_j) √d_j,
 *   d_j = 2 [k_j ln(k_j/(n_j P_j)) + (n_j − k_j) ln((n_j − k_j)/(n_j (1 − P_j)))],
 * whose sum of squares is the deviance; covariance = inverse Fisher information
 *   I = Σ_j n_j ∇P_j ∇P_jᵀ/(P_j (1 − P_j)).
 * p only: weighted least squares r_j = (p_j − P_j)/σ_j (σ_j = p_err, else 1 and the covariance
 * (JᵀJ)⁻¹ is scaled by χ²/dof). Starting values: a grid scaled to the data (amplitude range, pulse
 * widths), the best few refined by LM, the lowest objective kept. Identifiability is checked from
 * the data layout before fitting (points, distinct amplitudes and widths, all-zero data) and from
 * the conditioning of I after. 95 % intervals exp(x ± 1.96 σ_x); AIC = 2k − 2 ln L, BIC = k ln N
 * − 2 ln L. Output writers are in fit_output.c, models in fit_model.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_sf_gamma.h>
#include "metaspin/fit.h"
#include "fit_internal.h"

enum { MAX_STARTS = 256, N_REFINE = 4 };

typedef struct fit_problem {
    const ms_fit_data *d;
    ms_fit_options o;              /* t_ref resolved */
    ms_fit_model model;
    double value[MS_FIT_NPAR];     /* fixed values; free ones set from x */
    int slot[MS_FIT_NPAR];         /* free index -> parameter slot */
    int n_free, counts;
    int is_thermal;                /* the τ0, β thermal branch is part of the model */
    ms_fit_cache cache;            /* brown model: first-passage time of the last point */
} fit_problem;

static void set_x(fit_problem *f, const double *x)
{
    for (int k = 0; k < f->n_free; k++)
        f->value[f->slot[k]] = exp(fmin(fmax(x[k], -700.0), 700.0));
}

static double deviance_residual(double k, double n, double p, double q)
{
    const double lp = log(fmax(p, 1e-300)), lq = log(fmax(q, 1e-300));
    double dv = 0;
    if (k > 0)
        dv += k * (log(k / n) - lp);
    if (n - k > 0)
        dv += (n - k) * (log((n - k) / n) - lq);
    return (k - n * p >= 0 ? 1.0 : -1.0) * sqrt(fmax(2 * dv, 0.0));
}

static double point_residual(fit_problem *f, size_t j)
{
    const ms_fit_data *d = f->d;
    double p, q;
    ms_fit_model_pq_cached(f->model, f->value, &f->o, d->width[j], d->amplitude[j],
                           d->temperature[j], &p, &q, NULL, &f->cache);
    const double r = f->counts ? deviance_residual(d->n_switched[j], d->n_total[j], p, q)
                               : (d->p[j] - p) / (d->p_err ? d->p_err[j] : 1.0);
    return isfinite(r) ? r : 1e10;
}

static int gsl_residuals(const gsl_vector *x, void *data, gsl_vector *out)
{
    fit_problem *f = data;
    set_x(f, x->data);
    for (size_t j = 0; j < f->d->n; j++)
        gsl_vector_set(out, j, point_residual(f, j));
    return GSL_SUCCESS;
}

static double cost_at(fit_problem *f, const double *x)
{
    set_x(f, x);
    double s = 0;
    for (size_t j = 0; j < f->d->n; j++) {
        const double r = point_residual(f, j);
        s += r * r;
    }
    return s;
}

/* Levenberg–Marquardt from x (in/out); returns the final objective. */
static double lm_refine(fit_problem *f, double *x, int *iters)
{
    gsl_multifit_nlinear_parameters par = gsl_multifit_nlinear_default_parameters();
    par.trs = gsl_multifit_nlinear_trs_lm;
    par.fdtype = GSL_MULTIFIT_NLINEAR_CTRDIFF;
    gsl_multifit_nlinear_workspace *w =
        gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &par, f->d->n, (size_t)f->n_free);
    if (!w)
        return INFINITY;
    gsl_multifit_nlinear_fdf fdf = {.f = gsl_residuals, .n = f->d->n, .p = (size_t)f->n_free,
                                    .params = f};
    gsl_vector_view xv = gsl_vector_view_array(x, (size_t)f->n_free);
    int info = 0;
    gsl_multifit_nlinear_init(&xv.vector, &fdf, w);
    gsl_multifit_nlinear_driver(500, 1e-12, 1e-12, 1e-14, NULL, NULL, &info, w);
    const gsl_vector *xs = gsl_multifit_nlinear_position(w);
    for (int k = 0; k < f->n_free; k++)
        x[k] = gsl_vector_get(xs, (size_t)k);
    *iters += (int)gsl_multifit_nlinear_niter(w);
    gsl_multifit_nlinear_free(w);
    return cost_at(f, x);
}

/* ---- set-up: free parameters, data layout, starting grid ---------------------------------- */

static void setup_problem(fit_problem *f, const ms_fit_data *d, const ms_fit_options *o,
                          ms_fit_model m, int used[MS_FIT_NPAR], int is_free[MS_FIT_NPAR])
{
    memset(f, 0, sizeof *f);
    f->d = d, f->o = *o, f->model = m, f->counts = d->n_switched != NULL;
    f->cache.delta = NAN;
    const int thermal = m == MS_FIT_THERMAL || m == MS_FIT_COMBINED;
    const int ballistic = m != MS_FIT_THERMAL;  /* τ_D enters ballistic, combined and brown */
    f->is_thermal = thermal;
    used[MS_FIT_TAU0] = used[MS_FIT_BETA] = thermal;
    used[MS_FIT_DELTA] = used[MS_FIT_AC0] = 1;
    used[MS_FIT_TAUD] = ballistic;
    is_free[MS_FIT_TAU0] = thermal && o->tau0_free;
    is_free[MS_FIT_DELTA] = is_free[MS_FIT_AC0] = 1;
    is_free[MS_FIT_TAUD] = ballistic;
    is_free[MS_FIT_BETA] = thermal && o->beta == 0;
    f->value[MS_FIT_TAU0] = o->tau0;
    f->value[MS_FIT_BETA] = o->beta > 0 ? o->beta : 1.5;
    f->value[MS_FIT_DELTA] = 40, f->value[MS_FIT_AC0] = 1, f->value[MS_FIT_TAUD] = 1e-9;
    for (int s = 0; s < MS_FIT_NPAR; s++)
        if (is_free[s])
            f->slot[f->n_free++] = s;
}

typedef struct layout { size_t n_amp_t, n_width, n_temp; double a_min, a_max, t_geo; } layout;

static size_t count_distinct2(const double *a, const double *b, size_t n)
{
    size_t c = 0;
    for (size_t j = 0; j < n; j++) {
        size_t k = 0;
        while (k < j && !(a[k] == a[j] && (!b || b[k] == b[j])))
            k++;
        c += k == j;
    }
    return c;
}

static layout data_layout(const ms_fit_data *d)
{
    layout l = {count_distinct2(d->amplitude, d->temperature, d->n),
                count_distinct2(d->width, NULL, d->n), count_distinct2(d->temperature, NULL, d->n),
                INFINITY, 0, 0};
    for (size_t j = 0; j < d->n; j++) {
        const double a = fabs(d->amplitude[j]);
        if (a > 0)
            l.a_min = fmin(l.a_min, a);
        l.a_max = fmax(l.a_max, a);
        l.t_geo += log(d->width[j]) / (double)d->n;
    }
    l.t_geo = exp(l.t_geo);
    if (!isfinite(l.a_min))
        l.a_min = l.a_max;
    return l;
}

/* Starting points x (free parameters only) on a grid scaled to the data. */
static int make_starts(const fit_problem *f, const layout *l, double (*xs)[MS_FIT_NPAR])
{
    static const double deltas[] = {15, 30, 60, 120};
    static const double ac_th[] = {0.6, 0.9, 1.05, 1.2, 1.5, 2, 3, 5};
    static const double ac_ba[] = {0.2, 0.4, 0.6, 0.8, 0.95, 1.1, 1.5};
    static const double td[] = {0.01, 0.1, 1, 10};
    const int bal = f->model == MS_FIT_BALLISTIC, brown = f->model == MS_FIT_BROWN;
    const double *acs = bal ? ac_ba : ac_th;
    const int n_ac = bal ? 7 : 8, n_td = f->model == MS_FIT_THERMAL ? 1 : 4;
    const double a_base = bal ? l->a_min : l->a_max;
    /* τ_D of the brown model is a prefactor of exponentially long times: a physical range. */
    const double td_base = brown ? 3e-11 : l->t_geo;
    int n = 0;
    for (int a = 0; a < n_ac; a++)
        for (int e = 0; e < 4; e++)
            for (int t = 0; t < n_td && n < MAX_STARTS; t++, n++) {
                double v[MS_FIT_NPAR];
                memcpy(v, f->value, sizeof v);
                v[MS_FIT_DELTA] = deltas[e], v[MS_FIT_AC0] = acs[a] * a_base;
                v[MS_FIT_TAUD] = td[t] * td_base;
                for (int k = 0; k < f->n_free; k++)
                    xs[n][k] = log(v[f->slot[k]]);
            }
    return n;
}

/* ---- identifiability before fitting ---------------------------------------------------------- */

static int check_data(const ms_fit_data *d, const ms_fit_options *o, ms_error *err)
{
    if (d->n < 2)
        return MS_ERROR(err, MS_EINPUT, "%s: only one data point: a fit needs several points "
                        "(pulse widths and amplitudes) to determine the model parameters", d->source);
    size_t pos = 0, neg = 0, zero = 0, one = 0;
    for (size_t j = 0; j < d->n; j++) {
        pos += d->amplitude[j] > 0, neg += d->amplitude[j] < 0;
        zero += d->p[j] == 0, one += d->p[j] == 1;
        if (o->law == MS_FIT_LAW_CALLEN && !(d->temperature[j] < o->t_curie))
            return MS_ERROR(err, MS_EINPUT, "%s:%d: row %zu, column \"temperature\": %g K is not "
                            "below the Curie temperature %g K of the callen law", d->source,
                            d->line[j], j + 1, d->temperature[j], o->t_curie);
    }
    if (pos && neg)
        return MS_ERROR(err, MS_EINPUT, "%s: amplitudes of both signs: fit each polarity "
                        "(switching direction) separately", d->source);
    if (zero == d->n)
        return MS_ERROR(err, MS_EINPUT, "%s: not identifiable: no point switched (all p = 0); the "
                        "data only bound the parameters — add longer pulses or larger amplitudes",
                        d->source);
    if (one == d->n)
        return MS_ERROR(err, MS_EINPUT, "%s: not identifiable: every point switched (all p = 1); "
                        "the data only bound the parameters — add shorter pulses or smaller "
                        "amplitudes", d->source);
    return MS_OK;
}

static int check_model(const ms_fit_data *d, const fit_problem *f, const layout *l, ms_error *err)
{
    const char *name = ms_fit_model_name(f->model);
    if (d->n <= (size_t)f->n_free)
        return MS_ERROR(err, MS_EINPUT, "%s: not identifiable: %zu points for %d free parameters "
                        "of the %s model", d->source, d->n, f->n_free, name);
    const size_t need = 2 + (f->model == MS_FIT_BROWN || (f->is_thermal && f->o.beta == 0));
    if (l->n_amp_t < need)
        return MS_ERROR(err, MS_EINPUT, "%s: not identifiable: the %s model needs at least %zu "
                        "distinct amplitudes (or temperatures) to separate delta and a_c0; the data "
                        "have %zu", d->source, name, need, l->n_amp_t);
    if ((f->model == MS_FIT_BALLISTIC || f->model == MS_FIT_COMBINED) && l->n_width < 2)
        return MS_ERROR(err, MS_EINPUT, "%s: not identifiable: the %s model needs at least two "
                        "pulse widths to separate tau_d from a_c0", d->source, name);
    const int one_t = l->n_temp < 2 || f->o.law == MS_FIT_LAW_NONE;
    if (f->model == MS_FIT_THERMAL && f->o.tau0_free && f->o.beta == 1 && one_t)
        return MS_ERROR(err, MS_EINPUT, "%s: not identifiable: with beta = 1 at one temperature, "
                        "tau0, delta and a_c0 enter only through ln tau0 + delta and delta/a_c0; fix "
                        "tau0 (fit.tau0_free = false) or add temperatures", d->source);
    return MS_OK;
}

/* ---- covariance, goodness of fit, per-point results ----------------------------------------- */

/* ∇_x P at point j by central differences in x = ln θ. */
static void grad_p(fit_problem *f, const double *x, double width, double amp, double temp,
                   double *g)
{
    double xp[MS_FIT_NPAR], p1, p2, q;
    memcpy(xp, x, sizeof xp);
    for (int k = 0; k < f->n_free; k++) {
        const double h = 1e-5;
        xp[k] = x[k] + h;
        set_x(f, xp);
        ms_fit_model_pq_cached(f->model, f->value, &f->o, width, amp, temp, &p1, &q, NULL, NULL);
        xp[k] = x[k] - h;
        set_x(f, xp);
        ms_fit_model_pq_cached(f->model, f->value, &f->o, width, amp, temp, &p2, &q, NULL, NULL);
        xp[k] = x[k];
        g[k] = (p1 - p2) / (2 * h);
    }
    set_x(f, x);
}

/* Fisher information (or JᵀWJ) in x, inverted into r->cov (slot-indexed). */
static int covariance(fit_problem *f, const double *x, double scale, ms_fit_result *r, ms_error *err)
{
    const int m = f->n_free;
    gsl_matrix *info = gsl_matrix_calloc((size_t)m, (size_t)m);
    gsl_vector *work = gsl_vector_alloc(3 * (size_t)m);
    if (!info || !work) {
        gsl_matrix_free(info);
        gsl_vector_free(work);
        return MS_ERROR(err, MS_ENOMEM, "fit: out of memory");
    }
    const ms_fit_data *d = f->d;
    for (size_t j = 0; j < d->n; j++) {
        double g[MS_FIT_NPAR], w;
        grad_p(f, x, d->width[j], d->amplitude[j], d->temperature[j], g);
        if (f->counts) {
            const double p = r->p_model[j];
            w = d->n_total[j] / fmax(p * (1 - p), 1e-300);
        } else {
            const double s = d->p_err ? d->p_err[j] : 1.0;
            w = 1 / (s * s);
        }
        for (int a = 0; a < m; a++)
            for (int b = 0; b < m; b++)
                *gsl_matrix_ptr(info, (size_t)a, (size_t)b) += w * g[a] * g[b];
    }
    double rcond = 0;
    int s = gsl_linalg_cholesky_decomp1(info);
    if (s == GSL_SUCCESS)
        s = gsl_linalg_cholesky_rcond(info, &rcond, work);
    if (s != GSL_SUCCESS || !(rcond > 1e-13)) {
        gsl_matrix_free(info);
        gsl_vector_free(work);
        return MS_ERROR(err, MS_EINPUT, "%s: not identifiable with the %s model: the data do not "
                        "constrain its %d free parameters separately (information matrix singular, "
                        "rcond = %.1e); fix tau0 or beta, or add amplitudes, widths or temperatures",
                        d->source, ms_fit_model_name(f->model), m, rcond);
    }
    gsl_linalg_cholesky_invert(info);
    memset(r->cov, 0, sizeof r->cov);
    for (int a = 0; a < m; a++)
        for (int b = 0; b < m; b++)
            r->cov[f->slot[a] * MS_FIT_NPAR + f->slot[b]] = scale * gsl_matrix_get(info, (size_t)a,
                                                                                     (size_t)b);
    gsl_matrix_free(info);
    gsl_vector_free(work);
    return MS_OK;
}

static void goodness(fit_problem *f, ms_fit_result *r)
{
    const ms_fit_data *d = f->d;
    double dev = 0, chi2 = 0, ll = 0, ss_res = 0, ss_tot = 0, mean = 0, log_sigma = 0;
    for (size_t j = 0; j < d->n; j++)
        mean += d->p[j] / (double)d->n;
    for (size_t j = 0; j < d->n; j++) {
        const double p = r->p_model[j], q = 1 - p, e = d->p[j] - p;
        ss_res += e * e, ss_tot += (d->p[j] - mean) * (d->p[j] - mean);
        if (f->counts) {
            const double k = d->n_switched[j], n = d->n_total[j];
            const double rd = deviance_residual(k, n, p, q);
            dev += rd * rd;
            r->residual[j] = (k - n * p) / sqrt(fmax(n * p * q, 1e-300));
            chi2 += r->residual[j] * r->residual[j];
            ll += lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) +
                  (k > 0 ? k * log(fmax(p, 1e-300)) : 0) + (n > k ? (n - k) * log(fmax(q, 1e-300)) : 0);
        } else {
            const double s = d->p_err ? d->p_err[j] : 1.0;
            r->residual[j] = e / s;
            chi2 += r->residual[j] * r->residual[j];
            log_sigma += log(s);
        }
    }
    r->dof = (double)d->n - f->n_free;
    r->chi2 = chi2;
    r->r2 = ss_tot > 0 ? 1 - ss_res / ss_tot : NAN;
    int k = f->n_free;
    if (f->counts) {
        r->deviance = dev;
        r->p_value = gsl_cdf_chisq_Q(dev, r->dof);
    } else if (d->p_err) {
        r->deviance = chi2;
        ll = -0.5 * chi2 - log_sigma - 0.5 * (double)d->n * log(2 * M_PI);
        r->p_value = gsl_cdf_chisq_Q(chi2, r->dof);
    } else {  /* σ estimated from the residuals: one more parameter */
        const double s2 = fmax(chi2 / (double)d->n, 1e-300);
        r->deviance = chi2;
        ll = -0.5 * (double)d->n * (log(2 * M_PI * s2) + 1);
        r->p_value = NAN;
        k++;
    }
    r->loglik = ll;
    r->aic = 2 * k - 2 * ll;
    r->bic = k * log((double)d->n) - 2 * ll;
}

static ms_fit_result *result_alloc(size_t n)
{
    ms_fit_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->n = n;
    r->p_model = malloc(n * sizeof(double));
    r->p_lo = malloc(n * sizeof(double));
    r->p_hi = malloc(n * sizeof(double));
    r->residual = malloc(n * sizeof(double));
    r->regime = malloc(n * sizeof(int));
    if (!r->p_model || !r->p_lo || !r->p_hi || !r->residual || !r->regime) {
        ms_fit_result_destroy(r);
        return NULL;
    }
    for (int k = 0; k < MS_FIT_NMODELS; k++)
        r->ic_all[k] = NAN;
    return r;
}

void ms_fit_result_destroy(ms_fit_result *r)
{
    if (!r)
        return;
    free(r->p_model);
    free(r->p_lo);
    free(r->p_hi);
    free(r->residual);
    free(r->regime);
    free(r);
}

/* Best of the starting grid, refined by LM from the N_REFINE best starts. */
static void search(fit_problem *f, const layout *l, double *best, int *iters)
{
    double (*starts)[MS_FIT_NPAR] = malloc(MAX_STARTS * sizeof *starts);
    double cost[MAX_STARTS];
    for (int k = 0; k < f->n_free; k++)
        best[k] = log(f->value[f->slot[k]]);
    const int n = starts ? make_starts(f, l, starts) : 0;
    for (int s = 0; s < n; s++)
        cost[s] = cost_at(f, starts[s]);
    double best_cost = INFINITY;
    for (int round = 0; round < N_REFINE && round < n; round++) {
        int k = -1;
        for (int s = 0; s < n; s++)
            if (isfinite(cost[s]) && (k < 0 || cost[s] < cost[k]))
                k = s;
        if (k < 0)
            break;
        cost[k] = INFINITY;
        double x[MS_FIT_NPAR];
        memcpy(x, starts[k], sizeof x);
        const double c = lm_refine(f, x, iters);
        if (c < best_cost) {
            best_cost = c;
            memcpy(best, x, sizeof x);
        }
    }
    free(starts);
}

static void fill_parameters(const fit_problem *f, const double *x, ms_fit_result *r)
{
    for (int s = 0; s < MS_FIT_NPAR; s++) {
        r->value[s] = f->value[s];
        r->error[s] = 0, r->ci_lo[s] = r->ci_hi[s] = f->value[s];
    }
    for (int k = 0; k < f->n_free; k++) {
        const int s = f->slot[k];
        const double sd = sqrt(r->cov[s * MS_FIT_NPAR + s]);
        r->error[s] = r->value[s] * sd;
        r->ci_lo[s] = exp(x[k] - 1.959963984540054 * sd);
        r->ci_hi[s] = exp(x[k] + 1.959963984540054 * sd);
    }
}

static int fit_one(const ms_fit_data *d, const ms_fit_options *o, ms_fit_model m,
                   ms_fit_result **out, ms_error *err)
{
    *out = NULL;
    fit_problem f;
    int used[MS_FIT_NPAR], is_free[MS_FIT_NPAR], status;
    setup_problem(&f, d, o, m, used, is_free);
    const layout l = data_layout(d);
    MS_TRY(check_model(d, &f, &l, err));
    ms_fit_result *r = result_alloc(d->n);
    if (!r)
        return MS_ERROR(err, MS_ENOMEM, "fit: out of memory");
    double x[MS_FIT_NPAR] = {0};
    search(&f, &l, x, &r->iterations);
    set_x(&f, x);
    r->model = m, r->opt = f.o, r->counts = f.counts, r->n_free = f.n_free;
    memcpy(r->is_free, is_free, sizeof is_free);
    memcpy(r->is_used, used, sizeof used);
    snprintf(r->amplitude_unit, sizeof r->amplitude_unit, "%s", d->amplitude_unit);
    for (size_t j = 0; j < d->n; j++) {
        double q, i;
        ms_fit_model_pq(m, f.value, &f.o, d->width[j], d->amplitude[j], d->temperature[j],
                        &r->p_model[j], &q, &i);
        r->regime[j] = i >= 1;
    }
    goodness(&f, r);
    const double scale = (!f.counts && !d->p_err && r->dof > 0) ? r->chi2 / r->dof : 1.0;
    status = covariance(&f, x, scale, r, err);
    if (status != MS_OK) {
        ms_fit_result_destroy(r);
        return status;
    }
    fill_parameters(&f, x, r);
    for (size_t j = 0; j < d->n; j++) {
        double p;
        ms_fit_predict(r, d->width[j], d->amplitude[j], d->temperature[j], &p, &r->p_lo[j],
                       &r->p_hi[j]);
    }
    *out = r;
    return MS_OK;
fail:
    return status;
}

/* Reference temperature: given, else the data's if unique, else 300 K. */
static double resolve_t_ref(const ms_fit_data *d, const ms_fit_options *o)
{
    if (o->t_ref > 0)
        return o->t_ref;
    for (size_t j = 1; j < d->n; j++)
        if (d->temperature[j] != d->temperature[0])
            return 300.0;
    return d->temperature[0];
}

static int fit_auto(const ms_fit_data *d, const ms_fit_options *o, ms_fit_result **out,
                    ms_error *err)
{
    ms_fit_result *r[MS_FIT_NMODELS] = {NULL};
    ms_error e[MS_FIT_NMODELS] = {{0}};
    int best = -1;
    for (int m = 0; m < MS_FIT_NMODELS; m++) {
        if (fit_one(d, o, (ms_fit_model)m, &r[m], &e[m]) != MS_OK)
            continue;
        const double ic = o->use_bic ? r[m]->bic : r[m]->aic;
        if (best < 0 || ic < (o->use_bic ? r[best]->bic : r[best]->aic))
            best = m;
    }
    if (best < 0) {
        *err = e[0];
        ms_error_prefix(err, "auto: no model could be fitted; thermal");
        return err->code;
    }
    const char *ic = o->use_bic ? "BIC" : "AIC";
    char *note = r[best]->note;
    const size_t cap = sizeof r[best]->note;
    size_t len = (size_t)snprintf(note, cap, "auto: %s chosen by %s;",
                                  ms_fit_model_name((ms_fit_model)best), ic);
    for (int m = 0; m < MS_FIT_NMODELS && len < cap; m++) {
        const char *name = ms_fit_model_name((ms_fit_model)m);
        r[best]->ic_all[m] = r[m] ? (o->use_bic ? r[m]->bic : r[m]->aic) : NAN;
        if (r[m])
            len += (size_t)snprintf(note + len, cap - len, " %s %s %.2f;", name, ic,
                                    r[best]->ic_all[m]);
        else
            len += (size_t)snprintf(note + len, cap - len, " %s not fitted (%s);", name,
                                    strstr(e[m].message, "not identifiable") ? "not identifiable"
                                                                              : e[m].message);
    }
    for (int m = 0; m < MS_FIT_NMODELS; m++)
        if (m != best)
            ms_fit_result_destroy(r[m]);
    *out = r[best];
    return MS_OK;
}

int ms_fit_run(const ms_fit_data *d, const ms_fit_options *o, ms_fit_result **out, ms_error *err)
{
    *out = NULL;
    if ((unsigned)o->model > MS_FIT_AUTO || !(o->beta == 0 || o->beta == 1 || o->beta == 2) ||
        !(o->tau0 > 0))
        return MS_ERROR(err, MS_EINPUT, "fit: bad options (model %d, beta %g, tau0 %g)",
                        (int)o->model, o->beta, o->tau0);
    ms_fit_options opt = *o;
    opt.t_ref = resolve_t_ref(d, o);
    int status = check_data(d, &opt, err);
    if (status != MS_OK)
        return status;
    if (opt.model == MS_FIT_AUTO)
        return fit_auto(d, &opt, out, err);
    return fit_one(d, &opt, opt.model, out, err);
}

void ms_fit_predict(const ms_fit_result *r, double width, double amplitude, double temperature,
                    double *p, double *lo, double *hi)
{
    double v[MS_FIT_NPAR], g[MS_FIT_NPAR] = {0}, q, p1, p2;
    memcpy(v, r->value, sizeof v);
    ms_fit_model_pq(r->model, v, &r->opt, width, amplitude, temperature, p, &q, NULL);
    for (int s = 0; s < MS_FIT_NPAR; s++) {
        if (!r->is_free[s])
            continue;
        const double h = 1e-5;
        v[s] = r->value[s] * exp(h);
        ms_fit_model_pq(r->model, v, &r->opt, width, amplitude, temperature, &p1, &q, NULL);
        v[s] = r->value[s] * exp(-h);
        ms_fit_model_pq(r->model, v, &r->opt, width, amplitude, temperature, &p2, &q, NULL);
        v[s] = r->value[s];
        g[s] = (p1 - p2) / (2 * h);
    }
    double var = 0;
    for (int a = 0; a < MS_FIT_NPAR; a++)
        for (int b = 0; b < MS_FIT_NPAR; b++)
            var += g[a] * r->cov[a * MS_FIT_NPAR + b] * g[b];
    const double half = 1.959963984540054 * sqrt(fmax(var, 0));
    *lo = fmax(*p - half, 0);
    *hi = fmin(*p + half, 1);
}
