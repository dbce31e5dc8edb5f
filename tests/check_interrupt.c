/* check_interrupt.c — interrupted and crashed runs lose nothing, run against ../bin/metaspin from
 * the tests/ folder on a small device table (80 points, ~1.5 s on one thread):
 *  - SIGINT mid-run: non-zero exit, a checkpoint OUT.ckpt left, no OUT; --resume then completes
 *    with the same datasets (h5diff of /axes, /switching) as an uninterrupted run;
 *  - kill -9 at random moments (fixed seed), each followed by --resume: same datasets, and the
 *    file under its final name is never there before the run completed;
 *  - a full disk (RLIMIT_FSIZE below the checkpoint size, SIGXFSZ ignored so writes fail with
 *    EFBIG): a clear "cannot write checkpoint" error, and the previous checkpoint kept intact;
 *    then room for the checkpoint but not the HDF5 file: exit 1 with "disk full", no file left;
 *  - SIGINT during a merit sweep, then --resume: same /sweep datasets as an uninterrupted sweep.
 * Results are per point from counter-based random streams, so resumption is bitwise exact.
 * MS_TEST_BIN overrides ../bin/metaspin (e.g. ../build-asan/metaspin). */
#include <check.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "testutil.h"

static const char *const TABLE_CFG =
    "device = { ms = \"1.1 MA/m\"; size = [\"40 nm\", \"40 nm\", \"1.3 nm\"];\n"
    "           stt = { model = \"constant\"; eta = 0.5; }; };\n"
    "solver = { integrator = \"heun\"; dt = \"1 ps\"; };\n"
    "table = { hidden = \"k_u\"; k_u = [\"0.8 MJ/m^3\", \"0.9 MJ/m^3\"];\n"
    "          current_density = [\"5e10 A/m^2\", \"1e11 A/m^2\"]; width = \"linspace(1 ns, 3 ns, 10)\";\n"
    "          temperature = [\"300 K\"]; trials = 160; max_trials = 160; halfwidth = 0; model_cutoff = 0;\n"
    "          pulse = { relax = \"0.5 ns\"; }; };\n";

/* A merit sweep over 12 damping values of the same device (12 points, ~2 s). */
static const char *const SWEEP_CFG =
    "sweep = { mode = \"grid\"; output = \"merit\";\n"
    "          axis1 = { key = \"device.alpha\"; values = \"linspace(0.01, 0.04, 12)\"; }; };\n";

static char dir[64], bin[1200];

static void path_in(char *buf, size_t cap, const char *name) { snprintf(buf, cap, "%s/%s", dir, name); }

static int exists(const char *name)
{
    char p[256];
    struct stat st;
    path_in(p, sizeof p, name);
    return stat(p, &st) == 0;
}

/* Start `metaspin CMD CFG -q --threads 1 -o OUT [--resume]` in dir, output to log; with
 * fsize > 0 under RLIMIT_FSIZE = fsize bytes and SIGXFSZ ignored. Returns the pid. */
static pid_t start_cmd(const char *cmd, const char *cfg, const char *out, int resume, long fsize)
{
    const pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        if (chdir(dir) != 0)
            _exit(127);
        const int fd = open("log", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            dup2(fd, 1), dup2(fd, 2);
            close(fd);
        }
        if (fsize > 0) {
            const struct rlimit rl = {(rlim_t)fsize, (rlim_t)fsize};
            signal(SIGXFSZ, SIG_IGN);
            setrlimit(RLIMIT_FSIZE, &rl);
        }
        char *argv[] = {bin, (char *)cmd, (char *)cfg, "-q", "--threads", "1", "-o", (char *)out,
                        resume ? "--resume" : NULL, NULL};
        execv(bin, argv);
        _exit(127);
    }
    return pid;
}

static pid_t start(const char *out, int resume, long fsize)
{
    return start_cmd("table", "table.cfg", out, resume, fsize);
}

static int finish(pid_t pid)
{
    int ws;
    ck_assert_int_eq(waitpid(pid, &ws, 0), pid);
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

static void sleep_ms(long ms)
{
    const struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Wait (at most ~20 s) until `name` exists in dir. */
static int wait_for(const char *name)
{
    for (int i = 0; i < 2000; i++) {
        if (exists(name))
            return 1;
        sleep_ms(10);
    }
    return 0;
}

static int sh(const char *fmt, const char *a, const char *b)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, fmt, dir, a, b);
    return system(cmd);
}

/* Same datasets in /axes and /switching as the uninterrupted ref.h5. */
static int same_as_reference(const char *out)
{
    return sh("cd '%s' && h5diff -q ref.h5 %s /axes /axes && h5diff -q ref.h5 %s /switching /switching", out, out) == 0;
}

static void setup(void)
{
    ms_test_binary(bin, sizeof bin);   /* MS_TEST_BIN=../build-asan/metaspin under ASan */
    snprintf(dir, sizeof dir, "/tmp/ms-interrupt-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char p[256];
    path_in(p, sizeof p, "table.cfg");
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs(TABLE_CFG, f);
    fclose(f);
    ck_assert_int_eq(finish(start("ref.h5", 0, 0)), 0);
    ck_assert(exists("ref.h5") && !exists("ref.h5.ckpt"));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "check_interrupt: cannot remove %s\n", dir);
}

