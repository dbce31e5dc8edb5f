/* config.c — libFuzzer target: the config + unit parser. The input is written to a temporary file
 * and loaded with ms_config_load() against the schemas of every physics command (macrospin, mesh,
 * ionics, table, sweep, fit keys), then (once loaded) rendered; the same bytes, as text, also go
 * through ms_units_convert() against each unit the key tables use. A bad input must give an
 * error (MS_EINPUT), never a crash, leak or undefined behaviour. */
#include <stdint.h>
#include "fuzz_util.h"
#include "metaspin/config.h"
#include "metaspin/fit.h"
#include "metaspin/ionics.h"
#include "metaspin/macrospin.h"
#include "metaspin/mesh.h"
#include "metaspin/sweep.h"
#include "metaspin/tablegen.h"
#include "metaspin/units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const ms_key *const schemas[] = {ms_macrospin_keys, ms_mesh_keys, ms_ionics_keys, ms_tablegen_keys,
                                            ms_sweep_keys, ms_fit_keys, ms_output_keys, NULL};
    static const char *const units[] = {"m", "A/m", "J/m^3", "s", "K", "V", "A/m^2", "J/m^2", "1/m^3",
                                        "eV", "rad/(s T)", "m/(A s)", "Hz", "ohm", "", "T", "J/(V m)"};
    const char *path = fuzz_file("config", ".cfg", data, size);
    ms_config *cfg = NULL;
    ms_error err = {0};
    if (ms_config_load(&cfg, path, NULL, 0, schemas, &err) == MS_OK) {
        (void)ms_config_text(cfg);
        /* the cross-key checks of a device built from the keys (no large allocation here) */
        ms_macrospin_device dev;
        ms_macrospin_options opt;
        (void)ms_macrospin_device_from_config(cfg, &dev, &err);
        (void)ms_macrospin_options_from_config(cfg, &opt, &err);
        ms_config_destroy(cfg);
    }
    if (size < 256) {
        char *text = fuzz_string(data, size);
        char why[256];
        for (size_t k = 0; k < sizeof units / sizeof *units; k++) {
            double v;
            (void)ms_units_convert(text, units[k], &v, why, sizeof why);
        }
        free(text);
    }
    return 0;
}
