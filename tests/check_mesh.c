/* check_mesh.c — unit tests of the finite-difference solver (src/micromag) against analytic
 * results: Newell self-demag vs Aharoni's prism factors; the mesh-summed tensor of a uniformly
 * magnetised box equals the Aharoni factors of the whole box (cube 1/3, thin film Nzz -> 1,
 * trace 1); FFT convolution vs the direct sum (the reference kernel); exchange of a spin wave;
 * harmonic-mean exchange; energies are the potentials of the fields (gradient check); the DMI
 * edge tilt; thread-count independence of the thermal run; a one-cell
 * mesh follows the exact LLG solution of damped precession (RK45 and Heun); an exchange-decoupled
 * array at finite T has the Boltzmann <m_z^2>; the relaxed SP4 S-state; OVF round trips;
 * periodic boundaries (FFT vs direct sum with images, images vs an open super-box, a periodic film
 * against the plate-centre factors, exchange spiral and DMI cycloid energies, energy gradients);
 * mask files (a text disk equals the disk shape, regions, layers, OVF masks, error messages);
 * mesh.shapes (the painting equals the cells computed from the geometry here, in entry order; a
 * union of shapes equals a text mask of the same cells; error messages; resolved text round trip);
 * configs build the SP4 mesh and refuse unsupported options. */
#include <check.h>
#include <gsl/gsl_const_mksa.h>
#include <gsl/gsl_sf_dawson.h>
#include <fftw3.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/mesh.h"
#include "testutil.h"

static const double MU0 = GSL_CONST_MKSA_VACUUM_PERMEABILITY;

static ms_mesh *box_mesh(int nx, int ny, int nz, double dx, double dy, double dz, double ms,
                         double a)
{
    ms_mesh *g = NULL;
    ms_error err;
    ck_assert_int_eq(ms_mesh_create(&g, nx, ny, nz, dx, dy, dz, &err), MS_OK);
    ms_mesh_fill(g, 1);
    ms_mesh_material mat = {.ms = ms, .a_ex = a, .axis = {0, 0, 1}, .alpha = 0.02};
    ck_assert_int_eq(ms_mesh_material_set(g, 1, &mat, &err), MS_OK);
    return g;
}

START_TEST(test_newell_self_vs_aharoni)
{
    const double dims[][3] = {{1, 1, 1}, {3.9e-9, 3.9e-9, 3e-9}, {1, 2, 3}, {5, 5, 0.2}, {0.3, 7, 1}};
    for (size_t k = 0; k < sizeof dims / sizeof *dims; k++) {
        const double *d = dims[k];
        double n[6];
        ms_demag_newell(0, 0, 0, d[0], d[1], d[2], n);
        ck_assert_double_eq_tol(n[0], ms_demag_aharoni(d[1], d[2], d[0]), 1e-12);
        ck_assert_double_eq_tol(n[1], ms_demag_aharoni(d[2], d[0], d[1]), 1e-12);
        ck_assert_double_eq_tol(n[2], ms_demag_aharoni(d[0], d[1], d[2]), 1e-12);
        ck_assert_double_eq_tol(n[0] + n[1] + n[2], 1.0, 1e-12);
        ck_assert_double_eq_tol(n[3], 0.0, 1e-14);
    }
    ck_assert_double_eq_tol(ms_demag_aharoni(1, 1, 1), 1.0 / 3.0, 1e-14);
}
END_TEST

/* Mean demag factors of mesh g (Ms = 1) magnetised uniformly along x, y, z, from the FFT field;
 * destroys g. */
static void mean_factors(ms_mesh *g, double nf[3])
{
    ms_demag_plan *p = NULL;
    ms_error err;
    ck_assert_int_eq(ms_demag_plan_create(&p, g, 1, 0, NULL, &err), MS_OK);
    const size_t n = g->n;
    double *m = calloc(3 * n, sizeof(double)), *h = calloc(3 * n, sizeof(double));
    for (int c = 0; c < 3; c++) {
        for (size_t i = 0; i < 3 * n; i++)
            m[i] = (i / n == (size_t)c), h[i] = 0.0;
        ms_demag_field_add(p, g->ms, m, h);
        double s = 0;
        for (size_t i = 0; i < n; i++)
            s += h[c * n + i];
        nf[c] = -s / (double)n;
    }
    free(m), free(h);
    ms_demag_plan_destroy(p);
    ms_mesh_destroy(g);
}

/* Mean demag factors of a uniformly magnetised meshed box, from the FFT field. */
static void box_factors(int nx, int ny, int nz, double dx, double dy, double dz, double nf[3])
{
    mean_factors(box_mesh(nx, ny, nz, dx, dy, dz, 1.0, 0.0), nf);
}

START_TEST(test_demag_box_factors)
{
    double nf[3];
    box_factors(8, 8, 8, 1e-9, 1e-9, 1e-9, nf);  /* cube */
    for (int c = 0; c < 3; c++)
        ck_assert_double_eq_tol(nf[c], 1.0 / 3.0, 1e-9);
    box_factors(64, 48, 1, 5e-9, 5e-9, 1e-9, nf);  /* thin film 320 x 240 x 1 nm */
    ck_assert_double_eq_tol(nf[2], ms_demag_aharoni(320e-9, 240e-9, 1e-9), 1e-8);
    ck_assert_double_eq_tol(nf[0], ms_demag_aharoni(240e-9, 1e-9, 320e-9), 1e-8);
    ck_assert_double_eq_tol(nf[0] + nf[1] + nf[2], 1.0, 1e-8);
    double thinner[3];  /* Nzz -> 1 as the film gets thinner */
    box_factors(64, 48, 1, 5e-9, 5e-9, 0.1e-9, thinner);
    ck_assert(nf[2] > 0.98 && thinner[2] > 0.997 && thinner[2] < 1.0);
    box_factors(6, 5, 4, 1e-9, 2e-9, 3e-9, nf);  /* a 3-D box of non-cubic cells */
    ck_assert_double_eq_tol(nf[2], ms_demag_aharoni(6e-9, 10e-9, 12e-9), 1e-9);
    ck_assert_double_eq_tol(nf[0] + nf[1] + nf[2], 1.0, 1e-9);
}
END_TEST

/* FFT convolution against the direct sum. The long films take the wider y-stage blocks of the
 * thin path (demag_plan.h: 16 columns at 256 and 300 cells along x, 32 at 512, with a narrower
 * last block at 300). Every open x axis has an even px, whose Nyquist column goes through the y stage
 * packed with column 0 (demag_thin.c); an odd px, without one, is a periodic x axis of odd length
 * (test_demag_pbc_fft_vs_direct). */
START_TEST(test_demag_fft_vs_direct)
{
    const int shapes[][3] = {{1, 1, 1}, {5, 3, 1}, {1, 6, 1}, {7, 6, 1}, {5, 4, 3}, {1, 1, 4},
                             {256, 2, 1}, {300, 3, 1}, {512, 2, 1}};
    for (size_t k = 0; k < sizeof shapes / sizeof *shapes; k++) {
        const int *s = shapes[k];
        ms_mesh *g = box_mesh(s[0], s[1], s[2], 2e-9, 3e-9, 1.5e-9, 8e5, 0);
        if (g->n > 2)
            g->ms[1] = 0.0, g->ms[2] = 4e5;  /* a hole and a second material */
        ms_demag_plan *p = NULL;
        ms_error err;
        ck_assert_int_eq(ms_demag_plan_create(&p, g, 2, 0, NULL, &err), MS_OK);
        const size_t n = g->n;
        double *m = malloc(3 * n * sizeof(double)), *h1 = calloc(3 * n, sizeof(double));
        double *h2 = calloc(3 * n, sizeof(double)), scale = 0;
        for (size_t i = 0; i < 3 * n; i++)
            m[i] = sin(1.3 * (double)i + 0.2);
        ms_demag_field_add(p, g->ms, m, h1);
        ms_demag_field_add_direct(g, m, h2);
        for (size_t i = 0; i < 3 * n; i++)
            scale = fmax(scale, fabs(h2[i]));
        for (size_t i = 0; i < 3 * n; i++)
            ck_assert_double_eq_tol(h1[i], h2[i], 1e-12 * scale);
        free(m), free(h1), free(h2);
        ms_demag_plan_destroy(p);
        ms_mesh_destroy(g);
    }
}
END_TEST

static ms_mm *system_of(ms_mesh *g, int demag)
{
    ms_mm *s = NULL;
    ms_error err;
    ms_mm_drive d = {.gamma0 = 2.211e5, .demag_off = !demag};
    ck_assert_int_eq(ms_mm_create(&s, g, &d, NULL, &err), MS_OK);
    return s;
}

START_TEST(test_exchange_spin_wave)
{
    const int nx = 64;
    const double dx = 2e-9, A = 1.3e-11, Ms = 8e5, k = 2 * M_PI * 3 / (nx * dx);
    ms_mesh *g = box_mesh(nx, 3, 1, dx, dx, dx, Ms, A);
    ms_mm *s = system_of(g, 0);
    double *m = ms_mm_m(s), *h = malloc(3 * g->n * sizeof(double));
    for (size_t i = 0; i < g->n; i++) {
        const double x = (double)(i % nx) * dx;
        m[i] = cos(k * x), m[g->n + i] = sin(k * x), m[2 * g->n + i] = 0;
    }
    ms_mm_field(s, 0, m, h);
    const double lam = -(2 * A / (MU0 * Ms)) * (2 - 2 * cos(k * dx)) / (dx * dx);
    for (size_t i = 0; i < g->n; i++) {
        const int ix = (int)(i % nx);
        if (ix == 0 || ix == nx - 1)
            continue;
        ck_assert_double_eq_tol(h[i], lam * m[i], 1e-9 * fabs(lam));
        ck_assert_double_eq_tol(h[g->n + i], lam * m[g->n + i], 1e-9 * fabs(lam));
    }
    /* the uniform-material kernel agrees with the general per-cell one (forced by a tiny
     * perturbation of one cell's A) */
    double *h2 = malloc(3 * g->n * sizeof(double));
    g->a_ex[0] *= 1.0 + 1e-14;
    ms_mm_params_update(s);
    ms_mm_field(s, 0, m, h2);
    for (size_t i = 0; i < 3 * g->n; i++)
        ck_assert_double_eq_tol(h2[i], h[i], 1e-9 * fabs(lam));
    free(h2);
    /* uniform m: no exchange field anywhere (Neumann edges) */
    const double u[3] = {0.3, -0.2, 0.9};
    ms_mm_m_uniform(s, u);
    ms_mm_field(s, 0, m, h);
    for (size_t i = 0; i < 3 * g->n; i++)
        ck_assert_double_eq_tol(h[i], 0.0, 1e-6);
    free(h);
    ms_mm_destroy(s);
    ms_mesh_destroy(g);
}
END_TEST

