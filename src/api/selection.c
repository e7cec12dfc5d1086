/*
 * selection.c: model selection.  Rows are split into parts (a holdout, or k
 * folds) by a hash of their contents, so a split depends on the data and the
 * seed, never on the physical row order; a model fitted on some parts is
 * scored on another with plain SQL over the scoring functions; learn.tune
 * runs a grid or random search with k-fold cross-validation, records every
 * trial, and trains the best parameters on all rows as a new model version.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_database.h"
#include "api/catalog.h"
#include "api/selection.h"
#include "catalog/pg_type.h"
#include "common/pg_prng.h"
#include "common/shortest_dec.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "tcop/tcopprot.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/backend_status.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/guc.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/numeric.h"

/* A score of a model on rows "s": one SQL expression, model $1, target %1$s. */
typedef struct SelectionMetric
{
	const char *name;
	LearnTask	task;
	bool		lower_is_better;
	bool		needs_proba;
	const char *sql;
} SelectionMetric;

/*
 * The scores, as plain SQL over learn.predict and friends (to be replaced by
 * learn.evaluate).  Formulas as scikit-learn's mean_squared_error (square
 * root), mean_absolute_error, r2_score, accuracy_score and log_loss (the
 * probability of the true class clipped to [eps, 1 - eps], eps the float8
 * machine epsilon; a class the model never saw counts as probability 0);
 * inertia is KMeans' per-row mean of the squared distance to the nearest
 * centroid.
 */
static const SelectionMetric selection_metrics[] = {
	{"rmse", LEARN_TASK_REGRESSION, true, false,
	"sqrt(avg(((%1$s)::float8 - learn.predict($1, s)) ^ 2))"},
	{"mae", LEARN_TASK_REGRESSION, true, false,
	"avg(abs((%1$s)::float8 - learn.predict($1, s)))"},
	{"r2", LEARN_TASK_REGRESSION, false, false,
		"1 - sum(((%1$s)::float8 - learn.predict($1, s)) ^ 2) / "
	"nullif(var_pop((%1$s)::float8) * count(*), 0)"},
	{"accuracy", LEARN_TASK_CLASSIFICATION, false, false,
	"avg(coalesce(learn.predict_label($1, s) = (%1$s)::text, false)::int)"},
	{"log_loss", LEARN_TASK_CLASSIFICATION, true, true,
		"avg(-ln(greatest(least(coalesce((learn.predict_proba($1, s))"
		"[array_position(learn.classes($1), (%1$s)::text)], 0), 1 - 2.220446049250313e-16), "
	"2.220446049250313e-16)))"},
	{"inertia", LEARN_TASK_CLUSTERING, true, false,
	"avg((SELECT min(d) ^ 2 FROM unnest(learn.transform($1, s)) AS d))"},
};

/* Column names the split query uses for itself. */
static const char *const reserved_columns[] = {"learn_part__", "learn_hash__", "learn_text__"};

/* Error unless the algorithm's models can be scored on held-out rows. */
static void
CheckScorable(const TrainPlan *tp)
{
	if (tp->algo->task == LEARN_TASK_TRANSFORM)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s has no score on held-out rows", tp->algo->name),
				 errdetail("Holdout and cross-validation score regression, classification and "
						   "clustering models.")));
}

/* The metric called name for tp's algorithm (NULL: its default). */
static const SelectionMetric *
MetricByName(const TrainPlan *tp, const char *name)
{
	StringInfoData valid;

	CheckScorable(tp);
	initStringInfo(&valid);
	for (size_t i = 0; i < lengthof(selection_metrics); i++)
	{
		const SelectionMetric *sm = &selection_metrics[i];

		if (sm->task != tp->algo->task || (sm->needs_proba && tp->algo->proba == NULL))
			continue;
		if (name == NULL || strcmp(name, sm->name) == 0)
			return sm;
		appendStringInfo(&valid, "%s%s", valid.len ? ", " : "", sm->name);
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown metric \"%s\" for %s", name, tp->algo->name),
			 errhint("Valid metrics are: %s.", valid.data)));
	return NULL;
}

/* All metrics of tp's task; returns their count. */
static int
TaskMetrics(const TrainPlan *tp, const SelectionMetric **out)
{
	int			n = 0;

	CheckScorable(tp);
	for (size_t i = 0; i < lengthof(selection_metrics); i++)
		if (selection_metrics[i].task == tp->algo->task &&
			!(selection_metrics[i].needs_proba && tp->algo->proba == NULL))
			out[n++] = &selection_metrics[i];
	return n;
}

/*
 * Score model on the rows of part_sql: one query computing every metric of
 * ms (NULL where undefined, e.g. r2 of a constant target); *rows gets the
 * row count.  This is the one place that computes scores.
 */
