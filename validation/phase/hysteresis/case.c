/* hysteresis/case.c — thermal hysteresis of independent identical grains under a triangular
 * temperature sweep T_lo -> T_hi -> T_lo at rate r (prescribed T(t), all grains AF at T_lo).
 * Reference: the mean FM fraction of independent two-state grains obeys the master equation
 * dφ/dt = k_AF→FM(T)(1 − φ) − k_FM→AF(T) φ, integrated along the same sweep with the exact
 * exponential update in steps of 1e-4 K; the loop width W = T_up − T_down between the φ = 1/2
 * crossings of the heating and cooling branches, and the loop centre (T_up + T_down)/2.
 * Compared: W_sim vs W_ref at four rates; that W shrinks monotonically as the sweep slows (1 if so);
 * the quasi-static limit W_ref(1 K/s) vs 0; the centre shift for Δc = 0.25 vs (dT_t/dc) Δc = −5 K.
 * Tolerances: 4 standard errors of each crossing temperature, se = sqrt(φ(1−φ)/N)/|dφ/dT| at the
 * crossing (N = trials × grains), combined in quadrature for W and the centre, plus the 0.02 K
 * sampling of the branches. */
#include "common.h"
#include "../phase_case.h"

enum { NG = 16, NT = 64 };

typedef struct loop { double up, down, se_up, se_down; } loop;

static void params(ms_phase_params *p)
{
    ms_phase_params_default(p);
    p->n_grains = NG;
    p->e_b = 0.3 * PH_EV;
    p->dtt_dc = -20;
}

/* Triangle T_lo -> T_hi -> T_lo at rate r. */
static void sweep_drive(ms_phase_drive *d, double t_lo, double t_hi, double r)
{
    memset(d, 0, sizeof *d);
    d->current.kind = d->field.kind = MS_WAVE_DC;
    d->prescribed = 1;
    d->temperature.kind = MS_WAVE_TABLE;
    d->temperature.n_table = 3;
    const double t1 = (t_hi - t_lo) / r;
    d->temperature.table_t[0] = 0, d->temperature.table_v[0] = t_lo;
    d->temperature.table_t[1] = t1, d->temperature.table_v[1] = t_hi;
    d->temperature.table_t[2] = 2 * t1, d->temperature.table_v[2] = t_lo;
}

/* Crossing of 1/2 between samples (T0, f0) and (T1, f1); slope for the standard error. */
static int cross(double t0, double f0, double t1, double f1, double *tc, double *slope)
{
    if ((f0 - 0.5) * (f1 - 0.5) > 0 || f0 == f1)
        return 0;
    *tc = t0 + (0.5 - f0) * (t1 - t0) / (f1 - f0);
    *slope = fabs((f1 - f0) / (t1 - t0));
    return 1;
}

/* Simulated loop: samples every dT = 0.02 K. */
static int simulate(const ms_phase_params *p, double c, double t_lo, double t_hi, double r, uint64_t seed, loop *l)
{
    ms_ctx ctx = ph_ctx(seed);
    ms_phase_drive d;
    sweep_drive(&d, t_lo, t_hi, r);
    ms_phase_batch *b;
    ms_error err;
    if (ms_phase_batch_create(&b, p, NT, &ctx, &err) || ms_phase_batch_reset(b, &d, c, 0, 0, &err)) {
        printf("error: %s\n", err.message);
        return 1;
    }
    const double dtemp = 0.02, n_tot = (double)NG * NT;
    const int ns = (int)round((t_hi - t_lo) / dtemp);
    double prev_t = t_lo, prev_f = 0;
    int up = 0, down = 0;
    for (int k = 1; k <= 2 * ns; k++) {
        if (ms_phase_batch_run(b, &d, k * dtemp / r, 0, &err)) {
            printf("error: %s\n", err.message);
            return 1;
        }
        const double temp = k <= ns ? t_lo + k * dtemp : t_hi - (k - ns) * dtemp, f = ms_phase_batch_mean_phi(b);
        double tc, s;
        if (k <= ns && !up && cross(prev_t, prev_f, temp, f, &tc, &s)) {
            up = 1, l->up = tc, l->se_up = sqrt(0.25 / n_tot) / s;
        } else if (k > ns && !down && cross(prev_t, prev_f, temp, f, &tc, &s)) {
            down = 1, l->down = tc, l->se_down = sqrt(0.25 / n_tot) / s;
        }
        prev_t = temp, prev_f = f;
    }
    ms_phase_batch_destroy(b);
    if (!up || !down) {
        printf("error: the loop did not cross phi = 1/2 on both branches (rate %g K/s)\n", r);
        return 1;
    }
    return 0;
}

