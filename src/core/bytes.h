/*
 * bytes.h: little-endian, bounds-checked reading and writing of the binary
 * formats pg_learn owns (models and aggregate-state option blobs).
 *
 * Every read checks the remaining length first and raises
 * ERRCODE_INVALID_BINARY_REPRESENTATION instead of reading past the buffer.
 */
#ifndef LEARN_BYTES_H
#define LEARN_BYTES_H

#include "postgres.h"
#include "lib/stringinfo.h"

/* longest name (feature, target, class label) a binary format may carry */
#define LEARN_MAX_NAME_BYTES	1024

typedef struct LearnReader
{
	const uint8 *data;
	size_t		len;
	size_t		pos;
	const char *what;			/* "model", "aggregate state": for messages */
} LearnReader;

typedef StringInfoData LearnWriter;

extern void LearnReaderInit(LearnReader *r, const void *data, size_t len, const char *what);
extern void LearnReaderNeed(LearnReader *r, size_t n);
extern uint8 LearnReadU8(LearnReader *r);
extern uint16 LearnReadU16(LearnReader *r);
extern uint32 LearnReadU32(LearnReader *r);
extern uint64 LearnReadU64(LearnReader *r);
extern double LearnReadF64(LearnReader *r);
extern void LearnReadF64Array(LearnReader *r, double *out, size_t n);
extern char *LearnReadName(LearnReader *r);
extern uint32 LearnReadCount(LearnReader *r, uint32 max, size_t min_bytes_each);
extern void LearnReaderExpectEnd(LearnReader *r);
extern void LearnReaderFail(LearnReader *r, const char *detail) pg_attribute_noreturn();

extern void LearnWriterInit(LearnWriter *w);
extern void LearnWriteU8(LearnWriter *w, uint8 v);
extern void LearnWriteU16(LearnWriter *w, uint16 v);
extern void LearnWriteU32(LearnWriter *w, uint32 v);
extern void LearnWriteU64(LearnWriter *w, uint64 v);
extern void LearnWriteF64(LearnWriter *w, double v);
extern void LearnWriteF64Array(LearnWriter *w, const double *v, size_t n);
extern void LearnWriteName(LearnWriter *w, const char *name);
extern void LearnWritePatchU32(LearnWriter *w, size_t at, uint32 v);

#endif							/* LEARN_BYTES_H */
