/* engine_mesh.h — private to src/switching: the finite-difference mesh engine of `metaspin table`
 * (table.engine = "mesh"). engine_mesh.c runs batches of independent stochastic mesh trials of
 * one table point; the adaptive loop over batches, the Wilson interval, the switching-time
 * statistics and the model fill stay in protocol.c, shared with the macrospin engine.
 *
 * Lifecycle: ms_engine_mesh_create (once per generator) -> ms_engine_mesh_batch_run (any points, any
 * order; the mesh of a point is rebuilt when the point changes) -> ms_engine_mesh_destroy. */
#ifndef METASPIN_SWITCHING_ENGINE_MESH_H
#define METASPIN_SWITCHING_ENGINE_MESH_H

#include <stddef.h>
#include <stdint.h>
#include "metaspin/mesh.h"
#include "metaspin/tablegen.h"

typedef struct ms_engine_mesh ms_engine_mesh;

/* What the mesh cannot do (MS_EUNSUPPORTED): voltage (VCMA) drives, device.geometry = "given",
 * device-to-device variation; plus range checks of spec->mesh (MS_EINPUT). */
int ms_engine_mesh_check(const ms_tablegen_spec *spec, ms_error *err);

/* spec and ctx must outlive the engine; batch_n is the largest batch ms_engine_mesh_batch_run gets. */
int ms_engine_mesh_create(ms_engine_mesh **out, const ms_tablegen_spec *spec, size_t batch_n, ms_ctx *ctx,
                          ms_error *err);
void ms_engine_mesh_destroy(ms_engine_mesh *em);

/* Trials i = 0 .. n−1 of point p on streams stream_offset + i (OpenMP over trials, each trial's
 * mesh on one thread): switched[i] = 1 when ⟨m⟩·s < 0 at the read, t_sw[i] = first time (s, from
 * t = 0, the start of the protocol) at which ⟨m⟩·s fell below the threshold, < 0 if never.
 * MS_EINTERRUPTED when ctx's interrupt flag is raised; otherwise the first failing trial's error. */
int ms_engine_mesh_batch_run(ms_engine_mesh *em, size_t p, uint64_t stream_offset, size_t n, uint8_t *switched,
                             double *t_sw, ms_error *err);

/* The mesh and drive of point p (built if needed; valid until the next point is built). For tests
 * and diagnostics. */
int ms_engine_mesh_point_get(ms_engine_mesh *em, size_t p, const ms_mesh **mesh, ms_mm_drive *drive,
                             ms_error *err);

/* Trial-steps (Heun steps summed over trials) integrated so far. */
uint64_t ms_engine_mesh_trial_steps(const ms_engine_mesh *em);

#endif
