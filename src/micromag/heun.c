/* heun.c — stochastic Heun integrator (Stratonovich) for T > 0, fixed step dt:
 *   H_th drawn once per step (thermal.c);  k1 = f(t, m);  m' = norm(m + dt k1);
 *   k2 = f(t + dt, m');  m ← norm(m + dt/2 (k1 + k2)).
 * The same noise enters predictor and corrector, as the Stratonovich interpretation of Brown's
 * equation requires (PHYSICS.md §1); the step counter is the Philox counter of the noise, so a run
 * is reproducible for any thread count. Reference: Garcia-Palacios & Lazaro, PRB 58, 14937 (1998). */
#include <math.h>
#include <stdlib.h>
#include "system.h"

struct ms_heun {
    ms_mm *s;
    double dt;
    double *k1, *k2, *mp, *h;
    uint64_t steps;
};

int ms_heun_create(ms_heun **out, ms_mm *s, double dt, ms_error *err)
{
    *out = NULL;
    if (!(dt > 0))
        return MS_ERROR(err, MS_EINPUT, "heun: time step must be positive");
    ms_heun *hn = calloc(1, sizeof *hn);
    if (!hn)
        return MS_ERROR(err, MS_ENOMEM, "heun: out of memory");
    hn->s = s, hn->dt = dt;
    const size_t n3 = 3 * s->n;
    if (!(hn->k1 = malloc(n3 * sizeof(double))) || !(hn->k2 = malloc(n3 * sizeof(double))) ||
        !(hn->mp = malloc(n3 * sizeof(double))) || !(hn->h = malloc(n3 * sizeof(double)))) {
        ms_heun_destroy(hn);
        return MS_ERROR(err, MS_ENOMEM, "heun: out of memory");
    }
    if (s->thermal_on)
        ms_cite(s->ctx, "garciapalacios1998");
    *out = hn;
    return MS_OK;
}

void ms_heun_destroy(ms_heun *hn)
{
    if (!hn)
        return;
    free(hn->k1), free(hn->k2), free(hn->mp), free(hn->h), free(hn);
}

/* Draw, predictor, corrector: all threads of the team (system.h). */
static void step_team(ms_heun *hn)
{
    ms_mm *s = hn->s;
    const double dt = hn->dt;
    if (s->thermal_on)
        ms_mm_thermal_draw(s, hn->steps, dt);
    ms_mm_rhs(s, s->t, s->m, hn->k1, NULL);
    double *restrict m = s->m, *restrict mp = hn->mp, *restrict k1 = hn->k1, *restrict k2 = hn->k2;
    MS_MM_FOR3(s, i, mp[i] = m[i] + dt * k1[i]);
    ms_mm_m_normalise(s, mp);
    ms_mm_rhs(s, s->t + dt, mp, k2, hn->h);
    ms_mm_torque_chunks(s, mp, hn->h);  /* at the predictor: no extra evaluation */
    MS_MM_FOR3(s, i, m[i] += 0.5 * dt * (k1[i] + k2[i]));
    ms_mm_m_normalise(s, m);
}

int ms_heun_step(ms_heun *hn, ms_mm_stepinfo *info, ms_error *err)
{
    ms_mm *s = hn->s;
    const double dt = hn->dt;
    double *m = s->m, *mp = hn->mp;
    MS_MM_TEAM(s, step_team(hn));
    info->torque_max = ms_mm_torque_chunks_max(s);
    if (!isfinite(info->torque_max)) {
        char where[160];
        const double *const arr[] = {hn->h, mp, m};
        ms_mm_nonfinite_where(s, arr, 3, where, sizeof where);
        return MS_ERROR(err, MS_ENUMERIC, "heun: non-finite field at step %llu, t = %g s (dt = %g s): %s",
                        (unsigned long long)hn->steps + 1, s->t, dt, where);
    }
    hn->steps++;
    s->t += dt;
    info->t = s->t, info->dt = dt, info->step = hn->steps, info->rejected = 0;
    return MS_OK;
}

int ms_heun_run(ms_heun *hn, double t_end, ms_mm_callback cb, void *user, ms_error *err)
{
    int status = MS_OK;
    ms_mm_stepinfo info;
    while (hn->s->t < t_end - 0.5 * hn->dt) {
        MS_TRY(ms_heun_step(hn, &info, err));
        if (cb && cb(user, hn->s, &info))
            break;
        if (ms_ctx_interrupted(hn->s->ctx))
            return MS_ERROR(err, MS_EINTERRUPTED, "heun: interrupted at t = %g s", hn->s->t);
    }
fail:
    return status;
}
