/*
 * runtime.c: the handful of PostgreSQL backend symbols that pg_learn's core,
 * algorithm and aggregate objects need, so that the fuzz harnesses can link
 * them without a server.
 *
 * Kept minimal and honest:
 *   - palloc and friends are malloc with every chunk tracked in a list, so
 *     FuzzResetMemory() frees everything an input allocated and
 *     AddressSanitizer sees every use after free and overflow; request sizes
 *     are checked against MaxAllocSize / MaxAllocHugeSize as the backend does.
 *   - ereport/elog at ERROR and above format their message (so bad format
 *     arguments are caught) and longjmp back to the harness (FUZZ_TRY): an
 *     ERROR is an expected outcome.  An ERROR with SQLSTATE XX000 (elog, or
 *     an invalid allocation size) is an internal error that bytes from SQL
 *     must never reach: it aborts, so libFuzzer reports it as a finding.
 *   - anything that needs a server (catalogs, fmgr lookups, jsonb) aborts
 *     if ever reached: the harnesses only call code paths that do not.
 */
#include "postgres.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "api/options.h"
#include "utils/array.h"
#include "utils/expandeddatum.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "runtime.h"

/* ---- memory ---- */

typedef struct FuzzChunk
{
	struct FuzzChunk *prev;
	struct FuzzChunk *next;
	MemoryContext cxt;
	size_t		size;
} FuzzChunk;

StaticAssertDecl(sizeof(FuzzChunk) % MAXIMUM_ALIGNOF == 0, "chunk header keeps alignment");

#define FUZZ_MAX_CONTEXTS 64

/* contexts are plain MemoryContextData blocks; their parent is tracked here */
static MemoryContextData fuzz_top_context;
static MemoryContextData fuzz_contexts[FUZZ_MAX_CONTEXTS];
static bool fuzz_context_used[FUZZ_MAX_CONTEXTS];
static FuzzChunk fuzz_chunks = {&fuzz_chunks, &fuzz_chunks, NULL, 0};

MemoryContext CurrentMemoryContext = &fuzz_top_context;
MemoryContext TopMemoryContext = &fuzz_top_context;
MemoryContext ErrorContext = &fuzz_top_context;

volatile sig_atomic_t InterruptPending = false;
int			learn_memory_limit_kb = 256 * 1024;	/* the GUC's default (pg_learn.c) */

/* Allocate size bytes in cxt, as MemoryContextAllocExtended would. */
static void *
FuzzAlloc(MemoryContext cxt, Size size, int flags)
{
	FuzzChunk  *c;

	if (((flags & MCXT_ALLOC_HUGE) != 0 && !AllocHugeSizeIsValid(size)) ||
		((flags & MCXT_ALLOC_HUGE) == 0 && !AllocSizeIsValid(size)))
		elog(ERROR, "invalid memory alloc request size %zu", size);
	c = malloc(sizeof(FuzzChunk) + size);
	if (c == NULL)
	{
		if (flags & MCXT_ALLOC_NO_OOM)
			return NULL;
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	}
	if (flags & MCXT_ALLOC_ZERO)
		memset(c + 1, 0, size);
	c->cxt = cxt;
	c->size = size;
	c->next = fuzz_chunks.next;
	c->prev = &fuzz_chunks;
	fuzz_chunks.next->prev = c;
	fuzz_chunks.next = c;
	return c + 1;
}

/* Unlink and free one chunk. */
static void
FuzzFree(FuzzChunk *c)
{
	c->prev->next = c->next;
	c->next->prev = c->prev;
	free(c);
}

void *
palloc(Size size)
{
	return FuzzAlloc(CurrentMemoryContext, size, 0);
}

void *
palloc0(Size size)
{
	return FuzzAlloc(CurrentMemoryContext, size, MCXT_ALLOC_ZERO);
}

void *
palloc_extended(Size size, int flags)
{
	return FuzzAlloc(CurrentMemoryContext, size, flags);
}

void *
MemoryContextAlloc(MemoryContext context, Size size)
{
	return FuzzAlloc(context, size, 0);
}

