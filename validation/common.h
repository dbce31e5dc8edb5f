/* common.h — reporting for validation cases (`make validate`).
 * Each case prints one line per compared figure:
 *   VALIDATE <module>/<case> value=<v> reference=<r> tol=<t> PASS|FAIL
 * where PASS means |value − reference| <= tol (tol is absolute, in the figure's units; state in the
 * case's README where the tolerance comes from: statistics, discretisation, or the reference's spread).
 * main() returns the number of failures (0 = all passed). */
#ifndef METASPIN_VALIDATION_COMMON_H
#define METASPIN_VALIDATION_COMMON_H

#include <math.h>
#include <stdio.h>

static inline int ms_validate_report(const char *name, double value, double reference, double tol)
{
    const int pass = isfinite(value) && fabs(value - reference) <= tol;
    printf("VALIDATE %s value=%.6g reference=%.6g tol=%.3g %s\n", name, value, reference, tol,
           pass ? "PASS" : "FAIL");
    fflush(stdout);
    return pass ? 0 : 1;
}

/* One-sided: PASS when value >= minimum (printed with tol=0 and the word "min"). */
static inline int ms_validate_report_min(const char *name, double value, double minimum)
{
    const int pass = isfinite(value) && value >= minimum;
    printf("VALIDATE %s value=%.6g reference=%.6g tol=0 min %s\n", name, value, minimum, pass ? "PASS" : "FAIL");
    fflush(stdout);
    return pass ? 0 : 1;
}

#endif
