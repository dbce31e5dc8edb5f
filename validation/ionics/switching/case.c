/* switching — gate-voltage and temperature dependence of the switching time (PHYSICS.md §3).
 * Switching time t_sw: first time the interface coverage reaches 0.5 ML, from θ = 0 with a uniform
 * mobile O²⁻ density, under a DC gate voltage (full transport + reactive interface).
 *  1. sinh regime (|β| = 3.5–7): log10 t_sw is linear in V with the analytic slope
 *     |z| e a/(2 kB T t_ox ln 10) decades per volt (design relation ln t = const + E_a/kT − |z|eaV/2kTt_ox);
 *  2. V = 0 (diffusion-limited): the Arrhenius slope d ln t_sw/d(1/kT) returns E_a. */
#include "common.h"
#include "../util.h"

static void device(ms_ionics_model *m)
{
    ms_ionics_model_default(m);
    m->thickness = 5e-9;
    m->c0 = 5e27;
    m->overox = 0;
    m->binding = 0.6 * VAL_EV;   /* negligible release during the switch */
}

static int voltage_slope(void)
{
    ms_ionics_model m;
    device(&m);
    const double temperature = 300.0;
    enum { NV = 7 };
    double v[NV], t[NV], lt[NV];
    for (int i = 0; i < NV; ++i)
        v[i] = -1.5 - 0.25 * i;
    if (val_cross_times(&m, v, NV, temperature, 0.5, t))
        return 1;
    double av[NV];
    for (int i = 0; i < NV; ++i) {
        lt[i] = log10(t[i]);
        av[i] = fabs(v[i]);
        printf("# V = %5.2f V  t_sw = %.4g s\n", v[i], t[i]);
    }
    const double slope = -val_slope(av, lt, NV);
    const double ref = abs(m.sp.charge) * GSL_CONST_MKSA_ELECTRON_CHARGE * m.sp.hop
                     / (2.0 * VAL_KB * temperature * m.thickness * log(10.0));
    double worst = 0.0, mean_v = 0.0, mean_l = 0.0;
    for (int i = 0; i < NV; ++i) {
        mean_v += av[i] / NV;
        mean_l += lt[i] / NV;
    }
    for (int i = 0; i < NV; ++i)
        worst = fmax(worst, fabs(lt[i] - (mean_l - slope * (av[i] - mean_v))));
    int fail = ms_validate_report("ionics/switching/decades_per_volt", slope, ref, 0.005 * ref);
    fail += ms_validate_report("ionics/switching/loglinear_max_residual_decades", worst, 0.0, 0.01);
    return fail;
}

static int arrhenius(void)
{
    ms_ionics_model m;
    device(&m);
    enum { NT = 5 };
    double x[NT], y[NT];
    for (int i = 0; i < NT; ++i) {
        const double temperature = 280.0 + 20.0 * i, zero = 0.0;
        double t;
        if (val_cross_times(&m, &zero, 1, temperature, 0.5, &t))
            return 1;
        x[i] = 1.0 / (VAL_KB * temperature);
        y[i] = log(t);
    }
    return ms_validate_report("ionics/switching/arrhenius_Ea_eV", val_slope(x, y, NT) / VAL_EV,
                              m.sp.barrier / VAL_EV, 0.005);
}

int main(void)
{
    return voltage_slope() + arrhenius();
}