static void
ScoreModelOnPart(const TrainPlan *tp, bytea *model, const char *part_sql,
				 const SelectionMetric **ms, int n, double *scores, bool *nulls, int64 *rows)
{
	StringInfoData sql;
	Oid			argtypes[1] = {BYTEAOID};
	Datum		args[1] = {PointerGetDatum(model)};
	char	   *target = tp->target ? psprintf("s.%s", quote_identifier(tp->target)) : "NULL";
	bool		isnull;

	initStringInfo(&sql);
	appendStringInfoString(&sql, "SELECT count(*)");
	for (int i = 0; i < n; i++)
	{
		appendStringInfoString(&sql, ", (");
		appendStringInfo(&sql, ms[i]->sql, target);
		appendStringInfoString(&sql, ")::float8");
	}
	appendStringInfo(&sql, " FROM %s AS s", part_sql);
	if (SPI_execute_with_args(sql.data, 1, argtypes, args, NULL, true, 0) != SPI_OK_SELECT ||
		SPI_processed != 1)
		elog(ERROR, "could not score the model");
	*rows = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	for (int i = 0; i < n; i++)
	{
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, i + 2, &nulls[i]);

		scores[i] = nulls[i] ? get_float8_nan() : DatumGetFloat8(d);
	}
}

/*
 * Fix the text form of floats for the row hash (extra_float_digits = 1, the
 * shortest exact form), so a split does not depend on the session's setting;
 * returns the GUC nest level to pass to AtEOXact_GUC.
 */
int
LearnCanonicalTextForm(void)
{
	int			nest = NewGUCNestLevel();

	(void) set_config_option("extra_float_digits", "1", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	return nest;
}

/* alias.target, alias.feature, ... quoted. */
static char *
ColumnList(const TrainPlan *tp, const char *alias)
{
	StringInfoData s;

	initStringInfo(&s);
	if (tp->target)
		appendStringInfo(&s, "%s.%s", alias, quote_identifier(tp->target));
	for (int i = 0; i < tp->n_features; i++)
		appendStringInfo(&s, "%s%s.%s", s.len ? ", " : "", alias, quote_identifier(tp->features[i]));
	return s.data;
}

/* strcmp for qsort over an array of names */
static int
CompareNames(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/*
 * ROW(s.target, s.feature...) with the features in the byte order of their
 * names, so that the hash does not depend on the order of the features
 * argument or of the source's columns.
 */
static char *
HashedRow(const TrainPlan *tp)
{
	TrainPlan	sorted = *tp;

	sorted.features = palloc(sizeof(char *) * Max(tp->n_features, 1));
	memcpy(sorted.features, tp->features, sizeof(char *) * tp->n_features);
	qsort(sorted.features, tp->n_features, sizeof(char *), CompareNames);
	return psprintf("ROW(%s)", ColumnList(&sorted, "s"));
}

/*
 * The split of tp's source as SQL for FROM: its target and feature columns
 * plus learn_part__, the part of each row.  Rows with a NULL target are left
 * out (training skips them anyway).  Each row's key is
 * hashtextextended(ROW(target, features by name...)::text, seed), ties broken by that
 * text in byte order: rows equal in every column the model sees are interchangeable, so
 * which of two such rows lands in which part changes nothing.
 *
 * k folds: the rows in key order (stratified: by class, in the byte order of
 * the label's text, then by key) are dealt round-robin, so fold sizes differ
 * by at most one, and within each class too.  Holdout: part 0 takes the
 * floor(fraction * n + 0.5) rows with the smallest keys (stratified: of each
 * class, n its row count), but never all n of them; the rest is part 1.
 */
char *
LearnSplitSql(const TrainPlan *tp, const LearnSplit *sp)
{
	char	   *row = HashedRow(tp);
	const char *order = "w.learn_hash__, w.learn_text__ COLLATE \"C\"";
	char	   *part;

	for (size_t i = 0; i < lengthof(reserved_columns); i++)
		for (int f = -1; f < tp->n_features; f++)
		{
			const char *c = f < 0 ? tp->target : tp->features[f];

			if (c && strcmp(c, reserved_columns[i]) == 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("column name \"%s\" is reserved for splitting rows", c),
						 errhint("Rename the column in a source query.")));
		}
	if (sp->stratify && tp->target == NULL)
		elog(ERROR, "stratified split without a target");
	if (sp->folds > 0)
		part = psprintf("(row_number() OVER (ORDER BY %s%s) - 1) %% %d",
						sp->stratify ? psprintf("(w.%s)::text COLLATE \"C\", ", quote_identifier(tp->target)) : "",
						order, sp->folds);
	else
	{
		char	   *window = sp->stratify ? psprintf("PARTITION BY w.%s", quote_identifier(tp->target)) : "";

		part = psprintf("CASE WHEN row_number() OVER (%1$s ORDER BY %2$s) <= "
						"least(floor(%3$.17g * count(*) OVER (%1$s) + 0.5), count(*) OVER (%1$s) - 1) "
						"THEN 0 ELSE 1 END", window, order, sp->fraction);
	}
	/* the row text is computed once (OFFSET 0 keeps the planner from inlining it twice) */
	return psprintf("(SELECT %s, %s AS learn_part__ FROM (SELECT t.*, "
					"hashtextextended(t.learn_text__, (" INT64_FORMAT ")::int8) AS learn_hash__ "
					"FROM (SELECT %s, %s::text AS learn_text__ FROM %s AS s%s OFFSET 0) AS t) AS w)",
					ColumnList(tp, "w"), part, sp->seed, ColumnList(tp, "s"), row, tp->source,
					tp->target ? psprintf(" WHERE s.%s IS NOT NULL", quote_identifier(tp->target)) : "");
}

/* The rows of split_sql in part (in_part) or in every other part, as SQL for FROM. */
char *
LearnPartSql(const TrainPlan *tp, const char *split_sql, int part, bool in_part)
{
	return psprintf("(SELECT %s FROM %s AS a WHERE a.learn_part__ %s %d)",
					ColumnList(tp, "a"), split_sql, in_part ? "=" : "<>", part);
}

/* Whether to stratify: the default is yes for classifiers; only they can. */
static bool
ResolveStratify(const TrainPlan *tp, bool set, bool value)
{
	bool		classifier = tp->algo->task == LEARN_TASK_CLASSIFICATION;

	if (set && value && !classifier)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("only classification can stratify, and %s is not a classifier", tp->algo->name)));
	return set ? value : classifier;
}

