/* check_fit.c — CSV reading, malformed-input errors (issue 7: missing column, non-numeric cell,
 * p outside [0, 1], n_switched > n_total, a single point, all-zero data, ...) and recovery of known
 * parameters from noise-free data generated here with the model formulas of PHYSICS.md §1
 * (P = 1 − exp(−t/τ), τ = τ0 exp(Δ (1 − i)^β); P = exp(−(π²Δ/4) exp(−2t(i − 1)/τ_D))), written
 * out independently of fit_model.c. Coverage of the 95 % intervals under binomial noise is
 * validated in validation/fit/. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>
#include "metaspin/fit.h"
#include "metaspin/h5.h"
#include "testutil.h"

static int load(const char *text, ms_fit_data **d, ms_error *err)
{
    ms_csv_table *t = NULL;
    *d = NULL;
    int status = ms_csv_table_parse(&t, text, "data.csv", err);
    if (status == MS_OK)
        status = ms_fit_data_from_table(d, t, 300, err);
    ms_csv_table_destroy(t);
    return status;
}

/* Expect MS_EINPUT with every word of `needles` ('|'-separated) in the message. */
static void expect_input_error(const char *text, const char *needles)
{
    ms_fit_data *d = NULL;
    ms_error err = {0};
    ck_assert_int_eq(load(text, &d, &err), MS_EINPUT);
    ck_assert_ptr_null(d);
    char buf[256];
    snprintf(buf, sizeof buf, "%s", needles);
    for (char *w = strtok(buf, "|"); w; w = strtok(NULL, "|"))
        ck_assert_msg(strstr(err.message, w), "message \"%s\" lacks \"%s\"", err.message, w);
}

START_TEST(test_csv_format)
{
    const char *text = "# measured at 300 K\n"
                       "width [ns], amplitude [mA], temperature (K), n_switched, n_total\n"
                       "\n"
                       "1, 0.5, 300, 3, 10   # first\n"
                       " 2 ,0.5,300,5,10\n"
                       "1, 0.6, 300, 7, 10\n"
                       "2, 0.6, 300, 9, 10\n";
    ms_fit_data *d = NULL;
    ms_error err = {0};
    ck_assert_int_eq(load(text, &d, &err), MS_OK);
    ck_assert_uint_eq(d->n, 4);
    ck_assert_double_eq_tol(d->width[1], 2e-9, 1e-24);
    ck_assert_double_eq_tol(d->amplitude[2], 0.6e-3, 1e-18);
    ck_assert_double_eq_tol(d->p[0], 0.3, 1e-15);
    ck_assert_int_eq(d->line[0], 4);
    ck_assert_int_eq(d->line[1], 5);
    ck_assert_int_eq(d->kind, MS_FIT_CURRENT);
    ck_assert_int_eq(d->n_curves, 2);  /* one per amplitude: p against width */
    ck_assert_int_eq(d->curve[0], d->curve[1]);
    ck_assert_int_ne(d->curve[1], d->curve[2]);
    ms_fit_data_destroy(d);
    /* density in MA/cm^2, no temperature column: every row at the given temperature */
    ck_assert_int_eq(load("width [us], j [MA/cm^2], p\n1, 2, 0.5\n", &d, &err), MS_OK);
    ck_assert_int_eq(d->kind, MS_FIT_DENSITY);
    ck_assert_double_eq_tol(d->amplitude[0], 2e10, 1);
    ck_assert_double_eq(d->temperature[0], 300);
    ck_assert_double_eq_tol(d->width[0], 1e-6, 1e-21);
    ms_fit_data_destroy(d);
}
END_TEST

START_TEST(test_missing_column)
{
    expect_input_error("width [ns], amplitude [mA]\n1, 0.5\n", "missing column|p");
    expect_input_error("width [ns], amplitude [mA], n_switched\n1, 0.5, 3\n",
                       "missing column|n_total");
    expect_input_error("amplitude [mA], p\n0.5, 0.2\n", "missing column|width");
    expect_input_error("width [ns], p\n1, 0.2\n", "missing column|amplitude");
}
END_TEST

