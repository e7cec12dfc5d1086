/*
 * kmeans.c: k-means clustering by Lloyd's algorithm (Lloyd, "Least squares
 * quantization in PCM", IEEE Trans. Inf. Theory 28(2), 1982) seeded with
 * greedy k-means++ (Arthur and Vassilvitskii, "k-means++: the advantages of
 * careful seeding", SODA 2007; the greedy variant with 2 + ln k candidates
 * per centre is scikit-learn's).
 *
 * The learn.kmeans_fit aggregate keeps its rows (up to learn.memory_limit)
 * and fits in its final function; for larger sources learn.train runs one
 * aggregate pass of learn.kmeans_step per iteration (api/kmeans_step.c).
 * Both paths fit the same way, with the same functions:
 *
 *   1. the sample: the KmeansSampleRows(k, p) rows with the smallest
 *      sample keys, in that order (core/sample.h: a hash of the binary
 *      values; learn.train's streamed fit takes the same rows with the
 *      learn.hash_sample aggregate; every row when there are fewer);
 *   2. n_init starts on the sample, each seeded by k-means++ from its own
 *      random stream and iterated to convergence there;
 *   3. the best few of them on the sample (up to KMEANS_MAX_CANDIDATES, and
 *      32 MB of centroids) compared in one pass by their inertia over all
 *      rows; the lowest wins (the first on ties);
 *   4. Lloyd iterations over all rows from its centroids.
 * When the sample holds every row, its inertia is the inertia over all rows:
 * the best start wins directly and only one pass evaluates the final inertia
 * and cluster sizes; this is k-means with n_init restarts, as scikit-learn's.
 *
 * So both paths give the same model (up to summation order), and the model
 * does not depend on the physical order of the rows.
 *
 * An iteration assigns every row to its nearest centroid (the first on ties),
 * re-seeds each empty cluster with the row farthest from its centroid (as
 * scikit-learn does, up to KMEANS_MAX_FAR per iteration; a cluster still
 * empty keeps its centroid), and moves the centroids to their cluster means.
 * It stops when the squared centroid shift summed over clusters is at most
 * tol x the mean feature variance (scikit-learn's rule) or after max_iter
 * iterations; the reported inertia and cluster sizes are those of the final
 * centroids.
 *
 * Iterations over rows held in memory skip most distance computations with
 * Hamerly's bounds (KmeansPassPart below) and make exactly the sums plain
 * Lloyd makes; the streamed passes compute every distance.
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "algorithms/algorithm.h"
#include "algorithms/kmeans.h"
#include "core/linalg.h"
#include "core/parallel.h"
#include "core/sample.h"
#include "miscadmin.h"
#include "utils/json.h"

/* ---- a small self-contained random number generator ---- */

/* xoshiro256** (Blackman and Vigna, 2018), seeded through SplitMix64. */
typedef struct KmeansRng
{
	uint64		s[4];
} KmeansRng;

