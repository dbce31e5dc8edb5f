/* bench/phase.c — throughput of the FM/AFM grain kinetic Monte Carlo (phase.h):
 *  phase/grain_steps: grain-steps per second (grain updates incl. random draws) of 1024 trials ×
 *    64 grains held at T_t with E_b = 0.3 eV (every step draws: rates ~1e6/s, Δt from p ≤ 1e-3);
 *  phase/grain_steps_coupled: the same with T_t spread and nearest-neighbour coupling;
 *  phase/reference_grain_steps: the plain per-grain reference kernel (single thread);
 *  phase/heating_pulse_trials: trials per second of the configs/ferh-heating.cfg write pulse
 *    (64 grains, 20 ns, overheated to ~390 K). */
#include <math.h>
#include <omp.h>
#include <string.h>
#include <gsl/gsl_const_mksa.h>
#include "common.h"
#include "metaspin/phase.h"

static int held(const char *name, int coupled, int reference, size_t n, int threads)
{
    ms_phase_params p;
    ms_phase_params_default(&p);
    p.e_b = 0.3 * GSL_CONST_MKSA_ELECTRON_VOLT;
    if (coupled) {
        p.sigma_tt = 2;
        p.coupling = 0.01 * GSL_CONST_MKSA_ELECTRON_VOLT;
    }
    ms_ctx ctx = {.seed = 1, .threads = threads};
    ms_phase_drive d;
    memset(&d, 0, sizeof d);
    d.prescribed = 1;
    d.temperature.kind = MS_WAVE_DC;
    d.temperature.amplitude = p.t_t0;
    ms_phase_batch *b;
    ms_error err;
    if (ms_phase_batch_create(&b, &p, n, &ctx, &err) || ms_phase_batch_reset(b, &d, 0, 0, 0, &err))
        return fprintf(stderr, "%s\n", err.message), 1;
    const double t0 = ms_bench_now();
    if (ms_phase_batch_run(b, &d, 2e-6, reference, &err))
        return fprintf(stderr, "%s\n", err.message), 1;
    const double dt = ms_bench_now() - t0;
    ms_bench_report(name, (double)ms_phase_batch_grain_steps(b) / dt, "grain-steps/s", threads);
    ms_phase_batch_destroy(b);
    return 0;
}

static int heating(int threads)
{
    ms_phase_params p;
    ms_phase_params_default(&p);
    p.sigma_tt = 3;
    p.coupling = 0.02 * GSL_CONST_MKSA_ELECTRON_VOLT;
    p.grid_x = 8;
    ms_ctx ctx = {.seed = 1, .threads = threads};
    ms_phase_drive d;
    memset(&d, 0, sizeof d);
    d.field.kind = MS_WAVE_DC;
    d.current = (ms_waveform){.kind = MS_WAVE_PULSE, .amplitude = 0.5e-3, .start = 1e-9, .rise = 0.2e-9,
                              .width = 10e-9, .fall = 0.2e-9};
    d.t_bath = 365, d.r_heat = 100, d.r_th = 1e6, d.c_th = 1e-15;
    const size_t n = 256;
    ms_phase_batch *b;
    ms_error err;
    if (ms_phase_batch_create(&b, &p, n, &ctx, &err) || ms_phase_batch_reset(b, &d, 0, 0, 0, &err))
        return fprintf(stderr, "%s\n", err.message), 1;
    const double t0 = ms_bench_now();
    if (ms_phase_batch_run(b, &d, 20e-9, 0, &err))
        return fprintf(stderr, "%s\n", err.message), 1;
    const double dt = ms_bench_now() - t0;
    ms_bench_report("phase/heating_pulse_trials", (double)n / dt, "trials/s", threads);
    ms_phase_batch_destroy(b);
    return 0;
}

int main(void)
{
    const int threads = omp_get_max_threads();
    int fails = held("phase/grain_steps", 0, 0, 1024, threads);
    fails += held("phase/grain_steps_coupled", 1, 0, 1024, threads);
    fails += held("phase/reference_grain_steps", 0, 1, 256, 1);
    fails += heating(threads);
    return fails;
}
