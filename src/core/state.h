/*
 * state.h: the bytea aggregate state shared by every training aggregate.
 *
 * Layout (little-endian IEEE-754; the state is updated in place, so it uses
 * the host's native doubles and the build refuses big-endian hosts):
 *
 *   LearnStateHeader (64 bytes)
 *   options blob (options_len bytes, zero-padded to a multiple of 8)
 *   class dictionary (classes_len bytes, zero-padded to a multiple of 8):
 *     n_classes labels, each u16 length + bytes, in order of first appearance
 *   payload: payload_cap float8 slots, of which payload_len are in use and
 *     owned by the algorithm (per-class blocks, or rows for algorithms that
 *     iterate over their training rows in memory)
 *
 * Users can call transition and combine functions from SQL with any bytes,
 * so every entry point validates the whole header against the byte length.
 */
#ifndef LEARN_STATE_H
#define LEARN_STATE_H

#include "postgres.h"

#include "utils/expandeddatum.h"

#ifdef WORDS_BIGENDIAN
#error "pg_learn aggregate states are little-endian; big-endian hosts are not supported"
#endif

#define LEARN_STATE_MAGIC		0x534C4750	/* "PGLS" in little-endian */
#define LEARN_STATE_VERSION		1
#define LEARN_STATE_MAX_OPTIONS	(1024 * 1024)
#define LEARN_MAX_CLASSES		1000

/* What the labels of a classifier were, for ordering them and for scoring. */
typedef enum LearnLabelKind
{
	LEARN_LABEL_NONE = 0,		/* regression, clustering, transforms */
	LEARN_LABEL_NUMERIC = 1,	/* integer or numeric labels: ordered by value */
	LEARN_LABEL_BOOLEAN = 2,	/* false < true */
	LEARN_LABEL_TEXT = 3		/* text, enums, anything else: byte order */
} LearnLabelKind;

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
	uint32		payload_cap;	/* float8 slots allocated */
	uint32		classes_len;	/* bytes of the class dictionary */
	uint32		n_classes;
	uint16		label_kind;		/* LearnLabelKind */
	uint16		reserved;		/* must be 0 */
} LearnStateHeader;

StaticAssertDecl(sizeof(LearnStateHeader) == 64, "state header must be 64 bytes");

/* A validated view of a state. */
typedef struct LearnState
{
	LearnStateHeader *hdr;
	const uint8 *options;
	const uint8 *classes;
	double	   *payload;
} LearnState;

/* float8 slots in use for these dimensions, or -1 when they are out of range */
typedef int64 (*LearnPayloadLenFn) (uint32 n_features, uint32 n_classes, int64 rows_used);

extern Size LearnStateSize(uint32 options_len, uint32 classes_len, uint32 payload_cap);
extern bytea *LearnStateCreate(MemoryContext cxt, uint16 algorithm, uint32 n_features,
							   const LearnWriter *options, uint32 payload_len);
extern bytea *LearnStateCreateWithClasses(MemoryContext cxt, uint16 algorithm, uint32 n_features,
										  const LearnWriter *options, char **names, uint32 n,
										  uint32 payload_len);
extern bytea *LearnStateGrow(MemoryContext cxt, const LearnState *st, const char *new_class,
							 int new_class_len, uint32 payload_len, uint32 payload_cap);
extern bytea *LearnStateDetoast(Datum d, bool copy);

/*
 * A state inside an expanded object ("box") whose memory context is a child
 * of the aggregate's: the executor keeps such a transition value where it
 * is instead of copying every new one into the aggregate context, so the
 * states of algorithms that keep their rows can grow in place (realloc)
 * rather than being rebuilt and copied twice per doubling.  It is flattened
 * (one copy) only when it leaves the process (parallel partial states).
 */
typedef struct LearnStateBox
{
	ExpandedObjectHeader hdr;
	bytea	   *flat;			/* the state, allocated in hdr.eoh_context */
} LearnStateBox;

extern LearnStateBox *LearnStateBoxOf(Datum d);
extern LearnStateBox *LearnStateBoxCreate(MemoryContext aggcxt);
extern void LearnStateBoxSet(LearnStateBox *box, const bytea *state);
extern bytea *LearnStateBoxGrowPayload(LearnStateBox *box, uint32 payload_cap);
extern void LearnStateOpen(bytea *b, uint16 algorithm, LearnPayloadLenFn payload_len,
						   LearnState *st);
extern void LearnStateCheckCounts(const LearnStateHeader *a, const LearnStateHeader *b);
extern int	LearnStateFindClass(const LearnState *st, const char *label, int len);
extern char **LearnStateClassNames(const LearnState *st);

#endif							/* LEARN_STATE_H */
