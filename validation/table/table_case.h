/* table_case.h — shared body of the validation/table cases: run a small device table
 * (ms_sweep_table_run, the code path of `metaspin table`) and compare every point with the
 * closed-form first-passage model (ms_tablegen_model_p), then check monotonicity in amplitude and
 * width and the to_plus/to_minus symmetry. Tolerances: the three-sigma Wilson half-width per point
 * (many points are tested at once), χ²/dof ≤ 2 (the 99 % quantile of χ²₁₆/16), and decreases or
 * asymmetries of less than the combined three-sigma half-widths. See each case's README.md.
 * validation/phase/table uses the loader and the monotonicity measure too (static inline: a case
 * that does not call one gets no unused-function warning). */
#ifndef METASPIN_VALIDATION_TABLE_CASE_H
#define METASPIN_VALIDATION_TABLE_CASE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "common.h"
#include "metaspin/config.h"
#include "metaspin/ctx.h"
#include "metaspin/sweep.h"
#include "metaspin/tablegen.h"

static inline int table_case_load(const char *name, const char *text, ms_tablegen_spec *spec)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/validate_table_%d.cfg", (int)getpid());
    FILE *f = fopen(path, "w");
    if (!f)
        return 1;
    fputs(text, f);
    fclose(f);
    ms_config *cfg = NULL;
    ms_error err;
    int st = ms_config_load(&cfg, path, NULL, 0, ms_tablegen_schemas, &err);
    if (!st)
        st = ms_tablegen_spec_from_config(cfg, spec, &err);
    if (st)
        fprintf(stderr, "%s: %s\n", name, err.message);
    ms_config_destroy(cfg);
    remove(path);
    return st;
}

static inline double table_case_halfwidth(const double *r, double z)
{
    double lo, hi;
    ms_wilson_interval((uint64_t)r[MS_TABLEGEN_K], (uint64_t)r[MS_TABLEGEN_N], z, &lo, &hi);
    return 0.5 * (hi - lo);
}

/* Worst normalised decrease along an axis (0 amplitude, 1 width) over the points of the directions
 * in `dirs` (bit 0 to_plus, bit 1 to_minus), or for axis 2 the worst normalised to_plus/to_minus
 * difference; in units of the combined 3-sigma half-widths (≤ 0 for a decrease). */
static inline double table_case_worst(const ms_tablegen_spec *s, const double *rec, int axis, int dirs)
{
    const size_t n = ms_tablegen_spec_points(s);
    double worst = 0;
    for (size_t p = 0; p < n; p++) {
        size_t ih, ia, iw, it;
        int dir;
        ms_tablegen_point_index(s, p, &ih, &ia, &iw, &it, &dir);
        const double *r = rec + p * MS_TABLEGEN_RECORD;
        const int has = axis == 0 ? ia + 1 < s->na : axis == 1 ? iw + 1 < s->nw : dir == 0;
        if (axis != 2 && !(dirs >> dir & 1))
            continue;
        if (!has)
            continue;
        const size_t step = axis == 0 ? s->nw * s->nt * 2 : axis == 1 ? s->nt * 2 : 1;
        const double *q = r + step * MS_TABLEGEN_RECORD;
        const double d = (q[MS_TABLEGEN_P] - r[MS_TABLEGEN_P]) /
                         hypot(table_case_halfwidth(q, 3.0), table_case_halfwidth(r, 3.0));
        worst = axis == 2 ? fmax(worst, fabs(d)) : fmin(worst, d);
    }
    return worst;
}

static inline int table_case_run(const char *name, const char *text, uint64_t seed, const char *unit, double scale)
{
    ms_tablegen_spec *s = malloc(sizeof *s);
    if (!s || table_case_load(name, text, s))
        return 1;
    const size_t n = ms_tablegen_spec_points(s);
    double *rec = malloc(n * MS_TABLEGEN_RECORD * sizeof *rec), chi2 = 0;
    uint8_t *done = malloc(n);
    ms_ctx *ctx = ms_ctx_create(seed, 2);
    ms_error err;
    int root, fails = 0, inside95 = 0;
    const ms_table_job job = {0};
    if (ms_sweep_table_run(s, &job, ctx, rec, done, &root, &err)) {
        fprintf(stderr, "%s: %s\n", name, err.message);
        return 1;
    }
    char label[160];
    for (size_t p = 0; p < n; p++) {
        size_t ih, ia, iw, it;
        int dir, app;
        double pm;
        const double *r = rec + p * MS_TABLEGEN_RECORD;
        ms_tablegen_point_index(s, p, &ih, &ia, &iw, &it, &dir);
        if (ms_tablegen_model_p(s, p, &pm, &app, &err) || !app) {
            fprintf(stderr, "%s: model not applicable at point %zu: %s\n", name, p, app ? err.message : "");
            return 1;
        }
        snprintf(label, sizeof label, "%s/P[delta=%g,a=%g%s,w=%gns,%s]", name, s->h[ih], s->amplitude[ia] / scale, unit,
                 s->width[iw] * 1e9, dir ? "to_minus" : "to_plus");
        fails += ms_validate_report(label, r[MS_TABLEGEN_P], pm, table_case_halfwidth(r, 3.0));
        inside95 += fabs(r[MS_TABLEGEN_P] - pm) <= table_case_halfwidth(r, 1.959964);
        chi2 += pow(r[MS_TABLEGEN_P] - pm, 2) / (pm * (1 - pm) / r[MS_TABLEGEN_N]);
    }
    printf("%s: %d of %zu points inside the 95 %% Wilson interval of the model\n", name, inside95, n);
    snprintf(label, sizeof label, "%s/chi2_per_dof", name);
    fails += ms_validate_report(label, chi2 / (double)n, 1.0, 1.0);
    snprintf(label, sizeof label, "%s/monotone_amplitude", name);
    fails += ms_validate_report(label, table_case_worst(s, rec, 0, 3), 0.0, 1.0);
    snprintf(label, sizeof label, "%s/monotone_width", name);
    fails += ms_validate_report(label, table_case_worst(s, rec, 1, 3), 0.0, 1.0);
    snprintf(label, sizeof label, "%s/direction_symmetry", name);
    fails += ms_validate_report(label, table_case_worst(s, rec, 2, 3), 0.0, 1.0);
    ms_ctx_destroy(ctx);
    free(rec);
    free(done);
    free(s);
    return fails;
}

#endif
