/* device.c — the macrospin device description: defaults, preparation (directions normalised,
 * demag factors and volume from the geometry) and derived scales.
 *
 * Derived quantities (PHYSICS.md §1), u = easy axis, N_u = u·N·u, N_⊥ = (tr N − N_u)/2:
 *   K_eff = K_u1 − ½ μ0 Ms² (N_u − N_⊥),  H_k = 2 K_eff/(μ0 Ms),  Δ = K_eff V/(kB T),
 *   τ_D = (1+α²)/(α γ0 H_k),  J_c0 = 4 e α K_eff t_F/(ħ η)  (a_J(J_c0) = α H_k).
 * The numeric defaults here mirror the defaults of the key table in keys.c (tested). */
#include <gsl/gsl_const_mksa.h>
#include <math.h>
#include <string.h>
#include "metaspin/llg.h"
#include "metaspin/macrospin.h"

static void vec_set(double v[3], double x, double y, double z)
{
    v[0] = x;
    v[1] = y;
    v[2] = z;
}

static void wave_zero(ms_waveform *w)
{
    memset(w, 0, sizeof *w);
    w->kind = MS_WAVE_DC;
}

void ms_macrospin_device_init(ms_macrospin_device *dev)
{
    memset(dev, 0, sizeof *dev);
    dev->ms = 1.1e6;
    dev->k_u1 = 0.8e6;
    vec_set(dev->axis, 0, 0, 1);
    dev->geometry = MS_GEOMETRY_DISK;
    vec_set(dev->size, 40e-9, 40e-9, 1.3e-9);
    dev->alpha = 0.01;
    dev->gamma = 1.760859e11;
    dev->temperature = 300.0;
    vec_set(dev->h_dir, 0, 0, 1);
    wave_zero(&dev->h_wave);
    dev->t_free = 1.3e-9;
    dev->stt = MS_STT_NONE;
    dev->stt_eta = 0.5;
    dev->stt_polarisation = 0.6;
    vec_set(dev->stt_p, 0, 0, 1);
    wave_zero(&dev->j_wave);
    vec_set(dev->sot_sigma, 0, 1, 0);
    wave_zero(&dev->j_sot_wave);
    dev->vcma_t_ox = 1.0e-9;
    wave_zero(&dev->v_wave);
}

static int normalise(double v[3], ms_error *err, const char *what)
{
    const double n = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    if (!(n > 0) || !isfinite(n))
        return MS_ERROR(err, MS_EINPUT, "device: %s must be a non-zero vector", what);
    for (int c = 0; c < 3; c++)
        v[c] /= n;
    return MS_OK;
}

static int check_wave(const ms_waveform *w, const char *what, ms_error *err)
{
    if (w->kind == MS_WAVE_PULSE && (w->rise < 0 || w->fall < 0 || w->width < 0))
        return MS_ERROR(err, MS_EINPUT, "drive: %s: pulse rise, width and fall must be >= 0", what);
    if (w->kind == MS_WAVE_TABLE) {
        if (w->n_table < 1 || w->n_table > MS_WAVE_TABLE_MAX)
            return MS_ERROR(err, MS_EINPUT, "drive: %s: table needs 1 to %d points", what,
                            MS_WAVE_TABLE_MAX);
        for (int k = 1; k < w->n_table; k++)
            if (!(w->table_t[k] > w->table_t[k - 1]))
                return MS_ERROR(err, MS_EINPUT, "drive: %s: table times must increase", what);
    }
    return MS_OK;
}

static int prepare_geometry(ms_macrospin_device *d, ms_error *err)
{
    const double *s = d->size;
    switch (d->geometry) {
    case MS_GEOMETRY_DISK:
        d->volume = 0.25 * M_PI * s[0] * s[0] * s[2];
        return ms_macrospin_demag_ellipse(s[0], s[0], s[2], d->demag, err);
    case MS_GEOMETRY_ELLIPSE:
        d->volume = 0.25 * M_PI * s[0] * s[1] * s[2];
        return ms_macrospin_demag_ellipse(s[0], s[1], s[2], d->demag, err);
    case MS_GEOMETRY_BOX:
        d->volume = s[0] * s[1] * s[2];
        if (ms_macrospin_demag_box(s[0], s[1], s[2], d->demag))
            return MS_ERROR(err, MS_EINPUT, "device: box sizes must be positive");
        return MS_OK;
    case MS_GEOMETRY_GIVEN:
        if (!(d->volume > 0))
            return MS_ERROR(err, MS_EINPUT, "device: volume must be positive");
        for (int c = 0; c < 3; c++)
            if (!(d->demag[c] >= 0 && d->demag[c] <= 1))
                return MS_ERROR(err, MS_EINPUT, "device: demag factors must lie in [0, 1]");
        return MS_OK;
    }
    return MS_ERROR(err, MS_EINPUT, "device: unknown geometry");
}