START_TEST(test_sigint_checkpoint_resume)
{
    const pid_t pid = start("int.h5", 0, 0);
    ck_assert_msg(wait_for("int.h5.ckpt"), "no checkpoint appeared");
    kill(pid, SIGINT);
    const int rc = finish(pid);
    ck_assert_msg(rc != 0, "an interrupted run exited 0");
    ck_assert_msg(exists("int.h5.ckpt"), "no checkpoint after SIGINT");
    ck_assert_msg(!exists("int.h5"), "an interrupted run left its output under the final name");
    ck_assert_int_eq(sh("grep -q 'interrupted' '%s/log'%s%s", "", ""), 0);
    ck_assert_int_eq(finish(start("int.h5", 1, 0)), 0);
    ck_assert(!exists("int.h5.ckpt"));
    ck_assert_msg(same_as_reference("int.h5"), "resumed table differs from the uninterrupted one");
}
END_TEST

START_TEST(test_kill9_resume)
{
    srand(20261203);
    for (int round = 0; round < 3; round++) {
        const pid_t pid = start("k9.h5", round > 0, 0);
        sleep_ms(150 + rand() % 600);
        kill(pid, SIGKILL);
        (void)finish(pid);
        /* never a partial file under the final name: either the run had completed, or no file */
        if (exists("k9.h5"))
            ck_assert_msg(same_as_reference("k9.h5"), "round %d: k9.h5 exists but differs", round);
    }
    if (!exists("k9.h5"))
        ck_assert_int_eq(finish(start("k9.h5", 1, 0)), 0);
    ck_assert_msg(same_as_reference("k9.h5"), "table after kill -9 and --resume differs");
}
END_TEST

START_TEST(test_disk_full_keeps_checkpoint)
{
    const pid_t pid = start("full.h5", 0, 0);
    ck_assert_msg(wait_for("full.h5.ckpt"), "no checkpoint appeared");
    kill(pid, SIGINT);
    ck_assert_int_ne(finish(pid), 0);
    ck_assert_int_eq(sh("cp '%s/full.h5.ckpt' '%s/saved.ckpt'%s", dir, ""), 0);
    char p[256];
    struct stat st;
    path_in(p, sizeof p, "full.h5.ckpt");
    ck_assert_int_eq(stat(p, &st), 0);
    /* the next checkpoint write needs st_size bytes: allow half */
    const int rc = finish(start("full.h5", 1, (long)st.st_size / 2));
    ck_assert_msg(rc != 0, "a run on a full disk exited 0");
    ck_assert_msg(sh("grep -q -E 'cannot write|disk full|File too large' '%s/log'%s%s", "", "") == 0,
                  "no clear disk-full message");
    ck_assert_msg(!exists("full.h5"), "a failed run left its output under the final name");
    ck_assert_msg(sh("cmp -s '%s/full.h5.ckpt' '%s/saved.ckpt'%s", dir, "") == 0,
                  "the previous checkpoint was not kept intact");
    /* room for the checkpoint but not for the HDF5 file: the final write fails cleanly (this
     * crashed in HDF5's atexit clean-up after a failed H5Fclose), the checkpoint stays */
    char r[256];
    struct stat sr;
    path_in(r, sizeof r, "ref.h5");
    ck_assert_int_eq(stat(r, &sr), 0);
    ck_assert_int_lt(st.st_size, sr.st_size);
    const int rc2 = finish(start("full.h5", 1, (long)(st.st_size + sr.st_size) / 2));
    ck_assert_msg(rc2 == 1, "a failed final write exited with %d, not 1", rc2);
    ck_assert_msg(sh("grep -q -E 'disk full' '%s/log'%s%s", "", "") == 0, "no clear disk-full message");
    ck_assert_msg(!exists("full.h5") && !exists("full.h5.tmp"), "a failed write left a file behind");
    ck_assert_msg(exists("full.h5.ckpt"), "the checkpoint was lost");
    /* with space again, --resume completes from it */
    ck_assert_int_eq(finish(start("full.h5", 1, 0)), 0);
    ck_assert_msg(same_as_reference("full.h5"), "table resumed after a full disk differs");
}
END_TEST

START_TEST(test_sweep_sigint_resume)
{
    char p[256];
    path_in(p, sizeof p, "sweep.cfg");
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs(TABLE_CFG, f);
    fputs(SWEEP_CFG, f);
    fclose(f);
    ck_assert_int_eq(finish(start_cmd("sweep", "sweep.cfg", "sref.h5", 0, 0)), 0);
    const pid_t pid = start_cmd("sweep", "sweep.cfg", "sw.h5", 0, 0);
    ck_assert_msg(wait_for("sw.h5.ckpt"), "no sweep checkpoint appeared");
    kill(pid, SIGINT);
    ck_assert_msg(finish(pid) != 0, "an interrupted sweep exited 0");
    ck_assert_msg(exists("sw.h5.ckpt") && !exists("sw.h5"), "no checkpoint, or a file under the final name");
    ck_assert_int_eq(finish(start_cmd("sweep", "sweep.cfg", "sw.h5", 1, 0)), 0);
    ck_assert_msg(sh("cd '%s' && h5diff -q sref.h5 sw.h5 /sweep /sweep%s%s", "", "") == 0,
                  "resumed sweep differs from the uninterrupted one");
}
END_TEST

Suite *check_interrupt_suite(void)
{
    Suite *s = suite_create("interrupt");
    TCase *tc = tcase_create("interrupt");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, test_sigint_checkpoint_resume);
    tcase_add_test(tc, test_kill9_resume);
    tcase_add_test(tc, test_disk_full_keeps_checkpoint);
    tcase_add_test(tc, test_sweep_sigint_resume);
    suite_add_tcase(s, tc);
    return s;
}
