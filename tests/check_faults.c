/* check_faults.c — numerical faults stop a run with a message, never a hang or a silent wrong
 * result. Each solver (macrospin Heun/RK45, mesh RK45/Heun, ionics transport) is driven into a
 * blow-up (a field or rate so large that one step overflows) or an RK45 step-size underflow (a
 * tolerance of 1e-300); ../bin/metaspin must exit with status 1 within the time limit, print one
 * error line (after any warnings) naming the step, the index (trial, cell or site) and the
 * parameters, and leave no output file. Runs from the tests/ folder, each case in a fresh empty folder;
 * MS_TEST_BIN overrides ../bin/metaspin (e.g. ../build-asan/metaspin). */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testutil.h"

/* Run `metaspin ARGS -q -o out.h5` in an empty temp folder; output into out, status returned,
 * *left = number of files left in the folder. */
static int run_in_tmp(const char *args, char *out, size_t cap, int *left)
{
    char here[1024], dir[] = "/tmp/ms-faults-XXXXXX", cmd[4096], bin[1100];
    ck_assert_ptr_nonnull(getcwd(here, sizeof here));
    ck_assert_ptr_nonnull(mkdtemp(dir));
    ms_test_binary(bin, sizeof bin);
    snprintf(cmd, sizeof cmd, "cd '%s' && export C='%s/../configs' && timeout 120 '%s' %s -q -o out.h5 </dev/null 2>&1",
             dir, here, bin, args);
    const int rc = ms_test_run(cmd, out, cap);
    *left = 0;
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));)
        *left += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
    return rc;
}

/* The run fails with status 1, one line of output holding every |-separated needle, no file. */
static void expect_fault(const char *args, const char *needles)
{
    static char out[1 << 16];
    int left;
    const int rc = run_in_tmp(args, out, sizeof out, &left);
    ck_assert_msg(rc == 1, "metaspin %s: status %d (want 1): %s", args, rc, out);
    char buf[512];
    snprintf(buf, sizeof buf, "%s", needles);
    for (char *save = NULL, *w = strtok_r(buf, "|", &save); w; w = strtok_r(NULL, "|", &save))
        ck_assert_msg(strstr(out, w), "metaspin %s: message lacks \"%s\": %s", args, w, out);
    for (const char *l = out, *nl; (nl = strchr(l, '\n')) && nl[1]; l = nl + 1)  /* warnings, then the error */
        ck_assert_msg(strstr(l, "warning") && strstr(l, "warning") < nl, "metaspin %s: extra output: %s", args, out);
    ck_assert_msg(left == 0, "metaspin %s: %d file(s) left behind", args, left);
}

#define MACROSPIN "macrospin $C/macrospin-stt.cfg --set macrospin.trials=16 --set device.temperature=0 " \
                  "--set macrospin.initial=vector --set macrospin.m0=[1,0,1] "
#define MESH "mesh $C/mesh-sp4-field1.cfg --set mesh.nx=16 --set mesh.ny=4 --set mesh.relax=false "

START_TEST(test_macrospin_blowup)
{
    /* gamma0 H dt ~ 1e293: the first step overflows */
    expect_fault(MACROSPIN "--set 'drive.field.amplitude=1e300 A/m' --set drive.field.kind=dc "
                           "--set drive.field.direction=[1,0,1] --set solver.integrator=heun",
                 "non-finite magnetisation in trial 0|between steps|dt = 1e-12 s|Ms = |alpha = 0.01");
    expect_fault(MACROSPIN "--set 'drive.field.amplitude=1e300 A/m' --set drive.field.kind=dc "
                           "--set drive.field.direction=[1,0,1] --set solver.integrator=rk4",
                 "non-finite magnetisation in trial 0");
}
END_TEST

START_TEST(test_macrospin_rk45_underflow)
{
    expect_fault(MACROSPIN "--set solver.integrator=rk45 --set solver.rtol=1e-300 --set solver.atol=1e-300",
                 "rk45 step size underflow in trial 0|between steps 0 and|rtol = 1e-300|Ms = |alpha = 0.01");
}
END_TEST

START_TEST(test_mesh_blowup)
{
    expect_fault(MESH "--set mesh.field=[1e300,0,0]",
                 "rk45: non-finite state at step 1|cell 0 (0, 0, 0)|Ms = 800000 A/m|alpha = 0.02");
    /* |m|^2 overflows after one Heun step: the cell used to be zeroed silently (1/sqrt(inf) = 0) */
    expect_fault(MESH "--set mesh.field=[1e300,0,0] --set mesh.solver=heun",
                 "heun: non-finite field at step 1|dt = 1e-13 s|cell 0 (0, 0, 0)|Ms = 800000 A/m");
}
END_TEST

START_TEST(test_mesh_rk45_underflow)
{
    expect_fault(MESH "--set mesh.tolerance=1e-300", "rk45: step size underflow|at step 1|tolerance 1e-300");
}
END_TEST

START_TEST(test_ionics_blowup)
{
    expect_fault("ionics $C/ionics-gdox-oxygen.cfg --set 'ionics.attempt_frequency=1e300 1/s'",
                 "ionics: non-finite density|t = 0 s (dt = |site 0, column 0|V = -2 V|T = 300 K|hop rate");
}
END_TEST

Suite *check_faults_suite(void)
{
    Suite *s = suite_create("faults");
    TCase *tc = tcase_create("faults");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_macrospin_blowup);
    tcase_add_test(tc, test_macrospin_rk45_underflow);
    tcase_add_test(tc, test_mesh_blowup);
    tcase_add_test(tc, test_mesh_rk45_underflow);
    tcase_add_test(tc, test_ionics_blowup);
    suite_add_tcase(s, tc);
    return s;
}