START_TEST(test_exchange_harmonic_mean)
{
    ms_mesh *g = box_mesh(2, 1, 1, 1e-9, 1e-9, 1e-9, 1e6, 1e-11);
    g->a_ex[1] = 3e-11, g->ms[1] = 5e5;
    ms_mm *s = system_of(g, 0);
    ms_mm_params_update(s);
    double *m = ms_mm_m(s), h[6];
    m[0] = 1, m[2] = 0, m[4] = 0;  /* cell 0 along x */
    m[1] = 0, m[3] = 1, m[5] = 0;  /* cell 1 along y */
    ms_mm_field(s, 0, m, h);
    const double a12 = 2 * 1e-11 * 3e-11 / 4e-11;
    ck_assert_double_eq_tol(h[0], 2 * a12 / (MU0 * 1e6 * 1e-18) * (0 - 1), 1e-6);
    ck_assert_double_eq_tol(h[2], 2 * a12 / (MU0 * 1e6 * 1e-18) * (1 - 0), 1e-6);
    ck_assert_double_eq_tol(h[3], 2 * a12 / (MU0 * 5e5 * 1e-18) * (0 - 1), 1e-6);
    ms_mm_destroy(s);
    ms_mesh_destroy(g);
}
END_TEST

/* dE/dm_j = −μ0 Ms V H_j at the probed components j (component-major index) of a mesh of 2 nm
 * cubes: a central difference of the total energy (step 1e-6) against the field, to 1e-6 of the
 * scale μ0 Ms V · 1e6 A/m. */
static void assert_field_is_gradient(ms_mm *s, const ms_mesh *g, const size_t *probe, size_t n_probe)
{
    const size_t n = g->n;
    double *m = ms_mm_m(s), *h = malloc(3 * n * sizeof(double)), e[MS_TERM_COUNT];
    ms_mm_field(s, 0, m, h);
    const double V = 8e-27, eps = 1e-6;
    for (size_t k = 0; k < n_probe; k++) {
        const size_t j = probe[k], cell = j % n;
        const double keep = m[j];
        m[j] = keep + eps;
        const double ep = ms_mm_energy(s, 0, m, e);
        m[j] = keep - eps;
        const double em = ms_mm_energy(s, 0, m, e);
        m[j] = keep;
        const double grad = (ep - em) / (2 * eps), expect = -MU0 * g->ms[cell] * V * h[j];
        ck_assert_double_eq_tol(grad, expect, 1e-6 * fabs(MU0 * 8e5 * V * 1e6));
    }
    free(h);
}

/* dE/dm_i = −μ0 Ms V H_i for every energy term: compare a central difference of the energy with
 * the field (exchange, demag, uniaxial K1 + K2, cubic, Zeeman, exchange bias). */
START_TEST(test_energy_is_field_potential)
{
    ms_mesh *g = box_mesh(5, 4, 2, 2e-9, 2e-9, 2e-9, 8e5, 1.3e-11);
    for (size_t i = 0; i < g->n; i++)
        g->ku1[i] = 5e5, g->ku2[i] = 1e5, g->kc1[i] = -2e4, g->hebx[i] = 1e4;
    g->ux[0] = 0.6, g->uz[0] = 0.8;
    ms_mm *s = system_of(g, 1);
    ms_mm_drive_get(s)->field.h_dc[1] = 3e4;
    ms_mm_params_update(s);
    ms_mm_m_random(s, 7);
    const size_t n = g->n;
    assert_field_is_gradient(s, g, (const size_t[]){0, 7, 2 * n + 13, n + 39}, 4);
    ms_mm_destroy(s);
    ms_mesh_destroy(g);
}
END_TEST

/* Exact damped precession about a static field H ẑ (no anisotropy; a cube cell's self-demag is
 * isotropic and exerts no torque): φ(t) = φ0 + γ0 H t/(1+α²),
 * m_z(t) = tanh(α γ0 H t/(1+α²) + atanh m_z0). */
static void precession_exact(double t, double H, double alpha, double g0, double mz0, double m[3])
{
    const double w = g0 * H / (1 + alpha * alpha);
    const double mz = tanh(alpha * w * t + atanh(mz0)), r = sqrt(1 - mz * mz);
    m[0] = r * cos(w * t), m[1] = r * sin(w * t), m[2] = mz;
}

static ms_mm *one_cell(double H, double alpha, double mz0)
{
    ms_mesh *g = box_mesh(1, 1, 1, 3e-9, 3e-9, 3e-9, 8e5, 1.3e-11);
    g->alpha[0] = alpha;
    ms_mm *s = system_of(g, 1);
    ms_mm_drive_get(s)->field.h_dc[2] = H;
    ms_mm_params_update(s);
    const double v[3] = {sqrt(1 - mz0 * mz0), 0, mz0};
    ms_mm_m_uniform(s, v);
    return s;
}

START_TEST(test_one_cell_rk45_exact)
{
    const double H = 8e4, alpha = 0.05, g0 = 2.211e5, mz0 = -0.9, T = 1e-9;
    ms_mm *s = one_cell(H, alpha, mz0);
    ms_rk45 *rk = NULL;
    ms_error err;
    ck_assert_int_eq(ms_rk45_create(&rk, s, 1e-8, 1e-13, &err), MS_OK);
    ck_assert_int_eq(ms_rk45_run(rk, T, NULL, NULL, &err), MS_OK);
    double ex[3];
    precession_exact(T, H, alpha, g0, mz0, ex);
    const double *m = ms_mm_m(s);
    for (int c = 0; c < 3; c++)
        ck_assert_double_eq_tol(m[c], ex[c], 1e-5);
    ms_rk45_destroy(rk);
    ms_mesh_destroy((ms_mesh *)ms_mm_mesh(s));
    ms_mm_destroy(s);
}
END_TEST

START_TEST(test_one_cell_heun_exact)
{
    const double H = 8e4, alpha = 0.05, g0 = 2.211e5, mz0 = -0.9, T = 0.5e-9;
    ms_mm *s = one_cell(H, alpha, mz0);
    ms_heun *hn = NULL;
    ms_error err;
    ck_assert_int_eq(ms_heun_create(&hn, s, 1e-14, &err), MS_OK);
    ck_assert_int_eq(ms_heun_run(hn, T, NULL, NULL, &err), MS_OK);
    double ex[3];
    precession_exact(T, H, alpha, g0, mz0, ex);
    const double *m = ms_mm_m(s);
    for (int c = 0; c < 3; c++)
        ck_assert_double_eq_tol(m[c], ex[c], 1e-4);
    ms_heun_destroy(hn);
    ms_mesh_destroy((ms_mesh *)ms_mm_mesh(s));
    ms_mm_destroy(s);
}
END_TEST

typedef struct mz2_acc { double sum, sum2; long count; double burn; } mz2_acc;

static int mz2_record(void *user, ms_mm *s, const ms_mm_stepinfo *info)
{
    mz2_acc *a = user;
    if (info->t < a->burn || info->step % 20)
        return 0;
    const ms_mesh *g = ms_mm_mesh(s);
    const double *m = ms_mm_m(s);
    double block = 0;
    for (size_t i = 0; i < g->n; i++)
        block += m[2 * g->n + i] * m[2 * g->n + i];
    block /= (double)g->n;
    a->sum += block, a->sum2 += block * block, a->count++;
    return 0;
}

/* Exchange-decoupled array at T = 300 K: ⟨m_z²⟩ = 1/(2 √σ D(√σ)) − 1/(2σ), σ = K V/(kB T). */
START_TEST(test_thermal_boltzmann)
{
    const int nc = ms_test_quick() ? 100 : 800;
    const double T = 300, sigma = 3.0, dx = 5e-9, V = dx * dx * dx, Ms = 1e6;
    const double K = sigma * GSL_CONST_MKSA_BOLTZMANN * T / V;
    ms_mesh *g = box_mesh(nc, 1, 1, dx, dx, dx, Ms, 0.0);
    for (size_t i = 0; i < g->n; i++)
        g->ku1[i] = K, g->alpha[i] = 1.0;
    ms_ctx *ctx = ms_ctx_create(42, 1);
    ms_mm_drive d = {.gamma0 = 2.211e5, .demag_off = 1, .temperature = T};
    ms_mm *s = NULL;
    ms_heun *hn = NULL;
    ms_error err;
    ck_assert_int_eq(ms_mm_create(&s, g, &d, ctx, &err), MS_OK);
    const double z[3] = {0, 0, 1};
    ms_mm_m_uniform(s, z);
    ck_assert_int_eq(ms_heun_create(&hn, s, 2e-13, &err), MS_OK);
    mz2_acc acc = {.burn = 0.3e-9};
    ck_assert_int_eq(ms_heun_run(hn, 3e-9, mz2_record, &acc, &err), MS_OK);
    const double mean = acc.sum / acc.count;
    const double sd = sqrt(acc.sum2 / acc.count - mean * mean);
    /* successive records are 4 ps apart, well below the ~60 ps correlation time: count one
     * independent sample per 100 ps of the run */
    const double se = sd / sqrt((3e-9 - acc.burn) / 100e-12);
    const double rs = sqrt(sigma), ref = 1 / (2 * rs * gsl_sf_dawson(rs)) - 1 / (2 * sigma);
    ck_assert_msg(fabs(mean - ref) < 5 * se, "<mz^2> = %g, Boltzmann %g (se %g)", mean, ref, se);
    ms_heun_destroy(hn);
    ms_mm_destroy(s);
    ms_mesh_destroy(g);
    ms_ctx_destroy(ctx);
}
END_TEST

/* Interfacial DMI edge tilt of a PMA strip (1-D, no demag): the continuum solution has
 * tan(θ/2) = tan(θ0/2) e^{−x/Δ}, Δ = sqrt(A/K), with sin θ0 = D/(2 sqrt(A K)) from the DMI boundary
 * condition; compare at the centre of the edge cells (x = dx/2). */
START_TEST(test_dmi_edge_tilt)
{
    const int nx = 160;
    const double dx = 0.25e-9, A = 1.5e-11, K = 1e6, D = 1e-3;
    ms_mesh *g = box_mesh(nx, 1, 1, dx, dx, dx, 1e6, A);
    for (size_t i = 0; i < g->n; i++)
        g->ku1[i] = K, g->dmi[i] = D;
    ms_mm *s = system_of(g, 0);
    ms_mm_params_update(s);
    const double z[3] = {0, 0, 1};
    ms_mm_m_uniform(s, z);
    ms_error err;
    ck_assert_int_eq(ms_relax_run(s, 1e-3, 200000, NULL, NULL, &err), MS_OK);
    const double delta = sqrt(A / K), th0 = asin(D / (2 * sqrt(A * K)));
    const double th = 2 * atan(tan(th0 / 2) * exp(-0.5 * dx / delta));
    const double *m = ms_mm_m(s);
    ck_assert_double_eq_tol(fabs(m[0]), sin(th), 0.03 * sin(th));
    ck_assert_double_eq_tol(fabs(m[nx - 1]), sin(th), 0.03 * sin(th));
    /* mid-strip: at most the sum of the two edge profiles there, 2 sin θ(L/2) */
    const double mid = 2 * sin(2 * atan(tan(th0 / 2) * exp(-0.5 * nx * dx / delta)));
    ck_assert(fabs(m[nx / 2]) <= mid);
    ms_mm_destroy(s);
    ms_mesh_destroy(g);
}
END_TEST

/* The thermal run is bitwise identical for 1, 2 and 3 threads (per-cell Philox streams; 3
 * threads on 2 cores for the shares' barriers, as in test_team_thread_independent). */
