/*
 * fuzz_state.c: libFuzzer harness for the bytea aggregate states: the
 * generic validator (core/state.c LearnStateOpen), the combine functions
 * with their per-algorithm merge code, and the final functions that decode
 * a state's options and class dictionary and fit a model from its payload,
 * for every training aggregate and every step aggregate.
 *
 * These are the SQL-callable support functions themselves
 * (learn.<algo>_fit_combine, learn.<algo>_fit_final, learn.<algo>_step_*,
 * learn.fit_columns_*), called as a user calling them directly from SQL
 * would: outside an aggregate, with plain (untoasted) bytea arguments.  The
 * transition functions need the server's type and array machinery to read
 * their arguments and are not linked; the states they produce are the seed
 * corpus.
 *
 * Built twice: fuzz_state runs the final functions of the closed-form
 * algorithms, fuzz_fit (-DFUZZ_FIT) those of the iterative ones (see
 * RUN_FINAL below); both run every combine function.  The model a step
 * state embeds gets its checksum recomputed (FixEmbeddedModelCrc).
 *
 * Input: u8 function pair selector, u32 little-endian length of state A,
 * then A's bytes, then state B's bytes (possibly none).  Each input runs
 * final(A), combine(A, NULL), combine(NULL, A), and with B, combine(A, B)
 * followed by final() of the merged state.  A model a final function
 * returns must load (LearnModelLoad): pg_learn must never hand out a model
 * it cannot read back.
 */
#include "postgres.h"

#include <stdio.h>
#include <stdlib.h>

#include "algorithms/algorithm.h"
#include "core/checksum.h"
#include "fmgr.h"
#include "runtime.h"

#define DECLARE_PAIR(prefix) \
	extern Datum prefix##_combine(PG_FUNCTION_ARGS); \
	extern Datum prefix##_final(PG_FUNCTION_ARGS);

DECLARE_PAIR(linreg_fit)
DECLARE_PAIR(preprocess_fit)
DECLARE_PAIR(logreg_fit)
DECLARE_PAIR(pca_fit)
DECLARE_PAIR(nb_fit)
DECLARE_PAIR(svm_fit)
DECLARE_PAIR(kmeans_fit)
DECLARE_PAIR(kmeans_step)
DECLARE_PAIR(logreg_step)
DECLARE_PAIR(svm_step)
DECLARE_PAIR(learn_fit_columns)

typedef struct StatePair
{
	const char *name;
	PGFunction	combine;
	PGFunction	final;
	bool		iterative;		/* the final function iterates (fuzz_fit) */
} StatePair;

#define PAIR(prefix, it) {#prefix, prefix##_combine, prefix##_final, it}

/* the selector byte's meaning; the corpus depends on this order */
static const StatePair pairs[] = {
	PAIR(linreg_fit, false), PAIR(preprocess_fit, false), PAIR(logreg_fit, true),
	PAIR(pca_fit, false), PAIR(nb_fit, false), PAIR(svm_fit, true), PAIR(kmeans_fit, true),
	PAIR(kmeans_step, true), PAIR(logreg_step, true), PAIR(svm_step, true),
	PAIR(learn_fit_columns, false),
};

/*
 * fuzz_state (this file as is) runs final functions only where they are
 * closed-form, so it reaches millions of executions; fuzz_fit (built with
 * FUZZ_FIT) runs the iterative ones (logistic regression, SVM, k-means and
 * the steps), which cost a fit of up to hundreds of iterations per input.
 */
#ifdef FUZZ_FIT
#define RUN_FINAL(in)	(Iterative(in))
#else
#define RUN_FINAL(in)	(!Iterative(in))
#endif

typedef struct StateInput
{
	const StatePair *pair;
	const uint8 *a;
	size_t		a_len;
	const uint8 *b;
	size_t		b_len;
	bool		has_b;
} StateInput;

/*
 * Whether this input's final function iterates: the pair's, except for
 * learn.fit_columns_final, which fits whichever algorithm the state's header
 * names (the u16 at byte 6 of the bytea).
 */
