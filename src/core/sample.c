/*
 * sample.c: the deterministic row sample (see sample.h).
 *
 * Selection of the m smallest keys with a bounded binary max-heap (Williams,
 * "Algorithm 232: Heapsort", CACM 7(6), 1964): each row costs one hash and,
 * once the heap is full, one comparison with its largest key; only the rows
 * that enter it cost O(log m).  The kept rows are then sorted by key.
 */
#include "postgres.h"

#include <math.h>

#include "core/checksum.h"
#include "core/parallel.h"
#include "core/sample.h"
#include "miscadmin.h"

/*
 * Hash of a row of p values: the bit patterns after mapping -0.0 to 0.0 and
 * every NaN to one NaN (so equal values hash alike), each mixed with its
 * position by SplitMix64's finaliser, summed and mixed again (as
 * LearnRowHash).  Host byte order: states and models are little-endian only.
 */
static inline uint64
SampleHash(const double *x, uint32 p)
{
	uint64		sum = 0;

	for (uint32 i = 0; i < p; i++)
	{
		/* x + 0.0 is x, except -0.0 + 0.0 = 0.0: the same bits as (x == 0 ? 0.0 : x), without a branch */
		double		v = isnan(x[i]) ? NAN : x[i] + 0.0;
		uint64		b;

		memcpy(&b, &v, 8);
		sum += LearnMix64(b + (uint64) (i + 1) * UINT64CONST(0x9e3779b97f4a7c15));
	}
	return LearnMix64(sum);
}

/* SampleHash, exported (learn.hash_sample hashes its rows with it). */
uint64
LearnSampleHash(const double *x, uint32 p)
{
	return SampleHash(x, p);
}

/* The hash stored in a slot's first word. */
static inline uint64
SlotHash(const double *slot)
{
	uint64		h;

	memcpy(&h, slot, 8);
	return h;
}

