/* h5.c — HDF5 output files written atomically (NAME.tmp, renamed on commit) with provenance,
 * datasets with `units` attributes, and read helpers (see include/metaspin/h5.h).
 *
 * Strings are stored as variable-length UTF-8 so that h5py returns Python str. HDF5's own error
 * stack printing is switched off: failures come back as ms_error messages naming file and path. */
#include "metaspin/h5.h"
#include "metaspin/version.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct ms_h5 {
    hid_t file;
    char path[1024];
    char tmp[1040];
};

/* Every entry point calls this first. H5dont_atexit (before the library initialises; later calls
 * are no-ops): when a write fails on a full disk, H5Fclose fails and leaves the file half closed,
 * and HDF5's own atexit clean-up then crashes (H5F__close_cb, libhdf5 1.10) after we have reported
 * the error cleanly. Every file metaspin opens is closed explicitly, so nothing needs the hook. */
static void ms_h5_quiet(void)
{
    (void)H5dont_atexit();
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

static void ms_h5_time(char *buf, size_t len, time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Open the object at path ("/" = loc itself) for attribute writes. */
static hid_t ms_h5_object(hid_t loc, const char *path)
{
    if (!path || !path[0] || strcmp(path, "/") == 0 || strcmp(path, ".") == 0)
        return H5Oopen(loc, ".", H5P_DEFAULT);
    return H5Oopen(loc, path, H5P_DEFAULT);
}

int ms_h5_attr_string(hid_t loc, const char *path, const char *name, const char *value, ms_error *err)
{
    ms_h5_quiet();
    int status = MS_OK;
    hid_t obj = ms_h5_object(loc, path), type = -1, space = -1, attr = -1;
    if (obj < 0)
        return MS_ERROR(err, MS_EIO, "hdf5: no object \"%s\" for attribute %s", path, name);
    type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    H5Tset_cset(type, H5T_CSET_UTF8);
    space = H5Screate(H5S_SCALAR);
    if (H5Aexists(obj, name) > 0)
        H5Adelete(obj, name);
    attr = H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    const char *v = value ? value : "";
    if (attr < 0 || H5Awrite(attr, type, &v) < 0)
        status = MS_ERROR(err, MS_EIO, "hdf5: cannot write attribute %s on \"%s\"", name, path);
    if (attr >= 0)
        H5Aclose(attr);
    H5Sclose(space);
    H5Tclose(type);
    H5Oclose(obj);
    return status;
}

int ms_h5_attr_double(hid_t loc, const char *path, const char *name, double value, ms_error *err)
{
    ms_h5_quiet();
    int status = MS_OK;
    hid_t obj = ms_h5_object(loc, path);
    if (obj < 0)
        return MS_ERROR(err, MS_EIO, "hdf5: no object \"%s\" for attribute %s", path, name);
    hid_t space = H5Screate(H5S_SCALAR);
    if (H5Aexists(obj, name) > 0)
        H5Adelete(obj, name);
    hid_t attr = H5Acreate2(obj, name, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT);
    if (attr < 0 || H5Awrite(attr, H5T_NATIVE_DOUBLE, &value) < 0)
        status = MS_ERROR(err, MS_EIO, "hdf5: cannot write attribute %s on \"%s\"", name, path);
    if (attr >= 0)
        H5Aclose(attr);
    H5Sclose(space);
    H5Oclose(obj);
    return status;
}

static int ms_h5_attr_uint64(hid_t loc, const char *name, uint64_t value, ms_error *err)
{
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t attr = H5Acreate2(loc, name, H5T_NATIVE_UINT64, space, H5P_DEFAULT, H5P_DEFAULT);
    int status = MS_OK;
    if (attr < 0 || H5Awrite(attr, H5T_NATIVE_UINT64, &value) < 0)
        status = MS_ERROR(err, MS_EIO, "hdf5: cannot write attribute %s", name);
    if (attr >= 0)
        H5Aclose(attr);
    H5Sclose(space);
    return status;
}

int ms_h5_create(ms_h5 **out, const char *path, const ms_run_info *info, ms_error *err)
{
    ms_h5_quiet();
    *out = NULL;
    ms_h5 *f = calloc(1, sizeof *f);
    if (!f)
        return MS_ERROR(err, MS_ENOMEM, "out of memory");
    if (snprintf(f->path, sizeof f->path, "%s", path) >= (int)sizeof f->path) {
        free(f);
        return MS_ERROR(err, MS_EINPUT, "output path too long: \"%.60s...\"", path);
    }
    snprintf(f->tmp, sizeof f->tmp, "%s.tmp", path);
    f->file = H5Fcreate(f->tmp, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (f->file < 0) {
        free(f);
        return MS_ERROR(err, MS_EIO, "cannot create \"%s.tmp\": %s", path,
                        errno ? strerror(errno) : "hdf5 error");
    }
    char now[32];
    ms_h5_time(now, sizeof now, info && info->start ? info->start : time(NULL));
    int status = MS_OK;
    const hid_t root = f->file;
    MS_TRY(ms_h5_attr_string(root, "/", "program", "metaspin", err));
    MS_TRY(ms_h5_attr_string(root, "/", "version", ms_version(), err));
    MS_TRY(ms_h5_attr_string(root, "/", "git_revision", ms_git_revision(), err));
    MS_TRY(ms_h5_attr_string(root, "/", "start_time", now, err));
    if (info) {
        MS_TRY(ms_h5_attr_string(root, "/", "command", info->command, err));
        MS_TRY(ms_h5_attr_string(root, "/", "command_line", info->command_line, err));
        MS_TRY(ms_h5_attr_uint64(root, "seed", info->seed, err));
        MS_TRY(ms_h5_attr_double(root, "/", "threads", info->threads, err));
        MS_TRY(ms_h5_attr_string(root, "/", "config", info->config_text, err));
        MS_TRY(ms_h5_attr_string(root, "/", "references", info->references, err));
    }
    *out = f;
    return MS_OK;
fail:
    ms_h5_abort(f);
    return status;
}

hid_t ms_h5_root(const ms_h5 *f) { return f->file; }

int ms_h5_set_references(ms_h5 *f, const char *references, ms_error *err)
{
    return ms_h5_attr_string(f->file, "/", "references", references, err);
}

int ms_h5_commit(ms_h5 *f, ms_error *err)
{
    char now[32];
    ms_h5_time(now, sizeof now, time(NULL));
    int status = ms_h5_attr_string(f->file, "/", "end_time", now, err);
    if (status == MS_OK && H5Fflush(f->file, H5F_SCOPE_GLOBAL) < 0)
        status = MS_ERROR(err, MS_EIO, "cannot flush \"%s\" (disk full?)", f->tmp);
    if (H5Fclose(f->file) < 0 && status == MS_OK)
        status = MS_ERROR(err, MS_EIO, "cannot close \"%s\" (disk full?)", f->tmp);
    if (status == MS_OK && rename(f->tmp, f->path) != 0)
        status = MS_ERROR(err, MS_EIO, "cannot rename \"%s\" to \"%s\": %s", f->tmp, f->path, strerror(errno));
    if (status != MS_OK)
        unlink(f->tmp);
    free(f);
    return status;
}

void ms_h5_abort(ms_h5 *f)
{
    if (!f)
        return;
    H5Fclose(f->file);
    unlink(f->tmp);
    free(f);
}

static int ms_h5_write(hid_t loc, const char *path, hid_t mem_type, hid_t file_type, const void *data,
                       int rank, const hsize_t *dims, const char *units, ms_error *err)
{
    ms_h5_quiet();
    int status = MS_OK;
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    hid_t space = rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(rank, dims, NULL);
    if (H5Lexists(loc, path, H5P_DEFAULT) > 0)
        H5Ldelete(loc, path, H5P_DEFAULT);
    hid_t ds = H5Dcreate2(loc, path, file_type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT);
    if (ds < 0 || H5Dwrite(ds, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
        status = MS_ERROR(err, MS_EIO, "hdf5: cannot write dataset \"%s\" (disk full?)", path);
    if (ds >= 0)
        H5Dclose(ds);
    H5Sclose(space);
    H5Pclose(lcpl);
    if (status == MS_OK)
        status = ms_h5_attr_string(loc, path, "units", units ? units : "", err);
    return status;
}

int ms_h5_write_double(hid_t loc, const char *path, const double *data, int rank, const hsize_t *dims,
                       const char *units, ms_error *err)
{
    return ms_h5_write(loc, path, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, data, rank, dims, units, err);
}

int ms_h5_write_float(hid_t loc, const char *path, const float *data, int rank, const hsize_t *dims,
                      const char *units, ms_error *err)
{
    return ms_h5_write(loc, path, H5T_NATIVE_FLOAT, H5T_IEEE_F32LE, data, rank, dims, units, err);
}

int ms_h5_write_int64(hid_t loc, const char *path, const int64_t *data, int rank, const hsize_t *dims,
                      const char *units, ms_error *err)
{
    return ms_h5_write(loc, path, H5T_NATIVE_INT64, H5T_STD_I64LE, data, rank, dims, units, err);
}

int ms_h5_write_uint8(hid_t loc, const char *path, const uint8_t *data, int rank, const hsize_t *dims,
                      const char *units, ms_error *err)
{
    return ms_h5_write(loc, path, H5T_NATIVE_UINT8, H5T_STD_U8LE, data, rank, dims, units, err);
}

int ms_h5_write_scalar(hid_t loc, const char *path, double value, const char *units, ms_error *err)
{
    return ms_h5_write(loc, path, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, &value, 0, NULL, units, err);
}

int ms_h5_open_read(hid_t *file, const char *path, ms_error *err)
{
    ms_h5_quiet();
    if (access(path, R_OK) != 0)
        return MS_ERROR(err, MS_EINPUT, "cannot open \"%s\": %s", path, strerror(errno));
    if (H5Fis_hdf5(path) <= 0)
        return MS_ERROR(err, MS_EINPUT, "\"%s\" is not an HDF5 file (or is truncated)", path);
    *file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (*file < 0)
        return MS_ERROR(err, MS_EINPUT, "cannot open \"%s\" as HDF5", path);
    return MS_OK;
}

int ms_h5_exists(hid_t loc, const char *path)
{
    ms_h5_quiet();
    /* H5Lexists fails on a missing intermediate group: check each prefix */
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + (buf[0] == '/'); ; p++) {
        const char c = *p;
        if (c == '/' || c == '\0') {
            *p = '\0';
            if (buf[0] && strcmp(buf, "/") && H5Lexists(loc, buf, H5P_DEFAULT) <= 0)
                return 0;
            if (c == '\0')
                return 1;
            *p = '/';
        }
    }
}

int ms_h5_read_double(hid_t loc, const char *path, double **data, int *rank, hsize_t dims[8], ms_error *err)
{
    ms_h5_quiet();
    *data = NULL;
    if (!ms_h5_exists(loc, path))
        return MS_ERROR(err, MS_EINPUT, "missing dataset \"%s\"", path);
    hid_t ds = H5Dopen2(loc, path, H5P_DEFAULT);
    if (ds < 0)
        return MS_ERROR(err, MS_EINPUT, "\"%s\" is not a dataset", path);
    hid_t space = H5Dget_space(ds);
    const int r = H5Sget_simple_extent_ndims(space);
    int status = MS_OK;
    if (r < 0 || r > 8) {
        status = MS_ERROR(err, MS_EINPUT, "dataset \"%s\" has unsupported rank %d", path, r);
        goto done;
    }
    H5Sget_simple_extent_dims(space, dims, NULL);
    size_t n = 1;
    for (int i = 0; i < r; i++)
        n *= dims[i];
    *rank = r;
    *data = malloc((n ? n : 1) * sizeof **data);
    if (!*data) {
        status = MS_ERROR(err, MS_ENOMEM, "out of memory reading \"%s\"", path);
        goto done;
    }
    if (n && H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, *data) < 0) {
        free(*data);
        *data = NULL;
        status = MS_ERROR(err, MS_EINPUT, "cannot read dataset \"%s\" as numbers", path);
    }
done:
    H5Sclose(space);
    H5Dclose(ds);
    return status;
}

int ms_h5_read_attr_string(hid_t loc, const char *path, const char *name, char **value, ms_error *err)
{
    ms_h5_quiet();
    *value = NULL;
    hid_t obj = ms_h5_object(loc, path);
    if (obj < 0)
        return MS_ERROR(err, MS_EINPUT, "missing object \"%s\"", path);
    int status = MS_OK;
    hid_t attr = H5Aexists(obj, name) > 0 ? H5Aopen(obj, name, H5P_DEFAULT) : -1;
    if (attr < 0) {
        H5Oclose(obj);
        return MS_ERROR(err, MS_EINPUT, "missing attribute %s on \"%s\"", name, path);
    }
    hid_t ftype = H5Aget_type(attr);
    if (H5Tget_class(ftype) != H5T_STRING) {
        status = MS_ERROR(err, MS_EINPUT, "attribute %s on \"%s\" is not a string", name, path);
    } else if (H5Tis_variable_str(ftype) > 0) {
        hid_t mtype = H5Tcopy(ftype); /* same character set: HDF5 does not convert ASCII <-> UTF-8 */
        char *v = NULL;
        if (H5Aread(attr, mtype, &v) >= 0 && v) {
            *value = strdup(v);
            H5free_memory(v);
        }
        H5Tclose(mtype);
    } else {
        const size_t size = H5Tget_size(ftype);
        *value = calloc(size + 1, 1);
        if (*value && H5Aread(attr, ftype, *value) < 0) {
            free(*value);
            *value = NULL;
        }
    }
    if (status == MS_OK && !*value)
        status = MS_ERROR(err, MS_EINPUT, "cannot read attribute %s on \"%s\"", name, path);
    H5Tclose(ftype);
    H5Aclose(attr);
    H5Oclose(obj);
    return status;
}
