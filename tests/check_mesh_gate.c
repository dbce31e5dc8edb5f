/* check_mesh_gate.c — magneto-ionic gating of a mesh (src/switching/mesh_gate.c):
 *   - without lateral exchange every column is an independent copy of the one-column ionics run:
 *     gated columns equal a run at the gate voltage, ungated ones a run at 0 V (the same backward
 *     Euler steps, so to round-off, 1e-12 relative);
 *   - lateral exchange moves coverage from gated to ungated neighbours (its conservation of ions is
 *     validation/ionics/conservation);
 *   - the cell maps follow the ionics constitutive map with the effective-medium thickness scaling
 *     of mesh_gate.h: Ms t, K_u t, A t and D t per area are those of the film of thickness t_m(θ), and
 *     H_k = 2 K_u/(μ0 φ Ms) is unchanged. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_const_mksa.h>
#include "metaspin/mesh_gate.h"

/* The default oxygen model (Pt/Co/GdOx) with a -2 V gate for the whole run. */
static void model(ms_ionics_model *m, double lateral)
{
    ms_ionics_model_default(m);
    m->gate = (ms_ionics_wave){.shape = MS_IONICS_WAVE_DC, .on = -2.0, .off = -2.0};
    m->cell_width = lateral;
}

/* A 6 x 5 x 1 mesh of 2 nm x 2 nm x 0.9 nm cells, all magnetic; region 2 = the columns x < 3. */
static ms_mesh *mesh_half_gated(void)
{
    ms_mesh *g = NULL;
    ms_error err;
    ck_assert_int_eq(ms_mesh_create(&g, 6, 5, 1, 2e-9, 2e-9, 0.9e-9, &err), 0);
    ms_mesh_fill(g, 1);
    for (size_t i = 0; i < g->n; i++) {
        g->region[i] = (i % 6) < 3 ? 2 : 1;
        g->uz[i] = 1.0;
    }
    return g;
}

/* θ of one column after `duration` at gate multiplier v_scale. */
static double one_column(const ms_ionics_model *m, double v_scale, double duration)
{
    ms_ionics_state *s = NULL;
    ms_error err;
    ck_assert_int_eq(ms_ionics_state_create(&s, m, 1, &err), 0);
    ms_ionics_state_reset(s, m);
    s->v_scale[0] = v_scale;
    ck_assert_int_eq(ms_ionics_advance(s, m, duration, 1.0, NULL, &err), 0);
    const double th = ms_ionics_theta(s, m, 0);
    ms_ionics_state_destroy(s);
    return th;
}

START_TEST(test_columns_independent)
{
    ms_ionics_model m;
    model(&m, 0.0);
    ms_mesh *g = mesh_half_gated();
    const ms_mesh_gate o = {.area = MS_MESH_GATE_REGION, .duration = 60.0, .max_step = 1.0, .temperature = 300};
    double theta[30], mask[30];
    ms_error err;
    ms_mesh_gate_mask(g, o.area, mask);
    ck_assert_int_eq(ms_mesh_gate_run(g, &m, &o, NULL, theta, &err), 0);
    const double on = one_column(&m, 1.0, 60.0), off = one_column(&m, 0.0, 60.0);
    ck_assert(on > off + 0.1);   /* the gate oxidises: the test can tell the two apart */
    for (size_t c = 0; c < 30; c++) {
        const double ref = c % 6 < 3 ? on : off;
        ck_assert_double_eq(mask[c], c % 6 < 3 ? 1.0 : 0.0);
        ck_assert_msg(fabs(theta[c] - ref) <= 1e-12 * fmax(ref, 1e-3), "column %zu: %.15g vs %.15g", c, theta[c], ref);
    }
    /* area = all gates every column */
    const ms_mesh_gate all = {.area = MS_MESH_GATE_ALL, .duration = 60.0, .max_step = 1.0, .temperature = 300};
    ck_assert_int_eq(ms_mesh_gate_run(g, &m, &all, NULL, theta, &err), 0);
    for (size_t c = 0; c < 30; c++)
        ck_assert(fabs(theta[c] - on) <= 1e-12 * on);
    ms_mesh_destroy(g);
}
END_TEST

