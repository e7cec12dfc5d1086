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

#include "api/catalog.h"
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
	c->by_name = by_name;
	MemoryContextReset(c->cxt);
	old = MemoryContextSwitchTo(c->cxt);
	c->key = palloc(len + 1);
	memcpy(c->key, key, len);
	c->key[len] = '\0';
	c->key_len = len;
	if (by_name)
	{
		bytea	   *b = LearnCatalogFetch(c->key, 0, NULL);

		c->cm.algo = LearnModelLoad((const uint8 *) VARDATA(b), VARSIZE(b) - VARHDRSZ,
									&c->cm.model);
	}
	else
		c->cm.algo = LearnModelLoad((const uint8 *) c->key, len, &c->cm.model);
	MemoryContextSwitchTo(old);
	c->valid = true;
}

/*
 * The decoded model for argument argno (bytea, or text naming a deployed
 * model when by_name), from the call site's cache when possible.
 */
LearnCachedModel *
LearnModelArg(FunctionCallInfo fcinfo, int argno, bool by_name)
{
	ModelCache *c = (ModelCache *) fcinfo->flinfo->fn_extra;
	struct varlena *v;

	if (c == NULL)
	{
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(ModelCache));
		c->cxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "pg_learn model cache",
									   ALLOCSET_SMALL_SIZES);
		c->key_stable = get_fn_expr_arg_stable(fcinfo->flinfo, argno);
		fcinfo->flinfo->fn_extra = c;
	}
	if (c->valid && c->key_stable)
		return &c->cm;
	v = PG_GETARG_VARLENA_PP(argno);
	if (!CacheHit(c, VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v)))
		CacheFill(c, VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), by_name);
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

/* Score one row; NULL when a feature is NULL. */
static Datum
PredictCommon(FunctionCallInfo fcinfo, bool by_name)
{
	LearnCachedModel *cm = LearnModelArg(fcinfo, 0, by_name);
	bool		has_null;
	const double *x;

	if (cm->algo->task != LEARN_TASK_REGRESSION)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("learn.predict returns float8 for regression models; this is a %s model (%s)",
						LearnTaskName(cm->algo->task), cm->algo->name)));
	x = LearnFeatureArg(fcinfo, 1, cm, &has_null);
	if (has_null)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(cm->algo->predict(cm->model.decoded, x));
}

PG_FUNCTION_INFO_V1(learn_predict_bytea);
PG_FUNCTION_INFO_V1(learn_predict_name);

/* learn.predict(model bytea, features float8[]) RETURNS float8 */
Datum
learn_predict_bytea(PG_FUNCTION_ARGS)
{
	return PredictCommon(fcinfo, false);
}

/* learn.predict(name text, features float8[]) RETURNS float8 */
Datum
learn_predict_name(PG_FUNCTION_ARGS)
{
	return PredictCommon(fcinfo, true);
}

/* ---- scoring rows: columns bound to the model's inputs by name ---- */

