/*
 * prepare.c: the SQL side of data preparation.
 *
 *  - Binding: an input column of a pipeline accepts a family of SQL types
 *    (numeric: smallint..numeric; boolean; category: text, varchar, char,
 *    name, enums; time: date, timestamp, timestamptz; array: float8[]), and
 *    each value is converted into a LearnRaw for core/pipeline.c.
 *  - Fitting: learn.train computes the statistics each step needs (means,
 *    quantiles, category counts) with SQL aggregates over the source, under
 *    the caller's privileges, and builds the pipeline.
 *  - learn.prepare_row(pipeline, VARIADIC "any"): the training query's
 *    per-row transform, the same code scoring uses.
 */
#include "postgres.h"

#include <math.h>

#include "api/prepare.h"
#include "catalog/pg_type.h"
#include "datatype/timestamp.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

enum
{
	CONV_INT2, CONV_INT4, CONV_INT8, CONV_FLOAT4, CONV_FLOAT8, CONV_NUMERIC, CONV_BOOL,
	CONV_TEXT, CONV_BPCHAR, CONV_NAME, CONV_OUTPUT, CONV_DATE, CONV_TIMESTAMP, CONV_FLOAT8ARR
};

#define UNIX_EPOCH_OFFSET_DAYS	((double) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE))

/* Defaults of category handling. */
#define DEFAULT_MAX_CATEGORIES	20

/* The input kind a column of this type gets by default, or 0 if unsupported. */
LearnInputKind
LearnDefaultKind(Oid t)
{
	switch (t)
	{
		case INT2OID:
		case INT4OID:
		case INT8OID:
		case FLOAT4OID:
		case FLOAT8OID:
		case NUMERICOID:
			return LEARN_INPUT_NUMERIC;
		case BOOLOID:
			return LEARN_INPUT_BOOLEAN;
		case TEXTOID:
		case VARCHAROID:
		case BPCHAROID:
		case NAMEOID:
			return LEARN_INPUT_CATEGORY;
		case DATEOID:
		case TIMESTAMPOID:
		case TIMESTAMPTZOID:
			return LEARN_INPUT_TIME;
		case FLOAT8ARRAYOID:
			return LEARN_INPUT_ARRAY;
	}
	if (type_is_enum(t))
		return LEARN_INPUT_CATEGORY;
	return 0;
}

/*
 * numeric to float8 without PostgreSQL 15's detour through text and strtod,
 * when that is exact.  Reads numeric's on-disk format (stable across major
 * versions, as pg_upgrade requires): a 2-byte header (short form: sign,
 * display scale, 7-bit weight) or 4-byte header (long form), then base-10000
 * digits.  With at most 15 significant decimal digits (so the mantissa m is
 * an exact double) and a power of ten 10^|e| <= 10^22 (exact in a double),
 * m * 10^e or m / 10^-e is one correctly rounded IEEE operation: exactly
 * what strtod returns for the decimal string.  Anything else (NaN,
 * infinities, more digits, larger exponents) takes the slow path.
 */
#define NUM_SIGN_MASK		0xC000
#define NUM_NEG				0x4000
#define NUM_SHORT			0x8000
#define NUM_SPECIAL			0xC000
#define NUM_SHORT_SIGN		0x2000
#define NUM_SHORT_WSIGN		0x0040
#define NUM_SHORT_WMASK		0x003F

static double
NumericToDouble(Datum d)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(d);
	static const double pow10[] = {
		1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
		1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
	};
	const uint8 *p;
	uint16		header;
	int			weight,
				hdr,
				ndigits,
				e10,
				sig = 0;
	bool		neg;
	uint64		m = 0;
	double		r;

	if (VARATT_IS_EXTENDED(v) && !VARATT_IS_SHORT(v))
		goto slow;				/* compressed or external: let PostgreSQL handle it */
	p = (const uint8 *) VARDATA_ANY(v);
	if (VARSIZE_ANY_EXHDR(v) < 2)
		goto slow;
	memcpy(&header, p, 2);
	if ((header & NUM_SIGN_MASK) == NUM_SPECIAL)
		goto slow;
	if ((header & NUM_SIGN_MASK) == NUM_SHORT)
	{
		neg = (header & NUM_SHORT_SIGN) != 0;
		weight = (header & NUM_SHORT_WMASK) | ((header & NUM_SHORT_WSIGN) ? ~NUM_SHORT_WMASK : 0);
		hdr = 2;
	}
	else
	{
		int16		w;

		if (VARSIZE_ANY_EXHDR(v) < 4)
			goto slow;
		neg = (header & NUM_SIGN_MASK) == NUM_NEG;
		memcpy(&w, p + 2, 2);
		weight = w;
		hdr = 4;
	}
	ndigits = (int) (VARSIZE_ANY_EXHDR(v) - hdr) / 2;
	if (ndigits == 0)
		return 0.0;
	if (ndigits > 5)
		goto slow;
	for (int i = 0; i < ndigits; i++)
	{
		int16		digit;

		memcpy(&digit, p + hdr + 2 * i, 2);
		if (digit < 0 || digit > 9999 || m >= UINT64CONST(1000000000000000))
			goto slow;			/* over 15 digits (and m * 10000 could wrap) */
		m = m * 10000 + (uint64) digit;
	}
	for (uint64 t = m; t > 0; t /= 10)
		sig++;
	if (sig > 15)
		goto slow;
	e10 = 4 * (weight - (ndigits - 1));
	while (e10 < 0 && m % 10 == 0 && m > 0)
	{
		m /= 10;				/* trailing zeros of the last group: a smaller exponent */
		e10++;
	}
	if (e10 > 22 || e10 < -22)
		goto slow;
	r = (e10 >= 0) ? (double) m * pow10[e10] : (double) m / pow10[-e10];
	return neg ? -r : r;

slow:
	return DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow, d));
}

/* Conversion for a numeric type, or -1. */
static int
NumericConv(Oid t)
{
	switch (t)
	{
		case INT2OID:
			return CONV_INT2;
		case INT4OID:
			return CONV_INT4;
		case INT8OID:
			return CONV_INT8;
		case FLOAT4OID:
			return CONV_FLOAT4;
		case FLOAT8OID:
			return CONV_FLOAT8;
		case NUMERICOID:
			return CONV_NUMERIC;
	}
	return -1;
}

