/* demag.c — magnetometric demagnetising factors of uniformly magnetised bodies (macrospin shape
 * anisotropy H = −Ms (Nx mx, Ny my, Nz mz), z = thickness axis).
 *
 * Elliptic cylinder (and the circular disk), semi-axes a, b, thickness L, by the Fourier-space
 * method (Beleggia and De Graef, JMMM 263, L1 (2003)): N_ij = (1/V) ∫ d³k/(2π)³ |F(k)|² k_i k_j/k²
 * with the shape function F = 2π a b J1(κ)/κ · 2 sin(k_z L/2)/k_z, κ = |(k_x a, k_y b)|. The k_z
 * integral is elementary; with s(φ) = sqrt(a² cos²φ + b² sin²φ) and
 *     I(τ) = ∫_0^∞ J1(x)² (1 − e^{−τ x}) / x² dx,
 * one gets  N_zz = (a b/(π L)) ∫_0^{2π} I(L/s)/s dφ,
 *           N_xx = (a b/(π L)) ∫_0^{2π} cos²φ (L/2 − s I(L/s))/s² dφ   (N_yy with sin²φ),
 * so N_xx + N_yy + N_zz = 1 exactly; a disk (a = b = R) reduces to N_zz = (2R/L) I(L/R).
 * I is computed on [0, 500] by adaptive quadrature plus an analytic tail (error ~1e-9).
 * Limits: thin film N_zz → 1 (∫ J1²/x = 1/2), long rod N_zz → (8R/(3πL)).
 *
 * Rectangular prism 2a × 2b × 2c: Aharoni's closed form, J. Appl. Phys. 83, 3432 (1998), eq. (1). */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_bessel.h>
#include <gsl/gsl_sf_expint.h>
#include <math.h>
#include "metaspin/macrospin.h"

enum { DEMAG_LIMIT = 2000 };

static double demag_i_integrand(double x, void *p)
{
    const double tau = *(const double *)p;
    if (x < 1e-8)
        return 0.25 * (tau * x - 0.5 * tau * tau * x * x);  /* J1² ≈ x²/4 */
    const double j1 = gsl_sf_bessel_J1(x);
    return j1 * j1 * (-expm1(-tau * x)) / (x * x);
}

/* I(τ) for τ > 0: adaptive quadrature on [0, X] plus the tail from the asymptotic
 * J1(x)² ≈ (1 − sin 2x)/(π x); the non-oscillating tail term is exact,
 * ∫_X^∞ (1 − e^{−τx})/(π x³) dx = (1/(2 X²) − E_3(τX)/X²)/π, the oscillating one is below
 * 1/(2π X³) ≈ 1e-9 and dropped. */
static int demag_i(double tau, gsl_integration_workspace *w, double *out)
{
    const double x_max = 500.0;
    gsl_function f = {demag_i_integrand, &tau};
    double abserr;
    const int st = gsl_integration_qag(&f, 0.0, x_max, 1e-13, 1e-11, DEMAG_LIMIT, GSL_INTEG_GAUSS61,
                                       w, out, &abserr);
    const double e3 = tau * x_max > 700 ? 0.0 : gsl_sf_expint_En(3, tau * x_max);
    *out += (0.5 - e3) / (M_PI * x_max * x_max);
    return st;
}

typedef struct ellipse_par {
    double a, b, len;
    int comp; /* 0: xx, 2: zz */
    gsl_integration_workspace *inner;
    int status;
} ellipse_par;

static double demag_phi_integrand(double phi, void *p)
{
    ellipse_par *e = p;
    const double c = cos(phi), s2 = sin(phi);
    const double s = sqrt(e->a * e->a * c * c + e->b * e->b * s2 * s2);
    double i;
    const int st = demag_i(e->len / s, e->inner, &i);
    if (st)
        e->status = st;
    return e->comp == 2 ? i / s : c * c * (0.5 * e->len - s * i) / (s * s);
}

