/* common.h — reporting and timing for benchmarks (`make bench`).
 * One line per figure: BENCH <module>/<case> <value> <unit> [threads=N] */
#ifndef METASPIN_BENCH_COMMON_H
#define METASPIN_BENCH_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static inline double ms_bench_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static inline void ms_bench_report(const char *name, double value, const char *unit, int threads)
{
    if (threads > 0)
        printf("BENCH %s %.4g %s threads=%d\n", name, value, unit, threads);
    else
        printf("BENCH %s %.4g %s\n", name, value, unit);
    fflush(stdout);
}

/* Threaded benchmarks run with OMP_PROC_BIND=true (one core per thread) unless the caller chose:
 * unbound, the scheduler of a virtual machine now and then puts both threads on one core, which
 * stalls a team at every barrier. libgomp reads the variable at start-up, hence the re-exec. */
static inline void ms_bench_bind_threads(char **argv)
{
    if (getenv("OMP_PROC_BIND"))
        return;
    setenv("OMP_PROC_BIND", "true", 1);
    execv("/proc/self/exe", argv);  /* returns only on failure: then run as we are */
}

#endif
