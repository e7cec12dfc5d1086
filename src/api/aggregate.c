/*
 * aggregate.c: the training aggregates' state machine, shared by every
 * algorithm.
 *
 * The state is a bytea (core/state.h) updated in place inside the aggregate
 * memory context, as float8_accum does; called outside an aggregate (users
 * may call these functions directly) the input is copied first.  Rows with a
 * NULL target, NULL array or NULL element are skipped and counted; the state
 * stays dimensionless (n_features = 0) until the first usable row.
 *
 * Argument layout by the algorithm's target kind:
 *   NUMBER  (state, y float8,        x float8[] [, options jsonb])
 *   LABEL   (state, label anyelement, x float8[] [, options jsonb])
 *   NONE    (state,                   x float8[] [, options jsonb])
 * A label is kept as text in the state's class dictionary; new labels and,
 * for algorithms that keep their rows, new rows grow the payload (capacity
 * doubles, so growth is amortised).
 */
#include "postgres.h"

#include <math.h>

#include "api/aggregate.h"
#include "api/options.h"
#include "catalog/pg_type.h"
#include "core/checksum.h"
#include "core/parallel.h"
#include "utils/array.h"
#include "common/hashfn.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

/* Per call site: how to turn the label argument into text, and the last state returned. */
typedef struct LabelReader
{
	Oid			type;
	Oid			base;			/* its base type (a domain's) */
	LearnLabelKind kind;
	FmgrInfo	out;
	bytea	   *last_state;		/* the state this call site returned last */
	double	   *columns;		/* learn.fit_columns: the row's features */
	int			n_columns;
	LearnLabelCache cache;		/* for the state this call site returned last */
} LabelReader;

/* The call site's cache (allocated on first use). */
static LabelReader *
TransCache(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(LabelReader));
	return fcinfo->flinfo->fn_extra;
}

/*
 * A view of a state we validated and returned on the previous call: inside
 * an aggregate the state argument is the value the transition function
 * returned last, so it needs no re-validation (a user calling the function
 * directly is never in an aggregate context and always gets full checks).
 */
void
LearnStateTrustedView(bytea *b, LearnState *st)
{
	LearnStateHeader *h = (LearnStateHeader *) b;

	st->hdr = h;
	st->options = (const uint8 *) b + sizeof(LearnStateHeader);
	st->classes = st->options + TYPEALIGN(8, h->options_len);
	st->payload = (double *) (st->classes + TYPEALIGN(8, h->classes_len));
}

/* Open the state in argument argno (not NULL), copying it unless we own it. */
static bytea *
OpenStateArg(FunctionCallInfo fcinfo, int argno, bool own, const LearnAlgorithm *algo,
			 LearnState *st)
{
	bytea	   *b = LearnStateDetoast(PG_GETARG_DATUM(argno), !own);

	LearnStateOpen(b, algo->id, algo->payload_len, st);
	return b;
}

/* Raise the feature-limit error. */
static void
TooManyFeatures(const LearnAlgorithm *algo, uint32 p)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("%s supports at most %u features, got %u", algo->name, algo->max_features, p)));
}

/* A fresh state with p features (0 = none yet), given the options blob. */
static bytea *
NewState(MemoryContext cxt, const LearnAlgorithm *algo, uint32 p, const LearnWriter *blob,
		 LearnState *st)
{
	int64		slots = 0;
	bytea	   *b;

	if (p > 0)
	{
		if (p > algo->max_features)
			TooManyFeatures(algo, p);
		slots = algo->payload_len(p, 0, 0);
		if (slots < 0)
			TooManyFeatures(algo, p);
	}
	b = LearnStateCreate(cxt, algo->id, p, blob, (uint32) slots);
	LearnStateOpen(b, algo->id, algo->payload_len, st);
	return b;
}

/* The options blob of an existing state, as a writer to copy from. */
static LearnWriter
StateBlob(const LearnState *st)
{
	LearnWriter w;

	w.data = (char *) st->options;
	w.len = (int) st->hdr->options_len;
	w.maxlen = w.len;
	w.cursor = 0;
	return w;
}

/* The options (NULL: the defaults) parsed for algo and encoded as a state's blob. */
static LearnWriter
EncodeOptions(Jsonb *j, const LearnAlgorithm *algo)
{
	LearnOptions o;
	LearnWriter w;

	LearnParseOptions(j, algo, &o, NULL);
	LearnWriterInit(&w);
	LearnOptionsEncode(&w, &o);
	return w;
}

/* Parse the options argument (or defaults) into a blob. */
static LearnWriter
OptionsBlob(FunctionCallInfo fcinfo, const LearnAlgorithm *algo, int argno)
{
	return EncodeOptions(PG_NARGS() > argno && !PG_ARGISNULL(argno) ? PG_GETARG_JSONB_P(argno) : NULL, algo);
}

/* Check that a row's values are finite; name the first that is not. */
static void
CheckFinite(const LearnAlgorithm *algo, double y, const double *x, int n)
{
	if (!isfinite(y))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("%s: target value %g is not finite", algo->name, y),
				 errhint("Filter the row out with WHERE, or replace the value.")));
	for (int i = 0; i < n; i++)
		if (!isfinite(x[i]))
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("%s: feature %d has the non-finite value %g", algo->name, i + 1, x[i]),
					 errhint("Filter the row out with WHERE, or replace the value.")));
}

/* The label kind of a SQL type. */
LearnLabelKind
LearnLabelKindOf(Oid type)
{
	switch (type)
	{
		case INT2OID:
		case INT4OID:
		case INT8OID:
		case FLOAT4OID:
		case FLOAT8OID:
		case NUMERICOID:
			return LEARN_LABEL_NUMERIC;
		case BOOLOID:
			return LEARN_LABEL_BOOLEAN;
	}
	return LEARN_LABEL_TEXT;
}

/* Set up a reader of labels of the given type (its output function in cxt). */
static void
InitLabelReader(LabelReader *lr, Oid type, MemoryContext cxt)
{
	Oid			outfn;
	bool		varlena;

	lr->type = type;
	lr->base = getBaseType(type);
	lr->kind = LearnLabelKindOf(lr->base);
	getTypeOutputInfo(type, &outfn, &varlena);
	fmgr_info_cxt(outfn, &lr->out, cxt);
	LearnLabelCacheInit(&lr->cache, type);
}

