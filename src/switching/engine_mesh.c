/* engine_mesh.c — the finite-difference mesh engine of `metaspin table` (table.engine = "mesh"):
 * independent stochastic-LLG trials of the meshed device (include/metaspin/mesh.h, PHYSICS.md §2)
 * under the protocol of PHYSICS.md §4, batch by batch for the adaptive loop of protocol.c.
 *
 * Device of point p = (h, a, w, T, direction): the macrospin device of the macrospin engine
 * (ms_tablegen_device / ms_tablegen_point_device: the hidden state through the ionics constitutive
 * map, K_u or Δ; the signed trapezoidal write pulse), meshed:
 *   box:   device bounding box (disk D × D × t, ellipse a × b × t, box lx × ly × lz) in
 *          nx × ny × nz cells, the disk or ellipse inscribed (cell centres inside);
 *   cells: Ms, α, H_eb, easy axis u from the device; K_u1' = K_u1 + 2 K_u2, K_u2' = −K_u2 (the
 *          macrospin writes E = K1 sin² + K2 sin⁴, the mesh E = −K1' cos² − K2' cos⁴: equal up to
 *          a constant); A and D from table.mesh.* (hidden = ionics: A(θ) = A0 (Ms/Ms0)², D(θ) of
 *          the ionics map); the shape anisotropy is the mesh's own demag field (Newell tensor);
 *   drive: γ0 = μ0 γ, T, t_F, STT (η constant or Slonczewski's η(m·p)) or SOT as in the device;
 *          field pulses as the mesh's Zeeman waveform H(t) = H_bias + f(t) u; current pulses
 *          J(t) set before every Heun step at the step's midpoint (the mesh drive holds a constant
 *          J), so a pulse edge is resolved to O(dt²) like the Heun step itself.
 * Voltage (VCMA) drives, device.geometry = "given" and device variation are not supported.
 *
 * Trial: (1) start uniform along the Boltzmann sample of the uniform mode in the initial well
 * (x = m·s from the axial density of the macrospin-equivalent device with the drive off, the
 * sampler of the macrospin engine, ms_macrospin_sample_axial; azimuth uniform); (2) Heun at T with
 * the drive off for table.mesh.thermalise (from t = −t_th to 0), which populates the non-uniform
 * modes; (3) Heun from t = 0 to delay + rise + width + fall + relax with the write pulse; the
 * first time ⟨m⟩·s falls below macrospin.threshold (linear within the step) is the switching
 * time; (4) read: switched when ⟨m⟩·s < 0 (⟨⟩ = volume average over magnetic cells). For a
 * one-cell mesh (1) is exactly the macrospin engine's start and (2) leaves it invariant.
 *
 * Random numbers: trial i of a batch on stream q = stream_offset + i (= (p << 32) + trial of
 * the point, protocol.c) takes its start from ms_rng_uniform4(seed, q + MS_RNG_DOMAIN(INITIAL))
 * (as the macrospin engine) and runs its mesh with the seed Philox(seed, q + MS_RNG_DOMAIN(MESH_KEY))
 * — the mesh draws cell c's noise at step k from (trial seed, c + MS_RNG_DOMAIN(THERMAL), k)
 * (thermal.c), so the noise is a function of (seed, p, trial, cell, step) only and a table is
 * bitwise identical for any thread count. Each trial builds its own mesh system (thermal key,
 * demag plan: ~0.5 ms for 8 × 8 cells, under 1 % of a trial) because mesh.h has no call to
 * re-key a system.
 * Threads: OpenMP over the trials of a batch; each trial's mesh runs on one thread. Creating and
 * destroying a trial's system (FFTW planning) is serialised inside demag.c: FFTW's planner is not
 * thread-safe. */
#include <gsl/gsl_const_mksa.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/mesh.h"
#include "metaspin/rng.h"
#include "metaspin/table.h"
#include "engine_mesh.h"

#define MU0 GSL_CONST_MKSA_VACUUM_PERMEABILITY

/* Domain of the per-trial mesh seeds (disjoint from the domains of rng.h and the sweep's USER). */
enum { MESH_KEY_DOMAIN = MS_RNG_USER + 1, INTERRUPT_EVERY = 256 };

