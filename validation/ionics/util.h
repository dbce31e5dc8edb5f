/* util.h — helpers shared by the ionics validation cases (not a case itself). */
#ifndef METASPIN_VALIDATION_IONICS_UTIL_H
#define METASPIN_VALIDATION_IONICS_UTIL_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <gsl/gsl_const_mksa.h>
#include "metaspin/ionics.h"

#define VAL_KB GSL_CONST_MKSA_BOLTZMANN
#define VAL_EV GSL_CONST_MKSA_ELECTRON_VOLT

/* Time for θ to first reach `target` from the model's initial state under DC gate voltages vs[i]
 * (one column each) at temperature T; geometric steps (2 % of elapsed time), log-interpolated. */
static inline int val_cross_times(const ms_ionics_model *m, const double *vs, size_t n, double temperature,
                                  double target, double *t_out)
{
    ms_ionics_state *s = NULL;
    ms_error err = {0};
    if (ms_ionics_state_create(&s, m, n, &err)) {
        fprintf(stderr, "%s\n", err.message);
        return -1;
    }
    for (size_t i = 0; i < n; ++i) {
        s->v_scale[i] = vs[i];
        t_out[i] = NAN;
    }
    double *prev = malloc(n * sizeof *prev);
    const double t_min = 1e-6 / (ms_ionics_hop_rate(m, temperature) * 1e3);
    size_t left = n;
    while (left && s->t < 1e13) {
        for (size_t i = 0; i < n; ++i)
            prev[i] = ms_ionics_theta(s, m, i);
        const double t0 = s->t, dt = fmax(0.02 * s->t, t_min);
        if (ms_ionics_step(s, m, dt, 1.0, temperature, &err)) {
            fprintf(stderr, "%s\n", err.message);
            break;
        }
        for (size_t i = 0; i < n; ++i) {
            const double th = ms_ionics_theta(s, m, i);
            if (isnan(t_out[i]) && th >= target) {
                const double f = (target - prev[i]) / (th - prev[i]);
                t_out[i] = t0 > 0 ? exp(log(t0) + f * (log(s->t) - log(t0))) : f * s->t;
                --left;
            }
        }
    }
    free(prev);
    ms_ionics_state_destroy(s);
    return left ? -1 : 0;
}

/* Least-squares slope of y against x. */
static inline double val_slope(const double *x, const double *y, size_t n)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (size_t i = 0; i < n; ++i) {
        sx += x[i];
        sy += y[i];
        sxx += x[i] * x[i];
        sxy += x[i] * y[i];
    }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

#endif
