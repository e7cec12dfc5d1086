/*
 * parallel.h: fork-join of pure computation over threads inside a backend.
 *
 * PostgreSQL's backend is single-threaded: palloc, ereport, elog,
 * CHECK_FOR_INTERRUPTS, catalog and buffer access and every other server
 * call must stay on the backend's own thread.  LearnParallelRun lets an
 * iterative fit spread a loop of arithmetic over rows it already holds in
 * memory: the function it runs on the extra threads may only read memory
 * allocated before the call and write to memory reserved for its part (no
 * server call, no allocation, no error exit).  All signals are blocked on the
 * extra threads, so the server's signal handlers run on the backend's own
 * thread as always; a part polls LearnParallelInterrupted() and returns
 * early, and the caller runs CHECK_FOR_INTERRUPTS() after the join, which
 * raises the cancel or timeout on the backend's thread.
 *
 * How many threads: the setting learn.threads (0, the default: one more than
 * max_parallel_workers_per_gather, the processes a parallel query of this
 * session may use; 1: no threads), at most the online CPUs, and at most one
 * per LEARN_PARALLEL_MIN_ROWS rows of work.
 */
#ifndef LEARN_PARALLEL_H
#define LEARN_PARALLEL_H

#include "c.h"

#define LEARN_PARALLEL_MAX_THREADS	64
#define LEARN_PARALLEL_MIN_ROWS		50000

/* fn(arg, part, parts) computes part `part` of `parts` */
typedef void (*LearnParallelFn) (void *arg, int part, int parts);

/* set by the server glue (api/pg_learn.c): threads allowed now, >= 1 */
extern int	(*learn_threads_hook) (void);

extern int	LearnParallelParts(int64 rows);
extern void LearnParallelRun(LearnParallelFn fn, void *arg, int parts);
extern bool LearnParallelInterrupted(void);

/*
 * Fault in the pages of a freshly allocated block on another thread while
 * the backend goes on (Linux MADV_POPULATE_WRITE: page tables only, the
 * memory's contents are not touched, so the backend may write the block
 * meanwhile).  LearnPrefaultStop must run before the block is freed or
 * moved; a start while one runs, or where it is not supported, does nothing.
 */
extern void LearnPrefaultStart(void *block, Size size);
extern void LearnPrefaultStop(void);

#endif							/* LEARN_PARALLEL_H */
