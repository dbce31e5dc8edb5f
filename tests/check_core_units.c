/* check_core_units.c — unit parsing and conversion: SI prefixes, compound units, the μ0
 * conversions, and the error messages that name the expected and the given dimension. */
#include <check.h>
#include <math.h>
#include <string.h>

#include "metaspin/units.h"

static double conv(const char *text, const char *unit)
{
    double v = NAN;
    char why[256];
    ck_assert_msg(ms_units_convert(text, unit, &v, why, sizeof why) == 0, "%s -> %s: %s", text, unit, why);
    return v;
}

START_TEST(test_prefixes_and_compounds)
{
    ck_assert_double_eq_tol(conv("40 nm", "m"), 40e-9, 1e-24);
    ck_assert_double_eq_tol(conv("1.1 MA/m", "A/m"), 1.1e6, 1e-9);
    ck_assert_double_eq_tol(conv("800 kA/m", "A/m"), 8e5, 1e-9);
    ck_assert_double_eq_tol(conv("2 ns", "s"), 2e-9, 1e-24);
    ck_assert_double_eq_tol(conv("0.75 mJ/m^2", "J/m^2"), 0.75e-3, 1e-18);
    ck_assert_double_eq_tol(conv("1.3e-11 J/m", "J/m"), 1.3e-11, 1e-26);
    ck_assert_double_eq(conv("300 K", "K"), 300.0);
    ck_assert_double_eq_tol(conv("0.8 eV", "J"), 0.8 * 1.602176634e-19, 1e-32);
    ck_assert_double_eq_tol(conv("5e10 A/m^2", "A/m^2"), 5e10, 1e-3);
    ck_assert_double_eq(conv("1.5 V", "V"), 1.5);
    ck_assert_double_eq_tol(conv("1 MJ/m3", "J/m^3"), 1e6, 1e-9);
    ck_assert_double_eq_tol(conv("3 µm", "m"), 3e-6, 1e-20);      /* micro sign */
    ck_assert_double_eq_tol(conv("3 \xCE\xBCm", "m"), 3e-6, 1e-20); /* Greek mu */
    ck_assert_double_eq_tol(conv("1e12 1/s", "Hz"), 1e12, 1e-3);
    ck_assert_double_eq(conv("2 min", "s"), 120.0);
    ck_assert_double_eq_tol(conv("0.1 J/(V m)", "J/(V m)"), 0.1, 1e-15);
    ck_assert_double_eq_tol(conv("1e-13 J/(V*m)", "C/m"), 1e-13, 1e-27);
    ck_assert_double_eq(conv("1.5e-9", "m"), 1.5e-9); /* plain numbers are SI */
    ck_assert_double_eq_tol(conv("50 %", ""), 0.5, 1e-15);
}
END_TEST

START_TEST(test_mu0_conversions)
{
    const double mu0 = 4e-7 * M_PI;
    ck_assert_double_eq_tol(conv("10 mT", "A/m"), 0.01 / mu0, 1e-9);
    ck_assert_double_eq_tol(conv("1 kOe", "A/m"), 1e6 / (4 * M_PI), 1e-6);
    ck_assert_double_eq_tol(conv("1.76 T", "A/m"), 1.76 / mu0, 1e-6);
    /* γ0 = μ0 γ: muMAG's 2.211e5 m/(A s) is γ = 1.7595e11 rad/(s T) */
    ck_assert_double_eq_tol(conv("2.211e5 m/(A s)", "rad/(s T)"), 2.211e5 / mu0, 1e3);
    ck_assert_double_eq_tol(conv("1.760859e11 rad/(s T)", "m/(A s)"), 1.760859e11 * mu0, 1e-6);
}
END_TEST

START_TEST(test_errors_name_dimensions)
{
    double v;
    char why[256];
    ck_assert_int_eq(ms_units_convert("1.2 T", "m", &v, why, sizeof why), -1);
    ck_assert_str_eq(why, "expects a length (m), got \"1.2 T\" (magnetic flux density)");
    ck_assert_int_eq(ms_units_convert("3 parsecs", "m", &v, why, sizeof why), -1);
    ck_assert_ptr_nonnull(strstr(why, "unknown unit"));
    ck_assert_int_eq(ms_units_convert("fast", "s", &v, why, sizeof why), -1);
    ck_assert_ptr_nonnull(strstr(why, "not a number"));
    ck_assert_int_eq(ms_units_convert("nan", "s", &v, why, sizeof why), -1);
    ck_assert_int_eq(ms_units_convert("1e400 m", "m", &v, why, sizeof why), -1);
    ck_assert_int_eq(ms_units_convert("2 J/(m", "J/m", &v, why, sizeof why), -1);
    ck_assert_int_eq(ms_units_convert("300 K", "A/m", &v, why, sizeof why), -1);
    ck_assert_str_eq(why, "expects a magnetic field (A/m), got \"300 K\" (temperature)");
}
END_TEST

Suite *check_core_units_suite(void)
{
    Suite *s = suite_create("core_units");
    TCase *tc = tcase_create("units");
    tcase_add_test(tc, test_prefixes_and_compounds);
    tcase_add_test(tc, test_mu0_conversions);
    tcase_add_test(tc, test_errors_name_dimensions);
    suite_add_tcase(s, tc);
    return s;
}