/* The label argument's reader, set up once per call site. */
static LabelReader *
GetLabelReader(FunctionCallInfo fcinfo, int argno)
{
	LabelReader *lr = TransCache(fcinfo);

	/* a call site's argument types never change: look them up on its first row */
	if (!OidIsValid(lr->type))
	{
		Oid			type = get_fn_expr_argtype(fcinfo->flinfo, argno);

		if (!OidIsValid(type))
			ereport(ERROR,
					(errcode(ERRCODE_INDETERMINATE_DATATYPE),
					 errmsg("could not determine the type of the label argument")));
		InitLabelReader(lr, type, fcinfo->flinfo->fn_mcxt);
	}
	return lr;
}

/* An empty label cache for labels of the given type. */
void
LearnLabelCacheInit(LearnLabelCache *lc, Oid type)
{
	lc->byval = get_typbyval(type);
	lc->varlena = !lc->byval && get_typlen(type) == -1;
	lc->n = 0;
	lc->next_evict = 0;
}

/* The bytes of a varlena label the cache can hold, or NULL. */
static const char *
CacheableBytes(Datum d, Size *len)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(d);

	if (VARATT_IS_EXTENDED(v) && !VARATT_IS_SHORT(v))
		return NULL;			/* compressed or out of line: not compared */
	*len = VARSIZE_ANY_EXHDR(v);
	return *len <= LEARN_LABEL_CACHE_BYTES ? VARDATA_ANY(v) : NULL;
}

/* The cache's entry for label d, or NULL. */
const LearnLabelCacheEntry *
LearnLabelCacheFind(const LearnLabelCache *lc, Datum d)
{
	if (lc->byval)
	{
		for (int i = 0; i < lc->n; i++)
			if (lc->e[i].value == d)
				return &lc->e[i];
	}
	else if (lc->varlena)
	{
		Size		len;
		const char *bytes = CacheableBytes(d, &len);

		for (int i = 0; bytes != NULL && i < lc->n; i++)
			if (lc->e[i].len == len && memcmp(lc->e[i].bytes, bytes, len) == 0)
				return &lc->e[i];
	}
	return NULL;
}

/* Remember that label d is class cls (text hash h); the oldest entry goes when full. */
void
LearnLabelCacheAdd(LearnLabelCache *lc, Datum d, int cls, uint64 h)
{
	LearnLabelCacheEntry *e;
	const char *bytes = NULL;
	Size		len = 0;

	if (!lc->byval && (!lc->varlena || (bytes = CacheableBytes(d, &len)) == NULL))
		return;
	if (lc->n < LEARN_LABEL_CACHE_SIZE)
		e = &lc->e[lc->n++];
	else
	{
		e = &lc->e[lc->next_evict];
		lc->next_evict = (lc->next_evict + 1) % LEARN_LABEL_CACHE_SIZE;
	}
	if (lc->byval)
		e->value = d;
	else
	{
		e->len = (uint8) len;
		memcpy(e->bytes, bytes, len);
	}
	e->cls = cls;
	e->hash = h;
}

/*
 * A class name is the label's text, made canonical where equal values of
 * the type print differently, so that they are one class: numeric drops
 * trailing fractional zeros (1.0 and 1.00 are 1), floats print -0 as 0.
 * Modifies text in place (it is the output function's palloc'd string).
 */
char *
LearnCanonicalLabel(char *text, Oid type)
{
	if (type == NUMERICOID && strchr(text, '.') != NULL)
	{
		size_t		len = strlen(text);

		while (len > 0 && text[len - 1] == '0')
			text[--len] = '\0';
		if (len > 0 && text[len - 1] == '.')
			text[--len] = '\0';
	}
	else if ((type == FLOAT4OID || type == FLOAT8OID) && strcmp(text, "-0") == 0)
		return "0";
	return text;
}

/*
 * The label as text: true/false for booleans, the canonical output otherwise.
 * A numeric label that is NaN or infinite is refused, as a target would be
 * (it used to become a class named "NaN").
 */
static char *
LabelText(LabelReader *lr, Datum d)
{
	char	   *text;

	if (lr->kind == LEARN_LABEL_BOOLEAN)
		return DatumGetBool(d) ? "true" : "false";
	text = OutputFunctionCall(&lr->out, d);
	if (lr->kind == LEARN_LABEL_NUMERIC &&
		(strcmp(text, "NaN") == 0 || strcmp(text, "Infinity") == 0 || strcmp(text, "-Infinity") == 0))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("class label %s is not finite", text),
				 errhint("Filter such rows out, or give the label another type.")));
	return LearnCanonicalLabel(text, lr->base);
}

/*
 * Make room in the state for one more row: for row-keeping algorithms the
 * payload grows (capacity doubling).  Returns the (possibly new) state.
 */
static bytea *
GrowForRow(MemoryContext cxt, const LearnAlgorithm *algo, bytea *state, LearnState *st,
		   LearnStateBox *box)
{
	int64		need = algo->payload_len(st->hdr->n_features, st->hdr->n_classes, st->hdr->rows_used + 1);

	if (need < 0)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s cannot hold more than " INT64_FORMAT " rows in one aggregate state",
						algo->name, st->hdr->rows_used),
				 errhint("learn.train streams inputs larger than learn.memory_limit.")));
	if (algo->keeps_rows && (double) need * sizeof(double) > (double) learn_memory_limit_kb * 1024.0)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s keeps its training rows in memory, and they exceed learn.memory_limit (%d kB)",
						algo->name, learn_memory_limit_kb),
				 errhint("Raise learn.memory_limit, or use learn.train, which streams larger sources.")));
	if ((uint64) need > st->hdr->payload_cap)
	{
		uint64		cap = Max((uint64) need, (uint64) st->hdr->payload_cap * 2);

		LearnPrefaultStop();	/* the block may move */

		cap = Min(cap, (MaxAllocSize - 4096) / sizeof(double));
		if ((uint64) need > cap)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s: the rows no longer fit in one aggregate state (1 GB)", algo->name),
					 errhint("learn.train streams inputs larger than learn.memory_limit.")));
		if (box != NULL && box->flat == state)
			state = LearnStateBoxGrowPayload(box, (uint32) cap);
		else
			state = LearnStateGrow(cxt, st, NULL, 0, st->hdr->payload_len, (uint32) cap);
		LearnStateOpen(state, algo->id, algo->payload_len, st);
	}
	return state;
}

