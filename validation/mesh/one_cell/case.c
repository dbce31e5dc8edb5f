/* one_cell — a one-cell mesh reproduces the macrospin solver (PHYSICS.md §2, last item).
 *
 * Closed forms (a 3 nm cube, isotropic self-demag, T = 0): exact damped precession about a static
 * field H ẑ, φ(t) = γ0 H t/(1+α²), m_z(t) = tanh(α γ0 H t/(1+α²) + atanh m_z0), with RK45 and Heun;
 * uniaxial switching under a reversing field below and above H_k (Stoner–Wohlfarth end state).
 *
 * Direct comparisons with the macrospin solver, on one 6 × 5 × 4 nm box cell (Ms = 0.8 MA/m,
 * uniaxial K_u along z, γ0 = 2.211e5 m/(A s)) and a macrospin device with the same Ms, K_u, axis,
 * α, γ0, volume, applied field and drive (geometry MS_GEOMETRY_BOX of the same size):
 *   demag_*      the mesh's one-cell self-demag (its Newell tensor, read back through the FFT
 *                demag field) against ms_macrospin_demag_box (Aharoni's closed form);
 *   traj_*       T = 0 trajectories from the same tilted state through a field-driven reversal and
 *                an STT-driven switching (same J, η, β, p, t_F): mesh RK45 against macrospin RK4,
 *                max |m_mesh − m_macrospin| at common 1 ps samples;
 *   seed_path_*  T > 0, seed S, cell 0 / trial 0 with stream offset 0, stochastic Heun with the same
 *                Δt from the same state (Δ ≈ 24 in-well): each engine against its documented scheme
 *                driven by the documented normals, computed here from PHYSICS.md §1. The engines
 *                share the normals of step 0 only (the macrospin packs 4 steps into 3 Philox
 *                counters, the mesh uses counter = step and drops the 4th normal) and the mesh also
 *                renormalises the Heun predictor, so their trajectories are compared statistically:
 *   escape_*     mean escape time (m·u < −0.5 from m = u, σ = 3, α = 1) of 2000 one-cell runs against
 *                a 2000-trial macrospin batch.
 * README.md gives the references and where each tolerance comes from. */
#include <float.h>
#include <gsl/gsl_const_mksa.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"
#include "metaspin/macrospin.h"
#include "metaspin/mesh.h"
#include "metaspin/rng.h"

static const double MU0 = GSL_CONST_MKSA_VACUUM_PERMEABILITY, KB = GSL_CONST_MKSA_BOLTZMANN;

static void die(const char *what, const ms_error *err)
{
    fprintf(stderr, "one_cell: %s: %s\n", what, err->message);
    exit(99);
}

/* ---------------------------------------------------------------------------------------------
 * Closed forms (3 nm cube) */

static ms_mm *cell(double H, double alpha, double ku, double mz0, ms_mesh **gout)
{
    ms_mesh *g = NULL;
    ms_mm *s = NULL;
    ms_error err;
    ms_mesh_create(&g, 1, 1, 1, 3e-9, 3e-9, 3e-9, &err);
    ms_mesh_fill(g, 1);
    ms_mesh_material mat = {.ms = 8e5, .a_ex = 1.3e-11, .ku1 = ku, .axis = {0, 0, 1}, .alpha = alpha};
    ms_mesh_material_set(g, 1, &mat, &err);
    ms_mm_drive d = {.gamma0 = 2.211e5, .field = {.h_dc = {0, 0, H}}};
    if (ms_mm_create(&s, g, &d, NULL, &err) != MS_OK)
        return NULL;
    const double v[3] = {sqrt(1 - mz0 * mz0), 0, mz0};
    ms_mm_m_uniform(s, v);
    *gout = g;
    return s;
}

