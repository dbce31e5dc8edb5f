/* main.c — the single Check runner of `make check`. Every tests/check_<module>.c defines
 * `Suite *check_<module>_suite(void)`; the Makefile lists them in suites.gen.h. Set
 * MS_TEST_QUICK=1 for reduced sample sizes (the sanitizer run). Runs from the tests/ folder. */
#include <check.h>
#include <stdlib.h>

#define MS_SUITE(name) Suite *name##_suite(void);
#include "suites.gen.h"
#undef MS_SUITE

int main(void)
{
    SRunner *runner = srunner_create(NULL);
#define MS_SUITE(name) srunner_add_suite(runner, name##_suite());
#include "suites.gen.h"
#undef MS_SUITE
    srunner_run_all(runner, CK_NORMAL);
    const int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
