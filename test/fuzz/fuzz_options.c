/*
 * fuzz_options.c: libFuzzer harness for the options blob decoder
 * (core/options.c) that every aggregate state carries and that the final
 * and combine functions read back.
 *
 * The jsonb parsing of the SQL options argument (api/options.c) needs the
 * server's jsonb code and is not linked here; this fuzzes the layer below
 * it, the binary blob users can put in a state.  Beyond "no crash", the
 * harness checks a property: a blob that decodes re-encodes to exactly the
 * same bytes (decode and encode agree field by field), so a decoder that
 * accepted and silently changed a value would abort.
 */
#include "postgres.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/options.h"
#include "runtime.h"

/* Decode, re-encode and compare. */
static void
RunOptions(const FuzzInput *in)
{
	LearnReader r;
	LearnOptions o;
	LearnWriter w;

	LearnReaderInit(&r, in->data, in->len, "aggregate state");
	LearnOptionsDecode(&r, &o);
	LearnWriterInit(&w);
	LearnOptionsEncode(&w, &o);
	if ((size_t) w.len != in->len || memcmp(w.data, in->data, in->len) != 0)
	{
		fprintf(stderr, "options blob of %zu bytes decodes but re-encodes to %d different bytes\n",
				in->len, w.len);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void) FuzzRunOnCopy(data, size, RunOptions);
	return 0;
}