static int closed_forms(int fail)
{
    const double H = 8e4, alpha = 0.05, g0 = 2.211e5, mz0 = -0.9, T = 2e-9;
    ms_mesh *g = NULL;
    ms_mm *s = cell(H, alpha, 0, mz0, &g);
    ms_rk45 *rk = NULL;
    ms_error err;
    ms_rk45_create(&rk, s, 1e-8, 1e-13, &err);
    ms_rk45_run(rk, T, NULL, NULL, &err);
    const double w = g0 * H / (1 + alpha * alpha), mz = tanh(alpha * w * T + atanh(mz0));
    const double *m = ms_mm_m(s);
    fail += ms_validate_report("mesh/one_cell/rk45_mz_2ns", m[2], mz, 1e-5);
    fail += ms_validate_report("mesh/one_cell/rk45_mx_2ns", m[0], sqrt(1 - mz * mz) * cos(w * T), 1e-5);
    ms_rk45_destroy(rk);
    ms_mm_destroy(s);
    ms_mesh_destroy(g);

    s = cell(H, alpha, 0, mz0, &g);
    ms_heun *hn = NULL;
    ms_heun_create(&hn, s, 5e-15, &err);
    ms_heun_run(hn, 1e-9, NULL, NULL, &err);
    const double mz1 = tanh(alpha * w * 1e-9 + atanh(mz0));
    fail += ms_validate_report("mesh/one_cell/heun_mz_1ns", ms_mm_m(s)[2], mz1, 1e-5);
    ms_heun_destroy(hn);
    ms_mm_destroy(s);
    ms_mesh_destroy(g);

    /* Uniaxial K, field antiparallel: switches above H_k = 2K/(μ0 Ms), stays below. */
    const double K = 1e5, Hk = 2 * K / (4e-7 * M_PI * 8e5);
    const double fields[2] = {-0.9 * Hk, -1.1 * Hk}, expect[2] = {1.0, -1.0};
    const char *names[2] = {"mesh/one_cell/sw_below_hk_mz", "mesh/one_cell/sw_above_hk_mz"};
    for (int k = 0; k < 2; k++) {
        s = cell(fields[k], 0.5, K, cos(0.05), &g);
        ms_rk45_create(&rk, s, 1e-6, 1e-13, &err);
        ms_rk45_run(rk, 5e-9, NULL, NULL, &err);
        fail += ms_validate_report(names[k], ms_mm_m(s)[2], expect[k], 1e-3);
        ms_rk45_destroy(rk);
        ms_mm_destroy(s);
        ms_mesh_destroy(g);
    }
    return fail;
}

/* ---------------------------------------------------------------------------------------------
 * The box cell in both engines */

static const double CELL[3] = {6e-9, 5e-9, 4e-9};  /* m */
static const double MS = 8e5, GAMMA0 = 2.211e5;     /* A/m, m/(A s) */

typedef struct setup {
    double ku, alpha, temperature;  /* J/m^3, -, K; easy axis z */
    double h[3];                    /* applied field (A/m) */
    double j, eta, beta, p[3];      /* constant-η STT (j = 0: none), t_F = CELL[2] */
} setup;

static ms_mm *mesh_box(const setup *c, ms_ctx *ctx, ms_mesh **gout)
{
    ms_mesh *g = NULL;
    ms_mm *s = NULL;
    ms_error err;
    if (ms_mesh_create(&g, 1, 1, 1, CELL[0], CELL[1], CELL[2], &err))
        die("ms_mesh_create", &err);
    ms_mesh_fill(g, 1);
    const ms_mesh_material mat = {.ms = MS, .ku1 = c->ku, .axis = {0, 0, 1}, .alpha = c->alpha};
    if (ms_mesh_material_set(g, 1, &mat, &err))
        die("ms_mesh_material_set", &err);
    ms_mm_drive d = {.gamma0 = GAMMA0, .temperature = c->temperature, .t_f = CELL[2],
                     .field = {.h_dc = {c->h[0], c->h[1], c->h[2]}},
                     .stt_j = c->j, .stt_eta = c->eta, .stt_beta = c->beta,
                     .stt_p = {c->p[0], c->p[1], c->p[2]}};
    if (ms_mm_create(&s, g, &d, ctx, &err))
        die("ms_mm_create", &err);
    *gout = g;
    return s;
}

static void macrospin_box(const setup *c, ms_macrospin_device *dev)
{
    ms_macrospin_device_init(dev);
    dev->ms = MS, dev->k_u1 = c->ku, dev->alpha = c->alpha, dev->gamma = GAMMA0 / MU0;
    dev->axis[0] = 0, dev->axis[1] = 0, dev->axis[2] = 1;
    dev->geometry = MS_GEOMETRY_BOX;
    memcpy(dev->size, CELL, sizeof CELL);
    dev->temperature = c->temperature;
    memcpy(dev->h_bias, c->h, sizeof c->h);
    dev->t_free = CELL[2];
    if (c->j != 0) {
        dev->stt = MS_STT_CONSTANT, dev->stt_eta = c->eta, dev->stt_beta = c->beta;
        memcpy(dev->stt_p, c->p, sizeof c->p);
        dev->j_wave.kind = MS_WAVE_DC, dev->j_wave.amplitude = c->j;
    }
}

