/* check_mesh.c — unit tests of the finite-difference solver (src/micromag) against analytic
 * results: Newell self-demag vs Aharoni's prism factors; the mesh-summed tensor of a uniformly
 * magnetised box equals the Aharoni factors of the whole box (cube 1/3, thin film Nzz -> 1,
 * trace 1); FFT convolution vs the direct sum (the reference kernel); exchange of a spin wave;
 * harmonic-mean exchange; energies are the potentials of the fields (gradient check); the DMI
 * edge tilt; thread-count independence of the thermal run; a one-cell
 * mesh follows the exact LLG solution of damped precession (RK45 and Heun); an exchange-decoupled
 * array at finite T has the Boltzmann <m_z^2>; the relaxed SP4 S-state; OVF round trips;
 * configs build the SP4 mesh and refuse unsupported options. */
#include <check.h>
#include <gsl/gsl_const_mksa.h>
#include <gsl/gsl_sf_dawson.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Mean demag factors of a uniformly magnetised meshed box, from the FFT field. */
static void box_factors(int nx, int ny, int nz, double dx, double dy, double dz, double nf[3])
{
    ms_mesh *g = box_mesh(nx, ny, nz, dx, dy, dz, 1.0, 0.0);
    ms_demag_plan *p = NULL;
    ms_error err;
    ck_assert_int_eq(ms_demag_plan_create(&p, g, 1, 0, &err), MS_OK);
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

START_TEST(test_demag_fft_vs_direct)
{
    const int shapes[][3] = {{1, 1, 1}, {5, 3, 1}, {1, 6, 1}, {7, 6, 1}, {5, 4, 3}, {1, 1, 4}};
    for (size_t k = 0; k < sizeof shapes / sizeof *shapes; k++) {
        const int *s = shapes[k];
        ms_mesh *g = box_mesh(s[0], s[1], s[2], 2e-9, 3e-9, 1.5e-9, 8e5, 0);
        if (g->n > 2)
            g->ms[1] = 0.0, g->ms[2] = 4e5;  /* a hole and a second material */
        ms_demag_plan *p = NULL;
        ms_error err;
        ck_assert_int_eq(ms_demag_plan_create(&p, g, 2, 0, &err), MS_OK);
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
    double *m = ms_mm_m(s), *h = malloc(3 * n * sizeof(double)), e[MS_TERM_COUNT];
    ms_mm_field(s, 0, m, h);
    const double V = 8e-27, eps = 1e-6;
    const size_t probe[] = {0, 7, 2 * n + 13, n + 39};
    for (size_t k = 0; k < sizeof probe / sizeof *probe; k++) {
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

/* The thermal run is bitwise identical for 1 and 2 threads (per-cell Philox streams). */
START_TEST(test_thermal_thread_independent)
{
    double out[2][3];
    for (int k = 0; k < 2; k++) {
        ms_mesh *g = box_mesh(128, 160, 1, 3e-9, 3e-9, 3e-9, 8e5, 1.3e-11);
        ms_ctx *ctx = ms_ctx_create(9, k + 1);
        omp_set_num_threads(k + 1);
        ms_mm_drive d = {.gamma0 = 2.211e5, .temperature = 300};
        ms_mm *s = NULL;
        ms_heun *hn = NULL;
        ms_error err;
        ck_assert_int_eq(ms_mm_create(&s, g, &d, ctx, &err), MS_OK);
        ck_assert_int_eq(ms_heun_create(&hn, s, 1e-13, &err), MS_OK);
        ck_assert_int_eq(ms_heun_run(hn, 1e-12, NULL, NULL, &err), MS_OK);
        ms_mm_m_average(s, ms_mm_m(s), out[k]);
        ms_heun_destroy(hn);
        ms_mm_destroy(s);
        ms_mesh_destroy(g);
        ms_ctx_destroy(ctx);
    }
    for (int c = 0; c < 3; c++)
        ck_assert(out[0][c] == out[1][c]);
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
    const char *set[] = {"mesh.periodic=true"};
    ck_assert_int_eq(ms_config_load(&cfg, NULL, set, 1, schemas, &err), MS_OK);
    ck_assert_int_eq(ms_mesh_from_config(&g, cfg, &err), MS_EUNSUPPORTED);
    ck_assert(g == NULL);
    ms_config_destroy(cfg);
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
    tcase_add_test(tc, test_nan_detected);
    tcase_add_test(tc, test_drive_fields);
    tcase_add_test(tc, test_sp4_s_state);
    tcase_add_test(tc, test_ovf_round_trip);
    tcase_add_test(tc, test_config_sp4_and_unsupported);
    suite_add_tcase(s, tc);
    return s;
}