/* Conversion for a category column of type t, or -1 if t cannot feed in. */
static int
CategoryConv(Oid t, const LearnInput *in)
{
	switch (t)
	{
		case TEXTOID:
		case VARCHAROID:
			return CONV_TEXT;
		case BPCHAROID:
			return CONV_BPCHAR;
		case NAMEOID:
			return CONV_NAME;
	}
	if (type_is_enum(t))
		return CONV_OUTPUT;
	/* a category made from another type (say, an integer code): same type only */
	if (strcmp(format_type_be(t), in->type_name) == 0)
		return CONV_OUTPUT;
	return -1;
}

/*
 * Prepare to read values of type typid for input in; an incompatible type is
 * an error naming the column and both types.
 */
void
LearnColumnReaderInit(LearnColumnReader *cr, const LearnInput *in, Oid typid,
					  const char *model_name, MemoryContext cxt)
{
	int			conv = -1;

	typid = getBaseType(typid); /* a domain's values are its base type's */
	switch (in->kind)
	{
		case LEARN_INPUT_NUMERIC:
			conv = NumericConv(typid);
			break;
		case LEARN_INPUT_BOOLEAN:
			conv = (typid == BOOLOID) ? CONV_BOOL : -1;
			break;
		case LEARN_INPUT_CATEGORY:
			conv = CategoryConv(typid, in);
			break;
		case LEARN_INPUT_TIME:
			conv = (typid == DATEOID) ? CONV_DATE :
				(typid == TIMESTAMPOID || typid == TIMESTAMPTZOID) ? CONV_TIMESTAMP : -1;
			break;
		case LEARN_INPUT_ARRAY:
			conv = (typid == FLOAT8ARRAYOID) ? CONV_FLOAT8ARR : -1;
			break;
	}
	if (conv < 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column \"%s\" has type %s, but %s%s%s uses it as a %s input of type %s",
						in->name, format_type_be(typid),
						model_name ? "model \"" : "the model", model_name ? model_name : "",
						model_name ? "\"" : "", LearnInputKindName(in->kind), in->type_name)));
	cr->typid = typid;
	cr->conv = conv;
	if (conv == CONV_OUTPUT)
	{
		Oid			outfn;
		bool		varlena;

		getTypeOutputInfo(typid, &outfn, &varlena);
		fmgr_info_cxt(outfn, &cr->outfn, cxt);
	}
}

/* Convert one SQL value. Allocations (detoasting, output text) go in the current context. */
void
LearnColumnRead(const LearnColumnReader *cr, Datum d, bool isnull, LearnRaw *out)
{
	memset(out, 0, sizeof(*out));
	out->isnull = isnull;
	if (isnull)
		return;
	switch (cr->conv)
	{
		case CONV_INT2:
			out->num = DatumGetInt16(d);
			break;
		case CONV_INT4:
			out->num = DatumGetInt32(d);
			break;
		case CONV_INT8:
			out->num = (double) DatumGetInt64(d);
			break;
		case CONV_FLOAT4:
			out->num = DatumGetFloat4(d);
			break;
		case CONV_FLOAT8:
			out->num = DatumGetFloat8(d);
			break;
		case CONV_NUMERIC:
			out->num = NumericToDouble(d);
			break;
		case CONV_BOOL:
			out->num = DatumGetBool(d) ? 1.0 : 0.0;
			break;
		case CONV_TEXT:
		case CONV_BPCHAR:
			{
				text	   *t = DatumGetTextPP(d);

				out->str = VARDATA_ANY(t);
				out->len = VARSIZE_ANY_EXHDR(t);
				if (cr->conv == CONV_BPCHAR)
					while (out->len > 0 && out->str[out->len - 1] == ' ')
						out->len--;		/* char(n) padding is not part of the value */
				break;
			}
		case CONV_NAME:
			out->str = NameStr(*DatumGetName(d));
			out->len = strlen(out->str);
			break;
		case CONV_OUTPUT:
			out->str = OutputFunctionCall((FmgrInfo *) &cr->outfn, d);
			out->len = strlen(out->str);
			break;
		case CONV_DATE:
			{
				DateADT		v = DatumGetDateADT(d);

				out->num = DATE_NOT_FINITE(v) ? NAN : ((double) v + UNIX_EPOCH_OFFSET_DAYS) * 86400.0;
				break;
			}
		case CONV_TIMESTAMP:
			{
				Timestamp	v = DatumGetTimestamp(d);

				out->num = TIMESTAMP_NOT_FINITE(v) ? NAN
					: (double) v / USECS_PER_SEC + UNIX_EPOCH_OFFSET_DAYS * 86400.0;
				break;
			}
		case CONV_FLOAT8ARR:
			{
				ArrayType  *a = DatumGetArrayTypeP(d);

				if (ARR_NDIM(a) > 1)
					ereport(ERROR,
							(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
							 errmsg("array input must be one-dimensional, got %d dimensions",
									ARR_NDIM(a))));
				out->arr_len = ARR_NDIM(a) == 0 ? 0 : ARR_DIMS(a)[0];
				out->arr_has_null = ARR_HASNULL(a) && array_contains_nulls(a);
				out->arr = (const double *) ARR_DATA_PTR(a);
				break;
			}
	}
}

/*
 * Does the pipeline pass numeric and boolean values through unchanged, with
 * a NULL making the row unusable?  Then a plain ARRAY[col::float8, ...]
 * gives exactly its features (learn.train uses that in its one-scan fit).
 */
bool
LearnPipelineIsPassThrough(const LearnPipeline *pl)
{
	for (uint32 i = 0; i < pl->n_inputs; i++)
	{
		const LearnInput *in = &pl->inputs[i];

		if ((in->kind != LEARN_INPUT_NUMERIC && in->kind != LEARN_INPUT_BOOLEAN) ||
			in->impute != LEARN_IMPUTE_NONE || in->scale != LEARN_SCALE_NONE ||
			in->n_bounds > 0 || in->indicator)
			return false;
	}
	return true;
}

/* The input column names of a pipeline, for hints. */
char *
LearnInputList(const LearnPipeline *pl)
{
	StringInfoData s;

	initStringInfo(&s);
	for (uint32 i = 0; i < pl->n_inputs && i < 20; i++)
		appendStringInfo(&s, "%s%s", i ? ", " : "", quote_identifier(pl->inputs[i].name));
	if (pl->n_inputs > 20)
		appendStringInfoString(&s, ", ...");
	return s.data;
}

/* A pipeline that passes named float8 features through (models trained on arrays). */
LearnPipeline *
LearnIdentityPipeline(char **feature_names, uint32 n)
{
	LearnPipeline *pl = palloc0(sizeof(LearnPipeline));

	pl->n_inputs = n;
	pl->inputs = palloc0(sizeof(LearnInput) * n);
	for (uint32 i = 0; i < n; i++)
	{
		pl->inputs[i].name = feature_names[i];
		pl->inputs[i].type_name = "double precision";
		pl->inputs[i].kind = LEARN_INPUT_NUMERIC;
		pl->inputs[i].impute = LEARN_IMPUTE_NONE;
		pl->inputs[i].divisor = 1.0;
	}
	LearnPipelineFinish(pl);
	return pl;
}

