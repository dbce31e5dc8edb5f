/* models.h — closed-form and quadrature models of a uniaxial macrospin (PHYSICS.md §1).
 *
 * Reduced variables: easy axis z, h = H/H_k along +z (applied or effective collinear field),
 * σ = Δ = K_eff V/(kB T), H_k = 2 K_eff/(μ0 Ms). Times in seconds. All functions are pure and
 * thread-safe; those using GSL quadrature take no workspace argument (they allocate their own,
 * outside any hot loop) and return NAN with *err filled only where noted.
 *
 * Used as validation references for the stochastic solver and as fast models for tables and fits. */
#ifndef METASPIN_MODELS_H
#define METASPIN_MODELS_H

#include "error.h"

/* τ_D = (1+α²)/(α γ0 H_k), γ0 = μ0 γ in m/(A s), H_k in A/m. */
double ms_model_tau_d(double alpha, double gamma0, double h_k);
/* Néel free-diffusion time τ_N = (1+α²) μ0 Ms V/(2 α γ0 kB T) (equals σ τ_D). */
double ms_model_tau_n(double alpha, double gamma0, double ms, double volume, double temperature);

/* Equilibrium moments of p(x) ∝ exp(σ (x² + 2 h x)) on [-1, 1], x = m_z. */
double ms_model_boltzmann_mz2(double sigma, double h);  /* ⟨m_z²⟩ (Dawson closed form at h = 0) */
double ms_model_boltzmann_mz(double sigma, double h);   /* ⟨m_z⟩ */
double ms_model_langevin(double xi);                    /* L(ξ) = coth ξ − 1/ξ, series near 0 */

/* Brown's high-barrier escape rate (1/s) out of the well antiparallel to h (the m_z = −1 well for
 * h > 0): Γ = σ^{3/2}/(√π τ_N) (1 − h²)(1 − h) exp(−σ (1 − h)²), τ_N = σ τ_D. Valid for |h| < 1. */
double ms_model_brown_rate(double sigma, double h, double tau_d);

/* Exact mean first-passage time (s) from x0 to x_b (x = m_z) for the axially symmetric
 * Fokker–Planck equation: T = 2 τ_N ∫_{x_b}^{x0} dx e^{βV(x)}/(1 − x²) ∫_x^1 e^{−βV(y)} dy,
 * βV(x) = −σ (x² + 2 h x), reflecting at x = 1; requires x_b < x0 ≤ 1. τ_N = σ τ_D, and for
 * σ = 0 pass tau_n directly via ms_model_mfpt_tau_n. Returns MS_OK or an error. */
int ms_model_mfpt(double sigma, double h, double tau_d, double x0, double x_b, double *t, ms_error *err);
int ms_model_mfpt_tau_n(double sigma, double h, double tau_n, double x0, double x_b, double *t,
                        ms_error *err);
/* Well time (s): W(x0) = T(1) − T(x0) = 2 τ_N ∫_{x0}^{1} dx e^{βV(x)}/(1 − x²) ∫_x^1 e^{−βV(y)} dy,
 * the mean time to climb from the well bottom x = 1 to x0 (= the time a start at x0 saves over a
 * start at the bottom, for any absorbing point below x0). Its averages over Boltzmann start
 * densities stay moderate however high the barrier; needs σ > 0 and −1 < x0 ≤ 1. */
int ms_model_well_time(double sigma, double h, double tau_d, double x0, double *t, ms_error *err);

/* Critical current density of collinear STT (A/m^2): J_c0 = 4 e α K_eff t_F/(ħ η), i.e. the
 * damping-like field a_J = ħ η J/(2 e μ0 Ms t_F) equals α H_k; per device I_c0 = (4 e α/(ħ η)) Δ kB T. */
double ms_model_jc0(double alpha, double k_eff, double t_f, double eta);

/* Zero-temperature collinear STT switching time (s) from polar angle theta0 (rad, measured from
 * the initial easy direction) to theta_end, for drive i = J/J_c0 > 1 and h = H/H_k along the
 * initial direction: exact integral of the reduced 1-D equation (no small-angle approximation)
 *   dθ/dt = (1/τ_D) sin θ (i − h − cos θ)   (derivation in src/switching/models_stt.c).
 * Requires 0 < theta0 < theta_end < π. If i − h ≤ cos θ0 the path has a fixed point and the state
 * never switches at T = 0: *t = +INFINITY and MS_OK. */
int ms_model_stt_switch_time(double i, double h, double tau_d, double theta0, double theta_end,
                             double *t, ms_error *err);

/* Switching probability after a pulse of width t (s).
 * thermal:   P = 1 − exp(−t/τ), τ = τ0 exp(Δ (1 − i)^β), i = I/I_c0 (i < 1; for i ≥ 1, τ = τ0).
 * ballistic: P = exp(−(π² Δ/4) exp(−2 t (i − 1)/τ_D)) for i > 1, else 0. */
double ms_model_p_thermal(double t, double tau0, double delta, double i, double beta);
double ms_model_p_ballistic(double t, double tau_d, double delta, double i);

#endif
