/* stage.h — cached pipeline stages (`metaspin run`).
 *
 * A stage's output file OUTPUT is accompanied by OUTPUT.stage holding a hash of everything the
 * stage depends on: the program version, the resolved config text of the keys it reads, the seed and the
 * hashes of the stages it consumes. A rerun redoes a stage only when the file is missing or the
 * hash differs (or --force), so editing one key redoes exactly the stages that read it. */
#ifndef METASPIN_STAGE_H
#define METASPIN_STAGE_H

#include <stdint.h>
#include "error.h"

/* 64-bit FNV-1a of text, continued from `seed_hash` (pass 0 to start). */
uint64_t ms_stage_hash(uint64_t seed_hash, const char *text);
/* 1 if path exists and its marker holds hash (and this program version), else 0. */
int ms_stage_is_current(const char *path, uint64_t hash);
/* Write the marker of a finished stage output (atomically). */
int ms_stage_mark(const char *path, uint64_t hash, ms_error *err);

#endif
