/* transport.c — field-enhanced hopping of one mobile species along batched columns of sites.
 *
 * Unknowns: areal densities σ_k (m⁻²), k = 0 (FM interface layer, σ_0 = n_s θ) .. N (site at the
 * gate). Edge fluxes (m⁻² s⁻¹, positive toward the gate), Γ = ν0 e^{−E_a/kT}, e± = e^{±β}:
 *   J_k = Γ [e+ σ_k (1 − s_{k+1}) − e− σ_{k+1} (1 − s_k)],  k = 1..N−1  (s = c/c_max blocking)
 *   J_0 = Γ [e^{−ΔG/kT} e+ σ_0 − e− σ_1 g(θ)]                   (reactive FM interface)
 *   J_N: blocking 0; reservoir: hop into a site held at c_res; exchange (k_ex/a)(σ_N − σ_res)
 * plus the interface sink −k_sink σ_0; β is one number per column (uniform/divider field) or one
 * per edge (Poisson, field.c). Backward Euler: the oxide rows form a tridiagonal M-matrix with unit
 * interior column sums, eliminated without subtractions (Grassmann–Taksar–Heyman); the interface
 * pair is solved exactly (interface.c). Positivity, unconditional stability, and conservation of
 * Σσ + sink − reservoir intake to round-off (each J_k enters two rows with opposite signs).
 * Outer iterations only for site blocking (Picard) and the Poisson field (Gummel, with steps split
 * at the dielectric relaxation time).
 * Reference: PHYSICS.md §3; Scharfetter–Gummel-like exponential weights e^{±β} are the exact
 * two-site hopping asymmetry, so no upwinding is needed at any field.
 * Layout: σ[k * n_col + col]; Thomas sweeps run over k with the inner loop over a block of columns
 * (vectorised), OpenMP over blocks. ms_ionics_step_reference() is the plain dense version. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_const_mksa.h>
#include "metaspin/ionics.h"

#include "interface.h"
#include "internal.h"

int ms_ionics_state_create(ms_ionics_state **out, const ms_ionics_model *m, size_t n_col, ms_error *err)
{
    *out = NULL;
    int status = ms_ionics_model_check(m, err);
    if (status)
        return status;
    if (n_col == 0)
        return MS_ERROR(err, MS_EINPUT, "ionics: need at least one column");
    ms_ionics_state *s = calloc(1, sizeof *s);
    if (!s)
        return MS_ERROR(err, MS_ENOMEM, "ionics: out of memory");
    s->n_sites = ms_ionics_sites(m);
    s->n_col = n_col;
    s->nx = (int)n_col;
    s->ny = 1;
    const size_t rows = (size_t)s->n_sites + 1, n = rows * n_col;
    s->sigma = malloc(n * sizeof *s->sigma);
    s->work = malloc(6 * n * sizeof *s->work);
    s->v_scale = malloc(n_col * sizeof *s->v_scale);
    s->sink = malloc(n_col * sizeof *s->sink);
    s->res = malloc(n_col * sizeof *s->res);
    s->phi = malloc(n_col * sizeof *s->phi);
    if (!s->sigma || !s->work || !s->v_scale || !s->sink || !s->res || !s->phi) {
        ms_ionics_state_destroy(s);
        return MS_ERROR(err, MS_ENOMEM, "ionics: out of memory for %zu columns x %zu sites", n_col, rows);
    }
    ms_ionics_state_reset(s, m);
    *out = s;
    return MS_OK;
}

void ms_ionics_state_destroy(ms_ionics_state *s)
{
    if (!s)
        return;
    free(s->sigma);
    free(s->work);
    free(s->v_scale);
    free(s->sink);
    free(s->res);
    free(s->phi);
    free(s);
}

void ms_ionics_state_reset(ms_ionics_state *s, const ms_ionics_model *m)
{
    const size_t nc = s->n_col;
    const double s_ox = m->c0 * m->sp.hop;
    for (size_t c = 0; c < nc; ++c) {
        s->sigma[c] = m->theta0 * m->n_s;
        s->v_scale[c] = 1.0;
        s->sink[c] = 0.0;
        s->res[c] = 0.0;
        s->phi[c] = m->phase ? ms_ionics_phi_eq(m, m->theta0, ms_ionics_wave_value(&m->temp, 0.0), 1) : 1.0;
    }
    for (size_t i = nc; i < ((size_t)s->n_sites + 1) * nc; ++i)
        s->sigma[i] = s_ox;
    s->t = 0.0;
}

int ms_ionics_state_set_grid(ms_ionics_state *s, int nx, int ny, ms_error *err)
{
    if (nx < 1 || ny < 1 || (size_t)nx * (size_t)ny != s->n_col)
        return MS_ERROR(err, MS_EINPUT, "ionics: grid %d x %d does not match %zu columns", nx, ny, s->n_col);
    s->nx = nx;
    s->ny = ny;
    return MS_OK;
}

void ms_ionics_state_set_theta(ms_ionics_state *s, const ms_ionics_model *m, size_t col, double theta)
{
    s->sigma[col] = theta * m->n_s;
}

double ms_ionics_theta(const ms_ionics_state *s, const ms_ionics_model *m, size_t col)
{
    return s->sigma[col] / m->n_s;
}

double ms_ionics_inventory(const ms_ionics_state *s, size_t col)
{
    double sum = 0.0;
    for (int k = 0; k <= s->n_sites; ++k)
        sum += s->sigma[(size_t)k * s->n_col + col];
    return sum + s->sink[col] - s->res[col];
}

/* Row k (2 <= k <= N) of the upward GTH elimination for a block of w columns (hot loop: the
 * blocking factors f = 1 − σ/(c_max a) are computed inline so the loop vectorises over columns). */
