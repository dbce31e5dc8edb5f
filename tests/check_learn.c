/* check_learn.c — the learning module: IDX and CSV readers (and their error messages), splits and
 * standardisation, task streams, the BatchNorm + sign straight-through backward pass against
 * finite differences of its surrogate (hardtanh activation, real weights), the meta rule against
 * its closed form and its plain reference, the metrics, training on a small synthetic set, and
 * the device rule (event/energy accounting, h-independent tables, consolidation).
 * Data are made here (tiny synthetic sets) so the suite stays fast. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include "metaspin/h5.h"
#include "metaspin/learn.h"
#include "metaspin/rng.h"
#include "learn/net_internal.h"
#include "testutil.h"

/* ---- IDX ------------------------------------------------------------------------------------ */

static void put_be32(uint8_t *p, uint32_t v) { p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v; }

static void write_idx(const char *path, int gz, int rank, const uint32_t *dims, const uint8_t *data,
                      size_t n, size_t truncate_to)
{
    uint8_t hdr[36] = {0, 0, 0x08, (uint8_t)rank};
    for (int k = 0; k < rank; k++) put_be32(hdr + 4 + 4 * k, dims[k]);
    size_t hn = 4 + 4 * (size_t)rank, total = hn + n;
    uint8_t *buf = malloc(total);
    memcpy(buf, hdr, hn);
    memcpy(buf + hn, data, n);
    if (truncate_to && truncate_to < total) total = truncate_to;
    if (gz) {
        gzFile f = gzopen(path, "wb");
        gzwrite(f, buf, (unsigned)total);
        gzclose(f);
    } else {
        FILE *f = fopen(path, "wb");
        fwrite(buf, 1, total, f);
        fclose(f);
    }
    free(buf);
}

START_TEST(test_idx_read)
{
    uint8_t img[3 * 2 * 2] = {0, 255, 51, 102, 1, 2, 3, 4, 5, 6, 7, 8}, lab[3] = {2, 0, 1};
    const uint32_t di[3] = {3, 2, 2}, dl[1] = {3};
    for (int gz = 0; gz < 2; gz++) {
        write_idx("learn_img.idx", gz, 3, di, img, sizeof img, 0);
        write_idx("learn_lab.idx", !gz, 1, dl, lab, 3, 0);
        ms_dataset *d = NULL;
        ms_error err = {0};
        ck_assert_msg(ms_learn_idx_read("learn_img.idx", "learn_lab.idx", &d, &err) == 0, "%s", err.message);
        ck_assert_uint_eq(d->n, 3);
        ck_assert_uint_eq(d->dim, 4);
        ck_assert_int_eq(d->n_classes, 3);
        ck_assert_float_eq_tol(d->x[1], 1.0f, 1e-7);
        ck_assert_float_eq_tol(d->x[2], 0.2f, 1e-7);
        ck_assert_int_eq(d->y[0], 2);
        ms_dataset_destroy(d);
    }
    /* truncated data: the message names the file and the byte offset */
    write_idx("learn_img.idx", 1, 3, di, img, sizeof img, 20);
    ms_dataset *d = NULL;
    ms_error err = {0};
    ck_assert_int_eq(ms_learn_idx_read("learn_img.idx", "learn_lab.idx", &d, &err), MS_EINPUT);
    ck_assert_msg(strstr(err.message, "learn_img.idx") && strstr(err.message, "byte 20"), "%s", err.message);
    /* wrong type byte */
    uint8_t bad[8] = {0, 0, 0x0D, 1, 0, 0, 0, 1};
    FILE *f = fopen("learn_img.idx", "wb");
    fwrite(bad, 1, 8, f);
    fclose(f);
    ck_assert_int_eq(ms_learn_idx_read("learn_img.idx", "learn_lab.idx", &d, &err), MS_EINPUT);
    ck_assert_msg(strstr(err.message, "byte 2 (type)"), "%s", err.message);
    /* label count mismatch */
    write_idx("learn_img.idx", 0, 3, di, img, sizeof img, 0);
    const uint32_t dl2[1] = {2};
    write_idx("learn_lab.idx", 0, 1, dl2, lab, 2, 0);
    ck_assert_int_eq(ms_learn_idx_read("learn_img.idx", "learn_lab.idx", &d, &err), MS_EINPUT);
    ck_assert_int_eq(ms_learn_idx_read("no-such.idx", "learn_lab.idx", &d, &err), MS_EINPUT);
    unlink("learn_img.idx");
    unlink("learn_lab.idx");
}
END_TEST