int ms_macrospin_demag_ellipse(double len_x, double len_y, double thickness, double n[3], ms_error *err)
{
    if (!(len_x > 0 && len_y > 0 && thickness > 0))
        return MS_ERROR(err, MS_EINPUT, "demag: ellipse sizes must be positive");
    const double a = 0.5 * len_x, b = 0.5 * len_y, len = thickness;
    gsl_integration_workspace *inner = gsl_integration_workspace_alloc(DEMAG_LIMIT);
    gsl_integration_workspace *outer = gsl_integration_workspace_alloc(DEMAG_LIMIT);
    int status = MS_OK;
    if (!inner || !outer) {
        status = MS_ERROR(err, MS_ENOMEM, "demag: out of memory");
        goto done;
    }
    if (a == b) {
        double i;
        if (demag_i(len / a, inner, &i)) {
            status = MS_ERROR(err, MS_ENUMERIC, "demag: quadrature failed for the disk factor");
            goto done;
        }
        n[2] = 2.0 * a / len * i;
        n[0] = n[1] = 0.5 * (1.0 - n[2]);
        goto done;
    }
    /* Four quadrants are equal: integrate φ over [0, π/2] and multiply by 4. */
    const double pref = 4.0 * a * b / (M_PI * len);
    ellipse_par e = {a, b, len, 2, inner, 0};
    gsl_function f = {demag_phi_integrand, &e};
    double vz, vx, abserr;
    int st = gsl_integration_qag(&f, 0.0, M_PI_2, 1e-12, 1e-9, DEMAG_LIMIT, GSL_INTEG_GAUSS31,
                                 outer, &vz, &abserr);
    e.comp = 0;
    st |= gsl_integration_qag(&f, 0.0, M_PI_2, 1e-12, 1e-9, DEMAG_LIMIT, GSL_INTEG_GAUSS31, outer,
                              &vx, &abserr);
    if (st || e.status) {
        status = MS_ERROR(err, MS_ENUMERIC, "demag: quadrature failed for the ellipse factors");
        goto done;
    }
    n[2] = pref * vz;
    n[0] = pref * vx;
    n[1] = 1.0 - n[0] - n[2];
done:
    gsl_integration_workspace_free(inner);
    gsl_integration_workspace_free(outer);
    return status;
}

/* Aharoni (1998) eq. (1): D_z of the prism 2a × 2b × 2c (c along z). */
static double aharoni_dz(double a, double b, double c)
{
    const double a2 = a * a, b2 = b * b, c2 = c * c;
    const double abc = sqrt(a2 + b2 + c2), ab = sqrt(a2 + b2), bc = sqrt(b2 + c2), ac = sqrt(a2 + c2);
    double s = (b2 - c2) / (2 * b * c) * log((abc - a) / (abc + a));
    s += (a2 - c2) / (2 * a * c) * log((abc - b) / (abc + b));
    s += b / (2 * c) * log((ab + a) / (ab - a));
    s += a / (2 * c) * log((ab + b) / (ab - b));
    s += c / (2 * a) * log((bc - b) / (bc + b));
    s += c / (2 * b) * log((ac - a) / (ac + a));
    s += 2 * atan(a * b / (c * abc));
    s += (a2 * a + b2 * b - 2 * c2 * c) / (3 * a * b * c);
    s += (a2 + b2 - 2 * c2) / (3 * a * b * c) * abc;
    s += c / (a * b) * (ac + bc);
    s -= (ab * ab * ab + bc * bc * bc + ac * ac * ac) / (3 * a * b * c);
    return s / M_PI;
}

int ms_macrospin_demag_box(double lx, double ly, double lz, double n[3])
{
    if (!(lx > 0 && ly > 0 && lz > 0))
        return MS_EINPUT;
    const double a = 0.5 * lx, b = 0.5 * ly, c = 0.5 * lz;
    n[2] = aharoni_dz(a, b, c);
    n[0] = aharoni_dz(b, c, a);
    n[1] = aharoni_dz(c, a, b);
    return MS_OK;
}
