/* validation/table/stt_mfpt — the same thermally activated table driven by collinear
 * spin-transfer torque (p ∥ u, constant η) instead of a field: the damping-like torque acts on the
 * polar angle exactly as the axial field a_J/α, so the exact first-passage model with
 * h = J/J_c0 applies (PHYSICS.md §1). Checks the STT drive, its sign convention in both
 * directions and J_c0. Body: ../table_case.h; what and why: README.md. */
#include "../table_case.h"

static const char *CFG =
    "device = { ms = \"1 MA/m\"; geometry = \"given\"; volume = \"3.3e-25 m^3\"; t_free = \"1 nm\";\n"
    "  demag = [0.3333333333333333, 0.3333333333333333, 0.3333333333333334];\n"
    "  alpha = 0.1; axis = [0, 0, 1]; stt = { model = \"constant\"; eta = 0.5; p = [0, 0, -1]; }; };\n"
    "solver = { integrator = \"heun\"; dt = \"2 ps\"; };\n"
    "table = { hidden = \"delta\"; delta = [8.0, 10.0]; kind = \"current_density\";\n"
    "  current_density = [\"3e10 A/m^2\", \"4.5e10 A/m^2\"]; width = [\"3 ns\", \"10 ns\"];\n"
    "  temperature = [\"300 K\"]; trials = 1000; max_trials = 1000; halfwidth = 0.0; model_cutoff = 0.0;\n"
    "  pulse = { delay = \"0 s\"; rise = \"0 s\"; fall = \"0 s\"; relax = \"1 ns\"; }; };\n";

int main(void)
{
    return table_case_run("table/stt_mfpt", CFG, 78, "e10A/m^2", 1e10);
}
