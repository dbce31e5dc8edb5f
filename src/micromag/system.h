/* system.h — private to src/micromag: the micromagnetic system object and the energy-term table.
 *
 * One table of terms (system.c) drives both the effective-field sum and the energy sum
 * (STYLE.md rule 1). A term adds its field into h (A/m) for magnetisation m at time t; its energy
 * function returns the energy (J) given its own field h_term at m (NULL for torque-like terms that
 * are not derived from an energy: thermal, spin torques). */
#ifndef METASPIN_MICROMAG_SYSTEM_H
#define METASPIN_MICROMAG_SYSTEM_H

#include <omp.h>
#include "metaspin/mesh.h"
#include "metaspin/rng.h"
#include "team.h"

struct ms_mm {
    const ms_mesh *mesh;
    ms_mm_drive drive;
    ms_ctx *ctx;
    int threads;               /* OpenMP threads (ctx->threads, or OpenMP's default without ctx) */
    size_t n;
    double t;
    double *m;                 /* 3n, the state */
    double *scratch;           /* 3n, energy evaluation */
    double *h_th;              /* 3n, thermal field of the current step */
    double *wxp, *wxm, *wyp, *wym, *wzp, *wzm;  /* exchange couplings (A/m per unit of m) */
    int exch_uniform;          /* every cell magnetic with the same A and Ms: couplings below */
    double wx, wy, wz;         /* uniform couplings 2A/(μ0 Ms d²) (A/m) */
    double *inv_ms;            /* 1/Ms (0 in empty cells) */
    double *sums;              /* 2 per chunk of MS_MM_SUM_CELLS cells: partial sums of an energy or the torque */
    double volume;             /* cell volume (m^3) */
    int thermal_on, torque_on, dmi_on, aniso_on, cubic_on, eb_on;
    ms_demag_plan *demag;
    ms_rng_key key;
    uint64_t evaluations;
    int team;                  /* threads of the team region: `threads` from MS_MM_TEAM_CELLS cells */
    int in_team;               /* inside this system's team region (MS_MM_TEAM) */
};

/* Team regions: one OpenMP parallel region around a whole integrator stage or step. The cell
 * loops of the terms, of the integrators and of the thin-film demag convolution run inside it, each
 * thread on its share of the cells (team.h), with barriers only where team.h's rules ask for one.
 * A thin-film field evaluation then costs two barriers (the demag transposes) instead of one per
 * loop. A fork/join costs more than a barrier, and a barrier ~0.8 µs even when both threads arrive
 * together (a cache line each way between the cores), against ~0.08 ms per field evaluation at
 * 128×32 cells on two threads; each barrier is also a point where a descheduled thread stalls the
 * other.
 * Every public entry point runs its body through MS_MM_TEAM, which opens the region unless this
 * system's team is already running. Inside somebody else's parallel region (the mesh table engine
 * runs systems in parallel) the new region is a nested team (of one when the outer one is active),
 * so the shares and barriers never bind to a foreign team.
 * Results do not depend on the team size: every loop computes each cell the same way. */
#define MS_MM_TEAM_CELLS 2048

/* This thread's share of the system's rows (of nx cells each) and cells (team.h). */
static inline void ms_mm_rows(const ms_mm *s, size_t *r0, size_t *r1)
{
    ms_team_rows((size_t)s->mesh->ny * (size_t)s->mesh->nz, r0, r1);
}
static inline void ms_mm_cells(const ms_mm *s, size_t *lo, size_t *hi)
{
    ms_mm_rows(s, lo, hi);
    *lo *= (size_t)s->mesh->nx, *hi *= (size_t)s->mesh->nx;
}

/* A loop over this thread's share of the 3 n entries of a component-major vector field of the
 * system `sys`: the body runs for q = i, n + i, 2n + i with i in the share. No barrier. */
#define MS_MM_FOR3(sys, q, ...)                                                                   \
    do {                                                                                          \
        size_t ms_lo_, ms_hi_;                                                                    \
        ms_mm_cells((sys), &ms_lo_, &ms_hi_);                                                     \
        const size_t ms_n_ = (sys)->n;                                                            \
        _Pragma("omp simd")                                                                       \
        for (size_t ms_i_ = ms_lo_; ms_i_ < ms_hi_; ms_i_++) {                                    \
            size_t q = ms_i_;                                                                     \
            __VA_ARGS__;                                                                          \
            q += ms_n_;                                                                           \
            __VA_ARGS__;                                                                          \
            q += ms_n_;                                                                           \
            __VA_ARGS__;                                                                          \
        }                                                                                         \
    } while (0)
/* Sums over the cells that do not depend on the team size: partial sums over fixed chunks of
 * MS_MM_SUM_CELLS cells (a worksharing loop over the chunks, with a barrier before it: team.h),
 * added in chunk order afterwards. */