/* One SplitMix64 output (Steele, Lea and Flood, 2014). */
static uint64
SplitMix64(uint64 *x)
{
	uint64		z = (*x += UINT64CONST(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64CONST(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64CONST(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* The generator of restart init under seed. */
static void
RngInit(KmeansRng *r, int64 seed, uint32 init)
{
	uint64		x = (uint64) seed;
	uint64		h = SplitMix64(&x);

	x = h ^ ((uint64) init * UINT64CONST(0xd1b54a32d192ed03));
	for (int i = 0; i < 4; i++)
		r->s[i] = SplitMix64(&x);
}

static inline uint64
Rotl(uint64 x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* A uniform double in [0, 1). */
static double
RngUniform(KmeansRng *r)
{
	uint64	   *s = r->s;
	uint64		result = Rotl(s[1] * 5, 7) * 9;
	uint64		t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = Rotl(s[3], 45);
	return (double) (result >> 11) * (1.0 / 9007199254740992.0);
}

/* ---- geometry ---- */

static inline double
SqDist(const double *a, const double *b, uint32 p)
{
	double		d = 0;

	for (uint32 i = 0; i < p; i++)
	{
		double		t = a[i] - b[i];

		d += t * t;
	}
	return d;
}

/* Index of the centroid (k x p) nearest to x (the first on ties); its squared distance in *d. */
static uint32
NearestIn(const double *centroids, uint32 k, uint32 p, const double *x, double *d)
{
	uint32		best = 0;
	double		bd = SqDist(x, centroids, p);

	for (uint32 j = 1; j < k; j++)
	{
		double		t = SqDist(x, centroids + (size_t) j * p, p);

		if (t < bd)
		{
			bd = t;
			best = j;
		}
	}
	*d = bd;
	return best;
}

/* The cluster of x under P's centroids. */
static inline uint32
Nearest(const KmeansParams *P, const double *x, double *d)
{
	return NearestIn(P->centroids, P->k, P->p, x, d);
}

/* ---- parameters ---- */

/* Empty parameters for p features, options applied; k is required. */
KmeansParams *
KmeansNew(uint32 p, const LearnOptions *opt)
{
	KmeansParams *P;

	if (opt->k <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("kmeans needs the number of clusters: option \"k\""),
				 errhint("For example '{\"k\": 3}'.")));
	if (opt->k > KMEANS_MAX_K)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("kmeans supports at most %d clusters, got k = %d", KMEANS_MAX_K, opt->k)));
	P = palloc0(sizeof(KmeansParams));
	P->k = (uint32) opt->k;
	P->p = p;
	P->max_iter = opt->max_iter > 0 ? (uint32) opt->max_iter : KMEANS_DEFAULT_MAX_ITER;
	P->tol = opt->tol > 0 ? opt->tol : KMEANS_DEFAULT_TOL;
	P->tol_abs = NAN;
	P->verbose = opt->verbose;
	P->seed = opt->has_seed ? opt->seed : 0;
	P->n_init = opt->n_init > 0 ? (uint32) opt->n_init : KMEANS_DEFAULT_N_INIT;
	P->inertia = NAN;
	P->shift = NAN;
	P->centroids = palloc0(sizeof(double) * P->k * p);
	P->sizes = palloc0(sizeof(double) * P->k);
	P->n_cand = 1;
	return P;
}

/* Free parameters made by KmeansNew (a start that lost). */
static void
KmeansFree(KmeansParams *P)
{
	pfree(P->centroids);
	pfree(P->sizes);
	pfree(P);
}

/* Starts compared over all rows: the best few, within the centroid budget. */
static uint32
KmeansCandidates(uint32 k, uint32 p, uint32 n_init)
{
	uint32		by_size = (uint32) Max(1, KMEANS_CANDIDATE_VALUES / ((int64) k * p));

	return Min(Min(n_init, KMEANS_MAX_CANDIDATES), by_size);
}

/*
 * Rows of the sample the starts run on: 10000 (fewer when p is large, to
 * bound the sample at 32 MB), and never fewer than 10 per cluster.
 */
int64
KmeansSampleRows(uint32 k, uint32 p)
{
	return Max((int64) 10 * k, Min((int64) 10000, ((int64) 1 << 22) / Max(p, 1)));
}

/* The row of the cumulative weights cum[0..n-1] where r falls (weight > 0). */
static int64
PickWeighted(const double *cum, const double *w, int64 n, double r)
{
	int64		lo = 0,
				hi = n;

	/* first i with cum[i] > r */
	while (lo < hi)
	{
		int64		mid = lo + (hi - lo) / 2;

		if (cum[mid] > r)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo < n)
		return lo;
	/* r rounded up to the total: the last row with weight */
	for (int64 i = n - 1; i > 0; i--)
		if (w[i] > 0)
			return i;
	return 0;
}

/*
 * Greedy k-means++ over rows[0..n-1] (n >= k): the first centre uniformly,
 * each next one the best (lowest potential) of 2 + floor(ln k) candidates
 * drawn with probability proportional to the squared distance to the
 * nearest centre so far.  Deterministic given the seed, init and the rows
 * in their order.
 */
static void
KmeansSeed(KmeansParams *P, const double *rows, int64 n, uint32 init)
{
	uint32		k = P->k,
				p = P->p;
	uint32		trials = 2 + (uint32) floor(log((double) k));
	KmeansRng	rng;
	double	   *d2 = palloc_extended(sizeof(double) * n, MCXT_ALLOC_HUGE);
	double	   *cand = palloc_extended(sizeof(double) * n, MCXT_ALLOC_HUGE);
	double	   *best = palloc_extended(sizeof(double) * n, MCXT_ALLOC_HUGE);
	double	   *cum = palloc_extended(sizeof(double) * n, MCXT_ALLOC_HUGE);
	double		pot = 0;
	int64		first;

	Assert(n >= k);
	RngInit(&rng, P->seed, init);
	P->init = init;
	first = Min((int64) (RngUniform(&rng) * (double) n), n - 1);
	memcpy(P->centroids, rows + first * p, sizeof(double) * p);
	for (int64 i = 0; i < n; i++)
	{
		if ((i & 0x3ff) == 0)
			CHECK_FOR_INTERRUPTS();
		d2[i] = SqDist(rows + i * p, P->centroids, p);
		pot += d2[i];
	}
	if (!isfinite(pot))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("kmeans: squared distances overflow double precision"),
				 errhint("Scale the features (option \"scale\") or divide them by a constant.")));
	for (uint32 c = 1; c < k; c++)
	{
		double		best_pot = INFINITY,
					acc = 0;
		int64		best_idx = -1;

		for (int64 i = 0; i < n; i++)
			cum[i] = (acc += d2[i]);
		for (uint32 t = 0; t < trials; t++)
		{
			double		u = RngUniform(&rng);
			int64		idx = pot > 0 ? PickWeighted(cum, d2, n, u * pot)
				: Min((int64) (u * (double) n), n - 1);
			const double *cx = rows + idx * p;
			double		new_pot = 0;

			for (int64 i = 0; i < n; i++)
			{
				double		v;

				if ((i & 0x3ff) == 0)
					CHECK_FOR_INTERRUPTS();
				v = Min(d2[i], SqDist(rows + i * p, cx, p));
				cand[i] = v;
				new_pot += v;
			}
			if (new_pot < best_pot || best_idx < 0)
			{
				double	   *tmp = best;

				best = cand;
				cand = tmp;
				best_pot = new_pot;
				best_idx = idx;
			}
		}
		memcpy(P->centroids + (size_t) c * p, rows + best_idx * p, sizeof(double) * p);
		{
			double	   *tmp = d2;

			d2 = best;
			best = tmp;
		}
		pot = best_pot;
	}
	pfree(d2);
	pfree(cand);
	pfree(best);
	pfree(cum);
}

/* ---- the sums of one iteration ---- */

/* Entries of the far list: enough for every cluster, at most KMEANS_MAX_FAR. */
static inline uint32
FarCap(uint32 k)
{
	return Min(k, KMEANS_MAX_FAR);
}

/* FarCap, exported (the step aggregate checks its states with it). */
uint32
KmeansFarCap(uint32 k)
{
	return FarCap(k);
}

/* float8 slots of the sums for k clusters and p features. */
int64
KmeansSumsLen(uint32 k, uint32 p)
{
	return 2 + (int64) k + (int64) k * p + KMEANS_MAX_CANDIDATES + (int64) FarCap(k) * (p + 2);
}

/* Slots that add up in a merge: inertia .. candidate inertias (not the far list). */
static inline int64
AddedLen(const KmeansParams *P)
{
	return 2 + (int64) P->k + (int64) P->k * P->p + KMEANS_MAX_CANDIDATES;
}

static inline double *
CandidateInertias(const KmeansParams *P, double *sums)
{
	return sums + 2 + P->k + (size_t) P->k * P->p;
}

/* Zero the sums. */
void
KmeansSumsClear(const KmeansParams *P, double *sums)
{
	memset(sums, 0, sizeof(double) * KmeansSumsLen(P->k, P->p));
}

static inline double *
FarList(const KmeansParams *P, double *sums)
{
	return sums + AddedLen(P);
}

/*
 * Does (d, x) come before the far-list entry e: farther, or as far and
 * lexicographically smaller (so the list does not depend on row order)?
 */
static bool
FarBefore(double d, const double *x, const double *e, uint32 p)
{
	if (d != e[0])
		return d > e[0];
	for (uint32 i = 0; i < p; i++)
		if (x[i] != e[2 + i])
			return x[i] < e[2 + i];
	return false;
}

/* Insert a row (distance d to its cluster j) into the sorted far list if it belongs. */
static void
FarInsert(const KmeansParams *P, double *sums, double d, uint32 j, const double *x)
{
	uint32		cap = FarCap(P->k),
				w = P->p + 2;
	uint32		n = (uint32) sums[1];
	double	   *far = FarList(P, sums);
	uint32		i;

	if (n == cap && !FarBefore(d, x, far + (size_t) (cap - 1) * w, P->p))
		return;
	i = (n < cap) ? n : cap - 1;
	while (i > 0 && FarBefore(d, x, far + (size_t) (i - 1) * w, P->p))
	{
		memcpy(far + (size_t) i * w, far + (size_t) (i - 1) * w, sizeof(double) * w);
		i--;
	}
	far[(size_t) i * w] = d;
	far[(size_t) i * w + 1] = j;
	memcpy(far + (size_t) i * w + 2, x, sizeof(double) * P->p);
	if (n < cap)
		sums[1] = n + 1;
}

/* Add x's squared distance to the nearest centroid of each other candidate start. */
static void
AddCandidates(const KmeansParams *P, const double *x, double *sums)
{
	double	   *ci = CandidateInertias(P, sums);
	size_t		kp = (size_t) P->k * P->p;
	double		d;

	for (uint32 c = 1; c < P->n_cand; c++)
	{
		NearestIn(P->cand_centroids + (c - 1) * kp, P->k, P->p, x, &d);
		ci[c - 1] += d;
	}
}

/* Add row x, nearest to centroid j at squared distance d, to the sums. */
static inline void
AddAssigned(const KmeansParams *P, const double *x, double d, uint32 j, double *sums)
{
	double	   *s = sums + 2 + P->k + (size_t) j * P->p;

	sums[0] += d;
	sums[2 + j] += 1;
	for (uint32 i = 0; i < P->p; i++)
		s[i] += x[i];
	/* most rows are nearer than the far list's last entry: FarInsert's first test, inline */
	if ((uint32) sums[1] < FarCap(P->k) ||
		d >= FarList(P, sums)[(size_t) (FarCap(P->k) - 1) * (P->p + 2)])
		FarInsert(P, sums, d, j, x);
}

/*
 * Add one row at the current centroids.  The final evaluation needs only
 * the inertia and the counts (KmeansIterate reads nothing else then).
 */
void
KmeansAddRow(const KmeansParams *P, const double *x, double *sums)
{
	double		d;
	uint32		j = Nearest(P, x, &d);

	if (P->status == KMEANS_EVALUATE)
	{
		sums[0] += d;
		sums[2 + j] += 1;
		return;
	}
	AddAssigned(P, x, d, j, sums);
	if (P->status == KMEANS_SELECT)
		AddCandidates(P, x, sums);
}

/* Add the sums from into into (both checked); the far lists are merged. */
void
KmeansMergeSums(const KmeansParams *P, double *into, const double *from)
{
	uint32		w = P->p + 2;
	uint32		nf = (uint32) from[1];
	const double *far = FarList(P, (double *) from);

	into[0] += from[0];
	for (int64 i = 2; i < AddedLen(P); i++)
		into[i] += from[i];
	for (uint32 e = 0; e < nf; e++)
	{
		const double *f = far + (size_t) e * w;

		FarInsert(P, into, f[0], (uint32) f[1], f + 2);
	}
}

/* Raise the error for sums that pg_learn did not make. */
static void
BadSums(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid pg_learn aggregate state"),
			 errdetail("k-means sums: %s.", detail)));
}