static inline void eliminate_row(const rates *r, int k, int n, size_t nc, size_t c0, size_t w, double dt,
                                 const double *restrict ep_all, const double *restrict em_all, size_t es,
                                 const double *restrict old, const double *restrict sig,
                                 const double *restrict a_n, const double *restrict src_n, double *restrict pp,
                                 double *restrict qq, double *restrict e_next, double *restrict p_next,
                                 double *restrict pp_next)
{
    const size_t row = (size_t)k * nc + c0;
    const double inv = r->inv_cmax_a, gdt = r->gam * dt;
    const double *s_km1 = sig + row - nc, *s_k = sig + row, *s_kp1 = k < n ? sig + row + nc : sig + row;
    const double inner = k < n ? 1.0 : 0.0, gate = 1.0 - inner;   /* row N: gate edge, b_N = 0 */
    const double *epl = ep_all + (size_t)(k - 1) * es, *eml = em_all + (size_t)(k - 1) * es;   /* edge k−1 */
    const double *ep = ep_all + (size_t)k * es, *em = em_all + (size_t)k * es;                 /* edge k */
    for (size_t q = 0; q < w; ++q) {
        const double g_km1 = 1.0 - s_km1[q] * inv, g_k = 1.0 - s_k[q] * inv, g_kp1 = 1.0 - s_kp1[q] * inv;
        const double f_km1 = g_km1 > 0.0 ? g_km1 : 0.0, f_k = g_k > 0.0 ? g_k : 0.0;
        const double f_kp1 = g_kp1 > 0.0 ? g_kp1 : 0.0;
        const double a_km1 = gdt * epl[q] * f_k, b_km1 = gdt * eml[q] * f_km1;   /* dt × edge k−1 */
        const double a_k = inner * gdt * ep[q] * f_kp1 + gate * dt * a_n[q], b_k = inner * gdt * em[q] * f_k;
        const double e = 1.0 + a_k * e_next[q] / p_next[q];
        const double p = e + b_km1, ip = 1.0 / p;
        const double rhs = old[row + q] + gate * dt * src_n[q];
        const double pk = (rhs + b_k * pp_next[q]) * ip;
        pp[row + q] = pk;
        qq[row + q] = a_km1 * ip;
        e_next[q] = e;
        p_next[q] = p;
        pp_next[q] = pk;
    }
}

/* One iteration for columns [c0, c1): blocking factors from the iterate `sig`, right-hand side from
 * `old`; the solution overwrites sig. Rows N..2 are eliminated from the gate upward in the
 * Grassmann–Taksar–Heyman form (σ_k = P_k + Q_k σ_{k−1}; with e_k = 1 + dt a_k e_{k+1}/p_{k+1} the
 * pivots are p_k = e_k + dt b_{k−1}, so no step subtracts and the total is conserved to a few ulps
 * whatever dt Γ e^{|β|} is); the interface pair (σ_0, σ_1) is then solved exactly (interface.c)
 * and the oxide back-substituted. P is kept in `pp`, Q in `qq`. */
