/* interface.h — private: scalar interface solve of the transport step (interface.c). */
#ifndef METASPIN_IONICS_INTERFACE_H
#define METASPIN_IONICS_INTERFACE_H

#include "metaspin/ionics.h"

typedef struct ms_ionics_iface {
    double old0;   /* σ_0 at the start of the step */
    double diag0;  /* 1 + c_r + dt λ */
    double cr, cc; /* dt × release and capture prefactors */
    double e1, r;  /* site-1 elimination: σ_1 (e1 + cc g) = r + cr σ_0 */
} ms_ionics_iface;

/* σ_0 at the end of the step (root of F in [0, σ_hi]); guess may be any value. */
double ms_ionics_iface_solve(const ms_ionics_model *m, const ms_ionics_iface *f, double guess);

#endif
