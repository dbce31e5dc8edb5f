/* table/case.c — device tables of the phase engine (table.engine = "phase", the code path of
 * `metaspin table`):
 * (A) a table over hidden state c, current density J and width (AF→FM and FM→AF) through
 *     ms_sweep_table_run: P_sw(AF→FM) must not decrease with J or with the width; reported is the
 *     worst decrease in units of the combined 3σ Wilson half-widths of the two points (≤ 1 passes);
 * (B) the switching threshold of 10 ns rectangular pulses (plateau ≫ τ_th = 1 ns) for two hidden
 *     states c = 0 and 0.25 with dT_t/dc = −20 K: the plateau temperature T_ss = T_bath + (J A)² R R_th
 *     at P = 1/2 (linear interpolation on a 0.5 K grid) must shift by (dT_t/dc) Δc = −5 K, since the
 *     rates depend on T − T_t(c) (and on 1/kB T, which moves the threshold by ≈ 0.03 K over 5 K).
 *     Tolerance: 4 standard errors of each crossing, sqrt(P(1−P)/N)/|dP/dT_ss|, in quadrature, plus
 *     half the grid spacing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "common.h"
#include "table/table_case.h"
#include "metaspin/sweep.h"
#include "metaspin/table.h"
#include "metaspin/tablegen.h"

static const char base[] =
    "phase = { grains = 16; grid_x = 4; dtt_dc = \"-20 K\"; barrier = \"1.2 eV\"; attempt = \"1e10 1/s\";\n"
    "  thermal = { area = \"1.6e-15 m^2\"; resistance = \"100 ohm\"; r_th = \"1e6 K/W\"; c_th = \"1e-15 J/K\"; }; };\n"
    "ionics = { species = \"oxygen\"; };\n";

/* The base config (grains, thermal circuit, ionics) with a table section. */
static int load(const char *table, ms_tablegen_spec *spec)
{
    char text[4096];
    snprintf(text, sizeof text, "%s%s", base, table);
    return table_case_load("phase/table", text, spec);
}

static int part_a(ms_ctx *ctx)
{
    static ms_tablegen_spec s;
    if (load("table = { engine = \"phase\"; hidden = \"ionics\"; theta = [0.0, 0.25]; kind = \"current_density\";\n"
             "  current_density = \"linspace(2.4e11 A/m^2, 3.2e11 A/m^2, 5)\"; width = [\"2 ns\", \"5 ns\", \"10 ns\"];\n"
             "  temperature = [\"360 K\"]; pulse = { delay = \"0.5 ns\"; rise = \"0.2 ns\"; fall = \"0.2 ns\"; relax = \"3 ns\"; };\n"
             "  trials = 64; max_trials = 256; halfwidth = 0.05; model_cutoff = 0; };\n", &s))
        return 1;
    const size_t n = ms_tablegen_spec_points(&s);
    double *rec = malloc(n * MS_TABLEGEN_RECORD * sizeof *rec);
    uint8_t *done = malloc(n);
    const ms_table_job job = {0};
    int root;
    ms_error err;
    if (!rec || !done || ms_sweep_table_run(&s, &job, ctx, rec, done, &root, &err)) {
        printf("error: %s\n", rec && done ? err.message : "out of memory");
        return 1;
    }
    double p_lo = 1, p_hi = 0;
    for (size_t p = 0; p < n; p += 2)   /* to_plus points */
        p_lo = fmin(p_lo, rec[p * MS_TABLEGEN_RECORD + MS_TABLEGEN_P]),
        p_hi = fmax(p_hi, rec[p * MS_TABLEGEN_RECORD + MS_TABLEGEN_P]);
    /* to_plus only: heating drives AF→FM; to_minus is the undriven decay of the FM state */
    const double worst_a = 0.0 - table_case_worst(&s, rec, 0, 1), worst_w = 0.0 - table_case_worst(&s, rec, 1, 1);
    int fails = ms_validate_report("phase/table_monotone_amplitude_worst", worst_a, 0, 1);
    fails += ms_validate_report("phase/table_monotone_width_worst", worst_w, 0, 1);
    fails += ms_validate_report("phase/table_spans_0_to_1", p_hi - p_lo, 1, 0.05);
    free(rec);
    free(done);
    return fails;
}

/* Threshold plateau temperature and its standard error for hidden state index ih (to_plus points). */
static int threshold(ms_tablegen *tg, const ms_tablegen_spec *s, size_t ih, const double *tss, double *t50,
                     double *se)
{
    double prev_p = -1, prev_t = 0;
    ms_error err;
    for (size_t ia = 0; ia < s->na; ia++) {
        const size_t p = ((ih * s->na + ia) * s->nw * s->nt) * 2;
        double rec[MS_TABLEGEN_RECORD];
        if (ms_tablegen_point_run(tg, p, rec, &err)) {
            printf("error: %s\n", err.message);
            return 1;
        }
        const double pp = rec[MS_TABLEGEN_P];
        if (prev_p >= 0 && prev_p < 0.5 && pp >= 0.5) {
            const double slope = (pp - prev_p) / (tss[ia] - prev_t);
            *t50 = prev_t + (0.5 - prev_p) / slope;
            *se = sqrt(0.25 / rec[MS_TABLEGEN_N]) / slope;
            return 0;
        }
        prev_p = pp, prev_t = tss[ia];
    }
    printf("error: no P = 1/2 crossing for hidden state %zu\n", ih);
    return 1;
}

static int part_b(ms_ctx *ctx)
{
    static ms_tablegen_spec s;
    char text[2048], list[1400] = "";
    double tss[40];
    const double bath = 358, area = 1.6e-15, rr = 100 * 1e6;
    int n = 0;
    for (double t = 378; t <= 393.01; t += 0.5, n++) {
        tss[n] = t;
        char item[40];
        snprintf(item, sizeof item, "%s%.6e", n ? ", " : "", sqrt((t - bath) / rr) / area);
        strncat(list, item, sizeof list - strlen(list) - 1);
    }
    snprintf(text, sizeof text,
             "table = { engine = \"phase\"; hidden = \"ionics\"; theta = [0.0, 0.25]; kind = \"current_density\";\n"
             "  current_density = [%s]; width = [\"10 ns\"]; temperature = [\"%g K\"];\n"
             "  pulse = { delay = \"0.2 ns\"; rise = \"0 s\"; fall = \"0 s\"; relax = \"2 ns\"; };\n"
             "  trials = 128; max_trials = 128; halfwidth = 0; model_cutoff = 0; };\n", list, bath);
    if (load(text, &s))
        return 1;
    ms_tablegen *tg;
    ms_error err;
    double t0, se0, t1, se1;
    if (ms_tablegen_create(&tg, &s, ctx, &err)) {
        printf("error: %s\n", err.message);
        return 1;
    }
    if (threshold(tg, &s, 0, tss, &t0, &se0) || threshold(tg, &s, 1, tss, &t1, &se1))
        return 1;
    ms_tablegen_destroy(tg);
    printf("phase/table: threshold plateau temperatures %.3f K (c = 0), %.3f K (c = 0.25)\n", t0, t1);
    return ms_validate_report("phase/table_threshold_shift_K", t1 - t0, -20 * 0.25, 4 * hypot(se0, se1) + 0.25);
}

int main(void)
{
    ms_ctx ctx = {.seed = 3, .threads = 2};
    int fails = part_a(&ctx);
    return fails + part_b(&ctx);
}