/* Add a class label to the state (its per-class block, if any, starts at zero). */
static bytea *
AddClass(MemoryContext cxt, const LearnAlgorithm *algo, LearnState *st, const char *label, int len)
{
	int64		need = algo->payload_len(st->hdr->n_features, st->hdr->n_classes + 1, st->hdr->rows_used);
	bytea	   *b;

	if (need < 0)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: too many classes for %u features", algo->name, st->hdr->n_features)));
	LearnPrefaultStop();		/* the old block is freed once the new one is in place */
	b = LearnStateGrow(cxt, st, label, len, (uint32) need, Max((uint32) need, st->hdr->payload_cap));
	LearnStateOpen(b, algo->id, algo->payload_len, st);
	return b;
}

/* One input row, however the transition function received it. */
typedef struct AggRow
{
	bool		skip;			/* a NULL target or feature: count and skip */
	int			n;				/* features */
	const double *x;
	double		y;				/* numeric target */
	int			label_arg;		/* argument holding the label, or -1 */
	int			options_arg;	/* argument holding the options, or -1 */
} AggRow;

/*
 * What a transition or combine returns: the box (holding state, copied in
 * when it was built elsewhere), or the state itself; remembered as trusted.
 */
static Datum
TransitionResult(FunctionCallInfo fcinfo, bool in_agg, LearnStateBox *box, bytea *state)
{
	if (box != NULL)
	{
		LearnStateBoxSet(box, state);
		state = box->flat;
	}
	if (in_agg)
		TransCache(fcinfo)->last_state = state;
	if (box != NULL)
		PG_RETURN_DATUM(EOHPGetRWDatum(&box->hdr));
	PG_RETURN_BYTEA_P(state);
}

/* Where and how one row goes into a state: shared by the transitions and LearnRowLoader. */
typedef struct RowSink
{
	const LearnAlgorithm *algo;
	MemoryContext cxt;			/* where a new or grown state is built */
	MemoryContext boxcxt;		/* where to box a state that keeps rows (NULL: never) */
	LearnStateBox *box;
	bytea	   *state;			/* NULL until the first row */
	LearnState	st;
	bool		trusted;		/* the label cache belongs to this state */
	bool		soft_limit;		/* past learn.memory_limit: return false, do not raise */
	bool		persistent;		/* one sink for many rows (a loader's): keep a fast window */
	/* kept rows: up to fast_until rows the state's capacity and the limit allow without checks */
	const LearnStateHeader *fast_hdr;	/* the state the window was worked out for */
	int64		fast_until;
	int64		row_slots;		/* payload slots per row */
	int			fast_limit_kb;	/* learn.memory_limit then */
} RowSink;

/*
 * After a kept row was added the checked way, work out how many rows the
 * state takes before a check could fail or the payload must grow: the row
 * payload of every algorithm that keeps rows is linear in the rows (checked
 * here on three points), so the same checks hold for each of them.
 */
static void
SinkFastWindow(RowSink *s)
{
	const LearnStateHeader *h = s->st.hdr;
	int64		r = h->rows_used;
	int64		a = s->algo->payload_len(h->n_features, h->n_classes, r),
				b = s->algo->payload_len(h->n_features, h->n_classes, r + 1),
				c = s->algo->payload_len(h->n_features, h->n_classes, r + 2);
	int64		limit_slots = (int64) learn_memory_limit_kb * (1024 / sizeof(double));
	int64		until;

	s->fast_hdr = NULL;
	if (a < 0 || b <= a || c - b != b - a || a != (int64) h->payload_len)
		return;
	until = r + Min((int64) h->payload_cap - a, limit_slots - a) / (b - a);
	if (until <= r || s->algo->payload_len(h->n_features, h->n_classes, until) != a + (until - r) * (b - a))
		return;
	s->fast_hdr = h;
	s->fast_until = until;
	s->row_slots = b - a;
	s->fast_limit_kb = learn_memory_limit_kb;
}

/*
 * The state to add a row to: created (with the row's features, none when it
 * is skipped) when there is none yet, and re-created with them while it is
 * still dimensionless.  blob: the options, used only when there is no state.
 */
static void
SinkEnsureState(RowSink *s, const AggRow *row, const LearnWriter *blob)
{
	if (s->state == NULL)
		s->state = NewState(s->cxt, s->algo, row->skip ? 0 : row->n, blob, &s->st);
	else if (s->st.hdr->n_features == 0 && !row->skip)
	{
		LearnWriter old = StateBlob(&s->st);
		int64		skipped = s->st.hdr->rows_skipped;

		s->state = NewState(s->cxt, s->algo, row->n, &old, &s->st);
		s->st.hdr->rows_skipped = skipped;
		s->trusted = false;
	}
}

/*
 * Add the row to the sink's state (or count it as skipped); label is the
 * label's Datum, read with lr (LABEL targets).  Returns false, having added
 * nothing usable, only when soft_limit is set and the kept rows would pass
 * learn.memory_limit.
 */
