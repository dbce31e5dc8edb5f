/* cpu_clones.h — MS_CPU_CLONES: compile a hot loop for AVX-512 (x86-64-v4) as well as for the
 * build's baseline (-march=x86-64-v3), the loader choosing per CPU at start-up (GCC target_clones,
 * an ifunc). The AVX-512 clone doubles the vector width of the batched macrospin step and of the
 * Philox + Box–Muller noise (~1.7x on Zen 4) without making the binary require AVX-512.
 *
 * Results do not depend on which clone runs: -std=c17 turns off FMA contraction, and the loops use
 * only correctly rounded operations (+ − × ÷ √, integer ops, conversions), so every lane computes
 * the same bits as the scalar reference (tests compare them bitwise). Only GCC on x86-64 outside a
 * sanitizer or NATIVE build gets clones; everything else compiles the single baseline version. */
#ifndef MS_CPU_CLONES_H
#define MS_CPU_CLONES_H

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__AVX512F__) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(MS_NO_CPU_CLONES)
#define MS_CPU_CLONES __attribute__((target_clones("arch=x86-64-v4", "default")))
#else
#define MS_CPU_CLONES
#endif

/* The per-trial body a cloned loop calls: forced inline into every clone (the inliner's size limits
 * would otherwise leave a call in the loop, which then does not vectorise). */
#define MS_HOT_INLINE static inline __attribute__((always_inline))

#endif
