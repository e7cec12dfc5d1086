/*
 * predict.c: scoring.  The model argument (bytes, or a name resolved to the
 * deployed version) is decoded once and cached on fn_extra for the rest of
 * the query at this call site.  When the planner says the argument cannot
 * change during the query (a constant or external parameter) the cache is
 * used without looking at the argument again; otherwise the argument is
 * compared with the cached key on every call, so a column of models still
 * scores each row with its own model.
 */
#include "postgres.h"

#include <math.h>

#include "access/xact.h"
#include "api/catalog.h"
#include "storage/proc.h"
#include "access/htup_details.h"
#include "api/predict.h"
#include "api/prepare.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/typcache.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

/* How the columns of one row type feed a model's pipeline. */
typedef struct RowBinding
{
	Oid			type;
	int32		typmod;
	TupleDesc	tupdesc;
	int		   *attno;			/* per input: attribute index */
	LearnColumnReader *readers;
	Datum	   *values;
	bool	   *nulls;
	LearnRaw   *raw;
	double	   *x;
} RowBinding;

typedef struct ModelCache
{
	MemoryContext cxt;			/* holds key, decoded model and binding */
	bool		valid;
	bool		key_stable;
	bool		by_name;
	char	   *key;
	Size		key_len;
	LearnCachedModel cm;
	LearnPipeline *pipeline;	/* the model's, or one passing features through by name */
	RowBinding *binding;
	struct varlena *last_ptr;	/* the argument datum last seen */
	char	   *toasted;		/* its on-disk TOAST pointer or compressed form, if any */
	Size		toasted_len;
	Size		toasted_cap;	/* size of toasted_buf, allocated in cxt */
	char	   *toasted_buf;
	double	   *scores;			/* class probabilities or decision scores of one row */
	LocalTransactionId lxid;	/* when a name was looked up */
	CommandId	cid;
} ModelCache;

/* Does the cached key equal these bytes? */
static bool
CacheHit(ModelCache *c, const char *key, Size len)
{
	return c->valid && c->key_len == len && memcmp(c->key, key, len) == 0;
}

/* Decode the model for key (bytes, or a name to fetch) into the cache. */
static void
CacheFill(ModelCache *c, const char *key, Size len, bool by_name)
{
	MemoryContext old;

	c->valid = false;
	c->pipeline = NULL;
	c->binding = NULL;
	c->scores = NULL;
	c->toasted = c->toasted_buf = NULL;
	c->toasted_cap = 0;
	c->by_name = by_name;
	MemoryContextReset(c->cxt);
	old = MemoryContextSwitchTo(c->cxt);
	c->key = palloc(len + 1);
	memcpy(c->key, key, len);
	c->key[len] = '\0';
	c->key_len = len;
	if (by_name)
	{
		bytea	   *b = LearnCatalogFetch(c->key, 0, NULL, LEARN_ACCESS_SCORE);

		c->cm.algo = LearnModelLoad((const uint8 *) VARDATA(b), VARSIZE(b) - VARHDRSZ,
									&c->cm.model);
	}
	else
		c->cm.algo = LearnModelLoad((const uint8 *) c->key, len, &c->cm.model);
	MemoryContextSwitchTo(old);
	c->valid = true;
}

/*
 * A model read from a table column arrives as an on-disk TOAST pointer (or
 * compressed inline) on every row: detoasting and comparing it per row made
 * scoring 8-10x slower.  Such a datum names its bytes: a TOAST pointer by
 * (toast relation, value OID, sizes), which stay bound to the same bytes
 * while the value exists, and compressed bytes decompress to the same
 * bytes.  So the same datum bytes as the cached model's mean the same model.
 * (Expanded and indirect datums hold memory addresses, not contents; they
 * take the comparing path.)
 */
static bool
ToastedHit(ModelCache *c, struct varlena *raw)
{
	if (c->toasted == NULL || !(VARATT_IS_EXTERNAL_ONDISK(raw) || VARATT_IS_COMPRESSED(raw)))
		return false;
	return VARSIZE_ANY(raw) == c->toasted_len && memcmp(raw, c->toasted, c->toasted_len) == 0;
}

