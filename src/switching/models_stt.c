/* models_stt.c — zero-temperature switching time of a PMA macrospin under collinear STT.
 *
 * Reduced 1-D equation (derived from PHYSICS.md §1). Easy axis z, initial state near +z, polar
 * angle θ from +z; applied field H ẑ (h = H/H_k) and a damping-like spin torque written as the
 * effective field H_stt = a_J (m × p) with the fixed-layer direction p = −ẑ (a_J > 0 pulls m toward
 * p, i.e. drives the switching away from +z). In Landau–Lifshitz form, with γ' = γ0/(1+α²),
 *   dm/dt = −γ' [ m × H_eff + α m × (m × H_eff) ],  H_eff = (H_k cos θ + H) ẑ + a_J m × p.
 * The damping part of the axial field gives dθ/dt = −α γ' (H_k cos θ + H) sin θ; the precession
 * part of the STT field gives −γ' a_J m × (m × p)·ẑ = −γ' a_J sin²θ, i.e. dθ/dt = +γ' a_J sin θ;
 * the remaining terms only precess m about z. With i = a_J/(α H_k) = J/J_c0 and
 * τ_D = (1+α²)/(α γ0 H_k):
 *
 *   dθ/dt = (1/τ_D) sin θ (i − h − cos θ) = −(1/τ_D) sin θ (cos θ + h_eff),  h_eff = h − i,
 *
 * so collinear STT acts as the axial field h − i in the damping term (Sun, PRB 62, 570 (2000)).
 * Separating variables with u = cos θ and c = i − h:
 *   t/τ_D = ∫_{u_end}^{u0} du / ((1 − u)(1 + u)(c − u))
 *         = [ −ln(1 − u)/(2(c − 1)) + ln(1 + u)/(2(c + 1)) − ln(c − u)/(1 − c²) ]_{u_end}^{u0}.
 * 1 − u = 2 sin²(θ/2) and 1 + u = 2 cos²(θ/2) keep small angles exact. Near c = ±1 the three
 * terms cancel, so there the integral is done by adaptive quadrature instead. The state switches
 * only if c > cos θ on the whole path (c > cos θ0); otherwise θ stalls and t = +∞. */
#include <math.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include "metaspin/models.h"

/* Antiderivative in u = cos θ of 1/((1 − u)(1 + u)(c − u)), evaluated at u = cos θ. */
static double stt_antiderivative(double theta, double c)
{
    const double s = sin(0.5 * theta), co = cos(0.5 * theta);
    const double one_minus_u = 2.0 * s * s, one_plus_u = 2.0 * co * co;
    const double c_minus_u = (c - 1.0) + one_minus_u;
    return -log(one_minus_u) / (2.0 * (c - 1.0)) + log(one_plus_u) / (2.0 * (c + 1.0)) -
           log(c_minus_u) / ((1.0 - c) * (1.0 + c));
}

static double stt_integrand(double theta, void *p)
{
    const double c = *(const double *)p, s = sin(0.5 * theta);
    return 1.0 / (sin(theta) * ((c - 1.0) + 2.0 * s * s));
}

static int stt_quad(double c, double theta0, double theta_end, double *val, ms_error *err)
{
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(500);
    if (!w)
        return MS_ERROR(err, MS_ENOMEM, "stt switch time: cannot allocate the quadrature workspace");
    double cc = c, abserr;
    gsl_function f = {stt_integrand, &cc};
    int s = gsl_integration_qags(&f, theta0, theta_end, 0.0, 1e-12, 500, w, val, &abserr);
    gsl_integration_workspace_free(w);
    if (s == GSL_EROUND && abserr < 1e-9 * fabs(*val))
        s = GSL_SUCCESS;
    if (s != GSL_SUCCESS)
        return MS_ERROR(err, MS_ENUMERIC, "stt switch time: quadrature failed for c = %g (%s)", c,
                        gsl_strerror(s));
    return MS_OK;
}

int ms_model_stt_switch_time(double i, double h, double tau_d, double theta0, double theta_end,
                             double *t, ms_error *err)
{
    *t = NAN;
    if (!isfinite(i) || !isfinite(h) || !(tau_d > 0.0) || !isfinite(tau_d))
        return MS_ERROR(err, MS_EINPUT, "stt switch time: needs finite i, h and tau_d > 0 (got "
                        "i = %g, h = %g, tau_d = %g)", i, h, tau_d);
    if (!(theta0 > 0.0 && theta0 < theta_end && theta_end < M_PI))
        return MS_ERROR(err, MS_EINPUT, "stt switch time: needs 0 < theta0 < theta_end < pi (got "
                        "theta0 = %g, theta_end = %g)", theta0, theta_end);
    const double c = i - h;
    if (!(c > cos(theta0))) {
        *t = INFINITY;  /* fixed point on the path: no switching at T = 0 */
        return MS_OK;
    }
    double val;
    if (fabs(c - 1.0) < 1e-3 || fabs(c + 1.0) < 1e-3) {
        int status = stt_quad(c, theta0, theta_end, &val, err);
        if (status != MS_OK)
            return status;
    } else {
        /* The antiderivative is in u = cos θ; u0 > u_end, so the limits are swapped. */
        val = stt_antiderivative(theta0, c) - stt_antiderivative(theta_end, c);
    }
    *t = tau_d * val;
    return MS_OK;
}
