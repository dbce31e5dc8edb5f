/* models.c — closed-form models of a uniaxial macrospin: time scales, equilibrium moments,
 * Langevin function, Néel–Brown rate, critical current and the two switching-probability regimes.
 *
 * Reduced variables (PHYSICS.md §1): easy axis z, x = m_z, h = H/H_k, σ = Δ = K_eff V/(kB T),
 * H_k = 2 K_eff/(μ0 Ms), γ0 = μ0 γ in m/(A s).
 *   τ_D = (1+α²)/(α γ0 H_k),  τ_N = (1+α²) μ0 Ms V/(2 α γ0 kB T) = σ τ_D.
 *   Boltzmann: p(x) ∝ exp(σ (x² + 2 h x)) on [−1, 1]; at h = 0
 *     ⟨x²⟩ = 1/(2 √σ D(√σ)) − 1/(2σ)  (D = Dawson's integral; series 1/3 + 4σ/45 near σ = 0),
 *     otherwise adaptive Gauss–Kronrod quadrature of the normalised density.
 *   Langevin: L(ξ) = coth ξ − 1/ξ (series ξ/3 − ξ³/45 + 2ξ⁵/945 − ξ⁷/4725 for |ξ| < 0.05).
 *   Néel–Brown: Γ = σ^{3/2}/(√π τ_N) (1 − h²)(1 − h) exp(−σ (1 − h)²)  (W. F. Brown, Phys. Rev.
 *     130, 1677 (1963); the field factor as in Coffey et al., Adv. Chem. Phys. 83, 263 (1993)).
 *   J_c0 = 4 e α K_eff t_F/(ħ η): the damping-like field a_J = ħ η J/(2 e μ0 Ms t_F) equals α H_k
 *     (J. Z. Sun, Phys. Rev. B 62, 570 (2000)).
 *   P_thermal = 1 − exp(−t/τ), τ = τ0 exp(Δ (1 − i)^β);  P_ballistic = exp(−(π² Δ/4)
 *     exp(−2 t (i − 1)/τ_D))  (the thermal initial-angle distribution p(θ0) ∝ θ0 e^{−Δθ0²}
 *     pushed through the linearised collinear STT equation θ ∝ e^{(i − 1) t/τ_D}, models_stt.c;
 *     switched when θ reaches π/2).
 * The mean first-passage time is in models_mfpt.c, the T = 0 STT switching time in models_stt.c. */
#include <math.h>
#include <gsl/gsl_const_mksa.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_dawson.h>
#include "metaspin/models.h"

double ms_model_tau_d(double alpha, double gamma0, double h_k)
{
    return (1.0 + alpha * alpha) / (alpha * gamma0 * h_k);
}

double ms_model_tau_n(double alpha, double gamma0, double ms, double volume, double temperature)
{
    const double mu0 = GSL_CONST_MKSA_VACUUM_PERMEABILITY, kb = GSL_CONST_MKSA_BOLTZMANN;
    return (1.0 + alpha * alpha) * mu0 * ms * volume / (2.0 * alpha * gamma0 * kb * temperature);
}

/* ---- equilibrium moments ------------------------------------------------------------------ */

typedef struct boltzmann_par { double sigma, h, shift; int power; } boltzmann_par;

/* x^power exp(σ (x² + 2 h x) − shift); shift = the maximum of the exponent keeps it ≤ 1. */
static double boltzmann_integrand(double x, void *p)
{
    const boltzmann_par *b = p;
    const double w = exp(b->sigma * (x * x + 2.0 * b->h * x) - b->shift);
    return b->power == 0 ? w : b->power == 1 ? x * w : x * x * w;
}

