/* mesh_config.c — builds the mesh (geometry, material, optional second region, periodic images)
 * and the drive from a config loaded with ms_mesh_keys (mesh_keys.c).
 *
 * Geometry rule (docs/mesh.md): the magnet is the cells of the mesh.shapes painting (when given,
 * else those inside mesh.shape) AND non-zero in mesh.mask_file (when given; mesh.shape = box, the
 * default, is the whole box, so a mask alone decides). The painting starts from an empty mesh and
 * paints the entries in order: a cell whose centre is inside an entry's shape takes the entry's
 * region (1 = mesh.material, 2 = the mesh.region.* material, 0 = empty), later entries over earlier
 * ones, so one rule gives unions, holes and region-2 patches. Region 2 is then the magnet's cells
 * painted 2, inside mesh.region.shape OR marked 2 in a text mask; every other magnetic cell is
 * region 1 (mesh.material). A relative mask path given in the config file is taken relative to
 * that file's directory; given with --set, relative to the working directory. Mask formats: mask.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/memory.h"
#include "metaspin/mesh.h"

static void material_from(const ms_config *cfg, ms_mesh_material *mat)
{
    mat->ms = ms_config_get(cfg, "mesh.material.ms");
    mat->a_ex = ms_config_get(cfg, "mesh.material.a");
    mat->ku1 = ms_config_get(cfg, "mesh.material.k_u1");
    mat->ku2 = ms_config_get(cfg, "mesh.material.k_u2");
    ms_config_get_vector(cfg, "mesh.material.axis", mat->axis);
    mat->kc1 = ms_config_get(cfg, "mesh.material.k_c1");
    mat->dmi = ms_config_get(cfg, "mesh.material.dmi");
    mat->alpha = ms_config_get(cfg, "mesh.material.alpha");
    ms_config_get_vector(cfg, "mesh.material.exchange_bias", mat->h_eb);
    mat->phi_fm = ms_config_get(cfg, "mesh.material.phi_fm");
}

/* The shape of kind `name` (box|ellipse|disk) with centre c relative to the mesh centre and full
 * extents sz = [ax, ay, -] (a disk: diameter ax) in mesh coordinates. */
static void shape_at(const ms_mesh *g, const char *name, const double c[3], const double sz[3], ms_mesh_shape *sh)
{
    const int disk = strcmp(name, "disk") == 0;
    sh->kind = strcmp(name, "box") == 0 ? MS_SHAPE_BOX : MS_SHAPE_ELLIPSE;
    sh->cx = 0.5 * g->nx * g->dx + c[0], sh->cy = 0.5 * g->ny * g->dy + c[1];
    sh->a = sz[0], sh->b = disk ? sz[0] : sz[1];
}

/* The material of region 2: the base material with the mesh.region.* keys that are given. */
static void region_material(const ms_config *cfg, const ms_mesh_material *base, ms_mesh_material *mat)
{
    *mat = *base;
    if (ms_config_given(cfg, "mesh.region.ms")) mat->ms = ms_config_get(cfg, "mesh.region.ms");
    if (ms_config_given(cfg, "mesh.region.a")) mat->a_ex = ms_config_get(cfg, "mesh.region.a");
    if (ms_config_given(cfg, "mesh.region.k_u1")) mat->ku1 = ms_config_get(cfg, "mesh.region.k_u1");
    if (ms_config_given(cfg, "mesh.region.dmi")) mat->dmi = ms_config_get(cfg, "mesh.region.dmi");
    if (ms_config_given(cfg, "mesh.region.alpha")) mat->alpha = ms_config_get(cfg, "mesh.region.alpha");
    if (ms_config_given(cfg, "mesh.region.exchange_bias"))
        ms_config_get_vector(cfg, "mesh.region.exchange_bias", mat->h_eb);
}

/* Region 2 from mesh.region.shape, only where the magnet is (cells already in a region). */
static int region_shape_paint(const ms_config *cfg, ms_mesh *g, ms_error *err)
{
    const char *kind = ms_config_get_string(cfg, "mesh.region.shape");
    if (strcmp(kind, "none") == 0)
        return MS_OK;
    ms_mesh_shape sh;
    double c[3], sz[3];
    ms_config_get_vector(cfg, "mesh.region.center", c);
    ms_config_get_vector(cfg, "mesh.region.size", sz);
    shape_at(g, kind, c, sz, &sh);
    if (!(sh.a > 0 && sh.b > 0))
        return ms_config_error(cfg, err, "mesh.region.size", "needs positive extents");
    uint8_t *before = malloc(g->n);
    if (!before)
        return MS_ERROR(err, MS_ENOMEM, "mesh: out of memory");
    memcpy(before, g->region, g->n);
    const int status = ms_mesh_shape_add(g, &sh, 2, err);
    for (size_t i = 0; i < g->n; i++)
        if (before[i] == 0)
            g->region[i] = 0;
    free(before);
    return status;
}

