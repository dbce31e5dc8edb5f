/* check_sweep.c — tests of parameter sweeps and the work runner (sweep.h).
 *
 * Sweep points: value lists with units, linspace, grid order (row-major over the axes), zipped
 * lists, Latin hypercube (every stratum of every axis hit exactly once, inside the range);
 * override strings that re-load to the same SI value; unsupported (vector) keys refused with
 * MS_EUNSUPPORTED. Merit sweep: Δ per point equals K_eff V/(kB T) of the swept device (analytic,
 * disk demag factors from the macrospin module), J_c0 = 4 e α K_eff t_F/(ħ η) (PHYSICS.md §1),
 * and --part 0/2 + 1/2 reproduce the single run bitwise. Checkpoint files round-trip and refuse a
 * foreign fingerprint. */
#include <check.h>
#include <gsl/gsl_const_mksa.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "metaspin/config.h"
#include "metaspin/ctx.h"
#include "metaspin/sweep.h"
#include "metaspin/tablegen.h"
#include "testutil.h"

static const char *BASE =
    "device = { ms = \"1.1 MA/m\"; geometry = \"disk\"; size = [\"40 nm\", \"40 nm\", \"1.3 nm\"];\n"
    "  alpha = 0.05; t_free = \"1.3 nm\"; stt = { model = \"constant\"; eta = 0.5; p = [0, 0, 1]; }; };\n"
    "solver = { dt = \"1 ps\"; };\n"
    "table = { hidden = \"k_u\"; k_u = [\"0.9 MJ/m^3\", \"1.0 MJ/m^3\"]; kind = \"current_density\";\n"
    "  current_density = [\"2e11 A/m^2\"]; width = [\"0.5 ns\", \"1 ns\", \"2 ns\"];\n"
    "  temperature = [\"300 K\"]; trials = 32; max_trials = 32; halfwidth = 0.0;\n"
    "  pulse = { relax = \"0.3 ns\"; }; };\n";

static char path[64];

static const char *write_cfg(const char *sweep)
{
    snprintf(path, sizeof path, "/tmp/check_sweep_%d.cfg", (int)getpid());
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(BASE, f);
    fputs(sweep, f);
    fclose(f);
    return path;
}

static ms_sweep *make(const char *sweep, ms_config **cfg_out, int expect)
{
    ms_config *cfg = NULL;
    ms_sweep *s = NULL;
    ms_error err;
    int st = ms_config_load(&cfg, write_cfg(sweep), NULL, 0, ms_sweep_schemas, &err);
    ck_assert_msg(st == 0, "%s", err.message);
    st = ms_sweep_create(&s, cfg, ms_sweep_schemas, 9, &err);
    ck_assert_msg(st == expect, "status %d: %s", st, err.message);
    if (cfg_out)
        *cfg_out = cfg;
    else
        ms_config_destroy(cfg);
    return s;
}

