/* models_mfpt.c — exact mean first-passage time of the axially symmetric macrospin.
 *
 * Fokker–Planck equation for x = m_z (Brown 1963), with βV(x) = −σ (x² + 2 h x):
 *   ∂W/∂t = (1/(2τ_N)) ∂/∂x [ (1 − x²) (∂W/∂x + W ∂(βV)/∂x) ],
 * reflecting at x = 1, absorbing at x_b. The mean time to reach x_b from x0 (x_b < x0 ≤ 1) is
 *   T = 2 τ_N ∫_{x_b}^{x0} dx e^{βV(x)}/(1 − x²) ∫_x^1 e^{−βV(y)} dy
 * (Gardiner, Handbook of Stochastic Methods, §5.2.7; Coffey et al., Adv. Chem. Phys. 83 (1993)).
 *
 * Inner integral in closed form: with u = y + h, ∫ e^{σu²} du = F(u), F(u) = e^{σu²} D(√σ u)/√σ
 * (D = Dawson's integral; F(u) → u as σ → 0), so with a = x + h, b = 1 + h
 *   e^{βV(x)} ∫_x^1 e^{−βV(y)} dy = G(x) = e^{σ (1 − x)(1 + x + 2h)} b r(√σ b) − a r(√σ a),
 * r(z) = D(z)/z. Where the two terms cancel (a > 0 and the second above half the first, i.e. x
 * close to 1 on the scale of the barrier) G is computed instead by 32-point Gauss–Legendre
 * quadrature of ∫_x^1 e^{σ (y − x)(y + x + 2h)} dy, whose integrand then varies by at most a factor
 * of a few. The outer integral is adaptive Gauss–Kronrod (QAGP) with a break point at the saddle
 * x = −h. Free diffusion (σ = 0) reduces to T = 2 τ_N ln((1 + x0)/(1 + x_b)).
 * The well time W(x0) = T_{x_b}(1) − T_{x_b}(x0) = 2 τ_N ∫_{x0}^{1} G/(1 − x²) dx (the mean time to
 * climb from the bottom to x0) does not depend on x_b, and its averages over Boltzmann start
 * densities are moderate at any barrier: differences of mean first-passage times from different
 * starts are computed from it, never by subtracting two exponentially large T. */
#include <math.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_dawson.h>
#include "metaspin/models.h"

typedef struct mfpt_par {
    double sigma, h;
    gsl_integration_glfixed_table *gl;
} mfpt_par;

static double dawson_ratio(double z)  /* D(z)/z, even in z */
{
    if (fabs(z) < 1e-4)
        return 1.0 - 2.0 * z * z / 3.0;
    return gsl_sf_dawson(z) / z;
}

typedef struct inner_par { double sigma, h, x; } inner_par;

static double inner_integrand(double y, void *p)
{
    const inner_par *q = p;
    return exp(q->sigma * (y - q->x) * (y + q->x + 2.0 * q->h));
}

/* G(x) = e^{βV(x)} ∫_x^1 e^{−βV(y)} dy. */
static double mfpt_inner(double x, const mfpt_par *m)
{
    const double s = m->sigma, rs = sqrt(s), a = x + m->h, b = 1.0 + m->h;
    const double big = exp(s * (1.0 - x) * (1.0 + x + 2.0 * m->h)) * b * dawson_ratio(rs * b);
    const double small = a * dawson_ratio(rs * a);
    if (!(a > 0.0 && small > 0.5 * big))
        return big - small;
    inner_par q = {s, m->h, x};
    gsl_function f = {inner_integrand, &q};
    return gsl_integration_glfixed(&f, x, 1.0, m->gl);
}

static double mfpt_outer(double x, void *p)
{
    return mfpt_inner(x, p) / ((1.0 - x) * (1.0 + x));
}

/* 2 τ_N ∫_lo^hi G(x)/(1 − x²) dx, adaptive Gauss–Kronrod with a break point at the saddle x = −h
 * when it lies inside (lo, hi). */