static bool
SinkAddRow(RowSink *s, const AggRow *row, LabelReader *lr, Datum label)
{
	const LearnAlgorithm *algo = s->algo;
	int			n = row->n;
	double		y = row->y;
	double		y_bits = row->y;
	uint64		label_hash;
	bytea	   *rebuilt = NULL; /* the copy a new class made */

	if (row->skip)
	{
		s->st.hdr->rows_skipped++;
		return true;
	}
	if ((uint32) n != s->st.hdr->n_features)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: feature array has %d elements, expected %u as in the first row",
						algo->name, n, s->st.hdr->n_features)));

	if (algo->target == LEARN_TARGET_LABEL)
	{
		const LearnLabelCacheEntry *hit;

		/* the cache belongs to the state this call site returned last */
		if (!s->trusted)
			lr->cache.n = 0;
		hit = LearnLabelCacheFind(&lr->cache, label);
		if (hit != NULL)
		{
			y = hit->cls;
			label_hash = hit->hash;
		}
		else
		{
			char	   *text = LabelText(lr, label);
			int			len = strlen(text);
			int			c;

			if (s->st.hdr->label_kind == LEARN_LABEL_NONE)
				s->st.hdr->label_kind = lr->kind;
			else if (s->st.hdr->label_kind != lr->kind)
				ereport(ERROR,
						(errcode(ERRCODE_DATATYPE_MISMATCH),
						 errmsg("%s: labels of one model must all have the same kind of type", algo->name)));
			c = LearnStateFindClass(&s->st, text, len);
			if (c < 0)
			{
				s->state = rebuilt = AddClass(s->cxt, algo, &s->st, text, len);
				c = (int) s->st.hdr->n_classes - 1;
			}
			y = c;
			/* fingerprint the label itself: class indexes depend on arrival order */
			label_hash = hash_bytes_extended((const unsigned char *) text, len, 0);
			LearnLabelCacheAdd(&lr->cache, label, c, label_hash);
		}
		memcpy(&y_bits, &label_hash, sizeof(y_bits));
	}
	{
		const double *x = row->x;
		bool		nonfinite;
		uint64		h = LearnRowHash2(y_bits, x, n, &nonfinite);

		if (nonfinite)
			CheckFinite(algo, y, x, n); /* names the value; for labels a false alarm passes */
		if (algo->keeps_rows && s->fast_hdr == s->st.hdr && s->st.hdr->rows_used < s->fast_until &&
			s->fast_limit_kb == learn_memory_limit_kb)
		{
			/* room for it, under the limit: as the checked way below, without its checks */
			s->st.hdr->rows_used++;
			s->st.hdr->payload_len += (uint32) s->row_slots;
			s->st.hdr->fingerprint += h;
			algo->accumulate(&s->st, y, x);
			return true;
		}
		if (algo->keeps_rows)
		{
			if (s->soft_limit &&
				(double) algo->payload_len(s->st.hdr->n_features, s->st.hdr->n_classes,
										   s->st.hdr->rows_used + 1) * sizeof(double) >
				(double) learn_memory_limit_kb * 1024.0)
				return false;
			if (s->boxcxt != NULL && s->box == NULL)
			{
				s->box = LearnStateBoxCreate(s->boxcxt);
				LearnStateBoxSet(s->box, s->state);
				s->state = s->box->flat;
				LearnStateOpen(s->state, algo->id, algo->payload_len, &s->st);
			}
			s->state = GrowForRow(s->cxt, algo, s->state, &s->st, s->box);
			if (rebuilt != NULL && s->state != rebuilt)
				pfree(rebuilt);	/* the class's copy, grown into another one */
		}
		s->st.hdr->rows_used++;
		if (algo->keeps_rows)
			s->st.hdr->payload_len = (uint32) algo->payload_len(s->st.hdr->n_features, s->st.hdr->n_classes,
																s->st.hdr->rows_used);
		s->st.hdr->fingerprint += h;
		algo->accumulate(&s->st, y, x);
		if (algo->keeps_rows && s->persistent)
			SinkFastWindow(s);
	}
	return true;
}

/*
 * The shared body of every transition: open or create the state, add the
 * row (or count it as skipped), and return the state.
 */
static Datum
TransitionRow(FunctionCallInfo fcinfo, const LearnAlgorithm *algo, AggRow *row)
{
	MemoryContext realagg = NULL;
	bool		in_agg = AggCheckCallContext(fcinfo, &realagg) != 0;
	RowSink		s = {0};
	LearnWriter blob = {0};

	/*
	 * A new or grown state is built in the per-call context: the executor
	 * copies a state that changed address into the aggregate's context and
	 * frees the old one there, so a copy made in that context would leak
	 * (once per growth, and once per class for algorithms keeping rows).
	 * Updates in place stay in place.  The rows an algorithm keeps live in a
	 * box (core/state.h) whose growth the executor does not copy.
	 */
	s.algo = algo;
	s.cxt = CurrentMemoryContext;
	s.boxcxt = in_agg ? realagg : NULL;
	if (!PG_ARGISNULL(0))
	{
		bytea	   *arg;

		s.box = in_agg ? LearnStateBoxOf(PG_GETARG_DATUM(0)) : NULL;
		arg = s.box ? s.box->flat : (bytea *) DatumGetPointer(PG_GETARG_DATUM(0));

		/*
		 * The state this call site returned last is trusted, but only for
		 * the algorithm that built it: learn.fit_columns reads its algorithm
		 * from an argument, which may change from row to row.
		 */
		if (in_agg && arg == TransCache(fcinfo)->last_state &&
			((const LearnStateHeader *) arg)->algorithm == algo->id)
		{
			s.state = arg;
			LearnStateTrustedView(s.state, &s.st);
			s.trusted = true;
		}
		else
			s.state = OpenStateArg(fcinfo, 0, in_agg, algo, &s.st);
	}
	if (s.state == NULL)
		blob = OptionsBlob(fcinfo, algo, row->options_arg);
	SinkEnsureState(&s, row, &blob);
	(void) SinkAddRow(&s, row,
					  algo->target == LEARN_TARGET_LABEL && !row->skip ? GetLabelReader(fcinfo, row->label_arg) : NULL,
					  row->label_arg >= 0 ? PG_GETARG_DATUM(row->label_arg) : (Datum) 0);
	return TransitionResult(fcinfo, in_agg, s.box, s.state);
}

/*
 * Transition of the array aggregates: (state, [y | label,] x float8[]
 * [, options jsonb]).  Non-strict, so that NULL rows can be counted.
 */
Datum
LearnAggTransition(FunctionCallInfo fcinfo, const LearnAlgorithm *algo)
{
	int			xarg = (algo->target == LEARN_TARGET_NONE) ? 1 : 2;
	AggRow		row = {0};

	row.label_arg = (algo->target == LEARN_TARGET_LABEL) ? 1 : -1;
	row.options_arg = xarg + 1;
	row.skip = PG_ARGISNULL(xarg) || (xarg == 2 && PG_ARGISNULL(1));
	if (!row.skip)
	{
		ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(xarg);

		if (ARR_NDIM(arr) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("%s: feature array is empty", algo->name)));
		if (ARR_NDIM(arr) != 1)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("%s: features must be a one-dimensional float8 array, got %d dimensions",
							algo->name, ARR_NDIM(arr))));
		row.n = ARR_DIMS(arr)[0];
		row.skip = ARR_HASNULL(arr) && array_contains_nulls(arr);
		row.x = (const double *) ARR_DATA_PTR(arr);
	}
	if (!row.skip && algo->target == LEARN_TARGET_NUMBER)
		row.y = PG_GETARG_FLOAT8(1);
	return TransitionRow(fcinfo, algo, &row);
}

