/* check_cli.c — the command-line contract, run against ../bin/metaspin from the tests/ folder:
 * exit statuses (0, 2 for bad input), one-line errors naming what and where, no output file left
 * by a failed run, and docs/cli.md equal to `metaspin help --markdown`. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Run a shell command; capture stdout+stderr (truncated to cap) and return the exit status. */
static int run(const char *cmd, char *out, size_t cap)
{
    char full[2048];
    snprintf(full, sizeof full, "%s 2>&1", cmd);
    FILE *p = popen(full, "r");
    ck_assert_ptr_nonnull(p);
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    while (fgetc(p) != EOF)
        ;
    const int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
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
}
END_TEST

Suite *check_cli_suite(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("cli");
    tcase_add_test(tc, test_help_and_version);
    tcase_add_test(tc, test_bad_command_line);
    tcase_add_test(tc, test_docs_match_help);
    suite_add_tcase(s, tc);
    return s;
}