/* ---- CSV, split, standardisation ------------------------------------------------------------ */

START_TEST(test_csv_read_split_standardize)
{
    FILE *f = fopen("learn.csv", "w");
    fprintf(f, "20,2,no,yes\n");
    for (int i = 0; i < 20; i++) fprintf(f, "%d,%g,%d\n", i, 0.5 * i * i, i % 2);
    fclose(f);
    ms_dataset *d = NULL;
    ms_error err = {0};
    ck_assert_msg(ms_learn_csv_read("learn.csv", 1, -1, &d, &err) == 0, "%s", err.message);
    ck_assert_uint_eq(d->n, 20);
    ck_assert_uint_eq(d->dim, 2);
    ck_assert_int_eq(d->n_classes, 2);
    ck_assert_int_eq(d->y[3], 1);
    ms_dataset *tr, *va, *te, *tr2, *va2, *te2;
    ck_assert_int_eq(ms_dataset_split(d, 0.25, 0.25, 9, &tr, &va, &te, &err), 0);
    ck_assert_uint_eq(te->n, 5);
    ck_assert_uint_eq(va->n, 5);
    ck_assert_uint_eq(tr->n, 10);
    /* disjoint and complete: feature 0 holds the row number */
    int seen[20] = {0};
    const ms_dataset *parts[3] = {tr, va, te};
    for (int p = 0; p < 3; p++)
        for (size_t i = 0; i < parts[p]->n; i++) seen[(int)parts[p]->x[i * 2]]++;
    for (int i = 0; i < 20; i++) ck_assert_int_eq(seen[i], 1);
    /* same seed, same split */
    ck_assert_int_eq(ms_dataset_split(d, 0.25, 0.25, 9, &tr2, &va2, &te2, &err), 0);
    ck_assert_mem_eq(tr->x, tr2->x, tr->n * 2 * sizeof(float));
    ms_dataset *others[2] = {va, te};
    ms_dataset_standardize(tr, others, 2);
    for (int k = 0; k < 2; k++) {
        double s = 0, s2 = 0;
        for (size_t i = 0; i < tr->n; i++) { s += tr->x[i * 2 + k]; s2 += tr->x[i * 2 + k] * tr->x[i * 2 + k]; }
        ck_assert_double_eq_tol(s / tr->n, 0, 1e-6);
        ck_assert_double_eq_tol(s2 / tr->n, 1, 1e-5);
    }
    ms_dataset *ps[7] = {d, tr, va, te, tr2, va2, te2};
    for (int i = 0; i < 7; i++) ms_dataset_destroy(ps[i]);
    /* errors name row and column */
    f = fopen("learn.csv", "w");
    fprintf(f, "a,b,label\n1,2,0\n3,x,1\n");
    fclose(f);
    ck_assert_int_eq(ms_learn_csv_read("learn.csv", 1, -1, &d, &err), MS_EINPUT);
    ck_assert_msg(strstr(err.message, "row 3, column 2"), "%s", err.message);
    f = fopen("learn.csv", "w");
    fprintf(f, "a,b,label\n1,2,0\n3,4\n");
    fclose(f);
    ck_assert_int_eq(ms_learn_csv_read("learn.csv", 1, -1, &d, &err), MS_EINPUT);
    ck_assert_msg(strstr(err.message, "row 3"), "%s", err.message);
    f = fopen("learn.csv", "w");
    fprintf(f, "a,b,label\n1,2,0.5\n");
    fclose(f);
    ck_assert_int_eq(ms_learn_csv_read("learn.csv", 1, -1, &d, &err), MS_EINPUT);
    ck_assert_msg(strstr(err.message, "row 2, column 3"), "%s", err.message);
    unlink("learn.csv");
}
END_TEST

/* ---- synthetic data ------------------------------------------------------------------------- */

