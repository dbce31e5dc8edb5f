/* validation/models/brown_limit — the exact mean first-passage time (ms_model_mfpt, GSL quadrature
 * with the Dawson-function inner integral) against two analytic limits:
 *   1. free diffusion (σ = 0): T = 2 τ_N ln((1 + x0)/(1 + x_b)) (first-passage integral with
 *      e^{βV} = 1; PHYSICS.md §1), relative tolerance 1e-9 (quadrature accuracy);
 *   2. high barrier: T·Γ_Brown → 1 as 1 + c/σ (Brown, Phys. Rev. 130, 1677 (1963); Coffey &
 *      Kalmykov, J. Appl. Phys. 112, 121301 (2012)) for escape from m_z = +1 past the saddle to
 *      x_b = −0.5, at h = 0 and h = −0.2 (the +1 well antiparallel to the field), σ = 5 … 160.
 *      Reported: T·Γ with reference 1 and tolerance 2/σ (the O(1/σ) correction stated in PHYSICS.md
 *      §1 is about 1/σ at h = 0 and 1.5/σ at |h| = 0.2). */
#include <math.h>
#include <stdio.h>
#include "common.h"
#include "metaspin/models.h"

int main(void)
{
    int failed = 0;
    ms_error err = {0};
    double t;
    ms_model_mfpt_tau_n(0, 0, 1e-9, 1, -0.5, &t, &err);
    failed += ms_validate_report("models/brown_limit/free_diffusion_1_to_-0.5", t / 1e-9,
                                 2 * log(2 / 0.5), 1e-9 * 2 * log(4));
    ms_model_mfpt_tau_n(0, 0.4, 1e-9, 0.7, 0.1, &t, &err);
    failed += ms_validate_report("models/brown_limit/free_diffusion_0.7_to_0.1", t / 1e-9,
                                 2 * log(1.7 / 1.1), 1e-9 * 2 * log(1.7 / 1.1));
    const double hs[2] = {0, -0.2};
    for (int j = 0; j < 2; j++)
        for (double s = 5; s <= 160; s *= 2) {
            char name[96];
            snprintf(name, sizeof name, "models/brown_limit/mfpt_times_rate_h%+.1f_sigma%g", hs[j], s);
            int status = ms_model_mfpt(s, hs[j], 1e-10, 1, -0.5, &t, &err);
            const double ratio = status == MS_OK ? t * ms_model_brown_rate(s, -hs[j], 1e-10) : NAN;
            failed += ms_validate_report(name, ratio, 1, 2 / s);
        }
    return failed;
}
