/* ionics.h — magneto-ionics: ion transport under a gate voltage and the concentration → magnetism
 * maps that turn the ionic hidden state into anisotropy (PHYSICS.md §3, docs/ionics.md).
 *
 * Geometry of one column (one device, or one lateral cell under a gate mask): the ion conductor of
 * thickness t_ox holds N = round(t_ox/a) sites k = 1..N at z = k a from the ferromagnet (FM, z = 0)
 * to the gate (z = t_ox). Site 0 is the FM interface layer with coverage θ (monolayers, areal density
 * n_s θ). The state is stored as areal densities σ_k = c_k a (m⁻²), site-major over columns
 * (σ[k * n_col + col]) so the tridiagonal solves vectorise over columns.
 *
 * Hopping flux (m⁻² s⁻¹, positive toward the gate):
 *   J_{k→k+1} = ν0 e^{−E_a/kT} [σ_k e^{+β}(1 − s_{k+1}) − σ_{k+1} e^{−β}(1 − s_k)],
 *   β = z e a E_z / (2 kB T),  s = c/c_max (site blocking; 0 when c_max = 0),
 *   E_z = −V_ox / t_ox with V_G = φ_gate − φ_FM, so a negative gate drives anions (z < 0) toward
 *   the FM and cations (H⁺) away from it.
 * FM interface (reactive layer, Langmuir blocking, binding free energy ΔG):
 *   J_{0→1} = ν0 e^{−E_a/kT} [n_s θ e^{−ΔG/kT} e^{+β} − σ_1 e^{−β} g(θ)],
 *   g(θ) = (1 − θ)₊ + r_ox min(θ, 1) e^{−(θ−1)₊/θ_cm} (1 − θ/θ_max)₊   (over-oxidation channel),
 *   plus an optional first-order sink −k_sink n_s θ (Pd-like H absorber).
 * Time stepping: backward Euler on the flux form: subtraction-free tridiagonal elimination of the
 * oxide rows (column-diagonally dominant M-matrix), exact scalar solve of the Langmuir interface,
 * Picard iterations for site blocking and Gummel iterations for the optional Poisson field:
 * positive, unconditionally stable, ions conserved to round-off for any step.
 *
 * Lifecycle: ms_ionics_model_from_config() or ms_ionics_model_default() fills a plain struct ->
 * ms_ionics_state_create(model, n_col) -> ms_ionics_state_reset() -> ms_ionics_step()/_advance() ->
 * ms_ionics_state_destroy(). A state is used from one controlling thread; steps use OpenMP over
 * column blocks inside. Everything SI. */
#ifndef METASPIN_IONICS_H
#define METASPIN_IONICS_H

#include <stddef.h>
#include "config.h"
#include "ctx.h"
#include "error.h"
#include "h5.h"

extern const ms_key ms_ionics_keys[];

enum { MS_IONICS_MAX_TABLE = 16, MS_IONICS_MAX_PWL = 64 };

typedef enum { MS_IONICS_GATE_BLOCKING, MS_IONICS_GATE_RESERVOIR, MS_IONICS_GATE_EXCHANGE } ms_ionics_gate_bc;
typedef enum { MS_IONICS_FM_REACTIVE, MS_IONICS_FM_BLOCKING } ms_ionics_fm_bc;
typedef enum { MS_IONICS_FIELD_UNIFORM, MS_IONICS_FIELD_DIVIDER, MS_IONICS_FIELD_POISSON } ms_ionics_field_model;  /* poisson: 1-D space charge */
typedef enum { MS_IONICS_WAVE_DC, MS_IONICS_WAVE_PULSE, MS_IONICS_WAVE_TRAIN, MS_IONICS_WAVE_PWL } ms_ionics_wave_shape;
typedef enum { MS_IONICS_KS_BOND, MS_IONICS_KS_LOGISTIC, MS_IONICS_KS_TABLE } ms_ionics_ks_form;