/*
 * learn.fit_columns(algorithm int, options jsonb, VARIADIC columns "any"):
 * the aggregate learn.train runs.  The columns are the target (unless the
 * algorithm has none) and then the features, each already float8 except a
 * label; no array is built per row.
 */
PG_FUNCTION_INFO_V1(learn_fit_columns_trans);

Datum
learn_fit_columns_trans(PG_FUNCTION_ARGS)
{
	const LearnAlgorithm *algo;
	AggRow		row = {0};
	int			first,
				n;
	double	   *x;
	LabelReader *cache;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("learn.fit_columns needs an algorithm")));
	algo = LearnAlgorithmById((uint16) PG_GETARG_INT32(1));
	if (algo == NULL || PG_GETARG_INT32(1) <= 0 || PG_GETARG_INT32(1) > PG_UINT16_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown algorithm id %d", PG_GETARG_INT32(1))));
	if (get_fn_expr_variadic(fcinfo->flinfo))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("learn.fit_columns takes its columns as separate arguments")));
	first = (algo->target == LEARN_TARGET_NONE) ? 3 : 4;
	n = PG_NARGS() - first;
	if (n <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: no feature columns", algo->name)));
	cache = TransCache(fcinfo);
	if (cache->columns == NULL || cache->n_columns != n)
	{
		for (int i = 0; i < n; i++)
			if (getBaseType(get_fn_expr_argtype(fcinfo->flinfo, first + i)) != FLOAT8OID)
				ereport(ERROR,
						(errcode(ERRCODE_DATATYPE_MISMATCH),
						 errmsg("learn.fit_columns: feature column %d must be float8", i + 1)));
		if (algo->target == LEARN_TARGET_NUMBER && getBaseType(get_fn_expr_argtype(fcinfo->flinfo, 3)) != FLOAT8OID)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("learn.fit_columns: the target must be float8")));
		cache->columns = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(double) * n);
		cache->n_columns = n;
	}
	x = cache->columns;
	row.n = n;
	row.x = x;
	row.options_arg = 2;
	row.label_arg = (algo->target == LEARN_TARGET_LABEL) ? 3 : -1;
	row.skip = (algo->target != LEARN_TARGET_NONE && PG_ARGISNULL(3));
	for (int i = 0; i < n && !row.skip; i++)
	{
		if (PG_ARGISNULL(first + i))
			row.skip = true;
		else
			x[i] = PG_GETARG_FLOAT8(first + i);
	}
	if (!row.skip && algo->target == LEARN_TARGET_NUMBER)
		row.y = PG_GETARG_FLOAT8(3);
	return TransitionRow(fcinfo, algo, &row);
}

/* The algorithm a state belongs to (for the algorithm-independent aggregate). */
static const LearnAlgorithm *
StateAlgorithm(FunctionCallInfo fcinfo, int argno)
{
	const LearnAlgorithm *algo;
	bytea	   *b;

	if (PG_ARGISNULL(argno))
		return NULL;
	b = LearnStateDetoast(PG_GETARG_DATUM(argno), false);
	if (VARSIZE(b) < sizeof(LearnStateHeader))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid pg_learn aggregate state"),
				 errdetail("state is shorter than its header")));
	algo = LearnAlgorithmById(((LearnStateHeader *) b)->algorithm);
	return algo;
}

PG_FUNCTION_INFO_V1(learn_fit_columns_combine);
PG_FUNCTION_INFO_V1(learn_fit_columns_final);

/* Combine of learn.fit_columns: the state says which algorithm. */
Datum
learn_fit_columns_combine(PG_FUNCTION_ARGS)
{
	const LearnAlgorithm *algo = StateAlgorithm(fcinfo, 0);

	if (algo == NULL)
		algo = StateAlgorithm(fcinfo, 1);
	if (algo == NULL)
	{
		if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
			PG_RETURN_NULL();
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid pg_learn aggregate state"),
				 errdetail("Unknown algorithm.")));
	}
	return LearnAggCombine(fcinfo, algo);
}

/* Final of learn.fit_columns. */
Datum
learn_fit_columns_final(PG_FUNCTION_ARGS)
{
	const LearnAlgorithm *algo = StateAlgorithm(fcinfo, 0);

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (algo == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid pg_learn aggregate state"),
				 errdetail("Unknown algorithm.")));
	return LearnAggFinal(fcinfo, algo);
}

/* Fail unless two states were made with the same options. */
static void
CheckCompatible(const LearnAlgorithm *algo, const LearnState *a, const LearnState *b)
{
	if (a->hdr->options_len != b->hdr->options_len ||
		memcmp(a->options, b->options, a->hdr->options_len) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: cannot combine states trained with different options", algo->name)));
	if (a->hdr->n_features != 0 && b->hdr->n_features != 0 &&
		a->hdr->n_features != b->hdr->n_features)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: cannot combine states with %u and %u features",
						algo->name, a->hdr->n_features, b->hdr->n_features)));
	if (a->hdr->label_kind != LEARN_LABEL_NONE && b->hdr->label_kind != LEARN_LABEL_NONE &&
		a->hdr->label_kind != b->hdr->label_kind)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s: cannot combine states with labels of different types", algo->name)));
}

/* Copy a state into cxt. */
static bytea *
CopyState(MemoryContext cxt, const bytea *b)
{
	bytea	   *out = MemoryContextAlloc(cxt, VARSIZE(b));

	memcpy(out, b, VARSIZE(b));
	return out;
}