START_TEST(test_thermal_thread_independent)
{
    enum { STEPS = 10 };
    double out[3][3], torque[3][STEPS];
    for (int k = 0; k < 3; k++) {
        ms_mesh *g = box_mesh(128, 160, 1, 3e-9, 3e-9, 3e-9, 8e5, 1.3e-11);
        ms_ctx *ctx = ms_ctx_create(9, k + 1);
        omp_set_num_threads(k + 1);
        ms_mm_drive d = {.gamma0 = 2.211e5, .temperature = 300};
        ms_mm *s = NULL;
        ms_heun *hn = NULL;
        ms_error err;
        ck_assert_int_eq(ms_mm_create(&s, g, &d, ctx, &err), MS_OK);
        ck_assert_int_eq(ms_heun_create(&hn, s, 1e-13, &err), MS_OK);
        for (int st = 0; st < STEPS; st++) {
            ms_mm_stepinfo info;
            ck_assert_int_eq(ms_heun_step(hn, &info, &err), MS_OK);
            torque[k][st] = info.torque_max;
        }
        ms_mm_m_average(s, ms_mm_m(s), out[k]);
        ms_heun_destroy(hn);
        ms_mm_destroy(s);
        ms_mesh_destroy(g);
        ms_ctx_destroy(ctx);
    }
    for (int c = 0; c < 3; c++)
        ck_assert(out[0][c] == out[1][c] && out[0][c] == out[2][c]);
    for (int st = 0; st < STEPS; st++)
        ck_assert_msg(torque[0][st] == torque[1][st] && torque[0][st] == torque[2][st], "max torque of step %d differs", st);
}
END_TEST

/* RK45 with demag: m after 30 steps on an nx × ny × nz box, run on a team of `threads` (system.h);
 * with dims[3] set, also uniaxial anisotropy, interfacial DMI and periodic images in x and y (the
 * stencils then read across the ends of the mesh, which other threads' shares hold). */
static void rk45_box_run(const int dims[4], int threads, double *m_out)
{
    ms_mesh *g = box_mesh(dims[0], dims[1], dims[2], 4e-9, 4e-9, 3e-9, 8e5, 1.3e-11);
    ms_error err;
    if (dims[3]) {
        const ms_mesh_material mat = {.ms = 8e5, .a_ex = 1.3e-11, .ku1 = 1e5, .axis = {0, 0, 1}, .alpha = 0.02,
                                      .dmi = 1e-3};
        const int images[3] = {2, 2, 0};
        ck_assert_int_eq(ms_mesh_material_set(g, 1, &mat, &err), MS_OK);
        ck_assert_int_eq(ms_mesh_pbc_set(g, images, &err), MS_OK);
    }
    ms_ctx *ctx = ms_ctx_create(3, threads);
    ms_mm_drive d = {.gamma0 = 2.211e5};
    d.field.h_dc[0] = -2e4, d.field.h_dc[1] = 5e3;
    ms_mm *s = NULL;
    ms_rk45 *rk = NULL;
    ms_mm_stepinfo info;
    ck_assert_int_eq(ms_mm_create(&s, g, &d, ctx, &err), MS_OK);
    ms_mm_m_vortex(s, 2, 1);
    ck_assert_int_eq(ms_rk45_create(&rk, s, 1e-5, 1e-13, &err), MS_OK);
    for (int k = 0; k < 30; k++)
        ck_assert_int_eq(ms_rk45_step(rk, 1e-9, &info, &err), MS_OK);
    memcpy(m_out, ms_mm_m(s), 3 * g->n * sizeof(double));
    ms_rk45_destroy(rk);
    ms_mm_destroy(s);
    ms_ctx_destroy(ctx);
    ms_mesh_destroy(g);
}

/* The team region gives bitwise the same trajectory on 1, 2 and 3 threads (thin films, one with
 * anisotropy, DMI and periodic images, and a 3-D box, all above MS_MM_TEAM_CELLS; 80 × 50 has 13
 * row chunks, which 3 threads share 4, 4, 5), and
 * also when systems run side by side in an enclosing parallel region (the mesh table engine),
 * where each system's team is a team of one that must not share its loops with the other
 * systems' threads. Three threads on this 2-core machine are descheduled by turns, at random
 * points: a missing barrier between the shares (team.h) then shows as a different trajectory. */
START_TEST(test_team_thread_independent)
{
    const int dims[4][4] = {{96, 32, 1, 0}, {80, 50, 1, 0}, {64, 40, 1, 1}, {24, 16, 6, 0}};
    for (int b = 0; b < 4; b++) {
        const size_t n3 = 3 * (size_t)dims[b][0] * dims[b][1] * dims[b][2];
        double *m1 = malloc(n3 * sizeof *m1), *m2 = malloc(n3 * sizeof *m2);
        double *mp[2] = {malloc(n3 * sizeof(double)), malloc(n3 * sizeof(double))};
        rk45_box_run(dims[b], 1, m1);
        for (int threads = 2; threads <= 3; threads++) {
            rk45_box_run(dims[b], threads, m2);
            ck_assert_msg(memcmp(m1, m2, n3 * sizeof *m1) == 0, "box %d: 1 and %d threads differ", b, threads);
        }
        /* the engine's pattern: a dynamic loop over systems, on 2 threads and on 1 */
        for (int outer = 1; outer <= 2; outer++)
            for (int threads = 1; threads <= 2; threads++) {
#pragma omp parallel for schedule(dynamic, 1) num_threads(outer)
                for (int k = 0; k < 2; k++)
                    rk45_box_run(dims[b], threads, mp[k]);
                for (int k = 0; k < 2; k++)
                    ck_assert_msg(memcmp(m1, mp[k], n3 * sizeof *m1) == 0,
                                  "box %d: systems of %d threads in a loop on %d threads", b, threads, outer);
            }
        free(m1), free(m2), free(mp[0]), free(mp[1]);
    }
}
END_TEST

/* Energy minimisation on a film of 20 chunks of the sums, on a team of 1 and of 2 threads:
 * the relaxed state, its torque and the energies are bitwise the same on 1, 2 and 3 threads, because
 * every sum is taken over fixed chunks of cells and added in chunk order (system.h). */
START_TEST(test_relax_thread_independent)
{
    const int nx = 160, ny = 128;
    const size_t n3 = 3 * (size_t)nx * ny;
    double *m[3] = {malloc(n3 * sizeof(double)), malloc(n3 * sizeof(double)), malloc(n3 * sizeof(double))};
    double torque[3], energy[3][MS_TERM_COUNT], total[3];
    for (int k = 0; k < 3; k++) {
        ms_mesh *g = box_mesh(nx, ny, 1, 4e-9, 4e-9, 3e-9, 8e5, 1.3e-11);
        ms_ctx *ctx = ms_ctx_create(3, k + 1);
        ms_mm_drive d = {.gamma0 = 2.211e5};
        d.field.h_dc[0] = 1e4;
        ms_mm *s = NULL;
        ms_error err;
        long it = 0;
        ck_assert_int_eq(ms_mm_create(&s, g, &d, ctx, &err), MS_OK);
        ms_mm_m_vortex(s, 2, 1);
        ck_assert_int_eq(ms_relax_run(s, 1e-9, 40, &it, &torque[k], &err), MS_OK);
        ck_assert_int_eq(it, 40);
        total[k] = ms_mm_energy(s, 0.0, ms_mm_m(s), energy[k]);
        memcpy(m[k], ms_mm_m(s), n3 * sizeof(double));
        ms_mm_destroy(s);
        ms_ctx_destroy(ctx);
        ms_mesh_destroy(g);
    }
    for (int k = 1; k < 3; k++) {
        ck_assert_msg(memcmp(m[0], m[k], n3 * sizeof(double)) == 0, "relaxed states differ on 1 and %d threads", k + 1);
        ck_assert(torque[0] == torque[k] && total[0] == total[k]);
        for (int t = 0; t < MS_TERM_COUNT; t++)
            ck_assert_msg(energy[0][t] == energy[k][t], "energy of %s differs on %d threads", ms_mm_term_name(t), k + 1);
    }
    free(m[0]), free(m[1]), free(m[2]);
}
END_TEST

/* A non-finite state is reported as MS_ENUMERIC, never integrated silently. */
START_TEST(test_nan_detected)
{
    ms_mesh *g = box_mesh(8, 4, 1, 2e-9, 2e-9, 2e-9, 8e5, 1.3e-11);
    ms_mm *s = system_of(g, 1);
    ms_mm_m(s)[5] = NAN;
    ms_error err;
    ms_rk45 *rk = NULL;
    ms_heun *hn = NULL;
    ms_mm_stepinfo info;
    ck_assert_int_eq(ms_rk45_create(&rk, s, 1e-5, 1e-13, &err), MS_OK);
    ck_assert_int_eq(ms_rk45_step(rk, 1e-9, &info, &err), MS_ENUMERIC);
    ck_assert_int_eq(ms_heun_create(&hn, s, 1e-13, &err), MS_OK);
    ck_assert_int_eq(ms_heun_step(hn, &info, &err), MS_ENUMERIC);
    ck_assert_int_eq(ms_relax_run(s, 1.0, 10, NULL, NULL, &err), MS_ENUMERIC);
    ms_rk45_destroy(rk);
    ms_heun_destroy(hn);
    ms_mm_destroy(s);
    ms_mesh_destroy(g);
}
END_TEST

/* Zeeman waveforms and the spin-torque field coefficients on one cell (demag and exchange off). */
START_TEST(test_drive_fields)
{
    ms_mesh *g = box_mesh(1, 1, 1, 2e-9, 2e-9, 1e-9, 8e5, 0);
    ms_mm_drive d = {.gamma0 = 2.211e5, .demag_off = 1, .t_f = 1e-9,
                     .field = {.shape = {.kind = MS_WAVE_PULSE, .amplitude = 1, .start = 1e-9, .width = 2e-9},
                               .h_dc = {1, 2, 3}, .h_ac = {10, 0, 0}}};
    ms_mm *s = NULL;
    ms_error err;
    ck_assert_int_eq(ms_mm_create(&s, g, &d, NULL, &err), MS_OK);
    double h[3];
    ms_mm_field(s, 0.5e-9, ms_mm_m(s), h);
    ck_assert_double_eq_tol(h[0], 1.0, 1e-12);
    ms_mm_field(s, 2e-9, ms_mm_m(s), h);
    ck_assert_double_eq_tol(h[0], 11.0, 1e-12);
    ck_assert_double_eq_tol(h[2], 3.0, 1e-12);
    ms_mm_drive *dd = ms_mm_drive_get(s);
    dd->field.shape = (ms_waveform){.kind = MS_WAVE_SINE, .amplitude = 1, .frequency = 1e9};
    ms_mm_field(s, 0.25e-9, ms_mm_m(s), h);
    ck_assert_double_eq_tol(h[0], 11.0, 1e-9);
    /* STT: m = x, p = z: H = a_J (m × p) = −a_J ŷ, a_J = ħ η J/(2 e μ0 Ms t_F) */
    dd->field = (ms_mm_waveform){.shape = {.kind = MS_WAVE_DC}};
    dd->stt_j = 1e11, dd->stt_eta = 0.5, dd->stt_p[2] = 1;
    ms_mm_params_update(s);
    ms_mm_field(s, 0, ms_mm_m(s), h);
    const double aj = GSL_CONST_MKSA_PLANCKS_CONSTANT_HBAR * 0.5 * 1e11 /
                      (2 * GSL_CONST_MKSA_ELECTRON_CHARGE * MU0 * 8e5 * 1e-9);
    ck_assert_double_eq_tol(h[1], -aj, 1e-9 * aj);
    ck_assert_double_eq_tol(h[0], 0.0, 1e-9 * aj);
    ms_mm_destroy(s);
    ms_mesh_destroy(g);
}
END_TEST

