/* phase.h — FM/AFM phase-coexistence synapses (FeRh-type, issue 11, PHYSICS.md §3, docs/phase.md):
 * a nanodot of N_g grains, each antiferromagnetic (s = 0) or ferromagnetic (s = 1), switched by
 * thermally activated kinetics whose driving force is the free-energy difference per volume
 *
 *   ΔF(T, H, c) = ΔS_v (T − T_t(c)) + μ0 Ms H          (J/m³; ΔF > 0 favours FM),
 *   T_t(c)      = T_t0 + (dT_t/dc) c                   (K; c = hidden ionic state, θ in ML),
 *
 * so that the field shifts the transition by dT_t/d(μ0H) = −Ms/ΔS_v (≈ −8 K/T for FeRh). Per grain i
 * with volume V_i, transition temperature T_t,i = T_t(c) + δT_i and (optional) nearest-neighbour
 * coupling J_c (J per AF/FM grain boundary on a square grain grid, open edges), the driving energy
 *
 *   x_i = ½ [ΔF_i V_i + J_c (n_FM,i − n_AF,i)]         (J; n = FM/AF neighbours of grain i)
 *
 * sets the rates (detailed balance k+/k− = exp(2 x_i/kB T) with respect to the Ising-like energy
 * E = −Σ ΔF_i V_i s_i + J_c Σ_<ij> [s_i ≠ s_j]):
 *
 *   k_AF→FM = ν0 exp(−(E_b − x_i)/kB T),   k_FM→AF = ν0 exp(−(E_b + x_i)/kB T).
 *
 * When |x_i| > E_b the lower barrier is clamped to 0 and the upper one to 2|x_i| (rate ≤ ν0, ratio
 * unchanged). Write drives: lumped Joule heating C_th dT/dt = I² R − (T − T_bath)/R_th with the
 * current I(t) a shared ms_waveform (exact exponential update per step at the mid-step current), a
 * field waveform H(t), or a prescribed T(t) waveform.
 * Solver: batched trials; per step of length Δt every grain flips with p = 1 − exp(−k Δt) (rates at
 * the mid-step T and H); Δt is refined until the largest possible per-grain p over the step is
 * ≤ p_max (1e-3), never straddles a waveform corner, and changes T by ≤ dT_max. Random numbers:
 * trial i, step n, grains 4j..4j+3 use ms_rng_uniform4(seed, stream_offset + i +
 * MS_RNG_DOMAIN(MS_RNG_THERMAL), n·ceil(N_g/4) + j): bitwise identical for any thread count.
 * Read-out: φ = Σ V_i s_i / Σ V_i, binary state φ ≥ threshold (FM), M = φ Ms, resistance of parallel
 * AF/FM grain channels R = 1/(φ/R_FM + (1 − φ)/R_AF).
 *
 * Lifecycle: ms_phase_params_from_config() / ms_phase_params_default() -> ms_phase_batch_create()
 * -> ms_phase_batch_reset() -> ms_phase_batch_run() (any number of times, t increases) -> read-outs
 * -> ms_phase_batch_destroy(). Everything SI. */
#ifndef METASPIN_PHASE_H
#define METASPIN_PHASE_H

#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "ctx.h"
#include "error.h"
#include "waveform.h"

enum { MS_PHASE_MAX_GRAINS = 4096 };

/* Material and grain model. */
typedef struct ms_phase_params {
    int n_grains;          /* N_g (1 .. MS_PHASE_MAX_GRAINS) */
    int grid_x;            /* grains per row of the square grid (coupling neighbours) */
    double grain_volume;   /* V_g (m³) */
    double t_t0;           /* T_t0 (K) at c = 0 and H = 0 */
    double dtt_dc;         /* dT_t/dc (K per unit of the hidden state c) */
    double ds_v;           /* ΔS_v = S_FM − S_AF per volume (J/(m³ K)), > 0 */
    double ms;             /* Ms of the FM phase (A/m) */
    double e_b;            /* E_b barrier at ΔF = 0 (J) */
    double nu0;            /* ν0 attempt frequency (1/s) */
    double sigma_tt;       /* std of the grain T_t offsets δT_i (K), 0 = none */
    double sigma_v;        /* std of ln V_i (log-normal, mean V_g), 0 = none */
    double coupling;       /* J_c (J) per AF/FM neighbour pair, 0 = independent grains */
    double threshold;      /* φ threshold of the binary read-out */
    double r_af, r_fm;     /* read resistances of all-AF and all-FM dots (Ω) */
    double p_max;          /* largest per-grain flip probability per step */
    double dt_max;         /* largest step (s) */
    double dtemp_max;      /* largest temperature change per step (K) */
} ms_phase_params;

/* Write drive. Temperature: lumped heating by `current` (prescribed = 0) or T(t) = `temperature`
 * (prescribed = 1); the field `field` (A/m, along the FM moment: its sign does not matter) is
 * applied in both modes. */
typedef struct ms_phase_drive {
    int prescribed;
    ms_waveform current;      /* A */
    ms_waveform field;        /* A/m (pulse) */
    double h_bias;            /* A/m, constant field added to `field` */
    ms_waveform temperature;  /* K (prescribed) */
    double t_bath;            /* K */
    double r_heat;            /* Ω, Joule-heating resistance */
    double r_th;              /* K/W, thermal resistance to the bath */
    double c_th;              /* J/K, heat capacity of the dot */
} ms_phase_drive;

