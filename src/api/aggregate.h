/*
 * aggregate.h: the generic transition, combine and final functions that
 * every training aggregate's fmgr entry points call.
 */
#ifndef LEARN_API_AGGREGATE_H
#define LEARN_API_AGGREGATE_H

#include "algorithms/algorithm.h"
#include "fmgr.h"

extern Datum LearnAggTransition(FunctionCallInfo fcinfo, const LearnAlgorithm *algo);
extern Datum LearnAggCombine(FunctionCallInfo fcinfo, const LearnAlgorithm *algo);
extern Datum LearnAggFinal(FunctionCallInfo fcinfo, const LearnAlgorithm *algo);
extern LearnLabelKind LearnLabelKindOf(Oid type);
extern char *LearnCanonicalLabel(char *text, Oid type);
extern void LearnSortClasses(char **names, uint32 n, LearnLabelKind kind, int *perm);

extern void LearnStateTrustedView(bytea *b, LearnState *st);

#endif							/* LEARN_API_AGGREGATE_H */