/* Rows of part 0 and of the other parts of split_sql. */
static void
CountParts(const char *split_sql, int64 *in_part0, int64 *rest)
{
	bool		isnull;

	if (SPI_execute(psprintf("SELECT count(*) FILTER (WHERE a.learn_part__ = 0), "
							 "count(*) FILTER (WHERE a.learn_part__ <> 0) FROM %s AS a", split_sql),
					true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not count the split");
	*in_part0 = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	*rest = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
}

/* A float as JSON, shortest exact: null for NaN (an undefined score). */
static void
AppendJsonFloat(StringInfo s, double d)
{
	char		buf[DOUBLE_SHORTEST_DECIMAL_LEN];

	if (isnan(d) || isinf(d))
		appendStringInfoString(s, "null");
	else
	{
		double_to_shortest_decimal_buf(d, buf);
		appendStringInfoString(s, buf);
	}
}

/*
 * Compute the split once into a temporary table (when the user may create
 * one) and return its name, else return split_sql itself.  Every fold then
 * reads the table instead of hashing and sorting the source twice; a
 * temporary table is scanned serially in insertion order, which is the
 * split's order, so the fits see the rows in the same order either way.
 */
static char *
MaterializeSplit(char *split_sql)
{
	static uint64 counter = 0;
	char	   *table;

	if (pg_database_aclcheck(MyDatabaseId, GetUserId(), ACL_CREATE_TEMP) != ACLCHECK_OK)
		return split_sql;
	table = psprintf("pg_temp.learn_split_" UINT64_FORMAT, ++counter);
	if (SPI_execute(psprintf("CREATE TEMPORARY TABLE %s ON COMMIT DROP AS SELECT * FROM %s AS a",
							 table, split_sql), false, 0) < 0)
		elog(ERROR, "could not store the folds");
	/* the folds' read-only queries use the active snapshot: make the rows visible to it */
	CommandCounterIncrement();
	PushActiveSnapshot(GetTransactionSnapshot());
	return table;
}

/* Drop the table MaterializeSplit made, if it made one. */
static void
ReleaseSplit(const char *split)
{
	if (strncmp(split, "pg_temp.", 8) != 0)
		return;
	PopActiveSnapshot();
	if (SPI_execute(psprintf("DROP TABLE %s", split), false, 0) != SPI_OK_UTILITY)
		elog(ERROR, "could not drop the split table");
}

/*
 * learn.train with a holdout: fit on the rows outside the holdout, score on
 * it; *holdout gets the "holdout" metrics member (built in caller).
 */
bytea *
LearnFitWithHoldout(TrainPlan *tp, Jsonb *options, MemoryContext caller, char **holdout)
{
	LearnSplit	sp = {0};
	const SelectionMetric *ms[lengthof(selection_metrics)];
	double		scores[lengthof(selection_metrics)];
	bool		nulls[lengthof(selection_metrics)];
	int			nm = TaskMetrics(tp, ms);
	int			nest = LearnCanonicalTextForm();
	char	   *full = tp->source;
	char	   *split;
	int64		held,
				rest,
				rows;
	bytea	   *model;
	MemoryContext old;
	StringInfoData j;

	sp.fraction = tp->topt.holdout;
	sp.seed = tp->topt.holdout_seed_set ? tp->topt.holdout_seed : (tp->opt.has_seed ? tp->opt.seed : 0);
	sp.stratify = ResolveStratify(tp, tp->topt.holdout_stratify_set, tp->topt.holdout_stratify);
	split = MaterializeSplit(LearnSplitSql(tp, &sp));
	CountParts(split, &held, &rest);
	if (held == 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("the holdout of \"%s\" is empty: a fraction %g of " INT64_FORMAT " rows%s rounds to none",
						tp->name, sp.fraction, held + rest, sp.stratify ? " (per class)" : ""),
				 errhint("Use a larger fraction, or more rows.")));
	tp->source = LearnPartSql(tp, split, 0, false);
	model = LearnTrainFit(tp, options, caller);
	ScoreModelOnPart(tp, model, LearnPartSql(tp, split, 0, true), ms, nm, scores, nulls, &rows);
	ReleaseSplit(split);
	tp->source = full;
	AtEOXact_GUC(true, nest);

	old = MemoryContextSwitchTo(caller);
	initStringInfo(&j);
	appendStringInfoString(&j, "\"holdout\": {\"fraction\": ");
	AppendJsonFloat(&j, sp.fraction);
	appendStringInfo(&j, ", \"seed\": " INT64_FORMAT ", \"stratified\": %s, \"rows\": " INT64_FORMAT,
					 sp.seed, sp.stratify ? "true" : "false", rows);
	for (int i = 0; i < nm; i++)
	{
		appendStringInfo(&j, ", \"%s\": ", ms[i]->name);
		AppendJsonFloat(&j, scores[i]);
	}
	appendStringInfoChar(&j, '}');
	*holdout = j.data;
	MemoryContextSwitchTo(old);
	return model;
}

/* One searched parameter: a list of JSON values, or a range (random search). */
typedef struct SearchAxis
{
	char	   *key;
	int			n_values;
	char	  **values;			/* JSON text of each listed value */
	bool		is_range;
	double		min,
				max;
	bool		log,
				integer;
} SearchAxis;

/* Keys of learn.train that are not model parameters. */
static const char *const not_parameters[] = {"deploy", "verbose", "holdout", "feature_names", "target"};

/* A JSON scalar or container as JSON text. */
static char *
JsonText(JsonbValue *v)
{
	StringInfoData s;

	initStringInfo(&s);
	switch (v->type)
	{
		case jbvNull:
			return "null";
		case jbvBool:
			return v->val.boolean ? "true" : "false";
		case jbvString:
			escape_json(&s, pnstrdup(v->val.string.val, v->val.string.len));
			return s.data;
		case jbvNumeric:
			return DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(v->val.numeric)));
		case jbvBinary:
			return JsonbToCString(NULL, v->val.binary.data, v->val.binary.len);
		default:
			elog(ERROR, "unexpected JSON value");
	}
	return NULL;
}