/* mesh.mask_file: the magnet is mesh.shape AND the mask; a mask digit 2 makes the cell region 2. */
static int mask_apply(const ms_config *cfg, ms_mesh *g, ms_error *err)
{
    char path[4096];
    int status = ms_config_get_path(cfg, "mesh.mask_file", path, sizeof path, err);
    if (status != MS_OK)
        return status;
    uint8_t *mask = malloc(g->n);
    if (!mask)
        return MS_ERROR(err, MS_ENOMEM, "mesh: out of memory for the mask");
    status = ms_mesh_mask_read(g, path, 2, mask, err);
    if (status != MS_OK) {
        free(mask);
        ms_error_prefix(err, "%s: mesh.mask_file", ms_config_where(cfg, "mesh.mask_file"));
        return status;
    }
    for (size_t i = 0; i < g->n; i++)
        g->region[i] = g->region[i] && mask[i] ? (mask[i] > g->region[i] ? mask[i] : g->region[i]) : 0;
    free(mask);
    return MS_OK;
}

/* Entry i (from 1) of mesh.shapes: its shape in mesh coordinates and the region it paints. */
static int shapes_entry(const ms_config *cfg, const ms_mesh *g, size_t i, ms_mesh_shape *sh, int *region,
                        ms_error *err)
{
    char kind_key[64], center_key[64], size_key[64], region_key[64];
    snprintf(kind_key, sizeof kind_key, "mesh.shapes[%zu].kind", i);
    snprintf(center_key, sizeof center_key, "mesh.shapes[%zu].center", i);
    snprintf(size_key, sizeof size_key, "mesh.shapes[%zu].size", i);
    snprintf(region_key, sizeof region_key, "mesh.shapes[%zu].region", i);
    const char *kind = ms_config_get_string(cfg, kind_key);
    const int disk = strcmp(kind, "disk") == 0;
    double c[3], sz[3];
    ms_config_get_vector(cfg, center_key, c);
    ms_config_get_vector(cfg, size_key, sz);
    if (!(sz[0] > 0) || (!disk && !(sz[1] > 0)))
        return ms_config_error(cfg, err, size_key, "%s needs %s, got [%g, %g] m", kind,
                               disk ? "a positive diameter ax" : "positive extents ax and ay", sz[0], sz[1]);
    if (disk && sz[1] != 0 && sz[1] != sz[0])
        return ms_config_error(cfg, err, size_key, "a disk has one diameter ax = %g m, but ay = %g m (give "
                               "ay = 0 or ax, or kind = \"ellipse\")", sz[0], sz[1]);
    shape_at(g, kind, c, sz, sh);
    *region = (int)ms_config_get_int(cfg, region_key);
    return MS_OK;
}

/* mesh.shapes: the entries painted in order onto the empty mesh. */
static int shapes_paint(const ms_config *cfg, ms_mesh *g, ms_error *err)
{
    const size_t n = ms_config_get_count(cfg, "mesh.shapes");
    if (n == 0)
        return ms_config_error(cfg, err, "mesh.shapes", "an empty list paints no magnet (leave mesh.shapes out "
                               "to use mesh.shape)");
    for (size_t i = 1; i <= n; i++) {
        ms_mesh_shape sh;
        int region = 0, status = shapes_entry(cfg, g, i, &sh, &region, err);
        if (status == MS_OK)
            status = ms_mesh_shape_add(g, &sh, region, err);
        if (status != MS_OK)
            return status;
    }
    size_t painted = 0;
    for (size_t i = 0; i < g->n; i++)
        painted += g->region[i] != 0;
    if (painted == 0)
        return ms_config_error(cfg, err, "mesh.shapes", "the painting leaves no magnetic cell (a cell is inside a "
                               "shape when its centre is; cells are %g x %g m)", g->dx, g->dy);
    return MS_OK;
}

/* mesh.pbc: whole numbers of images per axis. */
static int pbc_from(const ms_config *cfg, ms_mesh *g, ms_error *err)
{
    double v[3];
    int images[3];
    ms_config_get_vector(cfg, "mesh.pbc", v);
    for (int k = 0; k < 3; k++) {
        if (v[k] != floor(v[k]))
            return ms_config_error(cfg, err, "mesh.pbc", "images must be whole numbers, got %g", v[k]);
        images[k] = (int)v[k];
    }
    return ms_mesh_pbc_set(g, images, err);
}

