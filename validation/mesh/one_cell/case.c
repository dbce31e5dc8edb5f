/* one_cell — a one-cell mesh reproduces the macrospin solution at T = 0: exact damped precession
 * about a static field H ẑ (a cube cell: isotropic self-demag, no torque),
 *   φ(t) = γ0 H t/(1+α²),  m_z(t) = tanh(α γ0 H t/(1+α²) + atanh m_z0),
 * and the uniaxial-anisotropy switching of a cube under a reversing field below and above H_k
 * (the final state must be the one the Stoner–Wohlfarth energy predicts). */
#include <math.h>
#include "common.h"
#include "metaspin/mesh.h"

static ms_mm *cell(double H, double alpha, double ku, double mz0, ms_mesh **gout)
{
    ms_mesh *g = NULL;
    ms_mm *s = NULL;
    ms_error err;
    ms_mesh_create(&g, 1, 1, 1, 3e-9, 3e-9, 3e-9, &err);
    ms_mesh_fill(g, 1);
    ms_mesh_material mat = {.ms = 8e5, .a_ex = 1.3e-11, .ku1 = ku, .axis = {0, 0, 1}, .alpha = alpha};
    ms_mesh_material_set(g, 1, &mat, &err);
    ms_mm_drive d = {.gamma0 = 2.211e5, .field = {.h_dc = {0, 0, H}}};
    if (ms_mm_create(&s, g, &d, NULL, &err) != MS_OK)
        return NULL;
    const double v[3] = {sqrt(1 - mz0 * mz0), 0, mz0};
    ms_mm_m_uniform(s, v);
    *gout = g;
    return s;
}

int main(void)
{
    int fail = 0;
    const double H = 8e4, alpha = 0.05, g0 = 2.211e5, mz0 = -0.9, T = 2e-9;
    ms_mesh *g = NULL;
    ms_mm *s = cell(H, alpha, 0, mz0, &g);
    ms_rk45 *rk = NULL;
    ms_error err;
    ms_rk45_create(&rk, s, 1e-8, 1e-13, &err);
    ms_rk45_run(rk, T, NULL, NULL, &err);
    const double w = g0 * H / (1 + alpha * alpha), mz = tanh(alpha * w * T + atanh(mz0));
    const double *m = ms_mm_m(s);
    fail += ms_validate_report("mesh/one_cell/rk45_mz_2ns", m[2], mz, 1e-5);
    fail += ms_validate_report("mesh/one_cell/rk45_mx_2ns", m[0], sqrt(1 - mz * mz) * cos(w * T), 1e-5);
    ms_rk45_destroy(rk);
    ms_mm_destroy(s);
    ms_mesh_destroy(g);

    s = cell(H, alpha, 0, mz0, &g);
    ms_heun *hn = NULL;
    ms_heun_create(&hn, s, 5e-15, &err);
    ms_heun_run(hn, 1e-9, NULL, NULL, &err);
    const double mz1 = tanh(alpha * w * 1e-9 + atanh(mz0));
    fail += ms_validate_report("mesh/one_cell/heun_mz_1ns", ms_mm_m(s)[2], mz1, 1e-5);
    ms_heun_destroy(hn);
    ms_mm_destroy(s);
    ms_mesh_destroy(g);

    /* Uniaxial K, field antiparallel: switches above H_k = 2K/(μ0 Ms), stays below. */
    const double K = 1e5, Hk = 2 * K / (4e-7 * M_PI * 8e5);
    const double fields[2] = {-0.9 * Hk, -1.1 * Hk}, expect[2] = {1.0, -1.0};
    const char *names[2] = {"mesh/one_cell/sw_below_hk_mz", "mesh/one_cell/sw_above_hk_mz"};
    for (int k = 0; k < 2; k++) {
        s = cell(fields[k], 0.5, K, cos(0.05), &g);
        ms_rk45_create(&rk, s, 1e-6, 1e-13, &err);
        ms_rk45_run(rk, 5e-9, NULL, NULL, &err);
        fail += ms_validate_report(names[k], ms_mm_m(s)[2], expect[k], 1e-3);
        ms_rk45_destroy(rk);
        ms_mm_destroy(s);
        ms_mesh_destroy(g);
    }
    return fail;
}
