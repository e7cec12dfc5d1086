/*
 * model_sql.c: SQL functions that inspect a model: learn.describe,
 * learn.coefficients, learn.features, and the algorithm list.
 */
#include "postgres.h"

#include <math.h>

#include "api/predict.h"
#include "core/pipeline.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"

/* Parse JSON text into a jsonb datum. */
static Datum
JsonbFromText(StringInfo json)
{
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(json->data));
}

/* Append a JSON array of strings. */
static void
JsonStrings(StringInfo json, char **v, uint32 n)
{
	appendStringInfoChar(json, '[');
	for (uint32 i = 0; i < n; i++)
	{
		if (i)
			appendStringInfoString(json, ", ");
		escape_json(json, v[i]);
	}
	appendStringInfoChar(json, ']');
}

/* The pipeline, one object per input column. */
static void
DescribePipeline(StringInfo json, const LearnPipeline *pl)
{
	static const char *const impute[] = {"none", "mean", "median", "most_frequent", "constant", "missing"};
	static const char *const scale[] = {"none", "standard", "minmax", "robust"};
	char	  **names = LearnPipelineFeatureNames(pl);

	appendStringInfoChar(json, '[');
	for (uint32 i = 0; i < pl->n_inputs; i++)
	{
		const LearnInput *in = &pl->inputs[i];

		appendStringInfoString(json, i ? ", {" : "{");
		LearnJsonKey(json, "column", true);
		escape_json(json, in->name);
		LearnJsonKey(json, "type", false);
		escape_json(json, in->type_name);
		LearnJsonKey(json, "kind", false);
		escape_json(json, LearnInputKindName(in->kind));
		LearnJsonKey(json, "impute", false);
		escape_json(json, impute[in->impute]);
		if (in->kind == LEARN_INPUT_NUMERIC || in->kind == LEARN_INPUT_BOOLEAN)
		{
			LearnJsonKey(json, "impute_value", false);
			LearnJsonNumber(json, in->impute_value);
		}
		if (in->impute_category)
		{
			LearnJsonKey(json, "impute_value", false);
			escape_json(json, in->impute_category);
		}
		LearnJsonKey(json, "indicator", false);
		appendStringInfoString(json, in->indicator ? "true" : "false");
		if (in->kind == LEARN_INPUT_NUMERIC)
		{
			LearnJsonKey(json, "scale", false);
			escape_json(json, scale[in->scale]);
			LearnJsonKey(json, "center", false);
			LearnJsonNumber(json, in->center);
			LearnJsonKey(json, "divisor", false);
			LearnJsonNumber(json, in->divisor);
			if (in->n_bounds)
			{
				LearnJsonKey(json, "bucket_edges", false);
				appendStringInfoChar(json, '[');
				for (uint32 b = 0; b < in->n_bounds; b++)
				{
					if (b)
						appendStringInfoString(json, ", ");
					LearnJsonNumber(json, in->bounds[b]);
				}
				appendStringInfoChar(json, ']');
			}
		}
		if (in->kind == LEARN_INPUT_CATEGORY)
		{
			LearnJsonKey(json, "categories", false);
			JsonStrings(json, in->categories, in->n_categories);
			LearnJsonKey(json, "drop_first", false);
			appendStringInfoString(json, in->drop_first ? "true" : "false");
			LearnJsonKey(json, "other", false);
			appendStringInfoString(json, in->other ? "true" : "false");
		}
		if (in->kind == LEARN_INPUT_ARRAY)
		{
			LearnJsonKey(json, "array_length", false);
			appendStringInfo(json, "%u", in->array_len);
		}
		LearnJsonKey(json, "features", false);
		JsonStrings(json, names + in->first_output, in->n_outputs);
		appendStringInfoChar(json, '}');
	}
	appendStringInfoChar(json, ']');
}