/* ---- learn.prepare_row ---- */

typedef struct PrepareRowCache
{
	char	   *key;			/* pipeline bytes */
	Size		key_len;
	bool		key_stable;		/* the planner says the argument cannot change */
	struct varlena *last_ptr;
	LearnPipeline pl;
	LearnColumnReader *readers;
	LearnRaw   *raw;
	Datum	   *out;
	double	   *x;
} PrepareRowCache;

/* Decode the pipeline argument and bind the argument types (once per call site). */
static PrepareRowCache *
PrepareRowSetup(FunctionCallInfo fcinfo)
{
	PrepareRowCache *c = fcinfo->flinfo->fn_extra;
	struct varlena *raw = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(0));
	bytea	   *b;
	MemoryContext old;
	LearnReader r;

	/*
	 * As for models (predict.c): a stable, untoasted argument at the same
	 * address, with the same length and checksum (the last four bytes), is
	 * the cached pipeline; anything else is compared byte by byte.
	 */
	if (c && c->key_stable && raw == c->last_ptr && !VARATT_IS_EXTENDED(raw) &&
		VARSIZE(raw) - VARHDRSZ == c->key_len && c->key_len >= 4 &&
		memcmp((char *) raw + VARSIZE(raw) - 4, c->key + c->key_len - 4, 4) == 0)
		return c;
	b = PG_GETARG_BYTEA_PP(0);
	if (c && c->key_len == VARSIZE_ANY_EXHDR(b) && memcmp(c->key, VARDATA_ANY(b), c->key_len) == 0)
	{
		c->last_ptr = raw;
		return c;
	}
	if (get_fn_expr_variadic(fcinfo->flinfo))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("learn.prepare_row takes its inputs as separate arguments, not as a VARIADIC array")));
	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	c = palloc0(sizeof(PrepareRowCache));
	c->key_len = VARSIZE_ANY_EXHDR(b);
	c->key = palloc(c->key_len);
	memcpy(c->key, VARDATA_ANY(b), c->key_len);
	LearnReaderInit(&r, c->key, c->key_len, "pipeline");
	LearnPipelineDecode(&r, &c->pl);
	LearnReaderExpectEnd(&r);
	if ((uint32) (PG_NARGS() - 1) != c->pl.n_inputs)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the pipeline has %u inputs, got %d values", c->pl.n_inputs, PG_NARGS() - 1)));
	c->readers = palloc(sizeof(LearnColumnReader) * c->pl.n_inputs);
	c->raw = palloc(sizeof(LearnRaw) * c->pl.n_inputs);
	for (uint32 i = 0; i < c->pl.n_inputs; i++)
		LearnColumnReaderInit(&c->readers[i], &c->pl.inputs[i],
							  get_fn_expr_argtype(fcinfo->flinfo, i + 1), NULL,
							  fcinfo->flinfo->fn_mcxt);
	c->x = palloc(sizeof(double) * Max(c->pl.n_outputs, 1));
	c->out = palloc(sizeof(Datum) * Max(c->pl.n_outputs, 1));
	c->key_stable = get_fn_expr_arg_stable(fcinfo->flinfo, 0);
	c->last_ptr = raw;
	MemoryContextSwitchTo(old);
	fcinfo->flinfo->fn_extra = c;
	return c;
}

PG_FUNCTION_INFO_V1(learn_prepare_row);

/*
 * learn.prepare_row(pipeline bytea, VARIADIC inputs "any") RETURNS float8[]:
 * the prepared features of one row, or NULL when a NULL input has no
 * imputation.
 */
Datum
learn_prepare_row(PG_FUNCTION_ARGS)
{
	PrepareRowCache *c;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	c = PrepareRowSetup(fcinfo);
	for (uint32 i = 0; i < c->pl.n_inputs; i++)
		LearnColumnRead(&c->readers[i], PG_GETARG_DATUM(i + 1), PG_ARGISNULL(i + 1), &c->raw[i]);
	{
		/* a one-dimensional float8[] built in place: the transform writes its data */
		uint32		n = c->pl.n_outputs;
		Size		bytes = ARR_OVERHEAD_NONULLS(1) + sizeof(double) * n;
		ArrayType  *a = palloc(bytes);

		SET_VARSIZE(a, bytes);
		a->ndim = 1;
		a->dataoffset = 0;
		a->elemtype = FLOAT8OID;
		ARR_DIMS(a)[0] = (int) n;
		ARR_LBOUND(a)[0] = 1;
		if (!LearnPipelineTransform(&c->pl, c->raw, (double *) ARR_DATA_PTR(a), NULL))
			PG_RETURN_NULL();
		PG_RETURN_ARRAYTYPE_P(a);
	}
}

/* ---- fitting a pipeline on the training source ---- */

/* Preparation options for one column (or the defaults for all): -1/0 = not set. */
typedef struct PrepSpec
{
	int			kind;
	int			impute;
	bool		has_value;
	double		value_num;
	char	   *value_str;
	int			scale;
	int			indicator;
	int			max_categories;
	int			min_frequency;
	int			drop;
	uint32		parts;
	int			quantile_buckets;
	int			n_bounds;
	double	   *bounds;
} PrepSpec;

static const char *const impute_names[] = {"none", "mean", "median", "most_frequent", "constant", "missing"};
static const char *const scale_names[] = {"none", "standard", "minmax", "robust"};
static const char *const kind_names[] = {"", "numeric", "boolean", "category", "time", "array"};

/* Raise the error for a bad preparation option. */
static void
BadPrep(const char *where, const char *key, const char *expected)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("preparation option \"%s\"%s%s must be %s", key,
					where ? " of column " : "", where ? quote_identifier(where) : "", expected)));
}

/* Index of a string value in names, or an error listing them. */
static int
PickName(JsonbValue *v, const char *const *names, int n, const char *where, const char *key)
{
	StringInfoData list;

	if (v->type == jbvString)
		for (int i = 0; i < n; i++)
			if (names[i][0] && strlen(names[i]) == (size_t) v->val.string.len &&
				strncmp(names[i], v->val.string.val, v->val.string.len) == 0)
				return i;
	initStringInfo(&list);
	for (int i = 0; i < n; i++)
		if (names[i][0])
			appendStringInfo(&list, "%s%s", list.len ? ", " : "one of ", names[i]);
	BadPrep(where, key, list.data);
	return -1;
}

