/* conservation — ions are conserved to 1e-12 relative over long runs with blocking boundaries:
 * 64 columns, reactive interface with over-oxidation and site blocking, gate pulses alternating
 * between |β| = 10 toward and away from the FM, 20000 backward-Euler steps of mixed size. */
#include "common.h"
#include "../util.h"

int main(void)
{
    ms_ionics_model m;
    ms_ionics_model_default(&m);
    m.c_max = 5e27;
    m.c0 = 1e27;
    ms_ionics_state *s = NULL;
    ms_error err = {0};
    if (ms_ionics_state_create(&s, &m, 64, &err))
        return fprintf(stderr, "%s\n", err.message), 1;
    for (size_t c = 0; c < 64; ++c)
        s->v_scale[c] = 0.5 + 2.5 * (double)c / 63.0;
    double *before = malloc(64 * sizeof *before);
    for (size_t c = 0; c < 64; ++c)
        before[c] = ms_ionics_inventory(s, c);
    for (int i = 0; i < 20000 && !err.code; ++i)
        ms_ionics_step(s, &m, (i % 7 + 1) * 0.5, (i / 500) % 2 ? -4.0 : 4.0, 300.0 + 50.0 * (i % 3), &err);
    double worst = 0.0;
    for (size_t c = 0; c < 64; ++c)
        worst = fmax(worst, fabs(ms_ionics_inventory(s, c) - before[c]) / before[c]);
    free(before);
    ms_ionics_state_destroy(s);
    if (err.code)
        return fprintf(stderr, "%s\n", err.message), 1;
    return ms_validate_report("ionics/conservation", worst, 0.0, 1e-12);
}
