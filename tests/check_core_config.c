/* check_core_config.c — declared configs: unit conversion, defaults, --set overrides, unknown keys
 * with suggestions, ranges, lists, and the resolved text loading back to the same values. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "metaspin/config.h"

static const ms_key test_keys[] = {
    {"geometry.thickness", MS_KEY_QUANTITY, "m", "1 nm", "(0, inf)", NULL, "free-layer thickness"},
    {"geometry.diameter", MS_KEY_QUANTITY, "m", NULL, "(0, inf)", NULL, "disk diameter"},
    {"material.ms", MS_KEY_QUANTITY, "A/m", "1.1 MA/m", "(0, inf)", NULL, "saturation magnetisation"},
    {"material.alpha", MS_KEY_QUANTITY, "", "0.01", "(0, inf)", NULL, "Gilbert damping"},
    {"material.axis", MS_KEY_VECTOR, "", "[0, 0, 1]", NULL, NULL, "easy axis"},
    {"pulse.widths", MS_KEY_LIST, "s", "logspace(1 ns, 100 ns, 3)", "(0, inf)", NULL, "pulse widths"},
    {"run.trials", MS_KEY_INT, NULL, "100", "[1, inf)", NULL, "number of trials"},
    {"run.integrator", MS_KEY_CHOICE, NULL, "heun", NULL, "heun|rk45|rk4", "integrator"},
    {"run.label", MS_KEY_STRING, NULL, "x", NULL, NULL, "label"},
    {"run.verbose", MS_KEY_BOOL, NULL, "false", NULL, NULL, "verbose"},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL},
};
static const ms_key *const test_schemas[] = {test_keys, NULL};

static char path[64];

static const char *write_cfg(const char *text)
{
    snprintf(path, sizeof path, "check_config_%d.cfg", (int)getpid());
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return path;
}

START_TEST(test_load_units_defaults)
{
    ms_config *cfg;
    ms_error err = {0};
    write_cfg("geometry: { diameter = \"50 nm\"; };\nmaterial: { ms = \"1.76 T\"; alpha = 0.02; };\n"
              "pulse: { widths = (\"1 ns\", 2e-9, \"3 ns\"); };\nrun: { trials = 7; verbose = true; };\n");
    ck_assert_msg(ms_config_load(&cfg, path, NULL, 0, test_schemas, &err) == MS_OK, "%s", err.message);
    ck_assert_double_eq_tol(ms_config_get(cfg, "geometry.diameter"), 50e-9, 1e-22);
    ck_assert_double_eq_tol(ms_config_get(cfg, "geometry.thickness"), 1e-9, 1e-22);
    ck_assert_double_eq_tol(ms_config_get(cfg, "material.ms"), 1.76 / (4e-7 * M_PI), 1e-6);
    const double *w;
    ck_assert_uint_eq(ms_config_get_list(cfg, "pulse.widths", &w), 3);
    ck_assert_double_eq_tol(w[1], 2e-9, 1e-22);
    ck_assert_int_eq(ms_config_get_int(cfg, "run.trials"), 7);
    ck_assert_int_eq(ms_config_get_bool(cfg, "run.verbose"), 1);
    ck_assert_str_eq(ms_config_get_string(cfg, "run.integrator"), "heun");
    ck_assert_int_eq(ms_config_given(cfg, "geometry"), 1);
    ck_assert_int_eq(ms_config_given(cfg, "geometry.thickness"), 0);
    ck_assert_ptr_nonnull(strstr(ms_config_where(cfg, "material.alpha"), ":2"));
    ms_config_destroy(cfg);
    unlink(path);
}
END_TEST

START_TEST(test_overrides_and_spaces)
{
    ms_config *cfg;
    ms_error err = {0};
    const char *sets[] = {"geometry.diameter=40 nm", "pulse.widths=linspace(1 ns, 3 ns, 3)",
                          "run.integrator=rk45", "material.axis=[1, 0, 0]"};
    ck_assert_msg(ms_config_load(&cfg, NULL, sets, 4, test_schemas, &err) == MS_OK, "%s", err.message);
    ck_assert_double_eq_tol(ms_config_get(cfg, "geometry.diameter"), 40e-9, 1e-22);
    const double *w;
    ck_assert_uint_eq(ms_config_get_list(cfg, "pulse.widths", &w), 3);
    ck_assert_double_eq_tol(w[2], 3e-9, 1e-22);
    double axis[3];
    ms_config_get_vector(cfg, "material.axis", axis);
    ck_assert_double_eq(axis[0], 1.0);
    ck_assert_str_eq(ms_config_where(cfg, "run.integrator"), "--set");
    ms_config_destroy(cfg);
}
END_TEST

static void expect_error(const char *text, const char *const *sets, int n, const char *expected)
{
    ms_config *cfg = NULL;
    ms_error err = {0};
    if (text)
        write_cfg(text);
    const int status = ms_config_load(&cfg, text ? path : NULL, sets, n, test_schemas, &err);
    ck_assert_msg(status == MS_EINPUT, "expected an error \"%s\", got status %d", expected, status);
    ck_assert_ptr_null(cfg);
    ck_assert_msg(strstr(err.message, expected) != NULL, "got \"%s\", expected \"%s\"", err.message, expected);
    if (text)
        unlink(path);
}

START_TEST(test_errors)
{
    char want[128];
    expect_error("geometry: { diameter = \"50 nm\";\n  thickness = \"1.2 T\"; };\n", NULL, 0,
                 "geometry.thickness: expects a length (m), got \"1.2 T\" (magnetic flux density)");
    snprintf(want, sizeof want, "%s:2: geometry.thickness", path);
    expect_error("geometry: { diameter = \"50 nm\";\n  thickness = \"1.2 T\"; };\n", NULL, 0, want);
    expect_error("geometry: { diameter = \"50 nm\"; thicknes = \"1 nm\"; };\n", NULL, 0,
                 "geometry.thicknes: unknown key (did you mean \"geometry.thickness\"?)");
    expect_error("geometry: { diameter = \"50 nm\"; };\nmaterial: { alpha = 0; };\n", NULL, 0,
                 "material.alpha: must be in (0, inf), got 0");
    expect_error("material: { alpha = 0.1; };\n", NULL, 0, "geometry.diameter: required key is missing");
    expect_error("geometry: { diameter = ; };\n", NULL, 0, "syntax error");
    expect_error("geometry: { diameter = \"50 nm\"; };\nrun: { integrator = \"euler\"; };\n", NULL, 0,
                 "expects one of heun|rk45|rk4, got \"euler\"");
    expect_error("geometry: { diameter = \"50 nm\"; };\nrun: { trials = 2.5; };\n", NULL, 0, "expects an integer");
    expect_error("geometry: { diameter = \"50 nm\"; };\nmagic: { x = 1; };\n", NULL, 0, "magic: unknown group");
    const char *bad_set[] = {"geometry.diameter=1 K"};
    expect_error(NULL, bad_set, 1, "--set: geometry.diameter: expects a length (m), got \"1 K\" (temperature)");
    const char *no_eq[] = {"geometry.diameter"};
    expect_error(NULL, no_eq, 1, "expects path.key=value");
    const char *vec[] = {"geometry.diameter=1 nm", "material.axis=[1, 0]"};
    expect_error(NULL, vec, 2, "expects three components");
}
END_TEST

START_TEST(test_resolved_text_roundtrip)
{
    ms_config *a, *b;
    ms_error err = {0};
    const char *sets[] = {"geometry.diameter=33 nm", "run.label=say \"hi\""};
    ck_assert(ms_config_load(&a, NULL, sets, 2, test_schemas, &err) == MS_OK);
    write_cfg(ms_config_text(a));
    ck_assert_msg(ms_config_load(&b, path, NULL, 0, test_schemas, &err) == MS_OK, "%s\n%s", err.message,
                  ms_config_text(a));
    ck_assert_str_eq(ms_config_text(a), ms_config_text(b));
    ck_assert_double_eq(ms_config_get(a, "geometry.diameter"), ms_config_get(b, "geometry.diameter"));
    ck_assert_str_eq(ms_config_get_string(b, "run.label"), "say \"hi\"");
    char *under = ms_config_text_under(a, "run.");
    ck_assert_ptr_null(strstr(under, "geometry"));
    ck_assert_ptr_nonnull(strstr(under, "trials = 100;"));
    free(under);
    ms_config_destroy(a);
    ms_config_destroy(b);
    unlink(path);
}
END_TEST

Suite *check_core_config_suite(void)
{
    Suite *s = suite_create("core_config");
    TCase *tc = tcase_create("config");
    tcase_add_test(tc, test_load_units_defaults);
    tcase_add_test(tc, test_overrides_and_spaces);
    tcase_add_test(tc, test_errors);
    tcase_add_test(tc, test_resolved_text_roundtrip);
    suite_add_tcase(s, tc);
    return s;
}