START_TEST(test_grid_and_list)
{
    ms_sweep *s = make("sweep = { mode = \"grid\"; axis1 = { key = \"device.alpha\"; values = \"0.01, 0.02\"; };\n"
                       "  axis2 = { key = \"device.ms\"; values = \"linspace(1 MA/m, 1.2 MA/m, 3)\"; }; };\n",
                       NULL, 0);
    ck_assert_uint_eq(s->n_points, 6);
    ck_assert_uint_eq(s->n_axes, 2);
    /* row-major: axis 2 runs fastest */
    ck_assert_double_eq_tol(s->points[0 * 2 + 0], 0.01, 1e-15);
    ck_assert_double_eq_tol(s->points[0 * 2 + 1], 1.0e6, 1e-6);
    ck_assert_double_eq_tol(s->points[1 * 2 + 1], 1.1e6, 1e-6);
    ck_assert_double_eq_tol(s->points[3 * 2 + 0], 0.02, 1e-15);
    ck_assert_double_eq_tol(s->points[5 * 2 + 1], 1.2e6, 1e-6);
    char buf[MS_SWEEP_MAX_AXES][128];
    const char *ov[MS_SWEEP_MAX_AXES];
    ms_sweep_overrides(s, 4, buf, ov);
    ms_config *cfg;
    ms_error err;
    ck_assert_int_eq(ms_config_load(&cfg, path, ov, 2, ms_sweep_schemas, &err), 0);
    ck_assert_double_eq(ms_config_get(cfg, "device.alpha"), s->points[4 * 2 + 0]);
    ck_assert_double_eq(ms_config_get(cfg, "device.ms"), s->points[4 * 2 + 1]);
    ms_config_destroy(cfg);
    ms_sweep_destroy(s);
    s = make("sweep = { mode = \"list\"; axis1 = { key = \"device.alpha\"; values = \"0.01, 0.02, 0.03\"; };\n"
             "  axis2 = { key = \"ionics.magnet.thickness\"; values = \"1 nm, 2 nm, 3 nm\"; }; };\n", NULL, 0);
    ck_assert_uint_eq(s->n_points, 3);
    ck_assert_double_eq_tol(s->points[2 * 2 + 1], 3e-9, 1e-20);
    ms_sweep_destroy(s);
    /* wrong unit, vector key, unequal list lengths */
    make("sweep = { axis1 = { key = \"device.alpha\"; values = \"1 nm\"; }; };\n", NULL, MS_EINPUT);
    make("sweep = { axis1 = { key = \"device.size\"; values = \"1 nm\"; }; };\n", NULL, MS_EUNSUPPORTED);
    make("sweep = { mode = \"list\"; axis1 = { key = \"device.alpha\"; values = \"0.1, 0.2\"; };\n"
         "  axis2 = { key = \"device.ms\"; values = \"1 MA/m\"; }; };\n", NULL, MS_EINPUT);
    remove(path);
}
END_TEST

START_TEST(test_lhs)
{
    ms_sweep *s = make("sweep = { mode = \"lhs\"; samples = 20;\n"
                       "  axis1 = { key = \"device.alpha\"; values = \"range(0.01, 0.03)\"; };\n"
                       "  axis2 = { key = \"device.ms\"; values = \"logrange(0.5 MA/m, 2 MA/m)\"; }; };\n",
                       NULL, 0);
    ck_assert_uint_eq(s->n_points, 20);
    int hit[2][20] = {{0}};
    for (size_t i = 0; i < 20; i++) {
        const double a = s->points[i * 2], m = s->points[i * 2 + 1];
        ck_assert(a >= 0.01 && a <= 0.03 && m >= 0.5e6 && m <= 2e6);
        hit[0][(int)((a - 0.01) / 0.02 * 20)]++;
        hit[1][(int)(log(m / 0.5e6) / log(4.0) * 20)]++;
    }
    for (int k = 0; k < 20; k++)
        ck_assert(hit[0][k] == 1 && hit[1][k] == 1);
    ms_sweep_destroy(s);
    remove(path);
}
END_TEST

