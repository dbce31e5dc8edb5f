/* tablegen.h — generate device tables P_sw(h, amplitude, width, temperature, direction) with the
 * stochastic macrospin engine, the finite-difference mesh (table.engine = "mesh",
 * src/switching/engine_mesh.c) or the FM/AFM phase model (src/phase/table.c) (PHYSICS.md §4; file
 * layout in table.h and docs/tables.md).
 *
 * Protocol per point (src/switching/protocol.c): N trials start thermalised in the initial well
 * with the drive off (−u for direction "to_plus", +u for "to_minus"), a trapezoidal write pulse (delay, rise, plateau
 * `width`, fall) of signed amplitude is applied, the system relaxes for `relax` seconds, and the
 * final state is read: a trial switched when m·s < 0 at the end (s = initial direction).
 * Sign convention: a positive drive pushes m toward +u. The table applies +a for direction
 * to_plus (−u → +u) and −a for to_minus (+u → −u). For current drives the sign is transferred to the
 * STT fixed layer p (J → a·sign(p·u), since J > 0 pulls m toward p) or to the SOT polarisation σ
 * (a·sign(σ·u), or +a when σ ⊥ u); a field drive points along u. A voltage (VCMA) drive has no
 * preferred direction: V = a is applied for both directions.
 * Statistics: Wilson 95 % interval (wilson.c); adaptive N: batches of `trials` until the interval
 * half-width ≤ target or `max_trials`; mean and 10/50/90 % quantiles of the switching time over
 * the trials switched at the end (first crossing of the solver threshold, from the pulse start). Points whose expected count max_trials · P_model is
 * below `model_cutoff` for a collinear drive (field along u or STT with p ∥ u; no SOT, no VCMA)
 * are filled with P from the exact mean-first-passage model (tablegen_model.c) and flagged
 * source = 1.
 * Random streams: point p, trial i uses stream_offset (p << 32) + i, so a point's result does not
 * depend on the thread count, on which rank or part computed it, or on resume. The mesh engine
 * keys each trial's cell noise by (seed, (p << 32) + i) and the cell index (engine_mesh.c).
 *
 * Lifecycle: ms_tablegen_spec_from_config() (or fill by hand) -> ms_tablegen_create() (one
 * macrospin batch reused for all points, or the mesh or phase engine) -> ms_tablegen_point_run()
 * per point index -> ms_tablegen_destroy(). Extras (Δ, gate table, retention, energies):
 * ms_tablegen_extras_compute() -> ms_tablegen_write() -> ms_tablegen_extras_release(). */
#ifndef METASPIN_TABLEGEN_H
#define METASPIN_TABLEGEN_H

#include <stddef.h>
#include <stdint.h>
#include <hdf5.h>
#include "config.h"
#include "ctx.h"
#include "error.h"
#include "ionics.h"
#include "macrospin.h"
#include "phase.h"

enum { MS_TABLEGEN_MAX_AXIS = 256 };

typedef enum { MS_TABLEGEN_HIDDEN_IONICS, MS_TABLEGEN_HIDDEN_K_U, MS_TABLEGEN_HIDDEN_DELTA } ms_tablegen_hidden;
typedef enum { MS_TABLEGEN_CURRENT, MS_TABLEGEN_VOLTAGE, MS_TABLEGEN_FIELD } ms_tablegen_kind;
/* Switching engine: the stochastic macrospin (default), the FM/AFM grain model of phase.h
 * (table.engine = "phase": src/phase/table.c, docs/phase.md) or the finite-difference mesh of
 * mesh.h (table.engine = "mesh": src/switching/engine_mesh.c, docs/tables.md). */
typedef enum { MS_TABLEGEN_ENGINE_MACROSPIN, MS_TABLEGEN_ENGINE_PHASE, MS_TABLEGEN_ENGINE_MESH } ms_tablegen_engine;

/* Engine mesh: how the device of a point is discretised. The material (Ms, K_u, α, H_eb, t_m, the
 * torques) comes from the same macrospin device as for the macrospin engine (ms_tablegen_device);
 * the mesh box is the device's bounding box (disk: D × D × t, ellipse: a × b × t, box: its size)
 * cut into nx × ny × nz cells, the shape inscribed (cells tested at their centres). */
typedef struct ms_tablegen_mesh {
    int nx, ny, nz;        /* cells across the bounding box (>= 1) */
    double a_ex;           /* J/m: exchange stiffness (hidden = ionics: A(θ) of the ionics map) */
    double dmi;            /* J/m^2: interfacial DMI D (hidden = ionics: D(θ) of the ionics map) */
    double thermalise;     /* s, >= 0: drive-off Heun run at T before t = 0 (after the Boltzmann start) */
    int demag;             /* 1: demagnetising field by FFT (0: left out, e.g. for tests) */
} ms_tablegen_mesh;