START_TEST(test_non_numeric_cell)
{
    expect_input_error("width [ns], amplitude [mA], p\n1, 0.5, 0.2\n2, 0.5, abc\n",
                       "data.csv:3|row 2|column \"p\"|abc");
    expect_input_error("width [ns], amplitude [mA], p\n1, , 0.2\n", "row 1|\"amplitude\"|empty");
    expect_input_error("width [ns], amplitude [mA], p\n1, 0.5, nan\n", "row 1|\"p\"|finite");
    expect_input_error("width [ns], amplitude [mA], p\n1, 0.5\n", "row 1|2 cells|3 columns");
}
END_TEST

START_TEST(test_p_outside)
{
    expect_input_error("# c\nwidth [ns], amplitude [mA], p\n1, 0.5, 0.2\n1, 0.6, 1.3\n",
                       "data.csv:4|row 2|column \"p\"|outside [0, 1]");
    expect_input_error("width [ns], amplitude [mA], p\n1, 0.5, -0.1\n", "row 1|outside");
}
END_TEST

START_TEST(test_counts_invalid)
{
    expect_input_error("width [ns], amplitude [mA], n_switched, n_total\n1, 0.5, 12, 10\n",
                       "row 1|\"n_switched\"|exceeds n_total");
    expect_input_error("width [ns], amplitude [mA], n_switched, n_total\n1, 0.5, 2.5, 10\n",
                       "row 1|integer");
    expect_input_error("width [ns], amplitude [mA], n_switched, n_total\n1, 0.5, 0, 0\n",
                       "row 1|\"n_total\"|positive integer");
}
END_TEST

START_TEST(test_bad_header)
{
    expect_input_error("width, amplitude [mA], p\n1, 0.5, 0.2\n", "\"width\"|unit");
    expect_input_error("width [ns], amplitude, p\n1, 0.5, 0.2\n", "\"amplitude\"|unit");
    expect_input_error("width [mA], amplitude [mA], p\n1, 0.5, 0.2\n", "\"width\"|mA");
    expect_input_error("width [ns], amplitude [K], p\n1, 0.5, 0.2\n", "\"amplitude\"|not a current");
    expect_input_error("width [ns], amplitude [mA], p, colour\n1, 0.5, 0.2, 1\n",
                       "\"colour\"|not recognised");
    expect_input_error("width [ns], width [us], p\n1, 0.5, 0.2\n", "twice");
    expect_input_error("# only a comment\n\n", "no header");
    expect_input_error("width [ns], amplitude [mA], p\n# nothing\n", "no data rows");
    expect_input_error("width [ns], amplitude [mA], p\n0, 0.5, 0.2\n", "row 1|width|positive");
}
END_TEST

START_TEST(test_file_errors)
{
    ms_fit_data *d = NULL;
    ms_error err = {0};
    ck_assert_int_eq(ms_fit_data_read_csv(&d, "/nonexistent/x.csv", 300, &err), MS_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.message, "/nonexistent/x.csv"));
    char path[] = "/tmp/check_fit_XXXXXX";
    const int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    const char *text = "width [ns], amplitude [V], p\n1, 0.5, 0.2\n2, 0.5, 0.4\n";
    ck_assert_int_eq((int)write(fd, text, strlen(text)), (int)strlen(text));
    close(fd);
    ck_assert_int_eq(ms_fit_data_read_csv(&d, path, 310, &err), MS_OK);
    ck_assert_int_eq(d->kind, MS_FIT_VOLTAGE);
    ck_assert_double_eq(d->temperature[1], 310);
    ms_fit_data_destroy(d);
    unlink(path);
}
END_TEST