/* n samples of `classes` Gaussian clusters around random ±1 prototypes in dim features. */
static ms_dataset *synthetic(size_t n, size_t dim, int classes, double noise, uint64_t seed)
{
    ms_dataset *d = ms_dataset_create(n, dim, classes);
    const ms_rng_key key = ms_rng_key_make(12345);   /* prototypes shared by train and test sets */
    float proto[16][64];
    for (int c = 0; c < classes; c++)
        for (size_t k = 0; k < dim; k++) {
            double u[4];
            ms_rng_uniform4(key, 1000 + (uint64_t)c, k, u);
            proto[c][k] = u[0] < 0.5 ? -1.0f : 1.0f;
        }
    for (size_t i = 0; i < n; i++) {
        d->y[i] = (int32_t)(i % (size_t)classes);
        for (size_t k = 0; k < dim; k += 4) {
            double z[4];
            ms_rng_normal4(ms_rng_key_make(seed + 1), i, k, z);
            for (size_t q = 0; q < 4 && k + q < dim; q++)
                d->x[i * dim + k + q] = proto[d->y[i]][k + q] + (float)(noise * z[q]);
        }
    }
    return d;
}

START_TEST(test_tasks)
{
    ms_dataset *tr = synthetic(40, 12, 4, 0.1, 3), *te = synthetic(20, 12, 4, 0.1, 4);
    ms_tasks *ts = NULL;
    ms_error err = {0};
    ck_assert_int_eq(ms_learn_tasks_permuted(tr, te, 3, 1, 5, &ts, &err), 0);
    ck_assert_ptr_null(ts->task[0].perm);
    int hit[12] = {0};
    for (int k = 0; k < 12; k++) hit[ts->task[2].perm[k]]++;
    for (int k = 0; k < 12; k++) ck_assert_int_eq(hit[k], 1);
    float x[12];
    const int32_t y = ms_task_sample(&ts->task[1], 1, 7, 12, x);
    ck_assert_int_eq(y, te->y[7]);
    for (int k = 0; k < 12; k++) ck_assert_float_eq(x[k], te->x[7 * 12 + ts->task[1].perm[k]]);
    ms_learn_tasks_destroy(ts);
    ck_assert_int_eq(ms_learn_tasks_split(tr, te, 2, &ts, &err), 0);
    ck_assert_int_eq(ts->n, 2);
    ck_assert_int_eq(ts->n_out, 2);
    ck_assert_uint_eq(ts->task[1].n_train, 20);
    for (size_t r = 0; r < ts->task[1].n_test; r++) {
        const int32_t lab = ms_task_sample(&ts->task[1], 1, r, 12, x);
        ck_assert(lab >= 0 && lab < 2);
        ck_assert(te->y[ts->task[1].test_idx[r]] >= 2);
    }
    ms_learn_tasks_destroy(ts);
    ms_dataset_destroy(tr);
    ms_dataset_destroy(te);
}
END_TEST

/* ---- gradient check ------------------------------------------------------------------------- */

/* Loss of the surrogate network (double accumulation inside forward). */
static double surrogate_loss(ms_bnn *net, const float *x, const int32_t *y, int nb)
{
    return ms_bnn_forward(net, x, y, nb, 0, 1);
}

/* Mask pattern of |y| <= 1 on the hidden layers: finite differences are only valid when a
 * perturbation does not move any unit across the kink of hardtanh. */
static unsigned long mask_hash(const ms_bnn *net, int nb)
{
    unsigned long h = 1469598103u;
    for (int l = 0; l + 1 < net->o.n_layers; l++)
        for (int k = 0; k < nb * net->o.size[l + 1]; k++) h = h * 1099511u + (fabsf(net->y[l][k]) <= 1.0f);
    return h;
}

