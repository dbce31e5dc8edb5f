/* fit_internal.h — shared between the fit*.c files only: the model evaluation with a one-entry
 * cache of the brown model's first-passage time (it depends on Δ, i and τ_D but not on the pulse
 * width, so consecutive points of one curve reuse it). A cache belongs to one thread. */
#ifndef METASPIN_FIT_INTERNAL_H
#define METASPIN_FIT_INTERNAL_H

#include "metaspin/fit.h"

typedef struct ms_fit_cache { double delta, i, tau_d, t; } ms_fit_cache;

/* ms_fit_model_pq with an optional cache (NULL = none); an empty cache has delta = NAN. */
void ms_fit_model_pq_cached(ms_fit_model m, const double value[MS_FIT_NPAR],
                            const ms_fit_options *o, double width, double amplitude,
                            double temperature, double *p, double *q, double *ratio,
                            ms_fit_cache *cache);

#endif