/* A finite number from a range's key. */
static double
RangeNumber(const char *key, const char *what, JsonbValue *v)
{
	double		d;

	if (v->type != jbvNumeric)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("\"%s\" of the range of \"%s\" must be a number", what, key)));
	d = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow, NumericGetDatum(v->val.numeric)));
	if (isinf(d) || isnan(d))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("\"%s\" of the range of \"%s\" must be finite", what, key)));
	return d;
}

/* Parse a range {"min": a, "max": b, "log": bool, "integer": bool} into ax. */
static void
ParseRange(SearchAxis *ax, JsonbContainer *c)
{
	JsonbIterator *it = JsonbIteratorInit(c);
	JsonbValue	k,
				v;
	JsonbIteratorToken tok;
	bool		has_min = false,
				has_max = false;

	ax->is_range = true;
	while ((tok = JsonbIteratorNext(&it, &k, true)) != WJB_DONE)
	{
		char	   *name;

		if (tok != WJB_KEY)
			continue;
		name = pnstrdup(k.val.string.val, k.val.string.len);
		JsonbIteratorNext(&it, &v, true);
		if (strcmp(name, "min") == 0)
			ax->min = RangeNumber(ax->key, name, &v), has_min = true;
		else if (strcmp(name, "max") == 0)
			ax->max = RangeNumber(ax->key, name, &v), has_max = true;
		else if ((strcmp(name, "log") == 0 || strcmp(name, "integer") == 0) && v.type == jbvBool)
			*(name[0] == 'l' ? &ax->log : &ax->integer) = v.val.boolean;
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("bad key \"%s\" in the range of \"%s\"", name, ax->key),
					 errhint("A range is {\"min\": a, \"max\": b} with optional booleans \"log\" and \"integer\".")));
	}
	if (!has_min || !has_max || !(ax->min <= ax->max))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the range of \"%s\" needs numbers \"min\" <= \"max\"", ax->key)));
	if (ax->log && !(ax->min > 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the log range of \"%s\" needs \"min\" > 0", ax->key)));
	if (ax->integer && (ax->min != floor(ax->min) || ax->max != floor(ax->max) ||
						fabs(ax->min) > 1e15 || fabs(ax->max) > 1e15))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the integer range of \"%s\" needs integer bounds", ax->key)));
}

/*
 * Parse the search space: an object mapping parameter names to non-empty
 * lists of values, or (random search only) to ranges.  Returns the axes in
 * the object's key order (jsonb's: by length, then bytes).
 */
