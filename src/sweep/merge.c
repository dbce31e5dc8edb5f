/* merge.c — part files (--part I/N) and `metaspin merge`: a part file is a complete output file in
 * which only the units u ≡ I (mod N) were computed; /part/done marks them and the root attribute
 * part_datasets lists the datasets that hold one block per unit (unit-major). Merging copies the
 * first part whole (groups, datasets, attributes, minus /part), then fills each per-unit dataset
 * block by block from the part that computed the unit. Since a unit's values depend only on its
 * index (sweep.h), the merged datasets equal those of a single run. */
#include <stdlib.h>
#include <string.h>
#include "metaspin/h5.h"
#include "metaspin/sweep.h"

int ms_part_mark(hid_t root, int part_index, int part_count, const char *datasets, const uint8_t *done,
                 size_t n_units, ms_error *err)
{
    char part[64];
    int status;
    const hsize_t n = n_units;
    snprintf(part, sizeof part, "%d/%d", part_index, part_count);
    MS_TRY(ms_h5_attr_string(root, "/", "part", part, err));
    MS_TRY(ms_h5_attr_string(root, "/", "part_datasets", datasets, err));
    MS_TRY(ms_h5_write_uint8(root, "/part/done", done, 1, &n, "", err));
fail:
    return status;
}

typedef struct part_file {
    hid_t f;
    double *done;
    size_t n_units;
    char *config, *datasets;
    unsigned long long seed;
} part_file;

static int read_seed(hid_t f, unsigned long long *seed)
{
    hid_t a = H5Aopen(f, "seed", H5P_DEFAULT);
    if (a < 0)
        return -1;
    const herr_t r = H5Aread(a, H5T_NATIVE_ULLONG, seed);
    H5Aclose(a);
    return r < 0 ? -1 : 0;
}

static int part_open(part_file *p, const char *path, ms_error *err)
{
    int rank, status;
    hsize_t dims[8];
    memset(p, 0, sizeof *p);
    p->f = -1;
    MS_TRY(ms_h5_open_read(&p->f, path, err));
    if (!ms_h5_exists(p->f, "/part/done"))
        return MS_ERROR(err, MS_EINPUT, "merge: \"%s\" is not a part file (no /part/done; made with --part?)", path);
    MS_TRY(ms_h5_read_double(p->f, "/part/done", &p->done, &rank, dims, err));
    p->n_units = (size_t)dims[0];
    MS_TRY(ms_h5_read_attr_string(p->f, "/", "config", &p->config, err));
    MS_TRY(ms_h5_read_attr_string(p->f, "/", "part_datasets", &p->datasets, err));
    if (read_seed(p->f, &p->seed))
        return MS_ERROR(err, MS_EINPUT, "merge: \"%s\" has no seed attribute", path);
fail:
    return status;
}

static void part_close(part_file *p)
{
    if (p->f >= 0)
        H5Fclose(p->f);
    free(p->done);
    free(p->config);
    free(p->datasets);
}

/* Copy every root attribute of src that dst lacks (strings, integers, floats). */
static int copy_root_attrs(hid_t src, hid_t dst, ms_error *err)
{
    H5O_info_t info;
    if (H5Oget_info(src, &info) < 0)
        return MS_ERROR(err, MS_EIO, "merge: cannot list root attributes");
    for (hsize_t k = 0; k < info.num_attrs; k++) {
        char name[256];
        hid_t a = H5Aopen_by_idx(src, ".", H5_INDEX_NAME, H5_ITER_INC, k, H5P_DEFAULT, H5P_DEFAULT);
        if (a < 0)
            continue;
        H5Aget_name(a, sizeof name, name);
        hid_t t = H5Aget_type(a);
        const H5T_class_t cls = H5Tget_class(t);
        int status = MS_OK;
        if (H5Aexists(dst, name) <= 0 && strcmp(name, "part") && strcmp(name, "part_datasets")) {
            if (cls == H5T_STRING) {
                char *v = NULL;
                status = ms_h5_read_attr_string(src, "/", name, &v, err);
                if (!status)
                    status = ms_h5_attr_string(dst, "/", name, v, err);
                free(v);
            } else if (cls == H5T_INTEGER || cls == H5T_FLOAT) {
                long long iv;
                double dv;
                const int is_int = cls == H5T_INTEGER;
                hid_t s = H5Screate(H5S_SCALAR);
                hid_t b = H5Acreate2(dst, name, is_int ? H5T_STD_I64LE : H5T_IEEE_F64LE, s, H5P_DEFAULT, H5P_DEFAULT);
                if (b < 0 || H5Aread(a, is_int ? H5T_NATIVE_LLONG : H5T_NATIVE_DOUBLE, is_int ? (void *)&iv : (void *)&dv) < 0 ||
                    H5Awrite(b, is_int ? H5T_NATIVE_LLONG : H5T_NATIVE_DOUBLE, is_int ? (void *)&iv : (void *)&dv) < 0)
                    status = MS_ERROR(err, MS_EIO, "merge: cannot copy root attribute %s", name);
                if (b >= 0)
                    H5Aclose(b);
                H5Sclose(s);
            }
        }
        H5Tclose(t);
        H5Aclose(a);
        if (status)
            return status;
    }
    return MS_OK;
}