START_TEST(test_sp4_s_state)
{
    ms_mesh *g = box_mesh(128, 32, 1, 500e-9 / 128, 125e-9 / 32, 3e-9, 8e5, 1.3e-11);
    ms_mm *s = system_of(g, 1);
    const double v[3] = {1, 0.25, 0.1};
    ms_mm_m_uniform(s, v);
    ms_error err;
    long it = 0;
    double tq = 0, avg[3];
    ck_assert_int_eq(ms_relax_run(s, 0.01, 100000, &it, &tq, &err), MS_OK);
    ck_assert(tq < 0.01);
    ms_mm_m_average(s, ms_mm_m(s), avg);
    ck_assert_double_eq_tol(avg[0], 0.9670, 0.002);
    ck_assert_double_eq_tol(avg[1], 0.1253, 0.002);
    ck_assert_double_eq_tol(avg[2], 0.0, 1e-4);
    ms_mm_destroy(s);
    ms_mesh_destroy(g);
}
END_TEST

START_TEST(test_ovf_round_trip)
{
    ms_mesh *g = box_mesh(5, 3, 2, 1e-9, 2e-9, 3e-9, 1, 0);
    const size_t n = g->n;
    double *m = malloc(3 * n * sizeof(double)), *r = malloc(3 * n * sizeof(double));
    for (size_t i = 0; i < 3 * n; i++)
        m[i] = cos(0.7 * (double)i);
    ms_error err;
    for (int binary = 0; binary < 2; binary++) {
        ck_assert_int_eq(ms_ovf_write("check_mesh.ovf", g, m, binary, "m", &err), MS_OK);
        ck_assert_int_eq(ms_ovf_read("check_mesh.ovf", g, r, &err), MS_OK);
        for (size_t i = 0; i < 3 * n; i++)
            ck_assert(m[i] == r[i]);
    }
    FILE *f = fopen("check_mesh.ovf", "rb");
    char head[32] = {0};
    ck_assert(fread(head, 1, 15, f) == 15);
    fclose(f);
    ck_assert_str_eq(head, "# OOMMF OVF 2.0");
    remove("check_mesh.ovf");
    free(m), free(r);
    ms_mesh_destroy(g);
}
END_TEST

/* ---- periodic boundary conditions (mesh.pbc) ---- */

static void random_m(double *m, size_t len, double phase)
{
    for (size_t i = 0; i < len; i++)
        m[i] = sin(1.3 * (double)i + phase);
}

/* The FFT convolution with periodic axes (no padding along them, image-summed kernel) equals the
 * plain direct sum of the same kernel, for thin and 3-D meshes, odd and even sizes, with a hole
 * and a second material. Tolerance: double rounding of the FFT (as test_demag_fft_vs_direct). */
START_TEST(test_demag_pbc_fft_vs_direct)
{
    const int cases[][6] = {{5, 3, 1, 2, 0, 0}, {4, 6, 1, 1, 2, 0}, {7, 6, 1, 0, 3, 0}, {1, 5, 1, 0, 1, 0},
                            {4, 3, 3, 1, 1, 1}, {4, 3, 2, 2, 1, 0}, {1, 1, 4, 0, 0, 2}};
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        const int *c = cases[k];
        ms_mesh *g = box_mesh(c[0], c[1], c[2], 2e-9, 3e-9, 1.5e-9, 8e5, 0);
        ms_error err;
        ck_assert_int_eq(ms_mesh_pbc_set(g, c + 3, &err), MS_OK);
        if (g->n > 2)
            g->ms[1] = 0.0, g->ms[2] = 4e5;
        ms_demag_plan *p = NULL;
        ck_assert_int_eq(ms_demag_plan_create(&p, g, 2, 0, NULL, &err), MS_OK);
        const size_t n = g->n;
        double *m = malloc(3 * n * sizeof(double)), *h1 = calloc(3 * n, sizeof(double));
        double *h2 = calloc(3 * n, sizeof(double)), scale = 0;
        random_m(m, 3 * n, 0.2);
        ms_demag_field_add(p, g->ms, m, h1);
        ms_demag_field_add_direct(g, m, h2);
        for (size_t i = 0; i < 3 * n; i++)
            scale = fmax(scale, fabs(h2[i]));
        for (size_t i = 0; i < 3 * n; i++)
            ck_assert_msg(fabs(h1[i] - h2[i]) <= 1e-12 * scale, "case %zu, value %zu: fft %.17g, direct %.17g",
                          k, i, h1[i], h2[i]);
        free(m), free(h1), free(h2);
        ms_demag_plan_destroy(p);
        ms_mesh_destroy(g);
    }
}
END_TEST

/* The meaning of I images: for odd n, the centre cell of a periodic mesh sees exactly the sources
 * of an open mesh of (2I + 1) copies per periodic axis, around the centre copy (the same Newell
 * terms, summed in another order: tolerance 1e-12 of the field scale), for any m; and a uniform
 * m gives the same field in every cell (translation invariance), odd or even n. */
static void pbc_vs_superbox(int nx, int ny, int nz, const int pbc[3])
{
    ms_error err;
    const int rep[3] = {2 * pbc[0] + 1, 2 * pbc[1] + 1, 2 * pbc[2] + 1};
    ms_mesh *g = box_mesh(nx, ny, nz, 2e-9, 3e-9, 1e-9, 8e5, 0);
    ms_mesh *big = box_mesh(nx * rep[0], ny * rep[1], nz * rep[2], 2e-9, 3e-9, 1e-9, 8e5, 0);
    ck_assert_int_eq(ms_mesh_pbc_set(g, pbc, &err), MS_OK);
    ms_demag_plan *p = NULL, *pb = NULL;
    ck_assert_int_eq(ms_demag_plan_create(&p, g, 1, 0, NULL, &err), MS_OK);
    ck_assert_int_eq(ms_demag_plan_create(&pb, big, 1, 0, NULL, &err), MS_OK);
    const size_t n = g->n, nb = big->n;
    double *m = malloc(3 * n * sizeof(double)), *h = calloc(3 * n, sizeof(double));
    double *mb = malloc(3 * nb * sizeof(double)), *hb = calloc(3 * nb, sizeof(double));
    random_m(m, 3 * n, 0.4);
    for (size_t j = 0; j < nb; j++) {
        const int x = (int)(j % big->nx) % nx, y = (int)(j / big->nx % big->ny) % ny;
        const int z = (int)(j / ((size_t)big->nx * big->ny)) % nz;
        const size_t src = x + (size_t)nx * (y + (size_t)ny * z);
        for (int c = 0; c < 3; c++)
            mb[c * nb + j] = m[c * n + src];
    }
    ms_demag_field_add(p, g->ms, m, h);
    ms_demag_field_add(pb, big->ms, mb, hb);
    const size_t ic = nx / 2 + (size_t)nx * (ny / 2 + (size_t)ny * (nz / 2));
    const size_t jx = (size_t)(pbc[0] * nx + nx / 2), jy = (size_t)(pbc[1] * ny + ny / 2);
    const size_t jc = jx + (size_t)big->nx * (jy + (size_t)big->ny * (size_t)(pbc[2] * nz + nz / 2));
    double scale = 0;
    for (size_t i = 0; i < 3 * nb; i++)
        scale = fmax(scale, fabs(hb[i]));
    for (int c = 0; c < 3; c++)
        ck_assert_msg(fabs(h[c * n + ic] - hb[c * nb + jc]) <= 1e-12 * scale, "component %d: %.15g vs %.15g",
                      c, h[c * n + ic], hb[c * nb + jc]);
    free(m), free(h), free(mb), free(hb);
    ms_demag_plan_destroy(p), ms_demag_plan_destroy(pb);
    ms_mesh_destroy(g), ms_mesh_destroy(big);
}

static void pbc_uniform_invariant(int nx, int ny, int nz, const int pbc[3])
{
    ms_error err;
    ms_mesh *g = box_mesh(nx, ny, nz, 2e-9, 3e-9, 1e-9, 8e5, 0);
    ck_assert_int_eq(ms_mesh_pbc_set(g, pbc, &err), MS_OK);
    ms_demag_plan *p = NULL;
    ck_assert_int_eq(ms_demag_plan_create(&p, g, 1, 0, NULL, &err), MS_OK);
    const size_t n = g->n;
    double *m = malloc(3 * n * sizeof(double)), *h = calloc(3 * n, sizeof(double));
    for (size_t i = 0; i < n; i++)
        m[i] = 0.6, m[n + i] = -0.48, m[2 * n + i] = 0.64;
    ms_demag_field_add(p, g->ms, m, h);
    for (int c = 0; c < 3; c++) {
        if (pbc[0] && pbc[1] && pbc[2] == 0 && nz == 1 && c == 2)
            ck_assert(-h[c * n] > 0.9 * 8e5 * 0.64);  /* nearly a film: Hz ≈ −Ms mz */
        for (size_t i = 1; i < n; i++)
            ck_assert_double_eq_tol(h[c * n + i], h[c * n], 1e-12 * 8e5);
    }
    free(m), free(h);
    ms_demag_plan_destroy(p);
    ms_mesh_destroy(g);
}

START_TEST(test_demag_pbc_images)
{
    pbc_vs_superbox(5, 3, 1, (const int[3]){2, 3, 0});
    pbc_vs_superbox(3, 5, 1, (const int[3]){0, 2, 0});
    pbc_vs_superbox(3, 3, 3, (const int[3]){1, 1, 1});
    pbc_uniform_invariant(6, 4, 1, (const int[3]){3, 2, 0});  /* even n: half-weight window edges */
    pbc_uniform_invariant(4, 5, 2, (const int[3]){2, 3, 0});
    pbc_uniform_invariant(4, 4, 4, (const int[3]){1, 1, 1});
}
END_TEST

/* Mean demag factors of a uniformly magnetised periodic film (pbc in x and y, I images). */
static void film_factors(int nx, int ny, int nz, double d, double t, int images, double nf[3])
{
    ms_error err;
    ms_mesh *g = box_mesh(nx, ny, nz, d, d, t / nz, 1.0, 0.0);
    ck_assert_int_eq(ms_mesh_pbc_set(g, (const int[3]){images, images, 0}, &err), MS_OK);
    mean_factors(g, nf);
}

/* Point demag factor N_cc at r (from the centre) inside a uniformly magnetised box of half-edges
 * e: the solid angles of the two faces normal to c, each split into four rectangles with a corner
 * at the foot of r, N_cc = (1/4π) Σ_faces Σ_quadrants atan(u v/(w sqrt(u² + v² + w²))). At the
 * centre of a square plate N_zz = (2/π) atan(a²/(h sqrt(2a² + h²))). Independent of newell.c. */
static double box_point_factor(const double e[3], const double r[3], int c)
{
    const int a = (c + 1) % 3, b = (c + 2) % 3;
    double s = 0;
    for (int f = -1; f <= 1; f += 2)
        for (int qa = -1; qa <= 1; qa += 2)
            for (int qb = -1; qb <= 1; qb += 2) {
                const double w = e[c] - f * r[c], u = e[a] - qa * r[a], v = e[b] - qb * r[b];
                s += atan(u * v / (w * sqrt(u * u + v * v + w * w)));
            }
    return s / (4 * M_PI);
}

