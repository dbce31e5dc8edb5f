/* stage.c — hashes and markers of cached pipeline stages (see include/metaspin/stage.h). */
#include "metaspin/stage.h"
#include "metaspin/h5.h"
#include "metaspin/version.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint64_t ms_stage_hash(uint64_t seed_hash, const char *text)
{
    uint64_t h = seed_hash ? seed_hash : 0xcbf29ce484222325ull; /* FNV-1a offset basis */
    for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ull; /* FNV prime */
    }
    return h;
}

static void ms_stage_format(uint64_t hash, char out[32])
{
    snprintf(out, 32, "%016" PRIx64 "-%s", hash, ms_version());
}

int ms_stage_is_current(const char *path, uint64_t hash)
{
    hid_t file;
    if (ms_h5_open_read(&file, path, NULL) != MS_OK)
        return 0;
    char *stored = NULL, want[32];
    ms_stage_format(hash, want);
    const int same = ms_h5_read_attr_string(file, "/", "stage_hash", &stored, NULL) == MS_OK &&
                     strcmp(stored, want) == 0;
    free(stored);
    H5Fclose(file);
    return same;
}

int ms_stage_mark(hid_t root, uint64_t hash, ms_error *err)
{
    char text[32];
    ms_stage_format(hash, text);
    return ms_h5_attr_string(root, "/", "stage_hash", text, err);
}
