/*
 * subsample.c: nested subsamples of kept training rows (see subsample.h).
 */
#include "postgres.h"

#include "core/checksum.h"
#include "core/parallel.h"
#include "core/subsample.h"
#include "miscadmin.h"

/* Copy the rows of src (n of them, w doubles each) whose hash has its top bits zero. */
static int64
Filter(const double *src, const uint64 *src_hash, int64 n, int64 w, int bits, double *dst,
	   uint64 *dst_hash)
{
	int64		m = 0;

	for (int64 r = 0; r < n; r++)
		if ((src_hash[r] >> (64 - bits)) == 0)
		{
			memcpy(dst + m * w, src + r * w, sizeof(double) * w);
			dst_hash[m++] = src_hash[r];
		}
	return m;
}

/*
 * The first level: rows lo..hi-1 whose hash has its top `bits` bits zero,
 * copied (model class first) to dst in row order, at most cap of them;
 * returns their number, or -1 when polled interrupts (threads) stopped it.
 */
static int64
Base(const double *rows, int64 w, int64 lo, int64 hi, const int *rank, int bits, int64 cap,
	 double *dst_rows, uint64 *dst_hash, bool threaded)
{
	int64		m = 0;

	for (int64 r = lo; r < hi && m < cap; r++)
	{
		const double *row = rows + r * w;
		double		cls = rank[(int) row[0]];
		uint64		h;

		if (((r - lo) & 0xffff) == 0)
		{
			if (threaded && LearnParallelInterrupted())
				return -1;
			if (!threaded)
				CHECK_FOR_INTERRUPTS();
		}
		h = LearnRowHash(cls, row + 1, (int) (w - 1));
		if ((h >> (64 - bits)) == 0)
		{
			double	   *dst = dst_rows + m * w;

			dst[0] = cls;
			memcpy(dst + 1, row + 1, sizeof(double) * (w - 1));
			dst_hash[m++] = h;
		}
	}
	return m;
}

/* One thread's share of the first level, into buffers of its own. */
typedef struct BaseJob
{
	const double *rows;
	int64		w,
				n;
	const int  *rank;
	int			bits;
	int64	   *cap;			/* per part */
	double	  **part_rows;
	uint64	  **part_hash;
	int64	   *part_n;			/* -1: stopped by an interrupt */
} BaseJob;

static void
BasePart(void *arg, int part, int parts)
{
	BaseJob    *j = (BaseJob *) arg;

	j->part_n[part] = Base(j->rows, j->w, j->n * part / parts, j->n * (part + 1) / parts, j->rank,
						   j->bits, j->cap[part], j->part_rows[part], j->part_hash[part], true);
}

/*
 * Base over threads: each part copies its rows' matches, then they are put
 * together in part order (so in row order, as Base alone).  Returns -1 when
 * Base alone must do it: no threads, an interrupt that was not an error, or
 * a part with more matches than its generous share of cap.
 */
static int64
BaseThreaded(const double *rows, int64 w, int64 n, const int *rank, int bits, int64 cap,
			 double *base, uint64 *base_hash)
{
	int			parts = LearnParallelParts(n);
	BaseJob		j = {rows, w, n, rank, bits, NULL, NULL, NULL, NULL};
	int64		m = 0;
	bool		ok = true;

	if (parts <= 1)
		return -1;
	j.cap = palloc(sizeof(int64) * parts);
	j.part_rows = palloc(sizeof(double *) * parts);
	j.part_hash = palloc(sizeof(uint64 *) * parts);
	j.part_n = palloc(sizeof(int64) * parts);
	for (int i = 0; i < parts; i++)
	{
		j.cap[i] = Min(cap, ((n * (i + 1) / parts - n * i / parts) >> bits) * 2 + 64);
		j.part_rows[i] = palloc_extended(sizeof(double) * w * j.cap[i], MCXT_ALLOC_HUGE);
		j.part_hash[i] = palloc_extended(sizeof(uint64) * j.cap[i], MCXT_ALLOC_HUGE);
	}
	LearnParallelRun(BasePart, &j, parts);
	CHECK_FOR_INTERRUPTS();
	for (int i = 0; i < parts; i++)
		ok = ok && j.part_n[i] >= 0 && j.part_n[i] < j.cap[i];	/* a full part may have stopped short */
	for (int i = 0; i < parts && ok; i++)
	{
		int64		take = Min(j.part_n[i], cap - m);

		memcpy(base + m * w, j.part_rows[i], sizeof(double) * w * take);
		memcpy(base_hash + m, j.part_hash[i], sizeof(uint64) * take);
		m += take;
	}
	for (int i = 0; i < parts; i++)
	{
		pfree(j.part_rows[i]);
		pfree(j.part_hash[i]);
	}
	return ok ? m : -1;
}

int
LearnWarmSubsamples(const double *rows, int64 w, int64 n, const int *rank, int64 min_rows,
					double **stage_rows, int64 *stage_n)
{
	int			levels = 0,
				first,
				k = 0;
	int64		cap,
				m = 0;
	double	   *base;
	uint64	   *base_hash;
	double	   *level_rows[LEARN_WARM_MAX_STAGES + 1];
	uint64	   *level_hash[LEARN_WARM_MAX_STAGES + 1];
	int64		level_n[LEARN_WARM_MAX_STAGES + 1];

	while (levels < LEARN_WARM_MAX_STAGES && (n >> (2 * (levels + 1))) >= min_rows)
		levels++;
	if (levels == 0)
		return 0;
	/* the largest subsample kept: n / 16 rows (n / 4 when that is the only level) */
	first = levels == 1 ? 1 : 2;
	cap = (n >> (2 * first)) * 2 + 64;	/* a generous bound on a hash-chosen count */
	base = palloc_extended(sizeof(double) * w * cap, MCXT_ALLOC_HUGE);
	base_hash = palloc_extended(sizeof(uint64) * cap, MCXT_ALLOC_HUGE);
	m = BaseThreaded(rows, w, n, rank, 2 * first, cap, base, base_hash);
	if (m < 0)
		m = Base(rows, w, 0, n, rank, 2 * first, cap, base, base_hash, false);
	level_rows[first] = base;
	level_hash[first] = base_hash;
	level_n[first] = m;
	for (int j = first + 1; j <= levels; j++)
	{
		int64		above = Max(level_n[j - 1], 1);

		level_rows[j] = palloc_extended(sizeof(double) * w * above, MCXT_ALLOC_HUGE);
		level_hash[j] = palloc_extended(sizeof(uint64) * above, MCXT_ALLOC_HUGE);
		level_n[j] = Filter(level_rows[j - 1], level_hash[j - 1], level_n[j - 1], w, 2 * j,
							level_rows[j], level_hash[j]);
	}
	for (int j = levels; j >= first; j--)
	{
		stage_rows[k] = level_rows[j];
		stage_n[k++] = level_n[j];
	}
	return k;
}