static void fd_check(ms_bnn *net, float *p, const float *g, size_t n, const float *x, const int32_t *y,
                     int nb, int *checked)
{
    const float h = 1e-2f;
    double gmax = 0;
    for (size_t i = 0; i < n; i++) gmax = fmax(gmax, fabs(g[i]));
    for (size_t i = 0; i < n; i++) {
        const float p0 = p[i];
        p[i] = p0 + h;
        const double lp = surrogate_loss(net, x, y, nb);
        const unsigned long mp = mask_hash(net, nb);
        p[i] = p0 - h;
        const double lm = surrogate_loss(net, x, y, nb);
        const unsigned long mm = mask_hash(net, nb);
        p[i] = p0;
        if (mp != mm) continue;
        const double fd = (lp - lm) / (2 * (double)h);
        if (getenv("MS_FD_DEBUG")) fprintf(stderr, "%zu %g %g %g\n", i, g[i], fd, (fd - g[i]) / gmax);
        ck_assert_msg(fabs(fd - g[i]) <= 1e-3 * fmax(fabs(g[i]), 0.1 * gmax) + 2e-6,
                      "param %zu: backward %g, finite difference %g", i, g[i], fd);
        (*checked)++;
    }
}

START_TEST(test_gradient_check)
{
    ms_bnn_opts o = {.n_layers = 3, .size = {7, 6, 5, 4}, .init_range = 0.05f, .bn_eps = 1e-5f,
                     .n_bn_sets = 1, .max_batch = 16, .surrogate = 1};
    ms_bnn *net = NULL;
    ms_error err = {0};
    ck_assert_int_eq(ms_bnn_create(&net, &o, 11, &err), 0);
    ms_bnn_set_threads(net, 1);
    const ms_rng_key key = ms_rng_key_make(21);
    /* real-valued "binary" weights and BN parameters, so the surrogate is smooth almost everywhere */
    for (int l = 0; l < 3; l++) {
        for (size_t i = 0; i < ms_bnn_weight_count(net, l); i += 4) {
            double z[4];
            ms_rng_normal4(key, (uint64_t)l, i, z);
            for (size_t q = 0; q < 4 && i + q < ms_bnn_weight_count(net, l); q++) net->Wb[l][i + q] = (float)z[q];
        }
        for (int j = 0; j < o.size[l + 1]; j++) { net->gamma[l][j] = 0.6f + 0.1f * j; net->beta[l][j] = 0.05f * j - 0.1f; }
    }
    const int nb = 16;
    float x[16 * 7];
    int32_t y[16];
    for (int i = 0; i < nb; i++) {
        double z[4];
        for (int k = 0; k < 7; k += 4) {
            ms_rng_normal4(key, 100 + (uint64_t)i, (uint64_t)k, z);
            for (int q = 0; q < 4 && k + q < 7; q++) x[i * 7 + k + q] = (float)z[q];
        }
        y[i] = i % 4;
    }
    surrogate_loss(net, x, y, nb);
    ms_bnn_backward(net, y, nb, 0);
    int checked = 0, total = 0;
    for (int l = 0; l < 3; l++) {
        const size_t nw = ms_bnn_weight_count(net, l), no = (size_t)o.size[l + 1];
        float *gw = malloc(nw * sizeof *gw), *gg = malloc(no * sizeof *gg), *gb = malloc(no * sizeof *gb);
        memcpy(gw, net->gW[l], nw * sizeof *gw);
        memcpy(gg, net->ggamma[l], no * sizeof *gg);
        memcpy(gb, net->gbeta[l], no * sizeof *gb);
        fd_check(net, net->Wb[l], gw, nw, x, y, nb, &checked);
        fd_check(net, net->gamma[l], gg, no, x, y, nb, &checked);
        fd_check(net, net->beta[l], gb, no, x, y, nb, &checked);
        total += (int)(nw + 2 * no);
        free(gw); free(gg); free(gb);
    }
    ck_assert_msg(checked > total * 8 / 10, "only %d of %d parameters away from kinks", checked, total);
    ms_bnn_destroy(net);
}
END_TEST

/* ---- rules ---------------------------------------------------------------------------------- */

