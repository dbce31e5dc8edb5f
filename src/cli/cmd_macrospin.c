/* cmd_macrospin.c — `metaspin macrospin CONFIG`: N independent stochastic LLG trials of one
 * macrospin device under the configured drives (library: include/metaspin/macrospin.h), written to
 * HDF5: per-trial switching times, final states, ensemble time series, optional trajectories of the
 * first K trials, the switching-time histogram and the device's derived scales. */
#include "cli/cli.h"
#include "metaspin/macrospin.h"
#include "metaspin/tablegen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

extern const ms_command ms_cmd_macrospin;

typedef struct mc_result {
    size_t n, n_bins;
    double *t_switch, *m_final;  /* NaN = not switched; [n][3] */
    uint8_t *switched;
    int64_t *counts;
    double *edges, *traj;        /* [n_bins + 1], [K][n_samples][3] */
} mc_result;

static void result_free(mc_result *r)
{
    free(r->t_switch);
    free(r->m_final);
    free(r->switched);
    free(r->counts);
    free(r->edges);
    free(r->traj);
}

static int collect(const ms_macrospin_batch *b, const ms_macrospin_series *s, double t_end,
                   size_t n_bins, mc_result *r, ms_error *err)
{
    const size_t n = ms_macrospin_batch_trials(b);
    r->n = n;
    r->n_bins = n_bins;
    r->t_switch = malloc(n * sizeof *r->t_switch);
    r->m_final = malloc(3 * n * sizeof *r->m_final);
    r->switched = malloc(n);
    r->counts = malloc(n_bins * sizeof *r->counts);
    r->edges = malloc((n_bins + 1) * sizeof *r->edges);
    r->traj = s->n_traj ? malloc(s->n_traj * s->n * 3 * sizeof *r->traj) : NULL;
    if (!r->t_switch || !r->m_final || !r->switched || !r->counts || !r->edges || (s->n_traj && !r->traj))
        return MS_ERROR(err, MS_ENOMEM, "macrospin: out of memory for the results");
    const double *ts = ms_macrospin_batch_switch_times(b);
    for (size_t i = 0; i < n; i++) {
        r->t_switch[i] = ts[i] >= 0 ? ts[i] : NAN;
        r->switched[i] = ts[i] >= 0;
        ms_macrospin_batch_get_m(b, i, r->m_final + 3 * i);
    }
    ms_macrospin_histogram(ts, n, t_end, n_bins, r->counts);
    for (size_t k = 0; k <= n_bins; k++)
        r->edges[k] = t_end * (double)k / (double)n_bins;
    for (size_t j = 0; j < s->n_traj; j++)
        memcpy(r->traj + j * s->n * 3, s->traj + j * s->cap * 3, s->n * 3 * sizeof *r->traj);
    return MS_OK;
}

static int write_device(hid_t f, const ms_macrospin_device *d, ms_error *err)
{
    ms_macrospin_derived x;
    ms_macrospin_device_derive(d, &x);
    const hsize_t three = 3;
    int status;
    MS_TRY(ms_h5_write_double(f, "/device/demag", d->demag, 1, &three, "", err));
    MS_TRY(ms_h5_write_scalar(f, "/device/volume", d->volume, "m^3", err));
    MS_TRY(ms_h5_write_scalar(f, "/device/k_eff", x.k_eff, "J/m^3", err));
    MS_TRY(ms_h5_write_scalar(f, "/device/h_k", x.h_k, "A/m", err));
    MS_TRY(ms_h5_write_scalar(f, "/device/delta", x.delta, "", err));
    MS_TRY(ms_h5_write_scalar(f, "/device/tau_d", x.tau_d, "s", err));
    MS_TRY(ms_h5_write_scalar(f, "/device/j_c0", x.j_c0, "A/m^2", err));
fail:
    return status;
}

/* Fraction of trials whose final state lies past the threshold (m·s < threshold): the written
 * state, as opposed to the first-crossing statistics (a trial may cross and come back). */
static double final_reversed(const ms_macrospin_batch *b, double threshold)
{
    double s[3], m[3];
    ms_macrospin_batch_reference(b, s);
    const size_t n = ms_macrospin_batch_trials(b);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        ms_macrospin_batch_get_m(b, i, m);
        k += m[0] * s[0] + m[1] * s[1] + m[2] * s[2] < threshold;
    }
    return (double)k / (double)n;
}

