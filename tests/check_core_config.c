/* check_core_config.c — declared configs: unit conversion, defaults, --set overrides, unknown keys
 * with suggestions, ranges, lists, and the resolved text loading back to the same values; lists of
 * groups (MS_KEY_GROUPS): element keys read like top-level keys, where each value came from,
 * --set replacing the list, one-line errors naming file:line and the element path, declarations
 * checked, and the resolved text loading back to the same list. */
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

/* Loading `text` (NULL: no file) with the overrides against `schemas` fails with a one-line
 * MS_EINPUT message containing `expected`, and gives no config. */
static void expect_load_error(const ms_key *const *schemas, const char *text, const char *const *sets, int n,
                              const char *expected)
{
    ms_config *cfg = NULL;
    ms_error err = {0};
    if (text)
        write_cfg(text);
    const int status = ms_config_load(&cfg, text ? path : NULL, sets, n, schemas, &err);
    ck_assert_msg(status == MS_EINPUT, "expected an error \"%s\", got status %d", expected, status);
    ck_assert_ptr_null(cfg);
    ck_assert_msg(strchr(err.message, '\n') == NULL, "not one line: \"%s\"", err.message);
    ck_assert_msg(strstr(err.message, expected) != NULL, "got \"%s\", expected \"%s\"", err.message, expected);
    if (text)
        unlink(path);
}

static void expect_error(const char *text, const char *const *sets, int n, const char *expected)
{
    expect_load_error(test_schemas, text, sets, n, expected);
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

/* ---- lists of groups ---- */

static const ms_key group_keys[] = {
    {"geometry.label", MS_KEY_STRING, NULL, "x", NULL, NULL, "label"},
    {"geometry.shapes", MS_KEY_GROUPS, "", "()", NULL, NULL, "shapes painted in order"},
    {"geometry.shapes[].kind", MS_KEY_CHOICE, NULL, NULL, NULL, "disk|box", "shape"},
    {"geometry.shapes[].size", MS_KEY_VECTOR, "m", NULL, "[0, inf)", NULL, "full extents"},
    {"geometry.shapes[].center", MS_KEY_VECTOR, "m", "[0, 0, 0]", NULL, NULL, "centre"},
    {"geometry.shapes[].region", MS_KEY_INT, NULL, "1", "[0, 2]", NULL, "region painted"},
    {"geometry.shapes[].ms", MS_KEY_QUANTITY, "A/m", "1 MA/m", "(0, inf)", NULL, "saturation magnetisation"},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL},
};
static const ms_key *const group_schemas[] = {group_keys, NULL};

/* Two elements over lines 3-6; the second states every key, the first only kind and size. */
static const char *const two_shapes =
    "geometry: {\n"
    "  shapes = (\n"
    "    { kind = \"disk\"; size = [\"50 nm\", \"50 nm\", \"0 nm\"]; },\n"
    "    { kind = \"box\";\n"
    "      size = [\"20 nm\", \"10 nm\", \"0\"]; center = [\"-5 nm\", \"0\", \"0\"];\n"
    "      region = 0; ms = \"1.76 T\"; }\n"
    "  );\n"
    "};\n";

static ms_config *load_groups(const char *text, const char *const *sets, int n)
{
    ms_config *cfg = NULL;
    ms_error err = {0};
    if (text)
        write_cfg(text);
    const int status = ms_config_load(&cfg, text ? path : NULL, sets, n, group_schemas, &err);
    ck_assert_msg(status == MS_OK, "%s", err.message);
    return cfg;
}

/* "<file>:<line>" for the config written by write_cfg */
static const char *at_line(int line)
{
    static char where[96];
    snprintf(where, sizeof where, "%s:%d", path, line);
    return where;
}