/* Mobile species (built in: "oxygen" O²⁻, "hydrogen" H⁺, "nitrogen" N³⁻; others by config). */
typedef struct ms_ionics_species {
    char name[16];
    int charge;        /* z (e units), non-zero */
    double hop;        /* a, hop distance (m), > 0 */
    double nu0;        /* attempt frequency (1/s), > 0 */
    double barrier;    /* E_a migration barrier (J) */
} ms_ionics_species;

/* Piecewise-linear table y(θ); n = 1 means a constant. */
typedef struct ms_ionics_table {
    size_t n;
    double x[MS_IONICS_MAX_TABLE], y[MS_IONICS_MAX_TABLE];
} ms_ionics_table;

/* Scalar waveform f(t): DC, one pulse, a pulse train or piecewise-linear (held outside the points). */
typedef struct ms_ionics_wave {
    ms_ionics_wave_shape shape;
    double on, off;            /* value during / outside the pulse (DC uses `on`) */
    double delay, width;       /* first pulse start and width (s) */
    double period;             /* train period (s) */
    long count;                /* train pulse count (>= 1) */
    size_t n;                  /* PWL points */
    double t[MS_IONICS_MAX_PWL], v[MS_IONICS_MAX_PWL];
} ms_ionics_wave;

typedef struct ms_ionics_model {
    ms_ionics_species sp;
    double c_max;              /* site-blocking density (1/m³); 0 = no blocking */
    double thickness;          /* t_ox of the ion conductor (m) */
    double eps_ox;             /* relative permittivity of the ion conductor */
    double c0;                 /* initial uniform mobile density (1/m³) */
    ms_ionics_field_model field;
    double t_diel, eps_diel;   /* series dielectric for the divider (m, relative) */
    ms_ionics_gate_bc gate_bc;
    double c_res;              /* reservoir density (1/m³) */
    double k_exchange;         /* gate exchange velocity (m/s) for MS_IONICS_GATE_EXCHANGE */
    ms_ionics_fm_bc fm_bc;
    double n_s;                /* interface site density (1/m²) */
    double binding;            /* ΔG (J): extra barrier to leave the interface layer */
    double theta0;             /* initial coverage (ML) */
    int overox;                /* over-oxidation channel on/off */
    double r_ox, theta_cm;     /* over-oxidation relative rate, Cabrera–Mott slowing scale (ML) */
    double d_ml;               /* FM thickness consumed per monolayer beyond the first (m) */
    double k_sink;             /* interface sink rate (1/s), 0 = none */
    double cell_width;         /* lateral cell width Δx (m): neighbouring columns exchange at D/Δx², 0 = off */
    ms_ionics_wave gate;       /* V_G(t) (V) */
    ms_ionics_wave temp;       /* T(t) (K) */
    int iterations;            /* nonlinear iterations per step (>= 1) */
    /* magnet and constitutive maps */
    double t_m0, ms0, a_ex0, ks_bottom, k_v, diameter;
    ms_ionics_ks_form ks_form;
    double ks_top0, ks_swing, ks_over, over_width;          /* bond form */
    double th_on, w_on, th_off, w_off;                      /* logistic bell */
    ms_ionics_table ks_table;                               /* table form (J/m²) */
    ms_ionics_table ms_rel, alpha, dmi, xi, heb;            /* Ms/Ms0, α, D_s (J/m²), ξ, H_eb (A/m) */
    int phase;                                              /* FM/AFM coexistence on/off */
    double t_t0, dtt_dtheta, t_width, t_hyst, tau_phi;      /* K, K/ML, K, K, s */
} ms_ionics_model;

/* Magnetic parameters of one hidden state (SI). */
typedef struct ms_ionics_magnetic {
    double theta;      /* coverage (ML) */
    double ms;         /* saturation magnetisation of the FM material (A/m) */
    double t_m;        /* magnetic thickness (m) */
    double ks_top;     /* top-interface anisotropy (J/m²) */
    double k_u;        /* volume constant (K_s,bottom + K_s,top)/t_m + K_v (J/m³), for the mesh */
    double k_eff;      /* K_u − ½ μ0 (φ Ms)² (J/m³), thin-film macrospin */
    double mu0_hk;     /* μ0 H_k = 2 K_eff/(φ Ms) (T) */
    double a_ex;       /* exchange stiffness A0 (Ms/Ms0)² (J/m) */
    double alpha, dmi, xi, h_eb;   /* α, D_s (J/m²), SOT efficiency, exchange bias (A/m) */
    double phi;        /* FM volume fraction */
} ms_ionics_magnetic;