static SearchAxis *
ParseSearch(Jsonb *grid, bool random, int *n_axes)
{
	JsonbIterator *it;
	JsonbValue	k,
				v;
	JsonbIteratorToken tok;
	SearchAxis *axes;
	int			n = 0;

	if (!JB_ROOT_IS_OBJECT(grid) || JB_ROOT_COUNT(grid) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the grid must be a non-empty JSON object of parameter names and values"),
				 errhint("For example {\"lambda\": [0, 0.1, 1]}.")));
	axes = palloc0(sizeof(SearchAxis) * JB_ROOT_COUNT(grid));
	it = JsonbIteratorInit(&grid->root);
	while ((tok = JsonbIteratorNext(&it, &k, true)) != WJB_DONE)
	{
		SearchAxis *ax;

		if (tok != WJB_KEY)
			continue;
		ax = &axes[n++];
		ax->key = pnstrdup(k.val.string.val, k.val.string.len);
		for (size_t i = 0; i < lengthof(not_parameters); i++)
			if (strcmp(ax->key, not_parameters[i]) == 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("\"%s\" is not a model parameter and cannot be searched", ax->key)));
		JsonbIteratorNext(&it, &v, true);
		if (v.type == jbvBinary && JsonContainerIsObject(v.val.binary.data))
		{
			if (!random)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("the range of \"%s\" needs a random search", ax->key),
						 errhint("Pass n_iter, or list the values.")));
			ParseRange(ax, v.val.binary.data);
		}
		else if (v.type == jbvBinary && JsonContainerIsArray(v.val.binary.data) &&
				 JsonContainerSize(v.val.binary.data) > 0)
		{
			JsonbIterator *ei = JsonbIteratorInit(v.val.binary.data);
			JsonbValue	e;

			ax->values = palloc(sizeof(char *) * JsonContainerSize(v.val.binary.data));
			while ((tok = JsonbIteratorNext(&ei, &e, true)) != WJB_DONE)
				if (tok == WJB_ELEM)
					ax->values[ax->n_values++] = JsonText(&e);
		}
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the values of \"%s\" must be a non-empty list%s", ax->key,
							random ? " or a range {\"min\": a, \"max\": b}" : "")));
	}
	*n_axes = n;
	return axes;
}

/* A value drawn from a range (uniform, or log-uniform; integers inclusive). */
static char *
DrawFromRange(const SearchAxis *ax, pg_prng_state *st)
{
	double		u = pg_prng_double(st);

	if (ax->integer && !ax->log)
		return psprintf(INT64_FORMAT, (int64) ax->min +
						(int64) pg_prng_uint64_range(st, 0, (uint64) (ax->max - ax->min)));
	if (ax->integer)
		return psprintf(INT64_FORMAT, (int64) Min(ax->max, floor(exp(log(ax->min) + u * (log(ax->max + 1) - log(ax->min))))));
	if (ax->log)
		return psprintf("%.6g", Min(ax->max, exp(log(ax->min) + u * (log(ax->max) - log(ax->min)))));
	return psprintf("%.6g", ax->min + u * (ax->max - ax->min));
}

/*
 * The parameter sets to try, as JSON objects.  Grid: every combination of
 * the listed values, the last key varying fastest.  Random: n_iter draws
 * from a PRNG seeded with seed, key by key in the object's key order.
 */
static char **
MakeTrials(SearchAxis *axes, int n_axes, int n_iter, int64 seed, int *n_trials)
{
	char	  **trials;
	int			n = 1;
	pg_prng_state st;

	if (n_iter > 0)
		n = n_iter;
	else
		for (int a = 0; a < n_axes; a++)
		{
			if ((double) n * axes[a].n_values > LEARN_MAX_TRIALS)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("the grid has more than %d combinations", LEARN_MAX_TRIALS),
						 errhint("Use a random search (n_iter).")));
			n *= axes[a].n_values;
		}
	pg_prng_seed(&st, (uint64) seed);
	trials = palloc(sizeof(char *) * n);
	for (int t = 0; t < n; t++)
	{
		StringInfoData s;
		int			rest = t;
		int		   *pick = palloc(sizeof(int) * n_axes);

		for (int a = n_axes - 1; a >= 0 && n_iter == 0; a--)
		{
			pick[a] = rest % axes[a].n_values;
			rest /= axes[a].n_values;
		}
		initStringInfo(&s);
		appendStringInfoChar(&s, '{');
		for (int a = 0; a < n_axes; a++)
		{
			appendStringInfoString(&s, a ? ", " : "");
			escape_json(&s, axes[a].key);
			appendStringInfoString(&s, ": ");
			if (axes[a].is_range)
				appendStringInfoString(&s, DrawFromRange(&axes[a], &st));
			else
				appendStringInfoString(&s, axes[a].values[n_iter > 0 ?
														  (int) pg_prng_uint64_range(&st, 0, axes[a].n_values - 1) : pick[a]]);
		}
		appendStringInfoChar(&s, '}');
		trials[t] = s.data;
	}
	*n_trials = n;
	return trials;
}

/* options || params */
static Jsonb *
MergeOptions(Jsonb *options, const char *params)
{
	return DatumGetJsonbP(DirectFunctionCall2(jsonb_concat, JsonbPGetDatum(options),
											  DirectFunctionCall1(jsonb_in, CStringGetDatum(params))));
}

/*
 * Check the folds: at least 2, at most the rows, and (stratified) at most
 * the rows of the smallest class.
 */
static void
CheckFolds(const TrainPlan *tp, int folds, bool stratify)
{
	bool		isnull;
	int64		n;

	if (folds < 2 || folds > LEARN_MAX_FOLDS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("folds must be between 2 and %d, got %d", LEARN_MAX_FOLDS, folds)));
	if (SPI_execute(psprintf("SELECT count(*) FROM %s AS s%s", tp->source,
							 tp->target ? psprintf(" WHERE s.%s IS NOT NULL", quote_identifier(tp->target)) : ""),
					true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not count the rows");
	n = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	if (folds > n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("folds (%d) exceed the rows with a target (" INT64_FORMAT ")", folds, n)));
	if (!stratify)
		return;
	if (SPI_execute(psprintf("SELECT c, n FROM (SELECT (s.%1$s)::text AS c, count(*) AS n FROM %2$s AS s "
							 "WHERE s.%1$s IS NOT NULL GROUP BY 1) q ORDER BY n, c COLLATE \"C\" LIMIT 1",
							 quote_identifier(tp->target), tp->source), true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not count the classes");
	n = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
	if (n < folds)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("class \"%s\" has " INT64_FORMAT " rows, fewer than the %d folds",
						SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1), n, folds),
				 errhint("Use fewer folds, or stratify => false.")));
}