void *
MemoryContextAllocHuge(MemoryContext context, Size size)
{
	return FuzzAlloc(context, size, MCXT_ALLOC_HUGE);
}

void *
MemoryContextAllocZero(MemoryContext context, Size size)
{
	return FuzzAlloc(context, size, MCXT_ALLOC_ZERO);
}

void *
MemoryContextAllocExtended(MemoryContext context, Size size, int flags)
{
	return FuzzAlloc(context, size, flags);
}

void
pfree(void *pointer)
{
	FuzzFree((FuzzChunk *) pointer - 1);
}

void *
repalloc(void *pointer, Size size)
{
	FuzzChunk  *old = (FuzzChunk *) pointer - 1;
	void	   *p = FuzzAlloc(old->cxt, size, 0);

	memcpy(p, pointer, Min(size, old->size));
	FuzzFree(old);
	return p;
}

void *
repalloc_huge(void *pointer, Size size)
{
	FuzzChunk  *old = (FuzzChunk *) pointer - 1;
	void	   *p = FuzzAlloc(old->cxt, size, MCXT_ALLOC_HUGE);

	memcpy(p, pointer, Min(size, old->size));
	FuzzFree(old);
	return p;
}

char *
pstrdup(const char *in)
{
	size_t		n = strlen(in);
	char	   *s = palloc(n + 1);

	memcpy(s, in, n + 1);
	return s;
}

char *
pnstrdup(const char *in, Size len)
{
	char	   *s;

	len = strnlen(in, len);
	s = palloc(len + 1);
	memcpy(s, in, len);
	s[len] = '\0';
	return s;
}

/* Is cxt the context anc or one of its descendants? */
static bool
FuzzContextWithin(MemoryContext cxt, MemoryContext anc)
{
	for (; cxt != NULL; cxt = cxt->parent)
		if (cxt == anc)
			return true;
	return false;
}

MemoryContext
AllocSetContextCreateInternal(MemoryContext parent, const char *name,
							  Size minContextSize pg_attribute_unused(),
							  Size initBlockSize pg_attribute_unused(),
							  Size maxBlockSize pg_attribute_unused())
{
	for (int i = 0; i < FUZZ_MAX_CONTEXTS; i++)
		if (!fuzz_context_used[i])
		{
			fuzz_context_used[i] = true;
			memset(&fuzz_contexts[i], 0, sizeof(MemoryContextData));
			fuzz_contexts[i].parent = parent;
			fuzz_contexts[i].name = name;
			return &fuzz_contexts[i];
		}
	fprintf(stderr, "fuzz runtime: more than %d live memory contexts\n", FUZZ_MAX_CONTEXTS);
	abort();
}

void
MemoryContextDelete(MemoryContext context)
{
	FuzzChunk  *c = fuzz_chunks.next;

	while (c != &fuzz_chunks)
	{
		FuzzChunk  *next = c->next;

		if (FuzzContextWithin(c->cxt, context))
			FuzzFree(c);
		c = next;
	}
	for (int i = 0; i < FUZZ_MAX_CONTEXTS; i++)
		if (fuzz_context_used[i] && FuzzContextWithin(&fuzz_contexts[i], context))
			fuzz_context_used[i] = false;
	if (CurrentMemoryContext != NULL && FuzzContextWithin(CurrentMemoryContext, context))
		CurrentMemoryContext = &fuzz_top_context;
}

/* Free everything the last input allocated and delete its contexts. */
void
FuzzResetMemory(void)
{
	while (fuzz_chunks.next != &fuzz_chunks)
		FuzzFree(fuzz_chunks.next);
	memset(fuzz_context_used, 0, sizeof(fuzz_context_used));
	CurrentMemoryContext = &fuzz_top_context;
}

Size
add_size(Size s1, Size s2)
{
	Size		result = s1 + s2;

	if (result < s1 || result < s2)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("requested shared memory size overflows size_t")));
	return result;
}

