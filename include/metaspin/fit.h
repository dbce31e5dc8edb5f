/* fit.h — fitting measured switching-probability curves with the closed-form models (PHYSICS.md §1,
 * §4; issue 7).
 *
 * Data: a CSV file (ms_fit_data_read_csv) with a header naming the columns, '#' comments, one row
 * per measured point:
 *   width [ns]          pulse width (any time unit; required)
 *   amplitude [mA]      write drive with its unit: A (current), A/m^2 (density), V (voltage) or
 *                       A/m (field, T accepted as μ0 H); names: amplitude, current, i, j, voltage,
 *                       v, field (required)
 *   temperature [K]     optional; missing = ms_fit_options.temperature for every row
 *   p                   switched fraction in [0, 1], or
 *   n_switched, n_total counts (then binomial maximum likelihood is used)
 *   p_err               optional standard error of p (weights of the least-squares fit)
 *   curve               optional integer label of the curve a row belongs to (plots only)
 * Several curves (amplitudes, temperatures) in one file are fitted jointly with one parameter set.
 *
 * Models (i = A/A_c0(T), A_c0 = I_c0, J_c0, V_c0 or H_c0 in the amplitude's SI unit):
 *   thermal:   P = 1 − exp(−t/τ), τ = τ0 exp(Δ (1 − i)^β) for i < 1, τ = τ0 for i ≥ 1; β = 1, 2 or free
 *   ballistic: P = exp(−(π² Δ/4) exp(−2 t (i − 1)/τ_D)) for i > 1, else 0
 *   combined:  P = 1 − (1 − P_thermal)(1 − P_ballistic), with shared Δ and A_c0: either channel
 *              switches (thermal activation below A_c0, precessional growth above).
 *   brown:     P = 1 − exp(−t/T), T = exact mean first-passage time of the axially symmetric
 *              Fokker–Planck equation (ms_model_mfpt) from m_z = 1 to m_z = −0.5 with the collinear
 *              STT as the axial field h = −i; parameters Δ, A_c0, τ_D. Exact for an axially
 *              symmetric macrospin in the thermal regime (T ≫ τ_D), any barrier height.
 * Temperature laws for joint fits over temperatures (T_r = reference temperature): none (every
 * parameter independent of T); inverse (K, Ms constant: Δ(T) = Δ_r T_r/T, A_c0 constant);
 * callen (Ms(T)/Ms(0) = m(T) = 1 − (T/T_c)^{3/2}, K ∝ m³ (Callen–Callen, l = 2): Δ ∝ m³/T,
 * A_c0 ∝ Δ T ∝ m³, τ_D ∝ 1/H_k ∝ 1/m²). The parameters reported are their values at T_r.
 *
 * Estimation: binomial maximum likelihood when counts are given (Levenberg–Marquardt on deviance
 * residuals, covariance = inverse Fisher information), weighted least squares on p otherwise
 * (covariance (JᵀWJ)⁻¹, scaled by χ²/dof when p_err is absent). Parameters are fitted as logarithms
 * (all are positive); 95 % intervals are exp(ln θ ± 1.96 σ_lnθ). Model choice (auto) by AIC or BIC.
 *
 * Lifecycle: ms_fit_data_read_csv() -> ms_fit_run() -> outputs -> ms_fit_result_destroy(),
 * ms_fit_data_destroy(). All functions are reentrant. */
#ifndef METASPIN_FIT_H
#define METASPIN_FIT_H

#include <stddef.h>
#include <stdio.h>
#include <hdf5.h>
#include "config.h"
#include "ctx.h"
#include "error.h"
#include "macrospin.h"

/* ---- generic CSV table (csv_table.c) ------------------------------------------------------- */

typedef struct ms_csv_table {
    size_t n_cols, n_rows;
    char **name;       /* column name, lowercase, unit stripped ("width") */
    char **unit;       /* unit text from "[...]" or "(...)" in the header, "" if none */
    double *value;     /* n_rows × n_cols, row-major */
    int *line;         /* source line of each row (1-based) */
    char *source;      /* file name for messages */
} ms_csv_table;