START_TEST(test_groups_load)
{
    ms_config *cfg = load_groups(two_shapes, NULL, 0);
    ck_assert_uint_eq(ms_config_get_count(cfg, "geometry.shapes"), 2);
    double v[3];
    ms_config_get_vector(cfg, "geometry.shapes[1].size", v);
    ck_assert_double_eq_tol(v[0], 50e-9, 1e-22);
    ck_assert_double_eq_tol(v[1], 50e-9, 1e-22);
    ck_assert(v[2] == 0.0);
    ms_config_get_vector(cfg, "geometry.shapes[1].center", v);  /* defaulted */
    ck_assert(v[0] == 0.0 && v[1] == 0.0 && v[2] == 0.0);
    ck_assert_int_eq(ms_config_get_int(cfg, "geometry.shapes[1].region"), 1);
    ck_assert_double_eq_tol(ms_config_get(cfg, "geometry.shapes[1].ms"), 1e6, 1e-9);
    ck_assert_str_eq(ms_config_get_string(cfg, "geometry.shapes[2].kind"), "box");
    ms_config_get_vector(cfg, "geometry.shapes[2].center", v);
    ck_assert_double_eq_tol(v[0], -5e-9, 1e-22);
    ck_assert_int_eq(ms_config_get_int(cfg, "geometry.shapes[2].region"), 0);
    ck_assert_double_eq_tol(ms_config_get(cfg, "geometry.shapes[2].ms"), 1.76 / (4e-7 * M_PI), 1e-6);
    /* where each value came from: its setting's line, or its element's line when defaulted */
    ck_assert_str_eq(ms_config_where(cfg, "geometry.shapes"), at_line(2));
    ck_assert_str_eq(ms_config_where(cfg, "geometry.shapes[2].size"), at_line(5));
    ck_assert_str_eq(ms_config_where(cfg, "geometry.shapes[2].region"), at_line(6));
    ck_assert_str_eq(ms_config_where(cfg, "geometry.shapes[1].center"), at_line(3));
    ck_assert_int_eq(ms_config_given(cfg, "geometry.shapes"), 1);
    ck_assert_int_eq(ms_config_given(cfg, "geometry"), 1);
    ck_assert_int_eq(ms_config_given(cfg, "geometry.shapes[1].center"), 0);
    ck_assert_int_eq(ms_config_given(cfg, "geometry.shapes[2].center"), 1);
    ck_assert_int_eq(ms_config_given(cfg, "geometry.shapes[3].center"), 0);  /* no third element */
    ms_config_destroy(cfg);
    /* not given: the default, an empty list */
    cfg = load_groups(NULL, NULL, 0);
    ck_assert_uint_eq(ms_config_get_count(cfg, "geometry.shapes"), 0);
    ck_assert_int_eq(ms_config_given(cfg, "geometry.shapes"), 0);
    ck_assert_str_eq(ms_config_where(cfg, "geometry.shapes"), "default");
    ms_config_destroy(cfg);
    unlink(path);
}
END_TEST

/* --set replaces the file's whole list (the last --set wins), with or without a final ';'. */
START_TEST(test_groups_set)
{
    const char *sets[] = {"geometry.shapes=( { kind = \"box\"; size = [\"1 nm\", \"1 nm\", \"0\"]; } )",
                          "geometry.shapes=( { kind = \"disk\"; size = [\"7 nm\", \"0\", \"0\"]; region = 2; } );"};
    ms_config *cfg = load_groups(two_shapes, sets, 2);
    ck_assert_uint_eq(ms_config_get_count(cfg, "geometry.shapes"), 1);
    ck_assert_str_eq(ms_config_get_string(cfg, "geometry.shapes[1].kind"), "disk");
    ck_assert_int_eq(ms_config_get_int(cfg, "geometry.shapes[1].region"), 2);
    double v[3];
    ms_config_get_vector(cfg, "geometry.shapes[1].size", v);
    ck_assert_double_eq_tol(v[0], 7e-9, 1e-22);
    ck_assert_str_eq(ms_config_where(cfg, "geometry.shapes"), "--set");
    ck_assert_str_eq(ms_config_where(cfg, "geometry.shapes[1].size"), "--set");
    ms_config_destroy(cfg);
    const char *empty[] = {"geometry.shapes=()"};
    cfg = load_groups(two_shapes, empty, 1);
    ck_assert_uint_eq(ms_config_get_count(cfg, "geometry.shapes"), 0);
    ck_assert_int_eq(ms_config_given(cfg, "geometry.shapes"), 1);
    ms_config_destroy(cfg);
    unlink(path);
}
END_TEST

static void expect_group_error(const char *text, const char *const *sets, int n, const char *expected)
{
    expect_load_error(group_schemas, text, sets, n, expected);
}

/* One element text inside a file: line 2 holds `shapes = (`, line 3 the first element. */
static void expect_element_error(const char *elements, const char *expected_tail, int line)
{
    char text[1024], want[512];
    snprintf(text, sizeof text, "geometry: {\n  shapes = (\n%s\n  );\n};\n", elements);
    write_cfg(text);
    snprintf(want, sizeof want, "%s:%d: %s", path, line, expected_tail);
    expect_group_error(text, NULL, 0, want);
}

