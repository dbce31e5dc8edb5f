/* tablegen_extras.c — the parts of a device table besides P_sw (DESIGN.md device table):
 *   /switching/delta[h][T]   Δ = K_eff V/(kB T) of the simulated device (macrospin shape term,
 *                            ms_macrospin_device_derive), inf at T = 0; engine phase: the barrier
 *                            of a mean FM grain toward AF at zero write drive, ln(ν0/k_FM→AF) =
 *                            (E_b + ½ ΔF V_g)/(kB T) with the clamps of phase.h (retention of the
 *                            written FM state; docs/phase.md);
 *   /gate/h_after[h][V][t]   ionic state after one gate pulse (ms_ionics_gate_table);
 *   /gate/retention[h][T]    relaxation time of h at zero gate voltage (ms_ionics_retention_table;
 *                            inf at T = 0);
 *   /energy/write[a][w]      J per write pulse (ms_tablegen_write_energy: J² A² R t, V² t/R + C V²);
 *   /energy/gate[V][t]       J per gate pulse: charging the ion conductor, C_gate V² with
 *                            C_gate = ε0 ε_r A/t_ox (ionics layer permittivity and thickness, disk
 *                            area from ionics.magnet.diameter); ionic leakage currents are not
 *                            included (documented lower bound). */
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_const_mksa.h>
#include "metaspin/tablegen.h"

static int fill_delta(const ms_tablegen_spec *s, double *delta, ms_error *err)
{
    if (s->engine == MS_TABLEGEN_ENGINE_PHASE) {
        for (size_t ih = 0; ih < s->nh; ih++)
            for (size_t it = 0; it < s->nt; it++) {
                const double temp = s->temperature[it], h = fabs(s->phase_drive.h_bias);
                const double x = 0.5 * ms_phase_delta_f(&s->phase, temp, h, s->h[ih]) * s->phase.grain_volume;
                double k_up, k_down;
                ms_phase_rates(&s->phase, x, temp, &k_up, &k_down);
                delta[ih * s->nt + it] = -log(k_down / s->phase.nu0);
            }
        return MS_OK;
    }
    for (size_t ih = 0; ih < s->nh; ih++)
        for (size_t it = 0; it < s->nt; it++) {
            ms_macrospin_device d;
            ms_macrospin_derived dv;
            int status = ms_tablegen_device(s, ih, s->temperature[it], &d, err);
            if (status)
                return status;
            ms_macrospin_device_derive(&d, &dv);
            delta[ih * s->nt + it] = dv.delta;
        }
    return MS_OK;
}

static int fill_retention(const ms_tablegen_spec *s, double *tau, ms_ctx *ctx, ms_error *err)
{
    double col[MS_TABLEGEN_MAX_AXIS];
    for (size_t it = 0; it < s->nt; it++) {
        const double T = s->temperature[it];
        if (T > 0) {
            int status = ms_ionics_retention_table(&s->ionics, s->h, s->nh, &T, 1, col, ctx, err);
            if (status)
                return status;
        }
        for (size_t ih = 0; ih < s->nh; ih++)
            tau[ih * s->nt + it] = T > 0 ? col[ih] : INFINITY;
    }
    return MS_OK;
}

static void fill_gate_energy(const ms_tablegen_spec *s, double *e)
{
    const ms_ionics_model *m = &s->ionics;
    const double area = M_PI * 0.25 * m->diameter * m->diameter;
    const double c = GSL_CONST_MKSA_VACUUM_PERMITTIVITY * m->eps_ox * area / m->thickness;
    for (size_t iv = 0; iv < s->ngv; iv++)
        for (size_t iw = 0; iw < s->ngw; iw++)
            e[iv * s->ngw + iw] = c * s->gate_voltage[iv] * s->gate_voltage[iv];
}

int ms_tablegen_extras_compute(const ms_tablegen_spec *s, ms_tablegen_extras *ex, ms_ctx *ctx, ms_error *err)
{
    int status = MS_OK;
    *ex = (ms_tablegen_extras){0};
    ex->delta = malloc(s->nh * s->nt * sizeof(double));
    ex->energy_write = malloc(s->na * s->nw * sizeof(double));
    if (!ex->delta || !ex->energy_write)
        goto nomem;
    MS_TRY(fill_delta(s, ex->delta, err));
    for (size_t ia = 0; ia < s->na; ia++)
        for (size_t iw = 0; iw < s->nw; iw++)
            ex->energy_write[ia * s->nw + iw] = ms_tablegen_write_energy(s, s->amplitude[ia], s->width[iw]);
    if (s->hidden != MS_TABLEGEN_HIDDEN_IONICS)
        return MS_OK;
    if (!(ex->retention = malloc(s->nh * s->nt * sizeof(double))))
        goto nomem;
    MS_TRY(fill_retention(s, ex->retention, ctx, err));
    if (s->ngv == 0)
        return MS_OK;
    ex->h_after = malloc(s->nh * s->ngv * s->ngw * sizeof(double));
    ex->energy_gate = malloc(s->ngv * s->ngw * sizeof(double));
    if (!ex->h_after || !ex->energy_gate)
        goto nomem;
    MS_TRY(ms_ionics_gate_table(&s->ionics, s->h, s->nh, s->gate_voltage, s->ngv, s->gate_width, s->ngw,
                                ex->h_after, ctx, err));
    fill_gate_energy(s, ex->energy_gate);
    return MS_OK;
nomem:
    status = MS_ERROR(err, MS_ENOMEM, "table: out of memory for the extra tables");
fail:
    ms_tablegen_extras_release(ex);
    return status;
}

void ms_tablegen_extras_release(ms_tablegen_extras *ex)
{
    if (!ex)
        return;
    free(ex->delta);
    free(ex->h_after);
    free(ex->retention);
    free(ex->energy_write);
    free(ex->energy_gate);
    *ex = (ms_tablegen_extras){0};
}
