/* mesh.h — finite-difference micromagnetics (PHYSICS.md §2): the mesh with its geometry and
 * per-cell parameter maps, the micromagnetic system (effective field, energies, torques), the
 * integrators (Dormand–Prince RK45, stochastic Heun, relaxation) and the outputs (time table,
 * OVF 2.0 snapshots).
 *
 * Cells are dx×dy×dz boxes on an nx×ny×nz grid; cell (ix, iy, iz) has the flat index
 * i = ix + nx (iy + ny iz) (x fastest). Vector fields are stored structure-of-arrays in one block
 * of 3n doubles: x components at [0, n), y at [n, 2n), z at [2n, 3n). Cells with Ms = 0 are empty
 * (outside the magnet): they carry m = 0 and receive no field. Everything is SI: fields in A/m,
 * energies in J, times in s.
 *
 * Lifecycles:
 *   ms_mesh_create -> shapes/materials (or direct writes to the maps) -> ms_mm_create -> ... ->
 *   ms_mm_destroy -> ms_mesh_destroy. The system keeps a pointer to the mesh; after changing the
 *   maps (e.g. the ionics module writing K_u) call ms_mm_params_update().
 *   ms_demag_plan_create -> ms_demag_field_add (any number of times) -> ms_demag_plan_destroy.
 *
 * Equations and sign conventions: see the head comment of each src/micromag/<term>.c. */
#ifndef METASPIN_MESH_H
#define METASPIN_MESH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "config.h"
#include "ctx.h"
#include "error.h"
#include "waveform.h"

/* ---------------------------------------------------------------------------------------------
 * Mesh, geometry and parameter maps (src/micromag/mesh.c) */

typedef struct ms_mesh {
    int nx, ny, nz;              /* cells per axis (>= 1) */
    size_t n;                    /* nx ny nz */
    double dx, dy, dz;           /* cell size (m, > 0) */
    uint8_t *region;             /* region id per cell; 0 = empty (no magnet) */
    /* Per-cell parameter maps, length n. Empty cells hold zeros. */
    double *ms;                  /* saturation magnetisation (A/m) */
    double *a_ex;                /* exchange stiffness (J/m) */
    double *ku1, *ku2;           /* uniaxial anisotropy constants (J/m^3), E = −K1 (m·u)² − K2 (m·u)^4 */
    double *ux, *uy, *uz;        /* uniaxial axis (unit vector) */
    double *kc1;                 /* cubic anisotropy (J/m^3), axes cubic_c1, cubic_c2, c1×c2 */
    double *dmi;                 /* interfacial DMI constant (J/m^2) */
    double *alpha;               /* Gilbert damping (dimensionless) */
    double *hebx, *heby, *hebz;  /* exchange-bias (unidirectional) field (A/m) */
    double *phi_fm;              /* ferromagnetic fraction from the ionics module, [0, 1] (stored) */
    double cubic_c1[3], cubic_c2[3];  /* cubic axes (unit, orthogonal) */
    /* Periodic boundary conditions per axis (x, y, z), mumax3's SetPBC: 0 = open (free) boundary;
     * I >= 1 = periodic: exchange and DMI neighbours wrap around, and the demag kernel sums the
     * tensor over the images, each cell seeing a window of 2I + 1 periods centred on itself
     * (demag.c). Set with ms_mesh_pbc_set before ms_mm_create / ms_demag_plan_create. */
    int pbc[3];
} ms_mesh;

/* One material: the values a region's cells receive. */
typedef struct ms_mesh_material {
    double ms;         /* A/m */
    double a_ex;       /* J/m */
    double ku1, ku2;   /* J/m^3 */
    double axis[3];    /* uniaxial axis (normalised on use) */
    double kc1;        /* J/m^3 */
    double dmi;        /* J/m^2 */
    double alpha;
    double h_eb[3];    /* A/m */
    double phi_fm;
} ms_mesh_material;

typedef enum ms_mesh_shape_kind {
    MS_SHAPE_BOX,      /* |x − cx| <= a/2, |y − cy| <= b/2 */
    MS_SHAPE_ELLIPSE,  /* ((x − cx)/(a/2))² + ((y − cy)/(b/2))² <= 1 (a disk when a = b) */
} ms_mesh_shape_kind;

/* A shape in the xy plane, extruded over all z layers; tested at cell centres. The origin is the
 * corner of the mesh box, so the mesh spans [0, nx dx] × [0, ny dy]. */
typedef struct ms_mesh_shape {
    ms_mesh_shape_kind kind;
    double cx, cy;     /* centre (m) */
    double a, b;       /* full extent along x and y (m) */
} ms_mesh_shape;