static ms_macrospin_batch *macrospin_batch(const setup *c, size_t n, const ms_macrospin_options *o,
                                           ms_ctx *ctx)
{
    ms_macrospin_device dev;
    macrospin_box(c, &dev);
    ms_macrospin_batch *b = NULL;
    ms_error err;
    if (ms_macrospin_batch_create(&b, &dev, n, o, ctx, &err))
        die("ms_macrospin_batch_create", &err);
    return b;
}

/* K_u giving the barrier parameter σ = K_eff V/(kB T) at T, K_eff = K_u − ½ μ0 Ms² (N_z − N_⊥). */
static double ku_for_sigma(double sigma, double temperature)
{
    double n[3];
    ms_macrospin_demag_box(CELL[0], CELL[1], CELL[2], n);
    const double v = CELL[0] * CELL[1] * CELL[2];
    return sigma * KB * temperature / v + 0.5 * MU0 * MS * MS * (n[2] - 0.5 * (n[0] + n[1]));
}

static double dist(const double a[3], const double b[3])
{
    return sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
}

/* ---------------------------------------------------------------------------------------------
 * Self-demag: the mesh's one-cell Newell tensor against Aharoni's box factors */

static int demag_self(const char *name, double lx, double ly, double lz, int fail)
{
    ms_mesh *g = NULL;
    ms_mm *s = NULL;
    ms_error err;
    if (ms_mesh_create(&g, 1, 1, 1, lx, ly, lz, &err))
        die("ms_mesh_create", &err);
    ms_mesh_fill(g, 1);
    const ms_mesh_material mat = {.ms = MS, .axis = {0, 0, 1}, .alpha = 1};
    if (ms_mesh_material_set(g, 1, &mat, &err))
        die("ms_mesh_material_set", &err);
    const ms_mm_drive d = {.gamma0 = GAMMA0};
    if (ms_mm_create(&s, g, &d, NULL, &err))
        die("ms_mm_create", &err);
    double n[3], worst = 0;
    ms_macrospin_demag_box(lx, ly, lz, n);
    for (int a = 0; a < 3; a++) {  /* H = −Ms N m for m along axis a: column a of N */
        double m[3] = {0, 0, 0}, h[3];
        m[a] = 1;
        ms_mm_field(s, 0, m, h);
        for (int c = 0; c < 3; c++)
            worst = fmax(worst, fabs(-h[c] / MS - (c == a ? n[a] : 0.0)));
    }
    /* rounding of two closed forms whose terms reach L³/(4π V) (L the longest edge) and cancel:
     * 64 terms of the 27-point second difference (Newell) or fewer (Aharoni), each ε */
    const double l = fmax(lx, fmax(ly, lz)), tol = 2 * 64 * DBL_EPSILON * l * l * l / (4 * M_PI * lx * ly * lz);
    fail += ms_validate_report(name, worst, 0, tol);
    ms_mm_destroy(s);
    ms_mesh_destroy(g);
    return fail;
}

/* ---------------------------------------------------------------------------------------------
 * T = 0: one trajectory in both engines */

enum { T0_PERTURBED = 4 };

/* Largest angular velocity γ0 |H| any state can see (A/m → 1/s), for the RK4 error estimate. */
static double omega_max(const setup *c, const ms_macrospin_batch *b)
{
    const double *n = ms_macrospin_batch_device(b)->demag;
    const double hbar = GSL_CONST_MKSA_PLANCKS_CONSTANT_HBAR, e = GSL_CONST_MKSA_ELECTRON_CHARGE;
    const double a_j = hbar * c->eta * fabs(c->j) / (2 * e * MU0 * MS * CELL[2]);
    const double h = sqrt(c->h[0] * c->h[0] + c->h[1] * c->h[1] + c->h[2] * c->h[2]) +
                     2 * c->ku / (MU0 * MS) + MS * fmax(n[0], fmax(n[1], n[2])) + a_j * (1 + fabs(c->beta));
    return GAMMA0 * h;
}