Size
mul_size(Size s1, Size s2)
{
	Size		result;

	if (s1 == 0 || s2 == 0)
		return 0;
	result = s1 * s2;
	if (result / s2 != s1)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("requested shared memory size overflows size_t")));
	return result;
}

/* ---- strings ---- */

char *
psprintf(const char *fmt,...)
{
	va_list		args;
	int			n;
	char	   *s;

	va_start(args, fmt);
	n = vsnprintf(NULL, 0, fmt, args);
	va_end(args);
	if (n < 0)
		abort();
	s = palloc(n + 1);
	va_start(args, fmt);
	vsnprintf(s, n + 1, fmt, args);
	va_end(args);
	return s;
}

void
initStringInfo(StringInfo str)
{
	str->data = palloc(1024);
	str->maxlen = 1024;
	resetStringInfo(str);
}

void
resetStringInfo(StringInfo str)
{
	str->data[0] = '\0';
	str->len = 0;
	str->cursor = 0;
}

void
enlargeStringInfo(StringInfo str, int needed)
{
	int			newlen;

	if (needed < 0 || ((Size) needed) >= (MaxAllocSize - (Size) str->len))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("out of memory"),
				 errdetail("Cannot enlarge string buffer containing %d bytes by %d more bytes.",
						   str->len, needed)));
	needed += str->len + 1;
	if (needed <= str->maxlen)
		return;
	newlen = 2 * str->maxlen;
	while (needed > newlen)
		newlen = 2 * newlen;
	if (newlen > (int) MaxAllocSize)
		newlen = (int) MaxAllocSize;
	str->data = repalloc(str->data, newlen);
	str->maxlen = newlen;
}

void
appendBinaryStringInfo(StringInfo str, const char *data, int datalen)
{
	enlargeStringInfo(str, datalen);
	memcpy(str->data + str->len, data, datalen);
	str->len += datalen;
	str->data[str->len] = '\0';
}

void
appendStringInfoString(StringInfo str, const char *s)
{
	appendBinaryStringInfo(str, s, strlen(s));
}

void
appendStringInfoChar(StringInfo str, char ch)
{
	appendBinaryStringInfo(str, &ch, 1);
}

void
appendStringInfo(StringInfo str, const char *fmt,...)
{
	va_list		args;
	int			n;

	va_start(args, fmt);
	n = vsnprintf(NULL, 0, fmt, args);
	va_end(args);
	if (n < 0)
		abort();
	enlargeStringInfo(str, n);
	va_start(args, fmt);
	vsnprintf(str->data + str->len, n + 1, fmt, args);
	va_end(args);
	str->len += n;
}

/* JSON string escaping, as utils/adt/json.c does it. */
void
escape_json(StringInfo buf, const char *str)
{
	static const char specials[] = "\b\f\n\r\t\"\\";
	static const char escapes[] = "bfnrt\"\\";

	appendStringInfoChar(buf, '"');
	for (const char *p = str; *p; p++)
	{
		const char *special = strchr(specials, *p);

		if (special)
		{
			appendStringInfoChar(buf, '\\');
			appendStringInfoChar(buf, escapes[special - specials]);
		}
		else if ((unsigned char) *p < ' ')
			appendStringInfo(buf, "\\u%04x", (int) *p);
		else
			appendStringInfoChar(buf, *p);
	}
	appendStringInfoChar(buf, '"');
}

char *
float8out_internal(double num)
{
	return psprintf("%.17g", num);
}

/*
 * UTF-8 validation (the harness's database encoding), rejecting overlong
 * forms, surrogates and code points above U+10FFFF as pg_utf8_islegal does.
 */