/* Check sums taken from a state over rows rows: counts, far list, finiteness. */
void
KmeansSumsCheck(const KmeansParams *P, const double *sums, int64 rows)
{
	int64		len = KmeansSumsLen(P->k, P->p);
	uint32		cap = FarCap(P->k),
				w = P->p + 2;
	double		total = 0;
	const double *far = FarList(P, (double *) sums);

	for (int64 i = 0; i < len; i++)
		if (!isfinite(sums[i]))
			BadSums("a value is not finite");
	if (sums[0] < 0)
		BadSums("negative inertia");
	if (sums[1] < 0 || sums[1] > cap || sums[1] != floor(sums[1]) || sums[1] > (double) rows)
		BadSums("bad length of the far list");
	for (uint32 j = 0; j < P->k; j++)
	{
		double		c = sums[2 + j];

		if (c < 0 || c != floor(c))
			BadSums("bad cluster count");
		total += c;
	}
	if (total != (double) rows)
		BadSums("cluster counts do not add up to the rows");
	for (uint32 c = 0; c < KMEANS_MAX_CANDIDATES; c++)
		if (CandidateInertias(P, (double *) sums)[c] < 0)
			BadSums("negative candidate inertia");
	for (uint32 e = 0; e < (uint32) sums[1]; e++)
	{
		const double *f = far + (size_t) e * w;

		if (f[0] < 0 || f[1] < 0 || f[1] >= P->k || f[1] != floor(f[1]))
			BadSums("bad far-list entry");
	}
}

/*
 * Re-seed empty clusters, in index order, with the rows farthest from their
 * centroids (scikit-learn's _relocate_empty_clusters): the row leaves its
 * cluster and alone makes the empty one.  Returns how many moved.
 */
static uint32
Relocate(const KmeansParams *P, double *sums)
{
	uint32		k = P->k,
				p = P->p,
				w = p + 2;
	double	   *counts = sums + 2;
	double	   *s = counts + k;
	const double *far = FarList(P, sums);
	uint32		n_far = (uint32) sums[1];
	uint32	   *empty = palloc(sizeof(uint32) * k);
	uint32		n_empty = 0,
				moved = 0;

	for (uint32 j = 0; j < k; j++)
		if (counts[j] == 0)
			empty[n_empty++] = j;
	for (uint32 e = 0; e < n_empty && moved < n_far; e++)
	{
		const double *f = far + (size_t) moved * w;
		uint32		j = empty[e],
					old = (uint32) f[1];

		moved++;
		if (counts[old] < 1)
			continue;
		for (uint32 i = 0; i < p; i++)
		{
			s[(size_t) old * p + i] -= f[2 + i];
			s[(size_t) j * p + i] = f[2 + i];
		}
		counts[old] -= 1;
		counts[j] = 1;
		if (counts[old] == 0)
			memset(s + (size_t) old * p, 0, sizeof(double) * p);
	}
	pfree(empty);
	return moved;
}

/*
 * End of the selection pass: the candidate with the lowest inertia over all
 * rows (the first on ties) becomes the model.  Returns true when that is the
 * current one, whose Lloyd sums the pass has just made.
 */
static bool
SelectCandidate(KmeansParams *P, const double *sums)
{
	const double *ci = CandidateInertias(P, (double *) sums);
	size_t		kp = (size_t) P->k * P->p;
	uint32		win = 0;
	double		best = sums[0];
	StringInfoData msg;

	initStringInfo(&msg);
	appendStringInfo(&msg, "start %u: %.10g", P->init + 1, sums[0]);
	for (uint32 c = 1; c < P->n_cand; c++)
	{
		appendStringInfo(&msg, ", start %u: %.10g", P->cand_init[c - 1] + 1, ci[c - 1]);
		if (ci[c - 1] < best)
		{
			best = ci[c - 1];
			win = c;
		}
	}
	if (P->verbose)
		ereport(NOTICE,
				(errmsg("kmeans: inertia over all rows of the best starts on the sample: %s", msg.data)));
	if (win > 0)
	{
		P->init = P->cand_init[win - 1];
		P->sample_iterations = P->cand_iterations[win - 1];
		memcpy(P->centroids, P->cand_centroids + (win - 1) * kp, sizeof(double) * kp);
	}
	P->n_cand = 1;
	P->cand_init = NULL;
	P->cand_iterations = NULL;
	P->cand_centroids = NULL;
	P->status = KMEANS_RUNNING;
	return win == 0;
}

/* What the iterations run on, for NOTICEs. */
static const char *
PhaseName(const KmeansParams *P)
{
	if (P->refining)
		return psprintf("start %u, all rows", P->init + 1);
	return psprintf("start %u on a sample of %u rows", P->init + 1, P->sample_rows);
}

/*
 * One step given the sums at P->centroids: a Lloyd iteration while running,
 * or the final inertia and sizes when evaluating.  mean_var is the mean
 * (population) variance of the features, used on the first iteration to
 * scale tol.  Returns true when the fit is done.
 */