static int fit_text(const char *text, ms_fit_model model, ms_fit_result **r, ms_error *err)
{
    ms_fit_data *d = NULL;
    int status = load(text, &d, err);
    ck_assert_int_eq(status, MS_OK);
    ms_fit_options o;
    ms_fit_options_default(&o);
    o.model = model;
    status = ms_fit_run(d, &o, r, err);
    ms_fit_data_destroy(d);
    return status;
}

START_TEST(test_not_identifiable)
{
    gsl_set_error_handler_off();
    ms_fit_result *r = NULL;
    ms_error err = {0};
    const char *head = "width [ns], amplitude [mA], n_switched, n_total\n";
    char text[512];
    snprintf(text, sizeof text, "%s1, 0.5, 3, 10\n", head);
    ck_assert_int_eq(fit_text(text, MS_FIT_THERMAL, &r, &err), MS_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.message, "only one data point"));
    snprintf(text, sizeof text, "%s1, 0.5, 0, 10\n2, 0.6, 0, 10\n4, 0.7, 0, 10\n", head);
    ck_assert_int_eq(fit_text(text, MS_FIT_AUTO, &r, &err), MS_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.message, "all p = 0"));
    snprintf(text, sizeof text, "%s1, 0.5, 10, 10\n2, 0.6, 10, 10\n4, 0.7, 10, 10\n", head);
    ck_assert_int_eq(fit_text(text, MS_FIT_THERMAL, &r, &err), MS_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.message, "all p = 1"));
    snprintf(text, sizeof text, "%s1, 0.5, 1, 10\n2, 0.5, 3, 10\n4, 0.5, 6, 10\n", head);
    ck_assert_int_eq(fit_text(text, MS_FIT_THERMAL, &r, &err), MS_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.message, "distinct amplitudes"));
    snprintf(text, sizeof text, "%s1, 0.5, 1, 10\n1, 0.6, 3, 10\n1, 0.7, 6, 10\n1, 0.8, 8, 10\n", head);
    ck_assert_int_eq(fit_text(text, MS_FIT_BALLISTIC, &r, &err), MS_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.message, "two pulse widths"));
    snprintf(text, sizeof text, "%s1, 0.5, 1, 10\n2, -0.6, 3, 10\n4, 0.7, 6, 10\n", head);
    ck_assert_int_eq(fit_text(text, MS_FIT_THERMAL, &r, &err), MS_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.message, "both signs"));
    ck_assert_ptr_null(r);
}
END_TEST

/* Noise-free p of the thermal model, written out here. */
static double p_thermal(double t, double tau0, double delta, double i, double beta)
{
    return i >= 1 ? 1 - exp(-t / tau0) : 1 - exp(-t / (tau0 * exp(delta * pow(1 - i, beta))));
}

static double p_ballistic(double t, double tau_d, double delta, double i)
{
    return i > 1 ? exp(-M_PI * M_PI * delta / 4 * exp(-2 * t * (i - 1) / tau_d)) : 0;
}

/* Thermal data at five amplitudes × eight widths (mA, ns) as text; beta given. */
static char *thermal_text(double beta, int counts)
{
    char *text = malloc(1 << 14);
    int len = sprintf(text, "width [ns], amplitude [mA], %s\n", counts ? "n_switched, n_total" : "p");
    for (int a = 0; a < 5; a++)
        for (int w = 0; w < 8; w++) {
            const double amp = 0.5 * (0.55 + 0.08 * a), width = 10 * pow(10, 0.8 * w);
            const double p = p_thermal(width * 1e-9, 1e-9, 45, amp / 0.5, beta);
            if (counts)
                len += sprintf(text + len, "%.17g, %.17g, %.0f, 1000000\n", width, amp, round(1e6 * p));
            else
                len += sprintf(text + len, "%.17g, %.17g, %.17g\n", width, amp, p);
        }
    return text;
}