/* Master-equation loop of the same sweep. */
static void reference(const ms_phase_params *p, double c, double t_lo, double t_hi, double r, loop *l)
{
    const double h = 1e-4;
    const int ns = (int)round((t_hi - t_lo) / h);
    double phi = 0, prev = 0;
    int up = 0, down = 0;
    for (int k = 1; k <= 2 * ns; k++) {
        const double tm = k <= ns ? t_lo + (k - 0.5) * h : t_hi - (k - ns - 0.5) * h;
        double ku, kd;
        ms_phase_rates(p, 0.5 * ms_phase_delta_f(p, tm, 0, c) * p->grain_volume, tm, &ku, &kd);
        const double lam = ku + kd, eq = ku / lam;
        phi = eq + (phi - eq) * exp(-lam * h / r);
        const double temp = k <= ns ? t_lo + k * h : t_hi - (k - ns) * h;
        double tc, s;
        if (k <= ns && !up && cross(temp - h, prev, temp, phi, &tc, &s))
            up = 1, l->up = tc;
        else if (k > ns && !down && cross(temp + h, prev, temp, phi, &tc, &s))
            down = 1, l->down = tc;
        prev = phi;
    }
}

int main(void)
{
    ms_phase_params p;
    params(&p);
    const double tt = p.t_t0, rates[4] = {3e7, 3e6, 3e5, 3e4};
    double w_sim[4];
    int fails = 0;
    loop mid = {0};
    for (int k = 0; k < 4; k++) {
        loop s = {0}, r = {0};
        const double half = 4.0 - 0.7 * k;
        if (simulate(&p, 0, tt - half, tt + half, rates[k], 100 + (uint64_t)k, &s))
            return 1;
        reference(&p, 0, tt - half, tt + half, rates[k], &r);
        w_sim[k] = s.up - s.down;
        const double tol = 4 * hypot(s.se_up, s.se_down) + 0.02;
        char name[64];
        snprintf(name, sizeof name, "phase/hysteresis_width_r%.0e", rates[k]);
        fails += ms_validate_report(name, w_sim[k], r.up - r.down, tol);
        if (k == 1)
            mid = s;
    }
    fails += ms_validate_report("phase/hysteresis_shrinks_with_rate",
                                w_sim[0] > w_sim[1] && w_sim[1] > w_sim[2] && w_sim[2] > w_sim[3], 1, 0);
    loop qs = {0};
    reference(&p, 0, tt - 3, tt + 3, 1.0, &qs);
    fails += ms_validate_report("phase/hysteresis_width_quasistatic_1K_per_s", qs.up - qs.down, 0, 0.01);
    loop sh = {0};
    if (simulate(&p, 0.25, tt - 10, tt + 1, rates[1], 101, &sh))
        return 1;
    const double shift = 0.5 * (sh.up + sh.down) - 0.5 * (mid.up + mid.down);
    loop r_mid = {0}, r_sh = {0};
    reference(&p, 0, tt - 3.3, tt + 3.3, rates[1], &r_mid);
    reference(&p, 0.25, tt - 10, tt + 1, rates[1], &r_sh);
    printf("phase/hysteresis: master-equation centre shift of the same two sweeps %.4f K (vs (dT_t/dc) dc = %.4f K)\n",
           0.5 * (r_sh.up + r_sh.down) - 0.5 * (r_mid.up + r_mid.down), p.dtt_dc * 0.25);
    const double tol = 4 * 0.5 * sqrt(sh.se_up * sh.se_up + sh.se_down * sh.se_down + mid.se_up * mid.se_up +
                                      mid.se_down * mid.se_down) + 0.02;
    fails += ms_validate_report("phase/hysteresis_shift_dc0.25_K", shift, p.dtt_dc * 0.25, tol);
    return fails;
}