/* Combine: merge the second state into the first (non-strict). */
Datum
LearnAggCombine(FunctionCallInfo fcinfo, const LearnAlgorithm *algo)
{
	MemoryContext aggcxt;
	bool		in_agg = AggCheckCallContext(fcinfo, &aggcxt) != 0;
	bool		boxed = in_agg && algo->keeps_rows; /* rows: grow in a box */
	LearnStateBox *box = NULL;
	LearnState	a,
				b;
	bytea	   *sa,
			   *sb;
	int		   *map = NULL;
	int64		need;

	if (!in_agg)
		aggcxt = CurrentMemoryContext;
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		sa = OpenStateArg(fcinfo, 0, in_agg, algo, &a);
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));	/* unchanged, boxed or not */
	}
	sb = OpenStateArg(fcinfo, 1, true, algo, &b);
	if (PG_ARGISNULL(0))
	{
		if (boxed)
			return TransitionResult(fcinfo, in_agg, LearnStateBoxCreate(aggcxt), sb);
		PG_RETURN_BYTEA_P(CopyState(aggcxt, sb));
	}
	if (boxed)
		box = LearnStateBoxOf(PG_GETARG_DATUM(0));
	sa = OpenStateArg(fcinfo, 0, in_agg, algo, &a);
	CheckCompatible(algo, &a, &b);
	LearnStateCheckCounts(a.hdr, b.hdr);

	if (a.hdr->rows_used == 0 && b.hdr->rows_used != 0)
	{
		int64		skipped = a.hdr->rows_skipped;

		if (boxed)
		{
			if (box == NULL)
				box = LearnStateBoxCreate(aggcxt);
			LearnStateBoxSet(box, sb);
			sa = box->flat;
		}
		else
			sa = CopyState(aggcxt, sb);
		LearnStateOpen(sa, algo->id, algo->payload_len, &a);
		a.hdr->rows_skipped += skipped;
		return TransitionResult(fcinfo, in_agg, box, sa);
	}
	if (boxed && box == NULL)
	{
		box = LearnStateBoxCreate(aggcxt);
		LearnStateBoxSet(box, sa);
		sa = box->flat;
		LearnStateOpen(sa, algo->id, algo->payload_len, &a);
	}
	if (b.hdr->rows_used != 0)
	{
		/* b's labels in a's dictionary, adding those a has not seen */
		if (b.hdr->n_classes > 0)
		{
			char	  **names = LearnStateClassNames(&b);

			map = palloc(sizeof(int) * b.hdr->n_classes);
			for (uint32 c = 0; c < b.hdr->n_classes; c++)
			{
				int			len = strlen(names[c]);
				int			idx = LearnStateFindClass(&a, names[c], len);

				if (idx < 0)
				{
					/* boxed: built in the per-call context, then copied into the box */
					sa = AddClass(boxed ? CurrentMemoryContext : aggcxt, algo, &a, names[c], len);
					if (boxed)
					{
						LearnStateBoxSet(box, sa);
						sa = box->flat;
						LearnStateOpen(sa, algo->id, algo->payload_len, &a);
					}
					idx = (int) a.hdr->n_classes - 1;
				}
				map[c] = idx;
			}
		}
		need = algo->payload_len(a.hdr->n_features, a.hdr->n_classes,
								 a.hdr->rows_used + b.hdr->rows_used);
		if (need < 0)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s: the combined rows no longer fit in one aggregate state", algo->name)));
		if ((uint64) need > a.hdr->payload_cap)
		{
			if (boxed)
				sa = LearnStateBoxGrowPayload(box, (uint32) need);
			else
				sa = LearnStateGrow(aggcxt, &a, NULL, 0, a.hdr->payload_len, (uint32) need);
			LearnStateOpen(sa, algo->id, algo->payload_len, &a);
		}
		algo->combine(&a, &b, map);
		a.hdr->payload_len = (uint32) need;
	}
	a.hdr->rows_used += b.hdr->rows_used;
	a.hdr->rows_skipped += b.hdr->rows_skipped;
	a.hdr->fingerprint += b.hdr->fingerprint;
	return TransitionResult(fcinfo, in_agg, box, sa);
}

/* Feature names for the model: from the options, or x1..xp. */
static char **
FeatureNames(const LearnAlgorithm *algo, const LearnOptions *o, uint32 p)
{
	char	  **names;

	if (o->n_feature_names != 0)
	{
		if (o->n_feature_names != p)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("%s: option feature_names has %u names, but rows have %u features",
							algo->name, o->n_feature_names, p)));
		return o->feature_names;
	}
	names = palloc(sizeof(char *) * p);
	for (uint32 i = 0; i < p; i++)
		names[i] = psprintf("x%u", i + 1);
	return names;
}

/* Sort context for class labels. */
static LearnLabelKind sort_kind;
static char **sort_names;

/* Order of two classes (by state index): numeric by value, false < true, text by bytes. */
static int
CompareClasses(const void *pa, const void *pb)
{
	const char *a = sort_names[*(const int *) pa];
	const char *b = sort_names[*(const int *) pb];

	if (sort_kind == LEARN_LABEL_NUMERIC)
	{
		double		x = strtod(a, NULL),
					y = strtod(b, NULL);

		if (x != y)
			return (x < y) ? -1 : 1;
	}
	else if (sort_kind == LEARN_LABEL_BOOLEAN)
		return (strcmp(a, "false") == 0) ? -1 : (strcmp(b, "false") == 0) ? 1 : 0;
	return strcmp(a, b);
}

/* Sort class indexes perm[0..n-1] by the labels names[], in the model's class order. */
void
LearnSortClasses(char **names, uint32 n, LearnLabelKind kind, int *perm)
{
	for (uint32 c = 0; c < n; c++)
		perm[c] = (int) c;
	sort_kind = kind;
	sort_names = names;
	qsort(perm, n, sizeof(int), CompareClasses);
}

/* Fill the model's classes, sorted, with the permutation to state indexes. */
static void
SortClasses(const LearnAlgorithm *algo, const LearnState *st, LearnModel *m)
{
	char	  **names;

	if (algo->target != LEARN_TARGET_LABEL)
		return;
	if (st->hdr->n_classes < 2)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("%s needs at least two classes; the training rows have only %u",
						algo->name, st->hdr->n_classes),
				 errhint("Check the label column and the WHERE clause.")));
	/*
	 * The transition function sets the label kind with the first class; a
	 * state with classes but none (only from crafted bytes) used to give a
	 * model the decoder rejects (found by test/fuzz/fuzz_fit).
	 */
	if (st->hdr->label_kind == LEARN_LABEL_NONE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid pg_learn aggregate state"),
				 errdetail("The state has %u classes but no label type.", st->hdr->n_classes)));
	names = LearnStateClassNames(st);
	m->n_classes = st->hdr->n_classes;
	m->label_kind = st->hdr->label_kind;
	m->class_perm = palloc(sizeof(int) * m->n_classes);
	LearnSortClasses(names, m->n_classes, m->label_kind, m->class_perm);
	m->class_names = palloc(sizeof(char *) * m->n_classes);
	for (uint32 c = 0; c < m->n_classes; c++)
		m->class_names[c] = names[m->class_perm[c]];
}

