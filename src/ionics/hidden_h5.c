/* hidden_h5.c — writes the ionic hidden-state exports into a device table (DESIGN.md):
 *   /axes/gate_voltage (V), /axes/gate_width (s),
 *   /gate/h_after[h][gate_voltage][gate_width]  (ML; θ after one square gate pulse),
 *   /gate/retention[h][temperature]              (s; 1/e relaxation time at V_G = 0).
 * The shared axes /axes/h and /axes/temperature belong to the caller (the `table` command), which
 * passes the same values here. Computation: hidden.c. */
#include <stdlib.h>
#include "metaspin/h5.h"
#include "metaspin/ionics.h"

int ms_ionics_tables_write(hid_t loc, const ms_ionics_model *m, const double *h, size_t nh, const double *v,
                           size_t nv, const double *widths, size_t nw, const double *temps, size_t nt,
                           ms_ctx *ctx, ms_error *err)
{
    double *after = malloc(nh * nv * nw * sizeof *after), *tau = malloc(nh * nt * sizeof *tau);
    int status = MS_OK;
    if (!after || !tau) {
        status = MS_ERROR(err, MS_ENOMEM, "ionics: out of memory for the gate tables");
        goto fail;
    }
    MS_TRY(ms_ionics_gate_table(m, h, nh, v, nv, widths, nw, after, ctx, err));
    MS_TRY(ms_ionics_retention_table(m, h, nh, temps, nt, tau, ctx, err));
    const hsize_t dv = nv, dw = nw, d3[3] = {nh, nv, nw}, d2[2] = {nh, nt};
    MS_TRY(ms_h5_write_double(loc, "/axes/gate_voltage", v, 1, &dv, "V", err));
    MS_TRY(ms_h5_attr_string(loc, "/axes/gate_voltage", "meaning", "V_G = phi_gate - phi_FM", err));
    MS_TRY(ms_h5_write_double(loc, "/axes/gate_width", widths, 1, &dw, "s", err));
    MS_TRY(ms_h5_write_double(loc, "/gate/h_after", after, 3, d3, "", err));
    MS_TRY(ms_h5_attr_string(loc, "/gate/h_after", "meaning",
                             "interface coverage (monolayers) after one square gate pulse from h, oxide at c0", err));
    MS_TRY(ms_h5_write_double(loc, "/gate/retention", tau, 2, d2, "s", err));
    MS_TRY(ms_h5_attr_string(loc, "/gate/retention", "meaning",
                             "1/e relaxation time of the coverage toward its zero-bias equilibrium (inf: none)", err));
fail:
    free(after);
    free(tau);
    return status;
}
