/* sweep.c — material-parameter sweeps: the declared sweep.* keys, the sweep points (grid =
 * Cartesian product in row-major order of the axes, list = zipped value lists, lhs = Latin
 * hypercube of sweep.samples points over ranges) and the "key=value" overrides with which every
 * point re-loads the config (so each swept value passes the same unit, range and consistency
 * checks as a value typed in the file). Values are written with units ("1.2 nm"); the swept key's
 * declared unit comes from the schemas. LHS: stratum permutations and in-stratum offsets from the
 * Philox stream MS_RNG_DOMAIN(MS_RNG_USER) + axis (McKay, Beckman & Conover, Technometrics 21,
 * 239 (1979)). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/rng.h"
#include "metaspin/sweep.h"
#include "metaspin/units.h"

#define AXIS_KEYS(N)                                                                                        \
    {"sweep.axis" #N ".key", MS_KEY_STRING, "", "", NULL, NULL, "swept config key of axis " #N " (\"\" = unused)"}, \
    {"sweep.axis" #N ".values", MS_KEY_STRING, "", "", NULL, NULL,                                          \
     "axis " #N ": \"v1, v2, ...\", \"linspace(a, b, n)\", \"logspace(a, b, n)\"; lhs: \"range(a, b)\" or \"logrange(a, b)\""}

const ms_key ms_sweep_keys[] = {
    {"sweep.mode", MS_KEY_CHOICE, "", "grid", NULL, "grid|list|lhs", "grid: Cartesian product; list: zipped lists; lhs: Latin hypercube"},
    {"sweep.samples", MS_KEY_INT, "", "8", "[1, 4096]", NULL, "lhs: number of points"},
    AXIS_KEYS(1), AXIS_KEYS(2), AXIS_KEYS(3), AXIS_KEYS(4),
    {"sweep.output", MS_KEY_CHOICE, "", "merit", NULL, "merit|table", "per point: figures of merit, or a full device table"},
    {"sweep.reference.amplitude", MS_KEY_STRING, "", "", NULL, NULL, "merit: write amplitude of the reference pulse, with unit (default: the largest table amplitude)"},
    {"sweep.reference.width", MS_KEY_QUANTITY, "s", "0 s", "[0, inf)", NULL, "merit: width of the reference pulse (0: the largest table width)"},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL}};

static const ms_key *find_key(const ms_key *const *schemas, const char *path)
{
    for (const ms_key *const *s = schemas; *s; s++)
        for (const ms_key *k = *s; k->path; k++)
            if (strcmp(k->path, path) == 0)
                return k;
    return NULL;
}

static int convert(const ms_config *cfg, const char *where, const ms_sweep_axis *a, const char *text, double *v,
                   ms_error *err)
{
    char why[512];
    if (ms_units_convert(text, a->unit, v, why, sizeof why))
        return ms_config_error(cfg, err, where, "%s: %s", a->key, why);
    return MS_OK;
}

/* "v1, v2", "linspace(a, b, n)", "logspace(a, b, n)" -> values; "range(a, b)"/"logrange(a, b)" -> lo, hi. */
static int parse_values(const ms_config *cfg, const char *where, const char *text, ms_sweep_axis *a, int lhs,
                        ms_error *err)
{
    char buf[4096], x[128], y[128];
    long n = 0;
    int status;
    snprintf(buf, sizeof buf, "%s", text);
    char *s = buf;
    while (isspace((unsigned char)*s))
        s++;
    const int lin = !strncmp(s, "linspace(", 9), lg = !strncmp(s, "logspace(", 9);
    const int rng = !strncmp(s, "range(", 6), lrng = !strncmp(s, "logrange(", 9);
    if (lhs != (rng || lrng))
        return ms_config_error(cfg, err, where, lhs ? "lhs needs \"range(a, b)\" or \"logrange(a, b)\""
                                                    : "range()/logrange() are for sweep.mode = \"lhs\"");
    if (rng || lrng) {
        if (sscanf(s + (rng ? 6 : 9), " %127[^,] , %127[^)]", x, y) != 2)
            return ms_config_error(cfg, err, where, "expects range(a, b), got \"%s\"", text);
        MS_TRY(convert(cfg, where, a, x, &a->lo, err));
        MS_TRY(convert(cfg, where, a, y, &a->hi, err));
        a->log = lrng;
        if (lrng && !(a->lo > 0 && a->hi > 0))
            return ms_config_error(cfg, err, where, "logrange needs positive bounds");
        return MS_OK;
    }
    if (lin || lg) {
        if (sscanf(s + 9, " %127[^,] , %127[^,] , %ld", x, y, &n) != 3 || n < 1 || n > MS_SWEEP_MAX_VALUES)
            return ms_config_error(cfg, err, where, "expects %s(a, b, n) with 1 <= n <= %d", lin ? "linspace" : "logspace",
                                   MS_SWEEP_MAX_VALUES);
        double va, vb;
        MS_TRY(convert(cfg, where, a, x, &va, err));
        MS_TRY(convert(cfg, where, a, y, &vb, err));
        if (lg && !(va > 0 && vb > 0))
            return ms_config_error(cfg, err, where, "logspace needs positive bounds");
        if (!(a->v = malloc((size_t)n * sizeof *a->v)))
            return MS_ERROR(err, MS_ENOMEM, "sweep: out of memory");
        for (long i = 0; i < n; i++) {
            const double f = n > 1 ? (double)i / (double)(n - 1) : 0.0;
            a->v[i] = lin ? va + f * (vb - va) : va * pow(vb / va, f);
        }
        a->n = (size_t)n;
        return MS_OK;
    }
    if (!(a->v = malloc(MS_SWEEP_MAX_VALUES * sizeof *a->v)))
        return MS_ERROR(err, MS_ENOMEM, "sweep: out of memory");
    for (char *save = NULL, *tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (a->n == MS_SWEEP_MAX_VALUES)
            return ms_config_error(cfg, err, where, "more than %d values", MS_SWEEP_MAX_VALUES);
        MS_TRY(convert(cfg, where, a, tok, &a->v[a->n], err));
        a->n++;
    }
    if (a->n == 0)
        return ms_config_error(cfg, err, where, "needs at least one value");
fail:
    return status;
}