/* Parse CSV text: first non-comment line is the header; '#' starts a comment anywhere; blank lines
 * are skipped; every cell must be a finite number. Errors (MS_EINPUT) name file:line, the data row
 * and the column. `source` names the text in messages. */
int ms_csv_table_parse(ms_csv_table **out, const char *text, const char *source, ms_error *err);
int ms_csv_table_read(ms_csv_table **out, const char *path, ms_error *err);
void ms_csv_table_destroy(ms_csv_table *t);
/* Index of the first column whose name is one of the '|'-separated `names`, or -1. */
int ms_csv_table_column(const ms_csv_table *t, const char *names);

/* ---- data -------------------------------------------------------------------------------- */

typedef enum ms_fit_kind { MS_FIT_CURRENT, MS_FIT_DENSITY, MS_FIT_VOLTAGE, MS_FIT_FIELD } ms_fit_kind;

typedef struct ms_fit_data {
    size_t n;                /* points */
    double *width;           /* s */
    double *amplitude;       /* SI (A, A/m^2, V or A/m), sign as given */
    double *temperature;     /* K */
    double *p;               /* observed switched fraction */
    double *p_err;           /* standard error of p, NULL if not given */
    double *n_switched;      /* NULL unless counts given */
    double *n_total;
    int *line;               /* CSV line of each point */
    int *curve;              /* curve index in [0, n_curves) */
    int n_curves;
    ms_fit_kind kind;
    const char *amplitude_unit;  /* SI unit: "A", "A/m^2", "V", "A/m" */
    char source[256];
} ms_fit_data;

int ms_fit_data_from_table(ms_fit_data **out, const ms_csv_table *t, double temperature,
                           ms_error *err);
int ms_fit_data_read_csv(ms_fit_data **out, const char *path, double temperature, ms_error *err);
void ms_fit_data_destroy(ms_fit_data *d);

/* ---- options, models, result ---------------------------------------------------------------- */

typedef enum ms_fit_model {
    MS_FIT_THERMAL, MS_FIT_BALLISTIC, MS_FIT_COMBINED, MS_FIT_BROWN, MS_FIT_AUTO
} ms_fit_model;
enum { MS_FIT_NMODELS = 4 };  /* models auto chooses from */
typedef enum ms_fit_law { MS_FIT_LAW_NONE, MS_FIT_LAW_INVERSE, MS_FIT_LAW_CALLEN } ms_fit_law;

/* Parameter slots (all positive). */
enum { MS_FIT_TAU0, MS_FIT_DELTA, MS_FIT_AC0, MS_FIT_TAUD, MS_FIT_BETA, MS_FIT_NPAR };

typedef struct ms_fit_options {
    ms_fit_model model;
    double beta;          /* thermal exponent: 1 or 2; 0 = fitted */
    double tau0;          /* s: attempt time; fixed unless tau0_free (then the starting value) */
    int tau0_free;
    double temperature;   /* K: used when the data have no temperature column */
    ms_fit_law law;
    double t_ref;         /* K: reference temperature of the reported Δ, A_c0, τ_D */
    double t_curie;       /* K: for the callen law */
    int use_bic;          /* auto: 0 = AIC, 1 = BIC */
    int band_points;      /* points per curve of the model/confidence band (>= 2) */
} ms_fit_options;

void ms_fit_options_default(ms_fit_options *o);
/* Config keys fit.* (model, beta, tau0, tau0_free, temperature, temperature_law,
 * reference_temperature, curie_temperature, criterion, band_points, simulate_relax,
 * simulate_max_steps) and their reader. */
extern const ms_key ms_fit_keys[];
int ms_fit_options_from_config(ms_fit_options *o, const ms_config *cfg, ms_error *err);

