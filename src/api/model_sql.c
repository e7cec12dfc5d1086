/*
 * model_sql.c: SQL functions that inspect a model: learn.describe,
 * learn.coefficients, learn.features, and the algorithm list.
 */
#include "postgres.h"

#include <math.h>

#include "api/predict.h"
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