bool
pg_verifymbstr(const char *mbstr, int len, bool noError)
{
	const unsigned char *s = (const unsigned char *) mbstr;
	int			i = 0;

	while (i < len)
	{
		unsigned char c = s[i];
		int			n;
		uint32		cp;

		if (c == 0)
			goto bad;
		if (c < 0x80)
		{
			i++;
			continue;
		}
		if ((c & 0xE0) == 0xC0)
			n = 2, cp = c & 0x1F;
		else if ((c & 0xF0) == 0xE0)
			n = 3, cp = c & 0x0F;
		else if ((c & 0xF8) == 0xF0)
			n = 4, cp = c & 0x07;
		else
			goto bad;
		if (i + n > len)
			goto bad;
		for (int k = 1; k < n; k++)
		{
			if ((s[i + k] & 0xC0) != 0x80)
				goto bad;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
			cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			goto bad;
		i += n;
	}
	return true;
bad:
	if (!noError)
		ereport(ERROR,
				(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
				 errmsg("invalid byte sequence for encoding \"UTF8\"")));
	return false;
}

/* ---- errors ---- */

static sigjmp_buf *fuzz_jmp;
static int	fuzz_elevel;
static int	fuzz_sqlstate;
static char fuzz_message[1024];
static char fuzz_detail[1024];
static const char *fuzz_location;
int			fuzz_last_sqlstate;

bool
errstart(int elevel, const char *domain pg_attribute_unused())
{
	fuzz_elevel = elevel;
	fuzz_sqlstate = (elevel >= ERROR) ? ERRCODE_INTERNAL_ERROR : 0;
	fuzz_message[0] = '\0';
	fuzz_detail[0] = '\0';
	return true;				/* evaluate every report's arguments, even NOTICEs */
}

bool
errstart_cold(int elevel, const char *domain)
{
	return errstart(elevel, domain);
}

int
errcode(int sqlerrcode)
{
	fuzz_sqlstate = sqlerrcode;
	return 0;
}

/* Format a report's text (checks its arguments); keep the main message. */
static void
FuzzFormat(char *keep, const char *fmt, va_list args)
{
	char		buf[1024];

	vsnprintf(buf, sizeof(buf), fmt, args);
	if (keep)
		memcpy(keep, buf, sizeof(buf));
}

#define FUZZ_FORMAT_FN(name, keep) \
int \
name(const char *fmt,...) \
{ \
	va_list		args; \
	va_start(args, fmt); \
	FuzzFormat(keep, fmt, args); \
	va_end(args); \
	return 0; \
}

FUZZ_FORMAT_FN(errmsg, fuzz_message)
FUZZ_FORMAT_FN(errmsg_internal, fuzz_message)
FUZZ_FORMAT_FN(errdetail, fuzz_detail)
FUZZ_FORMAT_FN(errhint, NULL)

void
errfinish(const char *filename, int lineno, const char *funcname)
{
	static char where[256];

	if (fuzz_elevel < ERROR)
		return;
	snprintf(where, sizeof(where), "%s:%d (%s)", filename, lineno, funcname);
	fuzz_location = where;
	fuzz_last_sqlstate = fuzz_sqlstate;
	if (fuzz_sqlstate == ERRCODE_INTERNAL_ERROR || fuzz_elevel > ERROR)
	{
		fprintf(stderr, "fuzz runtime: internal error reached from input bytes at %s: %s (%s)\n",
				where, fuzz_message, fuzz_detail);
		abort();
	}
	if (fuzz_jmp == NULL)
	{
		fprintf(stderr, "fuzz runtime: ERROR outside FUZZ_TRY at %s: %s\n", where, fuzz_message);
		abort();
	}
	siglongjmp(*fuzz_jmp, 1);
}

/* Run fn(arg); false when it raised an ERROR (the expected outcome for bad bytes). */
bool
FuzzTry(void (*fn) (void *), void *arg)
{
	sigjmp_buf	jb;
	sigjmp_buf *save = fuzz_jmp;
	bool		ok;

	if (sigsetjmp(jb, 0) == 0)
	{
		fuzz_jmp = &jb;
		fn(arg);
		ok = true;
	}
	else
		ok = false;
	fuzz_jmp = save;
	if (getenv("FUZZ_VERBOSE") && !ok)
		fprintf(stderr, "ERROR %s: %s (%s)\n", unpack_sql_state(fuzz_last_sqlstate),
				fuzz_message, fuzz_detail);
	return ok;
}

/*
 * Run fn on an exact-size copy of the input (so a read one byte past the end
 * is caught), then free everything it allocated.
 */
bool
FuzzRunOnCopy(const uint8_t *data, size_t size, void (*fn) (const FuzzInput *))
{
	uint8	   *copy = malloc(size ? size : 1);
	FuzzInput	in = {copy, size};
	bool		ok;

	memcpy(copy, data, size);
	ok = FuzzTry((void (*) (void *)) fn, &in);
	FuzzResetMemory();
	free(copy);
	return ok;
}

char *
unpack_sql_state(int sql_state)
{
	static char buf[12];

	for (int i = 0; i < 5; i++)
	{
		buf[i] = PGUNSIXBIT(sql_state);
		sql_state >>= 6;
	}
	buf[5] = '\0';
	return buf;
}

void
ProcessInterrupts(void)
{
	InterruptPending = false;
}

/* ---- what needs a server: never reached by the harnesses ---- */

static void pg_attribute_noreturn()
FuzzUnreachable(const char *what)
{
	fprintf(stderr, "fuzz runtime: %s needs a server; the harness must not reach it\n", what);
	abort();
}

int
AggCheckCallContext(FunctionCallInfo fcinfo pg_attribute_unused(), MemoryContext *aggcontext)
{
	/* a user calling a support function directly: never in an aggregate */
	if (aggcontext)
		*aggcontext = NULL;
	return 0;
}

/* ... so there is no Aggref either */
struct Aggref *
AggGetAggref(FunctionCallInfo fcinfo pg_attribute_unused())
{
	return NULL;
}

/* No call expression (fn_expr NULL): the argument may change between calls, as fmgr says then. */
bool
get_fn_expr_arg_stable(FmgrInfo *flinfo pg_attribute_unused(), int argnum pg_attribute_unused())
{
	return false;
}

/*
 * The harnesses never reach LearnLoaderReserve (train.c's direct scan, which
 * needs a server): only the one callback it registers would be skipped.
 */
void
MemoryContextRegisterResetCallback(MemoryContext context pg_attribute_unused(),
								   MemoryContextCallback *cb pg_attribute_unused())
{
}

struct varlena *
pg_detoast_datum(struct varlena *datum)
{
	if (VARATT_IS_EXTENDED(datum))
		FuzzUnreachable("detoasting");
	return datum;
}

struct varlena *
pg_detoast_datum_packed(struct varlena *datum)
{
	if (VARATT_IS_EXTERNAL(datum) || VARATT_IS_COMPRESSED(datum))
		FuzzUnreachable("detoasting");
	return datum;
}

#define FUZZ_UNREACHABLE_FN(ret, name, args) \
ret name args { FuzzUnreachable(#name); }

FUZZ_UNREACHABLE_FN(Datum, DirectFunctionCall1Coll, (PGFunction func pg_attribute_unused(), Oid collation pg_attribute_unused(), Datum arg1 pg_attribute_unused()))
FUZZ_UNREACHABLE_FN(char *, OutputFunctionCall, (FmgrInfo *flinfo pg_attribute_unused(), Datum val pg_attribute_unused()))
FUZZ_UNREACHABLE_FN(void, getTypeOutputInfo, (Oid type pg_attribute_unused(), Oid *typOutput pg_attribute_unused(), bool *typIsVarlena pg_attribute_unused()))
FUZZ_UNREACHABLE_FN(void, fmgr_info_cxt, (Oid functionId pg_attribute_unused(), FmgrInfo *finfo pg_attribute_unused(), MemoryContext mcxt pg_attribute_unused()))
FUZZ_UNREACHABLE_FN(Oid, get_fn_expr_argtype, (FmgrInfo *flinfo pg_attribute_unused(), int argnum pg_attribute_unused()))
FUZZ_UNREACHABLE_FN(bool, get_fn_expr_variadic, (FmgrInfo *flinfo pg_attribute_unused()))
/*
 * Results built from catalog information (a composite type, an array) are
 * the last step of the final functions that return them: end there with an
 * ordinary ERROR, after everything has been validated and computed.
 */
TypeFuncClass
get_call_result_type(FunctionCallInfo fcinfo pg_attribute_unused(), Oid *resultTypeId pg_attribute_unused(),
					 TupleDesc *resultTupleDesc pg_attribute_unused())
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("fuzz runtime: a composite result needs a server")));
	return TYPEFUNC_OTHER;
}