static void solve_block(const ms_ionics_model *m, const rates *r, int n, size_t nc, size_t c0, size_t c1,
                        double dt, const double *ep, const double *em, size_t es, const double *old, double *sig,
                        double *pp, double *qq, double *res, double *snk)
{
    const size_t w = c1 - c0, en = (size_t)n * es;   /* edge k of column q: ep[k * es + q] */
    double e_next[BLOCK], p_next[BLOCK], pp_next[BLOCK], a_n[BLOCK], src_n[BLOCK];
    for (size_t q = 0; q < w; ++q) {
        double b;
        edge_coeffs(m, r, n, n, sig + c0 + q, nc, ep[en + q], em[en + q], &a_n[q], &b, &src_n[q]);
        e_next[q] = 1.0;   /* e_{N+1} = p_{N+1} = 1, so e_N = 1 + dt a_N (gate outflow) */
        p_next[q] = 1.0;
        pp_next[q] = 0.0;
    }
    for (int k = n; k >= 2; --k)
        eliminate_row(r, k, n, nc, c0, w, dt, ep, em, es, old, sig, a_n, src_n, pp, qq, e_next, p_next, pp_next);
    for (size_t q = 0; q < w; ++q) {
        /* site 1 and the interface: σ_1 (e_1 + c_c g) = R + c_r σ_0 */
        double a0, b0, a1 = 0.0, b1 = 0.0, src;
        edge_coeffs(m, r, 0, n, sig + c0 + q, nc, ep[q], em[q], &a0, &b0, &src);
        src = src_n[q];
        if (n >= 2)
            edge_coeffs(m, r, 1, n, sig + c0 + q, nc, ep[es + q], em[es + q], &a1, &b1, &src);
        ms_ionics_iface f;
        f.old0 = old[c0 + q];
        f.cr = dt * a0;
        f.cc = dt * b0;
        f.diag0 = 1.0 + f.cr + dt * r->ks;
        f.e1 = 1.0 + dt * (n >= 2 ? a1 : a_n[q]) * e_next[q] / p_next[q];
        f.r = old[nc + c0 + q] + (n >= 2 ? dt * b1 * pp_next[q] : dt * src);
        const double s0 = f.cc > 0.0 || f.cr > 0.0 ? ms_ionics_iface_solve(m, &f, sig[c0 + q]) : f.old0 / f.diag0;
        /* ions handed from the interface to site 1 this step, taken from row 0 itself so that rows 0
         * and 1 move exactly the same amount (conservation does not depend on the root's accuracy) */
        const double moved = f.old0 - s0 * (1.0 + dt * r->ks);
        sig[c0 + q] = s0;
        sig[nc + c0 + q] = (f.r + moved) / f.e1;
    }
    for (int k = 2; k <= n; ++k) {
        const size_t row = (size_t)k * nc + c0;
        for (size_t q = 0; q < w; ++q)
            sig[row + q] = pp[row + q] + qq[row + q] * sig[row - nc + q];
    }
    for (size_t q = 0; q < w; ++q) {
        res[q] = dt * (src_n[q] - a_n[q] * sig[(size_t)n * nc + c0 + q]);  /* intake from the reservoir */
        snk[q] = dt * r->ks * sig[c0 + q];
    }
}

static int nonlinear(const ms_ionics_model *m)
{
    /* the interface nonlinearity is solved exactly inside each iteration; site blocking (Picard) and
     * the space-charge field (Gummel) need outer iterations */
    return m->c_max > 0.0 || m->field == MS_IONICS_FIELD_POISSON;
}

/* Per-edge field factors e^{±β_k} of columns [c0, c1) from the Poisson field of the iterate. */
static int poisson_block(ms_ionics_state *s, const ms_ionics_model *m, size_t c0, size_t c1, double v_gate,
                         double temperature, double *ep, double *em)
{
    const size_t nc = s->n_col, edges = (size_t)s->n_sites + 1;
    for (size_t c = c0; c < c1; ++c) {
        double *ez = ep + c;   /* E_k staged in ep, stride nc */
        int status = ms_ionics_poisson_field(m, s->sigma + c, nc, s->n_sites, v_gate * s->v_scale[c], ez, nc, NULL);
        if (status)
            return status;
        for (size_t k = 0; k < edges; ++k) {
            const double beta = ms_ionics_beta(m, ez[k * nc], temperature);
            if (fabs(beta) > BETA_MAX)
                return MS_EINPUT;
            ep[k * nc + c] = exp(beta);
            em[k * nc + c] = exp(-beta);
        }
    }
    return MS_OK;
}