START_TEST(test_groups_errors)
{
    const char *disk = "    { kind = \"disk\"; size = [\"50 nm\", \"50 nm\", \"0 nm\"]; },\n";
    char elements[512];
    snprintf(elements, sizeof elements, "%s    { kind = \"disk\";\n      sise = [\"5 nm\", \"5 nm\", \"0\"]; }", disk);
    expect_element_error(elements, "geometry.shapes[2].sise: unknown key (did you mean \"geometry.shapes[2].size\"?)", 5);
    snprintf(elements, sizeof elements, "%s    { kind = \"disk\"; size = [\"5 nm\", \"5 nm\", \"0\"];\n"
             "      center = [\"1 T\", \"0\", \"0\"]; }", disk);
    expect_element_error(elements, "geometry.shapes[2].center: expects a length (m), got \"1 T\"", 5);
    snprintf(elements, sizeof elements, "%s    { kind = \"box\";\n      region = 0; }", disk);
    expect_element_error(elements, "geometry.shapes[2].size: required key is missing (full extents)", 4);
    expect_element_error("    { kind = \"disk\"; size = [\"5 nm\", \"5 nm\"]; }",
                         "geometry.shapes[1].size: expects three components [x, y, z], got 2", 3);
    expect_element_error("    { kind = \"disk\"; size = [\"5 nm\", \"5 nm\", \"0\"]; region = 3; }",
                         "geometry.shapes[1].region: must be in [0, 2], got 3", 3);
    expect_element_error("    { kind = \"disk\"; size = [\"5 nm\", \"5 nm\", \"0\"]; region = 1.5; }",
                         "geometry.shapes[1].region: expects an integer", 3);
    expect_element_error("    { kind = \"ellipse\"; size = [\"5 nm\", \"5 nm\", \"0\"]; }",
                         "geometry.shapes[1].kind: expects one of disk|box, got \"ellipse\"", 3);
    expect_element_error("    { kind = \"disk\"; size = [\"5 nm\", \"5 nm\", \"0\"]; ms = \"-1 A/m\"; }",
                         "geometry.shapes[1].ms: must be in (0, inf)", 3);
    snprintf(elements, sizeof elements, "%s    \"disk\", { kind = \"box\"; size = [\"1 nm\", \"1 nm\", \"0\"]; }", disk);
    expect_element_error(elements, "geometry.shapes[2]: expects a group { key = value; ... }", 4);
    expect_group_error("geometry: { shapes = { kind = \"disk\"; }; };\n", NULL, 0,
                       "geometry.shapes: expects a list of groups ( { key = value; ... }, ... ), got a group");
    expect_group_error("geometry: { shapes = \"disk\"; };\n", NULL, 0, "geometry.shapes: expects a list of groups");
    expect_group_error("geometry: { shapez = (); };\n", NULL, 0,
                       "geometry.shapez: unknown key (did you mean \"geometry.shapes\"?)");
    /* --set: bad text, trailing settings, one element alone, a bad value inside */
    const char *syntax[] = {"geometry.shapes=( { kind = \"disk\"; "};
    expect_group_error(NULL, syntax, 1, "--set: geometry.shapes: syntax error in the value");
    const char *more[] = {"geometry.shapes=( { kind = \"disk\"; size = [0.0, 0.0, 0.0]; } ); y = 1"};
    expect_group_error(NULL, more, 1, "--set: geometry.shapes: expects one list of groups");
    const char *alone[] = {"geometry.shapes[1].size=[1 nm, 1 nm, 0]"};
    expect_group_error(NULL, alone, 1, "--set: geometry.shapes[1].size: an element cannot be set alone");
    const char *unit[] = {"geometry.shapes=( { kind = \"disk\"; size = [\"5 K\", \"5 nm\", \"0\"]; } )"};
    expect_group_error(NULL, unit, 1, "--set: geometry.shapes[1].size: expects a length (m), got \"5 K\"");
    const char *unknown[] = {"geometry.shapes=( { kind = \"disk\"; sise = [0.0, 0.0, 0.0]; } )"};
    expect_group_error(NULL, unknown, 1,
                       "--set: geometry.shapes[1].sise: unknown key (did you mean \"geometry.shapes[1].size\"?)");
}
END_TEST

