/* sweep.h — running many independent work units (table points, sweep points) with checkpoints,
 * resume, --part splits and MPI distribution, and material-parameter sweeps built on it.
 *
 * Work units: unit u in [0, n_units) produces a fixed-length record of doubles through a callback.
 * A unit's result depends only on u (the callback seeds its random streams from u), so the
 * collected records are bitwise identical for any thread count, rank count, part split or resume.
 *
 * Checkpoint file (src/sweep/checkpoint.c): magic "MSCKPT01", fingerprint (hash of the resolved
 * config, seed and part), n_units, record_len, done[n_units] bytes, records[n_units][record_len]
 * doubles (little-endian host order). Rewritten to PATH.tmp and renamed after every finished unit,
 * so a kill -9 loses at most the unit in flight. Resume refuses a checkpoint whose fingerprint or
 * shape differs.
 *
 * MPI (make MPI=1; src/sweep/mpi.c is the only file including mpi.h): with more than one rank,
 * rank 0 deals units one at a time on request, collects records and writes the checkpoint; the
 * other ranks compute. Without MPI (or with one rank) units run in order in this process.
 *
 * Sweeps (sweep.c): axes over any declared config key (QUANTITY or INT), each a value list,
 * "linspace(a, b, n)", "logspace(a, b, n)" (values with units) or, for Latin hypercube sampling,
 * "range(a, b)" / "logrange(a, b)"; modes grid (Cartesian product), list (zipped), lhs
 * (sweep.samples points). Each point re-loads the config with "key=value" overrides. */
#ifndef METASPIN_SWEEP_H
#define METASPIN_SWEEP_H

#include <stddef.h>
#include <stdint.h>
#include <hdf5.h>
#include "config.h"
#include "ctx.h"
#include "error.h"

typedef int (*ms_work_fn)(void *user, size_t unit, double *record, ms_error *err);

typedef struct ms_work {
    size_t n_units, record_len;
    ms_work_fn compute;
    void *user;
    const char *checkpoint;   /* path, NULL = no checkpoint */
    uint64_t fingerprint;     /* identifies the run for resume */
    int resume;               /* load the checkpoint first (missing file: start afresh) */
    int part_index, part_count;  /* run units u ≡ part_index (mod part_count); count 0 or 1 = all */
    const char *label;        /* progress label */
} ms_work;

/* Run the units of w not yet done. records [n_units][record_len] and done [n_units] are filled
 * (on return, on rank 0 under MPI). *is_root is 1 on the process that must write the output.
 * On interrupt the checkpoint is current and MS_EINTERRUPTED is returned. */
int ms_work_run(const ms_work *w, double *records, uint8_t *done, int *is_root, ms_ctx *ctx, ms_error *err);

/* Checkpoint I/O (checkpoint.c). Load returns MS_OK with *found = 0 when the file is missing. */
int ms_checkpoint_save(const char *path, uint64_t fingerprint, size_t n_units, size_t record_len,
                       const uint8_t *done, const double *records, ms_error *err);
int ms_checkpoint_load(const char *path, uint64_t fingerprint, size_t n_units, size_t record_len,
                       uint8_t *done, double *records, int *found, ms_error *err);

/* FNV-1a 64-bit hash, chained through h (start with 0). */
uint64_t ms_hash_string(uint64_t h, const char *s);
uint64_t ms_hash_bytes(uint64_t h, const void *data, size_t n);

/* MPI plumbing (mpi.c; no-ops without MS_WITH_MPI): init/finalize around a command, rank and size. */
int ms_mpi_init(int *argc, char ***argv);
void ms_mpi_finalize(void);
int ms_mpi_rank(void);
int ms_mpi_size(void);

/* ---------- device tables on the work runner (table_run.c) ---------- */

struct ms_tablegen_spec;
typedef struct ms_table_job {
    const char *checkpoint;      /* NULL = none */
    uint64_t fingerprint;        /* ms_table_job_fingerprint() */
    int resume;
    int part_index, part_count;  /* --part i/n (count 0 or 1: all points) */
} ms_table_job;

/* Fingerprint of a run for its checkpoint: resolved config text, seed and part. */
uint64_t ms_table_job_fingerprint(const char *config_text, uint64_t seed, int part_index, int part_count);
/* Compute the points of the job: records [points][MS_TABLEGEN_RECORD] and done [points] (caller
 * allocates, ms_tablegen_spec_points()). *is_root = 1 on the process that writes the file. */
