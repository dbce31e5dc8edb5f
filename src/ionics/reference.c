/* reference.c — plain single-column reference of the backward-Euler transport step (STYLE.md
 * rule 13): assembles the full (N+1)×(N+1) Newton system of the backward-Euler step row by row from the same edge
 * coefficients (internal.h), with the interface capture g(θ) as a full nonlinearity, and solves it
 * by Gaussian elimination with partial pivoting until converged. Site-blocking factors are frozen
 * per outer iteration exactly as in the batched kernel. Tests compare it with
 * the batched Thomas kernel of transport.c. O(N³): for tests only. */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

static void dense_solve(double *a, double *x, int n)
{
    for (int p = 0; p < n; ++p) {
        int best = p;
        for (int i = p + 1; i < n; ++i)
            if (fabs(a[(size_t)i * n + p]) > fabs(a[(size_t)best * n + p]))
                best = i;
        if (best != p) {
            for (int j = 0; j < n; ++j) {
                const double t = a[(size_t)p * n + j];
                a[(size_t)p * n + j] = a[(size_t)best * n + j];
                a[(size_t)best * n + j] = t;
            }
            const double t = x[p];
            x[p] = x[best];
            x[best] = t;
        }
        for (int i = p + 1; i < n; ++i) {
            const double f = a[(size_t)i * n + p] / a[(size_t)p * n + p];
            for (int j = p; j < n; ++j)
                a[(size_t)i * n + j] -= f * a[(size_t)p * n + j];
            x[i] -= f * x[p];
        }
    }
    for (int i = n - 1; i >= 0; --i) {
        double s = x[i];
        for (int j = i + 1; j < n; ++j)
            s -= a[(size_t)i * n + j] * x[j];
        x[i] = s / a[(size_t)i * n + i];
    }
}

int ms_ionics_step_reference(double *sigma, const ms_ionics_model *m, int n_sites, double dt,
                             double v_gate, double temperature, ms_error *err)
{
    rates r = {0};
    double ep = 1.0, em = 1.0;
    int status = rates_set(&r, m, temperature, err);
    if (!status)
        status = beta_pair(m, v_gate, temperature, &ep, &em, err);
    if (status)
        return status;
    const int n = n_sites + 1;
    double *a = malloc((size_t)n * n * sizeof *a), *old = malloc((size_t)n * sizeof *old);
    if (!a || !old) {
        free(a);
        free(old);
        return MS_ERROR(err, MS_ENOMEM, "ionics: out of memory");
    }
    memcpy(old, sigma, (size_t)n * sizeof *old);
    const int iters = m->c_max > 0.0 ? m->iterations : 1;
    double *x = malloc((size_t)n * sizeof *x), *blk = malloc((size_t)n * sizeof *blk);
    for (int it = 0; x && blk && it < iters; ++it) {
        memcpy(blk, sigma, (size_t)n * sizeof *blk);          /* blocking factors frozen here */
        for (int newton = 0; newton < 100; ++newton) {
            memset(a, 0, (size_t)n * n * sizeof *a);
            for (int k = 0; k < n; ++k)                        /* x = −F(σ) */
                x[k] = old[k] - sigma[k] - (k == 0 ? dt * r.ks * sigma[0] : 0.0);
            for (int k = 0; k <= n_sites; ++k) {
                double ak = 0.0, bk = 0.0, src = 0.0;
                edge_coeffs(m, &r, k, n_sites, blk, 1, ep, em, &ak, &bk, &src);
                double dj0 = ak, dj1 = bk, j = 0.0;           /* J = j, ∂J/∂σ_k = dj0, −∂J/∂σ_{k+1} = dj1 */
                if (k == 0) {
                    const double th = sigma[0] / m->n_s, g = ms_ionics_capture(m, th);
                    j = ak * sigma[0] - bk * g * sigma[1];
                    dj0 = ak - bk * ms_ionics_capture_slope(m, th) / m->n_s * sigma[1];
                    dj1 = bk * g;
                } else {
                    j = ak * sigma[k] - (k < n_sites ? bk * sigma[k + 1] : src);
                }
                x[k] -= dt * j;
                a[(size_t)k * n + k] += (k == 0 ? 1.0 + dt * r.ks : 0.0) + dt * dj0;
                if (k < n_sites) {
                    x[k + 1] += dt * j;
                    a[(size_t)k * n + k + 1] -= dt * dj1;
                    a[(size_t)(k + 1) * n + k] -= dt * dj0;
                    a[(size_t)(k + 1) * n + k + 1] += 1.0 + dt * dj1;
                }
            }
            if (n_sites == 0)
                break;
            dense_solve(a, x, n);
            double change = 0.0, size = 0.0;
            for (int k = 0; k < n; ++k) {
                sigma[k] += x[k];
                change = fmax(change, fabs(x[k]));
                size = fmax(size, fabs(sigma[k]));
            }
            if (change <= 1e-15 * size)
                break;
        }
    }
    free(x);
    free(blk);
    free(a);
    free(old);
    return MS_OK;
}