/* Order of two rows by their key: hash, then values, then bit patterns. */
static int
CompareRows(uint64 ha, const double *a, uint64 hb, const double *b, uint32 p)
{
	if (ha != hb)
		return ha < hb ? -1 : 1;
	for (uint32 i = 0; i < p; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	for (uint32 i = 0; i < p; i++)
	{
		uint64		ba,
					bb;

		memcpy(&ba, &a[i], 8);
		memcpy(&bb, &b[i], 8);
		if (ba != bb)
			return ba < bb ? -1 : 1;
	}
	return 0;
}

/* Order of two slots (qsort_arg comparator; arg points to p). */
static int
CompareSlots(const void *a, const void *b, void *arg)
{
	uint32		p = *(const uint32 *) arg;

	return CompareRows(SlotHash(a), (const double *) a + 1, SlotHash(b), (const double *) b + 1, p);
}

/* Slot i of the heap. */
static inline double *
Slot(const LearnSampleHeap *h, int64 i)
{
	return h->slots + i * (int64) (h->p + 1);
}

/* Store (hash, x) in slot s. */
static inline void
SetSlot(const LearnSampleHeap *h, double *s, uint64 hash, const double *x)
{
	memcpy(s, &hash, 8);
	memcpy(s + 1, x, sizeof(double) * h->p);
}

/* Swap slots i and j (p + 1 words each), word by word: no buffer, so no allocation. */
static inline void
SwapSlots(const LearnSampleHeap *h, int64 i, int64 j)
{
	double	   *a = Slot(h, i),
			   *b = Slot(h, j);

	for (uint32 k = 0; k <= h->p; k++)
	{
		double		t = a[k];

		a[k] = b[k];
		b[k] = t;
	}
}

/* True when slot i's key is larger than slot j's. */
static inline bool
Above(const LearnSampleHeap *h, int64 i, int64 j)
{
	return CompareSlots(Slot(h, i), Slot(h, j), &((LearnSampleHeap *) h)->p) > 0;
}

/*
 * Offer a row: kept if the heap is not full or its key is below the
 * largest kept one (which it then replaces).
 */
void
LearnSampleOffer(LearnSampleHeap *h, uint64 hash, const double *x)
{
	int64		i;

	if (h->cap <= 0)
		return;
	if (h->count == h->cap)
	{
		double	   *top = Slot(h, 0);

		if (hash > SlotHash(top) ||
			CompareRows(hash, x, SlotHash(top), top + 1, h->p) >= 0)
			return;
	}
	if (h->count < h->cap)
	{
		/* append and sift up */
		i = h->count++;
		SetSlot(h, Slot(h, i), hash, x);
		while (i > 0 && Above(h, i, (i - 1) / 2))
		{
			SwapSlots(h, i, (i - 1) / 2);
			i = (i - 1) / 2;
		}
	}
	else
	{
		/* replace the largest and sift down */
		SetSlot(h, Slot(h, 0), hash, x);
		i = 0;
		for (;;)
		{
			int64		l = 2 * i + 1,
						big = i;

			if (l < h->count && Above(h, l, big))
				big = l;
			if (l + 1 < h->count && Above(h, l + 1, big))
				big = l + 1;
			if (big == i)
				break;
			SwapSlots(h, i, big);
			i = big;
		}
	}
}

/* Sort the kept rows by key, smallest first (the heap property is lost). */
void
LearnSampleSort(LearnSampleHeap *h)
{
	qsort_arg(h->slots, h->count, sizeof(double) * (h->p + 1), CompareSlots, &h->p);
}

/* Offer rows[lo..hi-1] to h; false when an interrupt stopped it (polled, for threads). */
static bool
OfferRows(LearnSampleHeap *h, const double *rows, int64 lo, int64 hi, uint32 p, bool threaded)
{
	for (int64 r = lo; r < hi; r++)
	{
		uint64		hash = SampleHash(rows + r * p, p);

		if (((r - lo) & 0xffff) == 0)
		{
			if (threaded && LearnParallelInterrupted())
				return false;
			if (!threaded)
				CHECK_FOR_INTERRUPTS();
		}
		/* once the heap is full, most rows hash above its top: LearnSampleOffer's first test, inline */
		if (h->cap > 0 && h->count == h->cap && hash > SlotHash(h->slots))
			continue;
		LearnSampleOffer(h, hash, rows + r * p);
	}
	return true;
}

/* One thread's share: its own heap over its rows (core/parallel.h). */
typedef struct SampleJob
{
	const double *rows;
	int64		n;
	uint32		p;
	LearnSampleHeap *heaps;		/* one per part */
	bool	   *stopped;
} SampleJob;

static void
SamplePart(void *arg, int part, int parts)
{
	SampleJob  *j = (SampleJob *) arg;

	j->stopped[part] = !OfferRows(&j->heaps[part], j->rows, j->n * part / parts,
								  j->n * (part + 1) / parts, j->p, true);
}

/*
 * The sample of rows[0..n-1] (p values each): the min(n, m) rows with the
 * smallest keys, in key order, in a new rows x p buffer; *n_out gets their
 * number.  The learn.hash_sample aggregate selects the same rows.  With
 * threads each part keeps the smallest rows of its share, and the parts'
 * rows are then offered to one heap: the keys order rows totally (rows
 * equal in every part are identical), so the sample is the same.
 */
double *
LearnSampleRows(const double *rows, int64 n, uint32 p, int64 m, int64 *n_out)
{
	LearnSampleHeap h = {p, Min(n, m), 0, NULL};
	double	   *out;
	int			parts = LearnParallelParts(n);
	bool		done = false;

	h.slots = palloc_extended(sizeof(double) * (p + 1) * Max(h.cap, 1), MCXT_ALLOC_HUGE);
	if (parts > 1 && h.cap > 0)
	{
		SampleJob	j = {rows, n, p, palloc0(sizeof(LearnSampleHeap) * parts), palloc0(sizeof(bool) * parts)};

		for (int i = 0; i < parts; i++)
		{
			j.heaps[i].p = p;
			j.heaps[i].cap = h.cap;
			j.heaps[i].slots = palloc_extended(sizeof(double) * (p + 1) * h.cap, MCXT_ALLOC_HUGE);
		}
		LearnParallelRun(SamplePart, &j, parts);
		CHECK_FOR_INTERRUPTS();
		done = true;
		for (int i = 0; i < parts; i++)
			done = done && !j.stopped[i];
		for (int i = 0; i < parts && done; i++)
			for (int64 r = 0; r < j.heaps[i].count; r++)
			{
				const double *slot = j.heaps[i].slots + r * (p + 1);

				LearnSampleOffer(&h, SlotHash(slot), slot + 1);
			}
		for (int i = 0; i < parts; i++)
			pfree(j.heaps[i].slots);
	}
	if (!done)
	{
		h.count = 0;			/* an interrupt that was not an error: once more, here */
		(void) OfferRows(&h, rows, 0, n, p, false);
	}
	LearnSampleSort(&h);
	out = palloc_extended(sizeof(double) * Max(h.count, 1) * p, MCXT_ALLOC_HUGE);
	for (int64 r = 0; r < h.count; r++)
		memcpy(out + r * p, Slot(&h, r) + 1, sizeof(double) * p);
	pfree(h.slots);
	*n_out = h.count;
	return out;
}
