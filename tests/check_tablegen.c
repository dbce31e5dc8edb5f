/* check_tablegen.c — tests of device-table generation (tablegen.h) and its work runner (sweep.h).
 *
 * References: the Wilson interval against its closed form at k = 0 and a tabulated value
 * (Wilson 1927; Newcombe, Stat. Med. 17, 857 (1998), table I: 5/10 -> [0.2366, 0.7634]); the
 * hidden = delta mapping against Δ = K_eff V/(kB T) of the derived device; model-filled points
 * against the closed-form MFPT probability. Reproducibility: records are bitwise identical for 1 and
 * 2 threads, for a --part split, after an interrupt + resume, and after kill -9 + --resume of the
 * real binary; the written file opens with ms_table_open and returns the records at grid points. */
#include <check.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "metaspin/config.h"
#include "metaspin/ctx.h"
#include "metaspin/h5.h"
#include "metaspin/sweep.h"
#include "metaspin/table.h"
#include "metaspin/tablegen.h"
#include "testutil.h"

/* A small, fast table: Δ = 15 and 30 at 300 K, STT p ∥ z, widths 1 and 2 ns. */
static const char *SMALL_CFG =
    "device = { ms = \"1.1 MA/m\"; geometry = \"disk\"; size = [\"40 nm\", \"40 nm\", \"1.3 nm\"];\n"
    "  alpha = 0.05; stt = { model = \"constant\"; eta = 0.5; p = [0, 0, 1]; }; };\n"
    "solver = { dt = \"1 ps\"; };\n"
    "table = { hidden = \"delta\"; delta = [15.0, 30.0]; kind = \"current_density\";\n"
    "  current_density = [\"1e11 A/m^2\", \"3e11 A/m^2\"]; width = [\"1 ns\", \"2 ns\"];\n"
    "  temperature = [\"300 K\"]; trials = 64; max_trials = 128; halfwidth = 0.1;\n"
    "  pulse = { relax = \"0.5 ns\"; rise = \"0.05 ns\"; fall = \"0.05 ns\"; }; };\n";

/* The same table with 1000 trials per point, slow enough to be killed mid-run. */
static const char *KILL_CFG =
    "device = { ms = \"1.1 MA/m\"; geometry = \"disk\"; size = [\"40 nm\", \"40 nm\", \"1.3 nm\"];\n"
    "  alpha = 0.05; stt = { model = \"constant\"; eta = 0.5; p = [0, 0, 1]; }; };\n"
    "solver = { dt = \"1 ps\"; };\n"
    "table = { hidden = \"delta\"; delta = [15.0, 30.0]; kind = \"current_density\";\n"
    "  current_density = [\"1e11 A/m^2\", \"3e11 A/m^2\"]; width = [\"1 ns\", \"2 ns\"];\n"
    "  temperature = [\"300 K\"]; trials = 1000; max_trials = 1000; halfwidth = 0.0;\n"
    "  pulse = { relax = \"0.5 ns\"; rise = \"0.05 ns\"; fall = \"0.05 ns\"; }; };\n";

static char cfg_path[64];

