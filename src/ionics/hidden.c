/* hidden.c — exports of the ionic hidden state h = θ (interface coverage, monolayers) for the
 * learning side (DESIGN.md device table):
 *   /gate/h_after[h][V_G][t_G]: θ after one square gate pulse, from θ = h with the oxide at the
 *     uniform initial density c0, at the pulse temperature; every (h, V_G) pair is one column of a
 *     single batched run and each width is a sample time of that run;
 *   /gate/retention[h][T]: at V_G = 0, time for θ to relax 1/e of the way from h to its long-time
 *     equilibrium θ_eq (computed first by a long implicit run); where |h − θ_eq| < 1e-3 the run
 *     starts from θ_eq + 1e-3 (small-signal relaxation time). Reference value for a single
 *     desorption event: ν0⁻¹ exp((E_a + ΔG)/kB T) (PHYSICS.md §3).
 * Time steps grow geometrically (dt = 2 % of the elapsed time): backward Euler is L-stable, so
 * the fast oxide transients are damped and the slow interface kinetics are resolved per decade. */
#include <math.h>
#include <stdlib.h>
#include "metaspin/ionics.h"

static int step_to(ms_ionics_state *s, const ms_ionics_model *m, double t_end, double t_min, double v,
                   double temperature, ms_error *err)
{
    while (s->t < t_end * (1.0 - 1e-14)) {
        double dt = fmax(0.02 * s->t, t_min);
        if (s->t + dt > t_end)
            dt = t_end - s->t;
        int status = ms_ionics_step(s, m, dt, v, temperature, err);
        if (status)
            return status;
    }
    return MS_OK;
}

static double pulse_temperature(const ms_ionics_model *m)
{
    return m->temp.shape == MS_IONICS_WAVE_PWL ? ms_ionics_wave_value(&m->temp, 0.0) : m->temp.on;
}

int ms_ionics_gate_table(const ms_ionics_model *m, const double *h, size_t nh, const double *v,
                         size_t nv, const double *widths, size_t nw, double *h_after, ms_ctx *ctx,
                         ms_error *err)
{
    if (nh == 0 || nv == 0 || nw == 0)
        return MS_ERROR(err, MS_EINPUT, "ionics: gate table needs non-empty h, voltage and width axes");
    for (size_t i = 0; i < nw; ++i)
        if (!(widths[i] > 0.0) || (i > 0 && !(widths[i] > widths[i - 1])))
            return MS_ERROR(err, MS_EINPUT, "ionics: gate widths must be positive and ascending");
    ms_ionics_state *s = NULL;
    int status = ms_ionics_state_create(&s, m, nh * nv, err);
    if (status)
        return status;
    for (size_t ih = 0; ih < nh; ++ih)
        for (size_t iv = 0; iv < nv; ++iv) {
            ms_ionics_state_set_theta(s, m, ih * nv + iv, h[ih]);
            s->v_scale[ih * nv + iv] = v[iv];
        }
    const double temperature = pulse_temperature(m);
    for (size_t iw = 0; iw < nw; ++iw) {
        MS_TRY(step_to(s, m, widths[iw], widths[0] / 50.0, 1.0, temperature, err));
        for (size_t c = 0; c < nh * nv; ++c)
            h_after[c * nw + iw] = ms_ionics_theta(s, m, c);
        ms_ctx_progress(ctx, "gate table", iw + 1, nw);
        if (ctx && ms_ctx_interrupted(ctx)) {
            status = MS_ERROR(err, MS_EINTERRUPTED, "ionics: gate table interrupted");
            goto fail;
        }
    }
fail:
    ms_ionics_state_destroy(s);
    return status;
}

/* Long zero-bias run: θ_eq per column. */
static int equilibrium(ms_ionics_state *s, const ms_ionics_model *m, double temperature, double t_ret,
                       double *theta_eq, ms_error *err)
{
    const double t_hop = 1.0 / ms_ionics_hop_rate(m, temperature);
    int status = step_to(s, m, 1e4 * fmax(t_ret, t_hop), 1e-3 * fmin(t_hop, t_ret), 0.0, temperature, err);
    for (size_t c = 0; !status && c < s->n_col; ++c)
        theta_eq[c] = ms_ionics_theta(s, m, c);
    return status;
}

static int relax_times(ms_ionics_state *s, const ms_ionics_model *m, double temperature, double t_min,
                       const double *start, const double *theta_eq, double *tau, size_t stride, ms_error *err)
{
    const size_t nc = s->n_col;
    size_t left = nc;
    for (size_t c = 0; c < nc; ++c)
        tau[c * stride] = INFINITY;
    double t_prev = 0.0;
    while (left > 0 && s->t < 1e12) {
        double prev[64];
        for (size_t c = 0; c < nc && c < 64; ++c)
            prev[c] = ms_ionics_theta(s, m, c);
        const double dt = fmax(0.02 * s->t, t_min);
        int status = ms_ionics_step(s, m, dt, 0.0, temperature, err);
        if (status)
            return status;
        for (size_t c = 0; c < nc; ++c) {
            if (isfinite(tau[c * stride]))
                continue;
            const double d0 = fabs(start[c] - theta_eq[c]), d = fabs(ms_ionics_theta(s, m, c) - theta_eq[c]);
            if (d > d0 * exp(-1.0))
                continue;
            const double dp = fabs(prev[c] - theta_eq[c]), target = d0 * exp(-1.0);
            const double f = dp > d ? (dp - target) / (dp - d) : 1.0;
            tau[c * stride] = t_prev + f * (s->t - t_prev);
            --left;
        }
        t_prev = s->t;
    }
    return MS_OK;
}

int ms_ionics_retention_table(const ms_ionics_model *m, const double *h, size_t nh, const double *temps,
                              size_t nt, double *tau, ms_ctx *ctx, ms_error *err)
{
    if (nh == 0 || nt == 0 || nh > 64)
        return MS_ERROR(err, MS_EINPUT, "ionics: retention table needs 1 to 64 h values and >= 1 temperature");
    ms_ionics_state *s = NULL;
    int status = ms_ionics_state_create(&s, m, nh, err);
    if (status)
        return status;
    double eq[64], start[64];
    for (size_t it = 0; it < nt; ++it) {
        const double temperature = temps[it], t_ret = ms_ionics_retention_intrinsic(m, temperature);
        const double t_min = 1e-3 * fmin(t_ret, 1.0 / ms_ionics_hop_rate(m, temperature));
        ms_ionics_state_reset(s, m);
        for (size_t i = 0; i < nh; ++i)
            ms_ionics_state_set_theta(s, m, i, h[i]);
        MS_TRY(equilibrium(s, m, temperature, t_ret, eq, err));
        ms_ionics_state_reset(s, m);
        for (size_t i = 0; i < nh; ++i) {
            start[i] = fabs(h[i] - eq[i]) < 1e-3 ? eq[i] + 1e-3 : h[i];
            ms_ionics_state_set_theta(s, m, i, start[i]);
        }
        MS_TRY(relax_times(s, m, temperature, t_min, start, eq, tau + it, nt, err));
        ms_ctx_progress(ctx, "retention table", it + 1, nt);
    }
fail:
    ms_ionics_state_destroy(s);
    return status;
}