/* A JSON number as a finite double, or an error. */
static double
NumberValue(JsonbValue *v, const char *where, const char *key)
{
	double		d;

	if (v->type != jbvNumeric)
		BadPrep(where, key, "a number");
	d = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow, NumericGetDatum(v->val.numeric)));
	if (!isfinite(d))
		BadPrep(where, key, "a finite number");
	return d;
}

/* An integer in [lo, hi]. */
static int
IntValue(JsonbValue *v, const char *where, const char *key, int lo, int hi)
{
	double		d = NumberValue(v, where, key);

	if (d != floor(d) || d < lo || d > hi)
		BadPrep(where, key, psprintf("an integer from %d to %d", lo, hi));
	return (int) d;
}

/* date_parts: a non-empty array of part names. */
static uint32
PartsValue(JsonbValue *v, const char *where)
{
	JsonbIterator *it;
	JsonbValue	e;
	JsonbIteratorToken tok;
	uint32		parts = 0;
	const char *names[LEARN_N_PARTS];

	for (int i = 0; i < LEARN_N_PARTS; i++)
		names[i] = LearnPartName(i);
	if (v->type != jbvBinary || !JsonContainerIsArray(v->val.binary.data))
		BadPrep(where, "date_parts", "an array of part names");
	it = JsonbIteratorInit(v->val.binary.data);
	while ((tok = JsonbIteratorNext(&it, &e, true)) != WJB_DONE)
		if (tok == WJB_ELEM)
			parts |= 1u << PickName(&e, names, LEARN_N_PARTS, where, "date_parts");
	if (parts == 0)
		BadPrep(where, "date_parts", "a non-empty array of part names");
	return parts;
}

/* buckets: a count of quantile bins, or increasing bin edges. */
static void
BucketsValue(JsonbValue *v, const char *where, PrepSpec *spec)
{
	JsonbIterator *it;
	JsonbValue	e;
	JsonbIteratorToken tok;

	if (v->type == jbvNumeric)
	{
		spec->quantile_buckets = IntValue(v, where, "buckets", 2, LEARN_MAX_BUCKETS);
		return;
	}
	if (v->type != jbvBinary || !JsonContainerIsArray(v->val.binary.data))
		BadPrep(where, "buckets", "a number of quantile buckets or an array of increasing edges");
	spec->bounds = palloc(sizeof(double) * LEARN_MAX_BUCKETS);
	spec->n_bounds = 0;
	it = JsonbIteratorInit(v->val.binary.data);
	while ((tok = JsonbIteratorNext(&it, &e, true)) != WJB_DONE)
	{
		if (tok != WJB_ELEM)
			continue;
		if (spec->n_bounds >= LEARN_MAX_BUCKETS)
			BadPrep(where, "buckets", psprintf("at most %d edges", LEARN_MAX_BUCKETS));
		spec->bounds[spec->n_bounds] = NumberValue(&e, where, "buckets");
		if (spec->n_bounds > 0 && !(spec->bounds[spec->n_bounds] > spec->bounds[spec->n_bounds - 1]))
			BadPrep(where, "buckets", "an array of strictly increasing edges");
		spec->n_bounds++;
	}
	if (spec->n_bounds == 0)
		BadPrep(where, "buckets", "a non-empty array of edges");
}

/*
 * Read preparation keys of an options object into spec.  At the top level
 * (where == NULL) keys that are not about preparation are left to the
 * options parser; for a column, every key must be a preparation key.
 */
static void
ParsePrep(JsonbContainer *obj, PrepSpec *spec, const char *where)
{
	JsonbIterator *it = JsonbIteratorInit(obj);
	JsonbValue	v;
	JsonbIteratorToken tok;

	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		char	   *key;

		if (tok != WJB_KEY)
			continue;
		key = pnstrdup(v.val.string.val, v.val.string.len);
		tok = JsonbIteratorNext(&it, &v, true);
		if (strcmp(key, "impute") == 0)
			spec->impute = PickName(&v, impute_names, lengthof(impute_names), where, key);
		else if (strcmp(key, "impute_value") == 0)
		{
			spec->has_value = true;
			if (v.type == jbvString)
				spec->value_str = pnstrdup(v.val.string.val, v.val.string.len);
			else
				spec->value_num = NumberValue(&v, where, key);
		}
		else if (strcmp(key, "scale") == 0)
			spec->scale = PickName(&v, scale_names, lengthof(scale_names), where, key);
		else if (strcmp(key, "indicator") == 0)
		{
			if (v.type != jbvBool)
				BadPrep(where, key, "true or false");
			spec->indicator = v.val.boolean;
		}
		else if (strcmp(key, "max_categories") == 0)
			spec->max_categories = IntValue(&v, where, key, 1, LEARN_MAX_CATEGORIES);
		else if (strcmp(key, "min_frequency") == 0)
			spec->min_frequency = IntValue(&v, where, key, 1, INT_MAX);
		else if (strcmp(key, "drop") == 0)
		{
			static const char *const drops[] = {"none", "first"};

			spec->drop = PickName(&v, drops, 2, where, key);
		}
		else if (strcmp(key, "date_parts") == 0)
			spec->parts = PartsValue(&v, where);
		else if (where != NULL && strcmp(key, "buckets") == 0)
			BucketsValue(&v, where, spec);
		else if (where != NULL && strcmp(key, "kind") == 0)
			spec->kind = PickName(&v, kind_names, lengthof(kind_names), where, key);
		else if (where != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown preparation option \"%s\" for column %s", key, quote_identifier(where)),
					 errhint("Valid keys: kind, impute, impute_value, indicator, scale, buckets, "
							 "max_categories, min_frequency, drop, date_parts.")));
	}
}

/* The options.columns entry for column name, or NULL. */
static JsonbContainer *
ColumnOptions(Jsonb *options, const char *name)
{
	JsonbValue *cols;
	JsonbValue *col;

	if (options == NULL)
		return NULL;
	cols = getKeyJsonValueFromContainer(&options->root, "columns", 7, NULL);
	if (cols == NULL)
		return NULL;
	if (cols->type != jbvBinary || !JsonContainerIsObject(cols->val.binary.data))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("option \"columns\" must be an object mapping column names to preparation options")));
	col = getKeyJsonValueFromContainer(cols->val.binary.data, name, strlen(name), NULL);
	if (col == NULL)
		return NULL;
	if (col->type != jbvBinary || !JsonContainerIsObject(col->val.binary.data))
		BadPrep(name, "columns entry", "an object");
	return col->val.binary.data;
}

