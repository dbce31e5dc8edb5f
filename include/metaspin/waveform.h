/* waveform.h — time dependence of a drive, shared by every solver (macrospin drives, the mesh's
 * applied field): DC, trapezoidal pulse with linear rise and fall, sine (zero before `start`),
 * piecewise-linear table. f(t) is in the unit of the driven quantity (A/m, A/m^2, V); solvers
 * evaluate it once per time point, outside their loops over trials or cells.
 * Implementation: src/core/waveform.c. */
#ifndef METASPIN_WAVEFORM_H
#define METASPIN_WAVEFORM_H

typedef enum ms_wave_kind {
    MS_WAVE_DC,     /* f(t) = amplitude */
    MS_WAVE_PULSE,  /* trapezoid: 0 before start, linear rise over `rise`, amplitude for `width`,
                       linear fall over `fall`, 0 afterwards (width = plateau duration) */
    MS_WAVE_SINE,   /* amplitude sin(2π frequency (t − start) + phase) for t >= start, else 0 */
    MS_WAVE_TABLE   /* piecewise linear through (times[k], values[k]); constant outside */
} ms_wave_kind;

enum { MS_WAVE_TABLE_MAX = 64 };

typedef struct ms_waveform {
    ms_wave_kind kind;
    double amplitude;  /* unit of the driven quantity (A/m, A/m^2, V) */
    double start;      /* s, pulse start (beginning of the rise), sine start */
    double width;      /* s, pulse plateau */
    double rise, fall; /* s, >= 0 */
    double frequency;  /* Hz (sine) */
    double phase;      /* rad (sine) */
    int n_table;       /* table points, <= MS_WAVE_TABLE_MAX, times strictly increasing */
    double table_t[MS_WAVE_TABLE_MAX], table_v[MS_WAVE_TABLE_MAX];
} ms_waveform;

double ms_waveform_eval(const ms_waveform *w, double t);
/* Largest |f(t)| over all t (for step-size checks). */
double ms_waveform_max_abs(const ms_waveform *w);

#endif
