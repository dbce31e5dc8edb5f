/* free_diffusion — rotational diffusion of a free moment (σ = 0, H = 0): ⟨m_z(t)⟩ = exp(−t/τ_N),
 * τ_N = (1+α²) μ0 Ms V/(2 α γ0 kB T) (Brown 1963; PHYSICS.md §1). Started at +z,
 * Δt = τ_N/2000 (Heun's weak error is O(Δt): at τ_N/100 the decay is ~1 % fast, at τ_N/2000 it
 * is below the statistical error), 40000 trials, checked at t = τ_N/2, τ_N, 2 τ_N (α = 1) and at τ_N for α = 0.1 (precession-free
 * limit must not depend on α beyond τ_N). Tolerance: 3 standard errors. */
#include "common.h"
#include "macrospin/reduced.h"

static int check(double alpha, uint64_t seed, int n_times, const double *t_over_tau)
{
    reduced r;
    reduced_init(&r, 1.0, 0.0, alpha, 0.01);
    r.dev.k_u1 = 0.0;
    const double tau_n = ms_model_tau_n(alpha, r.gamma0, r.dev.ms, r.dev.volume, r.dev.temperature);
    r.opt.dt = tau_n / 2000;
    ms_ctx *ctx = ms_ctx_create(seed, 2);
    ms_macrospin_batch *b = reduced_batch(&r, 40000, ctx);
    int fail = 0;
    for (int k = 0; k < n_times; k++) {
        reduced_run(b, t_over_tau[k] * tau_n);
        double m, se;
        batch_moment(b, 1, &m, &se);
        char name[80];
        snprintf(name, sizeof name, "macrospin/free_diffusion_alpha%g_t%gtauN", alpha, t_over_tau[k]);
        fail += ms_validate_report(name, m, exp(-t_over_tau[k]), 3 * se);
    }
    ms_macrospin_batch_destroy(b);
    ms_ctx_destroy(ctx);
    return fail;
}

int main(void)
{
    const double times[3] = {0.5, 1.0, 2.0}, one[1] = {1.0};
    return check(1.0, 31, 3, times) + check(0.1, 32, 1, one);
}
