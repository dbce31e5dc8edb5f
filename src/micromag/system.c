/* system.c — the micromagnetic system: state, the one table of energy terms, the effective field,
 * the LLG right-hand side, energies, torque and averages.
 *
 * H_eff = Σ_terms H_term(t, m) (A/m); dm/dt from ms_llg_rhs (llg.h) per cell with the cell's α and
 * the drive's γ0; the spin torques are terms of the same table (torque.c). The table below is the
 * only list of terms: ms_mm_field sums their fields, ms_mm_energy their energies (STYLE.md rule 1).
 * Energy of a term whose field is linear in m: E = −(μ0/2) V Σ Ms m·H; of a constant field:
 * E = −μ0 V Σ Ms m·H; anisotropy computes its own (anisotropy.c). */
#include <gsl/gsl_const_mksa.h>
#include <float.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/llg.h"
#include "system.h"

static const ms_mm_term *const terms[MS_TERM_COUNT] = {
    [MS_TERM_DEMAG] = &ms_term_demag,         [MS_TERM_EXCHANGE] = &ms_term_exchange,
    [MS_TERM_ANISOTROPY] = &ms_term_anisotropy, [MS_TERM_DMI] = &ms_term_dmi,
    [MS_TERM_ZEEMAN] = &ms_term_zeeman,       [MS_TERM_EXCHANGE_BIAS] = &ms_term_exchange_bias,
    [MS_TERM_THERMAL] = &ms_term_thermal,     [MS_TERM_TORQUE] = &ms_term_torque,
};

const char *ms_mm_term_name(int term)
{
    return term >= 0 && term < MS_TERM_COUNT ? terms[term]->name : "?";
}

static double *alloc3(size_t n) { return calloc(3 * n, sizeof(double)); }

void ms_mm_params_update(ms_mm *s)
{
    const ms_mesh *g = s->mesh;
    s->aniso_on = s->cubic_on = s->dmi_on = s->eb_on = 0;
    for (size_t i = 0; i < s->n; i++) {
        s->inv_ms[i] = g->ms[i] > 0 ? 1.0 / g->ms[i] : 0.0;
        if (g->ms[i] <= 0)
            continue;
        s->aniso_on |= g->ku1[i] != 0.0 || g->ku2[i] != 0.0;
        s->cubic_on |= g->kc1[i] != 0.0;
        s->dmi_on |= g->dmi[i] != 0.0;
        s->eb_on |= g->hebx[i] != 0.0 || g->heby[i] != 0.0 || g->hebz[i] != 0.0;
    }
    ms_exchange_couplings_update(s);
    s->thermal_on = s->drive.temperature > 0;
    s->torque_on = s->drive.stt_j != 0.0 || s->drive.sot_j != 0.0;
}

static int drive_check(const ms_mm_drive *d, ms_error *err)
{
    if (!(d->gamma0 > 0))
        return MS_ERROR(err, MS_EINPUT, "mesh: gamma must be positive");
    if (!(d->temperature >= 0))
        return MS_ERROR(err, MS_EINPUT, "mesh: temperature must be >= 0");
    if ((d->stt_j != 0 || d->sot_j != 0) && !(d->t_f > 0))
        return MS_ERROR(err, MS_EINPUT, "mesh: spin torques need a positive free-layer thickness");
    if (d->stt_angle && !(d->stt_pol > 0 && d->stt_pol <= 1))
        return MS_ERROR(err, MS_EINPUT, "mesh: stt polarisation must be in (0, 1]");
    return MS_OK;
}