static double boltzmann_quad(double sigma, double h, int power)
{
    const double e1 = sigma * (1.0 + 2.0 * h), e2 = sigma * (1.0 - 2.0 * h);
    double shift = fmax(e1, e2);
    if (sigma < 0.0 && fabs(h) < 1.0)  /* easy plane: the maximum is inside at x = −h */
        shift = -sigma * h * h;
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(512);
    if (!w)
        return NAN;
    double num = NAN, den = NAN, abserr;
    boltzmann_par par = {sigma, h, shift, 0};
    gsl_function f = {boltzmann_integrand, &par};
    const double pts[3] = {-1.0, fmin(fmax(-h, -1.0), 1.0), 1.0};
    const int interior = fabs(h) < 1.0 && h != 0.0;
    int s = interior ? gsl_integration_qagp(&f, (double *)pts, 3, 0.0, 1e-12, 512, w, &den, &abserr)
                     : gsl_integration_qag(&f, -1.0, 1.0, 0.0, 1e-12, 512, GSL_INTEG_GAUSS21, w, &den,
                                           &abserr);
    par.power = power;
    if (s == GSL_SUCCESS || s == GSL_EROUND)
        s = interior ? gsl_integration_qagp(&f, (double *)pts, 3, 0.0, 1e-12, 512, w, &num, &abserr)
                     : gsl_integration_qag(&f, -1.0, 1.0, 0.0, 1e-12, 512, GSL_INTEG_GAUSS21, w,
                                           &num, &abserr);
    gsl_integration_workspace_free(w);
    return (s == GSL_SUCCESS || s == GSL_EROUND) ? num / den : NAN;
}

double ms_model_boltzmann_mz2(double sigma, double h)
{
    if (!isfinite(sigma) || !isfinite(h))
        return NAN;
    if (h == 0.0 && sigma >= 0.0) {
        if (sigma < 1e-4)
            return 1.0 / 3.0 + 4.0 * sigma / 45.0 + 8.0 * sigma * sigma / 945.0;
        const double r = sqrt(sigma);
        return 1.0 / (2.0 * r * gsl_sf_dawson(r)) - 1.0 / (2.0 * sigma);
    }
    return boltzmann_quad(sigma, h, 2);
}

double ms_model_boltzmann_mz(double sigma, double h)
{
    if (!isfinite(sigma) || !isfinite(h))
        return NAN;
    if (h == 0.0)
        return 0.0;
    return boltzmann_quad(sigma, h, 1);
}

double ms_model_langevin(double xi)
{
    const double a = fabs(xi);
    if (a < 0.05) {
        const double x2 = xi * xi;
        return xi * (1.0 / 3.0 + x2 * (-1.0 / 45.0 + x2 * (2.0 / 945.0 - x2 / 4725.0)));
    }
    return 1.0 / tanh(xi) - 1.0 / xi;
}

/* ---- rates, critical current, switching probabilities -------------------------------------- */

double ms_model_brown_rate(double sigma, double h, double tau_d)
{
    if (!(fabs(h) < 1.0) || !(sigma > 0.0) || !(tau_d > 0.0))
        return NAN;
    const double tau_n = sigma * tau_d;
    return pow(sigma, 1.5) / (sqrt(M_PI) * tau_n) * (1.0 - h * h) * (1.0 - h) *
           exp(-sigma * (1.0 - h) * (1.0 - h));
}

double ms_model_jc0(double alpha, double k_eff, double t_f, double eta)
{
    const double e = GSL_CONST_MKSA_ELECTRON_CHARGE, hbar = GSL_CONST_MKSA_PLANCKS_CONSTANT_HBAR;
    return 4.0 * e * alpha * k_eff * t_f / (hbar * eta);
}

double ms_model_p_thermal(double t, double tau0, double delta, double i, double beta)
{
    const double tau = i >= 1.0 ? tau0 : tau0 * exp(delta * pow(1.0 - i, beta));
    return -expm1(-t / tau);
}

double ms_model_p_ballistic(double t, double tau_d, double delta, double i)
{
    if (!(i > 1.0))
        return 0.0;
    return exp(-(M_PI * M_PI * delta / 4.0) * exp(-2.0 * t * (i - 1.0) / tau_d));
}