bool
KmeansIterate(KmeansParams *P, double *sums, double mean_var)
{
	uint32		k = P->k,
				p = P->p;
	double	   *counts = sums + 2;
	double	   *s = counts + k;
	double		shift = 0;
	uint32		moved;
	bool		stop = false;

	CHECK_FOR_INTERRUPTS();
	if (P->status == KMEANS_DONE)
		return true;
	if (!isfinite(sums[0]) || (isnan(P->tol_abs) && !isfinite(mean_var)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("kmeans: squared distances overflow double precision"),
				 errhint("Scale the features (option \"scale\") or divide them by a constant.")));
	if (P->status == KMEANS_EVALUATE)
	{
		P->inertia = sums[0];
		memcpy(P->sizes, counts, sizeof(double) * k);
		P->status = KMEANS_DONE;
		if (P->verbose)
			ereport(NOTICE,
					(errmsg("kmeans: %s: final inertia %.10g", PhaseName(P), P->inertia)));
		return true;
	}
	if (P->status == KMEANS_SELECT && !SelectCandidate(P, sums))
		return false;			/* another start won: its sums come next pass */
	if (isnan(P->tol_abs))
	{
		/*
		 * A huge tol times the variance overflowed to Infinity, which the
		 * model decoder rightly rejects: training "succeeded" into a model
		 * nothing could load (found by test/fuzz/fuzz_fit).  DBL_MAX stops
		 * at the same iteration, since every finite shift is below both.
		 */
		P->tol_abs = Min(P->tol * mean_var, DBL_MAX);
	}
	moved = Relocate(P, sums);
	for (uint32 j = 0; j < k; j++)
	{
		double	   *c = P->centroids + (size_t) j * p;

		if (counts[j] <= 0)
			continue;			/* still empty: keep the centroid */
		for (uint32 i = 0; i < p; i++)
		{
			double		v = s[(size_t) j * p + i] / counts[j];

			shift += (v - c[i]) * (v - c[i]);
			c[i] = v;
		}
	}
	P->iterations++;
	P->relocated += moved;
	P->inertia = sums[0];
	P->shift = shift;
	if (P->verbose)
		ereport(NOTICE,
				(errmsg("kmeans: %s, iteration %u: inertia %.10g, squared centroid shift %.6g (tolerance %.6g)%s",
						PhaseName(P), P->iterations, sums[0], shift, P->tol_abs,
						moved ? psprintf(", %u empty clusters re-seeded", moved) : "")));
	if (shift <= P->tol_abs)
	{
		P->converged = true;
		stop = true;
	}
	else if (P->iterations >= P->max_iter)
		stop = true;
	if (!stop)
		return false;
	if (shift == 0 && moved == 0)
	{
		/* the centroids did not move: the assignment just made is final */
		memcpy(P->sizes, counts, sizeof(double) * k);
		P->status = KMEANS_DONE;
		return true;
	}
	P->status = KMEANS_EVALUATE;
	return false;
}

/* ---- the in-memory fit ---- */

/* float8 slots of the row store: rows x p. */
static int64
KmeansPayloadLen(uint32 n_features, uint32 n_classes, int64 rows_used)
{
	if (n_features == 0 || n_features > KMEANS_MAX_FEATURES || n_classes != 0 ||
		rows_used < 0 || rows_used > ((int64) 1 << 40) / n_features)
		return -1;
	return rows_used * (int64) n_features;
}

/* Keep the row: the generic code has grown the payload by one row. */
static void
KmeansAccumulate(LearnState *st, double y pg_attribute_unused(), const double *x)
{
	uint32		p = st->hdr->n_features;

	memcpy(st->payload + (st->hdr->rows_used - 1) * (int64) p, x, sizeof(double) * p);
}

/* Append from's rows. */
static void
KmeansCombine(LearnState *into, const LearnState *from, const int *class_map pg_attribute_unused())
{
	uint32		p = into->hdr->n_features;

	memcpy(into->payload + into->hdr->rows_used * (int64) p, from->payload,
		   sizeof(double) * from->hdr->rows_used * p);
}

/* Fail unless the rows can make k clusters. */
static void
CheckEnoughRows(uint32 k, int64 n)
{
	if ((int64) k > n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("kmeans: k = %u exceeds the number of rows (" INT64_FORMAT ")", k, n)));
}

/* Warnings about a finished fit: not converged, clusters left empty. */
void
KmeansWarn(const KmeansParams *P)
{
	uint32		empty = 0;

	for (uint32 j = 0; j < P->k; j++)
		empty += (P->sizes[j] == 0);
	if (!P->converged && P->iterations > 0)
		ereport(WARNING,
				(errcode(ERRCODE_WARNING),
				 errmsg("k-means did not converge in %u iterations over all rows", P->iterations),
				 errhint("Raise max_iter or tol.")));
	else if (!P->converged)
		ereport(WARNING,
				(errcode(ERRCODE_WARNING),
				 errmsg("k-means did not converge in %u iterations", P->sample_iterations),
				 errhint("Raise max_iter or tol.")));
	if (empty > 0)
		ereport(WARNING,
				(errcode(ERRCODE_WARNING),
				 errmsg("k-means left %u of %u clusters empty", empty, P->k),
				 errdetail("The rows have fewer distinct points than k; an empty cluster keeps its last centroid.")));
}

/* ---- Lloyd passes over the rows in memory, with Hamerly's bounds ---- */

/*
 * Hamerly's bounds (G. Hamerly, "Making k-means even faster", SDM 2010) let
 * most rows of a pass skip all but one distance once the clusters settle.
 * Each row keeps the centroid it was nearest to at the previous pass and a
 * lower bound on its distance to every other centroid.  When the centroids
 * move, the bound drops by the largest move of the others (triangle
 * inequality).  The distance to the row's own centroid is computed anyway
 * (the inertia needs it); the row keeps that centroid without computing the
 * others when the distance is below the bound, or below half the distance
 * from its centroid to the nearest other one (then every other centroid is
 * farther).  Otherwise it computes every distance, as plain Lloyd does, and
 * its bound afresh from the second nearest.
 *
 * The passes give exactly plain Lloyd's sums, bit for bit: the distances
 * are the same floating-point computations (SqDist's terms in its order;
 * the all-distances kernel only interleaves the centroids), a row skips only
 * when every other computed squared distance is provably strictly larger
 * than its own (a tie goes through the full computation, so to the first
 * centroid), and the rows are summed in the same order.  The bounds are
 * conservative against rounding: each is shrunk, and each move grown, by
 * the relative KMEANS_BOUND_SLACK, far above the rounding error of a squared
 * distance of up to KMEANS_MAX_FEATURES terms (about 1e-13 relative); a bound
 * below KMEANS_BOUND_TINY, where underflow could break relative error
 * bounds, counts as 0, and one that overflowed as 0 too.  The bounds are
 * stored as float, rounded down: 6 bytes per row.  Without the memory for
 * them (or with learn.kmeans_bounds off) the passes are plain.
 */
#define KMEANS_BOUND_SLACK	1e-12
#define KMEANS_BOUND_TINY	1e-140

bool		kmeans_use_bounds = true;

StaticAssertDecl(KMEANS_MAX_K <= PG_UINT16_MAX, "cluster numbers fit in uint16");

