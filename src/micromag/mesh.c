/* mesh.c — the finite-difference mesh: grid, geometry masks (boxes and ellipses/disks in the xy
 * plane painted one after the other: repeated adds form unions, a later shape paints over an
 * earlier one, region 0 cuts holes; mask files are read in mask.c), per-cell parameter maps filled
 * region by region, and the periodic boundary conditions (images per axis).
 *
 * A cell belongs to a shape when its centre ((ix + ½) dx, (iy + ½) dy) lies inside. The maps are
 * plain arrays so that other modules (ionics) can write them cell by cell; the system recomputes
 * its derived coefficients in ms_mm_params_update(). Physics of the maps: PHYSICS.md §2. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/mesh.h"

enum { MESH_MAPS = 15 };

static double **mesh_map(ms_mesh *m, int k)
{
    double **maps[MESH_MAPS] = {&m->ms, &m->a_ex, &m->ku1, &m->ku2, &m->ux, &m->uy, &m->uz,
                                &m->kc1, &m->dmi, &m->alpha, &m->hebx, &m->heby, &m->hebz,
                                &m->phi_fm, NULL};
    return maps[k];
}

int ms_mesh_create(ms_mesh **out, int nx, int ny, int nz, double dx, double dy, double dz,
                   ms_error *err)
{
    *out = NULL;
    if (nx < 1 || ny < 1 || nz < 1)
        return MS_ERROR(err, MS_EINPUT, "mesh: cell counts must be >= 1, got %d x %d x %d", nx, ny, nz);
    if (!(dx > 0 && dy > 0 && dz > 0))
        return MS_ERROR(err, MS_EINPUT, "mesh: cell size must be positive");
    ms_mesh *m = calloc(1, sizeof *m);
    if (!m)
        return MS_ERROR(err, MS_ENOMEM, "mesh: out of memory");
    m->nx = nx, m->ny = ny, m->nz = nz;
    m->n = (size_t)nx * (size_t)ny * (size_t)nz;
    m->dx = dx, m->dy = dy, m->dz = dz;
    m->region = calloc(m->n, 1);
    int ok = m->region != NULL;
    for (int k = 0; k < MESH_MAPS - 1; k++) {
        double **p = mesh_map(m, k);
        *p = calloc(m->n, sizeof(double));
        ok = ok && *p;
    }
    if (!ok) {
        ms_mesh_destroy(m);
        return MS_ERROR(err, MS_ENOMEM, "mesh: out of memory for %zu cells", (size_t)nx * ny * nz);
    }
    m->cubic_c1[0] = 1.0;
    m->cubic_c2[1] = 1.0;
    *out = m;
    return MS_OK;
}

void ms_mesh_destroy(ms_mesh *mesh)
{
    if (!mesh)
        return;
    for (int k = 0; k < MESH_MAPS - 1; k++)
        free(*mesh_map(mesh, k));
    free(mesh->region);
    free(mesh);
}

static int shape_contains(const ms_mesh_shape *s, double x, double y)
{
    const double u = (x - s->cx) / (0.5 * s->a), v = (y - s->cy) / (0.5 * s->b);
    if (s->kind == MS_SHAPE_BOX)
        return fabs(u) <= 1.0 && fabs(v) <= 1.0;
    return u * u + v * v <= 1.0;
}

int ms_mesh_shape_add(ms_mesh *mesh, const ms_mesh_shape *shape, int region, ms_error *err)
{
    if (region < 0 || region > 255)
        return MS_ERROR(err, MS_EINPUT, "mesh: region id must be in [0, 255], got %d", region);
    if (!(shape->a > 0 && shape->b > 0))
        return MS_ERROR(err, MS_EINPUT, "mesh: shape extent must be positive");
    for (int iz = 0; iz < mesh->nz; iz++)
        for (int iy = 0; iy < mesh->ny; iy++)
            for (int ix = 0; ix < mesh->nx; ix++)
                if (shape_contains(shape, (ix + 0.5) * mesh->dx, (iy + 0.5) * mesh->dy))
                    mesh->region[ix + (size_t)mesh->nx * (iy + (size_t)mesh->ny * iz)] = (uint8_t)region;
    return MS_OK;
}

void ms_mesh_fill(ms_mesh *mesh, int region)
{
    memset(mesh->region, region, mesh->n);
}

int ms_mesh_material_set(ms_mesh *mesh, int region, const ms_mesh_material *mat, ms_error *err)
{
    if (!(mat->ms >= 0 && mat->a_ex >= 0 && mat->alpha >= 0))
        return MS_ERROR(err, MS_EINPUT, "mesh: material needs Ms >= 0, A >= 0, alpha >= 0");
    double u[3] = {mat->axis[0], mat->axis[1], mat->axis[2]};
    const double un = sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
    if (!(un > 0))
        return MS_ERROR(err, MS_EINPUT, "mesh: anisotropy axis must be non-zero");
    for (size_t i = 0; i < mesh->n; i++) {
        if (mesh->region[i] != region)
            continue;
        mesh->ms[i] = mat->ms, mesh->a_ex[i] = mat->a_ex;
        mesh->ku1[i] = mat->ku1, mesh->ku2[i] = mat->ku2, mesh->kc1[i] = mat->kc1;
        mesh->ux[i] = u[0] / un, mesh->uy[i] = u[1] / un, mesh->uz[i] = u[2] / un;
        mesh->dmi[i] = mat->dmi, mesh->alpha[i] = mat->alpha, mesh->phi_fm[i] = mat->phi_fm;
        mesh->hebx[i] = mat->h_eb[0], mesh->heby[i] = mat->h_eb[1], mesh->hebz[i] = mat->h_eb[2];
    }
    return MS_OK;
}

size_t ms_mesh_count(const ms_mesh *mesh)
{
    size_t c = 0;
    for (size_t i = 0; i < mesh->n; i++)
        c += mesh->ms[i] > 0;
    return c;
}

int ms_mesh_pbc_set(ms_mesh *mesh, const int images[3], ms_error *err)
{
    for (int k = 0; k < 3; k++)
        if (images[k] < 0)
            return MS_ERROR(err, MS_EINPUT, "mesh: periodic images along %c must be >= 0, got %d",
                            'x' + k, images[k]);
    for (int k = 0; k < 3; k++)
        mesh->pbc[k] = images[k];
    return MS_OK;
}