static int check_ranges(const ms_macrospin_device *d, ms_error *err)
{
    if (!(d->ms > 0) || !(d->alpha > 0) || !(d->gamma > 0) || !(d->temperature >= 0))
        return MS_ERROR(err, MS_EINPUT, "device: Ms, alpha and gamma must be positive, T >= 0");
    const int uses_tf = d->stt != MS_STT_NONE || d->sot_theta != 0 || d->vcma_xi != 0;
    if (uses_tf && !(d->t_free > 0))
        return MS_ERROR(err, MS_EINPUT, "device: t_free must be positive with STT, SOT or VCMA");
    if (d->stt == MS_STT_SLONCZEWSKI && !(d->stt_polarisation > 0 && d->stt_polarisation <= 1))
        return MS_ERROR(err, MS_EINPUT, "device: stt polarisation must lie in (0, 1]");
    if (d->vcma_xi != 0 && !(d->vcma_t_ox > 0))
        return MS_ERROR(err, MS_EINPUT, "device: vcma t_ox must be positive");
    const double sd[4] = {d->sd_ms, d->sd_k, d->sd_volume, d->sd_alpha};
    for (int k = 0; k < 4; k++)
        if (!(sd[k] >= 0 && sd[k] <= 0.5))
            return MS_ERROR(err, MS_EINPUT, "device: relative variation must lie in [0, 0.5]");
    return MS_OK;
}

int ms_macrospin_device_prepare(ms_macrospin_device *dev, ms_error *err)
{
    int status;
    MS_TRY(check_ranges(dev, err));
    MS_TRY(normalise(dev->axis, err, "easy axis"));
    MS_TRY(normalise(dev->h_dir, err, "field direction"));
    MS_TRY(normalise(dev->stt_p, err, "fixed-layer direction p"));
    MS_TRY(normalise(dev->sot_sigma, err, "SOT polarisation sigma"));
    MS_TRY(check_wave(&dev->h_wave, "field", err));
    MS_TRY(check_wave(&dev->j_wave, "current", err));
    MS_TRY(check_wave(&dev->j_sot_wave, "sot_current", err));
    MS_TRY(check_wave(&dev->v_wave, "voltage", err));
    MS_TRY(prepare_geometry(dev, err));
    return MS_OK;
fail:
    return status;
}

void ms_macrospin_device_derive(const ms_macrospin_device *d, ms_macrospin_derived *o)
{
    const double mu0 = GSL_CONST_MKSA_VACUUM_PERMEABILITY, kb = GSL_CONST_MKSA_BOLTZMANN;
    const double e = GSL_CONST_MKSA_ELECTRON_CHARGE, hbar = GSL_CONST_MKSA_PLANCKS_CONSTANT_HBAR;
    const double *u = d->axis, *n = d->demag;
    const double n_u = u[0] * u[0] * n[0] + u[1] * u[1] * n[1] + u[2] * u[2] * n[2];
    const double n_perp = 0.5 * (n[0] + n[1] + n[2] - n_u);
    o->gamma0 = mu0 * d->gamma;
    o->k_eff = d->k_u1 - 0.5 * mu0 * d->ms * d->ms * (n_u - n_perp);
    o->h_k = 2.0 * o->k_eff / (mu0 * d->ms);
    o->delta = d->temperature > 0 ? o->k_eff * d->volume / (kb * d->temperature) : INFINITY;
    o->tau_d = (1.0 + d->alpha * d->alpha) / (d->alpha * o->gamma0 * o->h_k);
    double eta = 0.0;
    if (d->stt == MS_STT_CONSTANT)
        eta = d->stt_eta;
    else if (d->stt == MS_STT_SLONCZEWSKI)
        eta = ms_llg_slonczewski_eta(d->stt_polarisation, -1.0);
    o->j_c0 = eta != 0 ? 4.0 * e * d->alpha * o->k_eff * d->t_free / (hbar * eta) : 0.0;
}