/* Allocate a mesh with every cell empty (region 0, all maps 0). */
int ms_mesh_create(ms_mesh **out, int nx, int ny, int nz, double dx, double dy, double dz,
                   ms_error *err);
void ms_mesh_destroy(ms_mesh *mesh);
/* Mark the cells inside `shape` as `region` (0..255; 0 = empty). Shapes paint in call order: calling
 * it again forms a union, a later shape paints over an earlier one, and region 0 cuts a hole. */
int ms_mesh_shape_add(ms_mesh *mesh, const ms_mesh_shape *shape, int region, ms_error *err);
/* Mark every cell as `region`. */
void ms_mesh_fill(ms_mesh *mesh, int region);
/* Write the material's values into the maps of every cell of `region`. */
int ms_mesh_material_set(ms_mesh *mesh, int region, const ms_mesh_material *mat, ms_error *err);
/* Number of magnetic cells (Ms > 0). */
size_t ms_mesh_count(const ms_mesh *mesh);
/* Periodic images per axis (each >= 0, 0 = open boundary); see ms_mesh.pbc. */
int ms_mesh_pbc_set(ms_mesh *mesh, const int images[3], ms_error *err);

/* Geometry from a file (mask.c): region ids per cell into mask[n] (0 = empty, 1..max_region).
 * Plain text: ny rows of nx digits 0-9 (whitespace between digits optional), the first row is the
 * top of the mesh (largest y), like an image; '#' starts a comment line; blank lines are ignored;
 * ny rows apply to every z layer, ny nz rows give the layers bottom (z = 0) first. OVF 2.0
 * (text, binary 4 or binary 8, any valuedim): a cell is magnetic (region 1) where |value| > 0;
 * the node counts must be nx × ny × 1 (every layer) or nx × ny × nz. A digit above max_region is
 * an error. Errors name the file, line, row and column. */
int ms_mesh_mask_read(const ms_mesh *mesh, const char *path, int max_region, uint8_t *mask,
                      ms_error *err);

/* ---------------------------------------------------------------------------------------------
 * Demagnetising field by zero-padded FFT convolution with the Newell tensor (demag.c, newell.c) */

typedef struct ms_demag_plan ms_demag_plan;

/* The six Newell (1993) tensor components for the offset (x, y, z) between cells of size
 * dx×dy×dz, H = −N M: out = {Nxx, Nyy, Nzz, Nxy, Nxz, Nyz}. Exact formula for near cells, an
 * asymptotic (cell-averaged dipole) expansion for distant ones. */
void ms_demag_newell(double x, double y, double z, double dx, double dy, double dz, double out[6]);
/* Aharoni (1998) closed-form demagnetising factor of a uniformly magnetised a×b×c prism along
 * the c edge (independent of the Newell code; used to check it). */
double ms_demag_aharoni(double a, double b, double c);

/* Build the tensor, its spectrum and the single-threaded FFTW plans, whose work a team of
 * `threads` shares. Set `measure` for FFTW_MEASURE planning (slower set-up, faster transforms;
 * FFTW times its candidates, so the plans, and the last bit of the field, may differ from run to
 * run). With `measure` and a `wisdom` file (NULL: none), FFTW wisdom is read from it first (a
 * missing file is fine) and written back (atomically) after planning, so that later runs reuse
 * the same plans: the same field bit for bit, no planning time. */
int ms_demag_plan_create(ms_demag_plan **out, const ms_mesh *mesh, int threads, int measure,
                         const char *wisdom, ms_error *err);
/* Check that `path` is readable FFTW wisdom, or does not exist (mesh.fft_wisdom). */
int ms_demag_wisdom_check(const char *path, ms_error *err);
void ms_demag_plan_destroy(ms_demag_plan *plan);
/* h += −N * (Ms m) for the SoA vector m (3n). Not reentrant on one plan (uses its buffers). */
void ms_demag_field_add(ms_demag_plan *plan, const double *ms, const double *m, double *h);
/* Plain reference: direct O(n²) sum of the same tensor, periodic images included (tests only). */
void ms_demag_field_add_direct(const ms_mesh *mesh, const double *m, double *h);
/* Seconds spent inside FFTW executes since creation (for the benchmark). */
double ms_demag_fft_seconds(const ms_demag_plan *plan);

/* ---------------------------------------------------------------------------------------------
 * The micromagnetic system (system.c): drive, effective field, energies, torques */

/* Applied field H(t) = h_dc + w(t) h_ac (A/m), w the dimensionless waveform of waveform.h
 * (dc: w = 0; pulse: w = 1 for start <= t < start + width; sine: sin(2π f (t − start)), t >= start). */
