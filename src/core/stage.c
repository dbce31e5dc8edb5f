/* stage.c — hashes and markers of cached pipeline stages (see include/metaspin/stage.h).
 * The marker is a small sidecar file OUTPUT.stage holding the hash, written atomically (tmp +
 * rename) after the stage's output was committed, so an output without a current marker (an
 * interrupted or older stage) is simply redone. */
#include "metaspin/stage.h"
#include "metaspin/version.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

uint64_t ms_stage_hash(uint64_t seed_hash, const char *text)
{
    uint64_t h = seed_hash ? seed_hash : 0xcbf29ce484222325ull; /* FNV-1a offset basis */
    for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ull; /* FNV prime */
    }
    return h;
}

static void ms_stage_format(uint64_t hash, char *out, size_t len)
{
    snprintf(out, len, "%016" PRIx64 " metaspin-%s\n", hash, ms_version());
}

int ms_stage_is_current(const char *path, uint64_t hash)
{
    char marker[4200], want[64], have[64] = "";
    snprintf(marker, sizeof marker, "%s.stage", path);
    if (access(path, R_OK) != 0)
        return 0;
    FILE *f = fopen(marker, "r");
    if (!f)
        return 0;
    const size_t n = fread(have, 1, sizeof have - 1, f);
    have[n] = '\0';
    fclose(f);
    ms_stage_format(hash, want, sizeof want);
    return strcmp(have, want) == 0;
}

int ms_stage_mark(const char *path, uint64_t hash, ms_error *err)
{
    char marker[4200], tmp[4300], text[64];
    snprintf(marker, sizeof marker, "%s.stage", path);
    snprintf(tmp, sizeof tmp, "%s.tmp", marker);
    ms_stage_format(hash, text, sizeof text);
    FILE *f = fopen(tmp, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0 || rename(tmp, marker) != 0) {
        const int e = errno;
        unlink(tmp);
        return MS_ERROR(err, MS_EIO, "cannot write stage marker \"%s\": %s", marker, strerror(e));
    }
    return MS_OK;
}
