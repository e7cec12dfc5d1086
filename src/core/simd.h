/*
 * simd.h: hot per-row kernels compiled for wider vectors, chosen at load time.
 */
#ifndef LEARN_SIMD_H
#define LEARN_SIMD_H

/*
 * LEARN_WIDE_KERNEL: a hot per-row kernel compiled twice, for AVX2 and for
 * the x86-64 baseline, the variant chosen when the library loads (GCC's
 * target_clones).  AVX2 without FMA performs the same IEEE operations in the
 * same order, four doubles at a time, so both variants give the same bits.
 */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__has_attribute)
#if __has_attribute(target_clones)
#define LEARN_WIDE_KERNEL __attribute__((target_clones("avx2", "default")))
#endif
#endif
#ifndef LEARN_WIDE_KERNEL
#define LEARN_WIDE_KERNEL
#endif

#endif							/* LEARN_SIMD_H */
