/* idx.c — read IDX files (the MNIST format: LeCun et al., "The MNIST database"; also
 * Fashion-MNIST, Xiao et al. 2017, arXiv:1708.07747), gzip-compressed or plain.
 *
 * Layout: 4-byte magic {0, 0, type, rank}, rank big-endian uint32 dimensions, then the values in
 * row-major order. Only type 0x08 (unsigned byte) is accepted. Images (rank >= 2) become float
 * features x = byte / 255 in [0, 1]; labels (rank 1) become int32. zlib's gzread reads both gzip
 * and plain files transparently. Errors name the file and the byte offset of the bad field. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include "metaspin/learn.h"

typedef struct idx_file {
    uint32_t rank;
    uint32_t dims[8];
    size_t count;      /* product of dims */
    uint8_t *data;
} idx_file;

static int idx_read_exact(gzFile f, void *buf, size_t n, const char *path, size_t offset,
                          const char *what, ms_error *err)
{
    size_t got = 0;
    while (got < n) {
        unsigned chunk = (unsigned)((n - got) > (1u << 30) ? (1u << 30) : (n - got));
        int r = gzread(f, (char *)buf + got, chunk);
        if (r <= 0) {
            int zerr = 0;
            const char *msg = gzerror(f, &zerr);
            if (zerr != Z_OK && zerr != Z_BUF_ERROR)
                return MS_ERROR(err, MS_EINPUT, "idx: '%s': byte %zu (%s): %s", path,
                                offset + got, what, msg);
            return MS_ERROR(err, MS_EINPUT, "idx: '%s': byte %zu (%s): file ends early (%zu of %zu bytes)",
                            path, offset + got, what, got, n);
        }
        got += (size_t)r;
    }
    return MS_OK;
}

static int idx_load(const char *path, idx_file *out, ms_error *err)
{
    memset(out, 0, sizeof *out);
    gzFile f = gzopen(path, "rb");
    if (!f)
        return MS_ERROR(err, MS_EINPUT, "idx: cannot open '%s': %s", path, strerror(errno));
    uint8_t magic[4];
    int status = idx_read_exact(f, magic, 4, path, 0, "magic", err);
    if (status) goto fail;
    if (magic[0] != 0 || magic[1] != 0) {
        status = MS_ERROR(err, MS_EINPUT, "idx: '%s': byte 0 (magic): not an IDX file", path);
        goto fail;
    }
    if (magic[2] != 0x08) {
        status = MS_ERROR(err, MS_EINPUT, "idx: '%s': byte 2 (type): 0x%02x not supported (only 0x08 unsigned byte)",
                          path, magic[2]);
        goto fail;
    }
    out->rank = magic[3];
    if (out->rank < 1 || out->rank > 8) {
        status = MS_ERROR(err, MS_EINPUT, "idx: '%s': byte 3 (rank): %u outside [1, 8]", path, out->rank);
        goto fail;
    }
    out->count = 1;
    for (uint32_t k = 0; k < out->rank; k++) {
        uint8_t b[4];
        MS_TRY(idx_read_exact(f, b, 4, path, 4 + 4 * k, "dimension", err));
        out->dims[k] = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
        if (out->dims[k] == 0 || out->count > ((size_t)1 << 40) / out->dims[k]) {
            status = MS_ERROR(err, MS_EINPUT, "idx: '%s': byte %u (dimension %u): bad size %u", path,
                              4 + 4 * k, k, out->dims[k]);
            goto fail;
        }
        out->count *= out->dims[k];
    }
    /* Read in growing chunks: a corrupt header claiming 10^12 bytes is an input error when the
     * data run out, not a giant allocation up front (gzip files do not state their plain size). */
    const size_t data_offset = 4 + 4 * (size_t)out->rank;
    size_t cap = out->count < ((size_t)1 << 24) ? out->count : ((size_t)1 << 24), got = 0;
    out->data = malloc(cap);
    while (out->data) {
        const size_t want = cap - got < ((size_t)1 << 30) ? cap - got : ((size_t)1 << 30);
        const int r = gzread(f, out->data + got, (unsigned)want);
        if (r < 0) {
            int zerr = 0;
            status = MS_ERROR(err, MS_EINPUT, "idx: '%s': byte %zu (data): %s", path, data_offset + got, gzerror(f, &zerr));
            goto fail;
        }
        got += (size_t)r;
        if (got == out->count)
            break;
        if ((size_t)r < want) { /* gzread returns less only at the end of the data */
            status = MS_ERROR(err, MS_EINPUT, "idx: '%s': byte %zu (data): file ends early; the header claims %zu "
                              "values, the file holds %zu", path, data_offset + got, out->count, got);
            goto fail;
        }
        if (got < cap)
            continue;
        cap = cap > out->count / 2 ? out->count : 2 * cap;
        uint8_t *grown = realloc(out->data, cap);
        if (!grown)
            free(out->data);
        out->data = grown;
    }
    if (!out->data) {
        status = MS_ERROR(err, MS_ENOMEM, "idx: '%s': cannot allocate %zu bytes", path, out->count);
        goto fail;
    }
    gzclose(f);
    return MS_OK;
fail:
    gzclose(f);
    free(out->data);
    out->data = NULL;
    return status;
}

