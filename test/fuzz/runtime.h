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
/* SQLSTATE (packed) of the last ERROR */
extern int	fuzz_last_sqlstate;

#endif							/* LEARN_FUZZ_RUNTIME_H */