int ms_mm_create(ms_mm **out, const ms_mesh *mesh, const ms_mm_drive *drive, ms_ctx *ctx,
                 ms_error *err)
{
    int status = MS_OK;
    *out = NULL;
    MS_TRY(drive_check(drive, err));
    ms_mm *s = calloc(1, sizeof *s);
    if (!s)
        return MS_ERROR(err, MS_ENOMEM, "mesh: out of memory");
    s->mesh = mesh, s->drive = *drive, s->ctx = ctx, s->n = mesh->n;
    s->threads = ctx && ctx->threads > 0 ? ctx->threads : omp_get_max_threads();
    s->volume = mesh->dx * mesh->dy * mesh->dz;
    s->key = ms_rng_key_make(ctx ? ctx->seed : 1);
    double **arrays[] = {&s->wxp, &s->wxm, &s->wyp, &s->wym, &s->wzp, &s->wzm, &s->inv_ms};
    int ok = (s->m = alloc3(s->n)) && (s->scratch = alloc3(s->n)) && (s->h_th = alloc3(s->n));
    for (size_t k = 0; k < sizeof arrays / sizeof *arrays; k++)
        ok = ok && (*arrays[k] = calloc(s->n, sizeof(double)));
    ok = ok && (s->sums = calloc(2 * ms_mm_sum_chunks(s->n), sizeof(double)));
    if (!ok) {
        ms_mm_destroy(s);
        return MS_ERROR(err, MS_ENOMEM, "mesh: out of memory for %zu cells", mesh->n);
    }
    ms_mm_params_update(s);
    if (!drive->demag_off) {
        status = ms_demag_plan_create(&s->demag, mesh, s->threads, drive->fft_measure, drive->fft_wisdom, err);
        if (status != MS_OK) {
            ms_mm_destroy(s);
            return status;
        }
        if (ctx)
            ms_cite(ctx, "newell1993");
    }
    if (ctx && s->thermal_on)
        ms_cite(ctx, "brown1963");
    if (ctx && s->torque_on && drive->stt_j != 0)
        ms_cite(ctx, "slonczewski1996");
    s->team = ms_mm_team_size(s->n, s->threads);
    const double x[3] = {1, 0, 0};
    ms_mm_m_uniform(s, x);
    *out = s;
    return MS_OK;
fail:
    return status;
}

void ms_mm_destroy(ms_mm *s)
{
    if (!s)
        return;
    ms_demag_plan_destroy(s->demag);
    double *arrays[] = {s->m, s->scratch, s->h_th, s->wxp, s->wxm, s->wyp, s->wym, s->wzp, s->wzm,
                        s->inv_ms, s->sums};
    for (size_t k = 0; k < sizeof arrays / sizeof *arrays; k++)
        free(arrays[k]);
    free(s);
}

const ms_mesh *ms_mm_mesh(const ms_mm *s) { return s->mesh; }
ms_mm_drive *ms_mm_drive_get(ms_mm *s) { return &s->drive; }
double *ms_mm_m(ms_mm *s) { return s->m; }
double ms_mm_time(const ms_mm *s) { return s->t; }
void ms_mm_time_set(ms_mm *s, double t) { s->t = t; }
uint64_t ms_mm_evaluations(const ms_mm *s) { return s->evaluations; }
double ms_mm_fft_seconds(const ms_mm *s) { return ms_demag_fft_seconds(s->demag); }

/* The field sum as run by every thread of the team (system.h): the terms' loops share out. */
static void field_team(ms_mm *s, double t, const double *m, double *h)
{
    int k = 0;
    while (k < MS_TERM_COUNT && !terms[k]->active(s))
        k++;
    /* m is whole before any term reads a neighbour (team.h) */
    if (!(k < MS_TERM_COUNT && terms[k]->own_barrier && terms[k]->own_barrier(s))) {
#pragma omp barrier
    }
    if (k < MS_TERM_COUNT && terms[k]->field_set) {
        terms[k++]->field_set(s, t, m, h);
    } else {
        MS_MM_FOR3(s, i, h[i] = 0.0);
    }
    for (; k < MS_TERM_COUNT; k++)
        if (terms[k]->active(s))
            terms[k]->field_add(s, t, m, h);
    if (omp_get_thread_num() == 0)
        s->evaluations++;
}

void ms_mm_field(ms_mm *s, double t, const double *m, double *h)
{
    MS_MM_TEAM(s, field_team(s, t, m, h));
}

static void rhs_team(ms_mm *s, double t, const double *m, double *dm, double *hh)
{
    field_team(s, t, m, hh);
    const size_t n = s->n;
    const double g0 = s->drive.gamma0, *alpha = s->mesh->alpha;
    size_t lo, hi;
    ms_mm_cells(s, &lo, &hi);
#pragma omp simd
    for (size_t i = lo; i < hi; i++)
        ms_llg_rhs(m[i], m[n + i], m[2 * n + i], hh[i], hh[n + i], hh[2 * n + i], alpha[i], g0,
                   &dm[i], &dm[n + i], &dm[2 * n + i]);
}

