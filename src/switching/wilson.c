/* wilson.c — Wilson score interval for a binomial proportion (E. B. Wilson, J. Am. Stat. Assoc.
 * 22, 209 (1927)): with p̂ = k/n and z the normal quantile (1.96 for 95 %),
 *   centre = (p̂ + z²/(2n)) / (1 + z²/n),  half = z sqrt(p̂(1 − p̂)/n + z²/(4n²)) / (1 + z²/n).
 * Unlike the normal (Wald) interval it stays inside [0, 1] and is not degenerate at k = 0 or k = n,
 * which is where switching tables spend most of their points. Used by protocol.c. */
#include <math.h>
#include "metaspin/tablegen.h"

void ms_wilson_interval(uint64_t k, uint64_t n, double z, double *lo, double *hi)
{
    if (n == 0) {
        *lo = 0.0;
        *hi = 1.0;
        return;
    }
    const double nn = (double)n, p = (double)k / nn, z2 = z * z, den = 1.0 + z2 / nn;
    const double centre = (p + z2 / (2.0 * nn)) / den;
    const double half = z * sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn)) / den;
    *lo = k == 0 ? 0.0 : fmax(0.0, centre - half);
    *hi = k == n ? 1.0 : fmin(1.0, centre + half);
}