ArrayType *
construct_md_array(Datum *elems pg_attribute_unused(), bool *nulls pg_attribute_unused(),
				   int ndims pg_attribute_unused(), int *dims pg_attribute_unused(),
				   int *lbs pg_attribute_unused(), Oid elmtype pg_attribute_unused(),
				   int elmlen pg_attribute_unused(), bool elmbyval pg_attribute_unused(),
				   char elmalign pg_attribute_unused())
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("fuzz runtime: an array result needs a server")));
	return NULL;
}

/* A copy of a (never toasted, here) varlena. */
struct varlena *
pg_detoast_datum_copy(struct varlena *datum)
{
	struct varlena *copy;

	if (VARATT_IS_EXTENDED(datum))
		FuzzUnreachable("detoasting");
	copy = palloc(VARSIZE(datum));
	memcpy(copy, datum, VARSIZE(datum));
	return copy;
}

text *
cstring_to_text(const char *s)
{
	size_t		len = strlen(s);
	text	   *t = palloc(VARHDRSZ + len);

	SET_VARSIZE(t, VARHDRSZ + len);
	memcpy(VARDATA(t), s, len);
	return t;
}

char *
text_to_cstring(const text *t)
{
	size_t		len = VARSIZE_ANY_EXHDR(t);
	char	   *s = palloc(len + 1);

	memcpy(s, VARDATA_ANY(t), len);
	s[len] = '\0';
	return s;
}