/* Bind the columns of a row type to the model's inputs (once per row type). */
static RowBinding *
BindRow(ModelCache *c, Oid type, int32 typmod)
{
	MemoryContext old = MemoryContextSwitchTo(c->cxt);
	const LearnModel *m = &c->cm.model;
	const char *model_name = c->by_name ? c->key : NULL;
	TupleDesc	td = lookup_rowtype_tupdesc(type, typmod);
	RowBinding *b = palloc0(sizeof(RowBinding));
	LearnPipeline *pl;

	if (c->pipeline == NULL)
		c->pipeline = m->pipeline ? m->pipeline : LearnIdentityPipeline(m->feature_names, m->n_features);
	pl = c->pipeline;
	b->type = type;
	b->typmod = typmod;
	b->tupdesc = CreateTupleDescCopy(td);
	ReleaseTupleDesc(td);
	b->attno = palloc(sizeof(int) * pl->n_inputs);
	b->readers = palloc(sizeof(LearnColumnReader) * pl->n_inputs);
	b->raw = palloc(sizeof(LearnRaw) * pl->n_inputs);
	b->values = palloc(sizeof(Datum) * Max(b->tupdesc->natts, 1));
	b->nulls = palloc(sizeof(bool) * Max(b->tupdesc->natts, 1));
	b->x = palloc(sizeof(double) * Max(pl->n_outputs, 1));
	for (uint32 i = 0; i < pl->n_inputs; i++)
	{
		const LearnInput *in = &pl->inputs[i];
		int			found = -1;

		for (int a = 0; a < b->tupdesc->natts; a++)
		{
			Form_pg_attribute att = TupleDescAttr(b->tupdesc, a);

			if (!att->attisdropped && strcmp(NameStr(att->attname), in->name) == 0)
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
		LearnColumnReaderInit(&b->readers[i], in, TupleDescAttr(b->tupdesc, found)->atttypid,
							  model_name, c->cxt);
	}
	MemoryContextSwitchTo(old);
	return b;
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
	const LearnPipeline *pl;

	if (b == NULL || b->type != type || b->typmod != typmod)
		b = c->binding = BindRow(c, type, typmod);
	pl = c->pipeline;
	tuple.t_len = HeapTupleHeaderGetDatumLength(rec);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = rec;
	heap_deform_tuple(&tuple, b->tupdesc, b->values, b->nulls);
	for (uint32 i = 0; i < pl->n_inputs; i++)
	{
		const LearnInput *in = &pl->inputs[i];
		LearnRaw   *r = &b->raw[i];

		LearnColumnRead(&b->readers[i], b->values[b->attno[i]], b->nulls[b->attno[i]], r);
		if (in->kind == LEARN_INPUT_ARRAY && !r->isnull && (uint32) r->arr_len != in->array_len)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("array column \"%s\" has %d elements, the model expects %u",
							in->name, r->arr_len, in->array_len)));
	}
	return LearnPipelineTransform(pl, b->raw, b->x, NULL) ? b->x : NULL;
}

/* The model of argument 0 with its cache (for the row functions). */
static ModelCache *
RowModel(FunctionCallInfo fcinfo, bool by_name)
{
	LearnModelArg(fcinfo, 0, by_name);
	return (ModelCache *) fcinfo->flinfo->fn_extra;
}

/* Score a row; NULL when it cannot be prepared. */
static Datum
PredictRow(FunctionCallInfo fcinfo, bool by_name)
{
	ModelCache *c = RowModel(fcinfo, by_name);
	const double *x;

	if (c->cm.algo->task != LEARN_TASK_REGRESSION)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("learn.predict returns float8 for regression models; this is a %s model (%s)",
						LearnTaskName(c->cm.algo->task), c->cm.algo->name)));
	x = PrepareRowArg(fcinfo, c, 1);
	if (x == NULL)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(c->cm.algo->predict(c->cm.model.decoded, x));
}

/* The prepared features of a row as float8[]; NULL when it cannot be prepared. */
static Datum
TransformRow(FunctionCallInfo fcinfo, bool by_name)
{
	ModelCache *c = RowModel(fcinfo, by_name);
	const double *x = PrepareRowArg(fcinfo, c, 1);
	uint32		n = c->pipeline->n_outputs;
	Datum	   *d;

	if (x == NULL)
		PG_RETURN_NULL();
	d = palloc(sizeof(Datum) * Max(n, 1));
	for (uint32 i = 0; i < n; i++)
		d[i] = Float8GetDatum(x[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(d, (int) n, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL,
										  TYPALIGN_DOUBLE));
}

PG_FUNCTION_INFO_V1(learn_predict_row_bytea);
PG_FUNCTION_INFO_V1(learn_predict_row_name);
PG_FUNCTION_INFO_V1(learn_transform_row_bytea);
PG_FUNCTION_INFO_V1(learn_transform_row_name);

/* learn.predict(model bytea, row record) RETURNS float8 */
Datum
learn_predict_row_bytea(PG_FUNCTION_ARGS)
{
	return PredictRow(fcinfo, false);
}

/* learn.predict(name text, row record) RETURNS float8 */
Datum
learn_predict_row_name(PG_FUNCTION_ARGS)
{
	return PredictRow(fcinfo, true);
}

/* learn.transform(model bytea, row record) RETURNS float8[] */
Datum
learn_transform_row_bytea(PG_FUNCTION_ARGS)
{
	return TransformRow(fcinfo, false);
}

/* learn.transform(name text, row record) RETURNS float8[] */
Datum
learn_transform_row_name(PG_FUNCTION_ARGS)
{
	return TransformRow(fcinfo, true);
}