typedef struct KmeansBounds
{
	bool		have;			/* near and lower describe the rows at prev */
	uint16	   *near;			/* per row: its nearest centroid at prev */
	float	   *lower;			/* per row: bound below its distance to the other centroids at prev */
	double	   *prev;			/* k x p: the centroids of the last bounded pass */
	double	   *drop;			/* k: bound above the move of every other centroid since prev */
	double	   *half2;			/* k: squared distance under which a row has no nearer centroid */
} KmeansBounds;

/* Bounds for n rows, k clusters and p features; NULL when switched off or memory is short. */
static KmeansBounds *
BoundsNew(uint32 k, uint32 p, int64 n)
{
	KmeansBounds *B;
	int			flags = MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM;

	if (!kmeans_use_bounds || n <= 0)
		return NULL;
	B = palloc0(sizeof(KmeansBounds));
	B->near = palloc_extended(sizeof(uint16) * n, flags);
	B->lower = palloc_extended(sizeof(float) * n, flags);
	if (B->near == NULL || B->lower == NULL)
	{
		if (B->near)
			pfree(B->near);
		if (B->lower)
			pfree(B->lower);
		pfree(B);
		return NULL;
	}
	B->prev = palloc(sizeof(double) * k * p);
	B->drop = palloc(sizeof(double) * k);
	B->half2 = palloc(sizeof(double) * k);
	return B;
}

/* Free bounds made by BoundsNew (NULL is fine). */
static void
BoundsFree(KmeansBounds *B)
{
	if (B == NULL)
		return;
	pfree(B->near);
	pfree(B->lower);
	pfree(B->prev);
	pfree(B->drop);
	pfree(B->half2);
	pfree(B);
}

/*
 * A lower bound v as a float, below v: shrunk by 2^-22 (the float's
 * rounding is 2^-24 relative, plus the slack); 0 when below 1e-30 (where
 * floats lose relative precision) or NaN, 1e38 when above (floats end at
 * 3.4e38).
 */
static inline float
BoundDown(double v)
{
	if (!(v > 1e-30))
		return 0;
	if (v >= 1e38)
		return 1e38f;
	return (float) (v * (1 - 0x1p-22));
}

/*
 * The centroid (k x p) nearest to x, the first on ties, as NearestIn (the
 * same distances, compared in the same order); its squared distance in *d1,
 * the smallest of the others in *d2 (Infinity when k = 1).
 */
static inline uint32
NearestTwo(const double *centroids, uint32 k, uint32 p, const double *x, double *d1, double *d2)
{
	uint32		best = 0;
	double		b = SqDist(x, centroids, p),
				s = INFINITY;

	for (uint32 j = 1; j < k; j++)
	{
		double		t = SqDist(x, centroids + (size_t) j * p, p);

		/* branch-free (the nearest is unpredictable): s = b when t < b (b <= s), else min(s, t) */
		s = Min(s, Max(t, b));
		best = t < b ? j : best;
		b = t < b ? t : b;
	}
	*d1 = b;
	*d2 = s;
	return best;
}

/*
 * Before a pass at P's centroids: how far the bounds made at prev drop (for a row of centroid j, the largest move of the others, grown
 * for rounding); and each centroid's safe radius, squared: half the
 * distance to its nearest other centroid, shrunk for rounding.
 */
static void
BoundsPrepare(KmeansBounds *B, const KmeansParams *P)
{
	uint32		k = P->k,
				p = P->p;
	const double *c = P->centroids;

	if (B->have)
	{
		double		m1 = 0,
					m2 = 0;
		uint32		j1 = 0;

		for (uint32 j = 0; j < k; j++)
		{
			double		mv = sqrt(SqDist(c + (size_t) j * p, B->prev + (size_t) j * p, p));

			mv = isfinite(mv) ? mv * (1 + KMEANS_BOUND_SLACK) + KMEANS_BOUND_TINY : INFINITY;
			if (mv > m1)
			{
				m2 = m1;
				m1 = mv;
				j1 = j;
			}
			else if (mv > m2)
				m2 = mv;
		}
		for (uint32 j = 0; j < k; j++)
			B->drop[j] = (j == j1) ? m2 : m1;
	}
	for (uint32 a = 0; a < k; a++)
	{
		double		cc = INFINITY,
					h;

		CHECK_FOR_INTERRUPTS();
		for (uint32 j = 0; j < k; j++)
			if (j != a)
				cc = Min(cc, SqDist(c + (size_t) a * p, c + (size_t) j * p, p));
		if (k == 1)
		{
			B->half2[a] = INFINITY;
			continue;
		}
		h = 0.5 * sqrt(cc) * (1 - KMEANS_BOUND_SLACK);
		B->half2[a] = (h > KMEANS_BOUND_TINY && isfinite(h)) ? h * h * (1 - 10 * KMEANS_BOUND_SLACK) : 0;
	}
	memcpy(B->prev, c, sizeof(double) * k * p);
}

/* One part of a pass over the rows (see KmeansPass). */
typedef struct KmeansPart
{
	KmeansParams *P;
	KmeansBounds *B;			/* NULL: plain Lloyd */
	const double *rows;
	int64		n;
	double	  **sums;			/* one per part */
	int64	   *full;			/* one per part: rows that computed every distance */
	bool	   *stopped;		/* one per part: left early on an interrupt */
} KmeansPart;

/*
 * Part `part` of `parts` of a pass: pure arithmetic, run on a thread of its
 * own (core/parallel.h): no server call in here.  With bounds, the sums
 * plain Lloyd makes, each row computing only its own centroid's distance
 * where its bound allows (the bounds of a row are its own: parts never
 * share one); evaluating needs only the inertia and the counts.
 */
static void
KmeansPassPart(void *arg, int part, int parts)
{
	KmeansPart *a = (KmeansPart *) arg;
	KmeansParams *P = a->P;
	KmeansBounds *B = a->B;
	uint32		k = P->k,
				p = P->p;
	bool		evaluate = (P->status == KMEANS_EVALUATE);
	bool		have = B != NULL && B->have;
	double	   *sums = a->sums[part];
	int64		lo = a->n * part / parts,
				hi = a->n * (part + 1) / parts;

	KmeansSumsClear(P, sums);
	a->full[part] = 0;
	a->stopped[part] = false;
	for (int64 r = lo; r < hi; r++)
	{
		const double *x = a->rows + r * p;
		uint32		j = 0;
		double		d = 0;
		bool		known = false;

		if (((r - lo) & 0x3ff) == 0 && LearnParallelInterrupted())
		{
			a->stopped[part] = true;
			return;
		}
		if (B == NULL)
		{
			KmeansAddRow(P, x, sums);
			continue;
		}
		if (have)
		{
			double		l;

			j = B->near[r];
			d = SqDist(x, P->centroids + (size_t) j * p, p);
			l = BoundDown((double) B->lower[r] - B->drop[j]);
			B->lower[r] = (float) l;
			known = d < B->half2[j] || d < l * l * (1 - KMEANS_BOUND_SLACK);
		}
		if (!known)
		{
			double		d2;

			a->full[part]++;
			j = NearestTwo(P->centroids, k, p, x, &d, &d2);
			B->near[r] = (uint16) j;
			B->lower[r] = BoundDown(sqrt(d2));
		}
		if (evaluate)
		{
			sums[0] += d;
			sums[2 + j] += 1;
		}
		else
			AddAssigned(P, x, d, j, sums);
	}
}