/* Its average over the centre cell (half-edges h) by 6-point Gauss–Legendre per axis (the
 * integrand is smooth inside the box; 216 points). */
static double box_cell_factor(const double e[3], const double h[3], int c)
{
    static const double x[6] = {-0.9324695142031521, -0.6612093864662645, -0.2386191860831969,
                                0.2386191860831969, 0.6612093864662645, 0.9324695142031521};
    static const double w[6] = {0.1713244923791704, 0.3607615730481386, 0.4679139345726910,
                                0.4679139345726910, 0.3607615730481386, 0.1713244923791704};
    double s = 0;
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++)
            for (int k = 0; k < 6; k++) {
                const double r[3] = {x[i] * h[0], x[j] * h[1], x[k] * h[2]};
                s += w[i] * w[j] * w[k] * box_point_factor(e, r, c);
            }
    return s / 8;
}

/* A single layer periodic in x and y with I images: for odd n every cell sees the window of
 * (2I + 1) n × (2I + 1) n cells centred on itself, i.e. it is the centre cell of a uniformly
 * magnetised plate of width W = (2I + 1) L, so the mean factors are the centre-cell averages of the
 * point factors of that plate (box_cell_factor: exact continuum, independent of newell.c). The
 * tolerance 1e-8 is that of the tensor: the far-field expansion used beyond 20 cell diagonals
 * (relative error ~(d/R)^4 <= 6e-6 on far terms that add up to ~3e-4 here; the observed
 * difference is 2e-9 once images reach that far, I >= 8) and the cancellation in the exact Newell
 * formula (~1e-11, seen at I = 2).
 * Thin-film limit and its rate: at the plate centre 1 − N_zz = (2/π) atan(h sqrt(2a² + h²)/a²)
 * <= (2√2/π)(t/W) sqrt(1 + (t/W)²/2) and N_xx = N_yy = (2/π) atan(h/sqrt(2a² + h²)) <= (√2/π)
 * (t/W), with a = W/2, h = t/2 (atan x <= x): both residuals fall as 1/(images · size). The test
 * asserts 1 − N_zz <= (4/π) t/W and N_xx <= (2/π) t/W (slack for the cell average). The trace is
 * 1 to rounding (mutual tensors of two cells are traceless, the self term has trace 1): 1e-9;
 * N_xx = N_yy by symmetry, to the rounding of the two tensor permutations (1e-10).
 * Thin (nz = 1) and 3-D (nz = 2) paths give the same. */
START_TEST(test_demag_pbc_film)
{
    const int nx = 9;
    const double d = 4e-9, t = 2e-9, L = nx * d;
    double prev_zz = 0;
    const int images[] = {2, 8, 32};
    for (size_t k = 0; k < sizeof images / sizeof *images; k++) {
        const double W = (2 * images[k] + 1) * L, e[3] = {W / 2, W / 2, t / 2}, hc[3] = {d / 2, d / 2, t / 2};
        const double zz = box_cell_factor(e, hc, 2), xx = box_cell_factor(e, hc, 0);
        double nf[3], nf3[3];
        film_factors(nx, nx, 1, d, t, images[k], nf);
        ck_assert_msg(fabs(nf[2] - zz) < 1e-8, "I = %d: Nzz %.12f, plate centre cell %.12f", images[k], nf[2], zz);
        ck_assert_msg(fabs(nf[0] - xx) < 1e-8, "I = %d: Nxx %.12f, plate centre cell %.12f", images[k], nf[0], xx);
        ck_assert_double_eq_tol(nf[0], nf[1], 1e-10);
        ck_assert_double_eq_tol(nf[0] + nf[1] + nf[2], 1.0, 1e-9);
        ck_assert(nf[0] > 0 && nf[0] <= 2 / M_PI * t / W);
        ck_assert(1 - nf[2] > 0 && 1 - nf[2] <= 4 / M_PI * t / W);
        ck_assert(nf[2] > prev_zz);
        prev_zz = nf[2];
        film_factors(nx, nx, 2, d, t, images[k], nf3);
        for (int c = 0; c < 3; c++)
            ck_assert_msg(fabs(nf3[c] - nf[c]) < 1e-8, "nz = 2, I = %d: N%d %.10f, nz = 1 %.10f", images[k], c,
                          nf3[c], nf[c]);
        ck_assert_double_eq_tol(nf3[0] + nf3[1] + nf3[2], 1.0, 1e-9);
    }
    ck_assert(prev_zz > 0.998);
}
END_TEST

/* Exchange energy density of the periodic spiral m = (cos kx, sin kx, 0), k = 2π/(nx dx), along
 * each axis: exactly 2A (1 − cos(k d))/d² for the 6-neighbour Laplacian (no edge: every bond is
 * there), to rounding (1e-10 relative); both kernels (uniform thin-film and per-cell); and the
 * field is λ m in every cell, edges included. A k² is the continuum limit (checked for nx = 256,
 * relative difference (k dx)²/12 to leading order). */
static double spiral_energy_density(int axis, int ncell, int perturb, double *field_err)
{
    const double A = 1.3e-11, Ms = 8e5, d[3] = {2e-9, 3e-9, 1e-9};
    const int dims[3][3] = {{ncell, 3, 1}, {2, ncell, 1}, {2, 3, ncell}};
    ms_mesh *g = box_mesh(dims[axis][0], dims[axis][1], dims[axis][2], d[0], d[1], d[2], Ms, A);
    int pbc[3] = {0, 0, 0};
    pbc[axis] = 1;
    ms_error err;
    ck_assert_int_eq(ms_mesh_pbc_set(g, pbc, &err), MS_OK);
    if (perturb)
        g->a_ex[0] *= 1.0 + 1e-15;
    ms_mm *s = system_of(g, 0);
    const size_t n = g->n;
    const double k = 2 * M_PI / (ncell * d[axis]);
    double *m = ms_mm_m(s), e[MS_TERM_COUNT], *h = malloc(3 * n * sizeof(double));
    for (size_t i = 0; i < n; i++) {
        const size_t idx[3] = {i % g->nx, i / g->nx % g->ny, i / ((size_t)g->nx * g->ny)};
        const double x = (double)idx[axis] * d[axis];
        m[i] = cos(k * x), m[n + i] = sin(k * x), m[2 * n + i] = 0;
    }
    ms_mm_energy(s, 0, m, e);
    ms_mm_field(s, 0, m, h);
    const double lam = -(2 * A / (MU0 * Ms)) * (2 - 2 * cos(k * d[axis])) / (d[axis] * d[axis]);
    *field_err = 0;
    for (size_t i = 0; i < 3 * n; i++)
        *field_err = fmax(*field_err, fabs(h[i] - lam * m[i]) / fabs(lam));
    free(h);
    ms_mm_destroy(s);
    const double density = e[MS_TERM_EXCHANGE] / ((double)n * d[0] * d[1] * d[2]);
    ms_mesh_destroy(g);
    return density;
}

START_TEST(test_exchange_pbc_spiral)
{
    const double A = 1.3e-11, d[3] = {2e-9, 3e-9, 1e-9};
    for (int axis = 0; axis < 3; axis++)
        for (int perturb = 0; perturb < 2; perturb++) {
            const int nc = 16;
            const double k = 2 * M_PI / (nc * d[axis]), kd = k * d[axis];
            double ferr;
            const double w = spiral_energy_density(axis, nc, perturb, &ferr);
            const double exact = 2 * A * (1 - cos(kd)) / (d[axis] * d[axis]);
            ck_assert_msg(fabs(w - exact) <= 1e-10 * exact, "axis %d: %.15g J/m^3, discrete %.15g", axis, w,
                          exact);
            ck_assert_msg(ferr < 1e-9, "axis %d: field off by %g of lambda", axis, ferr);
        }
    const int nc = 256;
    const double k = 2 * M_PI / (nc * d[0]), kd = k * d[0];
    double ferr;
    const double w = spiral_energy_density(0, nc, 0, &ferr);
    ck_assert_double_eq_tol(w / (A * k * k), 1.0 - kd * kd / 12, 1e-6);
}
END_TEST

/* Interfacial DMI of the periodic cycloid m = (sin kx, 0, cos kx): with no edge (pbc in x and y)
 * the centred differences give exactly E/V = D sin(k dx)/dx (D k in the continuum): 1e-10. */
START_TEST(test_dmi_pbc_cycloid)
{
    const int nx = 20;
    const double dx = 1e-9, D = 1.5e-3, k = 2 * M_PI / (nx * dx);
    ms_mesh *g = box_mesh(nx, 2, 1, dx, dx, dx, 8e5, 1.3e-11);
    for (size_t i = 0; i < g->n; i++)
        g->dmi[i] = D;
    ms_error err;
    ck_assert_int_eq(ms_mesh_pbc_set(g, (const int[3]){1, 1, 0}, &err), MS_OK);
    ms_mm *s = system_of(g, 0);
    double *m = ms_mm_m(s), e[MS_TERM_COUNT];
    for (size_t i = 0; i < g->n; i++) {
        const double x = (double)(i % nx) * dx;
        m[i] = sin(k * x), m[g->n + i] = 0, m[2 * g->n + i] = cos(k * x);
    }
    ms_mm_energy(s, 0, m, e);
    const double w = e[MS_TERM_DMI] / ((double)g->n * dx * dx * dx), exact = D * sin(k * dx) / dx;
    ck_assert_msg(fabs(w - exact) <= 1e-10 * exact, "DMI %.15g J/m^3, discrete %.15g", w, exact);
    ms_mm_destroy(s);
    ms_mesh_destroy(g);
}
END_TEST

/* With periodic axes the fields are still the gradients of the energies (the wrapped stencils and
 * the image kernel stay symmetric): exchange, DMI, demag on a 5 × 4 × 2 mesh periodic in x and y. */
START_TEST(test_energy_is_field_potential_pbc)
{
    ms_mesh *g = box_mesh(5, 4, 2, 2e-9, 2e-9, 2e-9, 8e5, 1.3e-11);
    for (size_t i = 0; i < g->n; i++)
        g->dmi[i] = 2e-3;
    g->ms[7] = 0.0;  /* a hole: DMI ghost cells next to it */
    ms_error err;
    ck_assert_int_eq(ms_mesh_pbc_set(g, (const int[3]){2, 1, 0}, &err), MS_OK);
    ms_mm *s = system_of(g, 1);
    ms_mm_m_random(s, 11);
    const size_t n = g->n;
    assert_field_is_gradient(s, g, (const size_t[]){0, 4, 2 * n + 19, n + 35, 15}, 5);
    ms_mm_destroy(s);
    ms_mesh_destroy(g);
}
END_TEST

/* ---- mask files (mesh.mask_file) ---- */

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert(f != NULL);
    fputs(text, f);
    fclose(f);
}

static int mesh_of(const char *const *set, int nset, const char *file, ms_mesh **g, ms_error *err)
{
    const ms_key *const schemas[] = {ms_mesh_keys, NULL};
    ms_config *cfg = NULL;
    int status = ms_config_load(&cfg, file, set, nset, schemas, err);
    if (status == MS_OK)
        status = ms_mesh_from_config(g, cfg, err);
    ms_config_destroy(cfg);
    return status;
}