/* Trials 1..T0_PERTURBED start at m0 ± δ e1, m0 ± δ e2 (e1, e2 normal to m0), renormalised. */
static void perturb_starts(ms_macrospin_batch *b, const double m0[3], double delta)
{
    double e[2][3];
    ms_macrospin_frame(m0, e[0], e[1]);
    double *mx = ms_macrospin_batch_mx(b), *my = ms_macrospin_batch_my(b), *mz = ms_macrospin_batch_mz(b);
    for (int j = 1; j <= T0_PERTURBED; j++) {
        const double *v = e[(j - 1) % 2], sg = j > 2 ? -delta : delta;
        double m[3] = {m0[0] + sg * v[0], m0[1] + sg * v[1], m0[2] + sg * v[2]};
        const double r = 1 / sqrt(m[0] * m[0] + m[1] * m[1] + m[2] * m[2]);
        mx[j] = r * m[0], my[j] = r * m[1], mz[j] = r * m[2];
    }
}

/* Mesh RK45 (tol) and macrospin RK4 (step h4) from m0 to t_end; figure max |Δm| at 1 ps samples.
 * The macrospin batch also carries T0_PERTURBED trials started δ away from m0 (±δ along the two
 * directions normal to m0): G = max |Δm|/δ is the trajectory's sensitivity to an error. */
static int trajectory_t0(const char *name, const setup *c, const double m0[3], double t_end, int fail)
{
    const double tol = 1e-12, h4 = 1e-14, every = 1e-12, delta = 1e-6;
    ms_ctx *ctx = ms_ctx_create(1, 1);
    ms_error err;
    ms_macrospin_options o;
    ms_macrospin_options_init(&o);
    o.integrator = MS_INTEGRATOR_RK4, o.dt = h4, o.initial = MS_INITIAL_VECTOR;
    memcpy(o.m0, m0, sizeof o.m0);
    ms_macrospin_batch *b = macrospin_batch(c, 1 + T0_PERTURBED, &o, ctx);
    perturb_starts(b, m0, delta);
    ms_macrospin_series ser;
    ms_macrospin_series_init(&ser, 1 + T0_PERTURBED, &err);
    if (ms_macrospin_batch_run(b, t_end, every, ms_macrospin_series_record, &ser, &err) || ser.failed)
        die("ms_macrospin_batch_run", &err);

    ms_mesh *g = NULL;
    ms_mm *s = mesh_box(c, ctx, &g);
    ms_mm_m_uniform(s, m0);
    ms_rk45 *rk = NULL;
    ms_mm_stepinfo info = {0};
    if (ms_rk45_create(&rk, s, tol, 1e-14, &err))
        die("ms_rk45_create", &err);
    double worst = 0, sens = 0;
    for (size_t k = 1; k < ser.n; k++) {
        while (ms_mm_time(s) < ser.t[k])
            if (ms_rk45_step(rk, ser.t[k], &info, &err))
                die("ms_rk45_step", &err);
        const double *m = ms_mm_m(s), mm[3] = {m[0], m[1], m[2]};
        const double *ref = ser.traj + k * 3;
        worst = fmax(worst, dist(mm, ref));
        for (int j = 1; j <= T0_PERTURBED; j++)
            sens = fmax(sens, dist(ser.traj + (j * ser.cap + k) * 3, ref) / delta);
    }
    /* global error <= G × Σ local errors: RK45 accepts steps with local error <= tol; RK4's local
     * error on a rotation at angular velocity ω is (ω h)^5/120 */
    const double wh = omega_max(c, b) * h4, n4 = t_end / h4;
    const double bound = sens * ((double)info.step * tol + n4 * pow(wh, 5) / 120);
    printf("# %s: mesh rk45 %llu steps (tol %g), macrospin rk4 %.0f steps (omega h = %.2g), "
           "sensitivity G = %.3g, m_z(end) = %.6f\n", name, (unsigned long long)info.step, tol, n4, wh,
           sens, ms_mm_m(s)[2]);
    fail += ms_validate_report(name, worst, 0, bound);
    ms_rk45_destroy(rk);
    ms_mm_destroy(s);
    ms_mesh_destroy(g);
    ms_macrospin_series_release(&ser);
    ms_macrospin_batch_destroy(b);
    ms_ctx_destroy(ctx);
    return fail;
}

