/* table.c — libFuzzer target: the HDF5 device-table reader ms_table_open() on the input bytes
 * written to a temporary file, then one lookup at the first grid point. Errors must be MS_EINPUT
 * naming the dataset, never a crash. Crashes inside libhdf5 itself (not instrumented here) are
 * reported as such: our reader cannot validate a file before HDF5 has parsed it. */
#include <stdint.h>
#include "fuzz_util.h"
#include "metaspin/table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file("table", ".h5", data, size);
    ms_table *t = NULL;
    ms_error err = {0};
    if (ms_table_open(path, &t, &err) == MS_OK) {
        double p;
        (void)ms_table_lookup(t, t->h.v[0], t->amplitude.v[0], t->width.v[0], t->temperature.v[0], 0, &p, &err);
        ms_table_close(t);
    }
    return 0;
}
