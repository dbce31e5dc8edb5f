/* waveform.c — gate-voltage and temperature waveforms f(t): DC, one rectangular pulse, a pulse
 * train (count pulses of `width` every `period` from `delay`), or piecewise-linear through points
 * (t_i, v_i), held constant before the first and after the last. Pulses are on for
 * delay + j·period <= t < delay + j·period + width. The stepper never straddles an edge
 * (ms_ionics_wave_next_edge), so backward Euler sees each pulse's exact width. */
#include <math.h>
#include "metaspin/ionics.h"

static int pulse_index_on(const ms_ionics_wave *w, double t)
{
    if (t < w->delay)
        return 0;
    const long n = w->shape == MS_IONICS_WAVE_TRAIN ? w->count : 1;
    const double per = w->shape == MS_IONICS_WAVE_TRAIN ? w->period : INFINITY;
    const double j = isfinite(per) ? floor((t - w->delay) / per) : 0.0;
    if (j >= (double)n)
        return 0;
    const double start = w->delay + j * (isfinite(per) ? per : 0.0);
    return t < start + w->width;
}

double ms_ionics_wave_value(const ms_ionics_wave *w, double t)
{
    switch (w->shape) {
    case MS_IONICS_WAVE_DC:
        return w->on;
    case MS_IONICS_WAVE_PULSE:
    case MS_IONICS_WAVE_TRAIN:
        return pulse_index_on(w, t) ? w->on : w->off;
    case MS_IONICS_WAVE_PWL:
        if (w->n == 0)
            return w->on;
        if (t <= w->t[0])
            return w->v[0];
        for (size_t i = 1; i < w->n; ++i)
            if (t < w->t[i]) {
                const double f = (t - w->t[i - 1]) / (w->t[i] - w->t[i - 1]);
                return w->v[i - 1] + f * (w->v[i] - w->v[i - 1]);
            }
        return w->v[w->n - 1];
    }
    return w->on;
}

static double next_pulse_edge(const ms_ionics_wave *w, double t)
{
    const long n = w->shape == MS_IONICS_WAVE_TRAIN ? w->count : 1;
    const double per = w->shape == MS_IONICS_WAVE_TRAIN ? w->period : 0.0;
    double j = per > 0.0 && t > w->delay ? floor((t - w->delay) / per) : 0.0;
    if (j < 0.0)
        j = 0.0;
    for (; j < (double)n; j += 1.0) {
        const double start = w->delay + j * per;
        if (start > t)
            return start;
        if (start + w->width > t)
            return start + w->width;
    }
    return INFINITY;
}

double ms_ionics_wave_next_edge(const ms_ionics_wave *w, double t)
{
    switch (w->shape) {
    case MS_IONICS_WAVE_DC:
        return INFINITY;
    case MS_IONICS_WAVE_PULSE:
    case MS_IONICS_WAVE_TRAIN:
        return next_pulse_edge(w, t);
    case MS_IONICS_WAVE_PWL:
        for (size_t i = 0; i < w->n; ++i)
            if (w->t[i] > t)
                return w->t[i];
        return INFINITY;
    }
    return INFINITY;
}