/* Keep the cached model's on-disk TOAST pointer or compressed form, for ToastedHit. */
static void
RememberToasted(ModelCache *c, struct varlena *raw)
{
	Size		len;

	c->toasted_len = 0;
	if (!(VARATT_IS_EXTERNAL_ONDISK(raw) || VARATT_IS_COMPRESSED(raw)))
	{
		c->toasted = NULL;		/* the buffer stays allocated for reuse */
		return;
	}
	len = VARSIZE_ANY(raw);
	if (len > c->toasted_cap)
	{
		if (c->toasted_buf)
			pfree(c->toasted_buf);
		c->toasted_buf = MemoryContextAlloc(c->cxt, len);
		c->toasted_cap = len;
	}
	c->toasted = c->toasted_buf;
	c->toasted_len = len;
	memcpy(c->toasted, raw, len);
}

/*
 * The decoded model for argument argno (bytea, or text naming a deployed
 * model when by_name), from the call site's cache when possible.
 *
 * The cache cannot trust the planner's "stable argument" alone: PL/pgSQL
 * keeps an expression's state across calls within a transaction, with a
 * different parameter value each time.  So a hit needs the same bytes: for
 * a stable, untoasted argument the same pointer, length and stored CRC-32C
 * (the model's last four bytes) are accepted without comparing the rest;
 * otherwise the bytes are compared.  A name is compared every time, and a
 * name's lookup is redone after the transaction's command counter moves (a
 * deploy in the same transaction) or in another transaction.
 */
LearnCachedModel *
LearnModelArg(FunctionCallInfo fcinfo, int argno, bool by_name)
{
	ModelCache *c = (ModelCache *) fcinfo->flinfo->fn_extra;
	struct varlena *raw = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(argno));
	struct varlena *v;

	if (c == NULL)
	{
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(ModelCache));
		c->cxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "pg_learn model cache",
									   ALLOCSET_SMALL_SIZES);
		c->key_stable = get_fn_expr_arg_stable(fcinfo->flinfo, argno);
		fcinfo->flinfo->fn_extra = c;
	}
	if (c->valid && !by_name && c->key_stable && raw == c->last_ptr && !VARATT_IS_EXTENDED(raw) &&
		VARSIZE(raw) - VARHDRSZ == c->key_len && c->key_len >= 4 &&
		memcmp((char *) raw + VARSIZE(raw) - 4, c->key + c->key_len - 4, 4) == 0)
		return &c->cm;
	if (c->valid && !by_name && ToastedHit(c, raw))
		return &c->cm;
	if (c->valid && by_name && (c->lxid != MyProc->lxid || c->cid != GetCurrentCommandId(false)))
		c->valid = false;
	v = PG_GETARG_VARLENA_PP(argno);
	if (!CacheHit(c, VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v)))
	{
		CacheFill(c, VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), by_name);
		c->lxid = MyProc->lxid;
		c->cid = GetCurrentCommandId(false);
	}
	c->last_ptr = raw;
	if (!by_name)
		RememberToasted(c, raw);
	return &c->cm;
}

/*
 * The feature array argument as doubles, checked against the model; sets
 * has_null (and returns NULL) when an element is NULL.
 */
const double *
LearnFeatureArg(FunctionCallInfo fcinfo, int argno, const LearnCachedModel *cm, bool *has_null)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(argno);
	int			n;

	*has_null = false;
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("features must be a one-dimensional float8 array, got %d dimensions",
						ARR_NDIM(arr))));
	n = (ARR_NDIM(arr) == 0) ? 0 : ARR_DIMS(arr)[0];
	if ((uint32) n != cm->model.n_features)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("model expects %u features, got %d", cm->model.n_features, n),
				 errhint("learn.features(model) lists the features in order.")));
	if (ARR_HASNULL(arr) && array_contains_nulls(arr))
	{
		*has_null = true;
		return NULL;
	}
	return (const double *) ARR_DATA_PTR(arr);
}

