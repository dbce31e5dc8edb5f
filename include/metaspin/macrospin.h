/* macrospin.h — batched stochastic Landau–Lifshitz–Gilbert solver for N independent macrospins.
 *
 * Equation (PHYSICS.md §1, llg.h), m = M/Ms, fields in A/m, γ0 = μ0 γ:
 *   dm/dt = −γ0/(1+α²) [ m × H + α m × (m × H) ],
 *   H = (2 K_u1(V)/(μ0 Ms)) (m·u) u + (4 K_u2/(μ0 Ms)) (m·u)(1 − (m·u)²) u      uniaxial anisotropy
 *     − Ms (Nx mx, Ny my, Nz mz)                                                shape (demag factors)
 *     + H_bias + f_H(t) ĥ + H_eb                                                Zeeman, exchange bias
 *     + a_J(t) (m × p) + β_J a_J p,  a_J = ħ η(m·p) J(t)/(2 e μ0 Ms t_F)         Slonczewski STT
 *     + a_S(t) (m × σ) + β_S a_S σ,  a_S = ħ θ_SH J_SOT(t)/(2 e μ0 Ms t_F)        spin–orbit torque
 *     + H_th,  H_th = η sqrt(2 α kB T/(γ0 μ0 Ms V Δt)), η ~ N(0,1) per component  Brown thermal field
 *   K_u1(V) = K_u1 − ξ V_G(t)/(t_ox t_F)                                         VCMA
 * Sign of J: J > 0 means electrons flow from the fixed layer into the free layer; its damping-like
 * torque pulls m toward p (favours the parallel state). For SOT, J_SOT > 0 with θ_SH > 0 pulls m
 * toward σ.
 *
 * Objects and lifecycle:
 *   ms_macrospin_device  plain data (parameters + drive waveforms); fill with
 *                        ms_macrospin_device_init() and/or ms_macrospin_device_from_config(),
 *                        override any field (e.g. Ms, K_u1, α from the ionics hidden state).
 *   ms_macrospin_batch   N trials in structure-of-arrays layout: _create -> (_step | _run)* ->
 *                        _reset (new device, same N, no allocation) -> ... -> _destroy.
 *                        _step advances every trial by one output step Δt (Heun, RK4: one step;
 *                        RK45: adaptive sub-steps per trial); _run loops _step to t_end, calling an
 *                        observer at sampling times, and stops early when every trial switched (if
 *                        asked), when the observer returns non-zero, or on interrupt.
 * Random streams: thermal noise of trial i uses stream stream_offset + i + MS_RNG_DOMAIN(THERMAL);
 * every normal is used: steps 4g..4g+3 take, 3 per step in order, the 12 normals of counters 3g,
 * 3g+1, 3g+2 (the mesh instead uses counter = step and 3 of its 4 normals, so a one-cell mesh shares
 * only step 0's noise with trial 0); initial states MS_RNG_INITIAL; device variation
 * MS_RNG_VARIATION. Results are bitwise identical for any thread count.
 * Implementation: src/macrospin/ (device.c, demag.c, waveform.c, keys.c, batch.c, thermal_start.c,
 * terms.h, step_util.h, heun.c, rk.c, run.c, series.c). */
#ifndef METASPIN_MACROSPIN_H
#define METASPIN_MACROSPIN_H

#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "ctx.h"
#include "error.h"
#include "waveform.h"

/* ---------- device ---------- */

typedef enum ms_geometry_kind {
    MS_GEOMETRY_DISK,     /* circular cylinder: size = [diameter, -, thickness] */
    MS_GEOMETRY_ELLIPSE,  /* elliptic cylinder: size = [axis length along x, along y, thickness] */
    MS_GEOMETRY_BOX,      /* rectangular prism: size = [lx, ly, lz] */
    MS_GEOMETRY_GIVEN     /* demag factors and volume given directly */
} ms_geometry_kind;

typedef enum ms_stt_model {
    MS_STT_NONE, MS_STT_CONSTANT, /* η constant */
    MS_STT_SLONCZEWSKI            /* η(m·p) = 1/(−4 + (1+P)^3 (3 + m·p)/(4 P^{3/2})) */
} ms_stt_model;

