/* sweep_run.c — compute a sweep on the work runner (one unit per sweep point; checkpoints, resume,
 * --part and MPI come from work.c / mpi.c) and write its result file. Per point the config is
 * re-loaded with the point's overrides, the device-table spec is built (tablegen.h) and either the
 * figures of merit or a full table are computed (definitions in sweep.h). The reference pulse is
 * applied toward +u (direction to_plus) at the first table temperature. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/h5.h"
#include "metaspin/sweep.h"
#include "metaspin/tablegen.h"
#include "metaspin/units.h"

const ms_key *const ms_sweep_schemas[] = {ms_sweep_keys, ms_tablegen_keys, ms_macrospin_keys, ms_ionics_keys,
                                          ms_output_keys, NULL};

typedef struct sweep_user {
    const ms_sweep *s;
    const ms_sweep_job *job;
    ms_sweep_result *res;
    ms_ctx *ctx;
} sweep_user;

static int load_point(const sweep_user *u, size_t q, ms_tablegen_spec *spec, ms_error *err)
{
    const char *sets[MS_SWEEP_MAX_AXES + 64];
    char buf[MS_SWEEP_MAX_AXES][128];
    const int nb = u->job->n_sets < 64 ? u->job->n_sets : 64;
    for (int i = 0; i < nb; i++)
        sets[i] = u->job->sets[i];
    if (u->s)
        ms_sweep_overrides(u->s, q, buf, sets + nb);
    ms_config *cfg = NULL;
    int status = ms_config_load(&cfg, u->job->file, sets, nb + (u->s ? (int)u->s->n_axes : 0), ms_sweep_schemas, err);
    if (!status)
        status = ms_tablegen_spec_from_config(cfg, spec, err);
    ms_config_destroy(cfg);
    if (status && u->s)
        ms_error_prefix(err, "sweep point %zu", q);
    return status;
}

static double critical_drive(const ms_tablegen_spec *s, const ms_macrospin_device *d, const ms_macrospin_derived *dv)
{
    switch (s->kind) {
    case MS_TABLEGEN_CURRENT:
        return s->use_sot ? NAN : dv->j_c0;
    case MS_TABLEGEN_VOLTAGE:
        return d->vcma_xi != 0 ? dv->k_eff * d->vcma_t_ox * d->t_free / d->vcma_xi : NAN;
    case MS_TABLEGEN_FIELD:
        break;
    }
    return dv->h_k;
}

/* P(to_plus) at the reference amplitude for every h and every width of `widths` (nw) at T0. */
static int mini_table(const ms_tablegen_spec *s, double a, const double *widths, size_t nw, ms_ctx *ctx, double *p_out,
                      ms_error *err)
{
    ms_tablegen_spec *m = malloc(sizeof *m);
    ms_tablegen *tg = NULL;
    int status;
    if (!m)
        return MS_ERROR(err, MS_ENOMEM, "sweep: out of memory");
    *m = *s;
    m->na = 1;
    m->amplitude[0] = a;
    m->nw = nw;
    memcpy(m->width, widths, nw * sizeof *widths);
    m->nt = 1;
    MS_TRY(ms_tablegen_create(&tg, m, ctx, err));
    for (size_t ih = 0; ih < m->nh; ih++)
        for (size_t iw = 0; iw < nw; iw++) {
            double rec[MS_TABLEGEN_RECORD];
            MS_TRY(ms_tablegen_point_run(tg, (ih * nw + iw) * 2, rec, err));
            p_out[ih * nw + iw] = rec[MS_TABLEGEN_P];
        }
fail:
    ms_tablegen_destroy(tg);
    free(m);
    return status;
}

/* Width where P crosses 0.5, log-linear between table widths; NaN if not bracketed. */
static double width_half(const double *p, const double *w, size_t nw)
{
    for (size_t k = 0; k + 1 < nw; k++)
        if (p[k] < 0.5 && p[k + 1] >= 0.5) {
            const double f = (0.5 - p[k]) / (p[k + 1] - p[k]);
            return w[k] * pow(w[k + 1] / w[k], f);
        }
    return NAN;
}

static int merits(const sweep_user *u, const ms_tablegen_spec *s, double *rec, ms_error *err)
{
    const double a = u->res->ref_amplitude > 0 ? u->res->ref_amplitude : s->amplitude[s->na - 1];
    const double w = u->res->ref_width > 0 ? u->res->ref_width : s->width[s->nw - 1];
    double p_ref[MS_TABLEGEN_MAX_AXIS], *p_w = malloc(s->nh * s->nw * sizeof *p_w);
    int status;
    if (!p_w)
        return MS_ERROR(err, MS_ENOMEM, "sweep: out of memory");
    MS_TRY(mini_table(s, a, &w, 1, u->ctx, p_ref, err));
    MS_TRY(mini_table(s, a, s->width, s->nw, u->ctx, p_w, err));
    for (size_t ih = 0; ih < s->nh; ih++) {
        ms_macrospin_device d;
        ms_macrospin_derived dv;
        MS_TRY(ms_tablegen_device(s, ih, s->temperature[0], &d, err));
        ms_macrospin_device_derive(&d, &dv);
        double *r = rec + ih * MS_SWEEP_MERITS;
        r[0] = dv.delta;
        r[1] = critical_drive(s, &d, &dv);
        r[2] = p_ref[ih];
        r[3] = width_half(p_w + ih * s->nw, s->width, s->nw);
        r[4] = ms_tablegen_write_energy(s, a, w);
    }
fail:
    free(p_w);
    return status;
}