static int mfpt_integral(double sigma, double h, double tau_n, double lo, double hi, double *t, ms_error *err)
{
    mfpt_par m = {sigma, h, gsl_integration_glfixed_table_alloc(32)};
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
    if (!m.gl || !w) {
        gsl_integration_glfixed_table_free(m.gl);
        gsl_integration_workspace_free(w);
        return MS_ERROR(err, MS_ENOMEM, "mfpt: cannot allocate the quadrature workspace");
    }
    double pts[3] = {lo, -h, hi}, val = NAN, abserr = 0.0;
    gsl_function f = {mfpt_outer, &m};
    int s;
    if (-h > lo && -h < hi)
        s = gsl_integration_qagp(&f, pts, 3, 0.0, 1e-10, 1000, w, &val, &abserr);
    else
        s = gsl_integration_qags(&f, lo, hi, 0.0, 1e-10, 1000, w, &val, &abserr);
    gsl_integration_workspace_free(w);
    gsl_integration_glfixed_table_free(m.gl);
    if (s == GSL_EROUND && abserr < 1e-8 * fabs(val))  /* converged to rounding */
        s = GSL_SUCCESS;
    if (s != GSL_SUCCESS || !isfinite(val))
        return MS_ERROR(err, MS_ENUMERIC, "mfpt: quadrature failed for sigma = %g, h = %g on [%g, %g] "
                        "(%s)", sigma, h, lo, hi, isfinite(val) ? gsl_strerror(s)
                        : "overflow: barrier too high for double precision");
    *t = 2.0 * tau_n * val;
    return MS_OK;
}

static int mfpt_check(double sigma, double h, double tau_n, ms_error *err)
{
    if (!(sigma >= 0.0) || !isfinite(sigma) || !isfinite(h) || !(tau_n > 0.0) || !isfinite(tau_n))
        return MS_ERROR(err, MS_EINPUT, "mfpt: needs sigma >= 0, finite h and tau_n > 0 (got "
                        "sigma = %g, h = %g, tau_n = %g)", sigma, h, tau_n);
    return MS_OK;
}

int ms_model_mfpt_tau_n(double sigma, double h, double tau_n, double x0, double x_b, double *t,
                        ms_error *err)
{
    *t = NAN;
    const int status = mfpt_check(sigma, h, tau_n, err);
    if (status)
        return status;
    if (!(x_b > -1.0 && x_b < x0 && x0 <= 1.0))
        return MS_ERROR(err, MS_EINPUT, "mfpt: needs -1 < x_b < x0 <= 1 (got x0 = %g, x_b = %g)",
                        x0, x_b);
    return mfpt_integral(sigma, h, tau_n, x_b, x0, t, err);
}

int ms_model_well_time(double sigma, double h, double tau_d, double x0, double *t, ms_error *err)
{
    *t = NAN;
    const int status = mfpt_check(sigma, h, sigma * tau_d, err);
    if (status)
        return status;
    if (!(sigma > 0.0) || !(x0 > -1.0 && x0 <= 1.0))
        return MS_ERROR(err, MS_EINPUT, "mfpt: well time needs sigma > 0 and -1 < x0 <= 1 (got "
                        "sigma = %g, x0 = %g)", sigma, x0);
    if (x0 == 1.0) {
        *t = 0.0;
        return MS_OK;
    }
    return mfpt_integral(sigma, h, sigma * tau_d, x0, 1.0, t, err);
}

int ms_model_mfpt(double sigma, double h, double tau_d, double x0, double x_b, double *t,
                  ms_error *err)
{
    if (!(sigma > 0.0)) {
        *t = NAN;
        return MS_ERROR(err, MS_EINPUT, "mfpt: sigma = %g: tau_n = sigma tau_d vanishes; use "
                        "ms_model_mfpt_tau_n for free diffusion", sigma);
    }
    return ms_model_mfpt_tau_n(sigma, h, sigma * tau_d, x0, x_b, t, err);
}