typedef struct ms_mm_waveform {
    ms_waveform shape;         /* amplitude 1 (0 for a pure DC field) */
    double h_dc[3], h_ac[3];   /* A/m */
} ms_mm_waveform;

typedef struct ms_mm_drive {
    ms_mm_waveform field;
    double temperature;        /* K */
    double gamma0;             /* μ0 γ (m/(A s)) */
    double t_f;                /* free-layer thickness for the torques (m) */
    /* Slonczewski STT: a_J = ħ η J/(2 e μ0 Ms t_F), field-like b_J = beta a_J; polariser p. */
    double stt_j, stt_eta, stt_beta, stt_p[3];
    int stt_angle;             /* 1: Slonczewski angle-dependent η with polarisation stt_pol */
    double stt_pol;
    /* SOT: a = ħ θ_SH J/(2 e μ0 Ms t_F), field-like ratio sot_beta, spin direction σ. */
    double sot_j, sot_theta, sot_beta, sot_sigma[3];
    int demag_off;             /* 1: leave out the demagnetising field (tests, decoupled arrays) */
    int fft_measure;           /* 1: FFTW_MEASURE planning of the demag transforms */
    char fft_wisdom[1024];     /* FFTW wisdom file for MEASURE planning ("" = none), see ms_demag_plan_create */
} ms_mm_drive;

/* The energy terms, in the order of the one table that drives the field and energy sums. */
typedef enum ms_mm_term_id {
    MS_TERM_DEMAG, MS_TERM_EXCHANGE, MS_TERM_ANISOTROPY, MS_TERM_DMI, MS_TERM_ZEEMAN,
    MS_TERM_EXCHANGE_BIAS, MS_TERM_THERMAL, MS_TERM_TORQUE, MS_TERM_COUNT
} ms_mm_term_id;
const char *ms_mm_term_name(int term);   /* "demag", "exchange", ... */

typedef struct ms_mm ms_mm;

int ms_mm_create(ms_mm **out, const ms_mesh *mesh, const ms_mm_drive *drive, ms_ctx *ctx,
                 ms_error *err);
void ms_mm_destroy(ms_mm *s);
/* Recompute coefficients derived from the parameter maps (exchange couplings, damping). */
void ms_mm_params_update(ms_mm *s);
const ms_mesh *ms_mm_mesh(const ms_mm *s);
ms_mm_drive *ms_mm_drive_get(ms_mm *s);
/* The magnetisation (SoA, 3n, unit in magnetic cells, 0 in empty cells) and time. */
double *ms_mm_m(ms_mm *s);
double ms_mm_time(const ms_mm *s);
void ms_mm_time_set(ms_mm *s, double t);
/* Uniform initial state along v (normalised), 0 in empty cells. */
void ms_mm_m_uniform(ms_mm *s, const double v[3]);
/* Vortex: curl around the mesh centre in the plane normal to `axis` (0 = x, 1 = y, 2 = z), core
 * along +axis (polarity +1) or −axis (−1). Random: independent uniform directions (seeded). */
void ms_mm_m_vortex(ms_mm *s, int axis, int polarity);
void ms_mm_m_random(ms_mm *s, uint64_t seed);
/* Renormalise m to unit length in magnetic cells. */
void ms_mm_m_normalise(const ms_mm *s, double *m);

/* Total effective field (without the thermal field unless thermal is on) h = H_eff(t, m) (A/m). */
void ms_mm_field(ms_mm *s, double t, const double *m, double *h);
/* dm/dt (LLG, per-cell α, spin torques included) into dm; also returns the field in h if h != NULL. */
void ms_mm_rhs(ms_mm *s, double t, const double *m, double *dm, double *h);
/* Energies (J) of each term at (t, m) into e[MS_TERM_COUNT] (0 for non-energy terms); returns the
 * total. Uses internal scratch; not for hot loops. */
double ms_mm_energy(ms_mm *s, double t, const double *m, double e[MS_TERM_COUNT]);
/* Max over cells of |m × H| (A/m), for the field h already evaluated at m; NaN if any is not finite. */
double ms_mm_torque_max(const ms_mm *s, const double *m, const double *h);
/* Volume average of m over magnetic cells. */
void ms_mm_m_average(const ms_mm *s, const double *m, double avg[3]);
/* Field evaluations done so far (each ms_mm_field counts one). */
uint64_t ms_mm_evaluations(const ms_mm *s);
double ms_mm_fft_seconds(const ms_mm *s);

/* Thermal field: draw the Brown field for `step` with time step dt (per-cell Philox streams
 * stream = cell + MS_RNG_DOMAIN(MS_RNG_THERMAL), counter = step); it stays fixed until the next
 * call (Heun uses one draw for predictor and corrector). */
void ms_mm_thermal_draw(ms_mm *s, uint64_t step, double dt);