START_TEST(test_lateral_spreads)
{
    ms_ionics_model m;
    model(&m, 2e-9);
    m.sp.barrier = 0.7 * GSL_CONST_MKSA_ELECTRON_VOLT;   /* faster hops: visible spreading in 20 s */
    ms_mesh *g = mesh_half_gated();
    const ms_mesh_gate o = {.area = MS_MESH_GATE_REGION, .duration = 20.0, .max_step = 0.5, .temperature = 300};
    double theta[30];
    ms_error err;
    ck_assert_int_eq(ms_mesh_gate_run(g, &m, &o, NULL, theta, &err), 0);
    const double off = one_column(&m, 0.0, 20.0);
    /* the ungated column next to the gate edge gains coverage; the far one much less */
    ck_assert(theta[3] > theta[5]);
    ck_assert(theta[3] > off);
    for (int y = 1; y < 5; y++)   /* rows are alike (the gate is uniform in y) */
        ck_assert(fabs(theta[6 * y + 3] - theta[3]) < 1e-9);
    ms_mesh_destroy(g);
}
END_TEST

START_TEST(test_cell_maps)
{
    ms_ionics_model m;
    model(&m, 0.0);
    m.dmi = (ms_ionics_table){.n = 1, .y = {0.8e-3}};   /* D = 0.8 mJ/m² at every θ */
    ms_mesh *g = mesh_half_gated();
    double theta[30];
    for (size_t c = 0; c < 30; c++)
        theta[c] = 0.2 + 0.06 * (double)c;   /* 0.2 .. 1.94 ML: in-plane, PMA, over-oxidised (thinned) */
    ms_error err;
    ck_assert_int_eq(ms_mesh_cells_from_theta(g, &m, theta, 300.0, &err), 0);
    const double lz = 0.9e-9, mu0 = GSL_CONST_MKSA_VACUUM_PERMEABILITY;
    for (size_t i = 0; i < g->n; i++) {
        ms_ionics_magnetic mag;
        ck_assert_int_eq(ms_ionics_magnetic_params(&m, theta[i], -1.0, 300.0, &mag, &err), 0);
        ck_assert(mag.t_m <= lz * (1 + 1e-12));
        const double rel = 1e-12;
        ck_assert(fabs(g->ms[i] * lz - mag.phi * mag.ms * mag.t_m) <= rel * mag.ms * mag.t_m);
        ck_assert(fabs(g->ku1[i] * lz - mag.k_u * mag.t_m) <= rel * fabs(mag.k_u) * mag.t_m + 1e-30);
        ck_assert(fabs(g->a_ex[i] * lz - mag.a_ex * mag.t_m) <= rel * mag.a_ex * mag.t_m);
        ck_assert(fabs(g->dmi[i] * lz - 0.8e-3 * mag.t_m) <= rel * 0.8e-3 * mag.t_m);   /* J/m per area */
        const double hk_cell = 2 * g->ku1[i] / (mu0 * g->ms[i]), hk = 2 * mag.k_u / (mu0 * mag.phi * mag.ms);
        ck_assert(fabs(hk_cell - hk) <= 1e-10 * fabs(hk));
        ck_assert_double_eq(g->alpha[i], mag.alpha);
        ck_assert_double_eq(g->phi_fm[i], mag.phi);
    }
    ck_assert(g->ms[29] < g->ms[0]);   /* over-oxidation thinned the last column */
    ms_mesh_destroy(g);
}
END_TEST

Suite *check_mesh_gate_suite(void)
{
    Suite *s = suite_create("mesh_gate");
    TCase *t = tcase_create("mesh_gate");
    tcase_set_timeout(t, 120);
    tcase_add_test(t, test_columns_independent);
    tcase_add_test(t, test_lateral_spreads);
    tcase_add_test(t, test_cell_maps);
    suite_add_tcase(s, t);
    return s;
}
