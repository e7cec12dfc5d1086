/*
 * evaluate.c: learn.evaluate(model, source), one row per metric of a model
 * on a table, view or SELECT query.
 *
 * The source is read through SPI with the caller's privileges, as
 * learn.train reads it (LearnSourceSql quotes a relation name or checks
 * that the text is one SELECT).  Each row is scored by the model with the
 * scoring functions bound by column name (learn.predict($1, s.*)), and the
 * metric aggregates of api/metrics.c run over the scored rows in one
 * statement, so evaluation is parallel where the source scan is.  The model
 * bytes are a parameter, never spliced into the SQL text; identifiers are
 * quoted with quote_identifier.  The row is passed as s.*, not s: a bare s
 * would name a source column called "s" instead of the row.
 */
#include "postgres.h"

#include "algorithms/algorithm.h"
#include "api/catalog.h"
#include "catalog/pg_type.h"
#include "core/metrics.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"

/* The metrics one evaluation query computes: its SQL and its result columns' names. */
typedef struct EvalQuery
{
	StringInfoData sql;
	const char *names[16];
	int			n;
} EvalQuery;

/* Add a metric column to the query's select list (name NULL: a count that must be 0, see RunMetrics). */
static void
AddMetric(EvalQuery *q, const char *name, const char *expr)
{
	Assert(q->n < (int) lengthof(q->names));
	appendStringInfo(&q->sql, "%s%s", q->n ? ", " : "SELECT ", expr);
	q->names[q->n++] = name;
}

/* Run the query (parameters: $1 model, $2 classes, $3 positive label) and emit one row per metric. */
static void
RunMetrics(ReturnSetInfo *rsinfo, EvalQuery *q, Datum *args, int nargs)
{
	Oid			types[3] = {BYTEAOID, TEXTARRAYOID, TEXTOID};

	if (SPI_execute_with_args(q->sql.data, nargs, types, args, NULL, false, 0) != SPI_OK_SELECT ||
		SPI_processed != 1)
		elog(ERROR, "learn.evaluate: the metric query failed");
	/* unnamed columns count non-finite feature values, which the metric aggregates would reject */
	for (int i = 0; i < q->n; i++)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, i + 1, &isnull);

		if (q->names[i] == NULL && !isnull && DatumGetInt64(d) > 0)
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg_plural("the source has " INT64_FORMAT " feature value that is not finite",
									"the source has " INT64_FORMAT " feature values that are not finite",
									DatumGetInt64(d), DatumGetInt64(d)),
					 errhint("Filter the rows out with WHERE, or replace the values.")));
	}
	for (int i = 0; i < q->n; i++)
	{
		Datum		v[2];
		bool		nulls[2] = {false, false};
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, i + 1, &nulls[1]);

		if (q->names[i] == NULL)
			continue;
		v[0] = CStringGetTextDatum(q->names[i]);
		if (!nulls[1])
			v[1] = (SPI_gettypeid(SPI_tuptable->tupdesc, i + 1) == INT8OID)
				? Float8GetDatum((double) DatumGetInt64(d)) : d;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nulls);
	}
}

/* The scored rows of the source as a FROM item q(y, ...) for a model with a target. */
static char *
ScoredRows(const char *source, const char *target, const char *columns)
{
	const char *t = quote_identifier(target);

	return psprintf(" FROM (SELECT s.%s AS y, %s FROM %s AS s WHERE s.%s IS NOT NULL) AS q",
					t, columns, source, t);
}

/* Fail unless the source has the model's target column. */
static void
CheckTarget(const char *source, const char *target)
{
	if (SPI_execute(psprintf("SELECT * FROM %s AS s LIMIT 0", source), true, 0) != SPI_OK_SELECT)
		elog(ERROR, "learn.evaluate: could not read the source");
	if (SPI_fnumber(SPI_tuptable->tupdesc, target) <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("source has no column \"%s\", the model's target", target),
				 errhint("learn.evaluate compares the model's predictions with its target column; rename or add it in a query.")));
}

/* Regression: rmse, mae, mape, r2, explained_variance, n. */
static void
EvaluateRegression(ReturnSetInfo *rsinfo, const char *source, const LearnModel *m, Datum *args)
{
	EvalQuery	q = {0};

	initStringInfo(&q.sql);
	AddMetric(&q, "rmse", "learn.rmse(y::float8, p)");
	AddMetric(&q, "mae", "learn.mae(y::float8, p)");
	AddMetric(&q, "mape", "learn.mape(y::float8, p)");
	AddMetric(&q, "r2", "learn.r2(y::float8, p)");
	AddMetric(&q, "explained_variance", "learn.explained_variance(y::float8, p)");
	AddMetric(&q, "n", "count(p)");
	appendStringInfoString(&q.sql, ScoredRows(source, m->target_name, "learn.predict($1, s.*) AS p"));
	RunMetrics(rsinfo, &q, args, 1);
}