/* --- model set-up (keys.c, species.c) --- */
int ms_ionics_species_builtin(const char *name, ms_ionics_species *out, ms_error *err);
void ms_ionics_model_default(ms_ionics_model *m);  /* Pt/Co/GdOx oxygen, PHYSICS.md table */
int ms_ionics_model_from_config(ms_ionics_model *m, const ms_config *cfg, ms_error *err);
int ms_ionics_model_check(const ms_ionics_model *m, ms_error *err);
int ms_ionics_sites(const ms_ionics_model *m);     /* N = max(1, round(t_ox/a)) */

/* --- waveforms (waveform.c) --- */
double ms_ionics_wave_value(const ms_ionics_wave *w, double t);
/* First discontinuity or PWL corner strictly after t (INFINITY if none). */
double ms_ionics_wave_next_edge(const ms_ionics_wave *w, double t);

/* --- field (field.c): E_z (V/m) in the ion conductor for gate voltage v_gate --- */
int ms_ionics_field(const ms_ionics_model *m, double v_gate, double *e_z, ms_error *err);
/* Poisson field at the N+1 edges (edge k between site k and k+1) of one column whose areal densities
 * are sigma[k * stride], k = 0..N (field.c); written to e_z[k * e_stride] (V/m). */
int ms_ionics_poisson_field(const ms_ionics_model *m, const double *sigma, size_t stride, int n_sites,
                            double v_gate, double *e_z, size_t e_stride, ms_error *err);
/* β = z e a E_z/(2 kB T) */
double ms_ionics_beta(const ms_ionics_model *m, double e_z, double temperature);
/* ν0 e^{−E_a/kB T} (1/s) */
double ms_ionics_hop_rate(const ms_ionics_model *m, double temperature);
/* Interface capture factor g(θ) (Langmuir + over-oxidation); θ_max from the magnet thickness. */
double ms_ionics_capture(const ms_ionics_model *m, double theta);
double ms_ionics_capture_slope(const ms_ionics_model *m, double theta);  /* dg/dθ */
double ms_ionics_theta_max(const ms_ionics_model *m);

/* --- transport state (transport.c) --- */
typedef struct ms_ionics_state {
    int n_sites;        /* N (oxide sites); arrays hold N+1 rows (row 0 = interface) */
    size_t n_col;
    int nx, ny;         /* column grid for lateral diffusion (nx*ny = n_col) */
    double t;           /* time (s) */
    double *sigma;      /* [(N+1) * n_col] areal densities (m⁻²) */
    double *v_scale;    /* [n_col] per-column gate multiplier (gate mask), default 1 */
    double *sink;       /* [n_col] ions absorbed by the sink (m⁻²) */
    double *res;        /* [n_col] net ions taken from the gate reservoir (m⁻²) */
    double *phi;        /* [n_col] FM fraction */
    double *work;       /* solver workspace */
} ms_ionics_state;

int ms_ionics_state_create(ms_ionics_state **out, const ms_ionics_model *m, size_t n_col, ms_error *err);
void ms_ionics_state_destroy(ms_ionics_state *s);
/* Uniform c0 in the oxide, θ0 at the interface, t = 0, v_scale = 1, counters zero. */
void ms_ionics_state_reset(ms_ionics_state *s, const ms_ionics_model *m);
void ms_ionics_state_set_theta(ms_ionics_state *s, const ms_ionics_model *m, size_t col, double theta);
double ms_ionics_theta(const ms_ionics_state *s, const ms_ionics_model *m, size_t col);
/* Ions per area in the column incl. sink, minus reservoir intake (conserved quantity, m⁻²). */
double ms_ionics_inventory(const ms_ionics_state *s, size_t col);
/* Arrange the columns as an nx × ny grid (row-major) for lateral hopping; nx*ny must equal n_col. */
int ms_ionics_state_set_grid(ms_ionics_state *s, int nx, int ny, ms_error *err);