typedef struct ms_macrospin_device {
    double ms;                 /* saturation magnetisation Ms (A/m), > 0 */
    double k_u1, k_u2;         /* uniaxial anisotropy constants (J/m^3), energy K1 sin² + K2 sin⁴ */
    double axis[3];            /* easy axis u (normalised on prepare) */
    ms_geometry_kind geometry;
    double size[3];            /* m, see ms_geometry_kind */
    double demag[3];           /* Nx, Ny, Nz (computed by prepare unless GIVEN), sum 1 */
    double volume;             /* m^3 (computed by prepare unless GIVEN) */
    double alpha;              /* Gilbert damping, > 0 */
    double gamma;              /* gyromagnetic ratio γ (rad/(s T)); γ0 = μ0 γ */
    double temperature;        /* K, >= 0 */
    double h_eb[3];            /* exchange-bias field (A/m) */
    double h_bias[3];          /* constant applied field (A/m) */
    double h_dir[3];           /* direction of the time-dependent field */
    ms_waveform h_wave;        /* its magnitude f_H(t) (A/m) */
    double t_free;             /* free-layer thickness t_F (m), used by STT, SOT, VCMA */
    ms_stt_model stt;
    double stt_eta;            /* constant efficiency η (MS_STT_CONSTANT) */
    double stt_polarisation;   /* P in (0, 1] (MS_STT_SLONCZEWSKI) */
    double stt_beta;           /* field-like / damping-like ratio β_J */
    double stt_p[3];           /* fixed-layer direction p */
    ms_waveform j_wave;        /* current density through the stack J(t) (A/m^2) */
    double sot_theta;          /* spin Hall angle θ_SH (0 = no SOT) */
    double sot_beta;           /* field-like / damping-like ratio β_S */
    double sot_sigma[3];       /* spin polarisation direction σ */
    ms_waveform j_sot_wave;    /* current density in the heavy metal J_SOT(t) (A/m^2) */
    double vcma_xi;            /* VCMA coefficient ξ (J/(V m)); 0 = none */
    double vcma_t_ox;          /* barrier thickness t_ox (m) */
    ms_waveform v_wave;        /* gate voltage V_G(t) (V) */
    double sd_ms, sd_k, sd_volume, sd_alpha; /* relative Gaussian device-to-device spread (0 = none) */
} ms_macrospin_device;

/* Defaults equal to the key table's (a 40 nm PMA CoFeB disk, no drive). */
void ms_macrospin_device_init(ms_macrospin_device *dev);
/* Normalise directions, compute demag factors and volume from the geometry, check ranges. */
int ms_macrospin_device_prepare(ms_macrospin_device *dev, ms_error *err);

/* Quantities derived from a prepared device (no variation, drives off). */
typedef struct ms_macrospin_derived {
    double gamma0;     /* μ0 γ (m/(A s)) */
    double k_eff;      /* K_u1 − ½ μ0 Ms² (N_u − N_⊥) (J/m^3), N_u = u·N·u, N_⊥ = (1 − N_u)/2 */
    double h_k;        /* 2 K_eff/(μ0 Ms) (A/m) */
    double delta;      /* K_eff V/(kB T) (inf at T = 0) */
    double tau_d;      /* (1+α²)/(α γ0 H_k) (s) */
    double j_c0;       /* 4 e α K_eff t_F/(ħ η) (A/m^2), η at m·p = −1 for Slonczewski; 0 if no STT */
} ms_macrospin_derived;
void ms_macrospin_device_derive(const ms_macrospin_device *dev, ms_macrospin_derived *out);

/* Demag factors (Nx, Ny, Nz) of a uniformly magnetised body, z = thickness axis. */
int ms_macrospin_demag_ellipse(double len_x, double len_y, double thickness, double n[3], ms_error *err);
int ms_macrospin_demag_box(double lx, double ly, double lz, double n[3]);

/* Config keys device.*, drive.*, solver.*, macrospin.* (NULL-path terminated). */
extern const ms_key ms_macrospin_keys[];
int ms_macrospin_device_from_config(const ms_config *cfg, ms_macrospin_device *dev, ms_error *err);

/* ---------- batch solver ---------- */

typedef enum ms_integrator { MS_INTEGRATOR_HEUN, MS_INTEGRATOR_RK4, MS_INTEGRATOR_RK45 } ms_integrator;

typedef enum ms_initial_kind {
    MS_INITIAL_UP,            /* m = +u */
    MS_INITIAL_DOWN,          /* m = −u */
    MS_INITIAL_THERMAL_UP,    /* Boltzmann sample in the +u well (exact for axial symmetry) */
    MS_INITIAL_THERMAL_DOWN,  /* ... in the −u well */
    MS_INITIAL_VECTOR         /* m = options.m0 (normalised) */
} ms_initial_kind;

typedef struct ms_macrospin_options {
    ms_integrator integrator;
    double dt;                /* s: step (Heun, RK4) or output/event step (RK45) */
    double rtol, atol;        /* RK45 error control */
    ms_initial_kind initial;
    double m0[3];             /* MS_INITIAL_VECTOR */
    double threshold;         /* switched when m·s < threshold, s = ±u of the initial well (or m0) */
    int stop_when_switched;   /* _run stops once every trial has switched */
    uint64_t stream_offset;   /* trials use streams stream_offset + i (disjoint runs: add N) */
} ms_macrospin_options;

void ms_macrospin_options_init(ms_macrospin_options *opt);  /* Heun, dt 1 ps, up, threshold −0.5 */
int ms_macrospin_options_from_config(const ms_config *cfg, ms_macrospin_options *opt, ms_error *err);