/* Regions 1 (mesh.shapes or mesh.shape, mask) and 2 (shapes painted 2, mesh.region.*, mask digit
 * 2) and their materials. */
static int geometry_from(const ms_config *cfg, ms_mesh *g, const ms_mesh_shape *sh,
                         const ms_mesh_material *mat, ms_error *err)
{
    int status = MS_OK;
    ms_mesh_material mat2;
    region_material(cfg, mat, &mat2);
    if (ms_config_given(cfg, "mesh.shapes"))
        MS_TRY(shapes_paint(cfg, g, err));
    else
        MS_TRY(ms_mesh_shape_add(g, sh, 1, err));
    MS_TRY(region_shape_paint(cfg, g, err));
    if (ms_config_get_string(cfg, "mesh.mask_file")[0])
        MS_TRY(mask_apply(cfg, g, err));
    MS_TRY(ms_mesh_material_set(g, 1, mat, err));
    MS_TRY(ms_mesh_material_set(g, 2, &mat2, err));
    MS_TRY(pbc_from(cfg, g, err));
fail:
    return status;
}

/* Peak working set of a mesh run, bytes (an estimate on the high side): per cell the 14 parameter
 * maps, the system's 16 arrays and up to 30 integrator arrays (RK45 stages); with demag the padded
 * grid (2n per dimension > 1) holds the 6 real kernel arrays while they are transformed, a copy, and
 * 6 spectra of half size: ~11 doubles per padded cell. */
static double mesh_memory(const ms_config *cfg, double nx, double ny, double nz)
{
    const double n = nx * ny * nz;
    double bytes = n * (14 + 16 + 30) * sizeof(double);
    if (ms_config_get_bool(cfg, "mesh.demag")) {
        double pbc[3];
        ms_config_get_vector(cfg, "mesh.pbc", pbc);
        const double px = nx > 1 && !pbc[0] ? 2 * nx : nx, py = ny > 1 && !pbc[1] ? 2 * ny : ny;
        const double pz = nz > 1 && !pbc[2] ? 2 * nz : nz;
        bytes += 11 * px * py * pz * sizeof(double);
    }
    return bytes;
}

int ms_mesh_from_config(ms_mesh **out, const ms_config *cfg, ms_error *err)
{
    *out = NULL;
    const int nx = (int)ms_config_get_int(cfg, "mesh.nx"), ny = (int)ms_config_get_int(cfg, "mesh.ny");
    const int nz = (int)ms_config_get_int(cfg, "mesh.nz");
    double L[3];
    ms_config_get_vector(cfg, "mesh.size", L);
    const char *shape = ms_config_get_string(cfg, "mesh.shape");
    if (ms_config_given(cfg, "mesh.shapes") && strcmp(shape, "box") != 0)
        return ms_config_error(cfg, err, "mesh.shapes", "states the magnet, and so does mesh.shape = \"%s\" (%s): "
                               "give one of them (mesh.shapes with mesh.shape = \"box\", the default)", shape,
                               ms_config_where(cfg, "mesh.shape"));
    if (strcmp(shape, "disk") == 0 && fabs(L[0] - L[1]) > 1e-9 * L[0])
        return ms_config_error(cfg, err, "mesh.shape", "a disk needs size Lx = Ly");
    ms_error mem = {0};
    char what[96];
    snprintf(what, sizeof what, "a %d x %d x %d mesh", nx, ny, nz);
    if (ms_memory_check(mesh_memory(cfg, nx, ny, nz), what, &mem))
        return ms_config_error(cfg, err, "mesh.nx", "%s", mem.message);
    ms_mesh *g;
    int status = ms_mesh_create(&g, nx, ny, nz, L[0] / nx, L[1] / ny, L[2] / nz, err);
    if (status != MS_OK)
        return status;
    ms_mesh_shape sh;  /* mesh.shape: inscribed in the box */
    const double centre[3] = {0, 0, 0};
    shape_at(g, shape, centre, L, &sh);
    ms_mesh_material mat;
    material_from(cfg, &mat);
    double c1[3], c2[3];
    ms_config_get_vector(cfg, "mesh.material.cubic_c1", c1);
    ms_config_get_vector(cfg, "mesh.material.cubic_c2", c2);
    const double n1 = sqrt(c1[0] * c1[0] + c1[1] * c1[1] + c1[2] * c1[2]);
    const double n2 = sqrt(c2[0] * c2[0] + c2[1] * c2[1] + c2[2] * c2[2]);
    const double dot = (c1[0] * c2[0] + c1[1] * c2[1] + c1[2] * c2[2]) / (n1 * n2);
    if (!(n1 > 0 && n2 > 0 && fabs(dot) < 1e-9)) {
        ms_mesh_destroy(g);
        return ms_config_error(cfg, err, "mesh.material.cubic_c2", "cubic axes must be orthogonal");
    }
    for (int k = 0; k < 3; k++)
        g->cubic_c1[k] = c1[k] / n1, g->cubic_c2[k] = c2[k] / n2;
    if ((status = geometry_from(cfg, g, &sh, &mat, err)) != MS_OK) {
        ms_mesh_destroy(g);
        return status;
    }
    if (ms_mesh_count(g) == 0) {
        ms_mesh_destroy(g);
        const char *mask = ms_config_get_string(cfg, "mesh.mask_file");
        if (mask[0])
            return ms_config_error(cfg, err, "mesh.mask_file", "mask \"%s\": no magnetic cell (inside "
                                   "%s, with Ms > 0)", mask,
                                   ms_config_given(cfg, "mesh.shapes") ? "the mesh.shapes painting" : "mesh.shape");
        return ms_config_error(cfg, err, "mesh.material.ms", "the mesh holds no magnetic cell");
    }
    *out = g;
    return MS_OK;
}