/* ---- scoring rows: columns bound to the model's inputs by name ---- */

/*
 * Bind named, typed columns to the model's inputs: attno[i] is the index
 * of input i's column.  A missing, duplicated or incompatible column is an
 * error naming it.  Extra columns are ignored.
 */
static RowBinding *
BindColumns(ModelCache *c, int ncols, char **names, const Oid *types)
{
	MemoryContext old = MemoryContextSwitchTo(c->cxt);
	const LearnModel *m = &c->cm.model;
	const char *model_name = c->by_name ? c->key : NULL;
	RowBinding *b = palloc0(sizeof(RowBinding));
	LearnPipeline *pl;

	if (c->pipeline == NULL)
		c->pipeline = m->pipeline ? m->pipeline : LearnIdentityPipeline(m->feature_names, m->n_features);
	pl = c->pipeline;
	b->attno = palloc(sizeof(int) * pl->n_inputs);
	b->readers = palloc(sizeof(LearnColumnReader) * pl->n_inputs);
	b->raw = palloc(sizeof(LearnRaw) * pl->n_inputs);
	b->values = palloc(sizeof(Datum) * Max(ncols, 1));
	b->nulls = palloc(sizeof(bool) * Max(ncols, 1));
	b->x = palloc(sizeof(double) * Max(pl->n_outputs, 1));
	for (uint32 i = 0; i < pl->n_inputs; i++)
	{
		const LearnInput *in = &pl->inputs[i];
		int			found = -1;

		for (int a = 0; a < ncols; a++)
			if (names[a] && strcmp(names[a], in->name) == 0)
			{
				if (found >= 0)
					ereport(ERROR,
							(errcode(ERRCODE_AMBIGUOUS_COLUMN),
							 errmsg("column \"%s\" needed by the model appears more than once in the row",
									in->name),
							 errhint("Give the columns distinct names, e.g. with AS in a subquery.")));
				found = a;
			}
		if (found < 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("column \"%s\" needed by %s%s%s is missing from the row", in->name,
							model_name ? "model \"" : "the model", model_name ? model_name : "",
							model_name ? "\"" : ""),
					 errhint("The model reads the columns %s.", LearnInputList(pl))));
		b->attno[i] = found;
		LearnColumnReaderInit(&b->readers[i], in, types[found], model_name, c->cxt);
	}
	MemoryContextSwitchTo(old);
	return b;
}

/* Bind the columns of a row type to the model's inputs (once per row type). */
static RowBinding *
BindRow(ModelCache *c, Oid type, int32 typmod)
{
	TupleDesc	td = lookup_rowtype_tupdesc(type, typmod);
	int			n = td->natts;
	char	  **names = palloc(sizeof(char *) * Max(n, 1));
	Oid		   *types = palloc(sizeof(Oid) * Max(n, 1));
	RowBinding *b;
	MemoryContext old;

	for (int a = 0; a < n; a++)
	{
		Form_pg_attribute att = TupleDescAttr(td, a);

		names[a] = att->attisdropped ? NULL : pstrdup(NameStr(att->attname));
		types[a] = att->atttypid;
	}
	b = BindColumns(c, n, names, types);
	old = MemoryContextSwitchTo(c->cxt);
	b->tupdesc = CreateTupleDescCopy(td);
	MemoryContextSwitchTo(old);
	ReleaseTupleDesc(td);
	b->type = type;
	b->typmod = typmod;
	return b;
}

/* Read the bound inputs and transform them; NULL if the row is unusable. */
static const double *
TransformBound(ModelCache *c, RowBinding *b)
{
	const LearnPipeline *pl = c->pipeline;

	for (uint32 i = 0; i < pl->n_inputs; i++)
		LearnColumnRead(&b->readers[i], b->values[b->attno[i]], b->nulls[b->attno[i]], &b->raw[i]);
	return LearnPipelineTransform(pl, b->raw, b->x, NULL) ? b->x : NULL;
}

/*
 * The prepared features of the columns passed as arguments first_col.. of a
 * *_columns function, named by the text[] in argument names_arg (the planner
 * support function below writes these calls); NULL if the row is unusable.
 */