static int full_table(const sweep_user *u, const ms_tablegen_spec *s, double *rec, ms_error *err)
{
    ms_tablegen *tg = NULL;
    int status = ms_tablegen_create(&tg, s, u->ctx, err);
    for (size_t p = 0; !status && p < ms_tablegen_spec_points(s); p++)
        status = ms_tablegen_point_run(tg, p, rec + p * MS_TABLEGEN_RECORD, err);
    ms_tablegen_destroy(tg);
    return status;
}

/* The spec of point q, checked against the base table shape. */
static int load_checked(const sweep_user *u, size_t q, ms_tablegen_spec *s, ms_error *err)
{
    const int status = load_point(u, q, s, err);
    if (status)
        return status;
    const ms_tablegen_spec *b = u->res->base;
    if (s->nh != b->nh || s->na != b->na || s->nw != b->nw || s->nt != b->nt)
        return MS_ERROR(err, MS_EINPUT, "sweep point %zu changes the table shape (sweep table axes with table.* lists, not per point)", q);
    return MS_OK;
}

static int sweep_unit(void *user, size_t q, double *rec, ms_error *err)
{
    const sweep_user *u = user;
    ms_tablegen_spec *s = malloc(sizeof *s);
    int status;
    if (!s)
        return MS_ERROR(err, MS_ENOMEM, "sweep: out of memory");
    MS_TRY(load_checked(u, q, s, err));
    status = u->res->full_table ? full_table(u, s, rec, err) : merits(u, s, rec, err);
fail:
    free(s);
    return status;
}

/* Load every point's config before any work or checkpoint: a value out of range at point 900 is
 * bad input now, not a failure hours into the run that leaves a checkpoint behind. */
static int check_points(const ms_sweep *sw, const ms_sweep_job *job, ms_sweep_result *res, ms_error *err)
{
    const sweep_user u = {.s = sw, .job = job, .res = res};
    ms_tablegen_spec *s = malloc(sizeof *s);
    if (!s)
        return MS_ERROR(err, MS_ENOMEM, "sweep: out of memory");
    int status = MS_OK;
    for (size_t q = 0; !status && q < sw->n_points; q++)
        status = load_checked(&u, q, s, err);
    free(s);
    return status;
}

static int reference_amplitude(const ms_config *cfg, const ms_tablegen_spec *b, double *a, ms_error *err)
{
    const char *text = ms_config_get_string(cfg, "sweep.reference.amplitude");
    const char *unit = b->kind == MS_TABLEGEN_CURRENT ? "A/m^2" : b->kind == MS_TABLEGEN_VOLTAGE ? "V" : "A/m";
    char why[512];
    *a = 0;
    if (!text[0])
        return MS_OK;
    if (ms_units_convert(text, unit, a, why, sizeof why))
        return ms_config_error(cfg, err, "sweep.reference.amplitude", "%s", why);
    return MS_OK;
}

static int prepare(const ms_sweep *s, const ms_sweep_job *job, ms_sweep_result *res, ms_error *err)
{
    ms_config *cfg = NULL;
    const sweep_user u0 = {.s = NULL, .job = job, .res = res};
    memset(res, 0, sizeof *res);
    int status = ms_config_load(&cfg, job->file, job->sets, job->n_sets, ms_sweep_schemas, err);
    if (status)
        return status;
    res->full_table = strcmp(ms_config_get_string(cfg, "sweep.output"), "table") == 0;
    res->ref_width = ms_config_get(cfg, "sweep.reference.width");
    if (!(res->base = malloc(sizeof *res->base))) {
        status = MS_ERROR(err, MS_ENOMEM, "sweep: out of memory");
        goto fail;
    }
    MS_TRY(load_point(&u0, 0, res->base, err));
    MS_TRY(reference_amplitude(cfg, res->base, &res->ref_amplitude, err));
    MS_TRY(check_points(s, job, res, err));
    res->record_len = res->full_table ? ms_tablegen_spec_points(res->base) * MS_TABLEGEN_RECORD
                                      : res->base->nh * MS_SWEEP_MERITS;
    res->records = malloc(s->n_points * res->record_len * sizeof *res->records);
    res->done = malloc(s->n_points);
    if (!res->records || !res->done)
        status = MS_ERROR(err, MS_ENOMEM, "sweep: out of memory for %zu points", s->n_points);
fail:
    ms_config_destroy(cfg);
    return status;
}

int ms_sweep_run(const ms_sweep *s, const ms_sweep_job *job, ms_ctx *ctx, ms_sweep_result *res, int *is_root,
                 ms_error *err)
{
    *is_root = 1;
    int status = prepare(s, job, res, err);
    if (status)
        return status;
    sweep_user u = {.s = s, .job = job, .res = res, .ctx = ctx};
    const ms_work w = {
        .n_units = s->n_points,
        .record_len = res->record_len,
        .compute = sweep_unit,
        .user = &u,
        .checkpoint = job->run.checkpoint,
        .fingerprint = job->run.fingerprint,
        .resume = job->run.resume,
        .part_index = job->run.part_index,
        .part_count = job->run.part_count,
        .label = "sweep",
    };
    return ms_work_run(&w, res->records, res->done, is_root, ctx, err);
}

void ms_sweep_result_release(ms_sweep_result *res)
{
    free(res->base);
    free(res->records);
    free(res->done);
    memset(res, 0, sizeof *res);
}