int ms_mm_drive_from_config(ms_mm_drive *d, const ms_config *cfg, ms_error *err)
{
    *d = (ms_mm_drive){0};
    const char *wave = ms_config_get_string(cfg, "mesh.field_wave");
    ms_waveform *w = &d->field.shape;
    w->kind = strcmp(wave, "pulse") == 0 ? MS_WAVE_PULSE : strcmp(wave, "sine") == 0 ? MS_WAVE_SINE : MS_WAVE_DC;
    w->amplitude = w->kind == MS_WAVE_DC ? 0.0 : 1.0; /* dc: the field is h_dc alone */
    w->start = ms_config_get(cfg, "mesh.field_start");
    w->width = ms_config_get(cfg, "mesh.field_width");
    w->frequency = ms_config_get(cfg, "mesh.field_frequency");
    ms_config_get_vector(cfg, "mesh.field", d->field.h_dc);
    ms_config_get_vector(cfg, "mesh.field_ac", d->field.h_ac);
    d->temperature = ms_config_get(cfg, "mesh.temperature");
    d->gamma0 = ms_config_get(cfg, "mesh.gamma");
    double L[3];
    ms_config_get_vector(cfg, "mesh.size", L);
    d->t_f = ms_config_get(cfg, "mesh.t_free") > 0 ? ms_config_get(cfg, "mesh.t_free") : L[2];
    d->stt_j = ms_config_get(cfg, "mesh.stt.j");
    ms_config_get_vector(cfg, "mesh.stt.p", d->stt_p);
    d->stt_eta = ms_config_get(cfg, "mesh.stt.eta");
    d->stt_beta = ms_config_get(cfg, "mesh.stt.beta");
    d->stt_angle = ms_config_get_bool(cfg, "mesh.stt.slonczewski");
    d->stt_pol = ms_config_get(cfg, "mesh.stt.polarisation");
    d->sot_j = ms_config_get(cfg, "mesh.sot.j");
    d->sot_theta = ms_config_get(cfg, "mesh.sot.theta_sh");
    d->sot_beta = ms_config_get(cfg, "mesh.sot.beta");
    ms_config_get_vector(cfg, "mesh.sot.sigma", d->sot_sigma);
    d->demag_off = !ms_config_get_bool(cfg, "mesh.demag");
    d->fft_measure = ms_config_get_bool(cfg, "mesh.fft_measure");
    d->fft_wisdom[0] = '\0';
    if (ms_config_get_string(cfg, "mesh.fft_wisdom")[0]) {
        int status = ms_config_get_path(cfg, "mesh.fft_wisdom", d->fft_wisdom, sizeof d->fft_wisdom, err);
        if (status != MS_OK)
            return status;
        if ((status = ms_demag_wisdom_check(d->fft_wisdom, err)) != MS_OK) {
            ms_error_prefix(err, "%s: mesh.fft_wisdom", ms_config_where(cfg, "mesh.fft_wisdom"));
            return status;
        }
    }
    double *pv[2] = {d->stt_p, d->sot_sigma};
    const char *pk[2] = {"mesh.stt.p", "mesh.sot.sigma"};
    for (int k = 0; k < 2; k++) {
        double *v = pv[k];
        const double r = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        if (!(r > 0))
            return ms_config_error(cfg, err, pk[k], "must be a non-zero vector");
        v[0] /= r, v[1] /= r, v[2] /= r;
    }
    return MS_OK;
}