static int read_axis(const ms_config *cfg, const ms_key *const *schemas, int k, ms_sweep_axis *a, int lhs,
                     int *used, ms_error *err)
{
    char kp[64], vp[64];
    snprintf(kp, sizeof kp, "sweep.axis%d.key", k + 1);
    snprintf(vp, sizeof vp, "sweep.axis%d.values", k + 1);
    const char *key = ms_config_get_string(cfg, kp);
    *used = key[0] != '\0';
    if (!*used)
        return MS_OK;
    const ms_key *decl = find_key(schemas, key);
    if (!decl)
        return ms_config_error(cfg, err, kp, "\"%s\" is not a key of this command", key);
    if (decl->type != MS_KEY_QUANTITY && decl->type != MS_KEY_INT)
        return MS_ERROR(err, MS_EUNSUPPORTED, "%s: sweeping \"%s\" (a list, vector, text or choice key) not yet supported",
                        ms_config_where(cfg, kp), key);
    if (strncmp(key, "sweep.", 6) == 0)
        return ms_config_error(cfg, err, kp, "cannot sweep the sweep's own keys");
    snprintf(a->key, sizeof a->key, "%s", key);
    snprintf(a->unit, sizeof a->unit, "%s", decl->unit ? decl->unit : "");
    return parse_values(cfg, vp, ms_config_get_string(cfg, vp), a, lhs, err);
}

static void lhs_points(ms_sweep *s, uint64_t seed)
{
    const ms_rng_key key = ms_rng_key_make(seed);
    size_t *perm = malloc(s->n_points * sizeof *perm);
    for (size_t k = 0; k < s->n_axes; k++) {
        const ms_sweep_axis *a = &s->axis[k];
        const uint64_t stream = MS_RNG_DOMAIN(MS_RNG_USER) + k;
        for (size_t i = 0; i < s->n_points; i++)
            perm[i] = i;
        for (size_t i = s->n_points; i > 1; i--) { /* Fisher–Yates */
            double u[4];
            ms_rng_uniform4(key, stream, i, u);
            const size_t j = (size_t)(u[0] * (double)i) < i ? (size_t)(u[0] * (double)i) : i - 1;
            const size_t t = perm[i - 1];
            perm[i - 1] = perm[j];
            perm[j] = t;
        }
        for (size_t i = 0; i < s->n_points; i++) {
            double u[4];
            ms_rng_uniform4(key, stream, s->n_points + 1 + i, u);
            const double f = ((double)perm[i] + u[0]) / (double)s->n_points;
            s->points[i * s->n_axes + k] = a->log ? a->lo * pow(a->hi / a->lo, f) : a->lo + f * (a->hi - a->lo);
        }
    }
    free(perm);
}