struct ms_engine_mesh {
    const ms_tablegen_spec *spec;
    ms_ctx *ctx;
    int threads;
    size_t batch_n;
    size_t point;              /* point of the mesh below (SIZE_MAX: none yet) */
    ms_mesh *mesh;             /* device of that point; read-only while its trials run */
    ms_mm_drive drive;         /* its drive, currents off (the field pulse is in drive.field) */
    ms_waveform current;       /* write-current pulse J(t) (A/m^2), kind DC with 0 when none */
    int current_sot;           /* 1: the current drives the SOT term, 0: STT */
    double s[3];               /* initial well direction (unit) */
    double sigma, h_red, x_lo; /* start sampler: σ = K_eff V/(kB T), h = H·s/H_k, lower x bound */
    double t_end;              /* s: end of the protocol */
    int failed;                /* a trial failed: the others stop early (atomic access) */
    long err_trial;            /* trial whose error is kept in err (-1: none) */
    int err_status;
    ms_error err;
    uint64_t trial_steps;
};

int ms_engine_mesh_check(const ms_tablegen_spec *s, ms_error *err)
{
    const ms_macrospin_device *d = &s->device;
    if (s->kind == MS_TABLEGEN_VOLTAGE)
        return MS_ERROR(err, MS_EUNSUPPORTED,
                        "table: the mesh engine has no VCMA term: voltage tables are not supported");
    if (d->geometry == MS_GEOMETRY_GIVEN)
        return MS_ERROR(err, MS_EUNSUPPORTED, "table: the mesh engine needs a shape to mesh (device.geometry = "
                        "disk, ellipse or box, not \"given\")");
    if (d->sd_ms > 0 || d->sd_k > 0 || d->sd_volume > 0 || d->sd_alpha > 0)
        return MS_ERROR(err, MS_EUNSUPPORTED, "table: device.variation.* is not supported by the mesh engine");
    const ms_tablegen_mesh *m = &s->mesh;
    if (m->nx < 1 || m->ny < 1 || m->nz < 1)
        return MS_ERROR(err, MS_EINPUT, "table: the mesh needs at least one cell per axis");
    if (!(m->a_ex >= 0) || !isfinite(m->dmi) || !(m->thermalise >= 0))
        return MS_ERROR(err, MS_EINPUT, "table: mesh exchange and thermalisation time must be >= 0");
    if (!(s->options.dt > 0))
        return MS_ERROR(err, MS_EINPUT, "table: the mesh engine needs a positive solver.dt");
    return MS_OK;
}

int ms_engine_mesh_create(ms_engine_mesh **out, const ms_tablegen_spec *spec, size_t batch_n, ms_ctx *ctx,
                          ms_error *err)
{
    *out = NULL;
    int status = ms_engine_mesh_check(spec, err);
    if (status)
        return status;
    ms_engine_mesh *em = calloc(1, sizeof *em);
    if (!em)
        return MS_ERROR(err, MS_ENOMEM, "table: out of memory");
    em->spec = spec;
    em->ctx = ctx;
    em->threads = ctx->threads > 0 ? ctx->threads : 1;
    em->batch_n = batch_n;
    em->point = SIZE_MAX;
    ms_cite(ctx, "brown1963");
    ms_cite(ctx, "garciapalacios1998");
    if (spec->mesh.demag)
        ms_cite(ctx, "newell1993");
    if (spec->kind == MS_TABLEGEN_CURRENT && !spec->use_sot)
        ms_cite(ctx, "slonczewski1996");
    *out = em;
    return MS_OK;
}

void ms_engine_mesh_destroy(ms_engine_mesh *em)
{
    if (!em)
        return;
    ms_mesh_destroy(em->mesh);
    free(em);
}

uint64_t ms_engine_mesh_trial_steps(const ms_engine_mesh *em)
{
    return em->trial_steps;
}

/* ---------------------------------------------------------------------------------------------
 * The device of a point: mesh, material, drive, start sampler */

/* Exchange stiffness and DMI of hidden state ih: the ionics map's A(θ), D(θ), else table.mesh.*. */
static int exchange_dmi(const ms_tablegen_spec *s, size_t ih, double temperature, double *a_ex, double *dmi,
                        ms_error *err)
{
    *a_ex = s->mesh.a_ex;
    *dmi = s->mesh.dmi;
    if (s->hidden != MS_TABLEGEN_HIDDEN_IONICS)
        return MS_OK;
    ms_ionics_magnetic mag;
    int status = ms_ionics_magnetic_params(&s->ionics, s->h[ih], -1.0, temperature, &mag, err);
    if (status)
        return status;
    *a_ex = mag.a_ex;
    *dmi = mag.dmi;
    return MS_OK;
}

