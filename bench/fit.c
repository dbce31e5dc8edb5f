/* bench/fit.c — speed of the closed-form models and of the fitter:
 *   fit/mfpt_eval        exact mean first-passage time evaluations per second (GSL quadrature)
 *   fit/thermal_fit      time of one binomial ML fit, thermal model, 80 points (5 × 8 × 2 T)
 *   fit/brown_fit        time of one fit of the brown (first-passage) model, 24 points */
#include <math.h>
#include <stdio.h>
#include <gsl/gsl_errno.h>
#include "common.h"
#include "metaspin/fit.h"
#include "metaspin/models.h"

enum { MAX_POINTS = 80 };

static double w_[MAX_POINTS], a_[MAX_POINTS], t_[MAX_POINTS], p_[MAX_POINTS], k_[MAX_POINTS],
    n_[MAX_POINTS];
static int l_[MAX_POINTS], c_[MAX_POINTS];

/* Expected counts (n P rounded) of model m at a grid of drives and widths. */
static ms_fit_data make_data(ms_fit_model m, const double v[MS_FIT_NPAR], int n_temp)
{
    ms_fit_options o;
    ms_fit_options_default(&o);
    o.t_ref = 300;
    ms_fit_data d = {.width = w_, .amplitude = a_, .temperature = t_, .p = p_, .n_switched = k_,
                     .n_total = n_, .line = l_, .curve = c_, .amplitude_unit = "A",
                     .source = "bench"};
    const int n_amp = m == MS_FIT_BROWN ? 4 : 5, n_w = m == MS_FIT_BROWN ? 6 : 8;
    for (int it = 0; it < n_temp; it++)
        for (int a = 0; a < n_amp; a++)
            for (int w = 0; w < n_w; w++) {
                const size_t j = d.n++;
                w_[j] = m == MS_FIT_BROWN ? 2e-9 * pow(2, w) : 1e-8 * pow(10, 0.8 * w);
                a_[j] = v[MS_FIT_AC0] * (m == MS_FIT_BROWN ? 0.1 + 0.1 * a : 0.6 + 0.07 * a);
                t_[j] = 300 + 50 * it, n_[j] = 100, l_[j] = (int)j, c_[j] = a;
                k_[j] = round(100 * ms_fit_model_p(m, v, &o, w_[j], a_[j], t_[j]));
                p_[j] = k_[j] / 100;
            }
    d.n_curves = n_amp * n_temp;
    return d;
}

static double time_fit(const ms_fit_data *d, ms_fit_model m, int reps)
{
    ms_fit_options o;
    ms_fit_options_default(&o);
    o.model = m, o.t_ref = 300;
    const double t0 = ms_bench_now();
    for (int r = 0; r < reps; r++) {
        ms_fit_result *res = NULL;
        ms_error err = {0};
        if (ms_fit_run(d, &o, &res, &err) != MS_OK)
            fprintf(stderr, "bench fit: %s\n", err.message);
        ms_fit_result_destroy(res);
    }
    return (ms_bench_now() - t0) / reps;
}

int main(void)
{
    gsl_set_error_handler_off();
    ms_error err = {0};
    double t, sum = 0;
    int n = 0;
    const double t0 = ms_bench_now();
    for (double s = 5; s < 60; s += 1)
        for (double i = 0; i < 0.9; i += 0.05, n++)
            sum += ms_model_mfpt(s, -i, 1e-10, 1, -0.5, &t, &err) == MS_OK ? t : 0;
    ms_bench_report("fit/mfpt_eval", n / (ms_bench_now() - t0), "evals/s", 1);
    const double vt[MS_FIT_NPAR] = {1e-9, 45, 5e-4, 2e-10, 1};
    ms_fit_data d = make_data(MS_FIT_THERMAL, vt, 2);
    ms_bench_report("fit/thermal_fit", 1e3 * time_fit(&d, MS_FIT_THERMAL, 10), "ms", 1);
    const double vb[MS_FIT_NPAR] = {1e-9, 12, 5e-4, 1e-10, 1};
    d = make_data(MS_FIT_BROWN, vb, 1);
    ms_bench_report("fit/brown_fit", 1e3 * time_fit(&d, MS_FIT_BROWN, 2), "ms", 1);
    return sum > 0 ? 0 : 1;
}
