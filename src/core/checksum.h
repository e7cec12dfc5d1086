/*
 * checksum.h: CRC-32C (Castagnoli) for model bytes, and the row fingerprint.
 */
#ifndef LEARN_CHECKSUM_H
#define LEARN_CHECKSUM_H

#include "c.h"

extern uint32 LearnCrc32c(const void *data, size_t len);

/*
 * Order-independent fingerprint of one row of float8 values: a 64-bit hash of
 * the values' bit patterns.  Training sums these (mod 2^64), so the data
 * fingerprint of a table does not depend on scan order or parallel plans.
 * Mixing steps from SplitMix64 (Steele, Lea and Flood, 2014).
 */
static inline uint64
LearnMix64(uint64 z)
{
	z = (z ^ (z >> 30)) * UINT64CONST(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64CONST(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/*
 * Hash of one row (the target's bits y, then the features).  Each value's
 * bits go through one NH step (Black et al., "UMAC: fast and secure message
 * authentication", 1999): the product of its two 32-bit halves, each offset
 * by a per-position key, plus the value itself so that no value's high half
 * can vanish from the sum.  The steps are independent 32x32->64 multiplies,
 * which vectorise (checksum.o is built with -O3); the sum is mixed once, so
 * the row's hash depends on its values jointly.  *nonfinite is set when a
 * value is NaN or infinite (exponent bits all ones), so callers check
 * finiteness in the same pass.
 */
extern uint64 LearnRowHash2(double y, const double *x, int n, bool *nonfinite);

/* The row hash without the finiteness flag. */
static inline uint64
LearnRowHash(double y, const double *x, int n)
{
	bool		nonfinite;

	return LearnRowHash2(y, x, n, &nonfinite);
}

#endif							/* LEARN_CHECKSUM_H */