/* Fold scores of one parameter set: fit on the other folds, score on each. */
static void
CrossValidate(const TrainPlan *base, Jsonb *merged, const char *split, int folds,
			  const SelectionMetric *metric, MemoryContext scratch, const char *progress, double *scores)
{
	for (int f = 0; f < folds; f++)
	{
		MemoryContext old = MemoryContextSwitchTo(scratch);
		TrainPlan	tp = *base;
		bytea	   *model;
		bool		isnull;
		int64		rows;

		CHECK_FOR_INTERRUPTS();
		pgstat_report_activity(STATE_RUNNING,
							   psprintf("%s\n-- pg_learn: tuning \"%s\": %s, fold %d of %d",
										debug_query_string ? debug_query_string : "learn.tune",
										base->name, progress, f + 1, folds));
		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		LearnTrainParse(&tp, merged);
		tp.topt.verbose = false;
		tp.source = LearnPartSql(&tp, split, f, false);
		model = LearnTrainFit(&tp, merged, scratch);
		ScoreModelOnPart(&tp, model, LearnPartSql(&tp, split, f, true), &metric, 1, &scores[f], &isnull, &rows);
		SPI_finish();
		MemoryContextSwitchTo(old);
		MemoryContextReset(scratch);
	}
}

/* Mean and population standard deviation (as scikit-learn's cv_results_). */
static void
MeanStd(const double *x, int n, double *mean, double *std)
{
	double		s = 0,
				ss = 0;

	for (int i = 0; i < n; i++)
		s += x[i];
	*mean = s / n;
	for (int i = 0; i < n; i++)
		ss += (x[i] - *mean) * (x[i] - *mean);
	*std = sqrt(ss / n);
}

/* Insert the run's row; returns its id. */
static int64
InsertRun(const TrainPlan *tp, const char *source_arg, Jsonb *options, Jsonb *grid, int n_iter,
		  int folds, const char *metric, int64 seed, bool stratify)
{
	Oid			t[11] = {TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTARRAYOID, JSONBOID, JSONBOID,
	INT4OID, INT4OID, TEXTOID, INT8OID};
	Datum		v[12];
	char		nulls[12] = "           ";
	Datum	   *fd = palloc(sizeof(Datum) * tp->n_features);
	bool		isnull;

	for (int i = 0; i < tp->n_features; i++)
		fd[i] = CStringGetTextDatum(tp->features[i]);
	v[0] = CStringGetTextDatum(tp->name);
	v[1] = CStringGetTextDatum(tp->algo->name);
	v[2] = CStringGetTextDatum(source_arg);
	v[3] = tp->target ? CStringGetTextDatum(tp->target) : (Datum) 0;
	nulls[3] = tp->target ? ' ' : 'n';
	v[4] = PointerGetDatum(construct_array(fd, tp->n_features, TEXTOID, -1, false, TYPALIGN_INT));
	v[5] = JsonbPGetDatum(options);
	v[6] = JsonbPGetDatum(grid);
	v[7] = Int32GetDatum(n_iter);
	nulls[7] = n_iter > 0 ? ' ' : 'n';
	v[8] = Int32GetDatum(folds);
	v[9] = CStringGetTextDatum(metric);
	v[10] = Int64GetDatum(seed);
	if (SPI_execute_with_args(psprintf("INSERT INTO learn.tuning_runs (name, algorithm, source, target, "
									   "features, options, grid, n_iter, folds, metric, seed, stratified) "
									   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, %s) RETURNING id",
									   stratify ? "true" : "false"),
							  11, t, v, nulls, false, 0) != SPI_OK_INSERT_RETURNING)
		elog(ERROR, "could not record the tuning run");
	return DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
}