static const double *
PrepareColumnsArgs(FunctionCallInfo fcinfo, ModelCache *c, int names_arg, int first_col)
{
	RowBinding *b = c->binding;
	int			ncols = PG_NARGS() - first_col;

	if (b == NULL || b->type != InvalidOid || b->typmod != -2)
	{
		ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(names_arg);
		Datum	   *elems;
		bool	   *nulls;
		int			n;
		char	  **names;
		Oid		   *types;

		/* bound once per call site: names that vary by row would be ignored */
		if (!get_fn_expr_arg_stable(fcinfo->flinfo, names_arg))
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("the column names of a *_columns scoring function must be a constant")));
		deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
		if (n != ncols)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("%d column names for %d columns", n, ncols)));
		names = palloc(sizeof(char *) * Max(n, 1));
		types = palloc(sizeof(Oid) * Max(n, 1));
		for (int a = 0; a < n; a++)
		{
			names[a] = nulls[a] ? NULL : TextDatumGetCString(elems[a]);
			types[a] = get_fn_expr_argtype(fcinfo->flinfo, first_col + a);
		}
		b = c->binding = BindColumns(c, n, names, types);
		b->type = InvalidOid;
		b->typmod = -2;			/* marks a columns binding */
	}
	for (uint32 i = 0; i < c->pipeline->n_inputs; i++)
	{
		int			a = b->attno[i];

		b->nulls[a] = PG_ARGISNULL(first_col + a);
		b->values[a] = b->nulls[a] ? (Datum) 0 : PG_GETARG_DATUM(first_col + a);
	}
	return TransformBound(c, b);
}

/* The prepared features of the row in argument argno, or NULL if unusable. */
static const double *
PrepareRowArg(FunctionCallInfo fcinfo, ModelCache *c, int argno)
{
	HeapTupleHeader rec = PG_GETARG_HEAPTUPLEHEADER(argno);
	Oid			type = HeapTupleHeaderGetTypeId(rec);
	int32		typmod = HeapTupleHeaderGetTypMod(rec);
	HeapTupleData tuple;
	RowBinding *b = c->binding;

	if (b == NULL || b->type != type || b->typmod != typmod)
		b = c->binding = BindRow(c, type, typmod);
	tuple.t_len = HeapTupleHeaderGetDatumLength(rec);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = rec;
	heap_deform_tuple(&tuple, b->tupdesc, b->values, b->nulls);
	return TransformBound(c, b);
}

/* The model of argument 0 with its cache. */
static ModelCache *
CachedModel(FunctionCallInfo fcinfo, bool by_name)
{
	LearnModelArg(fcinfo, 0, by_name);
	return (ModelCache *) fcinfo->flinfo->fn_extra;
}

typedef enum ScoreOutput
{
	OUT_VALUE,					/* learn.predict */
	OUT_LABEL,					/* learn.predict_label */
	OUT_PROBA,					/* learn.predict_proba */
	OUT_DECISION,				/* learn.decision_function */
	OUT_TRANSFORM,				/* learn.transform */
	OUT_PREPARE					/* learn.prepare */
} ScoreOutput;

static const char *const output_names[] = {
	"learn.predict", "learn.predict_label", "learn.predict_proba", "learn.decision_function",
	"learn.transform", "learn.prepare"
};

/* The error for a scoring function that does not apply to this model. */
static void
NotForModel(const LearnAlgorithm *algo, ScoreOutput what, const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_WRONG_OBJECT_TYPE),
			 errmsg("%s does not apply to %s models (%s)", output_names[what], algo->name,
					LearnTaskName(algo->task)),
			 errhint("%s", hint)));
}

/* A float8[] datum of n values. */
static Datum
Float8Array(const double *v, uint32 n)
{
	Datum	   *d = palloc(sizeof(Datum) * Max(n, 1));

	for (uint32 i = 0; i < n; i++)
		d[i] = Float8GetDatum(v[i]);
	return PointerGetDatum(construct_array(d, (int) n, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL,
										   TYPALIGN_DOUBLE));
}

