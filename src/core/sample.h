/*
 * sample.h: the deterministic row sample shared by the in-memory and the
 * streamed fits (k-means starts): the m rows with the smallest sample key,
 * in key order.
 *
 * The key of a row of p float8 values is (LearnSampleHash of the row, the
 * values in order, their bit patterns): a total order on finite rows, so the
 * m smallest are the same rows whatever the scan order, partitioning or
 * parallel plan; rows equal in every key part are identical.
 *
 * A LearnSampleHeap keeps the m smallest rows seen as a bounded max-heap of
 * slots, each slot 1 + p float8-sized words: the hash's bits, then the
 * values.  The slots can live in any buffer (the learn.hash_sample aggregate
 * keeps them in its bytea state).
 */
#ifndef LEARN_SAMPLE_H
#define LEARN_SAMPLE_H

#include "postgres.h"

typedef struct LearnSampleHeap
{
	uint32		p;				/* values per row */
	int64		cap;			/* rows kept at most (m) */
	int64		count;			/* rows kept now */
	double	   *slots;			/* count slots of 1 + p words, a max-heap */
} LearnSampleHeap;

extern uint64 LearnSampleHash(const double *x, uint32 p);
extern void LearnSampleOffer(LearnSampleHeap *h, uint64 hash, const double *x);
extern void LearnSampleSort(LearnSampleHeap *h);
extern double *LearnSampleRows(const double *rows, int64 n, uint32 p, int64 m, int64 *n_out);

#endif							/* LEARN_SAMPLE_H */
