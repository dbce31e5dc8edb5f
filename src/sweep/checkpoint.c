/* checkpoint.c — checkpoint files of a work-unit run (sweep.h) and the FNV-1a hash that
 * fingerprints a run. Layout: "MSCKPT01", uint64 fingerprint, uint64 n_units, uint64 record_len,
 * done[n_units] (bytes), records[n_units][record_len] (doubles, host byte order). Saved to
 * PATH.tmp, flushed and renamed, so after a kill -9 the file under PATH is always a complete
 * checkpoint (at worst one unit old). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "metaspin/sweep.h"

static const char MAGIC[8] = {'M', 'S', 'C', 'K', 'P', 'T', '0', '1'};

uint64_t ms_hash_bytes(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    if (h == 0)
        h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

uint64_t ms_hash_string(uint64_t h, const char *s)
{
    return ms_hash_bytes(h, s ? s : "", s ? strlen(s) : 0);
}

int ms_checkpoint_save(const char *path, uint64_t fingerprint, size_t n_units, size_t record_len,
                       const uint8_t *done, const double *records, ms_error *err)
{
    char tmp[4200];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
        return MS_ERROR(err, MS_EINPUT, "checkpoint path too long");
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return MS_ERROR(err, MS_EIO, "cannot create checkpoint \"%s\": %s", tmp, strerror(errno));
    const uint64_t head[3] = {fingerprint, n_units, record_len};
    int ok = fwrite(MAGIC, 1, 8, f) == 8 && fwrite(head, sizeof head, 1, f) == 1 &&
             fwrite(done, 1, n_units, f) == n_units &&
             fwrite(records, sizeof(double), n_units * record_len, f) == n_units * record_len;
    ok = fflush(f) == 0 && ok;
    ok = fclose(f) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        return MS_ERROR(err, MS_EIO, "cannot write checkpoint \"%s\" (disk full?)", path);
    }
    return MS_OK;
}

int ms_checkpoint_load(const char *path, uint64_t fingerprint, size_t n_units, size_t record_len,
                       uint8_t *done, double *records, int *found, ms_error *err)
{
    *found = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return errno == ENOENT ? MS_OK : MS_ERROR(err, MS_EIO, "cannot open checkpoint \"%s\": %s", path, strerror(errno));
    char magic[8];
    uint64_t head[3];
    int ok = fread(magic, 1, 8, f) == 8 && memcmp(magic, MAGIC, 8) == 0 && fread(head, sizeof head, 1, f) == 1;
    if (!ok) {
        fclose(f);
        return MS_ERROR(err, MS_EINPUT, "\"%s\" is not a metaspin checkpoint (or is truncated)", path);
    }
    if (head[0] != fingerprint || head[1] != n_units || head[2] != record_len) {
        fclose(f);
        return MS_ERROR(err, MS_EINPUT, "checkpoint \"%s\" belongs to a different run (config, seed or part "
                        "changed); remove it or run without --resume", path);
    }
    ok = fread(done, 1, n_units, f) == n_units &&
         fread(records, sizeof(double), n_units * record_len, f) == n_units * record_len;
    fclose(f);
    if (!ok)
        return MS_ERROR(err, MS_EINPUT, "checkpoint \"%s\" is truncated", path);
    *found = 1;
    return MS_OK;
}
