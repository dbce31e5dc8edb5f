/* thermal_start.c — exact sampling of the polar angle of a macrospin from the Boltzmann
 * distribution of an axially symmetric well, used for thermalised initial states.
 *
 * With x = m·u, energy βE = −σ (x² + 2 h x) (σ = K_eff V/(kB T), h = H·u/H_k), the density on
 * the sphere is p(x) ∝ exp(σ (x + h)²) (the azimuth is uniform). With z = x + h the CDF has the
 * closed form, for σ > 0,  ∫_0^z e^{σ y²} dy = e^{σ z²} D(√σ z)/√σ  (D = Dawson function),
 * and for σ < 0 (easy plane)  ∫_0^z e^{−|σ| y²} dy = √π erf(√|σ| z)/(2 √|σ|).
 * The CDF is inverted by a bracketed Newton iteration, so samples are exact to rounding; the
 * primitive is scaled by e^{−σ z_max²} to avoid overflow at large σ. */
#include <gsl/gsl_sf_dawson.h>
#include <math.h>
#include "metaspin/macrospin.h"

typedef struct axial_cdf {
    double sigma, zlo, zhi, scale, p_lo, p_span;
    int kind; /* 0 uniform, 1 σ > 0 (Dawson), 2 σ < 0 with erf, 3 σ < 0 with erfc (z >= 0) */
} axial_cdf;

/* Scaled primitive P(z) and its derivative (the scaled density) for the chosen kind. */
static double axial_prim(const axial_cdf *c, double z, double *dens)
{
    const double rs = sqrt(fabs(c->sigma));
    switch (c->kind) {
    case 1: {
        const double e = exp(c->sigma * (z * z - c->scale));
        *dens = rs * e;
        return e * gsl_sf_dawson(rs * z);
    }
    case 2:
        *dens = M_2_SQRTPI * rs * exp(c->sigma * z * z);
        return erf(rs * z);
    case 3:
        *dens = M_2_SQRTPI * rs * exp(c->sigma * z * z);
        return -erfc(rs * z);
    default:
        *dens = 1.0;
        return z;
    }
}

static void axial_setup(axial_cdf *c, double sigma, double zlo, double zhi)
{
    c->sigma = sigma;
    c->zlo = zlo;
    c->zhi = zhi;
    c->scale = fmax(zlo * zlo, zhi * zhi);
    if (fabs(sigma) < 1e-12)
        c->kind = 0;
    else if (sigma > 0)
        c->kind = 1;
    else
        c->kind = zlo >= 0 ? 3 : 2;
    double d;
    c->p_lo = axial_prim(c, zlo, &d);
    c->p_span = axial_prim(c, zhi, &d) - c->p_lo;
}

double ms_macrospin_sample_axial(double sigma, double h, double x_lo, double x_hi, double u)
{
    axial_cdf c;
    /* Mirror a tail on the negative side (σ < 0) so that erfc keeps its precision. */
    if (sigma < 0 && x_hi + h <= 0)
        return -ms_macrospin_sample_axial(sigma, -h, -x_hi, -x_lo, 1.0 - u);
    axial_setup(&c, sigma, x_lo + h, x_hi + h);
    if (!(c.p_span > 0) || !isfinite(c.p_span))
        return x_hi;  /* all mass at the edge (σ → ∞) */
    double lo = c.zlo, hi = c.zhi, z = 0.5 * (lo + hi);
    for (int it = 0; it < 200 && hi - lo > 1e-15 * (1.0 + fabs(z)); it++) {
        double dens;
        const double g = (axial_prim(&c, z, &dens) - c.p_lo) / c.p_span - u;
        if (g > 0)
            hi = z;
        else
            lo = z;
        double zn = z - g * c.p_span / dens;
        if (!(zn > lo && zn < hi))
            zn = 0.5 * (lo + hi);
        if (fabs(zn - z) < 1e-16 * (1.0 + fabs(z)))
            break;
        z = zn;
    }
    return fmin(fmax(z - h, x_lo), x_hi);
}