START_TEST(test_meta_rule_closed_form)
{
    /* First Adam step: m̂ = g, v̂ = g², so the step is lr g/(|g| + ε) ≈ lr sign(g). */
    const double lr = 0.01, meta = 5;
    float w[4] = {0.5f, 0.5f, -0.3f, -0.3f}, m[4] = {0}, v[4] = {0};
    const float g[4] = {0.2f, -0.2f, -0.1f, 0.1f};
    ms_rule_meta_kernel(w, m, v, g, 4, lr, 0.9, 0.999, 1e-8, 0, meta, 1);
    const double f05 = 1 - pow(tanh(meta * 0.5), 2), f03 = 1 - pow(tanh(meta * 0.3), 2);
    ck_assert_double_eq_tol(w[0], 0.5 - lr * f05, 1e-6);   /* toward zero: damped */
    ck_assert_double_eq_tol(w[1], 0.5 + lr, 1e-6);         /* away from zero: plain */
    ck_assert_double_eq_tol(w[2], -0.3 + lr * f03, 1e-6);  /* g < 0 raises W_h toward zero: damped */
    ck_assert_double_eq_tol(w[3], -0.3 - lr, 1e-6);
    /* fast kernel against the plain reference over many steps */
    enum { N = 1000 };
    static float w1[N], m1[N], v1[N], w2[N], m2[N], v2[N], gg[N];
    const ms_rng_key key = ms_rng_key_make(5);
    for (int i = 0; i < N; i += 4) {
        double z[4];
        ms_rng_normal4(key, 0, (uint64_t)i, z);
        for (int q = 0; q < 4; q++) w1[i + q] = w2[i + q] = (float)(0.1 * z[q]);
    }
    memset(m1, 0, sizeof m1); memset(v1, 0, sizeof v1); memset(m2, 0, sizeof m2); memset(v2, 0, sizeof v2);
    for (long t = 1; t <= 20; t++) {
        for (int i = 0; i < N; i += 4) {
            double z[4];
            ms_rng_normal4(key, 1 + (uint64_t)t, (uint64_t)i, z);
            for (int q = 0; q < 4; q++) gg[i + q] = (float)(0.01 * z[q]);
        }
        ms_rule_meta_kernel(w1, m1, v1, gg, N, 0.005, 0.9, 0.999, 1e-8, 1e-4, 1.35, t);
        ms_rule_meta_reference(w2, m2, v2, gg, N, 0.005, 0.9, 0.999, 1e-8, 1e-4, 1.35, t);
    }
    for (int i = 0; i < N; i++) ck_assert_float_eq_tol(w1[i], w2[i], 1e-5f);
}
END_TEST

START_TEST(test_metrics)
{
    const double R[9] = {0.9, 0.1, 0.1,
                         0.7, 0.8, 0.1,
                         0.5, 0.75, 0.85};
    double acc, bwt, fg;
    ms_learn_metrics(R, 3, &acc, &bwt, &fg);
    ck_assert_double_eq_tol(acc, (0.5 + 0.75 + 0.85) / 3, 1e-12);
    ck_assert_double_eq_tol(bwt, ((0.5 - 0.9) + (0.75 - 0.8)) / 2, 1e-12);
    ck_assert_double_eq_tol(fg, ((0.9 - 0.5) + (0.8 - 0.75)) / 2, 1e-12);
}
END_TEST

/* Default options for a small network on the synthetic set. */
static ms_learn_opts small_opts(ms_rule_kind kind)
{
    ms_learn_opts o = {.epochs = 3, .batch = 20, .eval_batch = 100};
    o.net.n_layers = 2;
    o.net.size[1] = 64;
    o.net.init_range = 0.05f;
    o.net.bn_eps = 1e-5f;
    o.rule = (ms_rule_opts){.kind = kind, .lr = 0.005, .beta1 = 0.9, .beta2 = 0.999, .eps = 1e-8,
                            .meta = 1.0, .reset_state = 1};
    return o;
}

