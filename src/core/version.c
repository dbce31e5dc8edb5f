/* version.c — program version and build revision (set by the Makefile). */
#include "metaspin/version.h"

#ifndef MS_VERSION
#define MS_VERSION "0.0.0"
#endif
#ifndef MS_GIT_REV
#define MS_GIT_REV "unknown"
#endif

const char *ms_version(void) { return MS_VERSION; }
const char *ms_git_revision(void) { return MS_GIT_REV; }