/* Index of the most probable class (the first on ties). */
static int
ArgMax(const double *v, uint32 n)
{
	uint32		best = 0;

	for (uint32 i = 0; i < n; i++)
	{
		if (isnan(v[i]))
			return -1;			/* no class wins: the caller answers NaN or NULL */
		if (v[i] > v[best])
			best = i;
	}
	return best;
}

/*
 * The one scoring routine behind every learn.predict* and learn.transform
 * variant: the model by bytes or by name (argument 0), the features as a
 * float8[] in training order or as a row bound by column name (argument 1).
 */
typedef enum ScoreInput
{
	IN_ARRAY,					/* float8[] in training order */
	IN_ROW,						/* a row value, bound by column name */
	IN_COLUMNS					/* (names text[], VARIADIC columns): see learn_score_support */
} ScoreInput;

static Datum
Score(FunctionCallInfo fcinfo, bool by_name, ScoreInput input, ScoreOutput what)
{
	ModelCache *c;
	const LearnAlgorithm *algo;
	const LearnModel *m;
	const void *params;
	const double *x;
	double	   *buf;
	bool		has_null = false;

	/*
	 * The *_columns variants cannot be STRICT (their columns may be NULL);
	 * a NULL model or column list gives NULL, as the STRICT forms do.
	 */
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	c = CachedModel(fcinfo, by_name);
	algo = c->cm.algo;
	m = &c->cm.model;
	params = m->decoded;

	if (input == IN_ROW)
		x = PrepareRowArg(fcinfo, c, 1);
	else if (input == IN_COLUMNS)
		x = PrepareColumnsArgs(fcinfo, c, 1, 2);
	else
		x = LearnFeatureArg(fcinfo, 1, &c->cm, &has_null);
	if (x == NULL)
		PG_RETURN_NULL();
	if (c->scores == NULL)
		c->scores = MemoryContextAlloc(c->cxt, sizeof(double) * Max(Max(m->n_classes, 1),
																  Max(algo->n_decision ? algo->n_decision(params) : 1, 1)));
	buf = c->scores;

	switch (what)
	{
		case OUT_VALUE:
			if (algo->task == LEARN_TASK_CLASSIFICATION)
			{
				int			best;

				if (m->label_kind == LEARN_LABEL_TEXT)
					NotForModel(algo, what, "The labels are text: use learn.predict_label.");
				algo->proba(params, x, buf);
				best = ArgMax(buf, m->n_classes);
				if (best < 0)
					PG_RETURN_FLOAT8(NAN);
				if (m->label_kind == LEARN_LABEL_BOOLEAN)
					PG_RETURN_FLOAT8(strcmp(m->class_names[best], "true") == 0 ? 1.0 : 0.0);
				PG_RETURN_FLOAT8(strtod(m->class_names[best], NULL));
			}
			if (algo->predict == NULL)
				NotForModel(algo, what, algo->task == LEARN_TASK_TRANSFORM ? "Use learn.transform."
							: "Use learn.predict_label or learn.predict_proba.");
			PG_RETURN_FLOAT8(algo->predict(params, x));
		case OUT_LABEL:
			if (algo->task == LEARN_TASK_CLASSIFICATION)
			{
				int			best;

				algo->proba(params, x, buf);
				best = ArgMax(buf, m->n_classes);
				if (best < 0)
					PG_RETURN_NULL();	/* a NaN score (a NaN or infinite feature) */
				PG_RETURN_TEXT_P(cstring_to_text(m->class_names[best]));
			}
			if (algo->task == LEARN_TASK_CLUSTERING)
			{
				double		cluster = algo->predict(params, x);

				/* no nearest cluster (a NaN or infinite feature): no label, not "nan" */
				if (isnan(cluster))
					PG_RETURN_NULL();
				PG_RETURN_TEXT_P(cstring_to_text(psprintf("%.0f", cluster)));
			}
			NotForModel(algo, what, algo->task == LEARN_TASK_TRANSFORM ? "Use learn.transform."
						: "Use learn.predict.");
			break;
		case OUT_PROBA:
			if (algo->proba == NULL)
				NotForModel(algo, what, "Only classifiers give class probabilities.");
			algo->proba(params, x, buf);
			PG_RETURN_DATUM(Float8Array(buf, m->n_classes));
		case OUT_DECISION:
			if (algo->decision == NULL)
				NotForModel(algo, what, "Only classifiers give decision scores.");
			algo->decision(params, x, buf);
			PG_RETURN_DATUM(Float8Array(buf, algo->n_decision(params)));
		case OUT_TRANSFORM:
			{
				uint32		n;
				double	   *out;

				if (algo->transform == NULL)
					NotForModel(algo, what, "learn.prepare gives the prepared features of a row.");
				n = algo->n_transform(params);
				out = palloc(sizeof(double) * Max(n, 1));
				algo->transform(params, x, out);
				PG_RETURN_DATUM(Float8Array(out, n));
			}
		case OUT_PREPARE:
			PG_RETURN_DATUM(Float8Array(x, m->n_features));
	}
	PG_RETURN_NULL();
}