/* Mesh the device's shape: bounding box in nx × ny × nz cells, disk or ellipse inscribed. */
static int mesh_build(const ms_tablegen_mesh *m, const ms_macrospin_device *d, ms_mesh **out, ms_error *err)
{
    const double lx = d->size[0], ly = d->geometry == MS_GEOMETRY_DISK ? d->size[0] : d->size[1];
    const double lz = d->size[2];
    if (!(lx > 0 && ly > 0 && lz > 0))
        return MS_ERROR(err, MS_EINPUT, "table: the mesh needs a device of positive size (got %g x %g x %g m)", lx,
                        ly, lz);
    int status = ms_mesh_create(out, m->nx, m->ny, m->nz, lx / m->nx, ly / m->ny, lz / m->nz, err);
    if (status)
        return status;
    const ms_mesh_shape sh = {.kind = d->geometry == MS_GEOMETRY_BOX ? MS_SHAPE_BOX : MS_SHAPE_ELLIPSE,
                              .cx = 0.5 * lx, .cy = 0.5 * ly, .a = lx, .b = ly};
    return ms_mesh_shape_add(*out, &sh, 1, err);
}

static void material_of(const ms_macrospin_device *d, double a_ex, double dmi, ms_mesh_material *mat)
{
    *mat = (ms_mesh_material){.ms = d->ms, .a_ex = a_ex, .ku1 = d->k_u1 + 2.0 * d->k_u2, .ku2 = -d->k_u2,
                              .dmi = dmi, .alpha = d->alpha, .phi_fm = 1.0};
    memcpy(mat->axis, d->axis, sizeof mat->axis);
    memcpy(mat->h_eb, d->h_eb, sizeof mat->h_eb);
}

/* The mesh drive of the point device (currents off; the current pulse is kept apart). */
static void drive_of(ms_engine_mesh *em, const ms_macrospin_device *d)
{
    const ms_tablegen_spec *s = em->spec;
    ms_mm_drive *md = &em->drive;
    *md = (ms_mm_drive){0};
    md->temperature = d->temperature;
    md->gamma0 = MU0 * d->gamma;
    md->t_f = d->t_free;
    md->demag_off = !s->mesh.demag;
    md->fft_measure = 0; /* one plan per trial: FFTW_MEASURE would cost more than the trial */
    md->field.shape = d->h_wave;
    memcpy(md->field.h_dc, d->h_bias, sizeof md->field.h_dc);
    memcpy(md->field.h_ac, d->h_dir, sizeof md->field.h_ac);
    md->stt_eta = d->stt_eta;
    md->stt_angle = d->stt == MS_STT_SLONCZEWSKI;
    md->stt_pol = d->stt_polarisation;
    md->stt_beta = d->stt_beta;
    memcpy(md->stt_p, d->stt_p, sizeof md->stt_p);
    md->sot_theta = d->sot_theta;
    md->sot_beta = d->sot_beta;
    memcpy(md->sot_sigma, d->sot_sigma, sizeof md->sot_sigma);
    em->current_sot = s->use_sot;
    em->current = s->kind == MS_TABLEGEN_CURRENT ? (s->use_sot ? d->j_sot_wave : d->j_wave)
                                                 : (ms_waveform){.kind = MS_WAVE_DC};
}

/* Boltzmann sampler of the uniform mode in the well around s, from the drive-off device (the
 * parameters of the macrospin engine's thermal start, src/macrospin/batch.c). */
static void sampler_of(ms_engine_mesh *em, const ms_macrospin_device *idle)
{
    ms_macrospin_derived dv;
    ms_macrospin_device_derive(idle, &dv);
    double hs = 0;
    for (int c = 0; c < 3; c++)
        hs += (idle->h_bias[c] + idle->h_eb[c]) * em->s[c];
    em->sigma = idle->temperature > 0 ? dv.k_eff * idle->volume / (GSL_CONST_MKSA_BOLTZMANN * idle->temperature)
                                      : INFINITY;
    em->h_red = dv.k_eff != 0 ? hs * MU0 * idle->ms / (2.0 * dv.k_eff) : 0.0;
    em->x_lo = em->sigma > 0 ? fmin(fmax(-em->h_red, -1.0), 1.0) : -1.0;
}