void ms_mm_rhs(ms_mm *s, double t, const double *m, double *dm, double *h)
{
    double *hh = h ? h : s->scratch;
    MS_MM_TEAM(s, rhs_team(s, t, m, dm, hh));
}

/* Inside a team: per chunk of cells, Σ Ms m·h into s->sums. */
static void energy_chunks(const ms_mm *s, const double *m, const double *h)
{
    const size_t n = s->n, chunks = ms_mm_sum_chunks(n);
    const double *ms = s->mesh->ms;
#pragma omp barrier
#pragma omp for schedule(static)
    for (size_t c = 0; c < chunks; c++) {
        double e = 0.0;
        for (size_t i = c * MS_MM_SUM_CELLS; i < ms_mm_sum_chunk_end(n, c); i++)
            e += ms[i] * (m[i] * h[i] + m[n + i] * h[n + i] + m[2 * n + i] * h[2 * n + i]);
        s->sums[c] = e;
    }
}

double ms_mm_energy_from_field(const ms_mm *s, const double *m, const double *h, double f)
{
    MS_MM_TEAM(s, energy_chunks(s, m, h));
    double e = 0.0;
    for (size_t c = 0; c < ms_mm_sum_chunks(s->n); c++)
        e += s->sums[c];
    return -f * GSL_CONST_MKSA_VACUUM_PERMEABILITY * s->volume * e;
}

double ms_mm_energy(ms_mm *s, double t, const double *m, double e[MS_TERM_COUNT])
{
    double total = 0.0;
    for (int k = 0; k < MS_TERM_COUNT; k++) {
        e[k] = 0.0;
        if (!terms[k]->energy || !terms[k]->active(s))
            continue;
        memset(s->scratch, 0, 3 * s->n * sizeof(double));
        MS_MM_TEAM(s, terms[k]->field_add(s, t, m, s->scratch));
        e[k] = terms[k]->energy(s, m, s->scratch);
        total += e[k];
    }
    return total;
}

/* Inside a team: per chunk of cells, the max of |m × h|² and the sum (which carries a NaN that
 * the max would drop) into s->sums. */
void ms_mm_torque_chunks(const ms_mm *s, const double *m, const double *h)
{
    const size_t n = s->n, chunks = ms_mm_sum_chunks(n);
    double *part = s->sums;
#pragma omp barrier
#pragma omp for schedule(static)
    for (size_t c = 0; c < chunks; c++) {
        const size_t lo = c * MS_MM_SUM_CELLS, hi = ms_mm_sum_chunk_end(n, c);
        double best = 0.0, sum = 0.0;
#pragma omp simd reduction(max : best) reduction(+ : sum)
        for (size_t i = lo; i < hi; i++) {
            const double t2 = ms_mm_torque2(m, h, n, i);
            best = t2 > best ? t2 : best;
            sum += t2;
        }
        part[2 * c] = best, part[2 * c + 1] = sum;
    }
}

double ms_mm_torque_chunks_max(const ms_mm *s)
{
    double best = 0.0, sum = 0.0;
    for (size_t c = 0; c < ms_mm_sum_chunks(s->n); c++)
        best = fmax(best, s->sums[2 * c]), sum += s->sums[2 * c + 1];
    return isfinite(sum) ? sqrt(best) : NAN;
}

/* Returns NaN if any cell's torque is not finite (the solvers use this to detect blow-ups). */
double ms_mm_torque_max(const ms_mm *s, const double *m, const double *h)
{
    MS_MM_TEAM(s, ms_mm_torque_chunks(s, m, h));
    return ms_mm_torque_chunks_max(s);
}

void ms_mm_nonfinite_where(const ms_mm *s, const double *const *arr, int n_arr, char *buf, size_t cap)
{
    const ms_mesh *g = s->mesh;
    const size_t n = s->n;
    for (size_t i = 0; i < n; i++)
        for (int a = 0; a < n_arr; a++) {
            if (!arr[a] || (isfinite(arr[a][i]) && isfinite(arr[a][n + i]) && isfinite(arr[a][2 * n + i])))
                continue;
            const size_t ix = i % (size_t)g->nx, iy = i / (size_t)g->nx % (size_t)g->ny;
            const size_t iz = i / ((size_t)g->nx * (size_t)g->ny);
            snprintf(buf, cap, "cell %zu (%zu, %zu, %zu), Ms = %g A/m, alpha = %g", i, ix, iy, iz,
                     g->ms ? g->ms[i] : NAN, g->alpha ? g->alpha[i] : NAN);
            return;
        }
    snprintf(buf, cap, "no non-finite cell");
}