START_TEST(test_train_synthetic)
{
    ms_dataset *tr = synthetic(600, 32, 4, 0.8, 7), *te = synthetic(200, 32, 4, 0.8, 8);
    ms_tasks *ts = NULL;
    ms_error err = {0};
    ck_assert_int_eq(ms_learn_tasks_permuted(tr, te, 2, 1, 3, &ts, &err), 0);
    ms_ctx *ctx = ms_ctx_create(1, 1);
    ms_learn_result *r = NULL;
    ms_learn_opts o = small_opts(MS_RULE_ADAM);
    ck_assert_msg(ms_learn_run(ts, &o, ctx, &r, &err) == 0, "%s", err.message);
    ck_assert_msg(r->R[0] > 0.9 && r->R[3] > 0.9, "R00 %g R11 %g", r->R[0], r->R[3]);
    ck_assert_double_eq_tol(r->acc, (r->R[2] + r->R[3]) / 2, 1e-12);
    ms_learn_result_destroy(r);
    o.interleaved = 1;
    ck_assert_int_eq(ms_learn_run(ts, &o, ctx, &r, &err), 0);
    ck_assert_int_eq(r->n_rows, 1);
    ck_assert_msg(r->R[0] > 0.85 && r->R[1] > 0.85, "interleaved %g %g", r->R[0], r->R[1]);
    ms_learn_result_destroy(r);
    o.per_task_bn = 1;
    ck_assert_int_eq(ms_learn_run(ts, &o, ctx, &r, &err), MS_EINPUT);
    /* per-task BatchNorm (task identity at test time) on the sequential stream */
    o.interleaved = 0;
    ck_assert_msg(ms_learn_run(ts, &o, ctx, &r, &err) == 0, "%s", err.message);
    ck_assert_msg(r->R[0] > 0.9 && r->R[3] > 0.9, "per-task BN: R00 %g R11 %g", r->R[0], r->R[3]);
    ms_learn_result_destroy(r);
    /* a sequence of two data sets with the same features */
    ms_tasks *seq = NULL;
    const ms_dataset *trs[2] = {tr, tr}, *tes[2] = {te, te};
    ck_assert_int_eq(ms_learn_tasks_sequence(trs, tes, 2, &seq, &err), 0);
    ck_assert_int_eq(seq->n_out, 4);
    o.per_task_bn = 0;
    ck_assert_int_eq(ms_learn_run(seq, &o, ctx, &r, &err), 0);
    ck_assert_msg(r->R[2] > 0.9 && r->R[3] > 0.9, "same set twice: %g %g", r->R[2], r->R[3]);
    ms_learn_result_destroy(r);
    ms_learn_tasks_destroy(seq);
    ms_ctx_destroy(ctx);
    ms_learn_tasks_destroy(ts);
    ms_dataset_destroy(tr);
    ms_dataset_destroy(te);
}
END_TEST


/* ---- device rule ---------------------------------------------------------------------------- */

/* A device table with P_sw = p0 (1 − slope h) at every amplitude, width and temperature, gate
 * transfer h_after = h + 0.3 (1 − h) for V_G = +1 V and 0.5 h for V_G = −1 V (linear in h between
 * the nodes 0, 0.5, 1 is not exact for h + 0.3(1−h) = 0.3 + 0.7h: it is linear, so exact), constant
 * energies and a long retention. */
