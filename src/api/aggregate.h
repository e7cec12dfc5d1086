/*
 * aggregate.h: the generic transition, combine and final functions that
 * every training aggregate's fmgr entry points call.
 */
#ifndef LEARN_API_AGGREGATE_H
#define LEARN_API_AGGREGATE_H

#include "algorithms/algorithm.h"
#include "fmgr.h"
#include "utils/jsonb.h"

extern Datum LearnAggTransition(FunctionCallInfo fcinfo, const LearnAlgorithm *algo);
extern Datum LearnAggCombine(FunctionCallInfo fcinfo, const LearnAlgorithm *algo);
extern Datum LearnAggFinal(FunctionCallInfo fcinfo, const LearnAlgorithm *algo);
extern LearnLabelKind LearnLabelKindOf(Oid type);
extern char *LearnCanonicalLabel(char *text, Oid type);
extern void LearnSortClasses(char **names, uint32 n, LearnLabelKind kind, int *perm);

extern void LearnStateTrustedView(bytea *b, LearnState *st);

/*
 * The class of the labels a call site saw last, by value: a by-value type's
 * Datum, or a short varlena's bytes (equal bytes print equally, so they are
 * the same class), with the hash of the label's text.  Valid for as long as
 * the class indexes it maps to are (the caller empties it otherwise).
 */
#define LEARN_LABEL_CACHE_SIZE	16
#define LEARN_LABEL_CACHE_BYTES	32

typedef struct LearnLabelCacheEntry
{
	Datum		value;			/* by-value labels */
	uint8		len;			/* varlena labels: payload bytes */
	char		bytes[LEARN_LABEL_CACHE_BYTES];
	int			cls;
	uint64		hash;
} LearnLabelCacheEntry;

typedef struct LearnLabelCache
{
	bool		byval;			/* a by-value type */
	bool		varlena;		/* a varlena type (else: not cached) */
	int			n;				/* entries in use */
	int			next_evict;
	LearnLabelCacheEntry e[LEARN_LABEL_CACHE_SIZE];
} LearnLabelCache;

extern void LearnLabelCacheInit(LearnLabelCache *lc, Oid type);
extern const LearnLabelCacheEntry *LearnLabelCacheFind(const LearnLabelCache *lc, Datum d);
extern void LearnLabelCacheAdd(LearnLabelCache *lc, Datum d, int cls, uint64 hash);


/* Rows fed to a training aggregate's state from C (api/train.c's direct scan). */
typedef struct LearnRowLoader LearnRowLoader;
extern LearnRowLoader *LearnLoaderCreate(MemoryContext parent, const LearnAlgorithm *algo, Jsonb *options,
										 Oid label_type);
extern bool LearnLoaderAdd(LearnRowLoader *ld, bool skip, int n, const double *x, double y, Datum label);
extern void LearnLoaderReserve(LearnRowLoader *ld, int64 rows);
extern bytea *LearnLoaderFinish(LearnRowLoader *ld);
extern void LearnLoaderFree(LearnRowLoader *ld);

#endif							/* LEARN_API_AGGREGATE_H */
