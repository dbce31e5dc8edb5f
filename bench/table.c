/* bench/table.c — device-table throughput: table points per second and trial-steps per second for
 * a standard table (PMA disk, collinear STT, Δ = 30 and 45, 2 amplitudes × 2 widths (1, 2 ns) × 2
 * directions, 2000 trials per point, Heun dt = 1 ps, 0.5 ns relaxation), with 1 thread and with all
 * threads; and the projected wall time of the reference table 8 h × 8 amplitudes × 8 widths
 * × 2 directions × 10⁴ trials at the same mean steps per point:
 *   t = 1024 points × 10⁴ trials × (mean steps per point) / (trial-steps per second).
 * When the MPI build exists (tests/mpi-test.sh or make MPI=1 BUILD=build-mpi ... makes
 * build-mpi/metaspin) and mpirun is available, the same table is also run as `metaspin table` with
 * 1 thread, 2 threads and 2 MPI ranks × 1 thread, and the parallel efficiencies
 * t_1/(2 t_2threads) and t_1/(2 t_2ranks) are printed (wall time of the whole command). */
#include <omp.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include "common.h"
#include "metaspin/config.h"
#include "metaspin/ctx.h"
#include "metaspin/tablegen.h"

static const char *CFG =
    "device = { ms = \"1.1 MA/m\"; geometry = \"disk\"; size = [\"40 nm\", \"40 nm\", \"1.3 nm\"];\n"
    "  alpha = 0.05; stt = { model = \"constant\"; eta = 0.5; p = [0, 0, 1]; }; };\n"
    "solver = { dt = \"1 ps\"; };\n"
    "table = { hidden = \"delta\"; delta = [30.0, 45.0]; kind = \"current_density\";\n"
    "  current_density = [\"1e11 A/m^2\", \"3e11 A/m^2\"]; width = [\"1 ns\", \"2 ns\"];\n"
    "  temperature = [\"300 K\"]; trials = 2000; max_trials = 2000; halfwidth = 0.0; model_cutoff = 0.0;\n"
    "  pulse = { relax = \"0.5 ns\"; }; };\n";

static int run(const ms_tablegen_spec *s, int threads, double *pts_per_s, double *steps_per_s, double *steps_per_point)
{
    ms_ctx *ctx = ms_ctx_create(1, threads);
    ms_tablegen *tg;
    ms_error err;
    if (ms_tablegen_create(&tg, s, ctx, &err)) {
        fprintf(stderr, "bench table: %s\n", err.message);
        return 1;
    }
    const size_t n = ms_tablegen_spec_points(s);
    double rec[MS_TABLEGEN_RECORD];
    const double t0 = ms_bench_now();
    for (size_t p = 0; p < n; p++)
        if (ms_tablegen_point_run(tg, p, rec, &err)) {
            fprintf(stderr, "bench table: %s\n", err.message);
            return 1;
        }
    const double dt = ms_bench_now() - t0, steps = (double)ms_tablegen_trial_steps(tg);
    *pts_per_s = (double)n / dt;
    *steps_per_s = steps / dt;
    *steps_per_point = steps / (double)n / (double)s->trials;
    ms_tablegen_destroy(tg);
    ms_ctx_destroy(ctx);
    return 0;
}

static double timed(const char *cmd)
{
    const double t0 = ms_bench_now();
    return system(cmd) == 0 ? ms_bench_now() - t0 : -1.0;
}

/* Parallel efficiency of 2 threads and of 2 MPI ranks on the CLI (skipped without an MPI build). */
static void mpi_efficiency(const char *cfg_path)
{
    if (access("build-mpi/metaspin", X_OK) != 0 || system("command -v mpirun >/dev/null 2>&1") != 0)
        return;
    char cmd[3][512];
    const char *out = "/tmp/bench_table_mpi.h5";
    snprintf(cmd[0], sizeof cmd[0], "build-mpi/metaspin table %s -o %s -q --threads 1 2>/dev/null", cfg_path, out);
    snprintf(cmd[1], sizeof cmd[1], "build-mpi/metaspin table %s -o %s -q --threads 2 2>/dev/null", cfg_path, out);
    snprintf(cmd[2], sizeof cmd[2],
             "mpirun --allow-run-as-root --oversubscribe -np 2 build-mpi/metaspin table %s -o %s -q --threads 1 "
             ">/dev/null 2>&1", cfg_path, out);
    const double t1 = timed(cmd[0]), t2 = timed(cmd[1]), tm = timed(cmd[2]);
    remove(out);
    if (t1 > 0 && t2 > 0 && tm > 0) {
        ms_bench_report("table/cli_efficiency_2_threads", t1 / (2 * t2), "", 2);
        ms_bench_report("table/cli_efficiency_2_mpi_ranks", t1 / (2 * tm), "", 1);
    }
}

int main(void)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/bench_table_%d.cfg", (int)getpid());
    FILE *f = fopen(path, "w");
    if (!f)
        return 1;
    fputs(CFG, f);
    fclose(f);
    ms_config *cfg;
    ms_error err;
    ms_tablegen_spec *s = malloc(sizeof *s);
    if (ms_config_load(&cfg, path, NULL, 0, ms_tablegen_schemas, &err) || ms_tablegen_spec_from_config(cfg, s, &err)) {
        fprintf(stderr, "bench table: %s\n", err.message);
        return 1;
    }
    ms_config_destroy(cfg);
    const int nt = omp_get_max_threads();
    double pps1, sps1, spp, ppsn, spsn;
    if (run(s, 1, &pps1, &sps1, &spp))
        return 1;
    ms_bench_report("table/points_per_s", pps1, "points/s", 1);
    ms_bench_report("table/trial_steps_per_s", sps1, "trial-steps/s", 1);
    if (nt > 1) {
        if (run(s, nt, &ppsn, &spsn, &spp))
            return 1;
        ms_bench_report("table/points_per_s", ppsn, "points/s", nt);
        ms_bench_report("table/trial_steps_per_s", spsn, "trial-steps/s", nt);
        ms_bench_report("table/thread_efficiency", spsn / (sps1 * nt), "", nt);
    } else {
        spsn = sps1;
    }
    /* projection: 8 x 8 x 8 points x 2 directions x 1e4 trials at the measured steps per point */
    ms_bench_report("table/projected_8x8x8x2_1e4_trials", 1024.0 * 1e4 * spp / spsn, "s", nt);
    mpi_efficiency(path);
    remove(path);
    free(s);
    return 0;
}
