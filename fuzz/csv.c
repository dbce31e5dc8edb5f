/* csv.c — libFuzzer target: the fit CSV reader (src/switching/csv_table.c) and the measured-data
 * checks built on it (ms_fit_data_from_table: units, p in [0, 1], counts). The input is the file
 * text; errors must be MS_EINPUT with file:line, never a crash. */
#include <stdint.h>
#include "fuzz_util.h"
#include "metaspin/fit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_string(data, size);
    ms_csv_table *t = NULL;
    ms_error err = {0};
    if (ms_csv_table_parse(&t, text, "fuzz.csv", &err) == MS_OK) {
        ms_fit_data *d = NULL;
        if (ms_fit_data_from_table(&d, t, 300.0, &err) == MS_OK)
            ms_fit_data_destroy(d);
        ms_csv_table_destroy(t);
    }
    free(text);
    /* the file path of the same reader (line reading, size limits) */
    const char *path = fuzz_file("csv", ".csv", data, size);
    if (ms_csv_table_read(&t, path, &err) == MS_OK)
        ms_csv_table_destroy(t);
    return 0;
}
