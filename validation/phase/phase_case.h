/* phase_case.h — helpers shared by the validation/phase cases: a context, a constant or
 * piecewise-linear prescribed temperature drive, fast independent-grain parameters. */
#ifndef METASPIN_VALIDATION_PHASE_CASE_H
#define METASPIN_VALIDATION_PHASE_CASE_H

#include <math.h>
#include <string.h>
#include <gsl/gsl_const_mksa.h>
#include "metaspin/phase.h"

#define PH_KB GSL_CONST_MKSA_BOLTZMANN
#define PH_EV GSL_CONST_MKSA_ELECTRON_VOLT

static inline ms_ctx ph_ctx(uint64_t seed)
{
    ms_ctx c;
    memset(&c, 0, sizeof c);
    c.seed = seed;
    c.threads = 2;
    return c;
}

static inline void ph_drive_const(ms_phase_drive *d, double temp)
{
    memset(d, 0, sizeof *d);
    d->current.kind = d->field.kind = MS_WAVE_DC;
    d->prescribed = 1;
    d->temperature.kind = MS_WAVE_DC;
    d->temperature.amplitude = temp;
}

/* Temperature at which ΔF V_g/(kB T) = a (c = 0, H = 0, no spread). */
static inline double ph_temp_for(const ms_phase_params *p, double a)
{
    const double s = p->ds_v * p->grain_volume;
    return s * p->t_t0 / (s - a * PH_KB);
}

#endif
