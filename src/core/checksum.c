/*
 * checksum.c: table-driven CRC-32C (polynomial 0x82F63B78, reflected), as in
 * RFC 3720 section 12.1.  Models are checksummed once per decode, so the
 * simple byte-at-a-time table is fast enough and keeps core free of server code.
 */
#include "c.h"

#include "core/checksum.h"

static uint32 crc_table[256];
static bool crc_table_ready = false;

/* Build the 256-entry table on first use. */
static void
CrcTableInit(void)
{
	for (uint32 i = 0; i < 256; i++)
	{
		uint32		c = i;

		for (int k = 0; k < 8; k++)
			c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
		crc_table[i] = c;
	}
	crc_table_ready = true;
}

/* CRC-32C of len bytes. */
uint32
LearnCrc32c(const void *data, size_t len)
{
	const uint8 *p = data;
	uint32		crc = 0xFFFFFFFFu;

	if (!crc_table_ready)
		CrcTableInit();
	for (size_t i = 0; i < len; i++)
		crc = crc_table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
	return crc ^ 0xFFFFFFFFu;
}

/* One NH step of a value's bits at a position with keys kl, kh. */
static inline uint64
NhStep(uint64 b, uint32 kl, uint32 kh)
{
	return (uint64) (uint32) ((uint32) b + kl) * (uint32) ((uint32) (b >> 32) + kh) + b;
}

/* The row hash; see checksum.h. */
uint64
LearnRowHash2(double y, const double *x, int n, bool *nonfinite)
{
	uint64		bits,
				sum,
				bad;
	uint32		kl = UINT64CONST(0x9e3779b9),
				kh = UINT64CONST(0x85ebca6b);

	memcpy(&bits, &y, 8);
	sum = NhStep(bits, kl, kh);
	bad = (((bits >> 52) & 0x7ff) + 1) & 0x800;
	for (int i = 0; i < n; i++)
	{
		uint64		b;

		memcpy(&b, &x[i], 8);
		/* the keys of position i + 1: (i + 2) times the base keys, mod 2^32 */
		sum += NhStep(b, (uint32) (i + 2) * UINT64CONST(0x9e3779b9),
					  (uint32) (i + 2) * UINT64CONST(0x85ebca6b));
		bad |= (((b >> 52) & 0x7ff) + 1) & 0x800;	/* exponent all ones */
	}
	*nonfinite = bad != 0;
	return LearnMix64(sum);
}
