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

static inline uint64
LearnRowHash(double y, const double *x, int n)
{
	uint64		h = UINT64CONST(0x9e3779b97f4a7c15);
	uint64		bits;

	memcpy(&bits, &y, 8);
	h = LearnMix64(h ^ bits);
	for (int i = 0; i < n; i++)
	{
		memcpy(&bits, &x[i], 8);
		h = (h ^ bits) * UINT64CONST(0x9e3779b97f4a7c15);
		h ^= h >> 29;
	}
	return LearnMix64(h);
}

#endif							/* LEARN_CHECKSUM_H */
