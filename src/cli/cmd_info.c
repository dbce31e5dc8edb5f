/* cmd_info.c — `metaspin info FILE`: provenance of any metaspin HDF5 file and a listing of its
 * datasets (shape, units, range), so a file can be understood without h5py. */
#include "cli/cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void ms_info_attr(hid_t file, const char *name)
{
    char *v = NULL;
    if (ms_h5_read_attr_string(file, "/", name, &v, NULL) == MS_OK) {
        const char *nl = strchr(v, '\n');
        printf("  %-14s %.*s%s\n", name, nl ? (int)(nl - v) : (int)strlen(v), v, nl ? " ..." : "");
    }
    free(v);
}

static herr_t ms_info_visit(hid_t loc, const char *name, const H5O_info_t *info, void *data)
{
    (void)data;
    if (info->type != H5O_TYPE_DATASET)
        return 0;
    double *values = NULL;
    int rank = 0;
    hsize_t dims[8];
    char *units = NULL, shape[128] = "";
    size_t used = 0, n = 1;
    ms_h5_read_attr_string(loc, name, "units", &units, NULL);
    if (ms_h5_read_double(loc, name, &values, &rank, dims, NULL) != MS_OK) {
        printf("  /%-32s (not numeric)\n", name);
        free(units);
        return 0;
    }
    for (int i = 0; i < rank; i++) {
        used += (size_t)snprintf(shape + used, sizeof shape - used, "%s%llu", i ? "x" : "", (unsigned long long)dims[i]);
        n *= dims[i];
    }
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (isfinite(values[i])) {
            lo = fmin(lo, values[i]);
            hi = fmax(hi, values[i]);
        }
    }
    printf("  /%-32s %-12s %-10s", name, rank ? shape : "scalar", units && units[0] ? units : "-");
    if (n && lo <= hi)
        printf(" [%.4g, %.4g]", lo, hi);
    printf("\n");
    free(values);
    free(units);
    return 0;
}

static int ms_info_run(ms_cli *cli, ms_error *err)
{
    if (cli->n_positional != 1)
        return MS_ERROR(err, MS_EINPUT, "expects exactly one FILE");
    hid_t file;
    int status = ms_h5_open_read(&file, cli->positional[0], err);
    if (status)
        return status;
    printf("%s\n", cli->positional[0]);
    static const char *attrs[] = {"program", "version", "git_revision", "command", "command_line",
                                  "start_time", "end_time", "status"};
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
        ms_info_attr(file, attrs[i]);
    printf("datasets (path, shape, units, range):\n");
    H5Ovisit2(file, H5_INDEX_NAME, H5_ITER_INC, ms_info_visit, NULL, H5O_INFO_BASIC);
    if (ms_cli_opt(cli, "config")) {
        char *config = NULL;
        if (ms_h5_read_attr_string(file, "/", "config", &config, NULL) == MS_OK)
            printf("resolved config:\n%s", config);
        free(config);
    }
    H5Fclose(file);
    return MS_OK;
}

static const ms_cli_option ms_info_options[] = {
    {"config", NULL, "also print the resolved config stored in the file"},
    {NULL, NULL, NULL},
};

const ms_command ms_cmd_info = {
    .name = "info",
    .summary = "describe a metaspin HDF5 file: provenance, datasets, units, ranges",
    .usage = "FILE",
    .help = "Prints the provenance attributes (version, git revision, command line, times) and every\n"
            "dataset with its shape, units and range. --config adds the resolved config.",
    .options = ms_info_options,
    .schemas = NULL,
    .run = ms_info_run,
};