/*
 * One pass over rows[0..n-1] at P's centroids into sums (cleared here):
 * with bounds B (BoundedPass's rule, see KmeansPassPart), or plain when B is
 * NULL.  Split over threads when there are enough rows (core/parallel.h);
 * the parts' sums are merged in part order (the far list does not depend on
 * the order), so a fit is reproducible for a given number of threads.
 */
static void
KmeansPass(KmeansParams *P, KmeansBounds *B, const double *rows, int64 n, double *sums)
{
	int			parts = LearnParallelParts(n);
	KmeansPart	a;
	int64		full = 0;
	bool		stopped;

	if (B != NULL)
		BoundsPrepare(B, P);
	a.P = P;
	a.B = B;
	a.rows = rows;
	a.n = n;
	a.sums = palloc(sizeof(double *) * parts);
	a.full = palloc(sizeof(int64) * parts);
	a.stopped = palloc(sizeof(bool) * parts);
	a.sums[0] = sums;
	for (int i = 1; i < parts; i++)
		a.sums[i] = palloc(sizeof(double) * KmeansSumsLen(P->k, P->p));
	do
	{
		LearnParallelRun(KmeansPassPart, &a, parts);
		CHECK_FOR_INTERRUPTS();
		stopped = false;
		for (int i = 0; i < parts; i++)
			stopped |= a.stopped[i];
		/* an interrupt that was not an error: again (bounds are only ever lowered, so still valid) */
	} while (stopped);
	for (int i = 1; i < parts; i++)
	{
		KmeansMergeSums(P, sums, a.sums[i]);
		pfree(a.sums[i]);
	}
	if (B != NULL)
	{
		for (int i = 0; i < parts; i++)
			full += a.full[i];
		B->have = true;
		elog(DEBUG1, "kmeans: " INT64_FORMAT " of " INT64_FORMAT " rows computed every distance", full, n);
	}
}

/*
 * Lloyd iterations over rows[0..n-1] from P's seeded centroids until done;
 * with bounds B for those rows (see above), or plain when B is NULL.  The
 * selection pass is always plain (it compares other starts too).
 */
static void
KmeansRun(KmeansParams *P, const double *rows, int64 n, double *sums, double mean_var,
		  KmeansBounds *B)
{
	if (B != NULL)
		B->have = false;
	do
	{
		KmeansPass(P, (B != NULL && P->status != KMEANS_SELECT) ? B : NULL, rows, n, sums);
	} while (!KmeansIterate(P, sums, mean_var));
}

/* Mean population variance of the features of rows[0..n-1] (Welford). */
static double
MeanVariance(const double *rows, int64 n, uint32 p)
{
	double	   *mean = palloc0(sizeof(double) * p);
	double	   *m2 = palloc0(sizeof(double) * p);
	double		v = 0;

	for (int64 r = 0; r < n; r++)
		for (uint32 i = 0; i < p; i++)
		{
			double		x = rows[r * p + i],
						d = x - mean[i];

			mean[i] += d / (double) (r + 1);
			m2[i] += d * (x - mean[i]);
		}
	for (uint32 i = 0; i < p; i++)
		v += m2[i] / (double) n;
	pfree(mean);
	pfree(m2);
	return v / p;
}

/* Insert P into kept[0..*n) (best first; ties keep the earlier start), at most cap. */
static void
KeepStart(KmeansParams **kept, uint32 *n, uint32 cap, KmeansParams *P)
{
	uint32		i = *n;

	if (*n == cap && !(P->inertia < kept[cap - 1]->inertia))
	{
		KmeansFree(P);
		return;
	}
	if (*n == cap)
		KmeansFree(kept[--i]);
	else
		(*n)++;
	while (i > 0 && P->inertia < kept[i - 1]->inertia)
	{
		kept[i] = kept[i - 1];
		i--;
	}
	kept[i] = P;
}

/*
 * The n_init starts on the sample (n_sample >= k rows), each seeded by
 * k-means++ and iterated to convergence there; returns the best, ready for
 * the passes over all rows: a selection pass among the best few when the
 * sample is not every row, then Lloyd iterations; or, when the sample holds
 * every row, the pass that evaluates it.
 */
KmeansParams *
KmeansStart(uint32 p, const LearnOptions *opt, const double *sample, int64 n_sample,
			bool sample_is_all)
{
	KmeansParams *P = KmeansNew(p, opt);
	uint32		k = P->k,
				n_init = P->n_init;
	uint32		cap = sample_is_all ? 1 : KmeansCandidates(k, p, n_init);
	KmeansParams **kept = palloc(sizeof(KmeansParams *) * cap);
	uint32		n_kept = 0;
	double		mean_var = MeanVariance(sample, n_sample, p);
	double	   *sums = palloc_extended(sizeof(double) * KmeansSumsLen(k, p), MCXT_ALLOC_HUGE);
	KmeansBounds *bounds = BoundsNew(k, p, n_sample);
	size_t		kp = (size_t) k * p;
	KmeansParams *best;

	for (uint32 init = 0; init < n_init; init++)
	{
		if (init > 0)
			P = KmeansNew(p, opt);
		P->sample_rows = (uint32) n_sample;
		KmeansSeed(P, sample, n_sample, init);
		KmeansRun(P, sample, n_sample, sums, mean_var, bounds);
		KeepStart(kept, &n_kept, cap, P);
	}
	pfree(sums);
	BoundsFree(bounds);
	best = kept[0];
	best->sample_iterations = best->iterations;
	best->iterations = 0;
	best->refining = true;
	if (sample_is_all)
	{
		best->status = KMEANS_EVALUATE;
		return best;
	}
	best->status = n_kept > 1 ? KMEANS_SELECT : KMEANS_RUNNING;
	best->converged = false;
	best->tol_abs = NAN;		/* from the variance of all rows */
	best->shift = NAN;
	best->n_cand = n_kept;
	if (n_kept > 1)
	{
		best->cand_init = palloc(sizeof(uint32) * (n_kept - 1));
		best->cand_iterations = palloc(sizeof(uint32) * (n_kept - 1));
		best->cand_centroids = palloc(sizeof(double) * (n_kept - 1) * kp);
		for (uint32 c = 1; c < n_kept; c++)
		{
			best->cand_init[c - 1] = kept[c]->init;
			best->cand_iterations[c - 1] = kept[c]->iterations;
			memcpy(best->cand_centroids + (c - 1) * kp, kept[c]->centroids, sizeof(double) * kp);
		}
	}
	return best;
}

