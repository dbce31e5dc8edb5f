/* heating/case.c — the lumped thermal model C_th dT/dt = I² R − (T − T_bath)/R_th against
 * (1) the analytic solution for a rectangular pulse, T_bath + ΔT (1 − e^{−t/τ}) during and
 *     ΔT (1 − e^{−w/τ}) e^{−(t−t_end)/τ} after (ΔT = I² R R_th, τ = R_th C_th): largest relative
 *     deviation over 200 samples, tolerance 1e-9 (the integrator is exact for piecewise-constant I);
 * (2) a trapezoidal pulse with 0.5 ns rise and fall against a 4th-order Runge–Kutta solution with
 *     1 fs steps: largest deviation in K, tolerance 0.01 K (Gauss–Legendre-averaged power with steps
 *     ≤ τ/20 on the ramps: local error O((Δt/τ)² ΔT) summed over the ramps, ≈ 1e-3 K here). */
#include "common.h"
#include "../phase_case.h"

static double rhs(const ms_phase_drive *d, double t, double temp)
{
    const double i = ms_waveform_eval(&d->current, t);
    return (i * i * d->r_heat - (temp - d->t_bath) / d->r_th) / d->c_th;
}

static double rk4_to(const ms_phase_drive *d, double *t, double temp, double t_end)
{
    const double h0 = 1e-15;
    while (*t < t_end) {
        const double h = fmin(h0, t_end - *t);
        const double k1 = rhs(d, *t, temp), k2 = rhs(d, *t + h / 2, temp + h / 2 * k1);
        const double k3 = rhs(d, *t + h / 2, temp + h / 2 * k2), k4 = rhs(d, *t + h, temp + h * k3);
        temp += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
        *t += h;
    }
    return temp;
}

static int run(ms_phase_drive *d, int ramp, double dtemp, double *dev)
{
    ms_phase_params p;
    ms_phase_params_default(&p);
    p.dtemp_max = dtemp;
    ms_ctx ctx = ph_ctx(1);
    ms_phase_batch *b;
    ms_error err;
    if (ms_phase_batch_create(&b, &p, 1, &ctx, &err) || ms_phase_batch_reset(b, d, 0, 0, 0, &err))
        return 1;
    double t_rk = 0, temp_rk = d->t_bath;
    *dev = 0;
    for (int k = 1; k <= 200; k++) {
        const double t = 0.1e-9 * k;
        if (ms_phase_batch_run(b, d, t, 0, &err))
            return 1;
        const double temp = ms_phase_batch_temperature(b);
        if (ramp) {
            temp_rk = rk4_to(d, &t_rk, temp_rk, t);
            *dev = fmax(*dev, fabs(temp - temp_rk));
        } else {
            const double ref = ms_phase_rect_temperature(d, t);
            *dev = fmax(*dev, fabs(temp - ref) / ref);
        }
    }
    ms_phase_batch_destroy(b);
    return 0;
}

int main(void)
{
    ms_phase_drive d;
    memset(&d, 0, sizeof d);
    d.field.kind = MS_WAVE_DC;
    d.current = (ms_waveform){.kind = MS_WAVE_PULSE, .amplitude = 1e-3, .start = 1e-9, .width = 7e-9};
    d.t_bath = 300;
    d.r_heat = 100;
    d.r_th = 1e6;
    d.c_th = 1e-15;
    double dev;
    int fails = 0;
    if (run(&d, 0, 0.5, &dev))
        return 1;
    fails += ms_validate_report("phase/heating_rect_rel_dev", dev, 0, 1e-9);
    d.current.rise = d.current.fall = 0.5e-9;
    if (run(&d, 1, 0.5, &dev))
        return 1;
    fails += ms_validate_report("phase/heating_ramp_dev_K", dev, 0, 0.01);
    return fails;
}
