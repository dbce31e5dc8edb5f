/* check_badinput.c — the bad-input catalogue: every malformed file in tests/bad-inputs/ (listed in
 * tests/bad-inputs/cases.txt as FILE | ARGUMENTS | EXPECTED) must make ../bin/metaspin exit with
 * status 2 and a single line of output containing EXPECTED (file:line and key for a config, row and
 * column for a CSV, the dataset for an HDF5 table), and leave nothing behind: each case runs in a
 * fresh empty folder with `-q -o out.h5`, and the folder must still be empty afterwards (no
 * out.h5, out.h5.tmp or checkpoint). A case whose fourth field starts with "pending" documents a
 * known bug in a module still being edited: it runs, and its result is printed, but cannot fail.
 * MS_TEST_BIN=../build-asan/metaspin runs the catalogue against a sanitizer build (every error
 * path then also checked for leaks and memory errors). */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testutil.h"

enum { MAX_CASES = 256, FIELD = 512 };

typedef struct bad_case {
    char file[FIELD], args[FIELD], expect[FIELD], pending[FIELD];
} bad_case;

static bad_case cases[MAX_CASES];
static int n_cases;

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

/* Parse cases.txt once (at suite creation, in the runner process). */
static void load_cases(void)
{
    FILE *f = fopen("bad-inputs/cases.txt", "r");
    if (!f)
        return;
    char line[4 * FIELD];
    while (n_cases < MAX_CASES && fgets(line, sizeof line, f)) {
        char *s = trim(line);
        if (!*s || *s == '#')
            continue;
        char *field[4] = {NULL, NULL, NULL, NULL};
        int nf = 0;
        for (char *p = s; nf < 4; nf++) {
            field[nf] = p;
            char *bar = strchr(p, '|');
            if (!bar) {
                nf++;
                break;
            }
            *bar = '\0';
            p = bar + 1;
        }
        bad_case *c = &cases[n_cases++];
        snprintf(c->file, FIELD, "%s", nf > 0 ? trim(field[0]) : "");
        snprintf(c->args, FIELD, "%s", nf > 1 ? trim(field[1]) : "");
        snprintf(c->expect, FIELD, "%s", nf > 2 ? trim(field[2]) : "");
        snprintf(c->pending, FIELD, "%s", nf > 3 ? trim(field[3]) : "");
    }
    fclose(f);
}

/* Names left in dir (comma-separated into out); returns their count. */
static int leftovers(const char *dir, char *out, size_t cap)
{
    DIR *d = opendir(dir);
    int n = 0;
    out[0] = '\0';
    if (!d)
        return -1;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        const size_t used = strlen(out);
        snprintf(out + used, cap - used, "%s%s", n ? ", " : "", e->d_name);
        n++;
    }
    closedir(d);
    return n;
}

/* Run case i; return NULL if it behaves, else a description of what went wrong (static buffer). */
static const char *run_case(const bad_case *c)
{
    static char why[8192];
    char here[1024], input[2048], dir[] = "/tmp/ms-badinput-XXXXXX";
    ck_assert_ptr_nonnull(getcwd(here, sizeof here));
    snprintf(input, sizeof input, "%s/bad-inputs/%s", here, c->file);
    struct stat st;
    if (stat(input, &st) != 0) {
        snprintf(why, sizeof why, "input bad-inputs/%s does not exist", c->file);
        return why;
    }
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char cmd[8192], bin[1100];
    ms_test_binary(bin, sizeof bin);   /* MS_TEST_BIN=../build-asan/metaspin: the catalogue under ASan */
    snprintf(cmd, sizeof cmd, "cd '%s' && export B='%s/bad-inputs' && timeout 120 '%s' %s -q -o out.h5 </dev/null 2>&1",
             dir, here, bin, c->args);
    static char out[1 << 16];
    const int rc = ms_test_run(cmd, out, sizeof out);
    char left[1024];
    const int n_left = leftovers(dir, left, sizeof left);
    char rm[256];
    snprintf(rm, sizeof rm, "rm -rf '%s'", dir);
    if (system(rm) != 0)
        fprintf(stderr, "check_badinput: could not remove %s\n", dir);

    int lines = 0;
    for (const char *q = out; *q; q++)
        lines += *q == '\n' || (q[1] == '\0' && *q != '\n');
    const char *problem = rc != 2                    ? "exit status is not 2"
                          : !strstr(out, c->expect) ? "expected message missing"
                          : lines != 1              ? "output is not one line"
                          : n_left != 0             ? "files left behind"
                                                    : NULL;
    if (!problem)
        return NULL;
    snprintf(why, sizeof why, "%s: %s\n  command: metaspin %s\n  status %d, output: %.1500s\n  expected: %s\n  left: %s",
             c->file, problem, c->args, rc, out, c->expect, n_left ? left : "-");
    return why;
}

START_TEST(test_bad_input)
{
    const bad_case *c = &cases[_i];
    const char *why = run_case(c);
    if (c->pending[0]) {
        if (why)
            fprintf(stderr, "check_badinput: known bug (%s)\n  %s\n", c->pending, why);
        else
            fprintf(stderr, "check_badinput: %s now passes: remove its pending mark\n", c->file);
        return;
    }
    ck_assert_msg(why == NULL, "%s", why ? why : "");
}
END_TEST

START_TEST(test_catalogue_size)
{
    ck_assert_msg(n_cases >= 40, "only %d cases in bad-inputs/cases.txt", n_cases);
}
END_TEST

Suite *check_badinput_suite(void)
{
    load_cases();
    Suite *s = suite_create("badinput");
    TCase *tc = tcase_create("badinput");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_catalogue_size);
    tcase_add_loop_test(tc, test_bad_input, 0, n_cases);
    suite_add_tcase(s, tc);
    return s;
}
