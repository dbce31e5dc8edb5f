/* check_cli.c — the command-line contract, run against ../bin/metaspin from the tests/ folder:
 * exit statuses (0, 2 for bad input), one-line errors naming what and where, no output file left
 * by a failed run, bitwise-identical results for 1 and 2 threads, the progress line of a mesh run,
 * and docs/cli.md and docs/metaspin.1 equal to what the binary generates. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testutil.h"

/* Run a shell command; capture stdout+stderr (truncated to cap) and return the exit status. */
static int run(const char *cmd, char *out, size_t cap)
{
    char full[2048];
    snprintf(full, sizeof full, "%s 2>&1", cmd);
    return ms_test_run(full, out, cap);
}

static char out[1 << 20];

START_TEST(test_help_and_version)
{
    ck_assert_int_eq(run("../bin/metaspin --help", out, sizeof out), 0);
    ck_assert_ptr_nonnull(strstr(out, "commands:"));
    ck_assert_ptr_nonnull(strstr(out, "info"));
    ck_assert_int_eq(run("../bin/metaspin --version", out, sizeof out), 0);
    ck_assert_ptr_nonnull(strstr(out, "metaspin "));
    ck_assert_int_eq(run("../bin/metaspin help info", out, sizeof out), 0);
    ck_assert_ptr_nonnull(strstr(out, "usage: metaspin info"));
    ck_assert_int_eq(run("../bin/metaspin", out, sizeof out), 2);
}
END_TEST

START_TEST(test_bad_command_line)
{
    ck_assert_int_eq(run("../bin/metaspin frobnicate", out, sizeof out), 2);
    ck_assert_ptr_nonnull(strstr(out, "unknown command 'frobnicate'"));
    ck_assert_int_eq(run("../bin/metaspin info --bogus x.h5", out, sizeof out), 2);
    ck_assert_ptr_nonnull(strstr(out, "unknown option --bogus"));
    ck_assert_int_eq(run("../bin/metaspin info --threads zero x.h5", out, sizeof out), 2);
    ck_assert_int_eq(run("../bin/metaspin info no-such-file.h5", out, sizeof out), 2);
    ck_assert_ptr_nonnull(strstr(out, "no-such-file.h5"));
    ck_assert_int_eq(run("../bin/metaspin help frobnicate", out, sizeof out), 2);
}
END_TEST

START_TEST(test_docs_match_help)
{
    ck_assert_int_eq(run("../bin/metaspin help --markdown > cli.md.generated && "
                         "cmp -s cli.md.generated ../docs/cli.md",
                         out, sizeof out),
                     0);
    unlink("cli.md.generated");
    ck_assert_int_eq(run("../bin/metaspin help --man > man.generated && cmp -s man.generated ../docs/metaspin.1",
                         out, sizeof out),
                     0);
    unlink("man.generated");
}
END_TEST

/* Issue 2's contract: a value of the wrong dimension fails with file:line and key, exit status 2,
 * and no output file under the final or the temporary name. */
START_TEST(test_wrong_dimension_leaves_nothing)
{
    FILE *f = fopen("cli_bad.cfg", "w");
    fputs("# a Ms given as a length\ndevice = { ms = \"1.2 nm\"; };\n", f);
    fclose(f);
    unlink("cli_bad.h5");
    ck_assert_int_eq(run("../bin/metaspin macrospin cli_bad.cfg -o cli_bad.h5", out, sizeof out), 2);
    ck_assert_msg(strstr(out, "cli_bad.cfg:2: device.ms: expects a magnetic field (A/m), got \"1.2 nm\" (length)"),
                  "got: %s", out);
    ck_assert_int_ne(access("cli_bad.h5", F_OK), 0);
    ck_assert_int_ne(access("cli_bad.h5.tmp", F_OK), 0);
    ck_assert_int_eq(run("../bin/metaspin macrospin cli_bad.cfg --print-config", out, sizeof out), 2);
    unlink("cli_bad.cfg");
}
END_TEST

