/* memory.h — refuse work that cannot fit in memory before allocating it.
 *
 * A job whose working set exceeds the machine's memory would otherwise be found out by the kernel's
 * OOM killer after minutes of paging (or by a malloc failure deep in a solver). Create functions
 * estimate their peak allocation and call ms_memory_check() first, so the user gets an immediate
 * input error with the estimate and the limit. The limit is the smaller of the physical memory and
 * the address-space limit (ulimit -v) of the process. */
#ifndef METASPIN_MEMORY_H
#define METASPIN_MEMORY_H

#include <stddef.h>
#include "error.h"

/* Bytes this process may use: min(physical memory, RLIMIT_AS); 0 if unknown. */
double ms_memory_limit(void);

/* "3.6 TB", "512 MB" (powers of 1024, three significant digits) into buf. */
void ms_memory_format(double bytes, char *buf, size_t cap);

/* MS_OK if `need` bytes fit within ms_memory_limit(); else MS_EINPUT with
 * "<what> needs about N of memory (estimate), more than the M available". */
int ms_memory_check(double need, const char *what, ms_error *err);

#endif
