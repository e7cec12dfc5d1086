/*
 * runtime.h: what the fuzz harnesses use from the harness runtime (runtime.c).
 */
#ifndef LEARN_FUZZ_RUNTIME_H
#define LEARN_FUZZ_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An input's bytes. */
typedef struct FuzzInput
{
	const uint8_t *data;
	size_t		len;
} FuzzInput;

/* Run fn(arg); false when it raised an ERROR (an expected outcome). */
extern bool FuzzTry(void (*fn) (void *), void *arg);
/* Run fn on an exact-size copy of data, then free all it allocated. */
extern bool FuzzRunOnCopy(const uint8_t *data, size_t size, void (*fn) (const FuzzInput *));
/* Free everything allocated since the last reset. */
extern void FuzzResetMemory(void);
/* Split a two-state input (size >= 5) into exact-size malloc'd copies. */
extern void FuzzSplitStates(const uint8_t *data, size_t size, uint8_t **a, size_t *a_len,
							uint8_t **b, size_t *b_len);
/* SQLSTATE (packed) of the last ERROR */
extern int	fuzz_last_sqlstate;

/* calling the extension's SQL functions as the executor would (with fmgr.h) */
#ifdef PG_FUNCTION_ARGS
extern Datum FuzzMakeBytea(const uint8_t *bytes, size_t len);
extern Datum FuzzCall(PGFunction fn, int nargs, Datum a, bool a_null, Datum b, bool b_null);
#endif

#endif							/* LEARN_FUZZ_RUNTIME_H */