int ms_learn_idx_read(const char *images, const char *labels, ms_dataset **out, ms_error *err)
{
    *out = NULL;
    idx_file im, lb;
    int status = idx_load(images, &im, err);
    if (status) return status;
    status = idx_load(labels, &lb, err);
    if (status) { free(im.data); return status; }
    ms_dataset *d = NULL;
    if (im.rank < 2) {
        status = MS_ERROR(err, MS_EINPUT, "idx: '%s': byte 3 (rank): images need rank >= 2, got %u", images, im.rank);
        goto fail;
    }
    if (lb.rank != 1) {
        status = MS_ERROR(err, MS_EINPUT, "idx: '%s': byte 3 (rank): labels need rank 1, got %u", labels, lb.rank);
        goto fail;
    }
    if (lb.dims[0] != im.dims[0]) {
        status = MS_ERROR(err, MS_EINPUT, "idx: '%s': byte 4 (dimension 0): %u labels for %u images in '%s'",
                          labels, lb.dims[0], im.dims[0], images);
        goto fail;
    }
    const size_t n = im.dims[0], dim = im.count / n;
    int n_classes = 0;
    for (size_t i = 0; i < n; i++)
        if (lb.data[i] + 1 > n_classes) n_classes = lb.data[i] + 1;
    d = ms_dataset_create(n, dim, n_classes);
    if (!d) { status = MS_ERROR(err, MS_ENOMEM, "idx: cannot allocate %zu x %zu features", n, dim); goto fail; }
    for (size_t i = 0; i < n * dim; i++) d->x[i] = (float)im.data[i] * (1.0f / 255.0f);
    for (size_t i = 0; i < n; i++) d->y[i] = lb.data[i];
    snprintf(d->name, sizeof d->name, "%s", images);
    *out = d;
fail:
    free(im.data);
    free(lb.data);
    return status;
}

int ms_learn_idx_dir_read(const char *dir, ms_dataset **tr, ms_dataset **te, ms_error *err)
{
    static const char *names[4] = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                                   "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};
    char p[4][4200];
    for (int k = 0; k < 4; k++) {
        snprintf(p[k], sizeof p[k], "%s/%s.gz", dir, names[k]);
        if (access(p[k], F_OK) == 0)
            continue;
        snprintf(p[k], sizeof p[k], "%s/%s", dir, names[k]);
        if (access(p[k], F_OK) != 0) /* the hint is for missing data, not for a corrupt file */
            return MS_ERROR(err, MS_EINPUT, "data.dir \"%s\": no %s[.gz] (run scripts/fetch-data.sh)", dir, names[k]);
    }
    int status = ms_learn_idx_read(p[0], p[1], tr, err);
    if (!status) {
        status = ms_learn_idx_read(p[2], p[3], te, err);
        if (status) {
            ms_dataset_destroy(*tr);
            *tr = NULL;
        }
    }
    if (status && err) ms_error_prefix(err, "data.dir \"%s\"", dir);
    return status;
}
