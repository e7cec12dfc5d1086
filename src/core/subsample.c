/*
 * subsample.c: nested subsamples of kept training rows (see subsample.h).
 */
#include "postgres.h"

#include "core/checksum.h"
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
	for (int64 r = 0; r < n && m < cap; r++)
	{
		const double *row = rows + r * w;
		double		cls = rank[(int) row[0]];
		uint64		h;

		if ((r & 0xffff) == 0)
			CHECK_FOR_INTERRUPTS();
		h = LearnRowHash(cls, row + 1, (int) (w - 1));
		if ((h >> (64 - 2 * first)) == 0)
		{
			double	   *dst = base + m * w;

			dst[0] = cls;
			memcpy(dst + 1, row + 1, sizeof(double) * (w - 1));
			base_hash[m++] = h;
		}
	}
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
