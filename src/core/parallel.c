/*
 * parallel.c: fork-join of pure computation over threads (see parallel.h).
 */
#include "postgres.h"

#include <pthread.h>
#include <sys/mman.h>
#include <signal.h>
#include <unistd.h>

#include "core/parallel.h"
#include "port/atomics.h"
#include "miscadmin.h"

int			(*learn_threads_hook) (void) = NULL;

/* Parts to split rows of work into: 1 unless threads are allowed and worth it. */
int
LearnParallelParts(int64 rows)
{
	int			threads = learn_threads_hook ? learn_threads_hook() : 1;
	int64		by_rows = rows / LEARN_PARALLEL_MIN_ROWS;

	if (threads > LEARN_PARALLEL_MAX_THREADS)
		threads = LEARN_PARALLEL_MAX_THREADS;
	if (by_rows < threads)
		threads = (int) Max(by_rows, 1);
	return Max(threads, 1);
}

/* Has the backend been asked to stop (cancel, timeout, termination)? */
bool
LearnParallelInterrupted(void)
{
	return InterruptPending != 0;
}

typedef struct PartArg
{
	LearnParallelFn fn;
	void	   *arg;
	int			part;
	int			parts;
} PartArg;

static void *
RunPart(void *p)
{
	PartArg    *a = (PartArg *) p;

	a->fn(a->arg, a->part, a->parts);
	return NULL;
}

/*
 * Run fn for parts 1..parts-1 on new threads and part 0 here, then wait for
 * all.  A thread that cannot be created runs its part here instead.  Never
 * raises an error while a thread runs.
 */
void
LearnParallelRun(LearnParallelFn fn, void *arg, int parts)
{
	pthread_t	threads[LEARN_PARALLEL_MAX_THREADS];
	bool		started[LEARN_PARALLEL_MAX_THREADS];
	PartArg		args[LEARN_PARALLEL_MAX_THREADS];
	sigset_t	all,
				old;

	if (parts <= 1)
	{
		fn(arg, 0, 1);
		return;
	}
	/* the caller merges `parts` results: never run fewer parts than it asked for */
	if (parts > LEARN_PARALLEL_MAX_THREADS)
		elog(ERROR, "LearnParallelRun: %d parts, at most %d", parts, LEARN_PARALLEL_MAX_THREADS);
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);	/* the new threads inherit it */
	for (int i = 1; i < parts; i++)
	{
		args[i].fn = fn;
		args[i].arg = arg;
		args[i].part = i;
		args[i].parts = parts;
		started[i] = pthread_create(&threads[i], NULL, RunPart, &args[i]) == 0;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	fn(arg, 0, parts);
	for (int i = 1; i < parts; i++)
	{
		if (started[i])
			pthread_join(threads[i], NULL);
		else
			fn(arg, i, parts);
	}
}

/* The one prefault thread of this backend. */
static pthread_t prefault_thread;
static bool prefault_running = false;
static pg_atomic_uint32 prefault_stop;	/* set by the backend, read by the thread */
static char *prefault_start;
static Size prefault_size;

#define LEARN_PREFAULT_CHUNK	(16 * 1024 * 1024)

static void *
Prefault(void *arg pg_attribute_unused())
{
#ifdef MADV_POPULATE_WRITE
	for (Size off = 0; off < prefault_size && pg_atomic_read_u32(&prefault_stop) == 0; off += LEARN_PREFAULT_CHUNK)
	{
		Size		len = Min(LEARN_PREFAULT_CHUNK, prefault_size - off);

		if (madvise(prefault_start + off, len, MADV_POPULATE_WRITE) != 0)
			break;				/* not supported, or no memory: the backend faults them itself */
	}
#endif
	return NULL;
}

void
LearnPrefaultStart(void *block, Size size)
{
#ifdef MADV_POPULATE_WRITE
	const uintptr_t page = 4096;
	uintptr_t	start = TYPEALIGN(page, (uintptr_t) block);
	uintptr_t	end = ((uintptr_t) block + size) & ~(page - 1);
	sigset_t	all,
				old;

	if (prefault_running || end <= start)
		return;
	prefault_start = (char *) start;
	prefault_size = end - start;
	pg_atomic_init_u32(&prefault_stop, 0);
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	prefault_running = pthread_create(&prefault_thread, NULL, Prefault, NULL) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
#endif
}

void
LearnPrefaultStop(void)
{
	if (!prefault_running)
		return;
	pg_atomic_write_u32(&prefault_stop, 1);
	pthread_join(prefault_thread, NULL);
	prefault_running = false;
}