static int trajectories(int fail)
{
    const double th0 = 0.2, m0[3] = {sin(th0), 0, cos(th0)};
    ms_macrospin_device dev;
    /* field-driven reversal: 1 MA/m (1.1 H_k) at 10° from −z */
    setup c = {.ku = 5e5, .alpha = 0.05, .h = {-1e6 * sin(M_PI / 18), 0, -1e6 * cos(M_PI / 18)}};
    fail = trajectory_t0("mesh/one_cell/traj_field_reversal", &c, m0, 1e-9, fail);
    /* STT switching toward p = −z at J = 1.5 J_c0 with a field-like term, no field */
    setup d = {.ku = 5e5, .alpha = 0.05, .j = 1, .eta = 0.5, .beta = 0.2, .p = {0, 0, -1}};
    macrospin_box(&d, &dev);
    ms_error err;
    if (ms_macrospin_device_prepare(&dev, &err))
        die("ms_macrospin_device_prepare", &err);
    ms_macrospin_derived x;
    ms_macrospin_device_derive(&dev, &x);
    d.j = 1.5 * x.j_c0;
    return trajectory_t0("mesh/one_cell/traj_stt_switching", &d, m0, 1e-9, fail);
}

/* ---------------------------------------------------------------------------------------------
 * T > 0, seed S: each engine against its documented stochastic Heun step */

typedef struct spec {
    double hk, n[3], h[3], alpha, sigma, dt;  /* H_k (A/m), demag factors, field, Brown σ (A/m) */
} spec;

/* LL right-hand side (PHYSICS.md §1) with H = H_k m_z ẑ − Ms N m + H_app + H_th. */
static void spec_rhs(const spec *p, const double m[3], const double th[3], double f[3])
{
    double h[3];
    for (int c = 0; c < 3; c++)
        h[c] = (c == 2 ? p->hk * m[2] : 0.0) - MS * p->n[c] * m[c] + p->h[c] + th[c];
    const double t[3] = {m[1] * h[2] - m[2] * h[1], m[2] * h[0] - m[0] * h[2], m[0] * h[1] - m[1] * h[0]};
    const double d[3] = {m[1] * t[2] - m[2] * t[1], m[2] * t[0] - m[0] * t[2], m[0] * t[1] - m[1] * t[0]};
    const double k = -GAMMA0 / (1 + p->alpha * p->alpha);
    for (int c = 0; c < 3; c++)
        f[c] = k * (t[c] + p->alpha * d[c]);
}

static void unit(double m[3])
{
    const double r = 1 / sqrt(m[0] * m[0] + m[1] * m[1] + m[2] * m[2]);
    m[0] *= r, m[1] *= r, m[2] *= r;
}

/* Stochastic Heun with the field frozen over the step; the mesh also renormalises the predictor
 * (src/micromag/heun.c), the macrospin does not (src/macrospin/heun.c). */
static void spec_heun(const spec *p, const double eta[3], int unit_predictor, double m[3])
{
    const double th[3] = {p->sigma * eta[0], p->sigma * eta[1], p->sigma * eta[2]};
    double f1[3], f2[3], mp[3];
    spec_rhs(p, m, th, f1);
    for (int c = 0; c < 3; c++)
        mp[c] = m[c] + p->dt * f1[c];
    if (unit_predictor)
        unit(mp);
    spec_rhs(p, mp, th, f2);
    for (int c = 0; c < 3; c++)
        m[c] += 0.5 * p->dt * (f1[c] + f2[c]);
    unit(m);
}

/* The normals of step s, stream 0 of the thermal domain. Mesh: counter s, normals 0..2 of the four
 * (thermal.c). Macrospin: steps 4g..4g+3 take the 12 normals of counters 3g, 3g+1, 3g+2 in order
 * (run.c). */
static void normals_mesh(ms_rng_key key, uint64_t s, double eta[3])
{
    double z[4];
    ms_rng_normal4(key, MS_RNG_DOMAIN(MS_RNG_THERMAL), s, z);
    memcpy(eta, z, 3 * sizeof *eta);
}

static void normals_macrospin(ms_rng_key key, uint64_t s, double eta[3])
{
    double z[12];
    for (uint64_t j = 0; j < 3; j++)
        ms_rng_normal4(key, MS_RNG_DOMAIN(MS_RNG_THERMAL), 3 * (s / 4) + j, z + 4 * j);
    memcpy(eta, z + 3 * (s % 4), 3 * sizeof *eta);
}