static void write_cfg(const char *text)
{
    snprintf(cfg_path, sizeof cfg_path, "/tmp/check_tablegen_%d.cfg", (int)getpid());
    FILE *f = fopen(cfg_path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void load_spec(const char *text, ms_tablegen_spec *spec, const char *const *sets, int n_sets)
{
    ms_config *cfg = NULL;
    ms_error err;
    write_cfg(text);
    int st = ms_config_load(&cfg, cfg_path, sets, n_sets, ms_tablegen_schemas, &err);
    ck_assert_msg(st == 0, "%s", err.message);
    st = ms_tablegen_spec_from_config(cfg, spec, &err);
    ck_assert_msg(st == 0, "%s", err.message);
    ms_config_destroy(cfg);
    remove(cfg_path);
}

typedef struct run_out {
    size_t n;
    double *rec;
    uint8_t *done;
} run_out;

static int run_table(const ms_tablegen_spec *spec, ms_ctx *ctx, const ms_table_job *job, run_out *o)
{
    ms_error err;
    int root;
    o->n = ms_tablegen_spec_points(spec);
    o->rec = malloc(o->n * MS_TABLEGEN_RECORD * sizeof *o->rec);
    o->done = malloc(o->n);
    const int st = ms_sweep_table_run(spec, job, ctx, o->rec, o->done, &root, &err);
    ck_assert_msg(st == 0 || st == MS_EINTERRUPTED, "%s", err.message);
    return st;
}

static void out_free(run_out *o)
{
    free(o->rec);
    free(o->done);
}

/* Records equal bitwise (NaN == NaN) on the points marked in mask (NULL = all). */
static void assert_same(const run_out *a, const run_out *b, const uint8_t *mask)
{
    ck_assert_uint_eq(a->n, b->n);
    for (size_t p = 0; p < a->n; p++) {
        if (mask && !mask[p])
            continue;
        for (int f = 0; f < MS_TABLEGEN_RECORD; f++) {
            const double x = a->rec[p * MS_TABLEGEN_RECORD + f], y = b->rec[p * MS_TABLEGEN_RECORD + f];
            ck_assert_msg((isnan(x) && isnan(y)) || memcmp(&x, &y, sizeof x) == 0,
                          "point %zu field %d: %.17g vs %.17g", p, f, x, y);
        }
    }
}

START_TEST(test_wilson)
{
    double lo, hi;
    ms_wilson_interval(0, 10, 1.96, &lo, &hi);
    ck_assert_double_eq(lo, 0.0);
    ck_assert_double_eq_tol(hi, 1.96 * 1.96 / (10 + 1.96 * 1.96), 1e-12);
    ms_wilson_interval(5, 10, 1.96, &lo, &hi);
    ck_assert_double_eq_tol(lo, 0.2366, 1e-4);
    ck_assert_double_eq_tol(hi, 0.7634, 1e-4);
    ms_wilson_interval(10, 10, 1.96, &lo, &hi);
    ck_assert_double_eq(hi, 1.0);
    ck_assert_double_eq_tol(lo, 1.0 - 1.96 * 1.96 / (10 + 1.96 * 1.96), 1e-12);
    ms_wilson_interval(0, 0, 1.96, &lo, &hi);
    ck_assert(lo == 0.0 && hi == 1.0);
}
END_TEST

START_TEST(test_point_index)
{
    ms_tablegen_spec *s = calloc(1, sizeof *s);
    s->nh = 3, s->na = 4, s->nw = 5, s->nt = 2;
    size_t p = 0;
    for (size_t ih = 0; ih < 3; ih++)
        for (size_t ia = 0; ia < 4; ia++)
            for (size_t iw = 0; iw < 5; iw++)
                for (size_t it = 0; it < 2; it++)
                    for (int d = 0; d < 2; d++, p++) {
                        size_t a, b, c, e;
                        int dd;
                        ms_tablegen_point_index(s, p, &a, &b, &c, &e, &dd);
                        ck_assert(a == ih && b == ia && c == iw && e == it && dd == d);
                    }
    ck_assert_uint_eq(p, ms_tablegen_spec_points(s));
    free(s);
}
END_TEST

START_TEST(test_delta_mapping)
{
    ms_tablegen_spec *s = malloc(sizeof *s);
    /* disk demag factors, then given factors that do not sum to 1 (shape term off): the mapping
     * and ms_macrospin_device_derive must use the same N_⊥ = (tr N − N_u)/2 */
    static const char *sets[2][4] = {{"table.temperature=[150 K, 300 K]"},
                                     {"table.temperature=[150 K, 300 K]", "device.geometry=given",
                                      "device.demag=[0, 0, 0]", "device.volume=1.6e-24 m^3"}};
    for (int c = 0; c < 2; c++) {
        load_spec(SMALL_CFG, s, sets[c], c ? 4 : 1);
        for (size_t ih = 0; ih < s->nh; ih++)
            for (size_t it = 0; it < s->nt; it++) {
                ms_macrospin_device d;
                ms_macrospin_derived dv;
                ms_error err;
                ck_assert_int_eq(ms_tablegen_device(s, ih, s->temperature[it], &d, &err), 0);
                ms_macrospin_device_derive(&d, &dv);
                const double want = s->h[ih] * 300.0 / s->temperature[it];
                ck_assert_msg(fabs(dv.delta - want) <= 1e-9 * want, "case %d: Delta %.12g, want %.12g", c, dv.delta, want);
            }
    }
    free(s);
}
END_TEST

/* The ionics map on a macrospin device (also what `metaspin macrospin` with an ionics section does). */
START_TEST(test_apply_ionics)
{
    ms_ionics_model m;
    ms_ionics_model_default(&m);
    ms_macrospin_device d;
    ms_macrospin_device_init(&d);
    ms_error err;
    for (double theta = 0.5; theta < 1.3; theta += 0.2) {
        ms_ionics_magnetic mag;
        ck_assert_int_eq(ms_ionics_magnetic_params(&m, theta, -1.0, 300.0, &mag, &err), 0);
        ck_assert_int_eq(ms_tablegen_apply_ionics(&m, theta, 300.0, 0, &d, &err), 0);
        ck_assert_double_eq(d.ms, mag.phi * mag.ms);
        ck_assert_double_eq(d.k_u1, mag.k_u);
        ck_assert_double_eq(d.t_free, mag.t_m);
        ck_assert_double_eq(d.size[2], mag.t_m);
        ck_assert_double_eq(d.size[0], m.diameter);
        ck_assert_double_eq(d.alpha, mag.alpha);
    }
    ck_assert_int_ne(ms_tablegen_apply_ionics(&m, 40.0, 300.0, 0, &d, &err), 0);   /* fully oxidised */
}
END_TEST

/* Progress callback that raises the interrupt flag once two points are done. */
static void raise_after_two(void *user, const char *label, uint64_t done, uint64_t total)
{
    (void)label;
    (void)total;
    if (done >= 2)
        *(volatile sig_atomic_t *)user = 1;
}

START_TEST(test_threads_parts_resume)
{
    ms_tablegen_spec *s = malloc(sizeof *s);
    load_spec(SMALL_CFG, s, NULL, 0);
    ms_ctx *c1 = ms_ctx_create(7, 1), *c2 = ms_ctx_create(7, 2);
    run_out a, b, p0, p1, r;
    const ms_table_job all = {0};
    run_table(s, c1, &all, &a);
    run_table(s, c2, &all, &b);
    assert_same(&a, &b, NULL);
    /* the protocol switches some trials and not others: the table is not trivial */
    double sum = 0;
    for (size_t p = 0; p < a.n; p++)
        sum += a.rec[p * MS_TABLEGEN_RECORD + MS_TABLEGEN_P];
    ck_assert(sum > 0.5 && sum < a.n - 0.5);
    for (size_t p = 0; p < a.n; p++) { /* quantiles ordered, NaN exactly when nothing switched */
        const double *q = a.rec + p * MS_TABLEGEN_RECORD;
        if (q[MS_TABLEGEN_K] == 0)
            ck_assert(isnan(q[MS_TABLEGEN_T_Q50]) && isnan(q[MS_TABLEGEN_T_MEAN]));
        if (!isnan(q[MS_TABLEGEN_T_Q50]))
            ck_assert(q[MS_TABLEGEN_T_Q10] <= q[MS_TABLEGEN_T_Q50] && q[MS_TABLEGEN_T_Q50] <= q[MS_TABLEGEN_T_Q90] &&
                      q[MS_TABLEGEN_T_Q10] >= 0 && q[MS_TABLEGEN_K] > 0);
    }
    const ms_table_job j0 = {.part_index = 0, .part_count = 2}, j1 = {.part_index = 1, .part_count = 2};
    run_table(s, c1, &j0, &p0);
    run_table(s, c2, &j1, &p1);
    assert_same(&a, &p0, p0.done);
    assert_same(&a, &p1, p1.done);
    for (size_t p = 0; p < a.n; p++)
        ck_assert_int_eq(p0.done[p] + p1.done[p], 1);
    /* interrupt after the first point, then resume from the checkpoint */
    char ckpt[64];
    snprintf(ckpt, sizeof ckpt, "/tmp/check_tablegen_%d.ckpt", (int)getpid());
    volatile sig_atomic_t flag = 0;
    c1->interrupt = &flag;
    c1->progress = raise_after_two;
    c1->user = (void *)&flag;
    const ms_table_job ji = {.checkpoint = ckpt, .fingerprint = 42};
    ck_assert_int_eq(run_table(s, c1, &ji, &r), MS_EINTERRUPTED);
    ck_assert_int_eq(r.done[0] + r.done[1] + r.done[2], 2);
    out_free(&r);
    flag = 0;
    c1->progress = NULL;
    const ms_table_job jr = {.checkpoint = ckpt, .fingerprint = 42, .resume = 1};
    ck_assert_int_eq(run_table(s, c1, &jr, &r), 0);
    assert_same(&a, &r, NULL);
    out_free(&r);
    /* a checkpoint of a different run is refused */
    ms_error err;
    int root;
    double *rec = malloc(a.n * MS_TABLEGEN_RECORD * sizeof *rec);
    uint8_t *done = malloc(a.n);
    const ms_table_job jw = {.checkpoint = ckpt, .fingerprint = 43, .resume = 1};
    ck_assert_int_eq(ms_sweep_table_run(s, &jw, c1, rec, done, &root, &err), MS_EINPUT);
    free(rec);
    free(done);
    remove(ckpt);
    out_free(&a), out_free(&b), out_free(&p0), out_free(&p1);
    ms_ctx_destroy(c1);
    ms_ctx_destroy(c2);
    free(s);
}
END_TEST

/* Points too rare to sample come from the MFPT model, flagged, with P equal to the model's. */
START_TEST(test_model_fill)
{
    ms_tablegen_spec *s = malloc(sizeof *s);
    static const char *sets[] = {"table.delta=[60]", "table.current_density=[1e10 A/m^2]"};
    load_spec(SMALL_CFG, s, sets, 2);
    ms_ctx *c = ms_ctx_create(3, 1);
    ms_tablegen *tg;
    ms_error err;
    ck_assert_int_eq(ms_tablegen_create(&tg, s, c, &err), 0);
    for (size_t p = 0; p < ms_tablegen_spec_points(s); p++) {
        double rec[MS_TABLEGEN_RECORD], pm;
        int app;
        ck_assert_int_eq(ms_tablegen_point_run(tg, p, rec, &err), 0);
        ck_assert_int_eq(ms_tablegen_model_p(s, p, &pm, &app, &err), 0);
        ck_assert(app);
        ck_assert(pm > 0 && pm < 1e-10);
        ck_assert_double_eq(rec[MS_TABLEGEN_SOURCE], 1.0);
        ck_assert_double_eq(rec[MS_TABLEGEN_P], pm);
        ck_assert_double_eq(rec[MS_TABLEGEN_N], 0.0);
    }
    ck_assert_uint_eq(ms_tablegen_trial_steps(tg), 0);
    ms_tablegen_destroy(tg);
    ms_ctx_destroy(c);
    free(s);
}
END_TEST

/* The model fill at high barriers (Δ up to 160, T ~ e^{Δ(1−i)²} τ_D ≫ 1 s) is monotone: P rises
 * with width and amplitude and falls with Δ. (A lag taken as the difference of two such T was
 * rounding noise and made P jump by tens of decades between neighbouring points.) */
START_TEST(test_model_monotone)
{
    ms_tablegen_spec *s = malloc(sizeof *s);
    static const char *sets[] = {"table.delta=[50, 80, 110, 160]",
                                 "table.current_density=[1e10 A/m^2, 3e10 A/m^2, 6e10 A/m^2]",
                                 "table.width=[1 ns, 2 ns, 3 ns, 5 ns, 10 ns]"};
    load_spec(SMALL_CFG, s, sets, 3);
    ms_error err;
    double pm[4][3][5];
    int app[4][3][5], n_app = 0;
    for (size_t ih = 0; ih < 4; ih++)
        for (size_t ia = 0; ia < 3; ia++)
            for (size_t iw = 0; iw < 5; iw++) {
                const size_t p = ((ih * s->na + ia) * s->nw + iw) * s->nt * 2;   /* it = 0, dir = 0 */
                ck_assert_msg(ms_tablegen_model_p(s, p, &pm[ih][ia][iw], &app[ih][ia][iw], &err) == 0, "%s", err.message);
                n_app += app[ih][ia][iw];
            }
    /* below J_c0 at high Δ the model applies everywhere; near J_c0 short pulses fall outside it */
    ck_assert(app[3][0][0] && app[3][1][0] && app[1][0][0]);
    ck_assert_int_ge(n_app, 40);
    for (size_t ih = 0; ih < 4; ih++)
        for (size_t ia = 0; ia < 3; ia++)
            for (size_t iw = 0; iw < 5; iw++) {
                const double x = pm[ih][ia][iw];
                if (!app[ih][ia][iw])
                    continue;
                ck_assert(x >= 0 && x <= 1);
                if (iw && app[ih][ia][iw - 1])
                    ck_assert_msg(x >= pm[ih][ia][iw - 1], "width: Δ %zu J %zu w %zu: %g < %g", ih, ia, iw, x, pm[ih][ia][iw - 1]);
                if (ia && app[ih][ia - 1][iw])
                    ck_assert_msg(x >= pm[ih][ia - 1][iw], "amplitude: Δ %zu J %zu w %zu: %g < %g", ih, ia, iw, x, pm[ih][ia - 1][iw]);
                if (ih && app[ih - 1][ia][iw])
                    ck_assert_msg(x <= pm[ih - 1][ia][iw], "delta: Δ %zu J %zu w %zu: %g > %g", ih, ia, iw, x, pm[ih - 1][ia][iw]);
            }
    free(s);
}
END_TEST

/* The written file opens with the reader and gives back the records at grid points. */
START_TEST(test_file_roundtrip)
{
    ms_tablegen_spec *s = malloc(sizeof *s);
    load_spec(SMALL_CFG, s, NULL, 0);
    ms_ctx *c = ms_ctx_create(5, 1);
    run_out a;
    const ms_table_job all = {0};
    run_table(s, c, &all, &a);
    ms_tablegen_extras ex;
    ms_error err;
    ck_assert_int_eq(ms_tablegen_extras_compute(s, &ex, c, &err), 0);
    char path[64];
    snprintf(path, sizeof path, "/tmp/check_tablegen_%d.h5", (int)getpid());
    ms_h5 *h5;
    const ms_run_info info = {.command = "table", .command_line = "test", .seed = 5, .threads = 1, .config_text = ""};
    ck_assert_int_eq(ms_h5_create(&h5, path, &info, &err), 0);
    ck_assert_int_eq(ms_tablegen_write(ms_h5_root(h5), s, a.rec, &ex, &err), 0);
    ck_assert_int_eq(ms_h5_commit(h5, &err), 0);
    ms_table *t;
    const int st = ms_table_open(path, &t, &err);
    ck_assert_msg(st == 0, "%s", err.message);
    ck_assert_str_eq(t->amplitude_kind, "current_density");
    for (size_t p = 0; p < a.n; p++) {
        size_t ih, ia, iw, it;
        int d;
        double v;
        ms_tablegen_point_index(s, p, &ih, &ia, &iw, &it, &d);
        ck_assert_int_eq(ms_table_lookup(t, s->h[ih], s->amplitude[ia], s->width[iw], s->temperature[it], d, &v, &err), 0);
        ck_assert_double_eq_tol(v, a.rec[p * MS_TABLEGEN_RECORD + MS_TABLEGEN_P], 1e-12);
    }
    double v;
    ck_assert_int_eq(ms_table_lookup(t, s->h[0], s->amplitude[0], 1e-6, 300, 0, &v, &err), MS_EINPUT);
    ms_table_close(t);
    remove(path);
    /* CSV export: a header and one row per point, 15 columns */
    ck_assert_int_eq(ms_tablegen_write_csv(path, s, a.rec, &err), 0);
    FILE *f = fopen(path, "r");
    char line[1024];
    size_t rows = 0;
    while (fgets(line, sizeof line, f)) {
        size_t commas = 0;
        for (const char *ch = line; *ch; ch++)
            commas += *ch == ',';
        ck_assert_uint_eq(commas, 14);
        rows++;
    }
    fclose(f);
    ck_assert_uint_eq(rows, a.n + 1);
    remove(path);
    ms_tablegen_extras_release(&ex);
    out_free(&a);
    ms_ctx_destroy(c);
    free(s);
}
END_TEST

static pid_t spawn(const char *cfg, const char *out, int resume)
{
    const pid_t pid = fork();
    if (pid == 0) {
        freopen("/dev/null", "w", stderr);
        execl("../bin/metaspin", "metaspin", "table", cfg, "-o", out, "--threads", "1", "--seed", "11",
              resume ? "--resume" : "--quiet", (char *)NULL);
        _exit(127);
    }
    return pid;
}

static size_t ckpt_done(const char *path, size_t *n_units)
{
    FILE *f = fopen(path, "rb");
    unsigned char head[32], byte;
    size_t done = 0;
    *n_units = 0;
    if (!f)
        return 0;
    if (fread(head, 1, 32, f) == 32) {
        memcpy(n_units, head + 16, sizeof *n_units);
        for (size_t u = 0; u < *n_units && fread(&byte, 1, 1, f) == 1; u++)
            done += byte != 0;
    }
    fclose(f);
    return done;
}

/* kill -9 the real binary mid-run, --resume it, and compare with an in-process run. */
START_TEST(test_kill_resume)
{
    if (access("../bin/metaspin", X_OK) != 0)
        return; /* runner started outside tests/ or binary not built */
    write_cfg(KILL_CFG);
    char out[64], ckpt[80];
    snprintf(out, sizeof out, "/tmp/check_tablegen_kill_%d.h5", (int)getpid());
    snprintf(ckpt, sizeof ckpt, "%s.ckpt", out);
    remove(ckpt);
    pid_t pid = spawn(cfg_path, out, 0);
    size_t n = 0, done = 0;
    for (int k = 0; k < 20000 && done < 2; k++) {
        usleep(2000);
        done = ckpt_done(ckpt, &n);
    }
    kill(pid, SIGKILL);
    int wst;
    waitpid(pid, &wst, 0);
    ck_assert_msg(WIFSIGNALED(wst), "the run finished before it could be killed");
    done = ckpt_done(ckpt, &n);
    ck_assert(done >= 2 && done < n);
    ck_assert_int_eq(access(out, F_OK), -1); /* no file under the final name */
    pid = spawn(cfg_path, out, 1);
    waitpid(pid, &wst, 0);
    ck_assert(WIFEXITED(wst) && WEXITSTATUS(wst) == 0);
    ck_assert_int_eq(access(ckpt, F_OK), -1);
    remove(cfg_path);
    ms_tablegen_spec *s = malloc(sizeof *s);
    load_spec(KILL_CFG, s, NULL, 0);
    ms_ctx *c = ms_ctx_create(11, 1);
    run_out a;
    const ms_table_job all = {0};
    run_table(s, c, &all, &a);
    hid_t f;
    ms_error err;
    ck_assert_int_eq(ms_h5_open_read(&f, out, &err), 0);
    static const char *names[] = {"/switching/P", "/switching/ci_lo", "/switching/ci_hi", "/switching/t_mean"};
    static const int fields[] = {MS_TABLEGEN_P, MS_TABLEGEN_CI_LO, MS_TABLEGEN_CI_HI, MS_TABLEGEN_T_MEAN};
    for (int k = 0; k < 4; k++) {
        double *v;
        int rank;
        hsize_t dims[8];
        ck_assert_int_eq(ms_h5_read_double(f, names[k], &v, &rank, dims, &err), 0);
        for (size_t p = 0; p < a.n; p++) {
            const double x = v[p], y = a.rec[p * MS_TABLEGEN_RECORD + fields[k]];
            ck_assert_msg((isnan(x) && isnan(y)) || x == y, "%s[%zu]: %.17g vs %.17g", names[k], p, x, y);
        }
        free(v);
    }
    H5Fclose(f);
    remove(out);
    out_free(&a);
    ms_ctx_destroy(c);
    free(s);
}
END_TEST

Suite *check_tablegen_suite(void)
{
    Suite *s = suite_create("tablegen");
    TCase *t = tcase_create("tablegen");
    tcase_set_timeout(t, 300);
    tcase_add_test(t, test_wilson);
    tcase_add_test(t, test_point_index);
    tcase_add_test(t, test_delta_mapping);
    tcase_add_test(t, test_apply_ionics);
    tcase_add_test(t, test_threads_parts_resume);
    tcase_add_test(t, test_model_fill);
    tcase_add_test(t, test_model_monotone);
    tcase_add_test(t, test_file_roundtrip);
    tcase_add_test(t, test_kill_resume);
    suite_add_tcase(s, t);
    return s;
}