static int make_points(ms_sweep *s, const ms_config *cfg, uint64_t seed, ms_error *err)
{
    size_t n = 1;
    if (s->mode == MS_SWEEP_LHS)
        n = (size_t)ms_config_get_int(cfg, "sweep.samples");
    else if (s->mode == MS_SWEEP_LIST) {
        n = s->axis[0].n;
        for (size_t k = 1; k < s->n_axes; k++)
            if (s->axis[k].n != n)
                return ms_config_error(cfg, err, "sweep.mode", "list mode needs equally long value lists (%zu vs %zu)", n,
                                       s->axis[k].n);
    } else {
        for (size_t k = 0; k < s->n_axes; k++)
            n *= s->axis[k].n;
    }
    if (n > 1000000)
        return ms_config_error(cfg, err, "sweep.mode", "%zu points is too many", n);
    s->n_points = n;
    if (!(s->points = malloc(n * s->n_axes * sizeof *s->points)))
        return MS_ERROR(err, MS_ENOMEM, "sweep: out of memory");
    if (s->mode == MS_SWEEP_LHS) {
        lhs_points(s, seed);
        return MS_OK;
    }
    for (size_t q = 0; q < n; q++) {
        size_t rest = q;
        for (size_t k = s->n_axes; k-- > 0;) {
            const size_t idx = s->mode == MS_SWEEP_LIST ? q : rest % s->axis[k].n;
            rest /= s->mode == MS_SWEEP_LIST ? 1 : s->axis[k].n;
            s->points[q * s->n_axes + k] = s->axis[k].v[idx];
        }
    }
    return MS_OK;
}

int ms_sweep_create(ms_sweep **out, const ms_config *cfg, const ms_key *const *schemas, uint64_t seed, ms_error *err)
{
    ms_sweep *s = calloc(1, sizeof *s);
    int status = MS_OK;
    *out = NULL;
    if (!s)
        return MS_ERROR(err, MS_ENOMEM, "sweep: out of memory");
    const char *mode = ms_config_get_string(cfg, "sweep.mode");
    s->mode = !strcmp(mode, "grid") ? MS_SWEEP_GRID : !strcmp(mode, "list") ? MS_SWEEP_LIST : MS_SWEEP_LHS;
    for (int k = 0; k < MS_SWEEP_MAX_AXES; k++) {
        int used;
        MS_TRY(read_axis(cfg, schemas, k, &s->axis[s->n_axes], s->mode == MS_SWEEP_LHS, &used, err));
        s->n_axes += used != 0;
    }
    if (s->n_axes == 0) {
        status = ms_config_error(cfg, err, "sweep.axis1.key", "a sweep needs at least one axis");
        goto fail;
    }
    MS_TRY(make_points(s, cfg, seed, err));
    *out = s;
    return MS_OK;
fail:
    ms_sweep_destroy(s);
    return status;
}

void ms_sweep_destroy(ms_sweep *s)
{
    if (!s)
        return;
    for (size_t k = 0; k < MS_SWEEP_MAX_AXES; k++)
        free(s->axis[k].v);
    free(s->points);
    free(s);
}

void ms_sweep_overrides(const ms_sweep *s, size_t q, char (*buf)[128], const char **ptrs)
{
    for (size_t k = 0; k < s->n_axes; k++) {
        const double v = s->points[q * s->n_axes + k];
        if (s->axis[k].unit[0] == '\0' && v == floor(v) && fabs(v) < 1e15)
            snprintf(buf[k], 128, "%s=%.0f", s->axis[k].key, v);
        else
            snprintf(buf[k], 128, "%s=%.17g", s->axis[k].key, v);
        ptrs[k] = buf[k];
    }
}
