/* validation/table/thermal_mfpt — a small device table in the thermally activated regime
 * (field pulses along the easy axis) against the exact Néel–Brown first-passage model
 * (PHYSICS.md §1, §4), plus monotonicity in amplitude and width and the to_plus/to_minus symmetry
 * of a symmetric device. Body: ../table_case.h; what and why: README.md. */
#include "../table_case.h"

static const char *CFG =
    "device = { ms = \"1 MA/m\"; geometry = \"given\"; volume = \"3.3e-25 m^3\";\n"
    "  demag = [0.3333333333333333, 0.3333333333333333, 0.3333333333333334];\n"
    "  alpha = 0.1; axis = [0, 0, 1]; };\n"
    "solver = { integrator = \"heun\"; dt = \"2 ps\"; };\n"
    "table = { hidden = \"delta\"; delta = [8.0, 10.0]; kind = \"field\";\n"
    "  field = [\"40 kA/m\", \"60 kA/m\"]; width = [\"3 ns\", \"10 ns\"]; temperature = [\"300 K\"];\n"
    "  trials = 1000; max_trials = 1000; halfwidth = 0.0; model_cutoff = 0.0;\n"
    "  pulse = { delay = \"0 s\"; rise = \"0 s\"; fall = \"0 s\"; relax = \"1 ns\"; }; };\n";

int main(void)
{
    return table_case_run("table/thermal_mfpt", CFG, 77, "kA/m", 1e3);
}
