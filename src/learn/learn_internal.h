/* learn_internal.h — declarations shared by the files of src/learn (not public API). */
#ifndef METASPIN_LEARN_INTERNAL_H
#define METASPIN_LEARN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "metaspin/learn.h"

/* Seeded Fisher–Yates shuffle of idx[0..n) (stream inside the MS_RNG_DATA domain). */
void ms_learn_shuffle(size_t *idx, size_t n, uint64_t seed, uint64_t stream);

/* Device rule (rule_device.c), driven by rule.c. */
typedef struct ms_device ms_device;
int ms_device_create(ms_device **out, const ms_device_opts *o, ms_bnn *net, uint64_t seed,
                     ms_error *err);
void ms_device_destroy(ms_device *d);
/* Apply Adam steps `step_w` (proposed change of a latent weight, per synapse) to the devices of
 * layer l, writing the resulting binary weights into net. */
int ms_device_update(ms_device *d, ms_bnn *net, int layer, const float *step_w, uint64_t step,
                     ms_error *err);
const ms_device_stats *ms_device_get_stats(const ms_device *d);

#endif
