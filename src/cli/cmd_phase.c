/* cmd_phase.c — `metaspin phase CONFIG`: time traces of a FeRh-type FM/AFM nanodot (phase.h,
 * docs/phase.md) under the configured write drive (heating current pulse, field pulse or prescribed
 * T(t)): T(t), mean FM fraction ⟨φ⟩(t), its trial spread, switched fraction, mean magnetisation
 * φ Ms and read resistance, written to HDF5 with units. */
#include "cli/cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/phase.h"

extern const ms_command ms_cmd_phase;

enum { N_TRACES = 7 };

static int simulate(const ms_config *cfg, const ms_phase_params *p, const ms_phase_drive *d, ms_ctx *ctx,
                    double **tr, size_t ns, ms_error *err)
{
    ms_phase_batch *b = NULL;
    const size_t n = (size_t)ms_config_get_int(cfg, "phase.trials");
    const double dur = ms_config_get(cfg, "phase.time"), c = ms_config_get(cfg, "phase.hidden");
    const int fm = strcmp(ms_config_get_string(cfg, "phase.initial"), "fm") == 0;
    int status = ms_phase_batch_create(&b, p, n, ctx, err);
    if (status)
        return status;
    MS_TRY(ms_phase_batch_reset(b, d, c, fm, 0, err));
    for (size_t i = 0; i < ns; i++) {
        const double t = dur * (double)i / (double)(ns - 1);
        MS_TRY(ms_phase_batch_run(b, d, t, 0, err));
        double s2 = 0, phi = ms_phase_batch_mean_phi(b);
        for (size_t k = 0; k < n; k++)
            s2 += (ms_phase_batch_phi(b, k) - phi) * (ms_phase_batch_phi(b, k) - phi);
        tr[0][i] = t;
        tr[1][i] = ms_phase_batch_temperature(b);
        tr[2][i] = phi;
        tr[3][i] = n > 1 ? sqrt(s2 / (double)(n - 1)) : 0.0;
        tr[4][i] = ms_phase_batch_switched(b);
        tr[5][i] = phi * p->ms;
        tr[6][i] = ms_phase_resistance(p, phi);
        ms_ctx_progress(ctx, "phase", i + 1, ns);
    }
fail:
    ms_phase_batch_destroy(b);
    return status;
}

static int write_traces(hid_t root, double **tr, size_t ns, ms_error *err)
{
    static const char *const path[N_TRACES] = {"/axes/time", "/phase/temperature", "/phase/phi_mean",
                                               "/phase/phi_std", "/phase/switched", "/phase/magnetisation",
                                               "/phase/resistance"};
    static const char *const unit[N_TRACES] = {"s", "K", "", "", "", "A/m", "ohm"};
    static const char *const meaning[N_TRACES] = {
        "sample times", "dot temperature (lumped thermal model or prescribed)",
        "trial mean of the FM volume fraction phi", "standard deviation of phi over the trials",
        "fraction of trials whose binary state (phi >= threshold) differs from the start",
        "trial mean of phi Ms", "read resistance of the mean phi, 1/(phi/R_FM + (1-phi)/R_AF)"};
    const hsize_t n = ns;
    int status = MS_OK;
    for (int k = 0; k < N_TRACES; k++) {
        MS_TRY(ms_h5_write_double(root, path[k], tr[k], 1, &n, unit[k], err));
        MS_TRY(ms_h5_attr_string(root, path[k], "meaning", meaning[k], err));
    }
fail:
    return status;
}

static int ms_phase_cmd_run(ms_cli *cli, ms_error *err)
{
    ms_config *cfg = NULL;
    ms_h5 *h5 = NULL;
    double *tr[N_TRACES] = {0};
    ms_phase_params p;
    ms_phase_drive d;
    int status = ms_cli_config_load(cli, &ms_cmd_phase, &cfg, err);
    if (status)
        return status;
    MS_TRY(ms_phase_params_from_config(cfg, &p, err));
    MS_TRY(ms_phase_drive_from_config(cfg, &d, err));
    const size_t ns = (size_t)ms_config_get_int(cfg, "phase.samples");
    for (int k = 0; k < N_TRACES; k++)
        if (!(tr[k] = calloc(ns, sizeof(double)))) {
            status = MS_ERROR(err, MS_ENOMEM, "phase: out of memory for %zu samples", ns);
            goto fail;
        }
    MS_TRY(simulate(cfg, &p, &d, cli->ctx, tr, ns, err));
    const char *given = ms_config_get_string(cfg, "output.file");
    const char *path = ms_cli_output(cli, given && given[0] ? given : "phase.h5");
    status = ms_cli_h5_create(cli, cfg, path, &h5, err);
    if (status)
        goto fail;
    MS_TRY(write_traces(ms_h5_root(h5), tr, ns, err));
    status = ms_h5_commit(h5, err);
    h5 = NULL;
    if (status)
        goto fail;
    double tmax = tr[1][0];
    for (size_t i = 0; i < ns; i++)
        tmax = fmax(tmax, tr[1][i]);
    ms_cli_report(cli, "%ld trials x %d grains, %zu samples over %g s, T_max %.1f K, phi %.3f -> %.3f, switched %.3f -> %s",
                  ms_config_get_int(cfg, "phase.trials"), p.n_grains, ns, tr[0][ns - 1], tmax, tr[2][0],
                  tr[2][ns - 1], tr[4][ns - 1], path);
fail:
    ms_h5_abort(h5);
    for (int k = 0; k < N_TRACES; k++)
        free(tr[k]);
    ms_config_destroy(cfg);
    return status;
}

static const ms_key *const ms_phase_schemas[] = {ms_phase_keys, ms_output_keys, NULL};

const ms_command ms_cmd_phase = {
    .name = "phase",
    .summary = "FM/AFM phase-coexistence dot (FeRh-type): stochastic grain switching traces",
    .usage = "CONFIG",
    .help = "Kinetic Monte Carlo of N_g AF/FM grains with detailed-balance rates in the free-energy difference\n"
            "Delta F = Delta S_v (T - T_t(c)) + mu0 Ms H, T_t(c) = T_t0 + dT_t/dc c, driven by a heating current\n"
            "pulse (lumped thermal model), a field pulse or a prescribed T(t). Writes T(t), <phi>(t), its spread,\n"
            "the switched fraction, magnetisation and read resistance to HDF5 (/axes/time, /phase/temperature,\n"
            "/phase/phi_mean, /phase/phi_std, /phase/switched, /phase/magnetisation, /phase/resistance).\n"
            "Tables of this device: `metaspin table` with table.engine = \"phase\". See docs/phase.md.",
    .options = NULL,
    .schemas = ms_phase_schemas,
    .run = ms_phase_cmd_run,
};
