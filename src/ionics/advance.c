/* advance.c — time integration driver: follows the gate-voltage and temperature waveforms, never
 * stepping across a waveform edge, and applies the two slow processes that are split from the
 * vertical transport (first-order Lie splitting, both exactly conservative):
 *   lateral diffusion between neighbouring columns (cells of width Δx) at the same depth,
 *     dσ_i/dt = (D/Δx²) Σ_{j∈nn(i)} (σ_j − σ_i),  D = a² ν0 e^{−E_a/kT}  (no lateral field),
 *     explicit, sub-cycled so that 4 (D/Δx²) dt_sub <= 1/2 (stable, positive);
 *   FM-fraction relaxation dφ/dt = −(φ − φ_eq(θ, T, heating))/τ_φ (exact exponential update).
 * Gate voltage and temperature are evaluated at the step midpoint. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

static void lateral_substep(ms_ionics_state *s, double rate_dt, double *buf)
{
    const size_t nc = s->n_col, nx = (size_t)s->nx, ny = (size_t)s->ny;
#pragma omp parallel for schedule(static) if (s->n_col >= 4096)
    for (int k = 0; k <= s->n_sites; ++k) {
        const double *row = s->sigma + (size_t)k * nc;
        double *out = buf + (size_t)k * nc;
        for (size_t y = 0; y < ny; ++y)
            for (size_t x = 0; x < nx; ++x) {
                const size_t i = y * nx + x;
                double flow = 0.0;
                if (x > 0) flow += row[i - 1] - row[i];
                if (x + 1 < nx) flow += row[i + 1] - row[i];
                if (y > 0) flow += row[i - nx] - row[i];
                if (y + 1 < ny) flow += row[i + nx] - row[i];
                out[i] = row[i] + rate_dt * flow;
            }
    }
    memcpy(s->sigma, buf, ((size_t)s->n_sites + 1) * nc * sizeof *buf);
}

static void lateral_step(ms_ionics_state *s, const ms_ionics_model *m, double dt, double temperature)
{
    if (m->cell_width <= 0.0 || s->n_col < 2)
        return;
    const double ratio = m->sp.hop / m->cell_width;
    const double rate = ratio * ratio * ms_ionics_hop_rate(m, temperature);
    const double nsub = ceil(8.0 * rate * dt);
    const long n = nsub < 1.0 ? 1 : (long)fmin(nsub, 1e6);
    double *buf = s->work + 3 * ((size_t)s->n_sites + 1) * s->n_col;
    for (long i = 0; i < n; ++i)
        lateral_substep(s, rate * dt / (double)n, buf);
}

static void phase_step(ms_ionics_state *s, const ms_ionics_model *m, double dt, double temperature)
{
    if (!m->phase)
        return;
    const double f = exp(-dt / m->tau_phi);
    for (size_t c = 0; c < s->n_col; ++c) {
        const double theta = ms_ionics_theta(s, m, c);
        const double up = ms_ionics_phi_eq(m, theta, temperature, 1);
        const double down = ms_ionics_phi_eq(m, theta, temperature, 0);
        /* hysteresis: φ only moves toward the branch it lies outside of */
        const double target = s->phi[c] > up ? up : (s->phi[c] < down ? down : s->phi[c]);
        s->phi[c] = target + (s->phi[c] - target) * f;
    }
}

int ms_ionics_advance(ms_ionics_state *s, const ms_ionics_model *m, double t_end, double dt_max,
                      ms_ctx *ctx, ms_error *err)
{
    if (!(dt_max > 0.0))
        return MS_ERROR(err, MS_EINPUT, "ionics: maximum step must be positive, got %g s", dt_max);
    int status = MS_OK;
    while (s->t < t_end * (1.0 - 1e-15)) {
        double t1 = fmin(t_end, s->t + dt_max);
        t1 = fmin(t1, ms_ionics_wave_next_edge(&m->gate, s->t));
        t1 = fmin(t1, ms_ionics_wave_next_edge(&m->temp, s->t));
        const double dt = t1 - s->t, mid = s->t + 0.5 * dt;
        if (!(dt > 0.0))
            return MS_ERROR(err, MS_EINTERNAL, "ionics: zero step at t = %g s", s->t);
        const double v = ms_ionics_wave_value(&m->gate, mid), temp = ms_ionics_wave_value(&m->temp, mid);
        if ((status = ms_ionics_step(s, m, dt, v, temp, err)))
            return status;
        s->t = t1;
        lateral_step(s, m, dt, temp);
        phase_step(s, m, dt, temp);
        if (ctx && ms_ctx_interrupted(ctx))
            return MS_ERROR(err, MS_EINTERRUPTED, "ionics: interrupted at t = %g s", s->t);
    }
    return MS_OK;
}

int ms_ionics_run_theta(const ms_ionics_model *m, double duration, double max_step, ms_ctx *ctx,
                        double *theta, ms_error *err)
{
    ms_ionics_state *s = NULL;
    int status = ms_ionics_state_create(&s, m, 1, err);
    if (status)
        return status;
    ms_ionics_state_reset(s, m);
    if (duration > 0)
        status = ms_ionics_advance(s, m, duration, max_step, ctx, err);
    *theta = ms_ionics_theta(s, m, 0);
    ms_ionics_state_destroy(s);
    return status;
}