/* Classification: accuracy, balanced accuracy, macro and weighted P/R/F1, mcc, log loss, AUCs, n. */
static void
EvaluateClassification(ReturnSetInfo *rsinfo, const char *source, const LearnModel *m, Datum *args)
{
	EvalQuery	q = {0};
	Datum	   *names = palloc(sizeof(Datum) * m->n_classes);

	for (uint32 c = 0; c < m->n_classes; c++)
		names[c] = CStringGetTextDatum(m->class_names[c]);
	args[1] = PointerGetDatum(construct_array(names, m->n_classes, TEXTOID, -1, false, TYPALIGN_INT));
	args[2] = names[m->n_classes - 1];
	initStringInfo(&q.sql);
	AddMetric(&q, "accuracy", "learn.accuracy(y, l)");
	AddMetric(&q, "balanced_accuracy", "learn.balanced_accuracy(y, l)");
	AddMetric(&q, "precision_macro", "learn.precision(y, l, 'macro')");
	AddMetric(&q, "recall_macro", "learn.recall(y, l, 'macro')");
	AddMetric(&q, "f1_macro", "learn.f1(y, l, 'macro')");
	AddMetric(&q, "precision_weighted", "learn.precision(y, l, 'weighted')");
	AddMetric(&q, "recall_weighted", "learn.recall(y, l, 'weighted')");
	AddMetric(&q, "f1_weighted", "learn.f1(y, l, 'weighted')");
	AddMetric(&q, "mcc", "learn.mcc(y, l)");
	/* an SVM's predict_proba gives scores, not probabilities: no log loss */
	if (m->algorithm != LEARN_ALGO_LINEAR_SVM)
		AddMetric(&q, "log_loss", "learn.log_loss(y, pr, $2)");
	if (m->n_classes == 2)
	{
		AddMetric(&q, "roc_auc", "learn.roc_auc(y, pr[2], $3)");
		AddMetric(&q, "pr_auc", "learn.pr_auc(y, pr[2], $3)");
	}
	AddMetric(&q, "n", "count(l)");
	appendStringInfoString(&q.sql, ScoredRows(source, m->target_name,
											  "learn.predict_label($1, s.*) AS l, "
											  "CASE WHEN learn.predict_label($1, s.*) IS NOT NULL "
											  "THEN learn.predict_proba($1, s.*) END AS pr"));
	RunMetrics(rsinfo, &q, args, 3);
}

