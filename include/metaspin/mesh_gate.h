/* mesh_gate.h — magneto-ionic gating of a finite-difference mesh (PHYSICS.md §2 and §3): one ionic
 * column per lateral cell (ix, iy) of the mesh, gated through a mask, whose final interface coverage
 * θ(ix, iy) sets the magnetic parameters of every cell of that column (src/switching/mesh_gate.c,
 * docs/ionics.md "Gating a mesh").
 *
 * Time scales separate: ions move in milliseconds to hours, the magnetisation in nanoseconds, so
 * the gate waveform of the ionics section is run first (to ionics.run.duration) and the magnetic
 * run then sees frozen parameter maps.
 *
 * Thickness: the mesh keeps its thickness L_z = nz dz (set it to ionics.magnet.thickness); a column
 * whose film the over-oxidation has thinned to t_m(θ) < L_z is an effective medium with the same
 * moment, anisotropy and exchange energy per area: with f = t_m(θ)/L_z,
 *   Ms_cell = φ Ms(θ) f,  K_u1,cell = K_u(θ) f,  A_cell = A(θ) f,  D_cell = D(θ) f,
 * (D(θ) in J/m² is the film's interfacial DMI constant, ionics.maps.dmi) so that H_k =
 * 2 K_u/(μ0 φ Ms) is unchanged; K_u(θ) = (K_s,bottom + K_s,top(θ))/t_m + K_v is the
 * volume constant of the ionics map (the mesh adds the shape term itself). α(θ) and the exchange
 * bias H_eb(θ) (along each cell's easy axis) are taken as they are, φ goes to the phi_fm map.
 * A fully oxidised column (t_m = 0 or φ Ms = 0) becomes empty (Ms = 0). */
#ifndef METASPIN_MESH_GATE_H
#define METASPIN_MESH_GATE_H

#include "config.h"
#include "ctx.h"
#include "error.h"
#include "ionics.h"
#include "mesh.h"

typedef enum { MS_MESH_GATE_REGION, MS_MESH_GATE_ALL } ms_mesh_gate_area;

typedef struct ms_mesh_gate {
    ms_mesh_gate_area area;  /* columns under the gate: those holding region-2 cells (all magnetic
                              * columns when the mesh has no region 2), or every column */
    double duration;         /* s: length of the gate run (ionics.run.duration) */
    double max_step;         /* s: largest ionic time step (ionics.run.max_step) */
    double temperature;      /* K: magnet temperature for the FM fraction φ(θ, T) */
} ms_mesh_gate;

/* Config keys mesh.gate.* (NULL-path terminated); used together with ms_ionics_keys. */
extern const ms_key ms_mesh_gate_keys[];
int ms_mesh_gate_from_config(ms_mesh_gate *o, const ms_config *cfg, ms_error *err);

/* Gate mask per column (nx ny, row-major, x fastest): 1 under the gate, 0 elsewhere. */
void ms_mesh_gate_mask(const ms_mesh *g, ms_mesh_gate_area area, double *mask);

/* Run the ionics model on nx·ny columns (gate voltage × mask; lateral exchange when
 * ionics.lateral_cell > 0) to o->duration and return θ per column in theta[nx ny] (ML). */
int ms_mesh_gate_run(const ms_mesh *g, const ms_ionics_model *m, const ms_mesh_gate *o, ms_ctx *ctx,
                     double *theta, ms_error *err);

/* Set Ms, K_u1, A, α, D, H_eb and φ of every magnetic cell from the θ of its column (conventions
 * above). Cells outside the magnet (region 0) stay empty. Call before ms_mm_create, or call
 * ms_mm_params_update after. */
int ms_mesh_cells_from_theta(ms_mesh *g, const ms_ionics_model *m, const double *theta,
                             double temperature, ms_error *err);

#endif