static int write_results(hid_t f, const ms_macrospin_series *s, const mc_result *r, ms_error *err)
{
    int status;
    const hsize_t n = r->n, n3[2] = {r->n, 3}, ns = s->n, ns3[2] = {s->n, 3};
    const hsize_t nb = r->n_bins, ne = r->n_bins + 1, tr[3] = {s->n_traj, s->n, 3};
    MS_TRY(ms_h5_write_double(f, "/trials/t_switch", r->t_switch, 1, &n, "s", err));
    MS_TRY(ms_h5_write_uint8(f, "/trials/switched", r->switched, 1, &n, "", err));
    MS_TRY(ms_h5_write_double(f, "/trials/m_final", r->m_final, 2, n3, "", err));
    MS_TRY(ms_h5_write_double(f, "/series/t", s->t, 1, &ns, "s", err));
    MS_TRY(ms_h5_write_double(f, "/series/m_mean", s->m_mean, 2, ns3, "", err));
    MS_TRY(ms_h5_write_double(f, "/series/mu2", s->mu2, 1, &ns, "", err));
    MS_TRY(ms_h5_write_double(f, "/series/p_switched", s->p_switched, 1, &ns, "", err));
    MS_TRY(ms_h5_attr_string(f, "/series/mu2", "meaning", "ensemble mean of (m . easy axis)^2", err));
    if (s->n_traj)
        MS_TRY(ms_h5_write_double(f, "/trajectories/m", r->traj, 3, tr, "", err));
    MS_TRY(ms_h5_write_double(f, "/histogram/edges", r->edges, 1, &ne, "s", err));
    MS_TRY(ms_h5_write_int64(f, "/histogram/counts", r->counts, 1, &nb, "", err));
    double sum = 0, sum2 = 0;
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->switched[i]) {
            sum += r->t_switch[i];
            sum2 += r->t_switch[i] * r->t_switch[i];
            k++;
        }
    const double mean = k ? sum / (double)k : NAN;
    const double sd = k > 1 ? sqrt(fmax(sum2 / (double)k - mean * mean, 0) * (double)k / (double)(k - 1)) : NAN;
    MS_TRY(ms_h5_write_scalar(f, "/summary/p_switched", (double)k / (double)r->n, "", err));
    MS_TRY(ms_h5_write_scalar(f, "/summary/t_switch_mean", mean, "s", err));
    MS_TRY(ms_h5_write_scalar(f, "/summary/t_switch_std", sd, "s", err));
    MS_TRY(ms_h5_write_scalar(f, "/summary/n_trials", (double)r->n, "", err));
fail:
    return status;
}

/* Optional CSV of the ensemble time series next to the HDF5 file (NAME.csv). */
static int write_csv(const char *h5path, const ms_macrospin_series *s, ms_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", h5path);
    char *dot = strrchr(path, '.');
    if (dot && strcmp(dot, ".h5") == 0)
        *dot = '\0';
    strncat(path, ".csv", sizeof path - strlen(path) - 1);
    FILE *fp = fopen(path, "w");
    if (!fp)
        return MS_ERROR(err, MS_EIO, "macrospin: cannot write \"%s\"", path);
    fprintf(fp, "t_s,mx,my,mz,mu2,p_switched\n");
    for (size_t k = 0; k < s->n; k++)
        fprintf(fp, "%.9g,%.9g,%.9g,%.9g,%.9g,%.9g\n", s->t[k], s->m_mean[3 * k], s->m_mean[3 * k + 1],
                s->m_mean[3 * k + 2], s->mu2[k], s->p_switched[k]);
    return fclose(fp) ? MS_ERROR(err, MS_EIO, "macrospin: cannot write \"%s\"", path) : MS_OK;
}

/* With an ionics section: run its gate waveform on one column to ionics.run.duration and give the
 * device the magnetic parameters of the final coverage θ (ms_tablegen_apply_ionics). */
static int gate_device(ms_cli *cli, const ms_config *cfg, ms_macrospin_device *dev, double *theta,
                       ms_error *err)
{
    ms_ionics_model m;
    int status = ms_ionics_model_from_config(&m, cfg, err);
    if (status)
        return status;
    const double duration = ms_config_get(cfg, "ionics.run.duration");
    MS_TRY(ms_ionics_run_theta(&m, duration, ms_config_get(cfg, "ionics.run.max_step"), cli->ctx, theta, err));
    MS_TRY(ms_tablegen_apply_ionics(&m, *theta, dev->temperature, ms_config_given(cfg, "ionics.maps.sot"), dev, err));
    ms_cli_report(cli, "ionics: %g s of the gate waveform -> theta = %.4g ML, Delta = %.4g at %g K", duration,
                  *theta, ms_ionics_delta(&m, *theta, dev->temperature), dev->temperature);
fail:
    return status;
}

