/* version.h — program version and the git revision it was built from. */
#ifndef METASPIN_VERSION_H
#define METASPIN_VERSION_H

const char *ms_version(void);       /* "0.1.0" */
const char *ms_git_revision(void);  /* `git describe --always --dirty` at build time */

#endif