/* The same seed gives bitwise-identical datasets with 1 and 2 OpenMP threads (h5diff compares
 * every value exactly; provenance attributes such as times differ by design). */
START_TEST(test_threads_bitwise_identical)
{
    const char *common = "../bin/metaspin macrospin ../configs/macrospin-stt.cfg --quiet --seed 7 "
                         "--set macrospin.trials=1100 --set macrospin.trajectories=2";
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "OMP_NUM_THREADS=1 %s -o cli_t1.h5 && OMP_NUM_THREADS=2 %s -o cli_t2.h5", common,
             common);
    ck_assert_int_eq(run(cmd, out, sizeof out), 0);
    static const char *sets[] = {"/trials/m_final", "/trials/switched", "/series/m_mean", "/series/p_switched",
                                 "/trajectories/m", "/summary/t_switch_mean"};
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        snprintf(cmd, sizeof cmd, "h5diff cli_t1.h5 cli_t2.h5 %s %s", sets[i], sets[i]);
        ck_assert_msg(run(cmd, out, sizeof out) == 0, "%s differs: %s", sets[i], out);
    }
    /* and a different seed does change them */
    snprintf(cmd, sizeof cmd, "%s --seed 8 -o cli_t3.h5 && h5diff -q cli_t1.h5 cli_t3.h5 /trials/m_final /trials/m_final",
             common);
    ck_assert_int_eq(run(cmd, out, sizeof out), 1);
    unlink("cli_t1.h5"), unlink("cli_t2.h5"), unlink("cli_t3.h5");
}
END_TEST

/* A mesh run reports its progress: without a terminal, one summary line for the relaxation (in
 * thousandths of its torque decades, 1000 once converged) and one with the whole run in simulated
 * femtoseconds (10 ps = 10000 fs); a relaxation cut short by its iteration limit reports nothing;
 * --quiet silences both. */
START_TEST(test_mesh_progress)
{
    const char *common = "../bin/metaspin mesh ../configs/mesh-sp4-field1.cfg -o cli_mesh.h5 --set mesh.nx=16 "
                         "--set mesh.ny=4 --set 'mesh.t_end=10 ps' --set mesh.relax=true --set mesh.ovf=none "
                         "--set mesh.fft_measure=false";
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s < /dev/null", common);
    ck_assert_int_eq(run(cmd, out, sizeof out), 0);
    ck_assert_msg(strstr(out, "relax: torque decades, 1/1000: 1000 done in "), "got: %s", out);
    ck_assert_msg(strstr(out, "mesh: simulated fs: 10000 done in "), "got: %s", out);
    /* stopped by the iteration limit, far above the tolerance: no line claims it done */
    snprintf(cmd, sizeof cmd, "%s --set mesh.relax_iterations=3 < /dev/null", common);
    ck_assert_int_eq(run(cmd, out, sizeof out), 0);
    ck_assert_msg(!strstr(out, "relax:") && strstr(out, "mesh: simulated fs: 10000 done in "), "got: %s", out);
    snprintf(cmd, sizeof cmd, "%s --quiet", common);
    ck_assert_int_eq(run(cmd, out, sizeof out), 0);
    ck_assert_msg(!strstr(out, "simulated fs") && !strstr(out, "relax:"), "got: %s", out);
    unlink("cli_mesh.h5"), unlink("cli_mesh.txt");
}
END_TEST

Suite *check_cli_suite(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("cli");
    tcase_add_test(tc, test_help_and_version);
    tcase_add_test(tc, test_bad_command_line);
    tcase_add_test(tc, test_docs_match_help);
    tcase_add_test(tc, test_wrong_dimension_leaves_nothing);
    tcase_add_test(tc, test_threads_bitwise_identical);
    tcase_add_test(tc, test_mesh_progress);
    suite_add_tcase(s, tc);
    return s;
}
