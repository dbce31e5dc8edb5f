/* fuzz_util.h — helpers shared by the libFuzzer targets: the input bytes as a temporary file (the
 * readers under test take paths) and as a NUL-terminated string. One file per process (libFuzzer
 * runs inputs one after another in a process), removed at exit. */
#ifndef METASPIN_FUZZ_UTIL_H
#define METASPIN_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Write data to /tmp/ms-fuzz-<tag>-<pid><suffix> (same name every call); returns the path. */
static inline const char *fuzz_file(const char *tag, const char *suffix, const uint8_t *data, size_t size)
{
    static char path[3][256];
    static int n_used;
    static const char *tags[3];
    int k = 0;
    while (k < n_used && strcmp(tags[k], tag))
        k++;
    if (k == n_used && n_used < 3) {
        tags[n_used++] = tag;
        snprintf(path[k], sizeof path[k], "/tmp/ms-fuzz-%s-%ld%s", tag, (long)getpid(), suffix);
    }
    FILE *f = fopen(path[k], "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
    return path[k];
}

/* A NUL-terminated copy of the input (caller frees). */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

#endif
