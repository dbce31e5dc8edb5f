/* memory.c — the memory limit of the process and the up-front check of a job's estimated working
 * set (memory.h). Physical memory from sysconf(_SC_PHYS_PAGES); the address-space limit from
 * getrlimit(RLIMIT_AS) (POSIX.1-2008). No physics here. */
#include "metaspin/memory.h"
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

double ms_memory_limit(void)
{
    const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    double limit = pages > 0 && page > 0 ? (double)pages * (double)page : 0;
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        if (limit == 0 || (double)rl.rlim_cur < limit)
            limit = (double)rl.rlim_cur;
    return limit;
}

void ms_memory_format(double bytes, char *buf, size_t cap)
{
    static const char *const unit[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
    int k = 0;
    while (bytes >= 1024 && k < 6) {
        bytes /= 1024;
        k++;
    }
    snprintf(buf, cap, "%.3g %s", bytes, unit[k]);
}

int ms_memory_check(double need, const char *what, ms_error *err)
{
    const double limit = ms_memory_limit();
    if (limit <= 0 || need <= limit)
        return MS_OK;
    char a[32], b[32];
    ms_memory_format(need, a, sizeof a);
    ms_memory_format(limit, b, sizeof b);
    return MS_ERROR(err, MS_EINPUT, "%s needs about %s of memory (estimate), more than the %s available", what, a, b);
}