/* ---------------------------------------------------------------------------------------------
 * Integrators (rk45.c, heun.c, relax.c). `_step` advances once; `_run` loops with a callback. */

typedef struct ms_mm_stepinfo {
    double t;            /* time after the step (s) */
    double dt;           /* step taken (s) */
    double torque_max;   /* max |m × H| (A/m) at the new state */
    uint64_t step;       /* accepted steps so far */
    uint64_t rejected;   /* rejected RK45 steps so far */
} ms_mm_stepinfo;

/* Return non-zero to stop the run early (the run then returns MS_OK). */
typedef int (*ms_mm_callback)(void *user, ms_mm *s, const ms_mm_stepinfo *info);

typedef struct ms_rk45 ms_rk45;
int ms_rk45_create(ms_rk45 **out, ms_mm *s, double tol, double dt0, ms_error *err);
void ms_rk45_destroy(ms_rk45 *rk);
/* One accepted Dormand–Prince step (retrying rejected ones) not beyond t_max. */
int ms_rk45_step(ms_rk45 *rk, double t_max, ms_mm_stepinfo *info, ms_error *err);
int ms_rk45_run(ms_rk45 *rk, double t_end, ms_mm_callback cb, void *user, ms_error *err);
/* Max step size (s), default 1e-11 */
void ms_rk45_dt_max_set(ms_rk45 *rk, double dt_max);

typedef struct ms_heun ms_heun;
int ms_heun_create(ms_heun **out, ms_mm *s, double dt, ms_error *err);
void ms_heun_destroy(ms_heun *hn);
int ms_heun_step(ms_heun *hn, ms_mm_stepinfo *info, ms_error *err);
int ms_heun_run(ms_heun *hn, double t_end, ms_mm_callback cb, void *user, ms_error *err);

/* Energy minimisation by steepest descent with Barzilai–Borwein steps (Exl et al. 2014) at fixed
 * time (drive evaluated at ms_mm_time), T = 0. ms_relax_step makes one iteration (one field
 * evaluation); ms_relax_run iterates until max |m × H| < torque_tol (A/m) or max_iter. */
typedef struct ms_relax ms_relax;
int ms_relax_create(ms_relax **out, ms_mm *s, ms_error *err);
void ms_relax_destroy(ms_relax *r);
int ms_relax_step(ms_relax *r, ms_error *err);
double ms_relax_torque(const ms_relax *r);  /* max |m × H| (A/m) at the current state */
int ms_relax_run(ms_mm *s, double torque_tol, long max_iter, long *iterations, double *torque,
                 ms_error *err);

/* ---------------------------------------------------------------------------------------------
 * Output (table.c, ovf.c) */

/* The time table: one row per recorded time. */
typedef struct ms_mm_table {
    size_t rows, cap;
    double *t, *mx, *my, *mz, *e_total, *torque, *dt;
    double *e[MS_TERM_COUNT];
} ms_mm_table;

int ms_mm_table_init(ms_mm_table *tab, ms_error *err);
void ms_mm_table_release(ms_mm_table *tab);
/* Append the state of s (uses ms_mm_energy: one extra field evaluation per term). */
int ms_mm_table_append(ms_mm_table *tab, ms_mm *s, double dt, double torque, ms_error *err);
/* Text table with a header line, whitespace-separated columns in SI. */
int ms_mm_table_write_text(const ms_mm_table *tab, const char *path, ms_error *err);

/* OVF 2.0 snapshot of m (unit vectors, valueunit ""), binary 8 or text. */
int ms_ovf_write(const char *path, const ms_mesh *mesh, const double *m, int binary,
                 const char *title, ms_error *err);
/* Read back an OVF 2.0 file written by ms_ovf_write (binary 8 or text) into m (3n). */
int ms_ovf_read(const char *path, const ms_mesh *mesh, double *m, ms_error *err);
/* Read any rectangular OVF 2.0 file (text, binary 4 or binary 8): node counts, values per node
 * and the values node by node (x fastest, the valuedim components of a node together), in a
 * malloc'd array the caller frees. */
int ms_ovf_read_values(const char *path, int nodes[3], int *valuedim, double **values,
                       ms_error *err);

/* ---------------------------------------------------------------------------------------------
 * Configuration (mesh_keys.c, mesh_config.c): keys under mesh.* */

extern const ms_key ms_mesh_keys[];

/* Build the mesh and the drive from a config loaded with ms_mesh_keys. */
int ms_mesh_from_config(ms_mesh **out, const ms_config *cfg, ms_error *err);
int ms_mm_drive_from_config(ms_mm_drive *drive, const ms_config *cfg, ms_error *err);

#endif
