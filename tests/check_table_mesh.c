/* check_table_mesh.c — tests of the mesh engine of device-table generation (table.engine = "mesh",
 * src/switching/engine_mesh.c).
 *
 * References: (1) a one-cell mesh is the macrospin (PHYSICS.md §2: "a one-cell mesh must reproduce
 * the macrospin solver for the same parameters"; validation/mesh/one_cell compares the two
 * deterministically): a one-cell mesh table and a macrospin table of the same box-shaped device
 * (the cell's Newell self-demag equals the box demag factors of the macrospin) agree point by
 * point within the combined Wilson 95 % intervals (|ΔP| ≤ hw_mesh + hw_macrospin, the intervals
 * overlap), and χ² = Σ ΔP²/(σ_mesh² + σ_macrospin²) over the points stays below the 99.9 %
 * quantile of χ² with that many degrees of freedom, in the thermally activated field-driven
 * regime where P is neither 0 nor 1 (at 1000 trials per point the two engines differ by
 * 0.002–0.019 at P ≈ 0.3 and 0.56); (2) the records of a small
 * multi-cell table (STT drive, thermalisation, adaptive N) are bitwise identical for 1 and 2
 * threads (per-(seed, point, trial, cell) streams); (3) P rises with the amplitude within the
 * combined half-widths on a tiny 4 × 4 disk table; (4) drives and shapes the mesh cannot do fail
 * with MS_EUNSUPPORTED; (5) the hidden state maps onto the mesh as onto the macrospin device
 * (configs/table-mesh-disk.cfg: θ → φMs, K_u, α, t_m = mesh thickness, A(θ) of the ionics map; the
 * 50 nm disk inscribed in 8 × 8 cells keeps 52 of them) and K_u2 converts to the mesh's form. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "metaspin/config.h"
#include "metaspin/ctx.h"
#include "metaspin/sweep.h"
#include "metaspin/tablegen.h"
#include "switching/engine_mesh.h"
#include "testutil.h"

/* Box 20 × 20 × 2 nm, Δ = 10 at 300 K (μ0 H_k ≈ 94 mT), α = 0.5, 1 ns field pulses along u at
 * h ≈ 0.6 and 0.75: thermally assisted reversal with P ≈ 0.3–0.55 (macrospin). One cell: the
 * mesh is the macrospin. */
static const char *ONE_CELL_CFG =
    "device = { ms = \"1.1 MA/m\"; geometry = \"box\"; size = [\"20 nm\", \"20 nm\", \"2 nm\"]; alpha = 0.5; };\n"
    "solver = { dt = \"2 ps\"; };\n"
    "table = { hidden = \"delta\"; delta = [10.0]; kind = \"field\"; field = [\"55 mT\", \"70 mT\"];\n"
    "  width = [\"1 ns\"]; temperature = [\"300 K\"]; trials = 80; max_trials = 160; halfwidth = 0.0;\n"
    "  model_cutoff = 0; pulse = { relax = \"0.3 ns\"; rise = \"0.05 ns\"; fall = \"0.05 ns\"; };\n"
    "  mesh = { nx = 1; ny = 1; nz = 1; thermalise = \"0 s\"; }; };\n";

/* A 2 × 2 cell 20 nm PMA box, STT with p ∥ z, thermalised start, adaptive N. */
static const char *SMALL_CFG =
    "device = { ms = \"1.1 MA/m\"; geometry = \"box\"; size = [\"20 nm\", \"20 nm\", \"1.5 nm\"]; alpha = 0.1;\n"
    "  stt = { model = \"constant\"; eta = 0.5; p = [0, 0, 1]; }; };\n"
    "solver = { dt = \"1 ps\"; };\n"
    "table = { engine = \"mesh\"; hidden = \"delta\"; delta = [12.0]; kind = \"current_density\";\n"
    "  current_density = [\"1e11 A/m^2\", \"3e11 A/m^2\"]; width = [\"0.5 ns\"]; temperature = [\"300 K\"];\n"
    "  trials = 8; max_trials = 16; halfwidth = 0.2; model_cutoff = 0;\n"
    "  pulse = { delay = \"0.05 ns\"; relax = \"0.2 ns\"; rise = \"0.05 ns\"; fall = \"0.05 ns\"; };\n"
    "  mesh = { nx = 2; ny = 2; nz = 1; thermalise = \"0.05 ns\"; }; };\n";

