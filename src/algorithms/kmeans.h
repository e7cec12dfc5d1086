/*
 * kmeans.h: k-means parameters and iteration, shared by the in-memory fit
 * (algorithms/kmeans.c) and the streaming step aggregate (api/kmeans_step.c).
 *
 * Both paths fit the same way: n_init k-means++ starts, each iterated to
 * convergence on a deterministic sample of the rows (KmeansStart); the best
 * few of them (lowest inertia on the sample) are compared by their inertia
 * over all rows in one pass, and the winner is iterated over all rows.  When
 * the sample holds every row, its inertia is the inertia over all rows, and
 * the last phase only evaluates the final inertia and cluster sizes.
 *
 * One Lloyd iteration needs, over all rows at the current centroids, the
 * per-cluster sums and counts, the inertia, and the rows farthest from their
 * centroid (to re-seed empty clusters); the final evaluation pass needs only
 * the inertia and the counts.  Those sums live in one flat float8
 * buffer (KmeansSumsLen slots) so that the step aggregate can keep them in its
 * bytea state and add partial buffers in its combine function:
 *
 *   [0]            inertia: sum of squared distances to the nearest centroid
 *   [1]            n_far: entries in use in the far list
 *   [2, 2+k)       counts per cluster
 *   [2+k, 2+k+kp)  sums per cluster, row-major k x p
 *   then           KMEANS_MAX_CANDIDATES inertias of the candidates 1.. at a
 *                  selection pass (candidate 0's is [0])
 *   then           far list: KmeansFarCap(k) entries of (distance, cluster,
 *                  x[p]), farthest first (ties: smaller x lexicographically)
 */
#ifndef LEARN_KMEANS_H
#define LEARN_KMEANS_H

#include "algorithms/algorithm.h"

#define KMEANS_MAX_FEATURES		1000
#define KMEANS_MAX_K			LEARN_MAX_CLASSES	/* the step state names its clusters */
#define KMEANS_MAX_FAR			64	/* empty clusters re-seeded per iteration */
#define KMEANS_MAX_CANDIDATES	64	/* starts compared over all rows */
/*
 * A streamed fit's model travels in the step state's options blob, at most
 * LEARN_STATE_MAX_OPTIONS (1 MB): the candidates' centroids take at most
 * 512 kB, and a streamed model has at most KMEANS_MAX_STREAM_VALUES centroid
 * values (k x p).
 */
#define KMEANS_CANDIDATE_VALUES	(1 << 16)
#define KMEANS_MAX_STREAM_VALUES	120000
/* overridable at build time only so the fuzz harness (test/fuzz) runs fast */
#ifndef KMEANS_DEFAULT_N_INIT
#define KMEANS_DEFAULT_N_INIT	10
#endif
#ifndef KMEANS_DEFAULT_MAX_ITER
#define KMEANS_DEFAULT_MAX_ITER	300
#endif
#define KMEANS_DEFAULT_TOL		1e-4

/* where a fit is */
#define KMEANS_RUNNING		0	/* Lloyd iterations */
#define KMEANS_EVALUATE		1	/* centroids final: one more pass for inertia and sizes */
#define KMEANS_DONE			2
#define KMEANS_SELECT		3	/* one pass for the inertia of each candidate start */

typedef struct KmeansParams
{
	uint32		k;
	uint32		p;
	uint32		max_iter;
	double		tol;			/* relative to the mean feature variance */
	double		tol_abs;		/* tol x mean feature variance; NaN before the first pass */
	bool		verbose;
	int64		seed;
	uint32		n_init;			/* starts run on the sample */
	uint32		init;			/* the start these centroids come from (0-based) */
	uint32		sample_rows;	/* rows the starts ran on */
	uint32		sample_iterations;	/* Lloyd iterations of the chosen start on the sample */
	bool		refining;		/* iterating over all rows (after the starts) */
	uint8		status;
	bool		converged;
	uint32		iterations;		/* Lloyd iterations (centroid moves) in this phase */
	uint32		relocated;		/* empty clusters re-seeded, all iterations */
	double		inertia;		/* at the final centroids once done; else at the last evaluated */
	double		shift;			/* squared centroid shift of the last iteration */
	double	   *centroids;		/* k x p, row-major */
	double	   *sizes;			/* k: rows per cluster at the final centroids */
	/* while selecting: the other candidate starts, best first on the sample */
	uint32		n_cand;			/* candidates, this one included (1 once selected) */
	uint32	   *cand_init;		/* n_cand - 1 starts */
	uint32	   *cand_iterations;	/* their iterations on the sample */
	double	   *cand_centroids; /* (n_cand - 1) x k x p */
} KmeansParams;

/* learn.kmeans_bounds: in-memory passes skip distances with Hamerly's bounds (kmeans.c) */
extern PGDLLIMPORT bool kmeans_use_bounds;

extern KmeansParams *KmeansNew(uint32 p, const LearnOptions *opt);
extern int64 KmeansSampleRows(uint32 k, uint32 p);
extern KmeansParams *KmeansStart(uint32 p, const LearnOptions *opt, const double *sample,
								 int64 n_sample, bool sample_is_all);
extern uint32 KmeansFarCap(uint32 k);
extern int64 KmeansSumsLen(uint32 k, uint32 p);
extern void KmeansSumsClear(const KmeansParams *P, double *sums);
extern void KmeansSumsCheck(const KmeansParams *P, const double *sums, int64 rows);
extern void KmeansAddRow(const KmeansParams *P, const double *x, double *sums);
extern void KmeansMergeSums(const KmeansParams *P, double *into, const double *from);
extern bool KmeansIterate(KmeansParams *P, double *sums, double mean_var);
extern void KmeansWarn(const KmeansParams *P);
extern void KmeansEncode(LearnWriter *w, const KmeansParams *P);

#endif							/* LEARN_KMEANS_H */
