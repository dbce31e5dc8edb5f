/* check_plots.c — scripts/plot.py draws a device table written with the core HDF5 helpers in the
 * table layout of include/metaspin/table.h (/axes/{h, amplitude, width, temperature},
 * /switching/{P, ci_lo, ci_hi} [h][amplitude][width][temperature][direction]): `plot.py table`
 * exits 0 and writes a PNG, `plot.py auto` writes the table figures into a directory, and a partial
 * file (no /switching/P) is refused with a message (exit 1) instead of a Python traceback.
 * Needs /usr/bin/python3 with h5py and matplotlib; without them the tests pass with a note.
 * Runs from the tests/ folder (make check); files go to $TMPDIR or /tmp. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "metaspin/h5.h"

enum { NH = 2, NA = 3, NW = 4, NT = 1 };

static int python_ok(void)
{
    static int ok = -1;
    if (ok < 0) {
        ok = system("/usr/bin/python3 -c 'import h5py, matplotlib' >/dev/null 2>&1") == 0;
        if (!ok)
            fprintf(stderr, "check_plots: /usr/bin/python3 with h5py and matplotlib not found: plot tests "
                            "skipped (sudo apt-get install python3-h5py python3-matplotlib)\n");
    }
    return ok;
}

static const char *script(void)
{
    return access("../scripts/plot.py", R_OK) == 0 ? "../scripts/plot.py" : "scripts/plot.py";
}

static void tmp_path(char *out, size_t len, const char *name)
{
    const char *dir = getenv("TMPDIR");
    snprintf(out, len, "%s/check_plots_%d_%s", dir && dir[0] ? dir : "/tmp", (int)getpid(), name);
}

/* A small table: P rises with amplitude and log(width), faster for the lower hidden state;
 * intervals are the Wilson 95 % interval of N = 100 trials. */
static void write_table(const char *path, int with_p)
{
    const double h[NH] = {0.7, 0.9}, a[NA] = {2e10, 5e10, 1e11}, w[NW] = {1e-9, 3e-9, 1e-8, 3e-8}, t[NT] = {300};
    static double p[NH * NA * NW * NT * 2], lo[NH * NA * NW * NT * 2], hi[NH * NA * NW * NT * 2];
    const double z = 1.959963984540054, n = 100;
    for (int i = 0; i < NH * NA * NW * NT * 2; i++) {
        const int iw = (i / 2) % NW, ia = (i / (2 * NW)) % NA, ih = i / (2 * NW * NA);
        const double x = log(a[ia] / 4e10) + 0.8 * log(w[iw] / 3e-9) - 0.8 * ih;
        p[i] = 1.0 / (1.0 + exp(-2.0 * x));
        const double den = 1 + z * z / n, mid = (p[i] + z * z / (2 * n)) / den;
        const double half = z * sqrt(p[i] * (1 - p[i]) / n + z * z / (4 * n * n)) / den;
        lo[i] = mid - half;
        hi[i] = mid + half;
    }
    ms_h5 *f = NULL;
    ms_error err = {0};
    const ms_run_info info = {.command = "table", .command_line = "metaspin table check.cfg", .seed = 1, .threads = 1,
                              .config_text = "table: {\n  trials = 100;\n};\n"};
    ck_assert_msg(ms_h5_create(&f, path, &info, &err) == MS_OK, "%s", err.message);
    const hid_t r = ms_h5_root(f);
    const hsize_t nh = NH, na = NA, nw = NW, nt = NT, d5[5] = {NH, NA, NW, NT, 2};
    ck_assert(ms_h5_write_double(r, "/axes/h", h, 1, &nh, "", &err) == MS_OK);
    ck_assert(ms_h5_attr_string(r, "/axes/h", "meaning", "ionic interface coverage theta (monolayers)", &err) == MS_OK);
    ck_assert(ms_h5_write_double(r, "/axes/amplitude", a, 1, &na, "A/m^2", &err) == MS_OK);
    ck_assert(ms_h5_attr_string(r, "/axes/amplitude", "kind", "current_density", &err) == MS_OK);
    ck_assert(ms_h5_write_double(r, "/axes/width", w, 1, &nw, "s", &err) == MS_OK);
    ck_assert(ms_h5_write_double(r, "/axes/temperature", t, 1, &nt, "K", &err) == MS_OK);
    if (with_p) {
        ck_assert(ms_h5_write_double(r, "/switching/P", p, 5, d5, "", &err) == MS_OK);
        ck_assert(ms_h5_write_double(r, "/switching/ci_lo", lo, 5, d5, "", &err) == MS_OK);
        ck_assert(ms_h5_write_double(r, "/switching/ci_hi", hi, 5, d5, "", &err) == MS_OK);
    }
    ck_assert_msg(ms_h5_commit(f, &err) == MS_OK, "%s", err.message);
}

