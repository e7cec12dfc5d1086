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
#include "api/predict.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

typedef struct ModelCache
{
	MemoryContext cxt;			/* holds key and decoded model */
	bool		valid;
	bool		key_stable;
	char	   *key;
	Size		key_len;
	LearnCachedModel cm;
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
