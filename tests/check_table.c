/* check_table.c — the device-table reader (src/switching/table_read.c): layout and version checks,
 * exact multilinear interpolation (log in width), refusal to extrapolate, gate transfer,
 * retention and energies. The tables are written here with h5.h; their values are linear in
 * (h, amplitude, log width, T), which multilinear interpolation must reproduce exactly. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "metaspin/h5.h"
#include "metaspin/table.h"

static const double H[3] = {0.0, 0.5, 1.0}, AMP[4] = {1e11, 2e11, 3e11, 5e11};
static const double WID[3] = {1e-9, 1e-8, 1e-7}, TEMP[2] = {250, 350};
static const double VG[2] = {-1.0, 2.0}, TG[2] = {1e-3, 1e-1};

static double p_model(double h, double a, double w, double T, int dir)
{
    return 0.05 + 0.2 * h + 0.1 * (a / 1e11 - 1) / 4 + 0.05 * log10(w / 1e-9) + 0.001 * (T - 250) + 0.02 * dir;
}
static double gate_model(double h, double v, double tg) { return 0.1 + 0.5 * h + 0.05 * v + 0.02 * log10(tg / 1e-3); }

/* Write a table to `path`; `variant` 0 = good, 1 = format_version 2, 2 = no version,
 * 3 = P of a wrong shape, 4 = decreasing h axis. */
static void write_table(const char *path, int variant)
{
    ms_error err = {0};
    ms_run_info info = {.command = "test", .command_line = "check_table", .seed = 1, .threads = 1,
                        .config_text = "", .references = NULL};
    ms_h5 *f = NULL;
    ck_assert_int_eq(ms_h5_create(&f, path, &info, &err), 0);
    hid_t r = ms_h5_root(f);
    if (variant != 2) ck_assert_int_eq(ms_h5_attr_double(r, "/", "format_version", variant == 1 ? 2 : 1, &err), 0);
    hsize_t d3[1] = {3}, d4[1] = {4}, d2[1] = {2};
    double hbad[3] = {0.0, 1.0, 0.5};
    ck_assert_int_eq(ms_h5_write_double(r, "/axes/h", variant == 4 ? hbad : H, 1, d3, "", &err), 0);
    ck_assert_int_eq(ms_h5_write_double(r, "/axes/amplitude", AMP, 1, d4, "A/m^2", &err), 0);
    ck_assert_int_eq(ms_h5_attr_string(r, "/axes/amplitude", "kind", "current_density", &err), 0);
    ck_assert_int_eq(ms_h5_write_double(r, "/axes/width", WID, 1, d3, "s", &err), 0);
    ck_assert_int_eq(ms_h5_write_double(r, "/axes/temperature", TEMP, 1, d2, "K", &err), 0);
    static double P[3][4][3][2][2];
    for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) for (int k = 0; k < 3; k++)
        for (int t = 0; t < 2; t++) for (int d = 0; d < 2; d++)
            P[i][j][k][t][d] = p_model(H[i], AMP[j], WID[k], TEMP[t], d);
    hsize_t dP[5] = {3, 4, 3, 2, 2};
    if (variant == 3) dP[1] = 2;
    ck_assert_int_eq(ms_h5_write_double(r, "/switching/P", &P[0][0][0][0][0], 5, dP, "", &err), 0);
    ck_assert_int_eq(ms_h5_write_double(r, "/axes/gate_voltage", VG, 1, d2, "V", &err), 0);
    ck_assert_int_eq(ms_h5_write_double(r, "/axes/gate_width", TG, 1, d2, "s", &err), 0);
    double G[3][2][2], R[3][2];
    for (int i = 0; i < 3; i++) {
        for (int v = 0; v < 2; v++) for (int t = 0; t < 2; t++) G[i][v][t] = gate_model(H[i], VG[v], TG[t]);
        for (int t = 0; t < 2; t++) R[i][t] = 100.0 * (1 + H[i]) * (1 + (TEMP[t] - 250) / 100);
    }
    hsize_t dG[3] = {3, 2, 2}, dR[2] = {3, 2};
    ck_assert_int_eq(ms_h5_write_double(r, "/gate/h_after", &G[0][0][0], 3, dG, "", &err), 0);
    ck_assert_int_eq(ms_h5_write_double(r, "/gate/retention", &R[0][0], 2, dR, "s", &err), 0);
    ck_assert_int_eq(ms_h5_attr_double(r, "/gate/retention", "h_rest", 0.25, &err), 0);
    ck_assert_int_eq(ms_h5_write_scalar(r, "/energy/write", 2e-13, "J", &err), 0);
    double EG[2][2] = {{1e-12, 2e-12}, {3e-12, 4e-12}};
    hsize_t dE[2] = {2, 2};
    ck_assert_int_eq(ms_h5_write_double(r, "/energy/gate", &EG[0][0], 2, dE, "J", &err), 0);
    ck_assert_int_eq(ms_h5_commit(f, &err), 0);
}

