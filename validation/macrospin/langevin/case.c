/* langevin — a free moment (no anisotropy, no shape term) in a field H along z relaxes to
 * ⟨m_z⟩ = L(ξ) = coth ξ − 1/ξ, ξ = μ0 Ms V H/(kB T) (PHYSICS.md §1). Start at +z, run 6 τ_N
 * (the slowest relaxation time is below τ_N), Δt = τ_N/300. Tolerance: 3 standard errors. */
#include "common.h"
#include "macrospin/reduced.h"

static int check(double xi, uint64_t seed)
{
    const double mu0 = GSL_CONST_MKSA_VACUUM_PERMEABILITY, kb = GSL_CONST_MKSA_BOLTZMANN;
    reduced r;
    reduced_init(&r, 1.0, 0.0, 1.0, 0.01);
    ms_macrospin_device *d = &r.dev;
    d->k_u1 = 0.0;
    d->h_bias[2] = xi * kb * d->temperature / (mu0 * d->ms * d->volume);
    const double tau_n = ms_model_tau_n(d->alpha, r.gamma0, d->ms, d->volume, d->temperature);
    r.opt.dt = tau_n / 300;
    ms_ctx *ctx = ms_ctx_create(seed, 2);
    ms_macrospin_batch *b = reduced_batch(&r, 20000, ctx);
    reduced_run(b, 6 * tau_n);
    double m, se;
    batch_moment(b, 1, &m, &se);
    char name[64];
    snprintf(name, sizeof name, "macrospin/langevin_xi%g", xi);
    ms_macrospin_batch_destroy(b);
    ms_ctx_destroy(ctx);
    return ms_validate_report(name, m, ms_model_langevin(xi), 3 * se);
}

int main(void)
{
    return check(0.5, 21) + check(2.0, 22) + check(8.0, 23);
}
