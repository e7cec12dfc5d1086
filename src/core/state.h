/*
 * state.h: the bytea aggregate state shared by every training aggregate.
 *
 * Layout (little-endian IEEE-754; the state is updated in place, so it uses
 * the host's native doubles and the build refuses big-endian hosts):
 *
 *   LearnStateHeader (48 bytes)
 *   options blob (options_len bytes, zero-padded to a multiple of 8)
 *   payload: payload_len float8 slots, owned by the algorithm
 *
 * Users can call transition and combine functions from SQL with any bytes,
 * so every entry point validates the whole header against the byte length.
 */
#ifndef LEARN_STATE_H
#define LEARN_STATE_H

#include "postgres.h"

#ifdef WORDS_BIGENDIAN
#error "pg_learn aggregate states are little-endian; big-endian hosts are not supported"
#endif

#define LEARN_STATE_MAGIC		0x534C4750	/* "PGLS" in little-endian */
#define LEARN_STATE_VERSION		1
#define LEARN_STATE_MAX_OPTIONS	(1024 * 1024)

typedef struct LearnStateHeader
{
	int32		vl_len_;		/* varlena header: do not touch directly */
	uint32		magic;
	uint16		version;
	uint16		algorithm;
	uint32		n_features;		/* 0 until the first usable row */
	uint32		options_len;
	uint32		payload_len;	/* float8 slots */
	int64		rows_used;
	int64		rows_skipped;
	uint64		fingerprint;	/* sum of row hashes, mod 2^64 */
} LearnStateHeader;

StaticAssertDecl(sizeof(LearnStateHeader) == 48, "state header must be 48 bytes");

/* A validated view of a state. */
typedef struct LearnState
{
	LearnStateHeader *hdr;
	const uint8 *options;
	double	   *payload;
} LearnState;

typedef int64 (*LearnPayloadLenFn) (uint32 n_features);

extern Size LearnStateSize(uint32 options_len, uint32 payload_len);
extern bytea *LearnStateCreate(MemoryContext cxt, uint16 algorithm, uint32 n_features,
							   const LearnWriter *options, uint32 payload_len);
extern bytea *LearnStateDetoast(Datum d, bool copy);
extern void LearnStateOpen(bytea *b, uint16 algorithm, LearnPayloadLenFn payload_len,
						   LearnState *st);

#endif							/* LEARN_STATE_H */