/*
 * Fit the model from a state (datum: a bytea or our box, which the fit may
 * read in place); NULL when no row was usable.  The model is built in the
 * current context.  own_rows: the state holds rows a LearnRowLoader added,
 * each checked finite on the way in, so its payload needs no second look.
 */
static bytea *
FitState(const LearnAlgorithm *algo, Datum state, bool own_rows)
{
	LearnState	st;
	LearnOptions o;
	LearnReader r;
	LearnModel	m = {0};
	LearnWriter params;
	MemoryContext scratch,
				caller = CurrentMemoryContext;
	bytea	   *result;

	scratch = AllocSetContextCreate(CurrentMemoryContext, "pg_learn fit", ALLOCSET_DEFAULT_SIZES);
	MemoryContextSwitchTo(scratch);
	LearnStateOpen(LearnStateDetoast(state, false), algo->id, algo->payload_len, &st);
	if (st.hdr->rows_used == 0)
	{
		MemoryContextSwitchTo(caller);
		MemoryContextDelete(scratch);
		return NULL;
	}
	LearnReaderInit(&r, st.options, st.hdr->options_len, "aggregate state");
	LearnOptionsDecode(&r, &o);
	/*
	 * Every input was finite, so an infinite sum is an overflow of the
	 * training data's sums (values near 1e154 and beyond), which used to be
	 * reported as an invalid state.  A NaN is not made by overflow of
	 * these sums alone: such a state was altered.
	 */
	for (uint32 i = 0; !(own_rows && algo->keeps_rows) && i < st.hdr->payload_len; i++)
		if (isinf(st.payload[i]))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s: the sums of the training rows overflow double precision", algo->name),
					 errdetail("The aggregate state holds an infinite value at slot %u.", i),
					 errhint("Scale the features or the target, or divide them by a constant.")));
		else if (isnan(st.payload[i]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid pg_learn aggregate state"),
					 errdetail("The state holds a non-finite value at slot %u.", i)));

	m.algorithm = algo->id;
	m.n_features = st.hdr->n_features;
	m.feature_names = FeatureNames(algo, &o, m.n_features);
	m.target_name = o.target_name ? o.target_name : "y";
	m.rows_used = st.hdr->rows_used;
	m.rows_skipped = st.hdr->rows_skipped;
	m.fingerprint = st.hdr->fingerprint;
	SortClasses(algo, &st, &m);
	LearnWriterInit(&params);
	algo->fit(&st, &o, &m, &params);

	MemoryContextSwitchTo(caller);
	result = LearnModelEncode(&m, &params);
	MemoryContextDelete(scratch);
	return result;
}

/* Final: fit the model from the state; NULL when no row was usable. */
Datum
LearnAggFinal(FunctionCallInfo fcinfo, const LearnAlgorithm *algo)
{
	bytea	   *model;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	model = FitState(algo, PG_GETARG_DATUM(0), false);
	if (model == NULL)
		PG_RETURN_NULL();
	PG_RETURN_BYTEA_P(model);
}

/*
 * LearnRowLoader: the rows of a training aggregate fed from C (train.c's
 * direct table scan) through the same code as the transitions, so that the
 * state, and the model fitted from it, are the ones the aggregate over the
 * same rows in the same order would give.
 */
struct LearnRowLoader
{
	RowSink		sink;
	LabelReader lr;
	LearnWriter blob;
	MemoryContext cxt;
	MemoryContextCallback stop_prefault;	/* on the box's context: join before it is freed */
};

/* The callback: stop the prefault thread (LearnLoaderReserve). */
static void
StopPrefault(void *arg pg_attribute_unused())
{
	LearnPrefaultStop();
}