/* Fields of one point's record (a row of doubles, also the checkpoint record). */
enum {
    MS_TABLEGEN_P, MS_TABLEGEN_CI_LO, MS_TABLEGEN_CI_HI, MS_TABLEGEN_N, MS_TABLEGEN_K,
    MS_TABLEGEN_T_MEAN, MS_TABLEGEN_SOURCE,
    MS_TABLEGEN_T_Q10, MS_TABLEGEN_T_Q50, MS_TABLEGEN_T_Q90, /* switching-time quantiles */
    MS_TABLEGEN_RECORD /* record length */
};

typedef struct ms_tablegen_spec {
    ms_tablegen_hidden hidden;     /* meaning of /axes/h */
    ms_tablegen_kind kind;         /* meaning of /axes/amplitude */
    int use_sot;                   /* current drive through the SOT waveform (else STT) */
    size_t nh, na, nw, nt;         /* axis lengths (>= 1, <= MS_TABLEGEN_MAX_AXIS) */
    double h[MS_TABLEGEN_MAX_AXIS];            /* θ (ML), K_u (J/m^3) or Δ at delta_temperature */
    double amplitude[MS_TABLEGEN_MAX_AXIS];    /* A/m^2, V or A/m (>= 0 by convention) */
    double width[MS_TABLEGEN_MAX_AXIS];        /* s, > 0 */
    double temperature[MS_TABLEGEN_MAX_AXIS];  /* K, >= 0 */
    double delay, rise, fall, relax;           /* s: pulse start, edges, relaxation after the pulse */
    double delta_temperature;      /* K: temperature at which hidden = delta values hold */
    size_t trials;                 /* trials per batch (the batch size) */
    size_t max_trials;             /* N_max (rounded up to whole batches) */
    double target_halfwidth;       /* stop when the Wilson half-width is <= this (0: always N_max) */
    double model_cutoff;           /* model fill when max_trials · P_model < cutoff (0: never) */
    ms_macrospin_device device;    /* base device (drives are replaced per point) */
    ms_macrospin_options options;  /* solver options (initial state, stream offset set per point) */
    int has_ionics;                /* ionics model present (required for hidden = ionics) */
    ms_ionics_model ionics;
    size_t ngv, ngw;               /* gate axes (0 = no gate table) */
    double gate_voltage[MS_TABLEGEN_MAX_AXIS], gate_width[MS_TABLEGEN_MAX_AXIS];
    double resistance;             /* Ω: device resistance for write energies (0: energy not computed) */
    double area;                   /* m^2: current area (0: the device's lateral area) */
    double write_permittivity;     /* relative permittivity of the write barrier (voltage: C V²) */
    ms_tablegen_engine engine;     /* 0 = macrospin */
    ms_phase_params phase;         /* engine phase: grain model (h = hidden state c) */
    ms_phase_drive phase_drive;    /* engine phase: thermal circuit and bias (pulse set per point) */
    double phase_area;             /* engine phase: m^2, heater cross-section (I = J · area) */
    ms_tablegen_mesh mesh;         /* engine mesh: discretisation (material from `device`) */
} ms_tablegen_spec;

/* Config keys table.*, energy.* (NULL-path terminated). */
extern const ms_key ms_tablegen_keys[];
/* Schemas a table command loads: tablegen, macrospin, ionics, output (NULL-terminated). */
extern const ms_key *const ms_tablegen_schemas[];

/* Fill spec from a config loaded with ms_tablegen_schemas (ionics section optional). */
int ms_tablegen_spec_from_config(const ms_config *cfg, ms_tablegen_spec *spec, ms_error *err);
/* Check axes and options (called by create; public for the CLI's early checks). */
int ms_tablegen_spec_check(const ms_tablegen_spec *spec, ms_error *err);

size_t ms_tablegen_spec_points(const ms_tablegen_spec *spec);  /* nh·na·nw·nt·2 */
/* Mean and 10/50/90 % quantiles (linear interpolation between order statistics) of the n switching
 * times t_sw (sorted in place) into rec[MS_TABLEGEN_T_MEAN], rec[MS_TABLEGEN_T_Q10..Q90]; NaN when
 * n = 0. Summation in trial order keeps the mean bitwise reproducible. Used by every engine. */
