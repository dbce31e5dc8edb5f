/* demag — the Newell demagnetising tensor and the FFT convolution against closed forms:
 * a single cell's self-demag equals Aharoni's prism factors (computed independently), a uniformly
 * magnetised meshed cube has N = 1/3 per axis, a thin film has Nzz -> 1 (and equals the Aharoni
 * factor of the whole film), and the trace of the mean tensor is 1 (sum rule). */
#include <math.h>
#include <stdlib.h>
#include "common.h"
#include "metaspin/mesh.h"

/* Mean demag factor along axis c of a uniformly magnetised nx×ny×nz box of cells. */
static double box_factor(int nx, int ny, int nz, double dx, double dy, double dz, int c)
{
    ms_mesh *g = NULL;
    ms_demag_plan *p = NULL;
    ms_error err;
    if (ms_mesh_create(&g, nx, ny, nz, dx, dy, dz, &err) != MS_OK)
        return NAN;
    ms_mesh_fill(g, 1);
    ms_mesh_material mat = {.ms = 1.0, .axis = {0, 0, 1}};
    ms_mesh_material_set(g, 1, &mat, &err);
    if (ms_demag_plan_create(&p, g, 1, 0, NULL, &err) != MS_OK) {
        ms_mesh_destroy(g);
        return NAN;
    }
    const size_t n = g->n;
    double *m = calloc(3 * n, sizeof(double)), *h = calloc(3 * n, sizeof(double)), s = 0;
    for (size_t i = 0; i < n; i++)
        m[c * n + i] = 1.0;
    ms_demag_field_add(p, g->ms, m, h);
    for (size_t i = 0; i < n; i++)
        s -= h[c * n + i];
    free(m), free(h);
    ms_demag_plan_destroy(p);
    ms_mesh_destroy(g);
    return s / (double)n;
}

int main(void)
{
    int fail = 0;
    double t[6];
    ms_demag_newell(0, 0, 0, 3.90625e-9, 3.90625e-9, 3e-9, t);  /* SP4 cell */
    fail += ms_validate_report("mesh/demag/self_nzz_sp4_cell", t[2],
                               ms_demag_aharoni(3.90625e-9, 3.90625e-9, 3e-9), 1e-12);
    ms_demag_newell(0, 0, 0, 1e-9, 2e-9, 5e-9, t);
    fail += ms_validate_report("mesh/demag/self_nxx_1x2x5", t[0], ms_demag_aharoni(2e-9, 5e-9, 1e-9), 1e-12);
    fail += ms_validate_report("mesh/demag/self_trace", t[0] + t[1] + t[2], 1.0, 1e-12);
    for (int c = 0; c < 3; c++) {
        const char *name[3] = {"mesh/demag/cube_16_nxx", "mesh/demag/cube_16_nyy", "mesh/demag/cube_16_nzz"};
        fail += ms_validate_report(name[c], box_factor(16, 16, 16, 1e-9, 1e-9, 1e-9, c), 1.0 / 3.0, 1e-9);
    }
    const double nzz = box_factor(256, 256, 1, 2e-9, 2e-9, 0.5e-9, 2);
    fail += ms_validate_report("mesh/demag/film_512nm_x_0.5nm_nzz", nzz,
                               ms_demag_aharoni(512e-9, 512e-9, 0.5e-9), 1e-8);
    fail += ms_validate_report("mesh/demag/film_nzz_to_1", nzz, 1.0, 6e-3);
    const double tr = box_factor(40, 10, 3, 2e-9, 3e-9, 1e-9, 0) + box_factor(40, 10, 3, 2e-9, 3e-9, 1e-9, 1) +
                      box_factor(40, 10, 3, 2e-9, 3e-9, 1e-9, 2);
    fail += ms_validate_report("mesh/demag/box_sum_rule", tr, 1.0, 1e-8);
    return fail;
}