/* A 4 × 4 cell 30 nm PMA disk under field pulses of rising amplitude. */
static const char *DISK_CFG =
    "device = { ms = \"1.0 MA/m\"; geometry = \"disk\"; size = [\"30 nm\", \"30 nm\", \"1.5 nm\"]; alpha = 0.2; };\n"
    "solver = { dt = \"1 ps\"; };\n"
    "table = { engine = \"mesh\"; hidden = \"k_u\"; k_u = [\"0.63 MJ/m^3\"]; kind = \"field\";\n"
    "  field = [\"120 mT\", \"220 mT\", \"320 mT\"]; width = [\"0.5 ns\"]; temperature = [\"300 K\"];\n"
    "  trials = 24; max_trials = 24; halfwidth = 0.0; model_cutoff = 0;\n"
    "  pulse = { relax = \"0.2 ns\"; rise = \"0.05 ns\"; fall = \"0.05 ns\"; };\n"
    "  mesh = { nx = 4; ny = 4; nz = 1; exchange = \"15 pJ/m\"; thermalise = \"0.05 ns\"; }; };\n";

static char cfg_path[64];

static int load_spec(const char *text, ms_tablegen_spec *spec, const char *const *sets, int n_sets, ms_error *err)
{
    ms_config *cfg = NULL;
    snprintf(cfg_path, sizeof cfg_path, "/tmp/check_table_mesh_%d.cfg", (int)getpid());
    FILE *f = fopen(cfg_path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    int st = ms_config_load(&cfg, cfg_path, sets, n_sets, ms_tablegen_schemas, err);
    ck_assert_msg(st == 0, "%s", err->message);
    st = ms_tablegen_spec_from_config(cfg, spec, err);
    ms_config_destroy(cfg);
    remove(cfg_path);
    return st;
}

/* Run every point of the table in process; records [n][MS_TABLEGEN_RECORD] (caller frees). */
static double *run_table(const ms_tablegen_spec *spec, int threads, uint64_t seed)
{
    ms_ctx *ctx = ms_ctx_create(seed, threads);
    const size_t n = ms_tablegen_spec_points(spec);
    double *rec = malloc(n * MS_TABLEGEN_RECORD * sizeof *rec);
    uint8_t *done = malloc(n);
    const ms_table_job all = {0};
    ms_error err;
    int root;
    const int st = ms_sweep_table_run(spec, &all, ctx, rec, done, &root, &err);
    ck_assert_msg(st == 0, "%s", err.message);
    free(done);
    ms_ctx_destroy(ctx);
    return rec;
}

static double half_width(const double *r)
{
    return 0.5 * (r[MS_TABLEGEN_CI_HI] - r[MS_TABLEGEN_CI_LO]);
}

START_TEST(test_one_cell_matches_macrospin)
{
    ms_tablegen_spec *mesh = malloc(sizeof *mesh), *macro = malloc(sizeof *macro);
    ms_error err;
    static const char *quick[] = {"table.trials=40", "table.max_trials=80"};
    static const char *engine[] = {"table.engine=\"mesh\"", "table.trials=40", "table.max_trials=80"};
    const int q = ms_test_quick();
    ck_assert_int_eq(load_spec(ONE_CELL_CFG, macro, quick, q ? 2 : 0, &err), 0);
    ck_assert_int_eq(load_spec(ONE_CELL_CFG, mesh, engine, q ? 3 : 1, &err), 0);
    double *a = run_table(mesh, 2, 21), *b = run_table(macro, 2, 21);
    const size_t n = ms_tablegen_spec_points(mesh);
    static const double chi2_999[] = {10.83, 13.82, 16.27, 18.47}; /* 99.9 % quantiles, 1-4 dof */
    double chi2 = 0;
    for (size_t p = 0; p < n; p++) {
        const double *ra = a + p * MS_TABLEGEN_RECORD, *rb = b + p * MS_TABLEGEN_RECORD;
        const double d = ra[MS_TABLEGEN_P] - rb[MS_TABLEGEN_P], ha = half_width(ra), hb = half_width(rb);
        ck_assert_msg(fabs(d) <= ha + hb, "point %zu: mesh P = %g (n %g), macrospin P = %g (n %g), |dP| > %g", p,
                      ra[MS_TABLEGEN_P], ra[MS_TABLEGEN_N], rb[MS_TABLEGEN_P], rb[MS_TABLEGEN_N], ha + hb);
        ck_assert_double_eq(ra[MS_TABLEGEN_SOURCE], 0.0);
        chi2 += d * d * 1.96 * 1.96 / (ha * ha + hb * hb);
        /* the comparison is not trivial: every point has switched and unswitched trials */
        ck_assert(rb[MS_TABLEGEN_P] > 0.02 && rb[MS_TABLEGEN_P] < 0.98);
    }
    ck_assert_uint_le(n, 4);
    ck_assert_msg(chi2 < chi2_999[n - 1], "chi2 = %g over %zu points", chi2, n);
    free(a), free(b), free(mesh), free(macro);
}
END_TEST

/* Records equal bitwise (NaN == NaN). */
static void assert_same(const double *a, const double *b, size_t n)
{
    for (size_t p = 0; p < n; p++)
        for (int f = 0; f < MS_TABLEGEN_RECORD; f++) {
            const double x = a[p * MS_TABLEGEN_RECORD + f], y = b[p * MS_TABLEGEN_RECORD + f];
            ck_assert_msg((isnan(x) && isnan(y)) || memcmp(&x, &y, sizeof x) == 0, "point %zu field %d: %.17g vs %.17g",
                          p, f, x, y);
        }
}

START_TEST(test_threads_bitwise)
{
    ms_tablegen_spec *s = malloc(sizeof *s);
    ms_error err;
    ck_assert_int_eq(load_spec(SMALL_CFG, s, NULL, 0, &err), 0);
    double *a = run_table(s, 1, 7), *b = run_table(s, 2, 7);
    const size_t n = ms_tablegen_spec_points(s);
    assert_same(a, b, n);
    double sum = 0;
    for (size_t p = 0; p < n; p++)
        sum += a[p * MS_TABLEGEN_RECORD + MS_TABLEGEN_P];
    ck_assert(sum > 0.1 && sum < n - 0.1); /* not a trivial table */
    free(a), free(b), free(s);
}
END_TEST

START_TEST(test_monotone_in_amplitude)
{
    ms_tablegen_spec *s = malloc(sizeof *s);
    ms_error err;
    ck_assert_int_eq(load_spec(DISK_CFG, s, NULL, 0, &err), 0);
    double *a = run_table(s, 2, 5);
    for (int dir = 0; dir < 2; dir++) {
        const double *lo = a + (size_t)dir * MS_TABLEGEN_RECORD;                    /* ia = 0 */
        const double *hi = a + (size_t)(2 * (s->na - 1) + dir) * MS_TABLEGEN_RECORD; /* ia = na − 1 */
        ck_assert_msg(hi[MS_TABLEGEN_P] > lo[MS_TABLEGEN_P],
                      "direction %d: P %g at the largest field, %g at the smallest", dir, hi[MS_TABLEGEN_P],
                      lo[MS_TABLEGEN_P]);
        for (size_t ia = 1; ia < s->na; ia++) {
            const double *r0 = a + ((ia - 1) * 2 + (size_t)dir) * MS_TABLEGEN_RECORD;
            const double *r1 = a + (ia * 2 + (size_t)dir) * MS_TABLEGEN_RECORD;
            const double tol = sqrt(half_width(r0) * half_width(r0) + half_width(r1) * half_width(r1));
            ck_assert_msg(r1[MS_TABLEGEN_P] >= r0[MS_TABLEGEN_P] - tol, "direction %d, amplitude %zu: P %g < %g - %g",
                          dir, ia, r1[MS_TABLEGEN_P], r0[MS_TABLEGEN_P], tol);
        }
    }
    free(a), free(s);
}
END_TEST

START_TEST(test_unsupported)
{
    ms_tablegen_spec *s = malloc(sizeof *s);
    ms_error err;
    static const char *voltage[] = {"table.kind=\"voltage\"", "device.vcma.xi=50e-15"};
    ck_assert_int_eq(load_spec(SMALL_CFG, s, voltage, 2, &err), MS_EUNSUPPORTED);
    ck_assert_msg(strstr(err.message, "table.kind") && strstr(err.message, "VCMA"), "%s", err.message);
    static const char *given[] = {"device.geometry=\"given\"", "device.volume=1e-24"};
    ck_assert_int_eq(load_spec(SMALL_CFG, s, given, 2, &err), MS_EUNSUPPORTED);
    ck_assert_msg(strstr(err.message, "given"), "%s", err.message);
    static const char *variation[] = {"device.variation.ms=0.05"};
    ck_assert_int_eq(load_spec(SMALL_CFG, s, variation, 1, &err), MS_EUNSUPPORTED);
    free(s);
}
END_TEST

START_TEST(test_hidden_state_mapping)
{
    ms_tablegen_spec *s = malloc(sizeof *s);
    ms_config *cfg = NULL;
    ms_error err;
    int st = ms_config_load(&cfg, "../configs/table-mesh-disk.cfg", NULL, 0, ms_tablegen_schemas, &err);
    ck_assert_msg(st == 0, "%s", err.message);
    ck_assert_int_eq(ms_tablegen_spec_from_config(cfg, s, &err), 0);
    ms_config_destroy(cfg);
    ck_assert_int_eq(s->engine, MS_TABLEGEN_ENGINE_MESH);
    ms_ctx *ctx = ms_ctx_create(1, 1);
    ms_engine_mesh *em;
    ck_assert_int_eq(ms_engine_mesh_create(&em, s, 4, ctx, &err), 0);
    for (size_t ih = 0; ih < s->nh; ih++) {
        const size_t p = ih * s->na * s->nw * s->nt * 2 + 1; /* ia = iw = it = 0, to_minus */
        const ms_mesh *g;
        ms_mm_drive d;
        ms_macrospin_device dev;
        ms_ionics_magnetic mag;
        ck_assert_int_eq(ms_engine_mesh_point_get(em, p, &g, &d, &err), 0);
        ck_assert_int_eq(ms_tablegen_point_device(s, p, &dev, &err), 0);
        ck_assert_int_eq(ms_ionics_magnetic_params(&s->ionics, s->h[ih], -1.0, s->temperature[0], &mag, &err), 0);
        ck_assert_uint_eq(ms_mesh_count(g), 52);
        ck_assert_double_eq_tol(g->nx * g->dx, s->ionics.diameter, 1e-15);
        ck_assert_double_eq_tol(g->nz * g->dz, mag.t_m, 1e-15);
        for (size_t i = 0; i < g->n; i++) {
            if (!(g->ms[i] > 0))
                continue;
            ck_assert_double_eq(g->ms[i], dev.ms);
            ck_assert_double_eq_tol(g->ms[i], mag.phi * mag.ms, 1e-9 * mag.ms);
            ck_assert_double_eq(g->ku1[i], mag.k_u);
            ck_assert_double_eq(g->alpha[i], mag.alpha);
            ck_assert_double_eq(g->a_ex[i], mag.a_ex);
            ck_assert_double_eq(g->uz[i], 1.0);
        }
        ck_assert_double_eq(d.t_f, mag.t_m);
        ck_assert_double_eq(d.temperature, s->temperature[0]);
        ck_assert_double_eq_tol(d.gamma0, 1.25663706212e-6 * 1.760859e11, 1e-6 * d.gamma0);
    }
    ms_engine_mesh_destroy(em);
    /* K_u2: E = K1 sin² + K2 sin⁴ (macrospin) = −(K1 + 2 K2) cos² + K2 cos⁴ + const (mesh) */
    static const char *k2[] = {"device.k_u2=2e4"};
    ck_assert_int_eq(load_spec(SMALL_CFG, s, k2, 1, &err), 0);
    ck_assert_int_eq(ms_engine_mesh_create(&em, s, 4, ctx, &err), 0);
    const ms_mesh *g;
    ms_mm_drive d;
    ms_macrospin_device dev;
    ck_assert_int_eq(ms_engine_mesh_point_get(em, 0, &g, &d, &err), 0);
    ck_assert_int_eq(ms_tablegen_point_device(s, 0, &dev, &err), 0);
    ck_assert_uint_eq(ms_mesh_count(g), 4);
    ck_assert_double_eq(g->ku1[0], dev.k_u1 + 4e4);
    ck_assert_double_eq(g->ku2[0], -2e4);
    ms_engine_mesh_destroy(em);
    ms_ctx_destroy(ctx);
    free(s);
}
END_TEST

Suite *check_table_mesh_suite(void)
{
    Suite *s = suite_create("table_mesh");
    TCase *t = tcase_create("table_mesh");
    tcase_set_timeout(t, 120);
    tcase_add_test(t, test_one_cell_matches_macrospin);
    tcase_add_test(t, test_threads_bitwise);
    tcase_add_test(t, test_monotone_in_amplitude);
    tcase_add_test(t, test_unsupported);
    tcase_add_test(t, test_hidden_state_mapping);
    suite_add_tcase(s, t);
    return s;
}