static void write_device_table(const char *path, double p0, double slope)
{
    ms_error err = {0};
    ms_run_info info = {.command = "test", .command_line = "check_learn", .seed = 1, .threads = 1,
                        .config_text = "", .references = NULL};
    ms_h5 *f = NULL;
    ck_assert_int_eq(ms_h5_create(&f, path, &info, &err), 0);
    hid_t r = ms_h5_root(f);
    const double H[3] = {0, 0.5, 1}, A[2] = {1, 2}, W[1] = {1e-9}, T[1] = {300}, VG[2] = {-1, 1}, TG[1] = {1e-6};
    hsize_t d3[1] = {3}, d2[1] = {2}, d1[1] = {1};
    ck_assert_int_eq(ms_h5_attr_double(r, "/", "format_version", 1, &err), 0);
    ck_assert_int_eq(ms_h5_write_double(r, "/axes/h", H, 1, d3, "", &err), 0);
    ck_assert_int_eq(ms_h5_write_double(r, "/axes/amplitude", A, 1, d2, "V", &err), 0);
    ck_assert_int_eq(ms_h5_write_double(r, "/axes/width", W, 1, d1, "s", &err), 0);
    ck_assert_int_eq(ms_h5_write_double(r, "/axes/temperature", T, 1, d1, "K", &err), 0);
    ck_assert_int_eq(ms_h5_write_double(r, "/axes/gate_voltage", VG, 1, d2, "V", &err), 0);
    ck_assert_int_eq(ms_h5_write_double(r, "/axes/gate_width", TG, 1, d1, "s", &err), 0);
    double P[3][2][1][1][2], G[3][2][1], R[3][1];
    for (int i = 0; i < 3; i++) {
        for (int a = 0; a < 2; a++) for (int d = 0; d < 2; d++) P[i][a][0][0][d] = p0 * (1 - slope * H[i]);
        G[i][0][0] = 0.5 * H[i];
        G[i][1][0] = 0.3 + 0.7 * H[i];
        R[i][0] = 1e9;
    }
    hsize_t dP[5] = {3, 2, 1, 1, 2}, dG[3] = {3, 2, 1}, dR[2] = {3, 1};
    ck_assert_int_eq(ms_h5_write_double(r, "/switching/P", &P[0][0][0][0][0], 5, dP, "", &err), 0);
    ck_assert_int_eq(ms_h5_write_double(r, "/gate/h_after", &G[0][0][0], 3, dG, "", &err), 0);
    ck_assert_int_eq(ms_h5_write_double(r, "/gate/retention", &R[0][0], 2, dR, "s", &err), 0);
    ck_assert_int_eq(ms_h5_write_scalar(r, "/energy/write", 2e-13, "J", &err), 0);
    ck_assert_int_eq(ms_h5_write_scalar(r, "/energy/gate", 1e-12, "J", &err), 0);
    ck_assert_int_eq(ms_h5_commit(f, &err), 0);
}

static ms_learn_opts device_opts(const ms_table *t)
{
    ms_learn_opts o = small_opts(MS_RULE_DEVICE);
    ms_device_opts *d = &o.rule.device;
    d->table = t;
    d->width = 1e-9;
    d->temperature = 300;
    d->amp_scale = 0.005;
    d->gate_voltage = 1;
    d->gate_width = 1e-6;
    d->gate_threshold = 0.002;
    d->write_threshold = 0.002;
    d->reverse_voltage = -1;
    d->step_time = 1e-3;
    return o;
}

static ms_learn_result *run_device(const ms_tasks *ts, const ms_learn_opts *o)
{
    ms_ctx *ctx = ms_ctx_create(4, 1);
    ms_learn_result *r = NULL;
    ms_error err = {0};
    ck_assert_msg(ms_learn_run(ts, o, ctx, &r, &err) == 0, "%s", err.message);
    ms_ctx_destroy(ctx);
    return r;
}

START_TEST(test_device_accounting_and_h_independence)
{
    write_device_table("learn_dev_flat.h5", 0.5, 0.0);
    ms_table *t = NULL;
    ms_error err = {0};
    ck_assert_msg(ms_table_open("learn_dev_flat.h5", &t, &err) == 0, "%s", err.message);
    ms_dataset *tr = synthetic(300, 32, 4, 0.8, 7), *te = synthetic(100, 32, 4, 0.8, 8);
    ms_tasks *ts = NULL;
    ck_assert_int_eq(ms_learn_tasks_permuted(tr, te, 2, 1, 3, &ts, &err), 0);
    ms_learn_opts o = device_opts(t);
    o.rule.device.reverse_gate = 1;
    o.rule.device.stuck_fraction = 0.1;
    ms_learn_result *a = run_device(ts, &o);
    const ms_device_stats *s = &a->device;
    ck_assert(s->write_events > 0 && s->gate_events > s->reverse_gate_events && s->reverse_gate_events > 0);
    ck_assert(s->flips > 0 && s->flips < s->write_events);
    ck_assert_double_eq_tol(s->write_energy, 2e-13 * (double)s->write_events, 1e-9 * s->write_energy);
    ck_assert_double_eq_tol(s->gate_energy, 1e-12 * (double)s->gate_events, 1e-9 * s->gate_energy);
    ck_assert_double_eq_tol(s->write_latency, 1e-9 * (double)s->write_events, 1e-9 * s->write_latency);
    ck_assert_double_eq_tol(s->gate_latency, 1e-6 * (double)s->gate_events, 1e-9 * s->gate_latency);
    /* stuck devices: binomial count around 10 % of 32*64 + 64*4 synapses */
    const double n = 32 * 64 + 64 * 4, mean = 0.1 * n, sd = sqrt(n * 0.1 * 0.9);
    ck_assert_msg(fabs((double)s->stuck_devices - mean) < 5 * sd, "stuck %llu", (unsigned long long)s->stuck_devices);
    ck_assert_msg(a->R[0] > 0.6, "device network learns task 1: %g", a->R[0]);
    /* P independent of h: switching off the gate pulses changes nothing in the weights */
    o.rule.device.reverse_gate = 0;
    ms_learn_result *b = run_device(ts, &o);
    o.rule.device.gate_threshold = INFINITY;
    ms_learn_result *c = run_device(ts, &o);
    ck_assert_uint_eq(c->device.gate_events, 0);
    ck_assert_uint_eq(b->device.flips, c->device.flips);
    ck_assert_mem_eq(b->R, c->R, 4 * sizeof(double));
    ms_learn_result_destroy(a);
    ms_learn_result_destroy(b);
    ms_learn_result_destroy(c);
    ms_learn_tasks_destroy(ts);
    ms_dataset_destroy(tr);
    ms_dataset_destroy(te);
    ms_table_close(t);
    unlink("learn_dev_flat.h5");
}
END_TEST

