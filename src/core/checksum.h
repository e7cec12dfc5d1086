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
 * Hash of one row: each value's bits are mixed independently (so the
 * multiplies overlap in the pipeline), summed, and the sum mixed again so
 * the row's hash depends on its values jointly.  *nonfinite is set when a
 * value is NaN or infinite (exponent bits all ones), so callers can check
 * finiteness in the same pass.
 */
static inline uint64
LearnRowHash2(double y, const double *x, int n, bool *nonfinite)
{
	const uint64 E = UINT64CONST(0x7ff0000000000000);
	uint64		bits,
				sum;
	bool		bad;

	memcpy(&bits, &y, 8);
	bad = (bits & E) == E;
	sum = LearnMix64(bits + UINT64CONST(0x9e3779b97f4a7c15));
	for (int i = 0; i < n; i++)
	{
		uint64		b;

		memcpy(&b, &x[i], 8);
		bad |= (b & E) == E;
		sum += LearnMix64(b + (uint64) (i + 2) * UINT64CONST(0x9e3779b97f4a7c15));
	}
	*nonfinite = bad;
	return LearnMix64(sum);
}

/* The row hash without the finiteness flag. */
static inline uint64
LearnRowHash(double y, const double *x, int n)
{
	bool		nonfinite;

	return LearnRowHash2(y, x, n, &nonfinite);
}

#endif							/* LEARN_CHECKSUM_H */