START_TEST(test_recover_thermal)
{
    gsl_set_error_handler_off();
    ms_fit_result *r = NULL;
    ms_error err = {0};
    char *text = thermal_text(1, 0);
    ck_assert_int_eq(fit_text(text, MS_FIT_THERMAL, &r, &err), MS_OK);
    ck_assert_double_le(fabs(r->value[MS_FIT_DELTA] / 45 - 1), 1e-6);
    ck_assert_double_le(fabs(r->value[MS_FIT_AC0] / 0.5e-3 - 1), 1e-6);
    ck_assert_double_le(r->chi2, 1e-12);
    ck_assert_int_eq(r->counts, 0);
    ms_fit_result_destroy(r);
    free(text);
    text = thermal_text(1, 1);  /* binomial ML on counts n P rounded to integers */
    ck_assert_int_eq(fit_text(text, MS_FIT_THERMAL, &r, &err), MS_OK);
    ck_assert_int_eq(r->counts, 1);
    ck_assert_double_le(fabs(r->value[MS_FIT_DELTA] / 45 - 1), 3 * r->error[MS_FIT_DELTA] / 45 + 1e-4);
    ck_assert_double_le(r->error[MS_FIT_DELTA], 0.05);
    ck_assert(r->ci_lo[MS_FIT_DELTA] < r->value[MS_FIT_DELTA]);
    ck_assert(r->value[MS_FIT_DELTA] < r->ci_hi[MS_FIT_DELTA]);
    ms_fit_result_destroy(r);
    free(text);
}
END_TEST

START_TEST(test_recover_beta_free)
{
    gsl_set_error_handler_off();
    ms_fit_result *r = NULL;
    ms_error err = {0};
    char *text = thermal_text(2, 0);
    ms_fit_data *d = NULL;
    ck_assert_int_eq(load(text, &d, &err), MS_OK);
    ms_fit_options o;
    ms_fit_options_default(&o);
    o.model = MS_FIT_THERMAL, o.beta = 0;
    ck_assert_int_eq(ms_fit_run(d, &o, &r, &err), MS_OK);
    ck_assert_double_le(fabs(r->value[MS_FIT_BETA] - 2), 1e-4);
    ck_assert_double_le(fabs(r->value[MS_FIT_DELTA] / 45 - 1), 1e-4);
    ck_assert(r->is_free[MS_FIT_BETA]);
    ms_fit_result_destroy(r);
    o.beta = 1, o.tau0_free = 1;  /* β = 1 at one temperature: τ0, Δ, A_c0 degenerate */
    ck_assert_int_eq(ms_fit_run(d, &o, &r, &err), MS_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.message, "ln tau0 + delta"));
    ms_fit_data_destroy(d);
    free(text);
}
END_TEST

static char *ballistic_text(void)
{
    char *text = malloc(1 << 14);
    int len = sprintf(text, "width [ns], j [MA/cm^2], p\n");
    for (int a = 0; a < 4; a++)
        for (int w = 0; w < 8; w++) {
            const double amp = 5 * (1.3 + 0.4 * a), width = 0.3 * pow(1.35, w);
            len += sprintf(text + len, "%.17g, %.17g, %.17g\n", width, amp,
                           p_ballistic(width * 1e-9, 0.2e-9, 45, amp / 5));
        }
    return text;
}