/* Fit in memory over the kept rows. */
static void
KmeansFit(const LearnState *st, const LearnOptions *opt, LearnModel *m, LearnWriter *params)
{
	uint32		p = st->hdr->n_features;
	int64		n = st->hdr->rows_used;
	int64		max_sample = KmeansSampleRows((uint32) Max(opt->k, 1), p);
	KmeansParams *P;
	double		mean_var = 0;
	double	   *sample,
			   *sums;
	int64		n_sample;
	KmeansBounds *bounds;

	P = KmeansNew(p, opt);		/* checks k */
	CheckEnoughRows(P->k, n);
	m->feature_mean = palloc0(sizeof(double) * p);
	m->feature_sd = palloc0(sizeof(double) * p);
	LearnColumnMoments(st->payload, (int) p, n, (int) p, m->feature_mean, m->feature_sd);
	for (uint32 i = 0; i < p; i++)
		mean_var += m->feature_sd[i] * m->feature_sd[i] * (double) (n - 1) / (double) n;
	mean_var /= p;

	sample = LearnSampleRows(st->payload, n, p, max_sample, &n_sample);
	P = KmeansStart(p, opt, sample, n_sample, n_sample < max_sample);
	pfree(sample);
	sums = palloc_extended(sizeof(double) * KmeansSumsLen(P->k, p), MCXT_ALLOC_HUGE);
	bounds = BoundsNew(P->k, p, n);
	KmeansRun(P, st->payload, n, sums, mean_var, bounds);
	BoundsFree(bounds);
	KmeansWarn(P);
	KmeansEncode(params, P);
}

/* ---- the model's parameters ---- */

/* Encode parameters (also used by the streaming step). */
void
KmeansEncode(LearnWriter *w, const KmeansParams *P)
{
	LearnWriteU32(w, P->k);
	LearnWriteU32(w, P->p);
	LearnWriteU32(w, P->max_iter);
	LearnWriteF64(w, P->tol);
	LearnWriteF64(w, P->tol_abs);
	LearnWriteU8(w, P->verbose);
	LearnWriteU64(w, (uint64) P->seed);
	LearnWriteU32(w, P->n_init);
	LearnWriteU32(w, P->init);
	LearnWriteU32(w, P->sample_rows);
	LearnWriteU32(w, P->sample_iterations);
	LearnWriteU8(w, P->refining);
	LearnWriteU8(w, P->status);
	LearnWriteU8(w, P->converged);
	LearnWriteU32(w, P->iterations);
	LearnWriteU32(w, P->relocated);
	LearnWriteF64(w, P->inertia);
	LearnWriteF64(w, P->shift);
	LearnWriteF64Array(w, P->centroids, (size_t) P->k * P->p);
	LearnWriteF64Array(w, P->sizes, P->k);
	LearnWriteU32(w, P->n_cand);
	for (uint32 c = 1; c < P->n_cand; c++)
	{
		LearnWriteU32(w, P->cand_init[c - 1]);
		LearnWriteU32(w, P->cand_iterations[c - 1]);
		LearnWriteF64Array(w, P->cand_centroids + (size_t) (c - 1) * P->k * P->p,
						   (size_t) P->k * P->p);
	}
}

/* A flag byte: 0 or 1. */
static bool
ReadFlag(LearnReader *r, const char *what)
{
	uint8		v = LearnReadU8(r);

	if (v > 1)
		LearnReaderFail(r, psprintf("bad %s flag", what));
	return v == 1;
}

/* The candidate starts of a model being selected, bounds-checked. */
static void
DecodeCandidates(LearnReader *r, KmeansParams *P)
{
	size_t		kp = (size_t) P->k * P->p;
	uint32		n;

	P->n_cand = LearnReadU32(r);
	if (P->n_cand == 0 || P->n_cand > KMEANS_MAX_CANDIDATES ||
		(P->n_cand > 1 && (P->n_cand - 1) * kp > KMEANS_CANDIDATE_VALUES) ||
		(P->n_cand > 1) != (P->status == KMEANS_SELECT))
		LearnReaderFail(r, "bad number of candidate starts");
	n = P->n_cand - 1;
	if (n == 0)
		return;
	LearnReaderNeed(r, n * (8 + sizeof(double) * kp));
	P->cand_init = palloc(sizeof(uint32) * n);
	P->cand_iterations = palloc(sizeof(uint32) * n);
	P->cand_centroids = palloc(sizeof(double) * n * kp);
	for (uint32 c = 0; c < n; c++)
	{
		P->cand_init[c] = LearnReadU32(r);
		P->cand_iterations[c] = LearnReadU32(r);
		if (P->cand_init[c] >= P->n_init || P->cand_iterations[c] > P->max_iter)
			LearnReaderFail(r, "bad candidate start");
		LearnReadF64Array(r, P->cand_centroids + c * kp, kp);
	}
	for (size_t i = 0; i < n * kp; i++)
		if (!isfinite(P->cand_centroids[i]))
			LearnReaderFail(r, "candidate centroid value is not finite");
}

/* Decode parameters; every field is checked against the model. */
static void *
KmeansDecode(LearnReader *r, const LearnModel *m)
{
	KmeansParams *P = palloc0(sizeof(KmeansParams));
	size_t		kp;

	P->k = LearnReadU32(r);
	P->p = LearnReadU32(r);
	if (P->k == 0 || P->k > KMEANS_MAX_K)
		LearnReaderFail(r, "bad number of clusters");
	if (P->p != m->n_features || P->p == 0)
		LearnReaderFail(r, "dimensions do not match the model");
	P->max_iter = LearnReadU32(r);
	P->tol = LearnReadF64(r);
	P->tol_abs = LearnReadF64(r);
	P->verbose = ReadFlag(r, "verbose");
	P->seed = (int64) LearnReadU64(r);
	P->n_init = LearnReadU32(r);
	P->init = LearnReadU32(r);
	P->sample_rows = LearnReadU32(r);
	P->sample_iterations = LearnReadU32(r);
	P->refining = ReadFlag(r, "refining");
	P->status = LearnReadU8(r);
	P->converged = ReadFlag(r, "converged");
	P->iterations = LearnReadU32(r);
	P->relocated = LearnReadU32(r);
	P->inertia = LearnReadF64(r);
	P->shift = LearnReadF64(r);
	if (P->max_iter == 0 || P->n_init == 0 || P->init >= P->n_init || P->status > KMEANS_SELECT ||
		P->iterations > P->max_iter || P->sample_iterations > P->max_iter ||
		(P->refining && P->sample_rows < P->k))
		LearnReaderFail(r, "bad iteration settings");
	if (!isfinite(P->tol) || P->tol < 0 || P->tol_abs < 0 || isinf(P->tol_abs) ||
		P->inertia < 0 || isinf(P->inertia))
		LearnReaderFail(r, "bad tolerance or inertia");
	kp = (size_t) P->k * P->p;
	LearnReaderNeed(r, sizeof(double) * (kp + P->k));
	P->centroids = palloc(sizeof(double) * kp);
	P->sizes = palloc(sizeof(double) * P->k);
	LearnReadF64Array(r, P->centroids, kp);
	LearnReadF64Array(r, P->sizes, P->k);
	for (size_t i = 0; i < kp; i++)
		if (!isfinite(P->centroids[i]))
			LearnReaderFail(r, "centroid value is not finite");
	for (uint32 j = 0; j < P->k; j++)
		if (!isfinite(P->sizes[j]) || P->sizes[j] < 0)
			LearnReaderFail(r, "bad cluster size");
	DecodeCandidates(r, P);
	return P;
}