/* Insert one trial's row. */
static void
InsertTrial(int64 run, int trial, const char *params, const double *scores, int folds,
			double mean, double std, double seconds)
{
	Oid			t[7] = {INT8OID, INT4OID, JSONBOID, FLOAT8ARRAYOID, FLOAT8OID, FLOAT8OID, FLOAT8OID};
	Datum		v[7];
	Datum	   *sd = palloc(sizeof(Datum) * folds);

	for (int f = 0; f < folds; f++)
		sd[f] = Float8GetDatum(scores[f]);
	v[0] = Int64GetDatum(run);
	v[1] = Int32GetDatum(trial);
	v[2] = DirectFunctionCall1(jsonb_in, CStringGetDatum(params));
	v[3] = PointerGetDatum(construct_array(sd, folds, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	v[4] = Float8GetDatum(mean);
	v[5] = Float8GetDatum(std);
	v[6] = Float8GetDatum(seconds);
	if (SPI_execute_with_args("INSERT INTO learn.tuning_trials (run_id, trial, params, fold_scores, "
							  "mean_score, std_score, seconds) VALUES ($1, $2, $3, $4, $5, $6, $7)",
							  7, t, v, NULL, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "could not record the trial");
}

/* Whether score a beats the best so far (NaN never does; ties keep the earlier trial). */
static bool
Better(const SelectionMetric *metric, double a, int best, double best_score)
{
	if (isnan(a))
		return false;
	if (best < 0)
		return true;
	return metric->lower_is_better ? a < best_score : a > best_score;
}

/* The text of argument i, or NULL. */
static char *
TextArgOrNull(FunctionCallInfo fcinfo, int i)
{
	return PG_ARGISNULL(i) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(i));
}

PG_FUNCTION_INFO_V1(learn_tune);

/*
 * learn.tune(name, algorithm, source, target, features, options, grid,
 *            folds, metric, seed, n_iter, stratify)
 *   RETURNS (tuning_run bigint, name text, version int, metric text,
 *            cv_score float8, cv_std float8, params jsonb, trials int,
 *            seconds float8)
 */
Datum
learn_tune(PG_FUNCTION_ARGS)
{
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext scratch;
	TrainPlan	tp;
	Jsonb	   *options,
			   *grid;
	char	   *source_arg;
	const SelectionMetric *metric;
	LearnSplit	sp = {0};
	int			n_axes,
				n_trials,
				n_iter,
				best = -1,
				nest;
	SearchAxis *axes;
	char	  **trials,
			   *split,
			   *metrics;
	double	   *scores,
				best_mean = 0,
				best_std = 0;
	int64		run;
	int32		version;
	bytea	   *model;
	LearnModel	m;
	Jsonb	   *best_options;
	instr_time	start;
	TupleDesc	rtd;
	Datum		values[9];
	bool		nulls[9] = {false};
	char	   *saved_activity = debug_query_string ? pstrdup(debug_query_string) : NULL;

	INSTR_TIME_SET_CURRENT(start);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(6) || PG_ARGISNULL(7) ||
		PG_ARGISNULL(9))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("learn.tune needs a name, an algorithm, a source, a grid, folds and a seed")));
	LearnTrainInit(&tp, text_to_cstring(PG_GETARG_TEXT_PP(0)), text_to_cstring(PG_GETARG_TEXT_PP(1)),
				   TextArgOrNull(fcinfo, 3));
	/* before any fold is fitted: only the owner (or its members) adds versions */
	LearnCatalogCheckOwner(tp.name, "tune a new version of");
	source_arg = text_to_cstring(PG_GETARG_TEXT_PP(2));
	options = PG_ARGISNULL(5) ? DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum("{}")))
		: PG_GETARG_JSONB_P(5);
	LearnTrainParse(&tp, options);
	if (tp.topt.holdout > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("learn.tune cross-validates: option \"holdout\" does not apply")));
	grid = PG_GETARG_JSONB_P(6);
	sp.folds = PG_GETARG_INT32(7);
	metric = MetricByName(&tp, TextArgOrNull(fcinfo, 8));
	sp.seed = PG_GETARG_INT64(9);
	n_iter = PG_ARGISNULL(10) ? 0 : PG_GETARG_INT32(10);
	if (!PG_ARGISNULL(10) && (n_iter < 1 || n_iter > LEARN_MAX_TRIALS))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("n_iter must be between 1 and %d, got %d", LEARN_MAX_TRIALS, n_iter)));
	sp.stratify = ResolveStratify(&tp, !PG_ARGISNULL(11), PG_ARGISNULL(11) ? false : PG_GETARG_BOOL(11));
	axes = ParseSearch(grid, n_iter > 0, &n_axes);
	trials = MakeTrials(axes, n_axes, n_iter, sp.seed, &n_trials);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	LearnTrainOpen(&tp, source_arg, PG_ARGISNULL(4) ? NULL : PG_GETARG_ARRAYTYPE_P(4));
	for (int t = 0; t < n_trials; t++)
	{
		/* every parameter set (preparation included) must be valid before anything is fitted */
		TrainPlan	check = tp;
		Jsonb	   *merged = MergeOptions(options, trials[t]);

		LearnTrainParse(&check, merged);
		(void) LearnPipelinePlanMake(check.features, check.types, check.n_features, merged);
	}
	nest = LearnCanonicalTextForm();
	CheckFolds(&tp, sp.folds, sp.stratify);
	run = InsertRun(&tp, source_arg, options, grid, n_iter, sp.folds, metric->name, sp.seed, sp.stratify);
	split = MaterializeSplit(LearnSplitSql(&tp, &sp));
	scratch = AllocSetContextCreate(CurrentMemoryContext, "learn.tune fold", ALLOCSET_DEFAULT_SIZES);
	scores = palloc(sizeof(double) * sp.folds);
	for (int t = 0; t < n_trials; t++)
	{
		instr_time	trial_start;
		double		mean,
					std;

		INSTR_TIME_SET_CURRENT(trial_start);
		CrossValidate(&tp, MergeOptions(options, trials[t]), split, sp.folds, metric, scratch,
					  psprintf("trial %d of %d", t + 1, n_trials), scores);
		MeanStd(scores, sp.folds, &mean, &std);
		InsertTrial(run, t + 1, trials[t], scores, sp.folds, mean, std, LearnElapsed(trial_start));
		if (tp.topt.verbose)
			ereport(NOTICE,
					(errmsg("learn.tune(\"%s\"): trial %d of %d %s: %s %g (sd %g)", tp.name, t + 1,
							n_trials, trials[t], metric->name, mean, std)));
		if (Better(metric, mean, best, best_mean))
		{
			best = t;
			best_mean = mean;
			best_std = std;
		}
	}
	ReleaseSplit(split);
	AtEOXact_GUC(true, nest);
	if (best < 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("no trial of \"%s\" has a defined %s", tp.name, metric->name)));

	/* the best parameters, trained on every row, the way learn.train does */
	best_options = MergeOptions(options, trials[best]);
	LearnTrainParse(&tp, best_options);
	model = LearnTrainFit(&tp, best_options, caller);
	{
		StringInfoData extra;

		initStringInfo(&extra);
		appendStringInfo(&extra, "\"tuning\": {\"run\": " INT64_FORMAT ", \"trial\": %d, \"metric\": \"%s\", "
						 "\"folds\": %d, \"cv_score\": ", run, best + 1, metric->name, sp.folds);
		AppendJsonFloat(&extra, best_mean);
		appendStringInfoString(&extra, ", \"cv_std\": ");
		AppendJsonFloat(&extra, best_std);
		appendStringInfo(&extra, ", \"params\": %s}", trials[best]);
		metrics = LearnTrainMetrics(&tp, model, &m, extra.data, caller);
	}
	version = LearnTrainFinish(&tp, source_arg, best_options, model, &m, metrics, start);
	{
		Oid			t[4] = {INT8OID, INT4OID, INT4OID, FLOAT8OID};
		Datum		v[4] = {Int64GetDatum(run), Int32GetDatum(best + 1), Int32GetDatum(version),
		Float8GetDatum(LearnElapsed(start))};

		if (SPI_execute_with_args("UPDATE learn.tuning_runs SET best_trial = $2, model_version = $3, "
								  "seconds = $4 WHERE id = $1", 4, t, v, NULL, false, 0) != SPI_OK_UPDATE)
			elog(ERROR, "could not record the tuning result");
	}
	SPI_finish();
	pgstat_report_activity(STATE_RUNNING, saved_activity ? saved_activity : "");

	if (get_call_result_type(fcinfo, NULL, &rtd) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "learn.tune must return a composite");
	rtd = BlessTupleDesc(rtd);
	values[0] = Int64GetDatum(run);
	values[1] = CStringGetTextDatum(tp.name);
	values[2] = Int32GetDatum(version);
	values[3] = CStringGetTextDatum(metric->name);
	values[4] = Float8GetDatum(best_mean);
	values[5] = Float8GetDatum(best_std);
	values[6] = DirectFunctionCall1(jsonb_in, CStringGetDatum(trials[best]));
	values[7] = Int32GetDatum(n_trials);
	values[8] = Float8GetDatum(LearnElapsed(start));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(rtd, values, nulls)));
}

