/* examples — the example configs reproduce the documented orders of magnitude (PHYSICS.md §3):
 *  - Pt/Co/GdOx oxygen at −2 V, 300 K: time to one monolayer (optimal PMA) 10²–10³ s;
 *  - the same heated to 370 K: seconds (orders faster);
 *  - hydrogen (+2 V, proton reservoir): ≈ 100 ms to 90 % of a monolayer;
 *  - K_eff along a long −2 V oxidation: in-plane → PMA → in-plane (two sign changes), with the
 *    PMA maximum at the worked-example value K_eff(K_s,top = 0.75 mJ/m²) = 0.27 MJ/m³.
 * Run from the repository root (make validate does). */
#include <string.h>
#include "common.h"
#include "../util.h"

static int load(const char *file, ms_ionics_model *m)
{
    const ms_key *const schemas[] = {ms_ionics_keys, ms_output_keys, NULL};
    ms_config *cfg = NULL;
    ms_error err = {0};
    int status = ms_config_load(&cfg, file, NULL, 0, schemas, &err);
    if (!status)
        status = ms_ionics_model_from_config(m, cfg, &err);
    if (status)
        fprintf(stderr, "%s: %s\n", file, err.message);
    ms_config_destroy(cfg);
    return status;
}

static int keff_sequence(ms_ionics_model *m)
{
    ms_ionics_state *s = NULL;
    if (ms_ionics_state_create(&s, m, 1, NULL))
        return 1;
    m->gate = (ms_ionics_wave){.shape = MS_IONICS_WAVE_DC, .on = -2.0};
    int changes = 0, prev_sign = 0;
    double kmax = -INFINITY;
    for (int i = 0; i <= 400; ++i) {
        ms_ionics_advance(s, m, 5.0 * i, 1.0, NULL, NULL);
        ms_ionics_magnetic p;
        ms_ionics_magnetic_params(m, ms_ionics_theta(s, m, 0), -1.0, 300.0, &p, NULL);
        const int sign = p.k_eff > 0 ? 1 : -1;
        changes += prev_sign && sign != prev_sign;
        prev_sign = sign;
        kmax = fmax(kmax, p.k_eff);
    }
    ms_ionics_state_destroy(s);
    int fail = ms_validate_report("ionics/examples/oxygen_keff_sign_changes", changes, 2, 0);
    return fail + ms_validate_report("ionics/examples/oxygen_keff_max_MJm3", kmax / 1e6, 0.27, 0.01);
}

int main(void)
{
    ms_ionics_model ox, hy;
    if (load("configs/ionics-gdox-oxygen.cfg", &ox) || load("configs/ionics-gdox-hydrogen.cfg", &hy))
        return 1;
    const double v_ox = ox.gate.on, v_h = hy.gate.on;
    double t300, t370, th;
    if (val_cross_times(&ox, &v_ox, 1, 300.0, 1.0, &t300) || val_cross_times(&ox, &v_ox, 1, 370.0, 1.0, &t370)
        || val_cross_times(&hy, &v_h, 1, 300.0, 0.9, &th))
        return 1;
    printf("# oxygen: %.4g s at 300 K, %.4g s at 370 K; hydrogen: %.4g s\n", t300, t370, th);
    int fail = ms_validate_report("ionics/examples/oxygen_log10_t1ML_300K", log10(t300), 2.5, 0.5);
    fail += ms_validate_report("ionics/examples/oxygen_log10_t1ML_370K", log10(t370), 0.0, 1.0);
    fail += ms_validate_report("ionics/examples/hydrogen_log10_t90_300K", log10(th), -1.0, 0.5);
    return fail + keff_sequence(&ox);
}