START_TEST(test_table_interpolation_exact)
{
    const char *path = "check_table_good.h5";
    write_table(path, 0);
    ms_table *t = NULL;
    ms_error err = {0};
    ck_assert_msg(ms_table_open(path, &t, &err) == 0, "%s", err.message);
    ck_assert_str_eq(t->amplitude_kind, "current_density");
    /* nodes, interior points and corners; linear in log(width) is reproduced exactly */
    const double pts[][4] = {{0, 1e11, 1e-9, 250}, {1, 5e11, 1e-7, 350}, {0.3, 2.7e11, 3e-9, 300},
                             {0.77, 4.1e11, 5.5e-8, 260}, {0.5, 3e11, 1e-8, 350}};
    for (size_t k = 0; k < sizeof pts / sizeof pts[0]; k++)
        for (int d = 0; d < 2; d++) {
            double p;
            ck_assert_int_eq(ms_table_lookup(t, pts[k][0], pts[k][1], pts[k][2], pts[k][3], d, &p, &err), 0);
            ck_assert_double_eq_tol(p, p_model(pts[k][0], pts[k][1], pts[k][2], pts[k][3], d), 1e-12);
        }
    double g, tau, e;
    ck_assert_int_eq(ms_table_gate(t, 0.42, 0.5, 1e-2, &g, &err), 0);
    ck_assert_double_eq_tol(g, gate_model(0.42, 0.5, 1e-2), 1e-12);
    ck_assert_int_eq(ms_table_retention(t, 0.25, 300, &tau, &err), 0);
    ck_assert_double_eq_tol(tau, 100.0 * 1.25 * 1.5, 1e-9);
    ck_assert_double_eq(t->h_rest, 0.25);
    ck_assert_int_eq(ms_table_energy_write(t, 3.3e11, 2e-9, &e, &err), 0);
    ck_assert_double_eq_tol(e, 2e-13, 1e-25);
    ck_assert_int_eq(ms_table_energy_gate(t, 2.0, 1e-1, &e, &err), 0);
    ck_assert_double_eq_tol(e, 4e-12, 1e-24);
    ms_table_close(t);
    ms_table_close(NULL);
    unlink(path);
}
END_TEST

START_TEST(test_table_refuses_extrapolation)
{
    const char *path = "check_table_extra.h5";
    write_table(path, 0);
    ms_table *t = NULL;
    ms_error err = {0};
    ck_assert_int_eq(ms_table_open(path, &t, &err), 0);
    double p;
    ck_assert_int_eq(ms_table_lookup(t, 0.5, 6e11, 1e-8, 300, 0, &p, &err), MS_EINPUT);
    ck_assert_msg(strstr(err.message, "amplitude") && strstr(err.message, "6e+11"), "%s", err.message);
    ck_assert_int_eq(ms_table_lookup(t, 0.5, 2e11, 2e-7, 300, 0, &p, &err), MS_EINPUT);
    ck_assert_msg(strstr(err.message, "width"), "%s", err.message);
    ck_assert_int_eq(ms_table_lookup(t, -0.1, 2e11, 2e-8, 300, 0, &p, &err), MS_EINPUT);
    ck_assert_msg(strstr(err.message, "h = -0.1"), "%s", err.message);
    ck_assert_int_eq(ms_table_lookup(t, 0.5, 2e11, 2e-8, 400, 0, &p, &err), MS_EINPUT);
    ck_assert_msg(strstr(err.message, "temperature"), "%s", err.message);
    ck_assert_int_eq(ms_table_lookup(t, 0.5, 2e11, 2e-8, 300, 2, &p, &err), MS_EINPUT);
    ck_assert_int_eq(ms_table_lookup(t, NAN, 2e11, 2e-8, 300, 0, &p, &err), MS_EINPUT);
    ck_assert_int_eq(ms_table_gate(t, 0.5, 3.0, 1e-2, &p, &err), MS_EINPUT);
    ck_assert_msg(strstr(err.message, "gate_voltage"), "%s", err.message);
    ms_table_close(t);
    unlink(path);
}
END_TEST

START_TEST(test_table_bad_files)
{
    const char *want[] = {NULL, "format_version 2", "format_version", "shape", "strictly increasing"};
    for (int v = 1; v <= 4; v++) {
        char path[64];
        snprintf(path, sizeof path, "check_table_bad%d.h5", v);
        write_table(path, v);
        ms_table *t = NULL;
        ms_error err = {0};
        ck_assert_int_eq(ms_table_open(path, &t, &err), MS_EINPUT);
        ck_assert_ptr_null(t);
        ck_assert_msg(strstr(err.message, want[v]), "variant %d: %s", v, err.message);
        unlink(path);
    }
    ms_table *t = NULL;
    ms_error err = {0};
    ck_assert_int_eq(ms_table_open("no-such-table.h5", &t, &err), MS_EINPUT);
}
END_TEST

Suite *check_table_suite(void)
{
    Suite *s = suite_create("table");
    TCase *tc = tcase_create("read");
    tcase_add_test(tc, test_table_interpolation_exact);
    tcase_add_test(tc, test_table_refuses_extrapolation);
    tcase_add_test(tc, test_table_bad_files);
    suite_add_tcase(s, tc);
    return s;
}