static int seed_path(int fail)
{
    enum { STEPS = 2000 };
    const uint64_t seed = 20240611;
    const double temperature = 300, sigma0 = 30, v = CELL[0] * CELL[1] * CELL[2];
    spec p = {.alpha = 0.05};
    ms_macrospin_demag_box(CELL[0], CELL[1], CELL[2], p.n);
    const double ku = ku_for_sigma(sigma0, temperature), k_eff = sigma0 * KB * temperature / v;
    p.hk = 2 * ku / (MU0 * MS);
    const double hk_eff = 2 * k_eff / (MU0 * MS);
    p.h[0] = 0.1 * hk_eff, p.h[2] = -0.1 * hk_eff;  /* Δ = σ (1 − 0.1)² ≈ 24 against the field */
    p.dt = 0.01 / (GAMMA0 * hk_eff);
    p.sigma = sqrt(2 * p.alpha * KB * temperature / (GAMMA0 * MU0 * MS * v * p.dt));
    const setup c = {.ku = ku, .alpha = p.alpha, .temperature = temperature, .h = {p.h[0], p.h[1], p.h[2]}};
    const double m0[3] = {sin(0.2) * cos(1.0), sin(0.2) * sin(1.0), cos(0.2)};

    ms_ctx *ctx = ms_ctx_create(seed, 1);
    ms_error err;
    ms_mesh *g = NULL;
    ms_mm *s = mesh_box(&c, ctx, &g);
    ms_mm_m_uniform(s, m0);
    ms_heun *hn = NULL;
    if (ms_heun_create(&hn, s, p.dt, &err))
        die("ms_heun_create", &err);
    ms_macrospin_options o;
    ms_macrospin_options_init(&o);
    o.dt = p.dt, o.initial = MS_INITIAL_VECTOR, o.stream_offset = 0;
    memcpy(o.m0, m0, sizeof o.m0);
    ms_macrospin_batch *b = macrospin_batch(&c, 1, &o, ctx);

    const ms_rng_key key = ms_rng_key_make(seed);
    double ma[3], mb[3], dev_mesh = 0, dev_ms = 0, cross0 = 0, cross = 0, mz_min = 1;
    memcpy(ma, m0, sizeof ma), memcpy(mb, m0, sizeof mb);
    for (uint64_t k = 0; k < STEPS; k++) {
        ms_mm_stepinfo info;
        if (ms_heun_step(hn, &info, &err))
            die("ms_heun_step", &err);
        if (ms_macrospin_batch_step(b, &err))
            die("ms_macrospin_batch_step", &err);
        double eta[3], mm[3];
        normals_mesh(key, k, eta);
        spec_heun(&p, eta, 1, ma);
        normals_macrospin(key, k, eta);
        spec_heun(&p, eta, 0, mb);
        const double *m = ms_mm_m(s), me[3] = {m[0], m[1], m[2]};
        ms_macrospin_batch_get_m(b, 0, mm);
        dev_mesh = fmax(dev_mesh, dist(me, ma));
        dev_ms = fmax(dev_ms, dist(mm, mb));
        cross = fmax(cross, dist(me, mm));
        cross0 = k == 0 ? cross : cross0;
        mz_min = fmin(mz_min, fmin(me[2], mm[2]));
    }
    printf("# seed_path: %d steps, dt = %.3g s, Brown sigma = %.4g A/m, min m_z = %.3f; mesh vs macrospin "
           "|dm| after step 1 = %.2g (same normals, predictor renormalised or not), max = %.2g\n",
           STEPS, p.dt, p.sigma, mz_min, cross0, cross);
    /* rounding: ~4 ulp per step, accumulated at worst linearly over the steps (the in-well flow
     * neither contracts nor expands much within α γ0 H_k t ≈ 1) */
    const double tol = 1e-12;
    fail += ms_validate_report("mesh/one_cell/seed_path_mesh", dev_mesh, 0, tol);
    fail += ms_validate_report("mesh/one_cell/seed_path_macrospin", dev_ms, 0, tol);
    ms_macrospin_batch_destroy(b);
    ms_heun_destroy(hn);
    ms_mm_destroy(s);
    ms_mesh_destroy(g);
    ms_ctx_destroy(ctx);
    return fail;
}

/* ---------------------------------------------------------------------------------------------
 * T > 0 statistics: mean escape time of many one-cell runs against the macrospin batch */

typedef struct escape { double t, mz; } escape;

/* Heun callback: the first crossing of m_z = −0.5, interpolated inside the step like the
 * macrospin's ms_switch_time; stops the run. */