PG_FUNCTION_INFO_V1(learn_split);

/*
 * learn.split(algorithm, source, target, features, folds, holdout, seed,
 *             stratify) RETURNS TABLE (part int, "row" jsonb): the parts
 * learn.tune (folds) or learn.train (holdout; part 0 is held out) assigns.
 */
Datum
learn_split(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TrainPlan	tp;
	LearnSplit	sp = {0};
	int			nest;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(6) || PG_ARGISNULL(4) == PG_ARGISNULL(5))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("learn.split needs an algorithm, a source, a seed, and either folds or holdout")));
	LearnTrainInit(&tp, "split", text_to_cstring(PG_GETARG_TEXT_PP(0)), TextArgOrNull(fcinfo, 2));
	CheckScorable(&tp);
	sp.seed = PG_GETARG_INT64(6);
	sp.stratify = ResolveStratify(&tp, !PG_ARGISNULL(7), PG_ARGISNULL(7) ? false : PG_GETARG_BOOL(7));
	InitMaterializedSRF(fcinfo, 0);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	LearnTrainOpen(&tp, text_to_cstring(PG_GETARG_TEXT_PP(1)), PG_ARGISNULL(3) ? NULL : PG_GETARG_ARRAYTYPE_P(3));
	nest = LearnCanonicalTextForm();
	if (!PG_ARGISNULL(4))
	{
		sp.folds = PG_GETARG_INT32(4);
		CheckFolds(&tp, sp.folds, sp.stratify);
	}
	else
	{
		sp.fraction = PG_GETARG_FLOAT8(5);
		if (!(sp.fraction > 0 && sp.fraction < 1))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("holdout must be a fraction between 0 and 1 (exclusive), got %g", sp.fraction)));
	}
	if (SPI_execute(psprintf("SELECT a.learn_part__::int4, to_jsonb(a) - 'learn_part__' FROM %s AS a "
							 "ORDER BY 1, 2::text COLLATE \"C\"", LearnSplitSql(&tp, &sp)), true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not split the rows");
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		Datum		values[2];
		bool		nulls[2];

		values[0] = SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &nulls[0]);
		values[1] = SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 2, &nulls[1]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	AtEOXact_GUC(true, nest);
	SPI_finish();
	return (Datum) 0;
}