#define MS_MM_SUM_CELLS 1024
static inline size_t ms_mm_sum_chunks(size_t n) { return (n + MS_MM_SUM_CELLS - 1) / MS_MM_SUM_CELLS; }
/* Chunk c holds cells c MS_MM_SUM_CELLS up to (not including) this one. */
static inline size_t ms_mm_sum_chunk_end(size_t n, size_t c)
{
    const size_t end = (c + 1) * MS_MM_SUM_CELLS;
    return end < n ? end : n;
}
/* Threads of the team for a mesh of n cells on `threads` threads. */
static inline int ms_mm_team_size(size_t n, int threads) { return n >= MS_MM_TEAM_CELLS ? threads : 1; }

/* Run the body on a team of `threads`. A team of one runs it on the calling thread (no region) only
 * outside every parallel region, active or not: inside one, the caller may be in a worksharing loop
 * of its own (the mesh table engine's loop over trials), and loops of ours binding to the same team
 * would be illegally nested. */
#define MS_TEAM_RUN(threads, ...)                                                                 \
    do {                                                                                          \
        const int ms_team_n_ = (threads);                                                         \
        if (ms_team_n_ == 1 && omp_get_level() == 0) {                                            \
            __VA_ARGS__;                                                                          \
        } else {                                                                                  \
            _Pragma("omp parallel num_threads(ms_team_n_)") { __VA_ARGS__; }                      \
        }                                                                                         \
    } while (0)

/* Run the body on the system's team, or as part of it when the team is already running. */
#define MS_MM_TEAM(sys, ...)                                                                      \
    do {                                                                                          \
        ms_mm *const ms_team_sys_ = (ms_mm *)(sys);                                               \
        if (ms_team_sys_->in_team) {                                                              \
            __VA_ARGS__;                                                                          \
        } else {                                                                                  \
            ms_team_sys_->in_team = 1;                                                            \
            MS_TEAM_RUN(ms_team_sys_->team, __VA_ARGS__);                                         \
            ms_team_sys_->in_team = 0;                                                            \
        }                                                                                         \
    } while (0)

typedef struct ms_mm_term {
    const char *name;
    int (*active)(const ms_mm *s);
    void (*field_add)(ms_mm *s, double t, const double *m, double *h);
    double (*energy)(const ms_mm *s, const double *m, const double *h_term);  /* may be NULL */
    /* Optional: write (not add) the field, used when the term is the first active one, which
     * saves zeroing h and one pass over it. */
    void (*field_set)(ms_mm *s, double t, const double *m, double *h);
    /* Optional: nonzero when the term, run first, reads only this thread's share of m before a
     * barrier of its own, which then stands in for the field sum's opening barrier (team.h). */
    int (*own_barrier)(const ms_mm *s);
} ms_mm_term;

/* Terms (one per file). */
extern const ms_mm_term ms_term_demag, ms_term_exchange, ms_term_anisotropy, ms_term_dmi,
    ms_term_zeeman, ms_term_exchange_bias, ms_term_thermal, ms_term_torque;

/* |m × h|² of cell i of component-major fields of n cells (A²/m²: the squared torque per unit m). */
static inline double ms_mm_torque2(const double *m, const double *h, size_t n, size_t i)
{
    const double mx = m[i], my = m[n + i], mz = m[2 * n + i];
    const double hx = h[i], hy = h[n + i], hz = h[2 * n + i];
    const double tx = my * hz - mz * hy, ty = mz * hx - mx * hz, tz = mx * hy - my * hx;
    return tx * tx + ty * ty + tz * tz;
}

/* The max torque |m × h| in two steps: the chunks' partials, inside a team, then their combination
 * (NaN if any cell's torque is not finite). */
void ms_mm_torque_chunks(const ms_mm *s, const double *m, const double *h);
double ms_mm_torque_chunks_max(const ms_mm *s);
/* E = −f μ0 V Σ Ms m·h: f = ½ for quadratic energies (field linear in m), 1 for linear ones. */
double ms_mm_energy_from_field(const ms_mm *s, const double *m, const double *h, double f);
/* Where a blow-up is: "cell i (x, y, z), Ms = .. A/m, alpha = .." for the first cell at which any
 * of the n_arr arrays (3n, component-major) is non-finite; "no non-finite cell" if none. */
void ms_mm_nonfinite_where(const ms_mm *s, const double *const *arr, int n_arr, char *buf, size_t cap);
/* Exchange couplings from the maps (exchange.c). */
void ms_exchange_couplings_update(ms_mm *s);
/* Flat-index step from cell index `at` to at + sd (sd = ±1) along an axis of n cells `stride`
 * apart: ±stride inside, the wrap-around step at the ends of a periodic axis, 0 at the ends of an
 * open one (exchange.c; also used by dmi.c). */
ptrdiff_t ms_exchange_step(int at, int sd, int n, ptrdiff_t stride, int periodic);
/* Applied field at time t (zeeman.c). */
void ms_zeeman_field_at(const ms_mm_waveform *w, double t, double h[3]);

#endif
