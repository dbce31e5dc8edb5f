/* tablegen_device.c — the macrospin device of one table point: hidden state -> material
 * parameters, temperature, and the signed trapezoidal write pulse (tablegen.h for conventions).
 *
 * Hidden state h:
 *   ionics: θ through the ionics constitutive map (PHYSICS.md §3): Ms → φ Ms(θ), K_u1 → the volume
 *           constant K_u(θ) = (K_s,bottom + K_s,top(θ))/t_m + K_v, t_F and the disk thickness → t_m(θ),
 *           disk diameter → ionics.magnet.diameter, α → α(θ), exchange bias H_eb(θ) along u,
 *           SOT efficiency → θ_SH when the table drives SOT. The macrospin adds the shape term
 *           itself: K_eff = K_u − ½ μ0 Ms² (N_u − N_⊥).
 *   k_u:    K_u1 = h.
 *   delta:  K_u1 chosen so that K_eff V/(kB T_ref) = h at T_ref = table.delta_temperature; the
 *           state then has Δ(T) = h T_ref/T (K_eff is a material constant of the state).
 * Write pulse: trapezoid (delay, rise, plateau width, fall), signed so that a positive drive pushes
 * m toward +u; +a for to_plus, −a for to_minus; voltage drives are unsigned (VCMA is a toggle). */
#include <math.h>
#include <string.h>
#include <gsl/gsl_const_mksa.h>
#include "metaspin/table.h"
#include "metaspin/tablegen.h"

#define MU0 GSL_CONST_MKSA_VACUUM_PERMEABILITY
#define KB GSL_CONST_MKSA_BOLTZMANN

static void drives_off(ms_macrospin_device *d)
{
    ms_waveform *w[4] = {&d->h_wave, &d->j_wave, &d->j_sot_wave, &d->v_wave};
    for (int k = 0; k < 4; k++) {
        memset(w[k], 0, sizeof *w[k]);
        w[k]->kind = MS_WAVE_DC;
    }
}

int ms_tablegen_apply_ionics(const ms_ionics_model *m, double theta, double temperature, int use_sot,
                             ms_macrospin_device *d, ms_error *err)
{
    ms_ionics_magnetic mag;
    int status = ms_ionics_magnetic_params(m, theta, -1.0, temperature, &mag, err);
    if (status)
        return status;
    if (!(mag.phi * mag.ms > 0) || !(mag.t_m > 0))
        return MS_ERROR(err, MS_EINPUT, "ionics: coverage theta = %g is non-magnetic (phi Ms = %g A/m, t_m = %g m)",
                        theta, mag.phi * mag.ms, mag.t_m);
    d->ms = mag.phi * mag.ms;
    d->k_u1 = mag.k_u;
    d->t_free = mag.t_m;
    if (d->geometry == MS_GEOMETRY_DISK) {
        d->size[0] = d->size[1] = m->diameter;
        d->size[2] = mag.t_m;
    } else if (d->geometry != MS_GEOMETRY_GIVEN) {
        d->size[2] = mag.t_m;
    }
    d->alpha = mag.alpha;
    const double un = sqrt(d->axis[0] * d->axis[0] + d->axis[1] * d->axis[1] + d->axis[2] * d->axis[2]);
    for (int c = 0; c < 3; c++)
        d->h_eb[c] += mag.h_eb * d->axis[c] / un;
    if (use_sot)
        d->sot_theta = mag.xi;
    return MS_OK;
}

static int apply_delta(const ms_tablegen_spec *s, double delta, ms_macrospin_device *d, ms_error *err)
{
    int status = ms_macrospin_device_prepare(d, err);
    if (status)
        return status;
    const double *u = d->axis, *n = d->demag;
    const double n_u = u[0] * u[0] * n[0] + u[1] * u[1] * n[1] + u[2] * u[2] * n[2];
    const double n_perp = 0.5 * (n[0] + n[1] + n[2] - n_u);   /* as ms_macrospin_device_derive */
    const double k_eff = delta * KB * s->delta_temperature / d->volume;
    d->k_u1 = k_eff + 0.5 * MU0 * d->ms * d->ms * (n_u - n_perp);
    return MS_OK;
}