/* Run plot.py with args, output to log; returns the exit status (-1 if it did not exit). */
static int run_plot(const char *args, const char *log)
{
    char cmd[4096];
    if (snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %s >'%s' 2>&1", script(), args, log) >= (int)sizeof cmd)
        return -1;
    const int s = system(cmd);
    return s != -1 && WIFEXITED(s) ? WEXITSTATUS(s) : -1;
}

static int png_ok(const char *path)
{
    unsigned char sig[8] = {0};
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 0;
    const size_t n = fread(sig, 1, sizeof sig, fp);
    fclose(fp);
    return n == 8 && memcmp(sig, "\x89PNG\r\n\x1a\n", 8) == 0;
}

static int file_contains(const char *path, const char *needle)
{
    char buf[8192];
    FILE *fp = fopen(path, "r");
    if (!fp)
        return 0;
    const size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    return strstr(buf, needle) != NULL;
}

START_TEST(test_table_png)
{
    if (!python_ok())
        return;
    char h5[512], png[512], log[512], args[1600];
    tmp_path(h5, sizeof h5, "table.h5");
    tmp_path(png, sizeof png, "table.png");
    tmp_path(log, sizeof log, "table.log");
    write_table(h5, 1);
    snprintf(args, sizeof args, "table '%s' -o '%s'", h5, png);
    const int rc = run_plot(args, log);
    ck_assert_msg(rc == 0, "plot.py table exited %d (log %s)", rc, log);
    struct stat st;
    ck_assert_int_eq(stat(png, &st), 0);
    ck_assert_int_gt((int)st.st_size, 1000);
    ck_assert(png_ok(png));
    unlink(png);
    unlink(log);
    unlink(h5);
}
END_TEST

START_TEST(test_auto_directory)
{
    if (!python_ok())
        return;
    char h5[512], dir[512], log[512], args[1600], png[1100];
    tmp_path(h5, sizeof h5, "auto.h5");
    tmp_path(dir, sizeof dir, "figs");
    tmp_path(log, sizeof log, "auto.log");
    write_table(h5, 1);
    snprintf(args, sizeof args, "auto '%s' -o '%s'", h5, dir);
    const int rc = run_plot(args, log);
    ck_assert_msg(rc == 0, "plot.py auto exited %d (log %s)", rc, log);
    const char *kinds[] = {"table", "table-map"};
    for (int k = 0; k < 2; k++) {
        snprintf(png, sizeof png, "%s/check_plots_%d_auto-%s.png", dir, (int)getpid(), kinds[k]);
        ck_assert_msg(png_ok(png), "auto did not write %s", png);
        unlink(png);
    }
    rmdir(dir);
    unlink(log);
    unlink(h5);
}
END_TEST

START_TEST(test_partial_file_refused)
{
    if (!python_ok())
        return;
    char h5[512], dir[512], log[512], args[1600];
    tmp_path(h5, sizeof h5, "partial.h5");
    tmp_path(dir, sizeof dir, "partial-figs");
    tmp_path(log, sizeof log, "partial.log");
    write_table(h5, 0);
    snprintf(args, sizeof args, "auto '%s' -o '%s'", h5, dir);
    const int rc = run_plot(args, log);
    ck_assert_msg(rc == 1, "plot.py auto on a file without /switching/P exited %d (log %s)", rc, log);
    ck_assert_msg(file_contains(log, "/switching/P"), "message does not name the missing dataset (log %s)", log);
    ck_assert_msg(!file_contains(log, "Traceback"), "Python traceback (log %s)", log);
    rmdir(dir);
    unlink(log);
    unlink(h5);
}
END_TEST

Suite *check_plots_suite(void)
{
    Suite *s = suite_create("plots");
    TCase *tc = tcase_create("plot.py");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, test_table_png);
    tcase_add_test(tc, test_auto_directory);
    tcase_add_test(tc, test_partial_file_refused);
    suite_add_tcase(s, tc);
    return s;
}