/* Clustering: inertia and n, then silhouette when the rows are within its limit. */
static void
EvaluateClustering(ReturnSetInfo *rsinfo, const char *source, Datum *args)
{
	EvalQuery	q = {0};
	bool		isnull;
	int64		n;

	initStringInfo(&q.sql);
	appendStringInfo(&q.sql, "SELECT count(c) FROM (SELECT learn.predict($1, s.*) AS c FROM %s AS s) AS q",
					 source);
	if (SPI_execute_with_args(q.sql.data, 1, (Oid[]) {BYTEAOID}, args, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "learn.evaluate: the row count failed");
	n = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	resetStringInfo(&q.sql);
	if (n <= LEARN_SILHOUETTE_MAX_ROWS)
		AddMetric(&q, "silhouette", "learn.silhouette(x, c)");
	else
		ereport(NOTICE,
				(errmsg("learn.evaluate: " INT64_FORMAT " rows are more than the %d of exact silhouette; it is left out",
						n, LEARN_SILHOUETTE_MAX_ROWS)));
	AddMetric(&q, "inertia", "sum(d * d)");
	AddMetric(&q, "n", "count(c)");
	/* without silhouette (which rejects them), NaN or infinite features made inertia NaN */
	AddMetric(&q, NULL, "sum((SELECT count(*) FROM unnest(x) AS e "
			  "WHERE NOT (e > '-Infinity'::float8 AND e < 'Infinity'::float8)))::bigint");
	appendStringInfo(&q.sql,
					 " FROM (SELECT learn.prepare($1, s.*) AS x, learn.predict($1, s.*) AS c, "
					 "(SELECT min(v) FROM unnest(learn.transform($1, s.*)) AS v) AS d FROM %s AS s) AS q",
					 source);
	RunMetrics(rsinfo, &q, args, 1);
}

/*
 * PCA: the share of the rows' total variance (of the scaled features) the
 * components keep, and the mean squared reconstruction error
 * |x_s - mean_s|^2 - |z|^2 of a row (components are orthonormal), n.
 */
static void
EvaluateTransform(ReturnSetInfo *rsinfo, const char *source, Datum *args)
{
	EvalQuery	q = {0};

	initStringInfo(&q.sql);
	appendStringInfo(&q.sql,
					 "WITH d AS (SELECT learn.describe($1) AS j), "
					 "r AS (SELECT learn.prepare($1, s.*) AS x, learn.transform($1, s.*) AS z FROM %s AS s), "
					 "xs AS (SELECT r.z, i, (r.x[i] - (d.j -> 'mean' ->> (i - 1))::float8) "
					 "/ coalesce((d.j -> 'scale' ->> (i - 1))::float8, 1) AS v "
					 "FROM r, d, generate_subscripts(r.x, 1) AS i WHERE r.z IS NOT NULL), ",
					 source);
	appendStringInfoString(&q.sql,
						   "zs AS (SELECT i, z[i] AS v FROM r, generate_subscripts(r.z, 1) AS i WHERE r.z IS NOT NULL) ");
	AddMetric(&q, "explained_variance",
			  "(SELECT sum(w) FROM (SELECT var_samp(v) AS w FROM zs GROUP BY i) AS a) / "
			  "(SELECT sum(w) FROM (SELECT var_samp(v) AS w FROM xs GROUP BY i) AS a)");
	AddMetric(&q, "reconstruction_error",
			  "((SELECT sum(v * v) FROM xs) - (SELECT sum(v * v) FROM zs)) / (SELECT count(z) FROM r)");
	AddMetric(&q, "n", "(SELECT count(z) FROM r)");
	/* NaN or infinite features made both metrics NaN: an error, as for the other tasks */
	AddMetric(&q, NULL, "(SELECT count(*) FROM xs WHERE NOT (v > '-Infinity'::float8 AND v < 'Infinity'::float8))");
	RunMetrics(rsinfo, &q, args, 1);
}

/* The shared body of learn.evaluate: one row per metric of the model's task. */
static Datum
Evaluate(FunctionCallInfo fcinfo, bytea *model)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	   *source_arg = text_to_cstring(PG_GETARG_TEXT_PP(1));
	LearnModel	m = {0};
	const LearnAlgorithm *algo;
	Datum		args[3];
	char	   *source;

	LearnModelDecode((const uint8 *) VARDATA_ANY(model), VARSIZE_ANY_EXHDR(model), &m);
	algo = LearnAlgorithmById(m.algorithm);
	if (algo == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("model has unknown algorithm id %u", m.algorithm)));
	InitMaterializedSRF(fcinfo, 0);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	source = LearnSourceSql(source_arg);
	args[0] = PointerGetDatum(model);
	if (algo->task == LEARN_TASK_REGRESSION || algo->task == LEARN_TASK_CLASSIFICATION)
		CheckTarget(source, m.target_name);
	switch (algo->task)
	{
		case LEARN_TASK_REGRESSION:
			EvaluateRegression(rsinfo, source, &m, args);
			break;
		case LEARN_TASK_CLASSIFICATION:
			EvaluateClassification(rsinfo, source, &m, args);
			break;
		case LEARN_TASK_CLUSTERING:
			EvaluateClustering(rsinfo, source, args);
			break;
		case LEARN_TASK_TRANSFORM:
			if (m.algorithm != LEARN_ALGO_PCA)
				ereport(ERROR,
						(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						 errmsg("learn.evaluate does not evaluate %s models", algo->name)));
			EvaluateTransform(rsinfo, source, args);
			break;
	}
	SPI_finish();
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(learn_evaluate_bytea);
PG_FUNCTION_INFO_V1(learn_evaluate_name);

/* learn.evaluate(model bytea, source text) */
Datum
learn_evaluate_bytea(PG_FUNCTION_ARGS)
{
	return Evaluate(fcinfo, PG_GETARG_BYTEA_PP(0));
}

/* learn.evaluate(model text, source text): the deployed version of a stored model */
Datum
learn_evaluate_name(PG_FUNCTION_ARGS)
{
	int32		version;

	return Evaluate(fcinfo, LearnCatalogFetch(text_to_cstring(PG_GETARG_TEXT_PP(0)), 0, &version, LEARN_ACCESS_SCORE));
}