/* SQL entry points: four per scoring function (bytes or name x array or row). */
#define SCORE_FUNCTIONS(sqlname, what) \
PG_FUNCTION_INFO_V1(sqlname##_bytea); \
PG_FUNCTION_INFO_V1(sqlname##_name); \
PG_FUNCTION_INFO_V1(sqlname##_row_bytea); \
PG_FUNCTION_INFO_V1(sqlname##_row_name); \
PG_FUNCTION_INFO_V1(sqlname##_columns_bytea); \
PG_FUNCTION_INFO_V1(sqlname##_columns_name); \
Datum sqlname##_bytea(PG_FUNCTION_ARGS) { return Score(fcinfo, false, IN_ARRAY, what); } \
Datum sqlname##_name(PG_FUNCTION_ARGS) { return Score(fcinfo, true, IN_ARRAY, what); } \
Datum sqlname##_row_bytea(PG_FUNCTION_ARGS) { return Score(fcinfo, false, IN_ROW, what); } \
Datum sqlname##_row_name(PG_FUNCTION_ARGS) { return Score(fcinfo, true, IN_ROW, what); } \
Datum sqlname##_columns_bytea(PG_FUNCTION_ARGS) { return Score(fcinfo, false, IN_COLUMNS, what); } \
Datum sqlname##_columns_name(PG_FUNCTION_ARGS) { return Score(fcinfo, true, IN_COLUMNS, what); }

SCORE_FUNCTIONS(learn_predict, OUT_VALUE)
SCORE_FUNCTIONS(learn_predict_label, OUT_LABEL)
SCORE_FUNCTIONS(learn_predict_proba, OUT_PROBA)
SCORE_FUNCTIONS(learn_decision_function, OUT_DECISION)
SCORE_FUNCTIONS(learn_transform, OUT_TRANSFORM)
SCORE_FUNCTIONS(learn_prepare, OUT_PREPARE)

/* learn.classes(model): the class labels in the order of learn.predict_proba. */
static Datum
Classes(FunctionCallInfo fcinfo, bool by_name)
{
	ModelCache *c = CachedModel(fcinfo, by_name);
	const LearnModel *m = &c->cm.model;
	Datum	   *d;

	if (m->n_classes == 0)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("%s models have no classes", c->cm.algo->name)));
	d = palloc(sizeof(Datum) * m->n_classes);
	for (uint32 i = 0; i < m->n_classes; i++)
		d[i] = CStringGetTextDatum(m->class_names[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(d, (int) m->n_classes, TEXTOID, -1, false, TYPALIGN_INT));
}

PG_FUNCTION_INFO_V1(learn_classes_bytea);
PG_FUNCTION_INFO_V1(learn_classes_name);

Datum
learn_classes_bytea(PG_FUNCTION_ARGS)
{
	return Classes(fcinfo, false);
}

Datum
learn_classes_name(PG_FUNCTION_ARGS)
{
	return Classes(fcinfo, true);
}