static int escape_watch(void *user, ms_mm *s, const ms_mm_stepinfo *info)
{
    escape *e = user;
    const double mz = ms_mm_m(s)[2];
    if (mz < -0.5) {
        e->t = info->t - info->dt + info->dt * (e->mz + 0.5) / (e->mz - mz);
        return 1;
    }
    e->mz = mz;
    return 0;
}

static void mean_se(const double *t, size_t n, double *mean, double *se)
{
    double s = 0, s2 = 0;
    for (size_t i = 0; i < n; i++)
        s += t[i], s2 += t[i] * t[i];
    *mean = s / (double)n;
    *se = sqrt(fmax(s2 / (double)n - *mean * *mean, 0) / (double)(n - 1));
}

static int escape_stats(int fail)
{
    enum { RUNS = 2000 };
    const uint64_t seed = 777;
    const double temperature = 300, sigma0 = 3, v = CELL[0] * CELL[1] * CELL[2];
    const setup c = {.ku = ku_for_sigma(sigma0, temperature), .alpha = 1, .temperature = temperature};
    const double hk_eff = 2 * sigma0 * KB * temperature / (v * MU0 * MS), dt = 0.01 / (GAMMA0 * hk_eff);
    const double t_max = 1e-7;  /* ~400 mean escape times: every run escapes */
    static double t_mesh[RUNS];
    ms_error err;

    ms_ctx *ctx = ms_ctx_create(seed, 1);
    ms_macrospin_options o;
    ms_macrospin_options_init(&o);
    o.dt = dt, o.initial = MS_INITIAL_UP, o.threshold = -0.5, o.stop_when_switched = 1;
    ms_macrospin_batch *b = macrospin_batch(&c, RUNS, &o, ctx);
    if (ms_macrospin_batch_run(b, t_max, 0, NULL, NULL, &err))
        die("ms_macrospin_batch_run", &err);
    if (ms_macrospin_batch_switched(b) != RUNS)
        fprintf(stderr, "one_cell: macrospin: %zu of %d trials escaped\n", ms_macrospin_batch_switched(b), RUNS);
    double mean_ms, se_ms, mean_mesh, se_mesh;
    mean_se(ms_macrospin_batch_switch_times(b), RUNS, &mean_ms, &se_ms);
    ms_macrospin_batch_destroy(b);
    ms_ctx_destroy(ctx);

    /* RUNS successive runs of one cell (seed S + 1), each restarted at m = u once it escaped: the
     * runs draw their noise from disjoint counter ranges (steps) of the cell's stream, so they are
     * independent of each other and of the batch */
    ctx = ms_ctx_create(seed + 1, 1);
    ms_mesh *g = NULL;
    ms_mm *s = mesh_box(&c, ctx, &g);
    ms_heun *hn = NULL;
    if (ms_heun_create(&hn, s, dt, &err))
        die("ms_heun_create", &err);
    for (int k = 0; k < RUNS; k++) {
        const double up[3] = {0, 0, 1}, t0 = ms_mm_time(s);
        ms_mm_m_uniform(s, up);
        escape e = {.t = NAN, .mz = 1};
        if (ms_heun_run(hn, t0 + t_max, escape_watch, &e, &err))
            die("ms_heun_run", &err);
        t_mesh[k] = e.t - t0;
    }
    ms_heun_destroy(hn);
    ms_mm_destroy(s);
    ms_mesh_destroy(g);
    ms_ctx_destroy(ctx);
    mean_se(t_mesh, RUNS, &mean_mesh, &se_mesh);
    const double r = mean_mesh / mean_ms, se = r * hypot(se_mesh / mean_mesh, se_ms / mean_ms);
    printf("# escape: sigma = %g, alpha = 1, dt = %.3g s; mean escape time mesh %.4g +- %.2g s, "
           "macrospin %.4g +- %.2g s\n", sigma0, dt, mean_mesh, se_mesh, mean_ms, se_ms);
    fail += ms_validate_report("mesh/one_cell/escape_time_ratio", r, 1, 3 * se);
    return fail;
}

int main(void)
{
    int fail = closed_forms(0);
    fail = demag_self("mesh/one_cell/demag_newell_vs_box_cell", CELL[0], CELL[1], CELL[2], fail);
    fail = demag_self("mesh/one_cell/demag_newell_vs_box_plate", 20e-9, 10e-9, 2e-9, fail);
    fail = trajectories(fail);
    fail = seed_path(fail);
    fail = escape_stats(fail);
    return fail;
}