int ms_sweep_table_run(const struct ms_tablegen_spec *spec, const ms_table_job *job, ms_ctx *ctx,
                       double *records, uint8_t *done, int *is_root, ms_error *err);

/* ---------- part files and merge (merge.c) ---------- */

/* Mark an output file as a part: root attributes part ("I/N") and part_datasets (comma-separated
 * per-unit datasets, unit-major), and /part/done [n_units]. */
int ms_part_mark(hid_t root, int part_index, int part_count, const char *datasets, const uint8_t *done,
                 size_t n_units, ms_error *err);
/* Join part files into `out`: everything is copied from the first part, the per-unit datasets are
 * taken from the part that computed each unit; the parts must come from one run (same config and
 * seed) and cover every unit. The result equals a single run's file dataset by dataset. */
int ms_part_merge(const char *const *parts, int n_parts, const char *out, const char *command_line,
                  int threads, ms_error *err);

/* ---------- sweeps ---------- */

enum { MS_SWEEP_MAX_AXES = 4, MS_SWEEP_MAX_VALUES = 4096 };
typedef enum { MS_SWEEP_GRID, MS_SWEEP_LIST, MS_SWEEP_LHS } ms_sweep_mode;

typedef struct ms_sweep_axis {
    char key[96];          /* swept config key */
    char unit[32];         /* its declared SI unit */
    size_t n;              /* values (grid/list) */
    double *v;             /* SI values (grid/list), owned */
    double lo, hi;         /* lhs range (SI) */
    int log;               /* lhs: log-uniform */
} ms_sweep_axis;

typedef struct ms_sweep {
    ms_sweep_mode mode;
    size_t n_axes, n_points;
    ms_sweep_axis axis[MS_SWEEP_MAX_AXES];
    double *points;        /* [n_points][n_axes] SI values */
} ms_sweep;

extern const ms_key ms_sweep_keys[];
/* Schemas of the sweep command: sweep, table, macrospin, ionics, output keys. */
extern const ms_key *const ms_sweep_schemas[];

/* Build the sweep from the sweep.* keys; schemas are used to find the swept keys' units. */
int ms_sweep_create(ms_sweep **out, const ms_config *cfg, const ms_key *const *schemas, uint64_t seed,
                    ms_error *err);
void ms_sweep_destroy(ms_sweep *s);
/* "key=value" override strings for point q (buf holds n_axes strings of 128 chars). */
void ms_sweep_overrides(const ms_sweep *s, size_t q, char (*buf)[128], const char **ptrs);

/* Running a sweep (sweep_run.c). Every point re-loads `file` with the --set overrides `sets` first
 * and then the point's "key=value" overrides, builds the table spec and computes, per hidden state
 * h of the table axis (at the first table temperature, direction to_plus):
 *   merit (record = 5 per h): Δ; the critical drive (J_c0 for STT, V_c = K_eff t_ox t_F/ξ for VCMA,
 *     H_k for field drives; NaN for SOT); P at the reference pulse; the width at which P = 0.5
 *     (log-linear between the table widths, NaN if not bracketed); the write energy of the
 *     reference pulse;
 *   table (record = the full table's records): the device table of the point.
 * Table streams depend only on the table point, so all sweep points see the same noise (common
 * random numbers: differences between sweep points are not blurred by sampling noise). */
enum { MS_SWEEP_MERITS = 5 };
typedef struct ms_sweep_job {
    const char *file;
    const char *const *sets;
    int n_sets;
    ms_table_job run;               /* checkpoint, resume, part */
} ms_sweep_job;

typedef struct ms_sweep_result {
    int full_table;                 /* sweep.output = table */
    struct ms_tablegen_spec *base;  /* spec of the un-swept config (axes), owned */
    double ref_amplitude, ref_width;
    size_t record_len;
    double *records;                /* [n_points][record_len] */
    uint8_t *done;                  /* [n_points] */
} ms_sweep_result;

int ms_sweep_run(const ms_sweep *s, const ms_sweep_job *job, ms_ctx *ctx, ms_sweep_result *res, int *is_root,
                 ms_error *err);
void ms_sweep_result_release(ms_sweep_result *res);
/* Write /sweep/points, /sweep/merit/... or /sweep/switching/..., /axes/... under root. */
int ms_sweep_write(hid_t root, const ms_sweep *s, const ms_sweep_result *res, ms_error *err);
/* Comma-separated per-point datasets of a sweep output (for part files). */
const char *ms_sweep_point_datasets(const ms_sweep_result *res);

#endif