/* A loader for algo with the given options; label_type: the label column's type (LABEL targets). */
LearnRowLoader *
LearnLoaderCreate(MemoryContext parent, const LearnAlgorithm *algo, Jsonb *options, Oid label_type)
{
	MemoryContext cxt = AllocSetContextCreate(parent, "pg_learn direct rows", ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(cxt);
	LearnRowLoader *ld = palloc0(sizeof(LearnRowLoader));

	ld->cxt = cxt;
	ld->sink.algo = algo;
	ld->sink.cxt = cxt;
	ld->sink.boxcxt = cxt;		/* rows grow in place, as in an aggregate */
	ld->sink.soft_limit = true;
	ld->sink.persistent = true;
	ld->blob = EncodeOptions(options, algo);
	if (algo->target == LEARN_TARGET_LABEL)
		InitLabelReader(&ld->lr, label_type, cxt);
	MemoryContextSwitchTo(old);
	return ld;
}

/*
 * Add one row (skip: a NULL target or feature, counted as skipped); label
 * is the label's Datum for LABEL targets, y the numeric target.  Returns
 * false, adding nothing, when the kept rows would pass learn.memory_limit.
 * The state lives in the loader's context; temporaries (a label's text) go
 * to the current one, which the caller resets per row.
 */
bool
LearnLoaderAdd(LearnRowLoader *ld, bool skip, int n, const double *x, double y, Datum label)
{
	AggRow		row = {0};
	bool		added;

	row.skip = skip;
	row.n = n;
	row.x = x;
	row.y = y;
	SinkEnsureState(&ld->sink, &row, &ld->blob);
	added = SinkAddRow(&ld->sink, &row, &ld->lr, label);
	if (ld->sink.box != NULL && ld->sink.state != ld->sink.box->flat)
	{
		/*
		 * A new class rebuilt the state outside the box: the box adopts the
		 * rebuilt block (in the loader's context, which outlives the box's;
		 * growth reallocates it where it is) instead of copying it in, so a
		 * class first seen late in a large table holds two copies of the
		 * rows at once, not three.
		 */
		LearnPrefaultStop();
		pfree(ld->sink.box->flat);
		ld->sink.box->flat = ld->sink.state;
	}
	/* the state stays the one this loader built: its label cache stays valid */
	ld->sink.trusted = true;
	return added;
}

/*
 * Make room for `rows` kept rows at once, when they fit under
 * learn.memory_limit and the state already holds its first rows (so its
 * width and, usually, its classes are known), and fault the new space in
 * on another thread while the caller goes on adding rows (threads allowed,
 * core/parallel.h): writing 400 MB of fresh pages one fault at a time was
 * a third of reading a table's rows.
 */
void
LearnLoaderReserve(LearnRowLoader *ld, int64 rows)
{
	RowSink    *s = &ld->sink;
	int64		need;

	if (!s->algo->keeps_rows || s->box == NULL || s->state != s->box->flat ||
		learn_threads_hook == NULL || learn_threads_hook() < 2)
		return;
	need = s->algo->payload_len(s->st.hdr->n_features, s->st.hdr->n_classes, rows);
	if (need < 0 || (uint64) need <= s->st.hdr->payload_cap ||
		(double) need * sizeof(double) > (double) learn_memory_limit_kb * 1024.0 ||
		(uint64) need > (MaxAllocSize - 4096) / sizeof(double))
		return;
	s->state = LearnStateBoxGrowPayload(s->box, (uint32) need);
	LearnStateOpen(s->state, s->algo->id, s->algo->payload_len, &s->st);
	if (ld->stop_prefault.func == NULL)
	{
		ld->stop_prefault.func = StopPrefault;
		MemoryContextRegisterResetCallback(s->box->hdr.eoh_context, &ld->stop_prefault);
	}
	LearnPrefaultStart(s->st.payload + s->st.hdr->payload_len,
					   (Size) (need - s->st.hdr->payload_len) * sizeof(double));
}

/* Fit the model from the rows added (built in the current context; NULL: no usable row), and free the loader. */
bytea *
LearnLoaderFinish(LearnRowLoader *ld)
{
	bytea	   *model = NULL;

	LearnPrefaultStop();
	if (ld->sink.state != NULL)
		model = FitState(ld->sink.algo, PointerGetDatum(ld->sink.state), true);
	MemoryContextDelete(ld->cxt);
	return model;
}

/* Free the loader and its rows. */
void
LearnLoaderFree(LearnRowLoader *ld)
{
	MemoryContextDelete(ld->cxt);
}

/* ---- per-algorithm entry points ---- */

PG_FUNCTION_INFO_V1(linreg_fit_trans);
PG_FUNCTION_INFO_V1(linreg_fit_combine);
PG_FUNCTION_INFO_V1(linreg_fit_final);

Datum
linreg_fit_trans(PG_FUNCTION_ARGS)
{
	return LearnAggTransition(fcinfo, &learn_linear_regression);
}

Datum
linreg_fit_combine(PG_FUNCTION_ARGS)
{
	return LearnAggCombine(fcinfo, &learn_linear_regression);
}

Datum
linreg_fit_final(PG_FUNCTION_ARGS)
{
	return LearnAggFinal(fcinfo, &learn_linear_regression);
}

PG_FUNCTION_INFO_V1(preprocess_fit_trans);
PG_FUNCTION_INFO_V1(preprocess_fit_combine);
PG_FUNCTION_INFO_V1(preprocess_fit_final);

Datum
preprocess_fit_trans(PG_FUNCTION_ARGS)
{
	return LearnAggTransition(fcinfo, &learn_preprocess);
}

Datum
preprocess_fit_combine(PG_FUNCTION_ARGS)
{
	return LearnAggCombine(fcinfo, &learn_preprocess);
}

Datum
preprocess_fit_final(PG_FUNCTION_ARGS)
{
	return LearnAggFinal(fcinfo, &learn_preprocess);
}

PG_FUNCTION_INFO_V1(logreg_fit_trans);
PG_FUNCTION_INFO_V1(logreg_fit_combine);
PG_FUNCTION_INFO_V1(logreg_fit_final);

Datum
logreg_fit_trans(PG_FUNCTION_ARGS)
{
	return LearnAggTransition(fcinfo, &learn_logistic_regression);
}

Datum
logreg_fit_combine(PG_FUNCTION_ARGS)
{
	return LearnAggCombine(fcinfo, &learn_logistic_regression);
}

Datum
logreg_fit_final(PG_FUNCTION_ARGS)
{
	return LearnAggFinal(fcinfo, &learn_logistic_regression);
}

PG_FUNCTION_INFO_V1(pca_fit_trans);
PG_FUNCTION_INFO_V1(pca_fit_combine);
PG_FUNCTION_INFO_V1(pca_fit_final);

Datum
pca_fit_trans(PG_FUNCTION_ARGS)
{
	return LearnAggTransition(fcinfo, &learn_pca);
}

Datum
pca_fit_combine(PG_FUNCTION_ARGS)
{
	return LearnAggCombine(fcinfo, &learn_pca);
}

Datum
pca_fit_final(PG_FUNCTION_ARGS)
{
	return LearnAggFinal(fcinfo, &learn_pca);
}

PG_FUNCTION_INFO_V1(nb_fit_trans);
PG_FUNCTION_INFO_V1(nb_fit_combine);
PG_FUNCTION_INFO_V1(nb_fit_final);

Datum
nb_fit_trans(PG_FUNCTION_ARGS)
{
	return LearnAggTransition(fcinfo, &learn_naive_bayes);
}

Datum
nb_fit_combine(PG_FUNCTION_ARGS)
{
	return LearnAggCombine(fcinfo, &learn_naive_bayes);
}

Datum
nb_fit_final(PG_FUNCTION_ARGS)
{
	return LearnAggFinal(fcinfo, &learn_naive_bayes);
}

PG_FUNCTION_INFO_V1(svm_fit_trans);
PG_FUNCTION_INFO_V1(svm_fit_combine);
PG_FUNCTION_INFO_V1(svm_fit_final);

Datum
svm_fit_trans(PG_FUNCTION_ARGS)
{
	return LearnAggTransition(fcinfo, &learn_linear_svm);
}

Datum
svm_fit_combine(PG_FUNCTION_ARGS)
{
	return LearnAggCombine(fcinfo, &learn_linear_svm);
}

Datum
svm_fit_final(PG_FUNCTION_ARGS)
{
	return LearnAggFinal(fcinfo, &learn_linear_svm);
}

PG_FUNCTION_INFO_V1(kmeans_fit_trans);
PG_FUNCTION_INFO_V1(kmeans_fit_combine);
PG_FUNCTION_INFO_V1(kmeans_fit_final);

Datum
kmeans_fit_trans(PG_FUNCTION_ARGS)
{
	return LearnAggTransition(fcinfo, &learn_kmeans);
}

Datum
kmeans_fit_combine(PG_FUNCTION_ARGS)
{
	return LearnAggCombine(fcinfo, &learn_kmeans);
}

Datum
kmeans_fit_final(PG_FUNCTION_ARGS)
{
	return LearnAggFinal(fcinfo, &learn_kmeans);
}