/* The demag field of m uniform along (1, 0.3, 0.2) (tests the geometry through the physics). */
static void uniform_demag(const ms_mesh *g, double *h)
{
    ms_demag_plan *p = NULL;
    ms_error err;
    ck_assert_int_eq(ms_demag_plan_create(&p, g, 1, 0, NULL, &err), MS_OK);
    const size_t n = g->n;
    double *m = malloc(3 * n * sizeof(double));
    for (size_t i = 0; i < n; i++)
        m[i] = 1, m[n + i] = 0.3, m[2 * n + i] = 0.2;
    memset(h, 0, 3 * n * sizeof(double));
    ms_demag_field_add(p, g->ms, m, h);
    free(m);
    ms_demag_plan_destroy(p);
}

/* tests/data/mask-disk-25.txt holds the 50 nm disk of mesh.shape = disk on the same 25 × 25 mesh:
 * the same cells (489, ≈ π/4 of 625) and so the same demag field, exactly. The mask path is
 * relative to the config file's folder. */
START_TEST(test_mask_disk_vs_shape)
{
    const char *disk[] = {"mesh.shape=disk", "mesh.size=[50 nm, 50 nm, 1 nm]", "mesh.nx=25", "mesh.ny=25"};
    const char *mask[] = {"mesh.mask_file=data/mask-disk-25.txt", "mesh.size=[50 nm, 50 nm, 1 nm]",
                          "mesh.nx=25", "mesh.ny=25"};
    ms_mesh *a = NULL, *b = NULL, *c = NULL;
    ms_error err;
    ck_assert_int_eq(mesh_of(disk, 4, NULL, &a, &err), MS_OK);
    ck_assert_msg(mesh_of(mask, 4, NULL, &b, &err) == MS_OK, "%s", err.message);
    ck_assert_int_eq(ms_mesh_count(a), 489);
    ck_assert_int_eq(ms_mesh_count(b), ms_mesh_count(a));
    for (size_t i = 0; i < a->n; i++)
        ck_assert(a->ms[i] == b->ms[i]);
    double *ha = malloc(3 * a->n * sizeof(double)), *hb = malloc(3 * a->n * sizeof(double));
    uniform_demag(a, ha);
    uniform_demag(b, hb);
    for (size_t i = 0; i < 3 * a->n; i++)
        ck_assert(ha[i] == hb[i]);
    /* the same file named relative to a config file in tests/data */
    write_text("data/check_mesh_mask.cfg", "mesh: { nx = 25; ny = 25; size = [\"50 nm\", \"50 nm\", \"1 nm\"];\n"
                                           "        mask_file = \"mask-disk-25.txt\"; };\n");
    ck_assert_msg(mesh_of(NULL, 0, "data/check_mesh_mask.cfg", &c, &err) == MS_OK, "%s", err.message);
    ck_assert_int_eq(ms_mesh_count(c), 489);
    remove("data/check_mesh_mask.cfg");
    free(ha), free(hb);
    ms_mesh_destroy(a), ms_mesh_destroy(b), ms_mesh_destroy(c);
}
END_TEST

/* Orientation (first row = top), region digit 2 (mesh.region.* values), layers, mask AND shape,
 * and OVF masks (1 layer for all, |m| > 0). */
START_TEST(test_mask_regions_layers_ovf)
{
    ms_mesh *g = NULL;
    ms_error err;
    write_text("check_mesh_mask.txt", "# 4 x 3, top row first\n1 0 0 0\n\n0 2 2 0\n0 1 1 1\n");
    const char *set[] = {"mesh.mask_file=check_mesh_mask.txt", "mesh.nx=4", "mesh.ny=3", "mesh.nz=2",
                         "mesh.size=[8 nm, 6 nm, 2 nm]", "mesh.region.k_u1=5e5"};
    ck_assert_msg(mesh_of(set, 6, NULL, &g, &err) == MS_OK, "%s", err.message);
    const int expect[3][4] = {{0, 1, 1, 1}, {0, 2, 2, 0}, {1, 0, 0, 0}};  /* iy = 0, 1, 2 */
    for (size_t i = 0; i < g->n; i++) {
        const int ix = (int)(i % 4), iy = (int)(i / 4 % 3);
        ck_assert_int_eq(g->region[i], expect[iy][ix]);
        ck_assert(g->ku1[i] == (expect[iy][ix] == 2 ? 5e5 : 0.0));
        ck_assert(g->ms[i] == (expect[iy][ix] ? 8e5 : 0.0));
    }
    ms_mesh_destroy(g);
    /* one block per layer, bottom layer first; ANDed with an ellipse that drops the corners */
    write_text("check_mesh_mask.txt", "1111\n1111\n1111\n0000\n0100\n0000\n");
    const char *layers[] = {"mesh.mask_file=check_mesh_mask.txt", "mesh.nx=4", "mesh.ny=3", "mesh.nz=2",
                            "mesh.size=[8 nm, 6 nm, 2 nm]", "mesh.shape=ellipse"};
    ck_assert_msg(mesh_of(layers, 6, NULL, &g, &err) == MS_OK, "%s", err.message);
    ck_assert_int_eq(ms_mesh_count(g), 8 + 1);  /* ellipse of 4 x 3 cells: 8 of 12 in layer 0 */
    ck_assert(g->ms[12 + 1 + 4] > 0);            /* layer 1, ix = 1, iy = 1 */
    ms_mesh_destroy(g);
    /* OVF (binary and text) with one layer for a 3-layer mesh: magnetic where m != 0 */
    ms_mesh *src = box_mesh(4, 3, 1, 2e-9, 2e-9, 1e-9, 1, 0);
    double m[36] = {0};
    m[5] = 1.0, m[12 + 6] = -0.5, m[24 + 11] = 1e-3;  /* cells 5, 6, 11 */
    for (int binary = 0; binary < 2; binary++) {
        ck_assert_int_eq(ms_ovf_write("check_mesh_mask.ovf", src, m, binary, "geom", &err), MS_OK);
        const char *ovf[] = {"mesh.mask_file=check_mesh_mask.ovf", "mesh.nx=4", "mesh.ny=3", "mesh.nz=3",
                             "mesh.size=[8 nm, 6 nm, 3 nm]"};
        ck_assert_msg(mesh_of(ovf, 5, NULL, &g, &err) == MS_OK, "%s", err.message);
        ck_assert_int_eq(ms_mesh_count(g), 9);
        for (int iz = 0; iz < 3; iz++)
            ck_assert(g->ms[12 * iz + 5] > 0 && g->ms[12 * iz + 6] > 0 && g->ms[12 * iz + 11] > 0);
        ms_mesh_destroy(g);
    }
    remove("check_mesh_mask.ovf");
    remove("check_mesh_mask.txt");
    ms_mesh_destroy(src);
}
END_TEST

/* Bad masks: one-line MS_EINPUT errors (exit status 2) naming the key, the file, line, row and
 * column. */
static void mask_error(const char *text, const char *const *want, int nwant)
{
    write_text("check_mesh_bad.txt", text);
    const char *set[] = {"mesh.mask_file=check_mesh_bad.txt", "mesh.nx=4", "mesh.ny=3",
                         "mesh.size=[8 nm, 6 nm, 2 nm]"};
    ms_mesh *g = NULL;
    ms_error err;
    ck_assert_int_eq(mesh_of(set, 4, NULL, &g, &err), MS_EINPUT);
    ck_assert(g == NULL);
    ck_assert_int_eq(ms_status_exit_code(err.code), 2);
    ck_assert(strchr(err.message, '\n') == NULL);
    ck_assert_msg(strstr(err.message, "mesh.mask_file") && strstr(err.message, "check_mesh_bad.txt"), "%s",
                  err.message);
    for (int k = 0; k < nwant; k++)
        ck_assert_msg(strstr(err.message, want[k]) != NULL, "\"%s\" lacks \"%s\"", err.message, want[k]);
    remove("check_mesh_bad.txt");
}

START_TEST(test_mask_errors)
{
    mask_error("1111\n# comment\n111\n1111\n", (const char *[]){":3:", "row 2", "3 columns", "nx = 4"}, 4);
    mask_error("1111\n11111\n1111\n", (const char *[]){":2:", "row 2", "column 5", "nx = 4"}, 4);
    mask_error("1111\n1111\n", (const char *[]){":2:", "after row 2", "ny = 3"}, 3);
    mask_error("1111\n1111\n1111\n1111\n", (const char *[]){":4:", "row 4", "ny = 3"}, 3);
    mask_error("1111\n1x11\n1111\n", (const char *[]){":2:", "row 2, column 2", "'x'"}, 3);
    mask_error("1111\n1131\n1111\n", (const char *[]){":2:", "row 2, column 3", "region 3"}, 3);
    mask_error("0000\n0000\n0000\n", (const char *[]){"no magnetic cell"}, 1);
    const char *set[] = {"mesh.mask_file=check_mesh_none.txt"};
    ms_mesh *g = NULL;
    ms_error err;
    ck_assert_int_eq(mesh_of(set, 1, NULL, &g, &err), MS_EINPUT);
    ck_assert(strstr(err.message, "cannot open") && strstr(err.message, "mesh.mask_file"));
    /* an OVF of the wrong size */
    ms_mesh *src = box_mesh(5, 3, 1, 2e-9, 2e-9, 1e-9, 1, 0);
    double m[45] = {1};
    ck_assert_int_eq(ms_ovf_write("check_mesh_bad.ovf", src, m, 1, "geom", &err), MS_OK);
    const char *ovf[] = {"mesh.mask_file=check_mesh_bad.ovf", "mesh.nx=4", "mesh.ny=3",
                         "mesh.size=[8 nm, 6 nm, 2 nm]"};
    ck_assert_int_eq(mesh_of(ovf, 4, NULL, &g, &err), MS_EINPUT);
    ck_assert_msg(strstr(err.message, "5 x 3 x 1 nodes") && strstr(err.message, "mesh.mask_file"), "%s",
                  err.message);
    remove("check_mesh_bad.ovf");
    ms_mesh_destroy(src);
}
END_TEST

/* ---- shapes painted in order (mesh.shapes) ---- */

/* One entry, in whole nanometres relative to the mesh centre. */
typedef struct test_shape {
    const char *kind;
    int cx, cy, ax, ay, region;
} test_shape;

/* Is the point (x, y) (nm from the mesh centre) inside s? In integers, so exact: the tests place
 * cell centres at odd nm and shape edges where no odd point lies on them. */
static int test_shape_contains(const test_shape *s, int x, int y)
{
    const long dx = x - s->cx, dy = y - s->cy, a = s->ax, b = strcmp(s->kind, "disk") == 0 ? s->ax : s->ay;
    if (strcmp(s->kind, "box") == 0)
        return 2 * labs(dx) <= a && 2 * labs(dy) <= b;
    return 4 * dx * dx * b * b + 4 * dy * dy * a * a <= a * a * b * b;
}

/* The expected region of every cell of an nx × ny × nz mesh of 2 nm cells: the entries painted in
 * order, each over the earlier ones. */
static void test_shapes_paint(const test_shape *shapes, int n, int nx, int ny, int nz, uint8_t *region)
{
    for (int iz = 0; iz < nz; iz++)
        for (int iy = 0; iy < ny; iy++)
            for (int ix = 0; ix < nx; ix++) {
                const int x = 2 * ix + 1 - nx, y = 2 * iy + 1 - ny;  /* cell centre, nm from the mesh centre */
                int r = 0;
                for (int k = 0; k < n; k++)
                    if (test_shape_contains(&shapes[k], x, y))
                        r = shapes[k].region;
                region[ix + nx * (iy + ny * iz)] = (uint8_t)r;
            }
}

