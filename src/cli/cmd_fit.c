/* cmd_fit.c — `metaspin fit DATA.csv`: fit the closed-form switching models (thermal, ballistic,
 * combined, or auto by AIC/BIC) to measured switching probabilities, print a report, write HDF5
 * (and JSON with --json). CSV format, models and estimation: include/metaspin/fit.h and
 * docs/fit.md. --simulate CONFIG loads the macrospin device from CONFIG (which may also hold fit.*
 * keys) and compares the stochastic solver's P_sw at the measured points with the data. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include "metaspin/fit.h"

extern const ms_command ms_cmd_fit;

static const ms_cli_option fit_cli_options[] = {
    {"model", "M", "thermal, ballistic, combined, brown or auto (same as --set fit.model=M)"},
    {"beta", "B", "thermal barrier exponent 1, 2 or free (same as --set fit.beta=B)"},
    {"json", "FILE", "also write the result as JSON to FILE"},
    {"simulate", "CONFIG", "also simulate the measured points with the macrospin device of CONFIG"},
    {NULL, NULL, NULL}};

static const ms_key *const fit_schemas[] = {ms_fit_keys, ms_output_keys, ms_macrospin_keys, NULL};

/* --set overrides plus --model/--beta as fit.* overrides (they win, coming last). */
static int load_config(const ms_cli *cli, ms_config **cfg, ms_error *err)
{
    const char *sets[MS_CLI_MAX_SETS + 2];
    char model[64], beta[64];
    int n = 0;
    for (int k = 0; k < cli->n_sets; k++)
        sets[n++] = cli->sets[k];
    if (ms_cli_opt(cli, "model")) {
        snprintf(model, sizeof model, "fit.model=%s", ms_cli_opt(cli, "model"));
        sets[n++] = model;
    }
    if (ms_cli_opt(cli, "beta")) {
        snprintf(beta, sizeof beta, "fit.beta=%s", ms_cli_opt(cli, "beta"));
        sets[n++] = beta;
    }
    return ms_config_load(cfg, ms_cli_opt(cli, "simulate"), sets, n, fit_schemas, err);
}

/* Default output name: DATA.csv -> DATA.fit.h5 in the current directory. */
static void default_output(const char *csv, char *out, size_t len)
{
    const char *base = strrchr(csv, '/');
    base = base ? base + 1 : csv;
    const char *dot = strrchr(base, '.');
    const int n = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
    snprintf(out, len, "%.*s.fit.h5", n, base);
}

static int write_h5(const ms_cli *cli, const ms_config *cfg, const ms_fit_data *d,
                    const ms_fit_result *r, const ms_fit_simulation *sim, const char *path,
                    ms_error *err)
{
    ms_h5 *h5 = NULL;
    int status = ms_cli_h5_create(cli, cfg, path, &h5, err);
    if (status == MS_OK)
        status = ms_fit_h5_write(ms_h5_root(h5), d, r, err);
    if (status == MS_OK && sim)
        status = ms_fit_simulation_h5_write(ms_h5_root(h5), sim, err);
    if (status == MS_OK)
        status = ms_h5_commit(h5, err);
    else
        ms_h5_abort(h5);
    return status;
}

/* The configured device simulated at every measured point (fit_simulate.c). */
static int simulate(ms_cli *cli, const ms_config *cfg, const ms_fit_data *d,
                    ms_fit_simulation **sim, ms_error *err)
{
    ms_macrospin_device dev;
    ms_macrospin_options mo;
    int status;
    MS_TRY(ms_macrospin_device_from_config(cfg, &dev, err));
    MS_TRY(ms_macrospin_options_from_config(cfg, &mo, err));
    const ms_fit_sim_options so = {.trials = (size_t)ms_config_get_int(cfg, "macrospin.trials"),
                                   .relax = ms_config_get(cfg, "fit.simulate_relax"),
                                   .max_steps = ms_config_get(cfg, "fit.simulate_max_steps")};
    MS_TRY(ms_fit_simulate(d, &dev, &mo, &so, cli->ctx, sim, err));
    ms_cite(cli->ctx, "brown1963");
    ms_cite(cli->ctx, "slonczewski1996");
    ms_cite(cli->ctx, "wilson1927");
fail:
    return status;
}

static int fit_run(ms_cli *cli, ms_error *err)
{
    if (cli->n_positional != 1)
        return MS_ERROR(err, MS_EINPUT, "expects exactly one data file: metaspin fit DATA.csv");
    ms_config *cfg = NULL;
    ms_fit_data *d = NULL;
    ms_fit_result *r = NULL;
    ms_fit_simulation *sim = NULL;
    ms_fit_options opt;
    int status = load_config(cli, &cfg, err);
    if (status != MS_OK)
        return status;
    MS_TRY(ms_fit_options_from_config(&opt, cfg, err));
    MS_TRY(ms_fit_data_read_csv(&d, cli->positional[0], opt.temperature, err));
    MS_TRY(ms_fit_run(d, &opt, &r, err));
    ms_cite(cli->ctx, "brown1963");
    if (r->model != MS_FIT_THERMAL)
        ms_cite(cli->ctx, "sun2000");
    ms_fit_report_write(stdout, d, r);
    if (ms_cli_opt(cli, "simulate")) {
        MS_TRY(simulate(cli, cfg, d, &sim, err));
        ms_fit_simulation_report_write(stdout, d, r, sim);
    }
    char fallback[1024];
    default_output(cli->positional[0], fallback, sizeof fallback);
    const char *cfg_out = ms_config_get_string(cfg, "output.file");
    const char *path = ms_cli_output(cli, cfg_out && cfg_out[0] ? cfg_out : fallback);
    MS_TRY(write_h5(cli, cfg, d, r, sim, path, err));
    if (ms_cli_opt(cli, "json"))
        MS_TRY(ms_fit_json_write(ms_cli_opt(cli, "json"), d, r, err));
    ms_cli_report(cli, "%s model, %zu points, %s %.4g on %g dof -> %s", ms_fit_model_name(r->model),
                  d->n, r->counts ? "deviance" : "chi2", r->deviance, r->dof, path);
fail:
    ms_fit_simulation_destroy(sim);
    ms_fit_result_destroy(r);
    ms_fit_data_destroy(d);
    ms_config_destroy(cfg);
    return status;
}

const ms_command ms_cmd_fit = {
    .name = "fit",
    .summary = "fit switching models to measured switching-probability curves",
    .usage = "DATA.csv [--model thermal|ballistic|combined|brown|auto] [--beta 1|2|free] "
             "[--json FILE] [--simulate CONFIG]",
    .help = "Reads a CSV of measured switching points (header naming the columns: width [unit],\n"
            "amplitude [unit], optional temperature [K], and p or n_switched,n_total; '#' comments)\n"
            "and fits the thermal (tau0, delta, a_c0, beta), ballistic (delta, a_c0, tau_d),\n"
            "combined or brown (exact first-passage time; delta, a_c0, tau_d) model jointly over\n"
            "all curves: binomial maximum likelihood with counts, least squares on p otherwise;\n"
            "auto picks the lowest AIC (or BIC). Prints parameters with standard errors and 95 %\n"
            "intervals, goodness of fit and per-point residuals and regimes; writes HDF5 (-o,\n"
            "default DATA.fit.h5) for scripts/plot_fit.py, and JSON with --json. With --simulate\n"
            "CONFIG the macrospin device of CONFIG is driven at every measured point\n"
            "(macrospin.trials trials) and the distance of the data to the simulated P_sw is\n"
            "reported. See docs/fit.md.",
    .options = fit_cli_options,
    .schemas = fit_schemas,
    .run = fit_run,
};