/*
 * The cluster of x: index of the nearest centroid (0-based).  NaN when no
 * centroid is nearest: a NaN feature makes every distance NaN, an infinite
 * one makes them all infinite (before, both silently gave cluster 0).
 */
static double
KmeansPredict(const void *params, const double *x)
{
	double		d;
	uint32		j = Nearest(params, x, &d);

	return isfinite(d) ? (double) j : NAN;
}

/* Euclidean distances from x to every centroid. */
static void
KmeansTransform(const void *params, const double *x, double *out)
{
	const KmeansParams *P = params;

	for (uint32 j = 0; j < P->k; j++)
		out[j] = sqrt(SqDist(x, P->centroids + (size_t) j * P->p, P->p));
}

static uint32
KmeansNTransform(const void *params)
{
	return ((const KmeansParams *) params)->k;
}

/* Append a JSON array of n numbers. */
static void
JsonNumbers(StringInfo json, const double *v, uint32 n)
{
	appendStringInfoChar(json, '[');
	for (uint32 i = 0; i < n; i++)
	{
		if (i)
			appendStringInfoString(json, ", ");
		LearnJsonNumber(json, v[i]);
	}
	appendStringInfoChar(json, ']');
}

/* JSON members: centroids, sizes, inertia, and how the fit went. */
static void
KmeansDescribe(StringInfo json, const void *params, const LearnModel *m pg_attribute_unused())
{
	const KmeansParams *P = params;
	static const char *const status[] = {"running", "evaluating", "done", "selecting"};

	LearnJsonKey(json, "k", true);
	appendStringInfo(json, "%u", P->k);
	LearnJsonKey(json, "centroids", false);
	appendStringInfoChar(json, '[');
	for (uint32 j = 0; j < P->k; j++)
	{
		if (j)
			appendStringInfoString(json, ", ");
		JsonNumbers(json, P->centroids + (size_t) j * P->p, P->p);
	}
	appendStringInfoChar(json, ']');
	LearnJsonKey(json, "cluster_sizes", false);
	JsonNumbers(json, P->sizes, P->k);
	LearnJsonKey(json, "inertia", false);
	LearnJsonNumber(json, P->inertia);
	LearnJsonKey(json, "iterations", false);
	appendStringInfo(json, "%u", P->sample_iterations + P->iterations);
	LearnJsonKey(json, "converged", false);
	appendStringInfoString(json, P->converged ? "true" : "false");
	LearnJsonKey(json, "sample_rows", false);
	appendStringInfo(json, "%u", P->sample_rows);
	LearnJsonKey(json, "sample_iterations", false);
	appendStringInfo(json, "%u", P->sample_iterations);
	LearnJsonKey(json, "refine_iterations", false);
	appendStringInfo(json, "%u", P->iterations);
	LearnJsonKey(json, "status", false);
	escape_json(json, status[P->status]);
	LearnJsonKey(json, "n_init", false);
	appendStringInfo(json, "%u", P->n_init);
	LearnJsonKey(json, "best_init", false);
	appendStringInfo(json, "%u", P->init + 1);
	LearnJsonKey(json, "seed", false);
	appendStringInfo(json, INT64_FORMAT, P->seed);
	LearnJsonKey(json, "max_iter", false);
	appendStringInfo(json, "%u", P->max_iter);
	LearnJsonKey(json, "tol", false);
	LearnJsonNumber(json, P->tol);
	LearnJsonKey(json, "tol_absolute", false);
	LearnJsonNumber(json, P->tol_abs);
	LearnJsonKey(json, "empty_clusters_reseeded", false);
	appendStringInfo(json, "%u", P->relocated);
}

/* Training metrics for learn.models.metrics. */
static void
KmeansMetrics(StringInfo json, const void *params, const LearnModel *m pg_attribute_unused())
{
	const KmeansParams *P = params;

	LearnJsonKey(json, "inertia", true);
	LearnJsonNumber(json, P->inertia);
	LearnJsonKey(json, "iterations", false);
	appendStringInfo(json, "%u", P->sample_iterations + P->iterations);
	LearnJsonKey(json, "k", false);
	appendStringInfo(json, "%u", P->k);
	LearnJsonKey(json, "converged", false);
	appendStringInfoString(json, P->converged ? "true" : "false");
}

/* ---- streaming ---- */

/* The model a streamed fit starts from: the best start on learn.train's sample. */
static bytea *
KmeansStreamStart(const LearnStreamStart *ctx)
{
	LearnModel	m = {0};
	KmeansParams *P = KmeansNew(ctx->p, ctx->opt);	/* checks k */
	int64		max_sample = KmeansSampleRows(P->k, ctx->p);
	LearnWriter params;
	double	   *rows;
	int64		n;

	if ((int64) P->k * ctx->p > KMEANS_MAX_STREAM_VALUES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("kmeans cannot stream a model of %u clusters x %u features", P->k, ctx->p),
				 errdetail("A streamed fit holds at most %d centroid values.", KMEANS_MAX_STREAM_VALUES),
				 errhint("Raise learn.memory_limit so that the rows fit in memory, or use fewer clusters or features.")));
	n = ctx->sample(ctx, max_sample, &rows);
	CheckEnoughRows(P->k, n);
	P = KmeansStart(ctx->p, ctx->opt, rows, n, n < max_sample);
	m.algorithm = LEARN_ALGO_KMEANS;
	m.n_features = ctx->p;
	m.feature_names = ctx->feature_names;
	m.target_name = (char *) (ctx->target ? ctx->target : "y");
	m.feature_mean = palloc0(sizeof(double) * ctx->p);
	m.feature_sd = palloc0(sizeof(double) * ctx->p);
	LearnWriterInit(&params);
	KmeansEncode(&params, P);
	return LearnModelEncode(&m, &params);
}

/* A streamed fit is finished once the final centroids have been evaluated. */
static bool
KmeansStreamFinished(const LearnModel *m)
{
	return ((const KmeansParams *) m->decoded)->status == KMEANS_DONE;
}

const LearnAlgorithm learn_kmeans = {
	.id = LEARN_ALGO_KMEANS,
	.name = "kmeans",
	.task = LEARN_TASK_CLUSTERING,
	.target = LEARN_TARGET_NONE,
	.aggregate = "learn.kmeans_fit",
	.max_features = KMEANS_MAX_FEATURES,
	.option_mask = LEARN_OPT_K | LEARN_OPT_N_INIT | LEARN_OPT_SEED | LEARN_OPT_MAX_ITER |
	LEARN_OPT_TOL | LEARN_OPT_VERBOSE,
	.keeps_rows = true,
	.payload_len = KmeansPayloadLen,
	.accumulate = KmeansAccumulate,
	.combine = KmeansCombine,
	.fit = KmeansFit,
	.stream_start = KmeansStreamStart,
	.step_aggregate = "learn.kmeans_step",
	.stream_finished = KmeansStreamFinished,
	.decode = KmeansDecode,
	.predict = KmeansPredict,
	.transform = KmeansTransform,
	.n_transform = KmeansNTransform,
	.describe = KmeansDescribe,
	.metrics = KmeansMetrics,
};