/*
 * The boolean spellings PostgreSQL's boolin accepts (case-insensitive, any
 * unambiguous prefix of true/false/yes/no, "on"/"off", "1"/"0"); the
 * metrics read text labels with it.
 */
bool
parse_bool(const char *value, bool *result)
{
	static const struct
	{
		const char *word;
		size_t		min;			/* shortest unambiguous prefix */
		bool		v;
	}			words[] = {
		{"true", 1, true}, {"false", 1, false}, {"yes", 1, true}, {"no", 1, false},
		{"on", 2, true}, {"off", 2, false}, {"1", 1, true}, {"0", 1, false},
	};
	size_t		len = strlen(value);

	for (size_t i = 0; i < lengthof(words); i++)
		if (len >= words[i].min && len <= strlen(words[i].word) &&
			pg_strncasecmp(value, words[i].word, len) == 0)
		{
			if (result)
				*result = words[i].v;
			return true;
		}
	if (result)
		*result = false;
	return false;
}

/* domains need the catalog; the harnesses reach no argument types */
FUZZ_UNREACHABLE_FN(Oid, getBaseType, (Oid typid pg_attribute_unused()))
FUZZ_UNREACHABLE_FN(bool, get_typbyval, (Oid typid pg_attribute_unused()))
FUZZ_UNREACHABLE_FN(int16, get_typlen, (Oid typid pg_attribute_unused()))
/* expanded states live only inside a running aggregate (AggCheckCallContext is 0 here) */
FUZZ_UNREACHABLE_FN(ExpandedObjectHeader *, DatumGetEOHP, (Datum d pg_attribute_unused()))
FUZZ_UNREACHABLE_FN(void, EOH_init_header, (ExpandedObjectHeader *eohptr pg_attribute_unused(), const ExpandedObjectMethods *methods pg_attribute_unused(), MemoryContext obj_context pg_attribute_unused()))
/* argument decoding and result rows of the transition and row functions */
FUZZ_UNREACHABLE_FN(TupleDesc, BlessTupleDesc, (TupleDesc tupdesc pg_attribute_unused()))
FUZZ_UNREACHABLE_FN(Datum, HeapTupleHeaderGetDatum, (HeapTupleHeader tuple pg_attribute_unused()))
FUZZ_UNREACHABLE_FN(HeapTuple, heap_form_tuple, (TupleDesc d pg_attribute_unused(), Datum *v pg_attribute_unused(), bool *n pg_attribute_unused()))
FUZZ_UNREACHABLE_FN(void, InitMaterializedSRF, (FunctionCallInfo fcinfo pg_attribute_unused(), bits32 flags pg_attribute_unused()))
FUZZ_UNREACHABLE_FN(void, tuplestore_putvalues, (Tuplestorestate *state pg_attribute_unused(), TupleDesc d pg_attribute_unused(), Datum *v pg_attribute_unused(), bool *n pg_attribute_unused()))
FUZZ_UNREACHABLE_FN(void, deconstruct_array, (ArrayType *array pg_attribute_unused(), Oid elmtype pg_attribute_unused(), int elmlen pg_attribute_unused(), bool elmbyval pg_attribute_unused(), char elmalign pg_attribute_unused(), Datum **elemsp pg_attribute_unused(), bool **nullsp pg_attribute_unused(), int *nelemsp pg_attribute_unused()))
FUZZ_UNREACHABLE_FN(int, ArrayGetNItems, (int ndim pg_attribute_unused(), const int *dims pg_attribute_unused()))
FUZZ_UNREACHABLE_FN(Datum, numeric_float8, (FunctionCallInfo fcinfo pg_attribute_unused()))
FUZZ_UNREACHABLE_FN(bool, array_contains_nulls, (ArrayType *array pg_attribute_unused()))
FUZZ_UNREACHABLE_FN(void, LearnParseOptions, (Jsonb *j pg_attribute_unused(), const LearnAlgorithm *algo pg_attribute_unused(), LearnOptions *o pg_attribute_unused(), LearnTrainOptions *t pg_attribute_unused()))