/* A config file of an nx × ny × nz mesh of 2 nm × 2 nm × 1 nm cells with these entries, one per
 * line (entry k on line 4 + k), and `extra` settings after them. */
static void test_shapes_config(const char *path, const test_shape *shapes, int n, int nx, int ny, int nz,
                               const char *extra)
{
    FILE *f = fopen(path, "w");
    ck_assert(f != NULL);
    fprintf(f, "mesh: {\n  nx = %d; ny = %d; nz = %d;\n  size = [\"%d nm\", \"%d nm\", \"%d nm\"];\n  shapes = (\n",
            nx, ny, nz, 2 * nx, 2 * ny, nz);
    for (int k = 0; k < n; k++)
        fprintf(f, "    { kind = \"%s\"; center = [\"%d nm\", \"%d nm\", \"0 nm\"]; size = [\"%d nm\", \"%d nm\", \"0 nm\"]; "
                   "region = %d; }%s\n", shapes[k].kind, shapes[k].cx, shapes[k].cy, shapes[k].ax, shapes[k].ay,
                shapes[k].region, k + 1 < n ? "," : "");
    fprintf(f, "  );\n%s};\n", extra);
    fclose(f);
}

/* Two disks joined by a bridge, a region-2 ellipse in the right disk and a hole in the left one,
 * on 40 × 20 × 2 cells: the painting gives exactly the cells computed here from the geometry, in
 * every layer, with the region-2 material; painted first, the hole is painted over. */
START_TEST(test_shapes_paint_cells)
{
    enum { NX = 40, NY = 20, NZ = 2, N = NX * NY * NZ };
    const test_shape dots[5] = {
        {"disk", -20, 0, 24, 24, 1}, {"disk", 20, 0, 24, 0, 1}, {"box", 0, 0, 40, 8, 1},
        {"ellipse", 20, 2, 10, 14, 2}, {"disk", -20, 0, 8, 8, 0},
    };
    const test_shape *order[2][5] = {{&dots[0], &dots[1], &dots[2], &dots[3], &dots[4]},
                                     {&dots[4], &dots[0], &dots[1], &dots[2], &dots[3]}};
    uint8_t want[2][N];
    for (int o = 0; o < 2; o++) {
        test_shape list[5];
        for (int k = 0; k < 5; k++)
            list[k] = *order[o][k];
        test_shapes_paint(list, 5, NX, NY, NZ, want[o]);
        test_shapes_config("check_mesh_shapes.cfg", list, 5, NX, NY, NZ, "  region: { k_u1 = 5e5; };\n");
        ms_mesh *g = NULL;
        ms_error err;
        ck_assert_msg(mesh_of(NULL, 0, "check_mesh_shapes.cfg", &g, &err) == MS_OK, "%s", err.message);
        size_t count[3] = {0, 0, 0};
        for (size_t i = 0; i < N; i++) {
            ck_assert_msg(g->region[i] == want[o][i], "order %d, cell %zu (ix %zu, iy %zu, iz %zu): region %d, want %d",
                          o, i, i % NX, i / NX % NY, i / (NX * NY), g->region[i], want[o][i]);
            ck_assert(g->ms[i] == (want[o][i] ? 8e5 : 0.0));
            ck_assert(g->ku1[i] == (want[o][i] == 2 ? 5e5 : 0.0));
            count[want[o][i]]++;
        }
        ck_assert_uint_eq(ms_mesh_count(g), count[1] + count[2]);
        ck_assert(count[2] > 0 && count[1] > 0);
        ms_mesh_destroy(g);
    }
    /* the hole: empty when painted last, magnet when painted first */
    size_t hole = 0;
    for (size_t i = 0; i < N; i++) {
        const int x = 2 * (int)(i % NX) + 1 - NX, y = 2 * (int)(i / NX % NY) + 1 - NY;
        if (test_shape_contains(&dots[4], x, y)) {
            ck_assert_int_eq(want[0][i], 0);
            ck_assert_int_eq(want[1][i], 1);
            hole++;
        } else {
            ck_assert_int_eq(want[0][i], want[1][i]);
        }
    }
    ck_assert_uint_eq(hole, 2 * 12);  /* a disk of 8 nm: 12 cells of 2 nm per layer */
    remove("check_mesh_shapes.cfg");
}
END_TEST

/* A union of two shapes (a disk and an overlapping box) is the same magnet as a text mask of the
 * cells computed from the geometry: the same maps and the same demag field, bit for bit. */
START_TEST(test_shapes_union_vs_mask)
{
    enum { NX = 40, NY = 20, N = NX * NY };
    const test_shape two[2] = {{"disk", -8, 0, 24, 0, 1}, {"box", 10, 4, 24, 12, 1}};
    uint8_t want[N];
    test_shapes_paint(two, 2, NX, NY, 1, want);
    FILE *f = fopen("check_mesh_union.txt", "w");
    ck_assert(f != NULL);
    for (int iy = NY - 1; iy >= 0; iy--) {  /* first row = top */
        for (int ix = 0; ix < NX; ix++)
            fputc('0' + want[ix + NX * iy], f);
        fputc('\n', f);
    }
    fclose(f);
    test_shapes_config("check_mesh_union.cfg", two, 2, NX, NY, 1, "");
    const char *mask[] = {"mesh.mask_file=check_mesh_union.txt", "mesh.nx=40", "mesh.ny=20", "mesh.size=[80 nm, 40 nm, 1 nm]"};
    ms_mesh *a = NULL, *b = NULL;
    ms_error err;
    ck_assert_msg(mesh_of(NULL, 0, "check_mesh_union.cfg", &a, &err) == MS_OK, "%s", err.message);
    ck_assert_msg(mesh_of(mask, 4, NULL, &b, &err) == MS_OK, "%s", err.message);
    size_t in_disk = 0, in_box = 0;
    for (size_t i = 0; i < N; i++) {
        const int x = 2 * (int)(i % NX) + 1 - NX, y = 2 * (int)(i / NX) + 1 - NY;
        in_disk += test_shape_contains(&two[0], x, y);
        in_box += test_shape_contains(&two[1], x, y);
    }
    ck_assert(ms_mesh_count(a) > in_disk && ms_mesh_count(a) > in_box &&
              ms_mesh_count(a) < in_disk + in_box);  /* a union of overlapping shapes */
    ck_assert_uint_eq(ms_mesh_count(b), ms_mesh_count(a));
    ck_assert(memcmp(a->region, b->region, N) == 0);
    ck_assert(memcmp(a->ms, b->ms, N * sizeof(double)) == 0);
    double *ha = malloc(3 * N * sizeof(double)), *hb = malloc(3 * N * sizeof(double));
    uniform_demag(a, ha);
    uniform_demag(b, hb);
    ck_assert(memcmp(ha, hb, 3 * N * sizeof(double)) == 0);
    free(ha), free(hb);
    ms_mesh_destroy(a), ms_mesh_destroy(b);
    remove("check_mesh_union.txt");
    remove("check_mesh_union.cfg");
}
END_TEST

/* Bad shapes: one-line MS_EINPUT errors (exit status 2) naming file:line and the element path. */
static void shapes_error(const char *entries, const char *const *sets, int nsets, const char *want)
{
    write_text("check_mesh_shapes_bad.cfg", entries);
    ms_mesh *g = NULL;
    ms_error err;
    ck_assert_int_eq(mesh_of(sets, nsets, "check_mesh_shapes_bad.cfg", &g, &err), MS_EINPUT);
    ck_assert(g == NULL);
    ck_assert_int_eq(ms_status_exit_code(err.code), 2);
    ck_assert_msg(strchr(err.message, '\n') == NULL, "%s", err.message);
    ck_assert_msg(strstr(err.message, want) != NULL, "\"%s\" lacks \"%s\"", err.message, want);
    remove("check_mesh_shapes_bad.cfg");
}

START_TEST(test_shapes_errors)
{
#define DISK "    { kind = \"disk\"; size = [\"50 nm\", \"50 nm\", \"0 nm\"]; },\n"
    shapes_error("mesh: {\n  shapes = (\n" DISK "    { kind = \"disk\";\n      sise = [\"5 nm\", \"5 nm\", \"0\"]; }\n  );\n};\n",
                 NULL, 0, "check_mesh_shapes_bad.cfg:5: mesh.shapes[2].sise: unknown key (did you mean \"mesh.shapes[2].size\"?)");
    shapes_error("mesh: {\n  shapes = (\n    { kind = \"disk\"; size = [\"50 nm\", \"50 nm\", \"0 nm\"];\n"
                 "      center = [\"1 T\", \"0\", \"0\"]; }\n  );\n};\n",
                 NULL, 0, "check_mesh_shapes_bad.cfg:4: mesh.shapes[1].center: expects a length (m), got \"1 T\"");
    shapes_error("mesh: {\n  shapes = (\n" DISK "    { kind = \"box\"; region = 0; }\n  );\n};\n",
                 NULL, 0, "check_mesh_shapes_bad.cfg:4: mesh.shapes[2].size: required key is missing");
    shapes_error("mesh: {\n  size = [\"100 nm\", \"100 nm\", \"1 nm\"];\n  shape = \"disk\";\n  shapes = (\n"
                 "    { kind = \"disk\"; size = [\"50 nm\", \"50 nm\", \"0 nm\"]; }\n  );\n};\n", NULL, 0,
                 "check_mesh_shapes_bad.cfg:4: mesh.shapes: states the magnet, and so does mesh.shape = \"disk\" "
                 "(check_mesh_shapes_bad.cfg:3)");
    const char *bad_set[] = {"mesh.shapes=( { kind = \"disk\"; size = [\"50 nm\", \"50 nm\", \"0\"]; }"};
    shapes_error("mesh: { nx = 8; };\n", bad_set, 1, "--set: mesh.shapes: syntax error in the value");
    const char *unit_set[] = {"mesh.shapes=( { kind = \"disk\"; size = [\"50 nm\", \"50 nm\", \"0\"]; },"
                              " { kind = \"box\"; size = [\"5 nm\", \"5 A\", \"0\"]; } )"};
    shapes_error("mesh: { nx = 8; };\n", unit_set, 1, "--set: mesh.shapes[2].size: expects a length (m), got \"5 A\"");
    shapes_error("mesh: {\n  shapes = ();\n};\n", NULL, 0,
                 "check_mesh_shapes_bad.cfg:2: mesh.shapes: an empty list paints no magnet");
    shapes_error("mesh: {\n  shapes = (\n    { kind = \"disk\"; center = [\"1 um\", \"0\", \"0\"]; size = [\"50 nm\", \"0\", \"0\"]; }\n"
                 "  );\n};\n", NULL, 0, "check_mesh_shapes_bad.cfg:2: mesh.shapes: the painting leaves no magnetic cell");
    shapes_error("mesh: {\n  shapes = (\n" DISK "    { kind = \"disk\"; region = 0;\n      size = [\"50 nm\", \"30 nm\", \"0\"]; }\n"
                 "  );\n};\n", NULL, 0, "check_mesh_shapes_bad.cfg:5: mesh.shapes[2].size: a disk has one diameter");
    shapes_error("mesh: {\n  shapes = (\n    { kind = \"box\"; size = [\"50 nm\", \"0 nm\", \"0\"]; }\n  );\n};\n",
                 NULL, 0, "check_mesh_shapes_bad.cfg:3: mesh.shapes[1].size: box needs positive extents ax and ay");
    shapes_error("mesh: {\n  shapes = (\n    { kind = \"box\"; size = [\"50 nm\", \"5 nm\", \"0\"]; region = 3; }\n  );\n};\n",
                 NULL, 0, "check_mesh_shapes_bad.cfg:3: mesh.shapes[1].region: must be in [0, 2], got 3");
#undef DISK
}
END_TEST