void ms_tablegen_time_stats(double *t_sw, size_t n, double *rec);
/* Point index p = ((((ih·na + ia)·nw + iw)·nt + it)·2 + dir) and its inverse. */
void ms_tablegen_point_index(const ms_tablegen_spec *spec, size_t p, size_t *ih, size_t *ia, size_t *iw,
                             size_t *it, int *dir);

/* The ionics constitutive map applied to a macrospin device at coverage θ (PHYSICS.md §3): Ms →
 * φ Ms(θ), K_u1 → the volume constant K_u(θ), t_F and the film thickness → t_m(θ), disk diameter
 * → ionics.magnet.diameter, α → α(θ), H_eb(θ) added along the easy axis, and the SOT efficiency →
 * ξ(θ) when use_sot. A non-magnetic state (φ Ms = 0 or t_m = 0) is refused. */
int ms_tablegen_apply_ionics(const ms_ionics_model *m, double theta, double temperature, int use_sot,
                             ms_macrospin_device *d, ms_error *err);
/* The device of hidden state ih at temperature T with all drives off (prepared). */
int ms_tablegen_device(const ms_tablegen_spec *spec, size_t ih, double temperature,
                       ms_macrospin_device *dev, ms_error *err);
/* The same device with the write pulse of point p applied (amplitude signed for its direction). */
int ms_tablegen_point_device(const ms_tablegen_spec *spec, size_t p, ms_macrospin_device *dev, ms_error *err);
/* Pulse energy of amplitude a and plateau width w (J); NAN where not modelled (field drives or
 * resistance = 0 for current). */
double ms_tablegen_write_energy(const ms_tablegen_spec *spec, double a, double w);
/* Lateral area of the device (m^2) from its geometry. */
double ms_tablegen_device_area(const ms_macrospin_device *dev);

/* Wilson score interval for k successes in n trials at z (1.96 for 95 %); n = 0 gives [0, 1]. */
void ms_wilson_interval(uint64_t k, uint64_t n, double z, double *lo, double *hi);

/* Closed-form probability for point p (exact MFPT with a collinear effective field, averaged over
 * the start distribution, with the start-transient lag; thermal activation during the pulse and
 * the relaxation; see tablegen_model.c). *applicable = 0 when the drive is not
 * collinear or T = 0 (p_model is then NAN). */
int ms_tablegen_model_p(const ms_tablegen_spec *spec, size_t p, double *p_model, int *applicable,
                        ms_error *err);

typedef struct ms_tablegen ms_tablegen;

/* One batch of spec->trials trials is created here and reused for every point. ctx must outlive tg. */
int ms_tablegen_create(ms_tablegen **out, const ms_tablegen_spec *spec, ms_ctx *ctx, ms_error *err);
void ms_tablegen_destroy(ms_tablegen *tg);
const ms_tablegen_spec *ms_tablegen_get_spec(const ms_tablegen *tg);
/* Run point p: fills rec[MS_TABLEGEN_RECORD]. MS_EINTERRUPTED if ctx's interrupt flag is raised. */
int ms_tablegen_point_run(ms_tablegen *tg, size_t p, double *rec, ms_error *err);
/* Trial-steps integrated so far (for benchmarks). */
uint64_t ms_tablegen_trial_steps(const ms_tablegen *tg);

/* Everything besides /switching: Δ(h, T), gate transfer table, retention, energies. */
typedef struct ms_tablegen_extras {
    double *delta;         /* [nh][nt] */
    double *h_after;       /* [nh][ngv][ngw] or NULL */
    double *retention;     /* [nh][nt] or NULL */
    double *energy_write;  /* [na][nw] */
    double *energy_gate;   /* [ngv][ngw] or NULL */
} ms_tablegen_extras;
int ms_tablegen_extras_compute(const ms_tablegen_spec *spec, ms_tablegen_extras *ex, ms_ctx *ctx,
                               ms_error *err);
void ms_tablegen_extras_release(ms_tablegen_extras *ex);

/* Write the table layout (table.h) under root: axes, /switching from the records
 * [n_points][MS_TABLEGEN_RECORD], extras (may be NULL), root attribute format_version. */
int ms_tablegen_write(hid_t root, const ms_tablegen_spec *spec, const double *records,
                      const ms_tablegen_extras *ex, ms_error *err);
/* The per-point datasets of a table (for part files and merge), comma-separated. */
extern const char ms_tablegen_point_datasets[];
/* CSV export: one row per point (h, amplitude, width, temperature, direction, P, ci_lo, ci_hi,
 * n_trials, t_mean, source). Written to path.tmp and renamed. */
int ms_tablegen_write_csv(const char *path, const ms_tablegen_spec *spec, const double *records,
                          ms_error *err);

#endif