START_TEST(test_recover_ballistic_auto)
{
    gsl_set_error_handler_off();
    ms_fit_result *r = NULL;
    ms_error err = {0};
    char *text = ballistic_text();
    ck_assert_int_eq(fit_text(text, MS_FIT_AUTO, &r, &err), MS_OK);
    ck_assert_int_eq(r->model, MS_FIT_BALLISTIC);
    ck_assert_ptr_nonnull(strstr(r->note, "auto: ballistic"));
    ck_assert_double_le(fabs(r->value[MS_FIT_DELTA] / 45 - 1), 1e-4);
    ck_assert_double_le(fabs(r->value[MS_FIT_AC0] / 5e10 - 1), 1e-6);
    ck_assert_double_le(fabs(r->value[MS_FIT_TAUD] / 0.2e-9 - 1), 1e-5);
    ck_assert_str_eq(r->amplitude_unit, "A/m^2");
    for (size_t j = 0; j < r->n; j++)
        ck_assert_int_eq(r->regime[j], 1);
    ms_fit_result_destroy(r);
    free(text);
    text = thermal_text(1, 1);
    ck_assert_int_eq(fit_text(text, MS_FIT_AUTO, &r, &err), MS_OK);
    ck_assert_int_eq(r->model, MS_FIT_THERMAL);
    ms_fit_result_destroy(r);
    free(text);
}
END_TEST

/* brown model: noise-free data from the exact first-passage time, computed here by a nested
 * trapezoid rule (independent of models_mfpt.c): T = 2 τ_N ∫_{−0.5}^{1} e^{βV}/(1 − x²) ∫_x^1 e^{−βV},
 * βV = −σ (x² − 2 i x) (STT as the axial field h = −i), τ_N = σ τ_D. */
static double mfpt_trapezoid(double sigma, double i, double tau_d)
{
    const int n = 20000;
    const double xb = -0.5, dx = (1 - xb) / n, h = -i;
    double inner = 0, outer = 0.25, prev = exp(sigma * (1 + 2 * h));
    for (int k = n - 1; k >= 0; k--) {
        const double x = xb + k * dx, w = exp(sigma * (x * x + 2 * h * x));
        inner += 0.5 * dx * (w + prev);
        prev = w;
        outer += (k == 0 ? 0.5 : 1.0) * inner / (w * (1 - x) * (1 + x));
    }
    return 2 * sigma * tau_d * outer * dx;
}

START_TEST(test_recover_brown)
{
    gsl_set_error_handler_off();
    char *text = malloc(1 << 14);
    int len = sprintf(text, "width [ns], amplitude [mA], p\n");
    for (int a = 0; a < 4; a++) {
        const double i = 0.1 + 0.1 * a, t = mfpt_trapezoid(12, i, 0.1e-9);
        for (int w = 0; w < 6; w++) {
            const double width = 2 * pow(2, w);
            len += sprintf(text + len, "%.17g, %.17g, %.17g\n", width, 0.4 * i,
                           -expm1(-width * 1e-9 / t));
        }
    }
    ms_fit_result *r = NULL;
    ms_error err = {0};
    ck_assert_int_eq(fit_text(text, MS_FIT_BROWN, &r, &err), MS_OK);
    ck_assert_double_le(fabs(r->value[MS_FIT_DELTA] / 12 - 1), 1e-4);
    ck_assert_double_le(fabs(r->value[MS_FIT_AC0] / 0.4e-3 - 1), 1e-4);
    ck_assert_double_le(fabs(r->value[MS_FIT_TAUD] / 0.1e-9 - 1), 1e-3);
    ck_assert(!r->is_used[MS_FIT_TAU0] && !r->is_used[MS_FIT_BETA]);
    ms_fit_result_destroy(r);
    free(text);
}
END_TEST

