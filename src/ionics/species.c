/* species.c — built-in mobile ion species and the microscopic rates of the hopping model.
 *
 * Rates (PHYSICS.md §3): hop rate Γ = ν0 exp(−E_a/kB T) (1/s); field asymmetry
 * β = z e a E_z/(2 kB T) with E_z the field component from the FM toward the gate
 * (E_z = −V_ox/t_ox, V_G = φ_gate − φ_FM). Built-in values are mid-range fit parameters from the
 * PHYSICS.md table (GdOx/HfO2/ZrO2 oxygen, hydrated GdOx/YSZ protons, CoN/FeN nitrogen), not
 * constants of nature: configs override every field. */
#include <math.h>
#include <string.h>
#include <gsl/gsl_const_mksa.h>
#include "metaspin/ionics.h"

static const double EV = GSL_CONST_MKSA_ELECTRON_VOLT;

int ms_ionics_species_builtin(const char *name, ms_ionics_species *out, ms_error *err)
{
    static const struct { const char *name; int z; double a, nu0, ea_ev; } table[] = {
        {"oxygen", -2, 0.30e-9, 1e13, 0.80},   /* O²⁻ in GdOx: 10²–10³ s at 2 V over 30 nm */
        {"hydrogen", +1, 0.30e-9, 1e13, 0.50}, /* H⁺ in hydrated GdOx / YSZ */
        {"nitrogen", -3, 0.30e-9, 1e13, 0.90}, /* N³⁻ in CoN (higher barrier) */
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; ++i) {
        if (strcmp(name, table[i].name) != 0)
            continue;
        memset(out, 0, sizeof *out);
        strncpy(out->name, table[i].name, sizeof out->name - 1);
        out->charge = table[i].z;
        out->hop = table[i].a;
        out->nu0 = table[i].nu0;
        out->barrier = table[i].ea_ev * EV;
        return MS_OK;
    }
    return MS_ERROR(err, MS_EINPUT, "ionics: unknown species \"%s\" (oxygen, hydrogen, nitrogen or custom)", name);
}

double ms_ionics_hop_rate(const ms_ionics_model *m, double temperature)
{
    return m->sp.nu0 * exp(-m->sp.barrier / (GSL_CONST_MKSA_BOLTZMANN * temperature));
}

double ms_ionics_beta(const ms_ionics_model *m, double e_z, double temperature)
{
    return m->sp.charge * GSL_CONST_MKSA_ELECTRON_CHARGE * m->sp.hop * e_z
         / (2.0 * GSL_CONST_MKSA_BOLTZMANN * temperature);
}

double ms_ionics_retention_intrinsic(const ms_ionics_model *m, double temperature)
{
    return exp((m->sp.barrier + m->binding) / (GSL_CONST_MKSA_BOLTZMANN * temperature)) / m->sp.nu0;
}

int ms_ionics_sites(const ms_ionics_model *m)
{
    const double n = floor(m->thickness / m->sp.hop + 0.5);
    return n < 1.0 ? 1 : (int)n;
}