/* The resolved text of a shapes config loads back to the same text and the same mesh. */
START_TEST(test_shapes_resolved_roundtrip)
{
    const test_shape dots[3] = {{"disk", -20, 0, 24, 0, 1}, {"box", 10, 4, 24, 12, 2}, {"ellipse", -20, 0, 6, 10, 0}};
    test_shapes_config("check_mesh_shapes.cfg", dots, 3, 40, 20, 1, "");
    const ms_key *const schemas[] = {ms_mesh_keys, NULL};
    ms_config *a = NULL, *b = NULL;
    ms_error err;
    ck_assert_msg(ms_config_load(&a, "check_mesh_shapes.cfg", NULL, 0, schemas, &err) == MS_OK, "%s", err.message);
    write_text("check_mesh_shapes_resolved.cfg", ms_config_text(a));
    ck_assert_msg(ms_config_load(&b, "check_mesh_shapes_resolved.cfg", NULL, 0, schemas, &err) == MS_OK, "%s\n%s",
                  err.message, ms_config_text(a));
    ck_assert_str_eq(ms_config_text(a), ms_config_text(b));
    ck_assert_uint_eq(ms_config_get_count(b, "mesh.shapes"), 3);
    ms_mesh *ga = NULL, *gb = NULL;
    ck_assert_msg(ms_mesh_from_config(&ga, a, &err) == MS_OK, "%s", err.message);
    ck_assert_msg(ms_mesh_from_config(&gb, b, &err) == MS_OK, "%s", err.message);
    ck_assert(memcmp(ga->region, gb->region, ga->n) == 0);
    uint8_t want[800];
    test_shapes_paint(dots, 3, 40, 20, 1, want);
    ck_assert(memcmp(ga->region, want, sizeof want) == 0);
    ms_mesh_destroy(ga), ms_mesh_destroy(gb);
    ms_config_destroy(a), ms_config_destroy(b);
    /* a config without mesh.shapes has none in its text, and mesh.shape decides */
    ck_assert_int_eq(ms_config_load(&a, NULL, NULL, 0, schemas, &err), MS_OK);
    ck_assert_ptr_null(strstr(ms_config_text(a), "shapes"));
    ms_config_destroy(a);
    remove("check_mesh_shapes.cfg");
    remove("check_mesh_shapes_resolved.cfg");
}
END_TEST

START_TEST(test_config_sp4_and_unsupported)
{
    const ms_key *const schemas[] = {ms_mesh_keys, NULL};
    ms_config *cfg = NULL;
    ms_error err;
    ck_assert_int_eq(ms_config_load(&cfg, NULL, NULL, 0, schemas, &err), MS_OK);
    ms_mesh *g = NULL;
    ck_assert_int_eq(ms_mesh_from_config(&g, cfg, &err), MS_OK);
    ck_assert_int_eq(g->nx, 128);
    ck_assert_double_eq_tol(g->dx, 500e-9 / 128, 1e-20);
    ck_assert_double_eq_tol(g->ms[5], 8e5, 1e-6);
    ms_mesh_destroy(g);
    ms_config_destroy(cfg);
    const char *set[] = {"mesh.pbc=[4, 2, 0]"};
    ck_assert_int_eq(ms_config_load(&cfg, NULL, set, 1, schemas, &err), MS_OK);
    ck_assert_int_eq(ms_mesh_from_config(&g, cfg, &err), MS_OK);
    ck_assert(g->pbc[0] == 4 && g->pbc[1] == 2 && g->pbc[2] == 0);
    ms_mesh_destroy(g);
    ms_config_destroy(cfg);
    const char *frac_pbc[] = {"mesh.pbc=[1.5, 0, 0]"};
    ck_assert_int_eq(ms_config_load(&cfg, NULL, frac_pbc, 1, schemas, &err), MS_OK);
    ck_assert_int_eq(ms_mesh_from_config(&g, cfg, &err), MS_EINPUT);
    ck_assert(g == NULL && strstr(err.message, "mesh.pbc"));
    ms_config_destroy(cfg);
    const char *neg_pbc[] = {"mesh.pbc=[-1, 0, 0]"};
    ck_assert_int_eq(ms_config_load(&cfg, NULL, neg_pbc, 1, schemas, &err), MS_EINPUT);
    /* an OVF 1.0 mask is declared but not supported */
    write_text("check_mesh_ovf1.ovf", "# OOMMF: rectangular mesh v1.0\n");
    const char *ovf1[] = {"mesh.mask_file=check_mesh_ovf1.ovf"};
    ck_assert_int_eq(ms_config_load(&cfg, NULL, ovf1, 1, schemas, &err), MS_OK);
    ck_assert_int_eq(ms_mesh_from_config(&g, cfg, &err), MS_EUNSUPPORTED);
    ck_assert(g == NULL && strstr(err.message, "OVF 2.0"));
    ms_config_destroy(cfg);
    remove("check_mesh_ovf1.ovf");
    const char *disk[] = {"mesh.shape=disk", "mesh.size=[50 nm, 50 nm, 1 nm]", "mesh.nx=25",
                          "mesh.ny=25"};
    ck_assert_int_eq(ms_config_load(&cfg, NULL, disk, 4, schemas, &err), MS_OK);
    ck_assert_int_eq(ms_mesh_from_config(&g, cfg, &err), MS_OK);
    const double frac = (double)ms_mesh_count(g) / (double)g->n;
    ck_assert_double_eq_tol(frac, M_PI / 4, 0.03);
    ms_mesh_destroy(g);
    ms_config_destroy(cfg);
}
END_TEST

/* mesh.fft_wisdom: the FFTW_MEASURE plans recorded in the wisdom file are reused, so a second
 * system built with it gives the first one's demag field bit for bit (without the file, FFTW times
 * its candidates again and usually picks others: 4 different fields in 5 runs here); a file that
 * is not wisdom, or one that cannot be written, is an error naming the file, and the config names
 * the key. */
START_TEST(test_fft_wisdom)
{
    const char *path = "check_mesh_wisdom.txt";
    remove(path);
    ms_mesh *g = box_mesh(96, 32, 1, 4e-9, 4e-9, 3e-9, 8e5, 1.3e-11);
    const size_t n3 = 3 * g->n;
    double *h[2] = {calloc(n3, sizeof(double)), calloc(n3, sizeof(double))};
    ms_mm_drive d = {.gamma0 = 2.211e5, .fft_measure = 1};
    snprintf(d.fft_wisdom, sizeof d.fft_wisdom, "%s", path);
    ms_error err;
    ms_mm *s = NULL;
    for (int k = 0; k < 2; k++) {
        fftw_forget_wisdom();  /* as in a new process: only the file remembers the plans */
        ck_assert_int_eq(ms_mm_create(&s, g, &d, NULL, &err), MS_OK);
        ms_mm_m_vortex(s, 2, 1);
        ms_mm_field(s, 0.0, ms_mm_m(s), h[k]);
        ms_mm_destroy(s);
        FILE *f = fopen(path, "r");
        ck_assert_msg(f != NULL, "no wisdom file written");
        ck_assert(fgetc(f) == '(');  /* FFTW wisdom is an s-expression */
        fclose(f);
    }
    ck_assert_msg(memcmp(h[0], h[1], n3 * sizeof(double)) == 0, "field differs with the same wisdom");
    write_text(path, "not wisdom\n");
    ck_assert_int_eq(ms_mm_create(&s, g, &d, NULL, &err), MS_EINPUT);
    ck_assert_msg(s == NULL && strstr(err.message, path), "%s", err.message);
    const ms_key *const schemas[] = {ms_mesh_keys, NULL};
    ms_config *cfg = NULL;
    const char *set[] = {"mesh.fft_wisdom=check_mesh_wisdom.txt"};
    ck_assert_int_eq(ms_config_load(&cfg, NULL, set, 1, schemas, &err), MS_OK);
    ms_mm_drive dc = {0};
    ck_assert_int_eq(ms_mm_drive_from_config(&dc, cfg, &err), MS_EINPUT);
    ck_assert_msg(strstr(err.message, "mesh.fft_wisdom") && strstr(err.message, path), "%s", err.message);
    ms_config_destroy(cfg);
    remove(path);
    snprintf(d.fft_wisdom, sizeof d.fft_wisdom, "check_mesh_no_such_folder/wisdom.txt");
    ck_assert_int_eq(ms_mm_create(&s, g, &d, NULL, &err), MS_EIO);
    ck_assert_msg(strstr(err.message, "check_mesh_no_such_folder/wisdom.txt"), "%s", err.message);
    free(h[0]), free(h[1]);
    ms_mesh_destroy(g);
}
END_TEST

Suite *check_mesh_suite(void)
{
    Suite *s = suite_create("mesh");
    TCase *tc = tcase_create("mesh");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, test_newell_self_vs_aharoni);
    tcase_add_test(tc, test_demag_box_factors);
    tcase_add_test(tc, test_demag_fft_vs_direct);
    tcase_add_test(tc, test_exchange_spin_wave);
    tcase_add_test(tc, test_exchange_harmonic_mean);
    tcase_add_test(tc, test_energy_is_field_potential);
    tcase_add_test(tc, test_one_cell_rk45_exact);
    tcase_add_test(tc, test_one_cell_heun_exact);
    tcase_add_test(tc, test_thermal_boltzmann);
    tcase_add_test(tc, test_dmi_edge_tilt);
    tcase_add_test(tc, test_thermal_thread_independent);
    tcase_add_test(tc, test_team_thread_independent);
    tcase_add_test(tc, test_relax_thread_independent);
    tcase_add_test(tc, test_nan_detected);
    tcase_add_test(tc, test_drive_fields);
    tcase_add_test(tc, test_sp4_s_state);
    tcase_add_test(tc, test_ovf_round_trip);
    tcase_add_test(tc, test_demag_pbc_fft_vs_direct);
    tcase_add_test(tc, test_demag_pbc_images);
    tcase_add_test(tc, test_demag_pbc_film);
    tcase_add_test(tc, test_exchange_pbc_spiral);
    tcase_add_test(tc, test_dmi_pbc_cycloid);
    tcase_add_test(tc, test_energy_is_field_potential_pbc);
    tcase_add_test(tc, test_mask_disk_vs_shape);
    tcase_add_test(tc, test_mask_regions_layers_ovf);
    tcase_add_test(tc, test_mask_errors);
    tcase_add_test(tc, test_shapes_paint_cells);
    tcase_add_test(tc, test_shapes_union_vs_mask);
    tcase_add_test(tc, test_shapes_errors);
    tcase_add_test(tc, test_shapes_resolved_roundtrip);
    tcase_add_test(tc, test_config_sp4_and_unsupported);
    tcase_add_test(tc, test_fft_wisdom);
    suite_add_tcase(s, tc);
    return s;
}