/* Every options.columns key must name a feature. */
static void
CheckColumnKeys(Jsonb *options, char **columns, int n)
{
	JsonbValue *cols;
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;

	if (options == NULL ||
		(cols = getKeyJsonValueFromContainer(&options->root, "columns", 7, NULL)) == NULL ||
		cols->type != jbvBinary || !JsonContainerIsObject(cols->val.binary.data))
		return;
	it = JsonbIteratorInit(cols->val.binary.data);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		bool		found = false;

		if (tok != WJB_KEY)
			continue;
		for (int i = 0; i < n && !found; i++)
			found = strlen(columns[i]) == (size_t) v.val.string.len &&
				strncmp(columns[i], v.val.string.val, v.val.string.len) == 0;
		if (!found)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("option \"columns\" names \"%.*s\", which is not a feature",
							v.val.string.len, v.val.string.val)));
	}
}

/* The spec of one column: defaults by kind, then top-level keys that apply, then its own. */
static PrepSpec
ColumnSpec(const PrepSpec *top, Jsonb *options, const char *name, Oid type)
{
	PrepSpec	s = {0};
	JsonbContainer *col = ColumnOptions(options, name);
	PrepSpec	own = {.impute = -1, .scale = -1, .indicator = -1, .drop = -1};

	if (col)
		ParsePrep(col, &own, name);
	s.kind = own.kind ? own.kind : (int) LearnDefaultKind(type);
	if (s.kind == 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("feature column \"%s\" has type %s, which pg_learn cannot prepare", name,
						format_type_be(type)),
				 errhint("Supported: numeric types, boolean, text, varchar, char, enums, date, "
						 "timestamp, timestamptz and float8[]; cast other types in a source query.")));
	/* defaults by kind */
	s.impute = (s.kind == LEARN_INPUT_NUMERIC || s.kind == LEARN_INPUT_TIME) ? LEARN_IMPUTE_MEAN :
		(s.kind == LEARN_INPUT_BOOLEAN) ? LEARN_IMPUTE_MOST_FREQUENT :
		(s.kind == LEARN_INPUT_CATEGORY) ? LEARN_IMPUTE_MISSING : LEARN_IMPUTE_NONE;
	s.scale = LEARN_SCALE_NONE;
	s.indicator = 0;
	s.max_categories = DEFAULT_MAX_CATEGORIES;
	s.min_frequency = 1;
	s.drop = 1;
	s.parts = LEARN_PART_YEAR | LEARN_PART_MONTH | LEARN_PART_DAY | LEARN_PART_DOW | LEARN_PART_WEEKEND |
		(type == DATEOID ? 0 : LEARN_PART_HOUR);
	/* top-level keys, where they apply */
	if (s.kind == LEARN_INPUT_NUMERIC || s.kind == LEARN_INPUT_BOOLEAN)
	{
		if (top->impute >= 0)
			s.impute = top->impute;
		if (top->has_value && top->value_str == NULL)
		{
			s.has_value = true;
			s.value_num = top->value_num;
		}
	}
	if (s.kind == LEARN_INPUT_NUMERIC && top->scale >= 0)
		s.scale = top->scale;
	if (top->indicator >= 0)
		s.indicator = top->indicator;
	if (top->drop >= 0)
		s.drop = top->drop;		/* categories and buckets */
	if (s.kind == LEARN_INPUT_CATEGORY)
	{
		if (top->max_categories)
			s.max_categories = top->max_categories;
		if (top->min_frequency)
			s.min_frequency = top->min_frequency;
	}
	if (s.kind == LEARN_INPUT_TIME && top->parts)
		s.parts = top->parts;
	/* the column's own keys, checked against its kind */
	if (own.impute >= 0)
	{
		static const bool ok[6][6] = {
			/* none mean median mf const missing */
			{0}, {1, 1, 1, 1, 1, 0}, {1, 1, 1, 1, 1, 0}, {1, 0, 0, 1, 1, 1}, {1, 1, 0, 0, 0, 0}, {1, 0, 0, 0, 0, 0}
		};

		if (!ok[s.kind][own.impute])
			BadPrep(name, "impute", psprintf("a method that applies to %s columns", kind_names[s.kind]));
		s.impute = own.impute;
	}
	if (own.has_value)
	{
		s.has_value = true;
		s.value_num = own.value_num;
		s.value_str = own.value_str;
	}
	if (own.scale >= 0)
	{
		if (s.kind != LEARN_INPUT_NUMERIC)
			BadPrep(name, "scale", "used on numeric columns only");
		s.scale = own.scale;
	}
	if (own.indicator >= 0)
		s.indicator = own.indicator;
	if (own.drop >= 0 && s.kind == LEARN_INPUT_NUMERIC && (own.quantile_buckets || own.n_bounds))
		s.drop = own.drop;
	else if (own.max_categories || own.min_frequency || own.drop >= 0)
	{
		if (s.kind != LEARN_INPUT_CATEGORY)
			BadPrep(name, "max_categories/min_frequency/drop",
					"used on category columns only (drop also on bucketed numeric columns)");
		if (own.max_categories)
			s.max_categories = own.max_categories;
		if (own.min_frequency)
			s.min_frequency = own.min_frequency;
		if (own.drop >= 0)
			s.drop = own.drop;
	}
	if (own.parts)
	{
		if (s.kind != LEARN_INPUT_TIME)
			BadPrep(name, "date_parts", "used on date and timestamp columns only");
		s.parts = own.parts;
	}
	if (own.quantile_buckets || own.n_bounds)
	{
		if (s.kind != LEARN_INPUT_NUMERIC)
			BadPrep(name, "buckets", "used on numeric columns only");
		s.quantile_buckets = own.quantile_buckets;
		s.n_bounds = own.n_bounds;
		s.bounds = own.bounds;
	}
	if (s.impute == LEARN_IMPUTE_CONSTANT)
	{
		if (!s.has_value || (s.kind == LEARN_INPUT_CATEGORY) != (s.value_str != NULL))
			BadPrep(name, "impute_value", s.kind == LEARN_INPUT_CATEGORY ? "a string (impute is constant)"
					: "a number (impute is constant)");
	}
	return s;
}

/* What the statistics query returns for one input, by result column. */
typedef struct StatCols
{
	int			first;			/* first result column (1-based) */
	int			quantiles;		/* column of the quantile array, or 0 */
	int			mode;			/* column of mode(), or 0 */
} StatCols;