static bool
Iterative(const StateInput *in)
{
	uint16		algo;

	if (in->pair->final != learn_fit_columns_final)
		return in->pair->iterative;
	if (in->a_len < 8)
		return false;
	algo = (uint16) (in->a[6] | (in->a[7] << 8));
	return algo == LEARN_ALGO_LOGISTIC_REGRESSION || algo == LEARN_ALGO_KMEANS ||
		algo == LEARN_ALGO_LINEAR_SVM;
}

/* FuzzMakeBytea and FuzzCall (runtime.c) under short names */
#define MakeBytea FuzzMakeBytea
#define Call FuzzCall

typedef struct LoadArg
{
	bytea	   *model;
} LoadArg;

/* Load a model (for FuzzTry). */
static void
LoadModel(void *arg)
{
	LoadArg    *la = arg;
	LearnModel	m;

	(void) LearnModelLoad((const uint8 *) VARDATA(la->model), VARSIZE(la->model) - VARHDRSZ, &m);
}

/* Fail loudly unless the model a final function returned can be loaded. */
static void
MustLoad(const StatePair *pair, Datum d)
{
	LoadArg		la = {(bytea *) DatumGetPointer(d)};

	if (la.model == NULL)
		return;
	if (!FuzzTry(LoadModel, &la))
	{
		fprintf(stderr, "%s_final returned a model that does not load\n", pair->name);
		abort();
	}
}

static void
RunFinal(void *arg)
{
	StateInput *in = arg;

	MustLoad(in->pair, Call(in->pair->final, 1, MakeBytea(in->a, in->a_len), false, 0, true));
}

static void
RunCombineOne(void *arg) pg_attribute_unused();
static void
RunCombineOne(void *arg)
{
	StateInput *in = arg;

	(void) Call(in->pair->combine, 2, MakeBytea(in->a, in->a_len), false, 0, true);
	(void) Call(in->pair->combine, 2, 0, true, MakeBytea(in->a, in->a_len), false);
}

static void
RunCombineTwo(void *arg)
{
	StateInput *in = arg;
	Datum		merged = Call(in->pair->combine, 2, MakeBytea(in->a, in->a_len), false,
							  MakeBytea(in->b, in->b_len), false);

	if (merged != (Datum) 0 && RUN_FINAL(in))
		MustLoad(in->pair, Call(in->pair->final, 1, merged, false, 0, true));
}

/*
 * A step state's options blob is the model it evaluates, checksummed: fix
 * that checksum in our copy so mutations reach the model inside (the model
 * decoder's own checksum test is fuzz_model's business).
 */
static void
FixEmbeddedModelCrc(uint8 *state, size_t len)
{
	uint32		options_len,
				crc;
	uint8	   *model = state + sizeof(LearnStateHeader) - VARHDRSZ;

	if (len < sizeof(LearnStateHeader) - VARHDRSZ)
		return;
	memcpy(&options_len, state + offsetof(LearnStateHeader, options_len) - VARHDRSZ, 4);
	if (options_len < 20 || options_len > len - (sizeof(LearnStateHeader) - VARHDRSZ) ||
		memcmp(model, LEARN_MODEL_MAGIC, 4) != 0)
		return;
	crc = LearnCrc32c(model, options_len - 4);
	for (int i = 0; i < 4; i++)
		model[options_len - 4 + i] = (crc >> (8 * i)) & 0xff;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	StateInput	in;
	uint8_t    *a,
			   *b;
	size_t		a_len,
				b_len;

	if (size < 5)
		return 0;
	in.pair = &pairs[data[0] % lengthof(pairs)];
	FuzzSplitStates(data, size, &a, &a_len, &b, &b_len);
	FixEmbeddedModelCrc(a, a_len);
	FixEmbeddedModelCrc(b, b_len);
	in.a = a;
	in.a_len = a_len;
	in.b = b;
	in.b_len = b_len;
	in.has_b = in.b_len > 0;

	if (RUN_FINAL(&in))
	{
		(void) FuzzTry(RunFinal, &in);
		FuzzResetMemory();
	}
#ifndef FUZZ_FIT
	(void) FuzzTry(RunCombineOne, &in);
	FuzzResetMemory();
#endif
	if (in.has_b)
	{
		(void) FuzzTry(RunCombineTwo, &in);
		FuzzResetMemory();
	}
	free(a);
	free(b);
	return 0;
}
