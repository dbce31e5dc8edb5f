/* mesh_gate.c — magneto-ionic gating of a finite-difference mesh: one ionic column per lateral
 * cell under a gate mask, then θ per column -> per-cell magnetic maps (conventions, thickness
 * scaling and time-scale separation: include/metaspin/mesh_gate.h; physics: PHYSICS.md §3).
 * It sits above micromag and ionics (the two solver modules do not know each other) and is used
 * by `metaspin mesh` when its config has an ionics section. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/mesh_gate.h"

const ms_key ms_mesh_gate_keys[] = {
    {"mesh.gate.area", MS_KEY_CHOICE, "", "region", NULL, "region|all",
     "with an ionics section: columns under the gate electrode (region: those with mesh.region "
     "cells, or every magnetic column when there is no region; all: every column)"},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL}};

int ms_mesh_gate_from_config(ms_mesh_gate *o, const ms_config *cfg, ms_error *err)
{
    (void)err;
    o->area = strcmp(ms_config_get_string(cfg, "mesh.gate.area"), "all") == 0 ? MS_MESH_GATE_ALL
                                                                               : MS_MESH_GATE_REGION;
    o->duration = ms_config_get(cfg, "ionics.run.duration");
    o->max_step = ms_config_get(cfg, "ionics.run.max_step");
    o->temperature = ms_config_get(cfg, "mesh.temperature");
    return MS_OK;
}

void ms_mesh_gate_mask(const ms_mesh *g, ms_mesh_gate_area area, double *mask)
{
    const size_t nc = (size_t)g->nx * (size_t)g->ny;
    int any_region2 = 0;
    for (size_t i = 0; i < g->n; i++)
        any_region2 |= g->region[i] == 2;
    for (size_t c = 0; c < nc; c++) {
        int gated = area == MS_MESH_GATE_ALL;
        for (int iz = 0; iz < g->nz && !gated; iz++) {
            const uint8_t r = g->region[c + nc * (size_t)iz];
            gated = any_region2 ? r == 2 : r != 0;
        }
        mask[c] = gated;
    }
}

int ms_mesh_gate_run(const ms_mesh *g, const ms_ionics_model *m, const ms_mesh_gate *o, ms_ctx *ctx,
                     double *theta, ms_error *err)
{
    const size_t nc = (size_t)g->nx * (size_t)g->ny;
    ms_ionics_state *s = NULL;
    int status = ms_ionics_state_create(&s, m, nc, err);
    if (status)
        return status;
    ms_ionics_state_reset(s, m);
    if (nc > 1)
        MS_TRY(ms_ionics_state_set_grid(s, g->nx, g->ny, err));
    ms_mesh_gate_mask(g, o->area, s->v_scale);
    if (o->duration > 0)
        MS_TRY(ms_ionics_advance(s, m, o->duration, o->max_step, ctx, err));
    for (size_t c = 0; c < nc; c++)
        theta[c] = ms_ionics_theta(s, m, c);
fail:
    if (status)
        ms_error_prefix(err, "mesh gate");
    ms_ionics_state_destroy(s);
    return status;
}

int ms_mesh_cells_from_theta(ms_mesh *g, const ms_ionics_model *m, const double *theta,
                             double temperature, ms_error *err)
{
    const size_t nc = (size_t)g->nx * (size_t)g->ny;
    const double lz = g->nz * g->dz;
    for (size_t i = 0; i < g->n; i++) {
        if (!g->region[i])
            continue;
        ms_ionics_magnetic mag;
        const int status = ms_ionics_magnetic_params(m, theta[i % nc], -1.0, temperature, &mag, err);
        if (status)
            return status;
        const double f = mag.t_m > 0 ? mag.t_m / lz : 0.0;
        const double ms = mag.phi * mag.ms * f;
        g->ms[i] = ms > 0 ? ms : 0.0;
        g->ku1[i] = ms > 0 ? mag.k_u * f : 0.0;
        g->a_ex[i] = ms > 0 ? mag.a_ex * f : 0.0;
        g->alpha[i] = mag.alpha;
        g->dmi[i] = ms > 0 ? mag.dmi * f : 0.0;
        g->hebx[i] = mag.h_eb * g->ux[i];
        g->heby[i] = mag.h_eb * g->uy[i];
        g->hebz[i] = mag.h_eb * g->uz[i];
        g->phi_fm[i] = mag.phi;
    }
    return MS_OK;
}