typedef struct ms_fit_result {
    ms_fit_model model;           /* the fitted model (the chosen one for auto) */
    ms_fit_options opt;
    int counts;                   /* 1: binomial maximum likelihood; 0: least squares on p */
    int is_free[MS_FIT_NPAR];     /* used and fitted */
    int is_used[MS_FIT_NPAR];     /* enters the model (fixed or fitted) */
    double value[MS_FIT_NPAR];    /* SI, at t_ref */
    double error[MS_FIT_NPAR];    /* standard error (delta method), 0 if fixed */
    double ci_lo[MS_FIT_NPAR], ci_hi[MS_FIT_NPAR];  /* 95 % */
    double cov[MS_FIT_NPAR * MS_FIT_NPAR];          /* covariance of ln θ (free slots only) */
    int n_free;
    size_t n;                     /* points */
    double loglik, deviance, chi2, dof, p_value, r2, aic, bic;
    double ic_all[MS_FIT_NMODELS];  /* AIC or BIC of each model (auto; NAN if not fitted) */
    int iterations;
    double *p_model, *p_lo, *p_hi;  /* per point: model and 95 % band */
    double *residual;             /* Pearson residual (counts) or (p − P)/σ */
    int *regime;                  /* 0 thermal, 1 ballistic (which channel dominates) */
    char amplitude_unit[16];
    char note[512];
} ms_fit_result;

int ms_fit_run(const ms_fit_data *d, const ms_fit_options *o, ms_fit_result **out, ms_error *err);
void ms_fit_result_destroy(ms_fit_result *r);

/* Model probability for a parameter vector (values in SI, at t_ref) and one point. */
double ms_fit_model_p(ms_fit_model m, const double value[MS_FIT_NPAR], const ms_fit_options *o,
                      double width, double amplitude, double temperature);
/* The same with Q = 1 − P computed without cancellation and the drive ratio i = |A|/A_c0(T). */
void ms_fit_model_pq(ms_fit_model m, const double value[MS_FIT_NPAR], const ms_fit_options *o,
                     double width, double amplitude, double temperature, double *p, double *q,
                     double *ratio);
/* Fitted model at an arbitrary point with its 95 % delta-method band. */
void ms_fit_predict(const ms_fit_result *r, double width, double amplitude, double temperature,
                    double *p, double *lo, double *hi);

const char *ms_fit_model_name(ms_fit_model m);
const char *ms_fit_param_name(int slot);   /* "tau0", "delta", "a_c0", "tau_d", "beta" */

/* ---- comparison with the stochastic macrospin solver (fit_simulate.c) ------------------------ */

typedef struct ms_fit_sim_options {
    size_t trials;      /* per point (macrospin.trials) */
    double relax;       /* s: relaxation after the pulse before the state is read */
    double max_steps;   /* points needing more solver steps are skipped (closed-form regime) */
} ms_fit_sim_options;

typedef struct ms_fit_simulation {
    size_t n, trials, n_simulated;
    double *p_sim, *lo, *hi;    /* per point; NAN where skipped; Wilson 95 % interval */
    double deviance, chi2, dof, p_value, r2;  /* data against P_sim, simulated points only */
} ms_fit_simulation;

/* Simulate every point with the configured device (temperature and drive set per point). */
int ms_fit_simulate(const ms_fit_data *d, const ms_macrospin_device *dev,
                    const ms_macrospin_options *mo, const ms_fit_sim_options *so, ms_ctx *ctx,
                    ms_fit_simulation **out, ms_error *err);
void ms_fit_simulation_destroy(ms_fit_simulation *s);
int ms_fit_simulation_report_write(FILE *out, const ms_fit_data *d, const ms_fit_result *r,
                                   const ms_fit_simulation *s);
int ms_fit_simulation_h5_write(hid_t loc, const ms_fit_simulation *s, ms_error *err);

/* Outputs (fit_output.c): readable report, JSON, HDF5 groups /data, /fit, /band. */
int ms_fit_report_write(FILE *out, const ms_fit_data *d, const ms_fit_result *r);
int ms_fit_json_write(const char *path, const ms_fit_data *d, const ms_fit_result *r, ms_error *err);
int ms_fit_h5_write(hid_t loc, const ms_fit_data *d, const ms_fit_result *r, ms_error *err);

#endif
