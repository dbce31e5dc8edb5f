/* testutil.h — small helpers shared by the Check suites. */
#ifndef METASPIN_TESTUTIL_H
#define METASPIN_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* MS_TEST_QUICK=1 (the sanitizer run) asks stochastic tests for smaller samples; scale tolerances
 * with the sample size, never loosen them by hand. */
static inline int ms_test_quick(void)
{
    const char *q = getenv("MS_TEST_QUICK");
    return q && q[0] == '1';
}

/* Absolute path of the binary under test: MS_TEST_BIN (relative to tests/, or absolute, e.g.
 * ../build-asan/metaspin for the sanitizer run), default ../bin/metaspin. */
static inline void ms_test_binary(char *out, size_t cap)
{
    char here[1024];
    ck_assert_ptr_nonnull(getcwd(here, sizeof here));
    const char *env = getenv("MS_TEST_BIN");
    const char *bin = env && env[0] ? env : "../bin/metaspin";
    if (bin[0] == '/')
        snprintf(out, cap, "%s", bin);
    else
        snprintf(out, cap, "%s/%s", here, bin);
}

/* Run a shell command: its standard output into out (truncated to cap; the rest is drained; the
 * command redirects stderr itself), the exit status returned (-1 if it did not exit). */
static inline int ms_test_run(const char *cmd, char *out, size_t cap)
{
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    const size_t n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    while (fgetc(p) != EOF)
        ;
    const int ws = pclose(p);
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
}

#endif