int ms_tablegen_device(const ms_tablegen_spec *s, size_t ih, double temperature, ms_macrospin_device *d,
                       ms_error *err)
{
    int status = MS_OK;
    *d = s->device;
    drives_off(d);
    d->temperature = temperature;
    switch (s->hidden) {
    case MS_TABLEGEN_HIDDEN_IONICS:
        MS_TRY(ms_tablegen_apply_ionics(&s->ionics, s->h[ih], temperature,
                                        s->kind == MS_TABLEGEN_CURRENT && s->use_sot, d, err));
        break;
    case MS_TABLEGEN_HIDDEN_K_U:
        d->k_u1 = s->h[ih];
        break;
    case MS_TABLEGEN_HIDDEN_DELTA:
        MS_TRY(apply_delta(s, s->h[ih], d, err));
        break;
    }
    MS_TRY(ms_macrospin_device_prepare(d, err));
fail:
    return status;
}

static double sign_along_axis(const double v[3], const double u[3])
{
    const double d = v[0] * u[0] + v[1] * u[1] + v[2] * u[2];
    return d < 0 ? -1.0 : 1.0;
}

int ms_tablegen_point_device(const ms_tablegen_spec *s, size_t p, ms_macrospin_device *d, ms_error *err)
{
    size_t ih, ia, iw, it;
    int dir;
    ms_tablegen_point_index(s, p, &ih, &ia, &iw, &it, &dir);
    int status = ms_tablegen_device(s, ih, s->temperature[it], d, err);
    if (status)
        return status;
    const double sgn = dir == MS_TABLE_TO_PLUS ? 1.0 : -1.0, a = s->amplitude[ia];
    ms_waveform w = {.kind = MS_WAVE_PULSE, .start = s->delay, .width = s->width[iw], .rise = s->rise,
                     .fall = s->fall};
    switch (s->kind) {
    case MS_TABLEGEN_CURRENT:
        if (s->use_sot) {
            w.amplitude = sgn * a * sign_along_axis(d->sot_sigma, d->axis);
            d->j_sot_wave = w;
        } else {
            w.amplitude = sgn * a * sign_along_axis(d->stt_p, d->axis);
            d->j_wave = w;
        }
        break;
    case MS_TABLEGEN_FIELD:
        w.amplitude = sgn * a;
        memcpy(d->h_dir, d->axis, sizeof d->h_dir);
        d->h_wave = w;
        break;
    case MS_TABLEGEN_VOLTAGE:
        w.amplitude = a;
        d->v_wave = w;
        break;
    }
    return ms_macrospin_device_prepare(d, err);
}

double ms_tablegen_device_area(const ms_macrospin_device *d)
{
    switch (d->geometry) {
    case MS_GEOMETRY_DISK:
        return M_PI * 0.25 * d->size[0] * d->size[0];
    case MS_GEOMETRY_ELLIPSE:
        return M_PI * 0.25 * d->size[0] * d->size[1];
    case MS_GEOMETRY_BOX:
        return d->size[0] * d->size[1];
    case MS_GEOMETRY_GIVEN:
        break;
    }
    return d->size[2] > 0 ? d->volume / d->size[2] : d->volume / d->t_free;
}

/* Energy of one trapezoidal pulse: ∫ f(t)² dt = a² (width + rise/3 + fall/3).
 *   current: E = J² A² R t_eff (Joule heating in the declared device resistance R),
 *   voltage: E = V² t_eff / R + C V², C = ε0 ε_r A / t_ox (leakage + charging the barrier). */
double ms_tablegen_write_energy(const ms_tablegen_spec *s, double a, double w)
{
    const double t2 = w + (s->rise + s->fall) / 3.0;
    ms_macrospin_device d; /* geometry of the first hidden state (ionics: its disk diameter) */
    ms_error e;
    if (ms_tablegen_device(s, 0, s->temperature[0], &d, &e))
        return NAN;
    const double area = s->area > 0 ? s->area : ms_tablegen_device_area(&d);
    switch (s->kind) {
    case MS_TABLEGEN_CURRENT:
        return s->resistance > 0 ? a * a * area * area * s->resistance * t2 : NAN;
    case MS_TABLEGEN_VOLTAGE: {
        const double c = GSL_CONST_MKSA_VACUUM_PERMITTIVITY * s->write_permittivity * area / d.vcma_t_ox;
        return (s->resistance > 0 ? a * a * t2 / s->resistance : 0.0) + c * a * a;
    }
    case MS_TABLEGEN_FIELD:
        break;
    }
    return NAN;
}
