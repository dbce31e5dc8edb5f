/* units.h — quantities with units at the config boundary.
 *
 * Every config key declares its SI unit as a string ("m", "A/m", "J/m^3", "m/(A s)"); a value is a
 * number (taken as SI) or text "<number> <unit expression>" such as "40 nm", "1.1 MA/m", "10 mT",
 * "0.75 mJ/m^2", "5e10 A/m^2", "0.8 eV", "2 ns". Unit expressions are products and quotients of
 * symbols with SI prefixes (p n u µ m c k M G T) and integer powers ("m^2", "m2", "1/s", "J/(V m)").
 * Dimensions are exponent vectors over (m, kg, s, A, K); a value whose dimension differs from the
 * declared one is refused, except the two conversions through μ0 that micromagnetics uses daily:
 *   field or magnetisation given in tesla or oersted (μ0 H, μ0 Ms) where A/m is declared, and
 *   γ0 = μ0 γ in m/(A s) where γ in rad/(s T) is declared (and the reverse).
 * Inside the code everything is SI. */
#ifndef METASPIN_UNITS_H
#define METASPIN_UNITS_H

#include <stddef.h>

enum { MS_DIM_BASES = 5 };                     /* m, kg, s, A, K */
typedef struct ms_dim { signed char e[MS_DIM_BASES]; } ms_dim;

/* Parse a unit expression ("MA/m", "J/m^3", "" = dimensionless) into scale-to-SI and dimension.
 * Returns 0, or -1 and a reason in why. */
int ms_units_parse_unit(const char *unit, double *scale, ms_dim *dim, char *why, size_t why_len);

/* Parse "<number> [unit]" and convert to the SI unit `expect` (itself a unit expression).
 * Returns 0, or -1 with why = e.g. `expects a length (m), got "1.2 T" (magnetic flux density)`. */
int ms_units_convert(const char *text, const char *expect, double *si, char *why, size_t why_len);

/* Human name of a dimension ("length", "magnetic field", ...) or the SI expression if unnamed. */
void ms_units_describe(ms_dim dim, char *out, size_t out_len);

int ms_dim_equal(ms_dim a, ms_dim b);

#endif
