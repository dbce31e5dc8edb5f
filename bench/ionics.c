/* bench/ionics.c — magneto-ionic transport throughput.
 *  ionics/column_steps: column-steps per second of the batched backward-Euler kernel (oxygen,
 *    30 nm GdOx = 100 sites, reactive interface, 4096 columns);
 *  ionics/gatemap_64x64_1s: wall time of a 64×64 gate map (circular gate mask over 10 nm cells,
 *    lateral diffusion on) driven by a 1 s train of 10 ms, +2 V pulses every 20 ms
 *    (hydrogen example values, steps <= 1 ms). */
#include <math.h>
#include <omp.h>
#include <gsl/gsl_const_mksa.h>
#include "common.h"
#include "metaspin/ionics.h"

static int column_steps(void)
{
    ms_ionics_model m;
    ms_ionics_model_default(&m);
    ms_ionics_state *s = NULL;
    ms_error err = {0};
    if (ms_ionics_state_create(&s, &m, 4096, &err))
        return fprintf(stderr, "%s\n", err.message), 1;
    const int steps = 40;
    const double t0 = ms_bench_now();
    for (int i = 0; i < steps && !err.code; ++i)
        ms_ionics_step(s, &m, 1.0, -2.0, 300.0, &err);
    const double dt = ms_bench_now() - t0;
    ms_ionics_state_destroy(s);
    ms_bench_report("ionics/column_steps", 4096.0 * steps / dt, "column-steps/s", omp_get_max_threads());
    return err.code != 0;
}

static int gate_map(void)
{
    ms_ionics_model m;
    ms_ionics_model_default(&m);
    ms_ionics_species_builtin("hydrogen", &m.sp, NULL);
    m.sp.barrier = 0.55 * GSL_CONST_MKSA_ELECTRON_VOLT;
    m.thickness = 10e-9;
    m.c0 = 0.0;
    m.gate_bc = MS_IONICS_GATE_RESERVOIR;
    m.c_res = 4e25;
    m.binding = 0.2 * GSL_CONST_MKSA_ELECTRON_VOLT;
    m.overox = 0;
    m.cell_width = 10e-9;
    m.gate = (ms_ionics_wave){.shape = MS_IONICS_WAVE_TRAIN, .on = 2.0, .off = 0.0, .width = 10e-3,
                              .period = 20e-3, .count = 50};
    ms_ionics_state *s = NULL;
    ms_error err = {0};
    if (ms_ionics_state_create(&s, &m, 64 * 64, &err) || ms_ionics_state_set_grid(s, 64, 64, &err))
        return fprintf(stderr, "%s\n", err.message), 1;
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x)
            s->v_scale[y * 64 + x] = hypot(x - 31.5, y - 31.5) < 20.0 ? 1.0 : 0.1;  /* gate + fringe */
    const double t0 = ms_bench_now();
    const int status = ms_ionics_advance(s, &m, 1.0, 1e-3, NULL, &err);
    const double wall = ms_bench_now() - t0;
    const double inside = ms_ionics_theta(s, &m, 32 * 64 + 32), outside = ms_ionics_theta(s, &m, 0);
    ms_ionics_state_destroy(s);
    if (status)
        return fprintf(stderr, "%s\n", err.message), 1;
    printf("# gate map: theta under the gate %.3f ML, corner %.3f ML\n", inside, outside);
    ms_bench_report("ionics/gatemap_64x64_1s", wall, "s", omp_get_max_threads());
    return 0;
}

int main(void)
{
    return column_steps() + gate_map();
}
