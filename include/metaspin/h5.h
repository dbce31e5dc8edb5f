/* h5.h — HDF5 output and input helpers shared by every command.
 *
 * Output files are written as NAME.tmp and renamed to NAME only by ms_h5_commit(), so a crash
 * never leaves a half-written file under the final name. The root carries the provenance
 * attributes (program version, git revision, command line, seed, threads, resolved config,
 * references, start and end time). Every dataset carries a `units` attribute ("" if
 * dimensionless). Paths may contain groups ("/switching/P"); missing groups are created.
 *
 * Lifecycle: ms_h5_create() -> writes -> ms_h5_commit() (success) or ms_h5_abort() (failure). */
#ifndef METASPIN_H5_H
#define METASPIN_H5_H

#include <hdf5.h>
#include <time.h>
#include <stdint.h>
#include "error.h"

typedef struct ms_run_info {
    const char *command;       /* "macrospin" */
    const char *command_line;  /* the full command line as typed */
    uint64_t seed;
    int threads;
    const char *config_text;   /* resolved config (ms_config_text) */
    const char *references;    /* ms_ctx_references(), may be NULL */
    time_t start;              /* when the run began (the start_time attribute); 0 = file creation */
} ms_run_info;

typedef struct ms_h5 ms_h5;

int ms_h5_create(ms_h5 **out, const char *path, const ms_run_info *info, ms_error *err);
hid_t ms_h5_root(const ms_h5 *f);
/* Update the references attribute (call before commit when citations were added late). */
int ms_h5_set_references(ms_h5 *f, const char *references, ms_error *err);
int ms_h5_commit(ms_h5 *f, ms_error *err);  /* end time, flush, close, rename; frees f */
void ms_h5_abort(ms_h5 *f);                  /* close, delete NAME.tmp; frees f; NULL ok */

/* Datasets: dims[rank] in row-major order. */
int ms_h5_write_double(hid_t loc, const char *path, const double *data, int rank,
                       const hsize_t *dims, const char *units, ms_error *err);
int ms_h5_write_float(hid_t loc, const char *path, const float *data, int rank,
                      const hsize_t *dims, const char *units, ms_error *err);
int ms_h5_write_int64(hid_t loc, const char *path, const int64_t *data, int rank,
                      const hsize_t *dims, const char *units, ms_error *err);
int ms_h5_write_uint8(hid_t loc, const char *path, const uint8_t *data, int rank,
                      const hsize_t *dims, const char *units, ms_error *err);
int ms_h5_write_scalar(hid_t loc, const char *path, double value, const char *units, ms_error *err);

/* Attributes on an object at `path` ("/" or a dataset/group path). */
int ms_h5_attr_string(hid_t loc, const char *path, const char *name, const char *value, ms_error *err);
int ms_h5_attr_double(hid_t loc, const char *path, const char *name, double value, ms_error *err);

/* Input. ms_h5_open_read checks the file exists and is HDF5 (errors are MS_EINPUT). */
int ms_h5_open_read(hid_t *file, const char *path, ms_error *err);
/* Read a double dataset of any rank: allocates *data (caller frees), fills rank and dims (<= 8). */
int ms_h5_read_double(hid_t loc, const char *path, double **data, int *rank, hsize_t dims[8],
                      ms_error *err);
/* Read a string attribute into a malloc'ed string (caller frees). */
int ms_h5_read_attr_string(hid_t loc, const char *path, const char *name, char **value, ms_error *err);
int ms_h5_exists(hid_t loc, const char *path);

#endif