/* The generic part of a description: algorithm, features, training statistics. */
static void
DescribeCommon(StringInfo json, const LearnCachedModel *cm)
{
	const LearnModel *m = &cm->model;

	LearnJsonKey(json, "algorithm", true);
	escape_json(json, cm->algo->name);
	LearnJsonKey(json, "task", false);
	escape_json(json, LearnTaskName(cm->algo->task));
	LearnJsonKey(json, "format_version", false);
	appendStringInfo(json, "%d", LEARN_MODEL_FORMAT);
	LearnJsonKey(json, "target", false);
	escape_json(json, m->target_name);
	LearnJsonKey(json, "features", false);
	appendStringInfoChar(json, '[');
	for (uint32 i = 0; i < m->n_features; i++)
	{
		if (i)
			appendStringInfoString(json, ", ");
		appendStringInfoChar(json, '{');
		LearnJsonKey(json, "name", true);
		escape_json(json, m->feature_names[i]);
		LearnJsonKey(json, "mean", false);
		LearnJsonNumber(json, m->feature_mean[i]);
		LearnJsonKey(json, "sd", false);
		LearnJsonNumber(json, m->feature_sd[i]);
		appendStringInfoChar(json, '}');
	}
	appendStringInfoChar(json, ']');
	LearnJsonKey(json, "rows_used", false);
	appendStringInfo(json, INT64_FORMAT, m->rows_used);
	LearnJsonKey(json, "rows_skipped", false);
	appendStringInfo(json, INT64_FORMAT, m->rows_skipped);
	LearnJsonKey(json, "data_fingerprint", false);
	appendStringInfo(json, "\"%016" INT64_MODIFIER "x\"", m->fingerprint);
	if (m->pipeline)
	{
		LearnJsonKey(json, "pipeline", false);
		DescribePipeline(json, m->pipeline);
	}
}

PG_FUNCTION_INFO_V1(learn_describe);

/* learn.describe(model bytea) RETURNS jsonb */
Datum
learn_describe(PG_FUNCTION_ARGS)
{
	LearnCachedModel *cm = LearnModelArg(fcinfo, 0, false);
	StringInfoData json;

	initStringInfo(&json);
	appendStringInfoChar(&json, '{');
	DescribeCommon(&json, cm);
	appendStringInfoString(&json, ", ");
	cm->algo->describe(&json, cm->model.decoded, &cm->model);
	appendStringInfoChar(&json, '}');
	PG_RETURN_DATUM(JsonbFromText(&json));
}

PG_FUNCTION_INFO_V1(learn_metrics);

/* learn.training_metrics(model bytea) RETURNS jsonb: what train stores in learn.models.metrics */
Datum
learn_metrics(PG_FUNCTION_ARGS)
{
	LearnCachedModel *cm = LearnModelArg(fcinfo, 0, false);
	StringInfoData json;

	initStringInfo(&json);
	appendStringInfoChar(&json, '{');
	cm->algo->metrics(&json, cm->model.decoded, &cm->model);
	appendStringInfoChar(&json, '}');
	PG_RETURN_DATUM(JsonbFromText(&json));
}

/* Put a float8 into a result column, NULL for NaN (not available). */
static void
SetFloat(Datum *values, bool *nulls, int i, double v)
{
	nulls[i] = isnan(v);
	values[i] = Float8GetDatum(v);
}

PG_FUNCTION_INFO_V1(learn_coefficients);

/*
 * learn.coefficients(model bytea) RETURNS TABLE (term text, estimate float8,
 * std_error float8, t_value float8, p_value float8)
 */
Datum
learn_coefficients(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	LearnCachedModel *cm = LearnModelArg(fcinfo, 0, false);
	LearnCoefficient *rows;
	int			n;

	if (cm->algo->coefficients == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("%s models have no coefficient table", cm->algo->name)));
	InitMaterializedSRF(fcinfo, 0);
	n = cm->algo->coefficients(cm->model.decoded, &cm->model, &rows);
	for (int i = 0; i < n; i++)
	{
		Datum		values[5];
		bool		nulls[5] = {false};

		values[0] = CStringGetTextDatum(rows[i].term);
		SetFloat(values, nulls, 1, rows[i].estimate);
		SetFloat(values, nulls, 2, rows[i].std_error);
		SetFloat(values, nulls, 3, rows[i].t_value);
		SetFloat(values, nulls, 4, rows[i].p_value);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(learn_features);

/* learn.features(model bytea) RETURNS text[]: feature names in order */
Datum
learn_features(PG_FUNCTION_ARGS)
{
	LearnCachedModel *cm = LearnModelArg(fcinfo, 0, false);
	uint32		n = cm->model.n_features;
	Datum	   *d = palloc(sizeof(Datum) * n);

	for (uint32 i = 0; i < n; i++)
		d[i] = CStringGetTextDatum(cm->model.feature_names[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(d, (int) n, TEXTOID, -1, false, TYPALIGN_INT));
}
