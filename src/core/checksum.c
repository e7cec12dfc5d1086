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