/* Copy all top-level objects except /part. */
static herr_t copy_one(hid_t g, const char *name, const H5L_info_t *info, void *op)
{
    (void)info;
    hid_t dst = *(hid_t *)op;
    if (strcmp(name, "part") == 0)
        return 0;
    return H5Ocopy(g, name, dst, name, H5P_DEFAULT, H5P_DEFAULT) < 0 ? -1 : 0;
}

/* Fill dataset `path` of dst from the parts, block u from the part whose done[u] is set. */
static int merge_dataset(hid_t dst, const part_file *parts, int n, const char *path, ms_error *err)
{
    double *out = NULL, *v = NULL;
    int rank, status = MS_OK;
    hsize_t dims[8];
    for (int k = 0; k < n && !status; k++) {
        status = ms_h5_read_double(parts[k].f, path, &v, &rank, dims, err);
        if (status)
            break;
        size_t total = 1;
        for (int d = 0; d < rank; d++)
            total *= (size_t)dims[d];
        const size_t block = total / parts[k].n_units;
        if (block * parts[k].n_units != total) {
            status = MS_ERROR(err, MS_EINPUT, "merge: dataset %s is not a per-unit dataset", path);
        } else if (!out) {
            out = v;
            v = NULL;
        } else {
            for (size_t u = 0; u < parts[k].n_units; u++)
                if (parts[k].done[u] != 0)
                    memcpy(out + u * block, v + u * block, block * sizeof *v);
        }
        free(v);
        v = NULL;
    }
    if (!status) {
        hid_t ds = H5Dopen2(dst, path, H5P_DEFAULT);
        if (ds < 0 || H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) < 0)
            status = MS_ERROR(err, MS_EIO, "merge: cannot write %s", path);
        if (ds >= 0)
            H5Dclose(ds);
    }
    free(out);
    return status;
}

static int check_parts(const part_file *p, int n, const char *const *names, ms_error *err)
{
    for (int k = 1; k < n; k++)
        if (p[k].n_units != p[0].n_units || strcmp(p[k].config, p[0].config) || p[k].seed != p[0].seed ||
            strcmp(p[k].datasets, p[0].datasets))
            return MS_ERROR(err, MS_EINPUT, "merge: \"%s\" and \"%s\" come from different runs (config, seed or size differ)",
                            names[0], names[k]);
    for (size_t u = 0; u < p[0].n_units; u++) {
        int have = 0;
        for (int k = 0; k < n; k++)
            have |= p[k].done[u] != 0;
        if (!have)
            return MS_ERROR(err, MS_EINPUT, "merge: point %zu is in none of the parts (a part missing or unfinished?)", u);
    }
    return MS_OK;
}

static int merge_all(const part_file *p, int n, hid_t dst, ms_error *err)
{
    int status = MS_OK;
    hid_t fdst = dst;
    if (H5Literate(p[0].f, H5_INDEX_NAME, H5_ITER_INC, NULL, copy_one, &fdst) < 0)
        return MS_ERROR(err, MS_EIO, "merge: cannot copy the first part");
    MS_TRY(copy_root_attrs(p[0].f, dst, err));
    char *list = strdup(p[0].datasets);
    if (!list)
        return MS_ERROR(err, MS_ENOMEM, "merge: out of memory");
    for (char *save = NULL, *tok = strtok_r(list, ", ", &save); tok && !status; tok = strtok_r(NULL, ", ", &save))
        status = merge_dataset(dst, p, n, tok, err);
    free(list);
fail:
    return status;
}

int ms_part_merge(const char *const *names, int n, const char *out, const char *command_line, int threads,
                  ms_error *err)
{
    if (n < 1)
        return MS_ERROR(err, MS_EINPUT, "merge: no part files given");
    part_file *p = calloc((size_t)n, sizeof *p);
    ms_h5 *h5 = NULL;
    int status = MS_OK;
    if (!p)
        return MS_ERROR(err, MS_ENOMEM, "merge: out of memory");
    for (int k = 0; k < n; k++)
        p[k].f = -1;
    for (int k = 0; k < n && !status; k++)
        status = part_open(&p[k], names[k], err);
    if (status)
        goto fail;
    MS_TRY(check_parts(p, n, names, err));
    char *refs = NULL;
    ms_h5_read_attr_string(p[0].f, "/", "references", &refs, NULL);
    const ms_run_info info = {.command = "merge", .command_line = command_line, .seed = p[0].seed,
                              .threads = threads, .config_text = p[0].config, .references = refs};
    status = ms_h5_create(&h5, out, &info, err);
    free(refs);
    if (status)
        goto fail;
    MS_TRY(merge_all(p, n, ms_h5_root(h5), err));
    status = ms_h5_commit(h5, err);
    h5 = NULL;
fail:
    ms_h5_abort(h5);
    for (int k = 0; k < n; k++)
        part_close(&p[k]);
    free(p);
    return status;
}
