/* heating.c — the write drive of a phase-coexistence dot (phase.h, docs/phase.md):
 *   lumped thermal model  C_th dT/dt = I(t)² R − (T − T_bath)/R_th,  τ_th = R_th C_th,
 *   integrated per step exactly for the Joule power held at its step average:
 *   T(t0 + s) = T_ss + (T(t0) − T_ss) e^{−s/τ_th}, T_ss = T_bath + ⟨I²⟩ R R_th, ⟨I²⟩ by two-point
 *   Gauss–Legendre quadrature (exact for the linear rise and fall, since steps never straddle a pulse corner); exact for
 *   rectangular pulses, and the solver keeps steps on a ramp ≤ τ_th/20 (ms_phase_drive_max_step);
 *   or a prescribed piecewise-linear T(t); the field H(t) = pulse(t) + bias enters through
 *   μ0 Ms |H| (the FM moment aligns with the field, so only |H| matters).
 * I(t), H(t) and the prescribed T(t) are shared ms_waveform objects (waveform.h). */
#include <math.h>
#include "metaspin/phase.h"

static double steady(const ms_phase_drive *d, double t)
{
    const double i = ms_waveform_eval(&d->current, t);
    return d->t_bath + i * i * d->r_heat * d->r_th;
}

/* T_bath + ⟨I²⟩ R R_th over [a, b] by two-point Gauss–Legendre quadrature: exact for I linear in
 * t, and its nodes are interior (a pulse corner at a step end does not enter). */
static double steady_avg(const ms_phase_drive *d, double a, double b)
{
    const double m = 0.5 * (a + b), h = 0.5 * (b - a) / sqrt(3.0);
    const double i0 = ms_waveform_eval(&d->current, m - h), i1 = ms_waveform_eval(&d->current, m + h);
    return d->t_bath + 0.5 * (i0 * i0 + i1 * i1) * d->r_heat * d->r_th;
}

double ms_phase_drive_max_step(const ms_phase_drive *d, double t0, double t1)
{
    if (d->prescribed || ms_waveform_eval(&d->current, t0) == ms_waveform_eval(&d->current, t1))
        return INFINITY;
    return 0.05 * d->r_th * d->c_th;
}

double ms_phase_drive_temperature0(const ms_phase_drive *d, double t0)
{
    return d->prescribed ? ms_waveform_eval(&d->temperature, t0) : steady(d, t0);
}

void ms_phase_drive_step(const ms_phase_drive *d, double t0, double temp0, double t1, double *temp_mid,
                         double *field_mid, double *temp1)
{
    const double tm = 0.5 * (t0 + t1);
    *field_mid = fabs(ms_waveform_eval(&d->field, tm) + d->h_bias);
    if (d->prescribed) {
        *temp_mid = ms_waveform_eval(&d->temperature, tm);
        *temp1 = ms_waveform_eval(&d->temperature, t1);
        return;
    }
    const double tss = steady_avg(d, t0, t1), tau = d->r_th * d->c_th;
    *temp_mid = tss + (temp0 - tss) * exp(-(tm - t0) / tau);
    *temp1 = tss + (temp0 - tss) * exp(-(t1 - t0) / tau);
}

static double wave_next(const ms_waveform *w, double t)
{
    double next = INFINITY;
    if (w->kind == MS_WAVE_PULSE) {
        const double c[4] = {w->start, w->start + w->rise, w->start + w->rise + w->width,
                             w->start + w->rise + w->width + w->fall};
        for (int k = 0; k < 4; k++)
            if (c[k] > t && c[k] < next)
                next = c[k];
    } else if (w->kind == MS_WAVE_TABLE) {
        for (int k = 0; k < w->n_table; k++)
            if (w->table_t[k] > t) {
                next = w->table_t[k];
                break;
            }
    }
    return next;
}

double ms_phase_drive_next_edge(const ms_phase_drive *d, double t)
{
    double e = fmin(wave_next(&d->current, t), wave_next(&d->field, t));
    return d->prescribed ? fmin(e, wave_next(&d->temperature, t)) : e;
}

double ms_phase_rect_temperature(const ms_phase_drive *d, double t)
{
    const ms_waveform *w = &d->current;
    const double tau = d->r_th * d->c_th, dt = w->amplitude * w->amplitude * d->r_heat * d->r_th;
    const double ts = w->start, te = w->start + w->width;
    if (t <= ts)
        return d->t_bath;
    if (t <= te)
        return d->t_bath + dt * (-expm1(-(t - ts) / tau));
    return d->t_bath + dt * (-expm1(-(te - ts) / tau)) * exp(-(t - te) / tau);
}