/* SQL for an input's value as float8 (numeric, boolean) or its time value. */
static char *
ValueExpr(const char *col, const PrepSpec *s, Oid type)
{
	if (s->kind == LEARN_INPUT_BOOLEAN)
		return psprintf("(s.%s)::int::float8", quote_identifier(col));
	if (s->kind == LEARN_INPUT_TIME)
		return (type == TIMESTAMPTZOID) ? psprintf("(s.%s AT TIME ZONE 'UTC')", quote_identifier(col))
			: psprintf("(s.%s)", quote_identifier(col));
	return psprintf("(s.%s)::float8", quote_identifier(col));
}

/* The quantile levels an input needs: quartiles, then bucket edges. */
static int
QuantileLevels(const PrepSpec *s, StringInfo levels)
{
	int			n = 0;

	if (s->impute == LEARN_IMPUTE_MEDIAN || s->scale == LEARN_SCALE_ROBUST)
	{
		appendStringInfoString(levels, "0.25, 0.5, 0.75");
		n = 3;
	}
	for (int b = 1; b < s->quantile_buckets; b++)
		appendStringInfo(levels, "%s%.17g", n++ ? ", " : "", (double) b / s->quantile_buckets);
	return n;
}

/* Append the statistics an input needs to the select list. */
static void
AppendStats(StringInfo sql, int *ncol, const char *col, const PrepSpec *s, Oid type, StatCols *sc)
{
	char	   *e = ValueExpr(col, s, type);
	StringInfoData levels;

	sc->first = *ncol + 1;
	switch (s->kind)
	{
		case LEARN_INPUT_NUMERIC:
		case LEARN_INPUT_BOOLEAN:
			appendStringInfo(sql, ", count(%s), avg(%s), stddev_pop(%s), min(%s), max(%s)", e, e, e, e, e);
			*ncol += 5;
			initStringInfo(&levels);
			if (QuantileLevels(s, &levels) > 0)
			{
				appendStringInfo(sql, ", percentile_cont(ARRAY[%s]::float8[]) WITHIN GROUP (ORDER BY %s)",
								 levels.data, e);
				sc->quantiles = ++(*ncol);
			}
			if (s->impute == LEARN_IMPUTE_MOST_FREQUENT)
			{
				appendStringInfo(sql, ", mode() WITHIN GROUP (ORDER BY %s)", e);
				sc->mode = ++(*ncol);
			}
			break;
		case LEARN_INPUT_TIME:
			appendStringInfo(sql, ", count(%1$s), avg(extract(year FROM %1$s))::float8, "
							 "avg(extract(month FROM %1$s))::float8, avg(extract(day FROM %1$s))::float8, "
							 "avg(extract(dow FROM %1$s))::float8, %3$s, "
							 "avg(CASE WHEN extract(dow FROM %1$s) IN (0, 6) THEN 1 ELSE 0 END)::float8, "
							 "avg(extract(epoch FROM s.%2$s))::float8", e, quote_identifier(col),
							 type == DATEOID ? "0::float8" : psprintf("avg(extract(hour FROM %s))::float8", e));
			*ncol += 8;
			break;
		case LEARN_INPUT_ARRAY:
			appendStringInfo(sql, ", count(s.%1$s), min(array_length(s.%1$s, 1)), "
							 "max(array_length(s.%1$s, 1)), max(array_ndims(s.%1$s))", quote_identifier(col));
			*ncol += 4;
			break;
		case LEARN_INPUT_CATEGORY:
			break;				/* separate query */
	}
}

/* float8 result column i (1-based) of the statistics row, NaN when NULL. */
static double
StatF8(int i)
{
	bool		isnull;
	Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, i, &isnull);

	if (isnull)
		return NAN;
	switch (SPI_gettypeid(SPI_tuptable->tupdesc, i))
	{
		case INT8OID:
			return (double) DatumGetInt64(d);
		case INT4OID:
			return (double) DatumGetInt32(d);
		default:
			return DatumGetFloat8(d);
	}
}

/* float8[] result column i as a palloc'd array; *n its length. */
static double *
StatF8Array(int i, int *n)
{
	bool		isnull;
	Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, i, &isnull);
	Datum	   *elems;
	bool	   *nulls;
	double	   *out;

	*n = 0;
	if (isnull)
		return NULL;
	deconstruct_array(DatumGetArrayTypeP(d), FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, n);
	out = palloc(sizeof(double) * Max(*n, 1));
	for (int k = 0; k < *n; k++)
		out[k] = nulls[k] ? NAN : DatumGetFloat8(elems[k]);
	return out;
}

/* Fail for a column with no value to learn from. */
static void
NoValues(const char *col)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_EXCEPTION),
			 errmsg("feature column \"%s\" is NULL in every training row", col),
			 errhint("Leave it out of the features, or impute a constant.")));
}

/*
 * Numeric and boolean inputs.  Scaling statistics are those of the column
 * after imputation (as an imputer followed by a scaler computes them).
 */
static void
FitNumeric(LearnInput *in, const PrepSpec *s, const StatCols *sc, double total)
{
	double		cnt = StatF8(sc->first),
				mean = StatF8(sc->first + 1),
				sd = StatF8(sc->first + 2),
				mn = StatF8(sc->first + 3),
				mx = StatF8(sc->first + 4);
	int			nq = 0;
	double	   *q = sc->quantiles ? StatF8Array(sc->quantiles, &nq) : NULL;
	double		v = 0,
				n_null = total - cnt;
	int			qoff = (s->impute == LEARN_IMPUTE_MEDIAN || s->scale == LEARN_SCALE_ROBUST) ? 3 : 0;

	if (cnt == 0 && s->impute != LEARN_IMPUTE_CONSTANT)
		NoValues(in->name);
	switch (s->impute)
	{
		case LEARN_IMPUTE_MEAN:
			v = mean;
			break;
		case LEARN_IMPUTE_MEDIAN:
			v = q[1];
			break;
		case LEARN_IMPUTE_MOST_FREQUENT:
			v = StatF8(sc->mode);
			break;
		case LEARN_IMPUTE_CONSTANT:
			v = s->value_num;
			break;
	}
	in->impute_value = v;
	if (s->impute != LEARN_IMPUTE_NONE && n_null > 0)
	{
		/* moments of the imputed column: n_null more values equal to v */
		double		m2 = cnt * (sd * sd) + (cnt > 0 ? cnt * (mean - v) * (mean - v) * n_null / total : 0);
		double		newmean = (cnt > 0) ? (cnt * mean + n_null * v) / total : v;

		sd = sqrt(m2 / total);
		mean = newmean;
		mn = (cnt > 0) ? Min(mn, v) : v;
		mx = (cnt > 0) ? Max(mx, v) : v;
	}
	in->center = 0;
	in->divisor = 1;
	if (s->scale == LEARN_SCALE_STANDARD)
	{
		in->center = mean;
		in->divisor = (sd > 0) ? sd : 1.0;
	}
	else if (s->scale == LEARN_SCALE_MINMAX)
	{
		in->center = mn;
		in->divisor = (mx > mn) ? mx - mn : 1.0;
	}
	else if (s->scale == LEARN_SCALE_ROBUST)
	{
		/* with imputed NULLs, RobustQuartiles() recomputes these afterwards */
		in->center = (q != NULL) ? q[1] : v;
		in->divisor = (q != NULL && q[2] > q[0]) ? q[2] - q[0] : 1.0;
	}
	in->drop_first = s->drop == 1;
	if (s->n_bounds > 0)
	{
		in->n_bounds = s->n_bounds;
		in->bounds = s->bounds;
	}
	else if (s->quantile_buckets > 0)
	{
		in->bounds = palloc(sizeof(double) * s->quantile_buckets);
		for (int b = qoff; b < nq; b++)
			if (in->n_bounds == 0 || q[b] > in->bounds[in->n_bounds - 1])
				in->bounds[in->n_bounds++] = q[b];
	}
}