static int ms_macrospin_cmd_run(ms_cli *cli, ms_error *err)
{
    ms_config *cfg = NULL;
    ms_macrospin_batch *b = NULL;
    ms_h5 *h5 = NULL;
    ms_macrospin_series series;
    mc_result res;
    memset(&res, 0, sizeof res);
    ms_macrospin_series_init(&series, 0, err);
    ms_macrospin_device dev;
    ms_macrospin_options opt;
    int status = ms_cli_config_load(cli, &ms_cmd_macrospin, &cfg, err);
    if (status)
        return status;
    MS_TRY(ms_macrospin_device_from_config(cfg, &dev, err));
    double theta = NAN;
    if (ms_config_given(cfg, "ionics"))
        MS_TRY(gate_device(cli, cfg, &dev, &theta, err));
    MS_TRY(ms_macrospin_options_from_config(cfg, &opt, err));
    const size_t n = (size_t)ms_config_get_int(cfg, "macrospin.trials");
    const double t_end = ms_config_get(cfg, "solver.t_end");
    MS_TRY(ms_macrospin_series_init(&series, (size_t)ms_config_get_int(cfg, "macrospin.trajectories"), err));
    MS_TRY(ms_macrospin_batch_create(&b, &dev, n, &opt, cli->ctx, err));
    MS_TRY(ms_macrospin_batch_run(b, t_end, ms_config_get(cfg, "macrospin.sample_every"),
                                  ms_macrospin_series_record, &series, err));
    if (series.failed) {
        status = MS_ERROR(err, MS_ENOMEM, "macrospin: out of memory for the time series");
        goto fail;
    }
    MS_TRY(collect(b, &series, t_end, (size_t)ms_config_get_int(cfg, "macrospin.histogram_bins"), &res, err));
    const char *given = ms_config_get_string(cfg, "output.file");
    const char *path = ms_cli_output(cli, given && given[0] ? given : "macrospin.h5");
    status = ms_cli_h5_create(cli, cfg, path, &h5, err);
    if (status)
        goto fail;
    MS_TRY(write_device(ms_h5_root(h5), ms_macrospin_batch_device(b), err));
    MS_TRY(write_results(ms_h5_root(h5), &series, &res, err));
    const double p_final = final_reversed(b, opt.threshold);
    MS_TRY(ms_h5_write_scalar(ms_h5_root(h5), "/summary/p_final_reversed", p_final, "", err));
    if (isfinite(theta))
        MS_TRY(ms_h5_write_scalar(ms_h5_root(h5), "/ionics/theta", theta, "", err));
    if (ms_config_get_bool(cfg, "output.csv"))
        MS_TRY(write_csv(path, &series, err));
    status = ms_h5_commit(h5, err);
    h5 = NULL;
    if (status)
        goto fail;
    ms_cli_report(cli, "%zu trials to t = %g s, %zu switched at least once (P = %.4g), final state "
                  "reversed in %.4g -> %s", n, ms_macrospin_batch_time(b), ms_macrospin_batch_switched(b),
                  (double)ms_macrospin_batch_switched(b) / (double)n, p_final, path);
fail:
    ms_h5_abort(h5);
    result_free(&res);
    ms_macrospin_series_release(&series);
    ms_macrospin_batch_destroy(b);
    ms_config_destroy(cfg);
    return status;
}

static const ms_key *const ms_macrospin_schemas[] = {ms_macrospin_keys, ms_ionics_keys, ms_output_keys, NULL};

const ms_command ms_cmd_macrospin = {
    .name = "macrospin",
    .summary = "batched stochastic LLG of one macrospin device: switching times and statistics",
    .usage = "CONFIG",
    .help = "Runs macrospin.trials independent stochastic LLG trials (Brown thermal field, stochastic\n"
            "Heun; rk4/rk45 at T = 0) of the device under the drive waveforms and writes per-trial\n"
            "switching times, final states, ensemble time series, trajectories of the first K trials\n"
            "and the switching-time histogram to HDF5. With an ionics section, its gate waveform first\n"
            "runs to ionics.run.duration and the final coverage sets Ms, K_u, t_F, alpha and H_eb of the\n"
            "device (/ionics/theta in the file). See docs/macrospin.md and docs/ionics.md.",
    .options = NULL,
    .schemas = ms_macrospin_schemas,
    .run = ms_macrospin_cmd_run,
};