/* Element keys need their list, and a list needs element keys: programming errors (MS_EINTERNAL). */
START_TEST(test_groups_declarations)
{
    static const ms_key orphan[] = {
        {"geometry.dots[].size", MS_KEY_VECTOR, "m", NULL, NULL, NULL, "no list geometry.dots"},
        {NULL, 0, NULL, NULL, NULL, NULL, NULL},
    };
    static const ms_key bare[] = {
        {"geometry.dots", MS_KEY_GROUPS, "", "()", NULL, NULL, "no element keys"},
        {NULL, 0, NULL, NULL, NULL, NULL, NULL},
    };
    const ms_key *const s1[] = {orphan, NULL}, *const s2[] = {bare, NULL};
    ms_config *cfg = NULL;
    ms_error err = {0};
    ck_assert_int_eq(ms_config_load(&cfg, NULL, NULL, 0, s1, &err), MS_EINTERNAL);
    ck_assert_ptr_nonnull(strstr(err.message, "geometry.dots[].size"));
    ck_assert_int_eq(ms_config_load(&cfg, NULL, NULL, 0, s2, &err), MS_EINTERNAL);
    ck_assert_ptr_nonnull(strstr(err.message, "geometry.dots"));
    ck_assert_ptr_null(cfg);
    /* the same table twice declares each element key once */
    const ms_key *const twice[] = {group_keys, group_keys, NULL};
    ck_assert_int_eq(ms_config_load(&cfg, NULL, NULL, 0, twice, &err), MS_OK);
    ms_config_destroy(cfg);
}
END_TEST

/* The resolved text holds the list with SI values and loads back to the same text and values; an
 * empty list nobody gave is left out, one given empty stays. */
START_TEST(test_groups_roundtrip)
{
    ms_config *a = load_groups(two_shapes, NULL, 0), *b;
    char *text = strdup(ms_config_text(a));
    ck_assert_ptr_nonnull(strstr(text, "shapes = ("));
    ck_assert_ptr_nonnull(strstr(text, "kind = \"box\";"));
    b = load_groups(text, NULL, 0);
    ck_assert_str_eq(ms_config_text(b), text);
    ck_assert_uint_eq(ms_config_get_count(b, "geometry.shapes"), 2);
    const char *keys[] = {"geometry.shapes[1].size", "geometry.shapes[1].center", "geometry.shapes[2].size",
                          "geometry.shapes[2].center"};
    for (int k = 0; k < 4; k++) {
        double va[3], vb[3];
        ms_config_get_vector(a, keys[k], va);
        ms_config_get_vector(b, keys[k], vb);
        ck_assert_msg(memcmp(va, vb, sizeof va) == 0, "%s differs", keys[k]);
    }
    ck_assert(ms_config_get(a, "geometry.shapes[2].ms") == ms_config_get(b, "geometry.shapes[2].ms"));
    ck_assert_int_eq(ms_config_get_int(b, "geometry.shapes[2].region"), 0);
    char *under = ms_config_text_under(a, "geometry.shapes");
    ck_assert_ptr_nonnull(strstr(text, strchr(under, '\n') + 1));  /* the same lines, without label */
    ck_assert_ptr_null(strstr(under, "label"));
    free(under);
    ms_config_destroy(a);
    ms_config_destroy(b);
    free(text);
    a = load_groups(NULL, NULL, 0);
    ck_assert_ptr_null(strstr(ms_config_text(a), "shapes"));
    ms_config_destroy(a);
    a = load_groups("geometry: { shapes = (); };\n", NULL, 0);
    ck_assert_ptr_nonnull(strstr(ms_config_text(a), "shapes = ();"));
    text = strdup(ms_config_text(a));
    b = load_groups(text, NULL, 0);
    ck_assert_str_eq(ms_config_text(b), text);
    ck_assert_int_eq(ms_config_given(b, "geometry.shapes"), 1);
    ms_config_destroy(a);
    ms_config_destroy(b);
    free(text);
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
    tcase_add_test(tc, test_groups_load);
    tcase_add_test(tc, test_groups_set);
    tcase_add_test(tc, test_groups_errors);
    tcase_add_test(tc, test_groups_declarations);
    tcase_add_test(tc, test_groups_roundtrip);
    suite_add_tcase(s, tc);
    return s;
}