/*
 * Robust scaling of a column with imputed NULLs: the quartiles of the
 * imputed column (a second query, once the imputation value is known).
 */
static void
RobustQuartiles(LearnInput *in, const PrepSpec *s, Oid type, const char *source, const char *where)
{
	char	   *e = ValueExpr(in->name, s, type);
	/* the value as a quoted literal: a non-finite one would print as a bare word (inf, nan) */
	char	   *sql = psprintf("SELECT percentile_cont(ARRAY[0.25, 0.5, 0.75]::float8[]) WITHIN GROUP "
							   "(ORDER BY coalesce(%s, '%.17g'::float8)) FROM %s AS s WHERE true%s",
							   e, in->impute_value, source, where);
	int			nq;
	double	   *q;

	if (SPI_execute(sql, true, 0) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "quartile query failed");
	q = StatF8Array(1, &nq);
	in->center = q[1];
	in->divisor = (q[2] > q[0]) ? q[2] - q[0] : 1.0;
}

/* Time inputs: the parts, imputed by their training means. */
static void
FitTime(LearnInput *in, const PrepSpec *s, const StatCols *sc)
{
	if (StatF8(sc->first) == 0 && s->impute != LEARN_IMPUTE_NONE)
		NoValues(in->name);
	in->parts = s->parts;
	for (int p = 0; p < LEARN_N_PARTS; p++)
		in->part_impute[p] = StatF8(sc->first + 1 + p);
}

/* Array inputs: one fixed length. */
static void
FitArray(LearnInput *in, const StatCols *sc)
{
	double		cnt = StatF8(sc->first),
				lo = StatF8(sc->first + 1),
				hi = StatF8(sc->first + 2),
				nd = StatF8(sc->first + 3);

	if (cnt == 0 || isnan(lo))
		NoValues(in->name);
	/* its own message: a 2-D array used to be reported as "lengths from 1 to 1" */
	if (nd > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("array column \"%s\" has %.0f dimensions; feature arrays must be one-dimensional",
						in->name, nd)));
	if (lo != hi)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("array column \"%s\" has lengths from %.0f to %.0f; every row needs the same length",
						in->name, lo, hi)));
	if (hi > LEARN_MAX_ARRAY_LEN)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("array column \"%s\" has %.0f elements; the limit is %d", in->name, hi,
						LEARN_MAX_ARRAY_LEN)));
	in->array_len = (uint32) hi;
}

/* qsort comparator: categories in byte order. */
static int
CompareCategory(const void *a, const void *b)
{
	const char *const *x = a;
	const char *const *y = b;

	return strcmp(*x, *y);
}

/* Category inputs: the most frequent values, with an "other" bucket when some are left out. */
static void
FitCategory(LearnInput *in, const PrepSpec *s, const char *source, const char *where)
{
	char	   *sql = psprintf("SELECT v, n FROM (SELECT (s.%1$s)::text AS v, count(*) AS n FROM %2$s AS s "
							   "WHERE s.%1$s IS NOT NULL%3$s GROUP BY 1) q "
							   "ORDER BY n DESC, v COLLATE \"C\" LIMIT %4$d",
							   quote_identifier(in->name), source, where, s->max_categories + 1);
	char	  **kept;
	int			n = 0;

	if (SPI_execute(sql, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "category query failed");
	if (SPI_processed == 0 && s->impute != LEARN_IMPUTE_CONSTANT)
		NoValues(in->name);
	kept = palloc(sizeof(char *) * (SPI_processed + 1));
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		bool		isnull;
		char	   *v = TextDatumGetCString(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &isnull));
		int64		cnt = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 2, &isnull));

		if (r == 0 && s->impute == LEARN_IMPUTE_MOST_FREQUENT)
			in->impute_category = pstrdup(v);
		if ((int) r < s->max_categories && cnt >= s->min_frequency)
			kept[n++] = pstrdup(v);
		else
			in->other = true;
	}
	if (s->impute == LEARN_IMPUTE_CONSTANT)
		in->impute_category = pstrdup(s->value_str);
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("feature column \"%s\" has no category with at least %d rows", in->name,
						s->min_frequency)));
	qsort(kept, n, sizeof(char *), CompareCategory);
	in->n_categories = n;
	in->categories = kept;
	in->category_len = palloc(sizeof(uint32) * n);
	for (int c = 0; c < n; c++)
		in->category_len[c] = strlen(kept[c]);
	in->drop_first = s->drop == 1;
}

/* The parsed preparation options of each column, before any statistics. */
struct LearnPipelinePlan
{
	int			n;
	char	  **columns;
	Oid		   *types;
	PrepSpec   *specs;
};

/* Parse and check the preparation options of columns (with their SQL types). */
LearnPipelinePlan *
LearnPipelinePlanMake(char **columns, Oid *types, int n_columns, Jsonb *options)
{
	LearnPipelinePlan *plan = palloc0(sizeof(LearnPipelinePlan));
	PrepSpec	top = {.impute = -1, .scale = -1, .indicator = -1, .drop = -1};

	if (options)
		ParsePrep(&options->root, &top, NULL);
	CheckColumnKeys(options, columns, n_columns);
	plan->n = n_columns;
	plan->columns = columns;
	plan->types = types;
	plan->specs = palloc0(sizeof(PrepSpec) * n_columns);
	for (int i = 0; i < n_columns; i++)
		plan->specs[i] = ColumnSpec(&top, options, columns[i], types[i]);
	return plan;
}

