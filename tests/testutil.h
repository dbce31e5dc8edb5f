/* testutil.h — small helpers shared by the Check suites. */
#ifndef METASPIN_TESTUTIL_H
#define METASPIN_TESTUTIL_H

#include <stdlib.h>

/* MS_TEST_QUICK=1 (the sanitizer run) asks stochastic tests for smaller samples; scale tolerances
 * with the sample size, never loosen them by hand. */
static inline int ms_test_quick(void)
{
    const char *q = getenv("MS_TEST_QUICK");
    return q && q[0] == '1';
}

#endif