START_TEST(test_simulate)
{
    gsl_set_error_handler_off();
    ms_fit_data *d = NULL;
    ms_error err = {0};
    ck_assert_int_eq(load("width [ns], j [MA/cm^2], n_switched, n_total\n1, 20, 3, 10\n"
                          "1e6, 20, 5, 10\n", &d, &err), MS_OK);
    ms_macrospin_device dev;
    ms_macrospin_device_init(&dev);
    ms_macrospin_options mo;
    ms_macrospin_options_init(&mo);
    mo.initial = MS_INITIAL_THERMAL_UP;
    ms_fit_sim_options so = {.trials = 8, .relax = 0.2e-9, .max_steps = 1e4};
    ms_ctx *ctx = ms_ctx_create(3, 1);
    ms_fit_simulation *s = NULL;
    ck_assert_int_eq(ms_fit_simulate(d, &dev, &mo, &so, ctx, &s, &err), MS_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.message, "no spin-transfer torque"));
    dev.stt = MS_STT_CONSTANT, dev.stt_p[2] = -1;
    ck_assert_int_eq(ms_fit_simulate(d, &dev, &mo, &so, ctx, &s, &err), MS_OK);
    ck_assert(isfinite(s->p_sim[0]) && s->p_sim[0] >= 0 && s->p_sim[0] <= 1);
    ck_assert(s->lo[0] <= s->p_sim[0] && s->p_sim[0] <= s->hi[0]);
    ck_assert(isnan(s->p_sim[1]));  /* 1 ms needs more than max_steps: closed-form regime */
    ck_assert_uint_eq(s->n_simulated, 1);
    ms_fit_simulation_destroy(s);
    ms_ctx_destroy(ctx);
    ms_fit_data_destroy(d);
}
END_TEST

START_TEST(test_outputs)
{
    gsl_set_error_handler_off();
    ms_fit_data *d = NULL;
    ms_fit_result *r = NULL;
    ms_error err = {0};
    char *text = thermal_text(1, 1);
    ck_assert_int_eq(load(text, &d, &err), MS_OK);
    ms_fit_options o;
    ms_fit_options_default(&o);
    o.model = MS_FIT_THERMAL, o.band_points = 20;
    ck_assert_int_eq(ms_fit_run(d, &o, &r, &err), MS_OK);
    char json[] = "/tmp/check_fit_json_XXXXXX", h5[64];
    close(mkstemp(json));
    ck_assert_int_eq(ms_fit_json_write(json, d, r, &err), MS_OK);
    FILE *f = fopen(json, "r");
    char buf[256] = {0};
    ck_assert_int_gt((int)fread(buf, 1, sizeof buf - 1, f), 0);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(buf, "\"model\": \"thermal\""));
    snprintf(h5, sizeof h5, "%s.h5", json);
    ms_h5 *file = NULL;
    ms_run_info info = {.command = "fit", .command_line = "check", .config_text = ""};
    ck_assert_int_eq(ms_h5_create(&file, h5, &info, &err), MS_OK);
    ck_assert_int_eq(ms_fit_h5_write(ms_h5_root(file), d, r, &err), MS_OK);
    ck_assert_int_eq(ms_h5_commit(file, &err), MS_OK);
    hid_t in;
    ck_assert_int_eq(ms_h5_open_read(&in, h5, &err), MS_OK);
    ck_assert(ms_h5_exists(in, "/fit/parameters/delta"));
    ck_assert(ms_h5_exists(in, "/band/curve_0/p"));
    H5Fclose(in);
    unlink(json);
    unlink(h5);
    ms_fit_result_destroy(r);
    ms_fit_data_destroy(d);
    free(text);
}
END_TEST

Suite *check_fit_suite(void)
{
    Suite *s = suite_create("fit");
    TCase *in = tcase_create("input");
    tcase_add_test(in, test_csv_format);
    tcase_add_test(in, test_missing_column);
    tcase_add_test(in, test_non_numeric_cell);
    tcase_add_test(in, test_p_outside);
    tcase_add_test(in, test_counts_invalid);
    tcase_add_test(in, test_bad_header);
    tcase_add_test(in, test_file_errors);
    suite_add_tcase(s, in);
    TCase *fit = tcase_create("estimation");
    tcase_add_test(fit, test_not_identifiable);
    tcase_add_test(fit, test_recover_thermal);
    tcase_add_test(fit, test_recover_beta_free);
    tcase_add_test(fit, test_recover_ballistic_auto);
    tcase_add_test(fit, test_recover_brown);
    tcase_add_test(fit, test_simulate);
    tcase_add_test(fit, test_outputs);
    suite_add_tcase(s, fit);
    return s;
}
