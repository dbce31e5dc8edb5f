/* interface.c — the reactive FM interface row, solved exactly inside each transport step.
 *
 * After the oxide rows 2..N are eliminated (transport.c), site 1 obeys
 *   σ_1 (e_1 + c_c g(θ)) = R + c_r σ_0,
 * and the interface row is
 *   σ_0 (1 + c_r + dt λ) = old_0 + c_c g(θ) σ_1,   θ = σ_0/n_s,
 * with c_r = dt Γ e^{−ΔG/kT} e+ (release), c_c = dt Γ e− (capture), g(θ) the Langmuir +
 * over-oxidation capture factor (field.c), λ the sink rate. Eliminating σ_1 leaves one scalar
 * equation F(σ_0) = 0 with F(0) <= 0 < F(σ_hi), σ_hi = (old_0 + R)/(1 + dt λ) (+1 ulp margin),
 * solved by Newton safeguarded with bisection, so a saturating monolayer (g → 0 at θ = 1, a kink)
 * never overshoots whatever the step. */
#include <math.h>
#include "metaspin/ionics.h"
#include "interface.h"

static double residual(const ms_ionics_model *m, const ms_ionics_iface *f, double s0, double *deriv)
{
    const double theta = s0 / m->n_s, g = ms_ionics_capture(m, theta), dg = ms_ionics_capture_slope(m, theta) / m->n_s;
    const double den = f->e1 + f->cc * g, s1 = (f->r + f->cr * s0) / den;
    const double ds1 = (f->cr * den - (f->r + f->cr * s0) * f->cc * dg) / (den * den);
    *deriv = f->diag0 - f->cc * (dg * s1 + g * ds1);
    return s0 * f->diag0 - f->old0 - f->cc * g * s1;
}

double ms_ionics_iface_solve(const ms_ionics_model *m, const ms_ionics_iface *f, double guess)
{
    double lo = 0.0, hi = (f->old0 + f->r) / (f->diag0 - f->cr) * (1.0 + 1e-12) + 1e-300;
    double x = guess > lo && guess < hi ? guess : 0.5 * (lo + hi);
    for (int it = 0; it < 200; ++it) {
        double d;
        const double fx = residual(m, f, x, &d);
        if (fx > 0.0)
            hi = x;
        else
            lo = x;
        if (d > 0.0 && fabs(fx / d) <= 1e-14 * hi)
            return x;   /* converged; conservation does not depend on this tolerance (transport.c) */
        double next = d > 0.0 ? x - fx / d : 0.5 * (lo + hi);
        if (!(next > lo && next < hi))
            next = 0.5 * (lo + hi);
        if (hi - lo <= 1e-14 * hi)
            return next;
        x = next;
    }
    return x;
}