/* One backward-Euler step of every column (uniform or divider field: one β per column). */
static int step_kernel(ms_ionics_state *s, const ms_ionics_model *m, const rates *r, double dt, double v_gate,
                       double temperature)
{
    const int n = s->n_sites;
    const size_t nc = s->n_col, tot = ((size_t)n + 1) * nc;
    double *old = s->work, *pp = s->work + tot, *dp = s->work + 2 * tot;
    double *epf = s->work + 4 * tot, *emf = s->work + 5 * tot;
    const int poisson = m->field == MS_IONICS_FIELD_POISSON;
    memcpy(old, s->sigma, tot * sizeof *old);
    const int iters = nonlinear(m) ? m->iterations : 1;
    const size_t nblk = (nc + BLOCK - 1) / BLOCK;
    int bad = 0;
#pragma omp parallel for schedule(static) reduction(|| : bad) if (nblk >= 4)
    for (size_t ib = 0; ib < nblk; ++ib) {
        const size_t c0 = ib * BLOCK, c1 = c0 + BLOCK < nc ? c0 + BLOCK : nc;
        double ep[BLOCK], em[BLOCK], dres[BLOCK], dsnk[BLOCK];
        for (size_t c = c0; c < c1 && !bad && !poisson; ++c)
            bad = beta_pair(m, v_gate * s->v_scale[c], temperature, &ep[c - c0], &em[c - c0], NULL) != MS_OK;
        for (int it = 0; it < iters && !bad; ++it) {
            if (poisson) {   /* Gummel: field from the latest iterate */
                bad = poisson_block(s, m, c0, c1, v_gate, temperature, epf, emf) != MS_OK;
                if (!bad)
                    solve_block(m, r, n, nc, c0, c1, dt, epf + c0, emf + c0, nc, old, s->sigma, pp, dp, dres, dsnk);
            } else {
                solve_block(m, r, n, nc, c0, c1, dt, ep, em, 0, old, s->sigma, pp, dp, dres, dsnk);
            }
        }
        for (size_t c = c0; c < c1 && !bad; ++c) {
            s->res[c] += dres[c - c0];
            s->sink[c] += dsnk[c - c0];
        }
    }
    return bad;
}

/* Dielectric relaxation time ε kT/((z e)² c D) of the densest site: the Gummel (lagged-field)
 * coupling is stable for steps below it. */
static double dielectric_time(const ms_ionics_state *s, const ms_ionics_model *m, double temperature)
{
    double smax = 0.0;
    for (size_t i = s->n_col; i < ((size_t)s->n_sites + 1) * s->n_col; ++i)
        smax = fmax(smax, s->sigma[i]);
    const double ze = m->sp.charge * GSL_CONST_MKSA_ELECTRON_CHARGE, a = m->sp.hop;
    const double d = a * a * ms_ionics_hop_rate(m, temperature), c = smax / a;
    const double eps = GSL_CONST_MKSA_VACUUM_PERMITTIVITY * m->eps_ox;
    return c > 0.0 ? eps * GSL_CONST_MKSA_BOLTZMANN * temperature / (ze * ze * c * d) : INFINITY;
}

int ms_ionics_step(ms_ionics_state *s, const ms_ionics_model *m, double dt, double v_gate,
                   double temperature, ms_error *err)
{
    if (!(dt > 0.0) || !isfinite(dt))
        return MS_ERROR(err, MS_EINPUT, "ionics: time step must be positive and finite, got %g s", dt);
    rates r;
    int status = rates_set(&r, m, temperature, err);
    if (status)
        return status;
    double sub = dt;
    long n_sub = 1;
    if (m->field == MS_IONICS_FIELD_POISSON) {
        const double tau = dielectric_time(s, m, temperature);
        if (dt > tau) {
            n_sub = (long)fmin(ceil(dt / tau), 1e7);
            sub = dt / (double)n_sub;
        }
    }
    for (long i = 0; i < n_sub; ++i) {
        if (step_kernel(s, m, &r, sub, v_gate, temperature)) {
            double ep, em, e_z;
            for (size_t c = 0; c < s->n_col && m->field != MS_IONICS_FIELD_POISSON; ++c)
                if ((status = beta_pair(m, v_gate * s->v_scale[c], temperature, &ep, &em, err)))
                    return status;
            ms_ionics_field(m, v_gate, &e_z, NULL);
            return MS_ERROR(err, MS_EINPUT, "ionics: space-charge field asymmetry exceeds %g at t = %g s "
                            "(V = %g V, mean field %g V/m)", BETA_MAX, s->t, v_gate, e_z);
        }
    }
    const size_t tot = ((size_t)s->n_sites + 1) * s->n_col;
    for (size_t i = 0; i < tot; ++i)
        if (!isfinite(s->sigma[i]))
            return MS_ERROR(err, MS_ENUMERIC, "ionics: non-finite density in the step from t = %g s (dt = %g s), "
                            "site %zu, column %zu (V = %g V, T = %g K, hop rate %g 1/s)", s->t, dt,
                            i / s->n_col, i % s->n_col, v_gate, temperature, ms_ionics_hop_rate(m, temperature));
    s->t += dt;
    return MS_OK;
}