static int point_build(ms_engine_mesh *em, size_t p, ms_error *err)
{
    const ms_tablegen_spec *s = em->spec;
    size_t ih, ia, iw, it;
    int dir, status;
    ms_tablegen_point_index(s, p, &ih, &ia, &iw, &it, &dir);
    ms_macrospin_device idle, dev;
    double a_ex, dmi;
    ms_mesh_material mat;
    ms_mesh_destroy(em->mesh);
    em->mesh = NULL;
    em->point = SIZE_MAX;
    MS_TRY(ms_tablegen_device(s, ih, s->temperature[it], &idle, err));
    MS_TRY(ms_tablegen_point_device(s, p, &dev, err));
    MS_TRY(exchange_dmi(s, ih, s->temperature[it], &a_ex, &dmi, err));
    MS_TRY(mesh_build(&s->mesh, &dev, &em->mesh, err));
    material_of(&dev, a_ex, dmi, &mat);
    MS_TRY(ms_mesh_material_set(em->mesh, 1, &mat, err));
    if (ms_mesh_count(em->mesh) == 0)
        return MS_ERROR(err, MS_EINPUT, "table: the %d x %d x %d mesh of the device holds no magnetic cell",
                        s->mesh.nx, s->mesh.ny, s->mesh.nz);
    drive_of(em, &dev);
    const double sgn = dir == MS_TABLE_TO_PLUS ? -1.0 : 1.0;
    for (int c = 0; c < 3; c++)
        em->s[c] = sgn * dev.axis[c];
    sampler_of(em, &idle);
    em->t_end = s->delay + s->rise + s->width[iw] + s->fall + s->relax;
    em->point = p;
fail:
    return status;
}

int ms_engine_mesh_point_get(ms_engine_mesh *em, size_t p, const ms_mesh **mesh, ms_mm_drive *drive,
                             ms_error *err)
{
    if (p != em->point) {
        int status = point_build(em, p, err);
        if (status)
            return status;
    }
    *mesh = em->mesh;
    *drive = em->drive;
    return MS_OK;
}

/* ---------------------------------------------------------------------------------------------
 * One trial */

static uint64_t trial_seed(uint64_t seed, uint64_t stream)
{
    uint32_t w[4];
    ms_rng_uint4(ms_rng_key_make(seed), stream + MS_RNG_DOMAIN(MESH_KEY_DOMAIN), 0, w);
    return ((uint64_t)w[1] << 32) | w[0];
}

/* Uniform start along a Boltzmann sample of the uniform mode in the initial well. */
static void start_state(const ms_engine_mesh *em, uint64_t stream, ms_mm *s)
{
    double u[4], e1[3], e2[3], m[3];
    ms_rng_uniform4(ms_rng_key_make(em->ctx->seed), stream + MS_RNG_DOMAIN(MS_RNG_INITIAL), 0, u);
    const double x = isfinite(em->sigma) ? ms_macrospin_sample_axial(em->sigma, em->h_red, em->x_lo, 1.0, u[0]) : 1.0;
    const double r = sqrt(fmax(1.0 - x * x, 0.0)), phi = 2.0 * M_PI * u[1];
    ms_macrospin_frame(em->s, e1, e2);   /* the macrospin engine's thermal-start frame */
    for (int c = 0; c < 3; c++)
        m[c] = x * em->s[c] + r * (cos(phi) * e1[c] + sin(phi) * e2[c]);
    ms_mm_m_uniform(s, m);
}

/* ⟨m⟩·s over the magnetic cells. */
static double projection(const ms_engine_mesh *em, ms_mm *s)
{
    double avg[3];
    ms_mm_m_average(s, ms_mm_m(s), avg);
    return avg[0] * em->s[0] + avg[1] * em->s[1] + avg[2] * em->s[2];
}

/* Set the write current; the torque term is switched on or off (ms_mm_params_update) only when J
 * changes between zero and non-zero. */
static void current_set(const ms_engine_mesh *em, ms_mm *s, double j)
{
    ms_mm_drive *d = ms_mm_drive_get(s);
    double *target = em->current_sot ? &d->sot_j : &d->stt_j;
    const int toggles = (*target != 0.0) != (j != 0.0);
    *target = j;
    if (toggles)
        ms_mm_params_update(s);
}

static int stop_check(ms_engine_mesh *em, const ms_ctx *tctx, uint64_t k, double t, ms_error *err)
{
    if (k % INTERRUPT_EVERY != 0)
        return MS_OK;
    if (ms_ctx_interrupted(tctx))
        return MS_ERROR(err, MS_EINTERRUPTED, "table: mesh trial interrupted at t = %g s", t);
    int failed;
#pragma omp atomic read
    failed = em->failed;
    if (failed)
        return MS_ERROR(err, MS_EINTERRUPTED, "table: mesh trial stopped (another trial failed)");
    return MS_OK;
}

/* Heun steps from t = −t_th to 0 with the drive off (the pulse starts at delay >= 0). */
static int thermalise(ms_engine_mesh *em, const ms_ctx *tctx, ms_mm *s, ms_heun *hn, uint64_t *steps,
                      ms_error *err)
{
    const uint64_t n = (uint64_t)llround(em->spec->mesh.thermalise / em->spec->options.dt);
    ms_mm_stepinfo info;
    int status = MS_OK;
    ms_mm_time_set(s, -(double)n * em->spec->options.dt);
    for (uint64_t k = 0; k < n; k++) {
        MS_TRY(stop_check(em, tctx, k, ms_mm_time(s), err));
        MS_TRY(ms_heun_step(hn, &info, err));
    }
    *steps += n;
    ms_mm_time_set(s, 0.0);
fail:
    return status;
}