START_TEST(test_device_consolidation_forgets_less)
{
    write_device_table("learn_dev_flat2.h5", 0.5, 0.0);
    write_device_table("learn_dev_meta.h5", 0.5, 1.0);
    ms_table *flat = NULL, *meta = NULL;
    ms_error err = {0};
    ck_assert_int_eq(ms_table_open("learn_dev_flat2.h5", &flat, &err), 0);
    ck_assert_int_eq(ms_table_open("learn_dev_meta.h5", &meta, &err), 0);
    ms_dataset *tr = synthetic(300, 32, 4, 0.8, 7), *te = synthetic(100, 32, 4, 0.8, 8);
    ms_tasks *ts = NULL;
    ck_assert_int_eq(ms_learn_tasks_permuted(tr, te, 2, 1, 3, &ts, &err), 0);
    double bwt[2] = {0, 0};
    const int seeds = ms_test_quick() ? 1 : 3;
    for (int k = 0; k < 2; k++) {
        ms_learn_opts o = device_opts(k ? meta : flat);
        for (int s = 0; s < seeds; s++) {
            ms_ctx *ctx = ms_ctx_create(10 + (uint64_t)s, 1);
            ms_learn_result *r = NULL;
            ck_assert_int_eq(ms_learn_run(ts, &o, ctx, &r, &err), 0);
            bwt[k] += r->bwt / seeds;
            ms_learn_result_destroy(r);
            ms_ctx_destroy(ctx);
        }
    }
    if (getenv("MS_FD_DEBUG")) fprintf(stderr, "bwt %g %g\n", bwt[0], bwt[1]);
    ck_assert_msg(bwt[1] > bwt[0] + 0.05, "BWT with consolidation %g, without %g", bwt[1], bwt[0]);
    ms_learn_tasks_destroy(ts);
    ms_dataset_destroy(tr);
    ms_dataset_destroy(te);
    ms_table_close(flat);
    ms_table_close(meta);
    unlink("learn_dev_flat2.h5");
    unlink("learn_dev_meta.h5");
}
END_TEST

Suite *check_learn_suite(void)
{
    Suite *s = suite_create("learn");
    TCase *tc = tcase_create("data");
    tcase_add_test(tc, test_idx_read);
    tcase_add_test(tc, test_csv_read_split_standardize);
    tcase_add_test(tc, test_tasks);
    suite_add_tcase(s, tc);
    tc = tcase_create("network");
    tcase_add_test(tc, test_gradient_check);
    tcase_add_test(tc, test_meta_rule_closed_form);
    tcase_add_test(tc, test_metrics);
    tcase_add_test(tc, test_train_synthetic);
    suite_add_tcase(s, tc);
    tc = tcase_create("device");
    tcase_add_test(tc, test_device_accounting_and_h_independence);
    tcase_add_test(tc, test_device_consolidation_forgets_less);
    suite_add_tcase(s, tc);
    return s;
}