/* A bytea datum holding bytes, as the executor would pass it. */
Datum
FuzzMakeBytea(const uint8_t *bytes, size_t len)
{
	bytea	   *v = palloc(VARHDRSZ + len);

	SET_VARSIZE(v, VARHDRSZ + len);
	memcpy(VARDATA(v), bytes, len);
	return PointerGetDatum(v);
}

/* Call fn on up to two (possibly NULL) arguments; NULL result as (Datum) 0. */
Datum
FuzzCall(PGFunction fn, int nargs, Datum a, bool a_null, Datum b, bool b_null)
{
	LOCAL_FCINFO(fcinfo, 2);
	FmgrInfo	flinfo;
	Datum		result;

	memset(&flinfo, 0, sizeof(flinfo));
	flinfo.fn_mcxt = CurrentMemoryContext;
	flinfo.fn_nargs = nargs;
	InitFunctionCallInfoData(*fcinfo, &flinfo, nargs, InvalidOid, NULL, NULL);
	fcinfo->args[0].value = a;
	fcinfo->args[0].isnull = a_null;
	fcinfo->args[1].value = b;
	fcinfo->args[1].isnull = b_null;
	result = fn(fcinfo);
	return fcinfo->isnull ? (Datum) 0 : result;
}

/*
 * A two-state input (selector byte, u32 little-endian length of A, A, B):
 * exact-size malloc'd copies of A and B, so reads past either are caught.
 * The caller frees both.
 */
void
FuzzSplitStates(const uint8_t *data, size_t size, uint8_t **a, size_t *a_len,
				uint8_t **b, size_t *b_len)
{
	size_t		n = (size_t) data[1] | ((size_t) data[2] << 8) | ((size_t) data[3] << 16) |
		((size_t) data[4] << 24);

	data += 5;
	size -= 5;
	if (n > size)
		n = size;
	*a = malloc(n ? n : 1);
	memcpy(*a, data, n);
	*a_len = n;
	*b_len = size - n;
	*b = malloc(*b_len ? *b_len : 1);
	memcpy(*b, data + n, *b_len);
}