/* The protocol from t = 0 to t_end: current at each step's midpoint, first threshold crossing. */
static int protocol_run(ms_engine_mesh *em, const ms_ctx *tctx, ms_mm *s, ms_heun *hn, double *t_sw,
                        uint64_t *steps, ms_error *err)
{
    const double dt = em->spec->options.dt, thr = em->spec->options.threshold;
    const uint64_t n = (uint64_t)llround(em->t_end / dt);
    ms_mm_stepinfo info;
    int status = MS_OK;
    double x0 = projection(em, s);
    *t_sw = x0 < thr ? 0.0 : -1.0;
    for (uint64_t k = 0; k < n; k++) {
        const double t = ms_mm_time(s);
        MS_TRY(stop_check(em, tctx, k, t, err));
        if (em->current.kind != MS_WAVE_DC || em->current.amplitude != 0)
            current_set(em, s, ms_waveform_eval(&em->current, t + 0.5 * dt));
        MS_TRY(ms_heun_step(hn, &info, err));
        const double x1 = projection(em, s);
        if (*t_sw < 0 && x1 < thr)
            *t_sw = t + dt * (x0 - thr) / fmax(x0 - x1, 1e-300);
        x0 = x1;
    }
    *steps += n;
fail:
    return status;
}

static int trial_run(ms_engine_mesh *em, uint64_t stream, uint8_t *switched, double *t_sw, uint64_t *steps,
                     ms_error *err)
{
    ms_ctx tctx = {.seed = trial_seed(em->ctx->seed, stream), .threads = 1, .interrupt = em->ctx->interrupt};
    ms_mm *s = NULL;
    ms_heun *hn = NULL;
    int status;
    *switched = 0;
    *t_sw = -1.0;
    status = ms_mm_create(&s, em->mesh, &em->drive, &tctx, err);   /* demag plans: demag.c serialises */
    if (status)
        return status;
    MS_TRY(ms_heun_create(&hn, s, em->spec->options.dt, err));
    start_state(em, stream, s);
    MS_TRY(thermalise(em, &tctx, s, hn, steps, err));
    MS_TRY(protocol_run(em, &tctx, s, hn, t_sw, steps, err));
    *switched = projection(em, s) < 0;
fail:
    ms_heun_destroy(hn);
    ms_mm_destroy(s);
    return status;
}

/* Keep the error of trial i if it is the one to report: a real failure before an interrupt, the
 * lowest trial first (so the message does not depend on the thread count). */
static void error_keep(ms_engine_mesh *em, long i, int status, const ms_error *e)
{
    const int real = status != MS_EINTERRUPTED;
#pragma omp critical(ms_engine_mesh_error)
    {
        const int kept_real = em->err_status != MS_EINTERRUPTED;
        if (em->err_trial < 0 || (real && !kept_real) || (real == kept_real && i < em->err_trial)) {
            em->err_trial = i;
            em->err_status = status;
            em->err = *e;
        }
    }
    if (real) {
#pragma omp atomic write
        em->failed = 1;
    }
}

int ms_engine_mesh_batch_run(ms_engine_mesh *em, size_t p, uint64_t stream_offset, size_t n, uint8_t *switched,
                             double *t_sw, ms_error *err)
{
    if (n > em->batch_n)
        return MS_ERROR(err, MS_EINTERNAL, "table: mesh batch of %zu trials exceeds %zu", n, em->batch_n);
    if (p != em->point) {
        int status = point_build(em, p, err);
        if (status)
            return status;
    }
    const long nn = (long)n;
    uint64_t steps = 0;
    em->failed = 0;
    em->err_trial = -1;
    em->err_status = MS_OK;
#pragma omp parallel for schedule(dynamic, 1) num_threads(em->threads) reduction(+ : steps)
    for (long i = 0; i < nn; i++) {
        uint64_t st = 0;
        ms_error e;
        const int status = trial_run(em, stream_offset + (uint64_t)i, &switched[i], &t_sw[i], &st, &e);
        if (status)
            error_keep(em, i, status, &e);
        steps += st;
    }
    em->trial_steps += steps;
    if (em->err_trial < 0)
        return MS_OK;
    *err = em->err;
    return em->err_status;
}
