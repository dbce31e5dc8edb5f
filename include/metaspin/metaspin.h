/* metaspin.h — the whole public API of libmetaspin. Include this, link with `pkg-config metaspin`. */
#ifndef METASPIN_H
#define METASPIN_H

#include "error.h"
#include "units.h"
#include "config.h"
#include "ctx.h"
#include "rng.h"
#include "h5.h"
#include "llg.h"
#include "models.h"
#include "waveform.h"
#include "macrospin.h"
#include "mesh.h"
#include "ionics.h"
#include "table.h"
#include "tablegen.h"
#include "sweep.h"
#include "fit.h"
#include "learn.h"
#include "version.h"
#include "stage.h"

#endif