/* The fitted-statistics-free part of input i. */
static void
InputBase(LearnInput *in, const LearnPipelinePlan *plan, int i)
{
	const PrepSpec *s = &plan->specs[i];

	in->name = pstrdup(plan->columns[i]);
	in->type_name = format_type_be(plan->types[i]);
	in->kind = s->kind;
	in->impute = s->impute;
	in->scale = s->scale;
	in->indicator = s->indicator == 1;
	in->divisor = 1.0;
	if (s->kind == LEARN_INPUT_TIME)
		in->parts = s->parts;
}

/*
 * Can the statistics wait until after the fit?  True when, for rows without
 * NULLs, the transform does not depend on any fitted statistic (no scaling,
 * buckets, categories or arrays, no indicators) and every imputation value
 * can be read from the fitted model's feature means.  learn.train then fits
 * once with imputation off and keeps the result if no training row had a
 * NULL input: one scan instead of two.
 */
bool
LearnPipelinePlanDeferrable(const LearnPipelinePlan *plan)
{
	for (int i = 0; i < plan->n; i++)
	{
		const PrepSpec *s = &plan->specs[i];

		if (s->indicator == 1 || s->scale != LEARN_SCALE_NONE || s->n_bounds || s->quantile_buckets)
			return false;
		switch (s->kind)
		{
			case LEARN_INPUT_NUMERIC:
				if (s->impute != LEARN_IMPUTE_NONE && s->impute != LEARN_IMPUTE_MEAN &&
					s->impute != LEARN_IMPUTE_CONSTANT)
					return false;
				break;
			case LEARN_INPUT_BOOLEAN:
				if (s->impute == LEARN_IMPUTE_MEDIAN)
					return false;
				break;
			case LEARN_INPUT_TIME:
				break;			/* none or mean */
			default:
				return false;	/* categories and arrays need their statistics first */
		}
	}
	return true;
}

/* The pipeline of a deferrable plan with imputation off (for the optimistic fit). */
LearnPipeline *
LearnPipelineDeferred(const LearnPipelinePlan *plan)
{
	LearnPipeline *pl = palloc0(sizeof(LearnPipeline));

	pl->n_inputs = plan->n;
	pl->inputs = palloc0(sizeof(LearnInput) * plan->n);
	for (int i = 0; i < plan->n; i++)
	{
		InputBase(&pl->inputs[i], plan, i);
		pl->inputs[i].impute = LEARN_IMPUTE_NONE;
	}
	LearnPipelineFinish(pl);
	return pl;
}

/*
 * Complete a deferred pipeline from the fitted model's feature means: the
 * training rows had no NULL input, so the prepared features are the raw
 * values and their means are the imputation values (a boolean's most
 * frequent value is 1 when its mean exceeds 0.5; ties go to false, as
 * mode() orders them).
 */
void
LearnPipelineCompleteDeferred(LearnPipeline *pl, const LearnPipelinePlan *plan, const double *mean)
{
	for (int i = 0; i < plan->n; i++)
	{
		LearnInput *in = &pl->inputs[i];
		const PrepSpec *s = &plan->specs[i];
		double		m = mean[in->first_output];

		in->impute = s->impute;
		if (s->impute == LEARN_IMPUTE_CONSTANT)
			in->impute_value = s->value_num;
		else if (s->kind == LEARN_INPUT_BOOLEAN && s->impute == LEARN_IMPUTE_MOST_FREQUENT)
			in->impute_value = (m > 0.5) ? 1.0 : 0.0;
		else if (s->kind == LEARN_INPUT_TIME)
		{
			uint32		k = 0;

			for (int p = 0; p < LEARN_N_PARTS; p++)
				if (in->parts & (1u << p))
					in->part_impute[p] = mean[in->first_output + k++];
		}
		else
			in->impute_value = m;
	}
}

/*
 * Fit the preparation on the rows of source whose target is not NULL (every
 * row when target is NULL), with SQL aggregates.  Runs inside the caller's
 * SPI connection.
 */
LearnPipeline *
LearnPipelineFitPlan(const LearnPipelinePlan *plan, const char *source_sql, const char *target)
{
	LearnPipeline *pl = palloc0(sizeof(LearnPipeline));
	int			n_columns = plan->n;
	const PrepSpec *specs = plan->specs;
	StatCols   *sc = palloc0(sizeof(StatCols) * n_columns);
	bool	   *has_null = palloc0(sizeof(bool) * n_columns);
	StringInfoData sql;
	int			ncol = 1;
	char	   *where = target ? psprintf(" AND s.%s IS NOT NULL", quote_identifier(target)) : "";
	double		total;

	pl->n_inputs = n_columns;
	pl->inputs = palloc0(sizeof(LearnInput) * n_columns);
	initStringInfo(&sql);
	appendStringInfoString(&sql, "SELECT count(*)");
	for (int i = 0; i < n_columns; i++)
		AppendStats(&sql, &ncol, plan->columns[i], &specs[i], plan->types[i], &sc[i]);
	appendStringInfo(&sql, " FROM %s AS s%s%s", source_sql, target ? " WHERE " : "",
					 target ? where + 5 : "");
	if (SPI_execute(sql.data, true, 0) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "preparation statistics query failed");
	total = StatF8(1);
	if (total == 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("no training rows: the source is empty or every row has a NULL target")));

	for (int i = 0; i < n_columns; i++)
	{
		LearnInput *in = &pl->inputs[i];
		const PrepSpec *s = &specs[i];

		has_null[i] = (sc[i].first > 0 && s->kind != LEARN_INPUT_CATEGORY && StatF8(sc[i].first) < total);
		InputBase(in, plan, i);
		switch (s->kind)
		{
			case LEARN_INPUT_NUMERIC:
			case LEARN_INPUT_BOOLEAN:
				FitNumeric(in, s, &sc[i], total);
				break;
			case LEARN_INPUT_TIME:
				FitTime(in, s, &sc[i]);
				break;
			case LEARN_INPUT_ARRAY:
				FitArray(in, &sc[i]);
				break;
		}
	}
	/* further queries replace SPI_tuptable, so they come last */
	for (int i = 0; i < n_columns; i++)
	{
		if (specs[i].kind == LEARN_INPUT_CATEGORY)
			FitCategory(&pl->inputs[i], &specs[i], source_sql, where);
		if (specs[i].scale == LEARN_SCALE_ROBUST && specs[i].impute != LEARN_IMPUTE_NONE && has_null[i])
			RobustQuartiles(&pl->inputs[i], &specs[i], plan->types[i], source_sql, where);
	}
	LearnPipelineFinish(pl);
	return pl;
}