/* One backward-Euler step of length dt at gate voltage v_gate (before v_scale) and temperature T. */
int ms_ionics_step(ms_ionics_state *s, const ms_ionics_model *m, double dt, double v_gate,
                   double temperature, ms_error *err);
/* Plain single-column reference of ms_ionics_step (dense Gaussian elimination; tests only). */
int ms_ionics_step_reference(double *sigma, const ms_ionics_model *m, int n_sites, double dt,
                             double v_gate, double temperature, ms_error *err);
/* Advance to t_end following the model's gate and temperature waveforms, steps <= dt_max, never
 * straddling a waveform edge. ctx may be NULL (no interrupt check). */
int ms_ionics_advance(ms_ionics_state *s, const ms_ionics_model *m, double t_end, double dt_max,
                      ms_ctx *ctx, ms_error *err);

/* θ (ML) of one column after the model's gate and temperature waveforms from the reset state, run
 * to `duration` (s) in steps <= max_step (advance.c). */
int ms_ionics_run_theta(const ms_ionics_model *m, double duration, double max_step, ms_ctx *ctx,
                        double *theta, ms_error *err);

/* --- constitutive maps (constitutive.c) --- */
double ms_ionics_table_eval(const ms_ionics_table *t, double x);
double ms_ionics_ks_top(const ms_ionics_model *m, double theta);
double ms_ionics_thickness(const ms_ionics_model *m, double theta);
/* Equilibrium FM fraction (logistic in T − T_t(θ) shifted by ±hysteresis/2 for heating/cooling). */
double ms_ionics_phi_eq(const ms_ionics_model *m, double theta, double temperature, int heating);
/* phi < 0 means "use the equilibrium at T". */
int ms_ionics_magnetic_params(const ms_ionics_model *m, double theta, double phi, double temperature,
                              ms_ionics_magnetic *out, ms_error *err);
/* Δ = K_eff V/(kB T), V = π (diameter/2)² t_m(θ); negative means in-plane (no perpendicular barrier). */
double ms_ionics_delta(const ms_ionics_model *m, double theta, double temperature);

/* --- hidden-state exports (hidden.c) --- */
/* h_after[ih][iv][it]: θ after a square gate pulse of voltage v[iv] and width widths[it] (ascending)
 * from θ = h[ih] with the oxide at c0, at the model's base temperature (temp.on). */
int ms_ionics_gate_table(const ms_ionics_model *m, const double *h, size_t nh, const double *v,
                         size_t nv, const double *widths, size_t nw, double *h_after, ms_ctx *ctx,
                         ms_error *err);
/* tau[ih][iT]: 1/e relaxation time of θ toward its zero-bias equilibrium from θ = h[ih] at V_G = 0
 * (INFINITY if it does not relax within 1e12 s). */
int ms_ionics_retention_table(const ms_ionics_model *m, const double *h, size_t nh, const double *temps,
                              size_t nt, double *tau, ms_ctx *ctx, ms_error *err);
/* Compute both tables and write /axes/gate_voltage, /axes/gate_width, /gate/h_after and
 * /gate/retention under loc (hidden_h5.c); /axes/h and /axes/temperature are the caller's. */
int ms_ionics_tables_write(hid_t loc, const ms_ionics_model *m, const double *h, size_t nh, const double *v,
                           size_t nv, const double *widths, size_t nw, const double *temps, size_t nt,
                           ms_ctx *ctx, ms_error *err);
/* Intrinsic desorption time ν0⁻¹ exp((E_a + ΔG)/kB T) (s). */
double ms_ionics_retention_intrinsic(const ms_ionics_model *m, double temperature);

#endif
