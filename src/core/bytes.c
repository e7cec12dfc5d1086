/*
 * bytes.c: little-endian encoding helpers with bounds checks on every read.
 */
#include "postgres.h"

#include <string.h>

#include "core/bytes.h"
#include "mb/pg_wchar.h"

/* Start reading len bytes at data; what names the format in error messages. */
void
LearnReaderInit(LearnReader *r, const void *data, size_t len, const char *what)
{
	r->data = (const uint8 *) data;
	r->len = len;
	r->pos = 0;
	r->what = what;
}

/* Raise the one error every malformed input gets. */
void
LearnReaderFail(LearnReader *r, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid pg_learn %s", r->what),
			 errdetail("%s (at byte %zu of %zu).", detail, r->pos, r->len)));
}

/* Fail unless n more bytes are available. */
void
LearnReaderNeed(LearnReader *r, size_t n)
{
	if (n > r->len - r->pos)
		LearnReaderFail(r, "data is truncated");
}

uint8
LearnReadU8(LearnReader *r)
{
	LearnReaderNeed(r, 1);
	return r->data[r->pos++];
}

uint16
LearnReadU16(LearnReader *r)
{
	const uint8 *p;

	LearnReaderNeed(r, 2);
	p = r->data + r->pos;
	r->pos += 2;
	return (uint16) (p[0] | (p[1] << 8));
}

uint32
LearnReadU32(LearnReader *r)
{
	const uint8 *p;

	LearnReaderNeed(r, 4);
	p = r->data + r->pos;
	r->pos += 4;
	return (uint32) p[0] | ((uint32) p[1] << 8) | ((uint32) p[2] << 16) | ((uint32) p[3] << 24);
}

uint64
LearnReadU64(LearnReader *r)
{
	uint64		lo = LearnReadU32(r);
	uint64		hi = LearnReadU32(r);

	return lo | (hi << 32);
}

double
LearnReadF64(LearnReader *r)
{
	uint64		bits = LearnReadU64(r);
	double		v;

	memcpy(&v, &bits, sizeof(v));
	return v;
}

/* Read n doubles into out (the count was bounded by the caller). */
void
LearnReadF64Array(LearnReader *r, double *out, size_t n)
{
	if (n > (r->len - r->pos) / 8)
		LearnReaderFail(r, "array is truncated");
	for (size_t i = 0; i < n; i++)
		out[i] = LearnReadF64(r);
}

/*
 * Read a count and check that count items of at least min_bytes_each can
 * still follow, so that no allocation is sized from an unchecked number.
 */
uint32
LearnReadCount(LearnReader *r, uint32 max, size_t min_bytes_each)
{
	uint32		n = LearnReadU32(r);

	if (n > max)
		LearnReaderFail(r, psprintf("count %u exceeds the limit %u", n, max));
	if (min_bytes_each > 0 && (size_t) n > (r->len - r->pos) / min_bytes_each)
		LearnReaderFail(r, psprintf("count %u does not fit in the remaining bytes", n));
	return n;
}

/* Read a u16-length-prefixed name; it must be valid text in the database encoding. */
char *
LearnReadName(LearnReader *r)
{
	uint16		n = LearnReadU16(r);
	char	   *s;

	if (n == 0 || n > LEARN_MAX_NAME_BYTES)
		LearnReaderFail(r, psprintf("name length %u is out of range", n));
	LearnReaderNeed(r, n);
	if (memchr(r->data + r->pos, '\0', n) != NULL)
		LearnReaderFail(r, "name contains a zero byte");
	if (!pg_verifymbstr((const char *) r->data + r->pos, n, true))
		LearnReaderFail(r, "name is not valid in the database encoding");
	s = palloc(n + 1);
	memcpy(s, r->data + r->pos, n);
	s[n] = '\0';
	r->pos += n;
	return s;
}

/* Fail if bytes remain: formats have an exact length. */
void
LearnReaderExpectEnd(LearnReader *r)
{
	if (r->pos != r->len)
		LearnReaderFail(r, "unexpected trailing bytes");
}

void
LearnWriterInit(LearnWriter *w)
{
	initStringInfo(w);
}

void
LearnWriteU8(LearnWriter *w, uint8 v)
{
	appendBinaryStringInfo(w, (const char *) &v, 1);
}

void
LearnWriteU16(LearnWriter *w, uint16 v)
{
	uint8		b[2] = {v & 0xff, v >> 8};

	appendBinaryStringInfo(w, (const char *) b, 2);
}

void
LearnWriteU32(LearnWriter *w, uint32 v)
{
	uint8		b[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24};

	appendBinaryStringInfo(w, (const char *) b, 4);
}

void
LearnWriteU64(LearnWriter *w, uint64 v)
{
	LearnWriteU32(w, (uint32) (v & 0xffffffff));
	LearnWriteU32(w, (uint32) (v >> 32));
}

void
LearnWriteF64(LearnWriter *w, double v)
{
	uint64		bits;

	memcpy(&bits, &v, sizeof(bits));
	LearnWriteU64(w, bits);
}

void
LearnWriteF64Array(LearnWriter *w, const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		LearnWriteF64(w, v[i]);
}

/* Write a name as u16 length + bytes; over-long names are refused here. */
void
LearnWriteName(LearnWriter *w, const char *name)
{
	size_t		n = strlen(name);

	if (n == 0 || n > LEARN_MAX_NAME_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("name \"%.40s...\" is %zu bytes long; pg_learn names must have 1 to %d bytes",
						name, n, LEARN_MAX_NAME_BYTES)));
	LearnWriteU16(w, (uint16) n);
	appendBinaryStringInfo(w, name, (int) n);
}

/* Overwrite a u32 written earlier at offset at (used for lengths and checksums). */
void
LearnWritePatchU32(LearnWriter *w, size_t at, uint32 v)
{
	uint8	   *p = (uint8 *) w->data + at;

	Assert(at + 4 <= (size_t) w->len);
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = v >> 24;
}
