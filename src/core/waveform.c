/* waveform.c — time dependence of the drives (applied fields, current densities, gate voltage):
 * DC, trapezoidal pulse with linear rise and fall, sine, piecewise-linear table (waveform.h).
 * Evaluated once per time point outside the trial or cell loops (the same drive acts on all). */
#include <math.h>
#include "metaspin/waveform.h"

static double wave_pulse(const ms_waveform *w, double t)
{
    const double t0 = w->start, t1 = t0 + w->rise, t2 = t1 + w->width, t3 = t2 + w->fall;
    if (t < t0 || t >= t3)
        return 0.0;
    if (t < t1)
        return w->amplitude * (t - t0) / w->rise;
    if (t < t2)
        return w->amplitude;
    return w->amplitude * (t3 - t) / w->fall;
}

static double wave_table(const ms_waveform *w, double t)
{
    const int n = w->n_table;
    if (n <= 0)
        return 0.0;
    if (t <= w->table_t[0])
        return w->table_v[0];
    if (t >= w->table_t[n - 1])
        return w->table_v[n - 1];
    int lo = 0, hi = n - 1;
    while (hi - lo > 1) {
        const int mid = (lo + hi) / 2;
        if (w->table_t[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    const double f = (t - w->table_t[lo]) / (w->table_t[hi] - w->table_t[lo]);
    return w->table_v[lo] + f * (w->table_v[hi] - w->table_v[lo]);
}

double ms_waveform_eval(const ms_waveform *w, double t)
{
    switch (w->kind) {
    case MS_WAVE_DC:
        return w->amplitude;
    case MS_WAVE_PULSE:
        return wave_pulse(w, t);
    case MS_WAVE_SINE:
        return t >= w->start ? w->amplitude * sin(2.0 * M_PI * w->frequency * (t - w->start) + w->phase) : 0.0;
    case MS_WAVE_TABLE:
        return wave_table(w, t);
    }
    return 0.0;
}

double ms_waveform_max_abs(const ms_waveform *w)
{
    if (w->kind != MS_WAVE_TABLE)
        return fabs(w->amplitude);
    double m = 0.0;
    for (int k = 0; k < w->n_table; k++)
        m = fmax(m, fabs(w->table_v[k]));
    return m;
}