START_TEST(test_merit_sweep)
{
    ms_config *cfg;
    ms_sweep *s = make("sweep = { axis1 = { key = \"device.ms\"; values = \"1.0 MA/m, 1.1 MA/m\"; }; };\n", &cfg, 0);
    ms_ctx *ctx = ms_ctx_create(4, 1);
    ms_sweep_result r, r0, r1;
    ms_error err;
    int root;
    ms_sweep_job job = {.file = path};
    ck_assert_int_eq(ms_sweep_run(s, &job, ctx, &r, &root, &err), 0);
    ck_assert_uint_eq(r.record_len, 2 * MS_SWEEP_MERITS);
    /* analytic Δ and J_c0 of a 40 nm x 1.3 nm disk, demag factors from the macrospin module */
    ms_macrospin_device d;
    ms_macrospin_device_init(&d);
    d.geometry = MS_GEOMETRY_DISK;
    d.size[0] = d.size[1] = 40e-9;
    d.size[2] = 1.3e-9;
    ck_assert_int_eq(ms_macrospin_device_prepare(&d, &err), 0);
    const double mu0 = GSL_CONST_MKSA_VACUUM_PERMEABILITY, kb = GSL_CONST_MKSA_BOLTZMANN;
    const double e = GSL_CONST_MKSA_ELECTRON_CHARGE, hbar = GSL_CONST_MKSA_PLANCKS_CONSTANT_HBAR;
    const double dn = d.demag[2] - 0.5 * (d.demag[0] + d.demag[1]);
    for (size_t q = 0; q < 2; q++)
        for (size_t ih = 0; ih < 2; ih++) {
            const double ms = s->points[q], ku = ih ? 1.0e6 : 0.9e6;
            const double keff = ku - 0.5 * mu0 * ms * ms * dn;
            const double delta = keff * d.volume / (kb * 300.0), jc0 = 4 * e * 0.05 * keff * 1.3e-9 / (hbar * 0.5);
            const double *m = r.records + q * r.record_len + ih * MS_SWEEP_MERITS;
            ck_assert_double_eq_tol(m[0], delta, 1e-6 * delta);
            ck_assert_double_eq_tol(m[1], jc0, 1e-6 * jc0);
            ck_assert(m[2] >= 0 && m[2] <= 1);
            ck_assert(isnan(m[4])); /* no energy.resistance: not computed */
        }
    job.run.part_count = 2;
    ck_assert_int_eq(ms_sweep_run(s, &job, ctx, &r0, &root, &err), 0);
    job.run.part_index = 1;
    ck_assert_int_eq(ms_sweep_run(s, &job, ctx, &r1, &root, &err), 0);
    for (size_t q = 0; q < 2; q++) {
        const ms_sweep_result *src = q % 2 ? &r1 : &r0;
        ck_assert(src->done[q]);
        for (size_t k = 0; k < r.record_len; k++) {
            const double x = r.records[q * r.record_len + k], y = src->records[q * r.record_len + k];
            ck_assert((isnan(x) && isnan(y)) || x == y);
        }
    }
    ms_sweep_result_release(&r);
    ms_sweep_result_release(&r0);
    ms_sweep_result_release(&r1);
    ms_sweep_destroy(s);
    ms_config_destroy(cfg);
    ms_ctx_destroy(ctx);
    remove(path);
}
END_TEST

START_TEST(test_checkpoint_file)
{
    char ck[64];
    snprintf(ck, sizeof ck, "/tmp/check_sweep_%d.ckpt", (int)getpid());
    const uint8_t done[3] = {1, 0, 1};
    const double rec[6] = {1, 2, NAN, NAN, 5, 6};
    uint8_t d2[3];
    double r2[6];
    int found;
    ms_error err;
    ck_assert_int_eq(ms_checkpoint_save(ck, 77, 3, 2, done, rec, &err), 0);
    ck_assert_int_eq(ms_checkpoint_load(ck, 77, 3, 2, d2, r2, &found, &err), 0);
    ck_assert(found && memcmp(d2, done, 3) == 0 && r2[4] == 5 && isnan(r2[2]));
    ck_assert_int_eq(ms_checkpoint_load(ck, 78, 3, 2, d2, r2, &found, &err), MS_EINPUT);
    ck_assert_int_eq(ms_checkpoint_load(ck, 77, 4, 2, d2, r2, &found, &err), MS_EINPUT);
    remove(ck);
    ck_assert_int_eq(ms_checkpoint_load(ck, 77, 3, 2, d2, r2, &found, &err), 0);
    ck_assert(!found);
    ck_assert(ms_hash_string(0, "a") != ms_hash_string(0, "b"));
}
END_TEST

Suite *check_sweep_suite(void)
{
    Suite *s = suite_create("sweep");
    TCase *t = tcase_create("sweep");
    tcase_set_timeout(t, 300);
    tcase_add_test(t, test_grid_and_list);
    tcase_add_test(t, test_lhs);
    tcase_add_test(t, test_merit_sweep);
    tcase_add_test(t, test_checkpoint_file);
    suite_add_tcase(s, t);
    return s;
}