typedef struct ms_macrospin_batch ms_macrospin_batch;

/* Copies and prepares dev, draws per-trial variation and initial states. ctx gives the seed, the
 * thread count and the warning sink (a warning is issued when Δt is too large for the precession
 * period of the largest field); ctx must outlive the batch. */
int ms_macrospin_batch_create(ms_macrospin_batch **out, const ms_macrospin_device *dev,
                              size_t n_trials, const ms_macrospin_options *opt, ms_ctx *ctx,
                              ms_error *err);
void ms_macrospin_batch_destroy(ms_macrospin_batch *b);
/* New device and/or options, same N: time and step counter back to 0, fresh initial states. */
int ms_macrospin_batch_reset(ms_macrospin_batch *b, const ms_macrospin_device *dev,
                             const ms_macrospin_options *opt, ms_error *err);

/* Advance every trial by Δt. MS_ENUMERIC on NaN/Inf (message names the trial and step). */
int ms_macrospin_batch_step(ms_macrospin_batch *b, ms_error *err);

/* Observer: called at t = 0 and every sample_every seconds (and at the end); non-zero stops. */
typedef int (*ms_macrospin_observer)(void *user, const ms_macrospin_batch *b);
int ms_macrospin_batch_run(ms_macrospin_batch *b, double t_end, double sample_every,
                           ms_macrospin_observer observer, void *user, ms_error *err);

size_t ms_macrospin_batch_trials(const ms_macrospin_batch *b);
double ms_macrospin_batch_time(const ms_macrospin_batch *b);
uint64_t ms_macrospin_batch_steps(const ms_macrospin_batch *b);
const ms_macrospin_device *ms_macrospin_batch_device(const ms_macrospin_batch *b);
/* State arrays (length N). Writable before a run to impose any initial state (then renormalised). */
double *ms_macrospin_batch_mx(ms_macrospin_batch *b);
double *ms_macrospin_batch_my(ms_macrospin_batch *b);
double *ms_macrospin_batch_mz(ms_macrospin_batch *b);
void ms_macrospin_batch_get_m(const ms_macrospin_batch *b, size_t i, double m[3]);
/* Switching time per trial (s), linearly interpolated within the step; negative = not switched. */
const double *ms_macrospin_batch_switch_times(const ms_macrospin_batch *b);
size_t ms_macrospin_batch_switched(const ms_macrospin_batch *b);
/* Reference direction s of the switching test (unit vector). */
void ms_macrospin_batch_reference(const ms_macrospin_batch *b, double s[3]);

/* Ensemble averages now: ⟨m⟩, ⟨(m·u)²⟩, switched fraction. */
typedef struct ms_macrospin_stats {
    double t, m_mean[3], mu2, p_switched;
} ms_macrospin_stats;
void ms_macrospin_batch_stats(const ms_macrospin_batch *b, ms_macrospin_stats *s);

/* Heun kernel versions (STYLE.md rule 13): the fused block kernel and the plain per-trial
 * reference, selectable for tests. Default: fused. */
void ms_macrospin_batch_use_reference(ms_macrospin_batch *b, int on);

/* ---------- recorders and helpers ---------- */

/* Boltzmann sampler: x = m·u in [x_lo, x_hi] with density ∝ exp(σ (x + h)²) (σ of either sign),
 * by inversion of the exact CDF (Dawson / erf) for a uniform u in (0, 1). */
double ms_macrospin_sample_axial(double sigma, double h, double x_lo, double x_hi, double u);
/* Unit vectors e1, e2 completing the unit vector s to a right-handed frame (e1 × e2 = s): the frame
 * in which the thermal start draws its azimuth (also used by the table's mesh engine). */
void ms_macrospin_frame(const double s[3], double e1[3], double e2[3]);

/* Time series recorder usable as the _run observer: ensemble stats at each call and the
 * trajectories of the first n_traj trials. Capacity grows as needed (outside the step loop). */
typedef struct ms_macrospin_series {
    size_t n, cap, n_traj;
    double *t, *m_mean, *mu2, *p_switched;  /* m_mean[3 n] */
    double *traj;                           /* traj[(j * cap + k) * 3 + c], trial j, sample k */
    int failed;                             /* set when growing the buffers failed (out of memory) */
} ms_macrospin_series;
int ms_macrospin_series_init(ms_macrospin_series *s, size_t n_traj, ms_error *err);
void ms_macrospin_series_release(ms_macrospin_series *s);
int ms_macrospin_series_record(void *series, const ms_macrospin_batch *b);  /* observer */

/* Histogram of switching times in [0, t_max) with n_bins bins; not-switched trials ignored. */
void ms_macrospin_histogram(const double *t_switch, size_t n, double t_max, size_t n_bins,
                            int64_t *counts);

#endif
