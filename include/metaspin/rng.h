/* rng.h — counter-based random numbers (Random123 Philox4x32-10).
 *
 * A variate depends only on (seed, stream, counter): key = seed (64 bit), counter = (counter,
 * stream) as two 64-bit halves. Solvers use stream = trial or cell index (plus a domain tag in the
 * top byte, MS_RNG_DOMAIN) and counter = step * draws_per_step + draw. Results are therefore
 * bitwise identical for any thread count and any partition of trials across threads or ranks.
 *
 * Gaussians come from Box–Muller on pairs of uniforms in (0, 1). The batch functions fill
 * structure-of-arrays buffers for consecutive streams and are the hot path of every stochastic
 * solver; ms_rng_normal4 is the plain reference they are tested against (STYLE.md rule 13). */
#ifndef METASPIN_RNG_H
#define METASPIN_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct ms_rng_key { uint32_t k[2]; } ms_rng_key;

/* Domains keep independent uses of one seed apart (thermal noise, initial states, variation...). */
#define MS_RNG_DOMAIN(d) ((uint64_t)(d) << 56)
enum {
    MS_RNG_THERMAL = 1, MS_RNG_INITIAL = 2, MS_RNG_VARIATION = 3, MS_RNG_DATA = 4,
    MS_RNG_NETWORK = 5, MS_RNG_DEVICE = 6, MS_RNG_TEST = 7, MS_RNG_USER = 16
};

ms_rng_key ms_rng_key_make(uint64_t seed);

/* Four raw 32-bit words. */
void ms_rng_uint4(ms_rng_key key, uint64_t stream, uint64_t counter, uint32_t out[4]);
/* Four uniforms in the open interval (0, 1): (word + 0.5) / 2^32, one Philox call. */
void ms_rng_uniform4(ms_rng_key key, uint64_t stream, uint64_t counter, double u[4]);
/* Four independent standard normals (reference implementation). */
void ms_rng_normal4(ms_rng_key key, uint64_t stream, uint64_t counter, double z[4]);

/* Batched: for i in [0, n), z_j[i] = ms_rng_normal4(key, stream0 + i, counter)[j].
 * Any z_j may be NULL to skip storing it. Vectorised; bitwise equal to the reference. */
void ms_rng_normal4_batch(ms_rng_key key, uint64_t stream0, size_t n, uint64_t counter,
                          double *restrict z0, double *restrict z1, double *restrict z2,
                          double *restrict z3);
/* Batched uniforms in (0, 1): u_j[i] = ms_rng_uniform4(key, stream0 + i, counter)[j]. */
void ms_rng_uniform4_batch(ms_rng_key key, uint64_t stream0, size_t n, uint64_t counter,
                           double *restrict u0, double *restrict u1, double *restrict u2,
                           double *restrict u3);

#endif