extern const ms_key ms_phase_keys[];
void ms_phase_params_default(ms_phase_params *p);  /* FeRh-like values, docs/phase.md */
int ms_phase_params_check(const ms_phase_params *p, ms_error *err);
int ms_phase_params_from_config(const ms_config *cfg, ms_phase_params *p, ms_error *err);
/* The drive of phase.drive.* (pulse, bias field, bath, thermal circuit, prescribed T). */
int ms_phase_drive_from_config(const ms_config *cfg, ms_phase_drive *d, ms_error *err);

/* --- model.c --- */
double ms_phase_tt(const ms_phase_params *p, double c);                    /* T_t(c) (K) */
double ms_phase_delta_f(const ms_phase_params *p, double temperature, double field, double c);  /* ΔF (J/m³) */
/* k_AF→FM and k_FM→AF (1/s) for driving energy x = ½(ΔF V + coupling) (J) at T (K). */
void ms_phase_rates(const ms_phase_params *p, double x, double temperature, double *k_up, double *k_down);
/* Equilibrium FM probability of one independent grain, 1/(1 + exp(−ΔF V/kB T)). */
double ms_phase_phi_eq(const ms_phase_params *p, double temperature, double field, double c, double volume);
/* Frozen grain disorder of a device: δT_i (K) and V_i (m³), i < n_grains, from streams
 * i + MS_RNG_DOMAIN(MS_RNG_VARIATION) of `seed` (the same dot for every trial). */
void ms_phase_grains(const ms_phase_params *p, uint64_t seed, double *dtt, double *volume);

/* --- heating.c --- */
typedef struct ms_phase_thermal { double t, temperature; } ms_phase_thermal;
/* T and H at the middle of a step from (t0, T0) to t1, and T at t1 (exact exponential update of
 * the lumped model for the step-averaged Joule power). */
void ms_phase_drive_step(const ms_phase_drive *d, double t0, double temp0, double t1, double *temp_mid,
                         double *field_mid, double *temp1);
double ms_phase_drive_temperature0(const ms_phase_drive *d, double t0);  /* T at the start */
double ms_phase_drive_next_edge(const ms_phase_drive *d, double t);      /* next corner > t (inf) */
/* Largest step over [t0, t1] for the heating accuracy: τ_th/20 where the current changes. */
double ms_phase_drive_max_step(const ms_phase_drive *d, double t0, double t1);
/* Analytic T(t) of the lumped model for a rectangular current pulse (rise = fall = 0). */
double ms_phase_rect_temperature(const ms_phase_drive *d, double t);

/* --- kmc.c --- */
typedef struct ms_phase_batch ms_phase_batch;
int ms_phase_batch_create(ms_phase_batch **out, const ms_phase_params *p, size_t n_trials, ms_ctx *ctx,
                          ms_error *err);
void ms_phase_batch_destroy(ms_phase_batch *b);
/* All trials AF (initial_fm = 0) or FM (1) at t = 0 with hidden state c; trial i uses stream
 * stream_offset + i. */
int ms_phase_batch_reset(ms_phase_batch *b, const ms_phase_drive *d, double c, int initial_fm,
                         uint64_t stream_offset, ms_error *err);
/* Advance every trial to t_end. reference = 1 runs the plain per-grain kernel (tests). */
int ms_phase_batch_run(ms_phase_batch *b, const ms_phase_drive *d, double t_end, int reference, ms_error *err);
size_t ms_phase_batch_trials(const ms_phase_batch *b);
double ms_phase_batch_time(const ms_phase_batch *b);
double ms_phase_batch_temperature(const ms_phase_batch *b);     /* K (shared by the trials) */
double ms_phase_batch_phi(const ms_phase_batch *b, size_t trial);  /* FM volume fraction */
double ms_phase_batch_mean_phi(const ms_phase_batch *b);
double ms_phase_batch_switched(const ms_phase_batch *b);         /* fraction with binary state ≠ start */
/* First time (s) the trial's φ crossed the threshold away from its start, −1 if never. */
const double *ms_phase_batch_switch_times(const ms_phase_batch *b);
const uint8_t *ms_phase_batch_states(const ms_phase_batch *b);   /* [trial][grain] */
double ms_phase_resistance(const ms_phase_params *p, double phi);  /* Ω */
uint64_t ms_phase_batch_grain_steps(const ms_phase_batch *b);    /* grain updates done */
uint64_t ms_phase_batch_steps(const ms_phase_batch *b);

/* --- table.c: the device-table engine (table.engine = "phase") --- */
struct ms_tablegen_spec;
typedef struct ms_phase_table ms_phase_table;
/* spec and ctx must outlive the engine; every batch has batch_n trials. */
int ms_phase_table_create(ms_phase_table **out, const struct ms_tablegen_spec *spec, size_t batch_n, ms_ctx *ctx,
                          ms_error *err);
void ms_phase_table_destroy(ms_phase_table *pt);
/* Trials i = 0 .. n−1 (n = batch_n) of point p on streams stream_offset + i: all grains AF
 * (to_plus) or FM (to_minus) at hidden state c = h, the write pulse (current or field) of the
 * point, relaxation, read. switched[i] = 1 when the binary state (φ ≥ threshold = FM) differs from
 * the start; t_sw[i] = first threshold crossing (s, from t = 0), < 0 if never. The adaptive loop
 * and the record are protocol.c's (ms_tablegen_point_run). */
int ms_phase_table_batch_run(ms_phase_table *pt, size_t p, uint64_t stream_offset, size_t n,
                             uint8_t *switched, double *t_sw, ms_error *err);
uint64_t ms_phase_table_grain_steps(const ms_phase_table *pt);

#endif