void ms_mm_m_average(const ms_mm *s, const double *m, double avg[3])
{
    const size_t n = s->n;
    double sx = 0, sy = 0, sz = 0, cnt = 0;
    for (size_t i = 0; i < n; i++) {
        if (s->mesh->ms[i] <= 0)
            continue;
        sx += m[i], sy += m[n + i], sz += m[2 * n + i], cnt += 1;
    }
    avg[0] = cnt > 0 ? sx / cnt : 0, avg[1] = cnt > 0 ? sy / cnt : 0, avg[2] = cnt > 0 ? sz / cnt : 0;
}

static void normalise_team(const ms_mm *s, double *m)
{
    const size_t n = s->n;
    const double *ms = s->mesh->ms;
    size_t lo, hi;
    ms_mm_cells(s, &lo, &hi);
#pragma omp simd
    for (size_t i = lo; i < hi; i++) {
        const double r2 = m[i] * m[i] + m[n + i] * m[n + i] + m[2 * n + i] * m[2 * n + i];
        double r = ms[i] > 0 && r2 > 0 ? 1.0 / sqrt(r2) : 0.0;
        /* |m|^2 overflowed (a step far too large): poison the cell so the solver reports it,
         * instead of 1/sqrt(inf) = 0 silently zeroing it */
        r = r2 > DBL_MAX ? NAN : r;
        m[i] *= r, m[n + i] *= r, m[2 * n + i] *= r;
    }
}

void ms_mm_m_normalise(const ms_mm *s, double *m)
{
    MS_MM_TEAM(s, normalise_team(s, m));
}

void ms_mm_m_uniform(ms_mm *s, const double v[3])
{
    const size_t n = s->n;
    for (size_t i = 0; i < n; i++)
        s->m[i] = v[0], s->m[n + i] = v[1], s->m[2 * n + i] = v[2];
    ms_mm_m_normalise(s, s->m);
}

/* Curl around the mesh centre in the plane normal to `axis`, with a core of radius ~2 cells along
 * +axis (polarity +1) or −axis. */
void ms_mm_m_vortex(ms_mm *s, int axis, int polarity)
{
    const ms_mesh *g = s->mesh;
    const size_t n = s->n;
    const int a1 = (axis + 1) % 3, a2 = (axis + 2) % 3;
    const double d[3] = {g->dx, g->dy, g->dz}, len[3] = {g->nx * g->dx, g->ny * g->dy, g->nz * g->dz};
    const double rc = 2.0 * fmax(d[a1], d[a2]);
    for (size_t i = 0; i < n; i++) {
        const size_t idx[3] = {i % g->nx, i / g->nx % g->ny, i / ((size_t)g->nx * g->ny)};
        double r[3];
        for (int k = 0; k < 3; k++)
            r[k] = ((double)idx[k] + 0.5) * d[k] - 0.5 * len[k];
        double v[3];
        v[a1] = -r[a2], v[a2] = r[a1];
        v[axis] = polarity * rc * exp(-(r[a1] * r[a1] + r[a2] * r[a2]) / (rc * rc));
        s->m[i] = v[0], s->m[n + i] = v[1], s->m[2 * n + i] = v[2];
    }
    ms_mm_m_normalise(s, s->m);
}

void ms_mm_m_random(ms_mm *s, uint64_t seed)
{
    const size_t n = s->n;
    const ms_rng_key key = ms_rng_key_make(seed);
    for (size_t i = 0; i < n; i++) {
        double z[4];
        ms_rng_normal4(key, MS_RNG_DOMAIN(MS_RNG_INITIAL) + i, 0, z);
        s->m[i] = z[0], s->m[n + i] = z[1], s->m[2 * n + i] = z[2];
    }
    ms_mm_m_normalise(s, s->m);
}
