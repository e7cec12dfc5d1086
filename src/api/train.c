/*
 * train.c: learn.train(), the driver users call.  It reads the source with
 * the caller's privileges (SECURITY INVOKER, through SPI), builds one
 * aggregate query over it (which the planner may run in parallel), stores
 * the model as a new immutable version and deploys it.
 *
 * Identifiers taken from the caller are quoted with quote_identifier, and
 * values are passed as SPI parameters; a source query must parse as exactly
 * one SELECT, so it cannot smuggle in other statements.
 */
#include "postgres.h"

#include <ctype.h>

#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/pg_inherits.h"
#include "executor/tuptable.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/rel.h"
#include "utils/rls.h"
#include "utils/snapmgr.h"
#include "access/xact.h"
#include "api/catalog.h"
#include "api/options.h"
#include "api/aggregate.h"
#include "api/prepare.h"
#include "api/selection.h"
#include "api/train.h"
#include "core/parallel.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "nodes/parsenodes.h"
#include "parser/parser.h"
#include "portability/instr_time.h"
#include "tcop/tcopprot.h"
#include "utils/backend_status.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"

#define LEARN_MAX_MODEL_NAME	200
/* feature columns one fit call can take: FUNC_MAX_ARGS less algorithm, options, target */
#define LEARN_MAX_TRAIN_COLUMNS	(FUNC_MAX_ARGS - 3)

/* NOTICE (when verbose) and show the phase in pg_stat_activity. */
static void
ReportPhase(const TrainPlan *tp, const char *phase)
{
	if (tp->topt.verbose)
		ereport(NOTICE, (errmsg("learn.train(\"%s\"): %s", tp->name, phase)));
	pgstat_report_activity(STATE_RUNNING,
						   psprintf("%s\n-- pg_learn: training \"%s\": %s",
									debug_query_string ? debug_query_string : "learn.train",
									tp->name, phase));
}

/* Check a model name: 1..200 bytes, no control characters. */
static void
CheckModelName(const char *name)
{
	size_t		len = strlen(name);

	if (len == 0 || len > LEARN_MAX_MODEL_NAME)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("model name must have 1 to %d bytes, got %zu", LEARN_MAX_MODEL_NAME, len)));
	for (const char *p = name; *p; p++)
		if ((unsigned char) *p < 0x20 || *p == 0x7f)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("model name must not contain control characters")));
}

/*
 * True when source has the shape of a possibly qualified relation name:
 * identifiers (plain, or double-quoted with "" escapes) joined by dots,
 * with optional white space.  Anything else is taken as a query.
 */
static bool
LooksLikeName(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	for (;;)
	{
		if (*s == '"')
		{
			for (s++;; s++)
			{
				if (*s == '\0')
					return false;
				if (*s == '"' && s[1] == '"')
					s++;
				else if (*s == '"')
					break;
			}
			s++;
		}
		else if (isalpha((unsigned char) *s) || *s == '_' || IS_HIGHBIT_SET(*s))
		{
			while (isalnum((unsigned char) *s) || *s == '_' || *s == '$' || IS_HIGHBIT_SET(*s))
				s++;
		}
		else
			return false;
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		if (*s != '.')
			break;
		s++;
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
	}
	return *s == '\0';
}

/*
 * The FROM-clause SQL for source: a quoted relation, or a query that must
 * parse as exactly one SELECT (so it cannot carry other statements); the
 * statement's own text is used, without a trailing semicolon.
 */
char *
LearnSourceSql(const char *source)
{
	List	   *raw;
	RawStmt    *rs;
	char	   *text;

	if (LooksLikeName(source))
	{
		List	   *names = stringToQualifiedNameList(source);
		RangeVar   *rv = makeRangeVarFromNameList(names);
		Oid			relid = RangeVarGetRelid(rv, NoLock, false);

		return quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
										  get_rel_name(relid));
	}
	raw = raw_parser(source, RAW_PARSE_DEFAULT);
	if (list_length(raw) != 1 || !IsA(((RawStmt *) linitial(raw))->stmt, SelectStmt))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("source must be a table or view name, or a single SELECT query")));
	rs = linitial(raw);
	text = (rs->stmt_len > 0) ? pnstrdup(source + rs->stmt_location, rs->stmt_len)
		: pstrdup(source + rs->stmt_location);
	/* newlines end any trailing -- comment before our closing parenthesis */
	return psprintf("(\n%s\n)", text);
}

/* Types a feature or numeric target may have (cast to float8). */
static bool
IsNumericType(Oid t)
{
	return t == INT2OID || t == INT4OID || t == INT8OID || t == FLOAT4OID ||
		t == FLOAT8OID || t == NUMERICOID;
}

/* The attribute named name in the source; a target must be numeric. */
static Form_pg_attribute
FindColumnOf(TupleDesc td, const char *name, const char *role, bool numeric_target)
{
	Form_pg_attribute found = NULL;

	for (int i = 0; i < td->natts; i++)
	{
		Form_pg_attribute a = TupleDescAttr(td, i);

		if (a->attisdropped || strcmp(NameStr(a->attname), name) != 0)
			continue;
		if (found)
			ereport(ERROR,
					(errcode(ERRCODE_AMBIGUOUS_COLUMN),
					 errmsg("%s column \"%s\" appears more than once in the source", role, name)));
		found = a;
	}
	if (found == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("%s column \"%s\" does not exist in the source", role, name)));
	if (strcmp(role, "target") == 0 && numeric_target && !IsNumericType(getBaseType(found->atttypid)))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s column \"%s\" has type %s, but a numeric type is required",
						role, name, format_type_be(found->atttypid))));
	return found;
}

/* The attribute named name (a feature, or a numeric target). */
static Form_pg_attribute
FindColumn(TupleDesc td, const char *name, const char *role)
{
	return FindColumnOf(td, name, role, true);
}

/* Resolve target and features against the source's columns. */
static void
ResolveColumns(TrainPlan *tp, ArrayType *features)
{
	TupleDesc	td;

	if (SPI_execute(psprintf("SELECT * FROM %s AS s LIMIT 0", tp->source), true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not describe the training source");
	td = SPI_tuptable->tupdesc;
	if (tp->target)
		tp->target_type = getBaseType(FindColumnOf(td, tp->target, "target",
												   tp->algo->target == LEARN_TARGET_NUMBER)->atttypid);

	tp->features = palloc(sizeof(char *) * Max(td->natts, 1));
	tp->types = palloc(sizeof(Oid) * Max(td->natts, 1));
	tp->n_features = 0;
	if (features == NULL)
	{
		for (int i = 0; i < td->natts; i++)
		{
			Form_pg_attribute a = TupleDescAttr(td, i);

			if (!a->attisdropped && LearnDefaultKind(getBaseType(a->atttypid)) != 0 &&
				(tp->target == NULL || strcmp(NameStr(a->attname), tp->target) != 0))
			{
				tp->types[tp->n_features] = getBaseType(a->atttypid);
				tp->features[tp->n_features++] = pstrdup(NameStr(a->attname));
			}
		}
	}
	else
	{
		Datum	   *elems;
		bool	   *nulls;
		int			n;

		deconstruct_array(features, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
		tp->features = palloc(sizeof(char *) * Max(n, 1));
		tp->types = palloc(sizeof(Oid) * Max(n, 1));
		for (int i = 0; i < n; i++)
		{
			char	   *f;
			Form_pg_attribute a;

			if (nulls[i])
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("features must not contain NULL")));
			f = TextDatumGetCString(elems[i]);
			a = FindColumn(td, f, "feature");
			if (tp->target && strcmp(f, tp->target) == 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("column \"%s\" cannot be both the target and a feature", f)));
			for (int j = 0; j < tp->n_features; j++)
				if (strcmp(tp->features[j], f) == 0)
					ereport(ERROR,
							(errcode(ERRCODE_DUPLICATE_COLUMN),
							 errmsg("feature \"%s\" is listed twice", f)));
			tp->types[tp->n_features] = getBaseType(a->atttypid);
			tp->features[tp->n_features++] = f;
		}
	}
	if (tp->n_features == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("no features: the source has no usable column besides the target")));
	/*
	 * The fit passes each column as one argument of learn.fit_columns
	 * (algorithm, options, target, columns...) or learn.prepare_row, so
	 * FUNC_MAX_ARGS bounds the columns; past it PostgreSQL used to fail
	 * with "cannot pass more than 100 arguments to a function".
	 */
	if (tp->n_features > Min(LEARN_MAX_INPUTS, LEARN_MAX_TRAIN_COLUMNS))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("at most %d feature columns are supported, got %d",
						Min(LEARN_MAX_INPUTS, LEARN_MAX_TRAIN_COLUMNS), tp->n_features),
				 errhint("Gather the columns in a float8[] column of a query source (ARRAY[c1, c2, ...] AS x): an array column is one input with many features.")));
}

/* Use pl as the preparation: check the feature count, name the features, encode it. */
static void
SetPipeline(TrainPlan *tp, LearnPipeline *pl)
{
	tp->pipeline = pl;
	if (pl->n_outputs == 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("the feature columns prepare to no features"),
				 errdetail("Each category column has a single value, which the first-category drop removes."),
				 errhint("Use \"drop\": \"none\", or choose other columns.")));
	if (pl->n_outputs > tp->algo->max_features)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s supports at most %u features; the prepared columns make %u",
						tp->algo->name, tp->algo->max_features, pl->n_outputs),
				 errhint("Lower max_categories, or choose fewer columns.")));
	tp->prepared = LearnPipelineFeatureNames(pl);
	LearnWriterInit(&tp->pipeline_bytes);
	LearnPipelineEncode(&tp->pipeline_bytes, pl);
}

/* The aggregate's first argument and a comma, by the algorithm's target kind. */
static char *
TargetSql(const TrainPlan *tp)
{
	switch (tp->algo->target)
	{
		case LEARN_TARGET_NUMBER:
			return tp->target ? psprintf("(s.%s)::float8, ", quote_identifier(tp->target)) : "0::float8, ";
		case LEARN_TARGET_LABEL:
			return psprintf("s.%s, ", quote_identifier(tp->target));
		case LEARN_TARGET_NONE:
			break;
	}
	return "";
}

/* The pipeline's bytes as a bytea (the parameter learn.prepare_row takes). */
static bytea *
PipelineBytea(const TrainPlan *tp)
{
	bytea	   *b = palloc(VARHDRSZ + tp->pipeline_bytes.len);

	SET_VARSIZE(b, VARHDRSZ + tp->pipeline_bytes.len);
	memcpy(VARDATA(b), tp->pipeline_bytes.data, tp->pipeline_bytes.len);
	return b;
}

/*
 * The aggregate query:
 *   SELECT <aggregate>(target, learn.prepare_row($2, columns...), $1), count(*) FROM source
 * learn.prepare_row applies the pipeline ($2) with the code scoring uses.
 */
static char *
FitSql(const TrainPlan *tp)
{
	StringInfoData s;

	initStringInfo(&s);
	if (LearnPipelineIsPassThrough(tp->pipeline))
	{
		/* the same features as learn.prepare_row, passed as separate columns */
		appendStringInfo(&s, "SELECT learn.fit_columns(%d, $1::jsonb, %s", tp->algo->id, TargetSql(tp));
		for (int i = 0; i < tp->n_features; i++)
			appendStringInfo(&s, "%s(s.%s)%s::float8", i ? ", " : "", quote_identifier(tp->features[i]),
							 tp->pipeline->inputs[i].kind == LEARN_INPUT_BOOLEAN ? "::int" : "");
		appendStringInfoChar(&s, ')');
	}
	else
	{
		appendStringInfo(&s, "SELECT %s(%slearn.prepare_row($2", tp->algo->aggregate, TargetSql(tp));
		for (int i = 0; i < tp->n_features; i++)
			appendStringInfo(&s, ", s.%s", quote_identifier(tp->features[i]));
		appendStringInfoString(&s, "), $1::jsonb)");
	}
	appendStringInfo(&s, ", count(%s%s) FROM %s AS s",
					 tp->target ? "s." : "*", tp->target ? quote_identifier(tp->target) : "", tp->source);
	return s.data;
}

/* The fit's options as the aggregate takes them: learn.train's, with the feature and target names. */
static Jsonb *
FitOptions(const TrainPlan *tp)
{
	LearnOptions o = tp->opt;

	o.n_feature_names = tp->pipeline->n_outputs;
	o.feature_names = tp->prepared;
	o.target_name = tp->target;
	return DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(LearnOptionsToJson(&o, tp->algo))));
}

/*
 * Run the fit query; returns the model with the pipeline attached (copied to
 * caller), the source's row count and the count of rows with a target.
 */
static bytea *
RunFit(const TrainPlan *tp, MemoryContext caller, int64 *rows_seen, int64 *rows_target)
{
	Oid			argtypes[2] = {JSONBOID, BYTEAOID};
	Datum		args[2];
	bytea	   *pipeline = PipelineBytea(tp);
	bool		isnull;
	Datum		d;
	bytea	   *model = NULL;

	args[0] = JsonbPGetDatum(FitOptions(tp));
	args[1] = PointerGetDatum(pipeline);
	/*
	 * An algorithm that keeps its rows reads them in this process: a
	 * parallel plan would ship every worker's rows to the leader through a
	 * shared-memory queue and copy them again to combine (1.6 to 1.9 times
	 * slower than a serial scan on two cores, test/bench/algorithms.sh);
	 * its iterations then use threads (core/parallel.h).
	 */
	if (tp->algo->keeps_rows)
	{
		int			nest = NewGUCNestLevel();
		int			threads = learn_threads_hook ? learn_threads_hook() : 1;

		/*
		 * The threads of the fit are those of the session's setting: with
		 * learn.threads = 0 they follow max_parallel_workers_per_gather,
		 * which the serial plan lowers.
		 */
		(void) set_config_option("learn.threads", psprintf("%d", Min(threads, LEARN_PARALLEL_MAX_THREADS)),
								 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
		(void) set_config_option("max_parallel_workers_per_gather", "0", PGC_USERSET, PGC_S_SESSION,
								 GUC_ACTION_SAVE, true, 0, false);
		if (SPI_execute_with_args(FitSql(tp), 2, argtypes, args, NULL, false, 0) != SPI_OK_SELECT ||
			SPI_processed != 1)
			elog(ERROR, "training query returned no row");
		AtEOXact_GUC(true, nest);
	}
	else if (SPI_execute_with_args(FitSql(tp), 2, argtypes, args, NULL, false, 0) != SPI_OK_SELECT ||
			 SPI_processed != 1)
		elog(ERROR, "training query returned no row");
	*rows_target = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
	*rows_seen = *rows_target;
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (!isnull)
	{
		MemoryContext old = MemoryContextSwitchTo(caller);
		bytea	   *raw = DatumGetByteaPP(d);

		model = LearnModelAttachPipeline((const uint8 *) VARDATA_ANY(raw), VARSIZE_ANY_EXHDR(raw),
										 &tp->pipeline_bytes);
		MemoryContextSwitchTo(old);
	}
	return model;
}

/* Insert the new version (and its deployment); returns the version number. */
static int32
StoreModel(TrainPlan *tp, const char *source_arg, Jsonb *options, bytea *model,
		   const LearnModel *m, const char *metrics, double total_s)
{
	Oid			t[17] = {TEXTOID, TEXTOID, BYTEAOID, TEXTOID, TEXTOID, TEXTARRAYOID, JSONBOID,
	JSONBOID, INT8OID, INT8OID, TEXTOID, FLOAT8OID, FLOAT8OID, TEXTOID, INT4OID, INT8OID, NAMEOID};
	Datum		v[17];
	char		nulls[18] = "                 ";
	Oid			lt[1] = {TEXTOID};
	Datum		lv[1];
	Datum	   *fd = palloc(sizeof(Datum) * tp->n_features);
	bool		isnull;
	int32		version;

	/*
	 * The next version comes from learn.model_names: the row lock serialises
	 * concurrent trainings of one name (a retryable serialization failure
	 * under REPEATABLE READ), and a deleted version's number is never reused.
	 * A new name belongs to the current user; every version of a name
	 * belongs to the name's owner (a member of the owner role trains for it).
	 */
	lv[0] = CStringGetTextDatum(tp->name);
	if (SPI_execute_with_args("INSERT INTO learn.model_names AS n (name, last_version) "
							  "SELECT $1, coalesce(max(m.version), 0) + 1 FROM learn.models m "
							  "WHERE m.name = $1 "
							  "ON CONFLICT (name) DO UPDATE SET last_version = "
							  "greatest(n.last_version + 1, excluded.last_version) "
							  "RETURNING last_version, owner",
							  1, lt, lv, NULL, false, 0) != SPI_OK_INSERT_RETURNING)
		elog(ERROR, "could not allocate a model version");
	version = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	v[16] = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull);

	for (int i = 0; i < tp->n_features; i++)
		fd[i] = CStringGetTextDatum(tp->features[i]);
	v[0] = CStringGetTextDatum(tp->name);
	v[1] = CStringGetTextDatum(tp->algo->name);
	v[2] = PointerGetDatum(model);
	v[3] = CStringGetTextDatum(source_arg);
	v[4] = tp->target ? CStringGetTextDatum(tp->target) : (Datum) 0;
	nulls[4] = tp->target ? ' ' : 'n';
	v[5] = PointerGetDatum(construct_array(fd, tp->n_features, TEXTOID, -1, false, TYPALIGN_INT));
	v[6] = JsonbPGetDatum(options);
	v[7] = DirectFunctionCall1(jsonb_in, CStringGetDatum(metrics));
	v[8] = Int64GetDatum(m->rows_used);
	v[9] = Int64GetDatum(m->rows_skipped);
	v[10] = CStringGetTextDatum(psprintf("%016" INT64_MODIFIER "x", m->fingerprint));
	v[11] = Float8GetDatum(tp->fit_seconds);
	v[12] = Float8GetDatum(total_s);
	v[13] = CStringGetTextDatum(PG_LEARN_VERSION);
	v[14] = Int32GetDatum(version);
	v[15] = Int64GetDatum(tp->opt.seed);
	nulls[15] = tp->opt.has_seed ? ' ' : 'n';
	if (SPI_execute_with_args(
							  "INSERT INTO learn.models (name, version, algorithm, model, source, target, "
							  "features, options, metrics, rows_used, rows_skipped, data_fingerprint, "
							  "fit_seconds, train_seconds, extension_version, seed, owner) "
							  "VALUES ($1, $15, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $16, $17)",
							  17, t, v, nulls, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "could not store the model");
	if (tp->topt.deploy)
	{
		Oid			dt[2] = {TEXTOID, INT4OID};
		Datum		dv[2] = {v[0], Int32GetDatum(version)};

		if (SPI_execute_with_args("INSERT INTO learn.deployments (name, version) VALUES ($1, $2)",
								  2, dt, dv, NULL, false, 0) != SPI_OK_INSERT)
			elog(ERROR, "could not deploy the model");
	}
	return version;
}

/* The WHERE clause selecting the training rows (target not NULL). */
static const char *
TrainingRows(const TrainPlan *tp)
{
	return tp->target ? psprintf(" WHERE s.%s IS NOT NULL", quote_identifier(tp->target)) : "";
}

/* Count the training rows, and (when incomplete is not NULL) those with a NULL feature. */
static int64
CountRows(const TrainPlan *tp, int64 *incomplete)
{
	bool		isnull;
	StringInfoData sql;

	initStringInfo(&sql);
	appendStringInfoString(&sql, "SELECT count(*), count(*) FILTER (WHERE false");
	for (int i = 0; incomplete && i < tp->n_features; i++)
		appendStringInfo(&sql, " OR s.%s IS NULL", quote_identifier(tp->features[i]));
	appendStringInfo(&sql, ") FROM %s AS s%s", tp->source, TrainingRows(tp));
	if (SPI_execute(sql.data, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not count the training rows");
	if (incomplete)
		*incomplete = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
	return DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
}

/*
 * The classes of the training rows, in the model's order, and their row
 * counts (for the streaming fit, which needs them before the first pass).
 */
static char **
TrainingClasses(const TrainPlan *tp, uint32 *n, double **counts, LearnLabelKind *kind)
{
	char	  **names,
			  **sorted;
	double	   *cnt;
	int		   *perm;
	bool		isnull;

	if (SPI_execute(psprintf("SELECT s.%1$s, count(*) FROM %2$s AS s%3$s GROUP BY 1",
							 quote_identifier(tp->target), tp->source, TrainingRows(tp)), true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read the classes");
	*n = (uint32) SPI_processed;
	if (*n < 2)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("%s needs at least two classes; the training rows have %u", tp->algo->name, *n)));
	if (*n > LEARN_MAX_CLASSES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("more than %d distinct class labels", LEARN_MAX_CLASSES)));
	*kind = LearnLabelKindOf(tp->target_type);
	names = palloc(sizeof(char *) * *n);
	cnt = palloc(sizeof(double) * *n);
	for (uint32 i = 0; i < *n; i++)
	{
		if (*kind == LEARN_LABEL_BOOLEAN)
			names[i] = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull))
				? "true" : "false";
		else
			names[i] = LearnCanonicalLabel(SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1),
										   tp->target_type);
		cnt[i] = (double) DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2, &isnull));
	}
	perm = palloc(sizeof(int) * *n);
	LearnSortClasses(names, *n, *kind, perm);
	sorted = palloc(sizeof(char *) * *n);
	*counts = palloc(sizeof(double) * *n);
	for (uint32 i = 0; i < *n; i++)
	{
		sorted[i] = names[perm[i]];
		(*counts)[i] = cnt[perm[i]];
	}
	return sorted;
}

/*
 * The prepared features of a row of source alias s, as SQL: the pipeline
 * (parameter $param) applied by learn.prepare_row, or, for a pipeline that
 * passes every input through, the columns cast to float8 in an array (what
 * learn.prepare_row returns, without its per-row work; the casts are those
 * of the in-memory fit, FitSql).  A row with a NULL feature gives NULL from
 * learn.prepare_row, and an array with a NULL element here.
 */
static char *
FeaturesSql(const TrainPlan *tp, int param)
{
	StringInfoData s;

	initStringInfo(&s);
	if (LearnPipelineIsPassThrough(tp->pipeline))
	{
		appendStringInfoString(&s, "ARRAY[");
		for (int i = 0; i < tp->n_features; i++)
			appendStringInfo(&s, "%s(s.%s)%s::float8", i ? ", " : "", quote_identifier(tp->features[i]),
							 tp->pipeline->inputs[i].kind == LEARN_INPUT_BOOLEAN ? "::int" : "");
		appendStringInfoChar(&s, ']');
	}
	else
	{
		appendStringInfo(&s, "learn.prepare_row($%d", param);
		for (int i = 0; i < tp->n_features; i++)
			appendStringInfo(&s, ", s.%s", quote_identifier(tp->features[i]));
		appendStringInfoChar(&s, ')');
	}
	return s.data;
}

/*
 * Run a learn.hash_sample query (one row: a rows x width float8 array or
 * NULL) and copy its rows into *rows; returns the count.
 */
static int64
RunSampleQuery(const char *sql, int nargs, Oid *argtypes, Datum *args, int64 max_rows,
			   uint32 width, double **rows)
{
	bool		isnull;
	Datum		d;
	ArrayType  *a;
	int64		n = 0;

	if (SPI_execute_with_args(sql, nargs, argtypes, args, NULL, true, 0) != SPI_OK_SELECT ||
		SPI_processed != 1)
		elog(ERROR, "could not sample the training rows");
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	a = isnull ? NULL : DatumGetArrayTypeP(d);
	if (a != NULL)
	{
		if (ARR_NDIM(a) != 2 || (uint32) ARR_DIMS(a)[1] != width || ARR_DIMS(a)[0] > max_rows ||
			ARR_HASNULL(a))
			elog(ERROR, "the training sample has the wrong shape");
		n = ARR_DIMS(a)[0];
	}
	*rows = palloc_extended(sizeof(double) * Max(n, 1) * width, MCXT_ALLOC_HUGE);
	if (n > 0)
		memcpy(*rows, ARR_DATA_PTR(a), sizeof(double) * n * width);
	return n;
}

/*
 * The WHERE clauses of a sample query: on the source's rows (the rows with a
 * target) and on the prepared array x of the subquery around them (no NULL
 * in it).  A pass-through pipeline's array has a NULL exactly where a
 * feature column is NULL, so those columns are tested on the source's rows
 * instead: the tests of x on the flattened subquery built the array three
 * times a row, and made the sample pass twice as long as a step pass.
 */
static void
SampleFilters(const TrainPlan *tp, char **inner, char **outer)
{
	StringInfoData s;

	if (!LearnPipelineIsPassThrough(tp->pipeline))
	{
		*inner = (char *) TrainingRows(tp);
		*outer = " WHERE x IS NOT NULL AND array_position(x, NULL) IS NULL";
		return;
	}
	initStringInfo(&s);
	appendStringInfoString(&s, TrainingRows(tp));
	for (int i = 0; i < tp->n_features; i++)
		appendStringInfo(&s, "%s s.%s IS NOT NULL", (i == 0 && tp->target == NULL) ? " WHERE" : " AND",
						 quote_identifier(tp->features[i]));
	*inner = s.data;
	*outer = "";
}

/* LearnStreamStart.sample: a deterministic sample of prepared training rows. */
static int64
SampleRows(const LearnStreamStart *ctx, int64 max_rows, double **rows)
{
	const TrainPlan *tp = ctx->private;
	bytea	   *pipeline = PipelineBytea(tp);
	Oid			argtypes[1] = {BYTEAOID};
	Datum		args[1];
	StringInfoData sql;
	int64		n = 0;
	char	   *inner,
			   *outer;

	args[0] = PointerGetDatum(pipeline);
	/* the rows with the smallest hash of their prepared values (core/sample.h): independent of scan order */
	SampleFilters(tp, &inner, &outer);
	initStringInfo(&sql);
	appendStringInfo(&sql, "SELECT learn.hash_sample(x, " INT64_FORMAT ") FROM (SELECT %s AS x FROM %s AS s%s) q%s",
					 max_rows, FeaturesSql(tp, 1), tp->source, inner, outer);
	n = RunSampleQuery(sql.data, 1, argtypes, args, max_rows, ctx->p, rows);
	return n;
}

/*
 * The label of a training row as the text of its class name (see
 * LearnCanonicalLabel): numeric without trailing fractional zeros, floats
 * with -0 as 0, booleans as true/false, other types by their output.
 */
static char *
ClassTextSql(const TrainPlan *tp)
{
	const char *col = psprintf("s.%s", quote_identifier(tp->target));

	switch (tp->target_type)
	{
		case NUMERICOID:
			return psprintf("trim_scale(%s)::text", col);
		case FLOAT4OID:
			return psprintf("(%s + 0::float4)::text", col);
		case FLOAT8OID:
			return psprintf("(%s + 0::float8)::text", col);
		default:
			return psprintf("%s::text", col);
	}
}

/* The relation a source that names one names (locked AccessShareLock), or InvalidOid for a query. */
static Oid
SourceRelation(const TrainPlan *tp)
{
	if (tp->source[0] == '(')
		return InvalidOid;
	return RangeVarGetRelid(makeRangeVarFromNameList(stringToQualifiedNameList(tp->source)),
							AccessShareLock, true);
}

/* Is the source a table or materialized view (which TABLESAMPLE can read)? */
static bool
SourceIsTable(const TrainPlan *tp)
{
	Oid			relid = SourceRelation(tp);
	char		kind = OidIsValid(relid) ? get_rel_relkind(relid) : '\0';

	return kind == RELKIND_RELATION || kind == RELKIND_MATVIEW;
}

/*
 * LearnStreamStart.sample_classes: rows with the smallest hash of their
 * (class index, prepared values), for a warm start.  A label that does not
 * match a class name (it should not happen) gets index -1 and is left out.
 */
static int64
SampleClassRows(const LearnStreamStart *ctx, int64 max_rows, double **rows)
{
	const TrainPlan *tp = ctx->private;
	bytea	   *pipeline = PipelineBytea(tp);
	Oid			argtypes[2] = {BYTEAOID, TEXTARRAYOID};
	Datum		args[2];
	Datum	   *names = palloc(sizeof(Datum) * ctx->n_classes);
	StringInfoData sql;
	int64		n = 0,
				kept = 0;
	uint32		w = ctx->p + 1;
	char	   *inner,
			   *outer;

	for (uint32 c = 0; c < ctx->n_classes; c++)
		names[c] = CStringGetTextDatum(ctx->class_names[c]);
	args[0] = PointerGetDatum(pipeline);
	args[1] = PointerGetDatum(construct_array(names, ctx->n_classes, TEXTOID, -1, false, TYPALIGN_INT));
	initStringInfo(&sql);
	appendStringInfo(&sql, "SELECT learn.hash_sample(array_prepend(c, x), " INT64_FORMAT ") "
					 "FROM (SELECT coalesce(array_position($2, %s) - 1, -1)::float8 AS c, %s AS x FROM %s AS s",
					 max_rows, ClassTextSql(tp), FeaturesSql(tp, 1), tp->source);

	/*
	 * From a table, a Bernoulli sample of the rows (REPEATABLE: the same
	 * rows while the table is unchanged), so that only those rows are
	 * prepared; from a view or query, every row, the sample chosen by hash.
	 */
	if (SourceIsTable(tp) && ctx->n_rows > 0)
		appendStringInfo(&sql, " TABLESAMPLE BERNOULLI (%.6f) REPEATABLE (0)",
						 Min(100.0, 150.0 * (double) max_rows / (double) ctx->n_rows));
	SampleFilters(tp, &inner, &outer);
	appendStringInfo(&sql, "%s) q%s", inner, outer);
	n = RunSampleQuery(sql.data, 2, argtypes, args, max_rows, w, rows);
	for (int64 r = 0; r < n; r++)
	{
		const double *src = *rows + r * w;

		if (src[0] >= 0 && src[0] < ctx->n_classes)
			memmove(*rows + (kept++) * w, src, sizeof(double) * w);
	}
	return kept;
}

/*
 * Streamed fit of a row-keeping algorithm: the algorithm's start model,
 * then one pass of its step aggregate per iteration, each returning the
 * next model, until the algorithm says the model is finished.
 */
static bytea *
StreamFit(TrainPlan *tp, MemoryContext caller, int64 n_rows)
{
	LearnStreamStart ctx = {0};
	bytea	   *model;
	bytea	   *pipeline = PipelineBytea(tp);
	StringInfoData sql;
	Oid			argtypes[2] = {BYTEAOID, BYTEAOID};
	LearnModel	m;

	if (tp->algo->stream_start == NULL)
		elog(ERROR, "%s has no streaming fit", tp->algo->name);
	ctx.opt = &tp->opt;
	ctx.p = tp->pipeline->n_outputs;
	ctx.feature_names = tp->prepared;
	ctx.target = tp->target;
	ctx.n_rows = n_rows;
	ctx.sample = SampleRows;
	ctx.sample_classes = SampleClassRows;
	ctx.private = tp;
	if (tp->algo->target == LEARN_TARGET_LABEL)
	{
		double	   *counts;

		ctx.class_names = TrainingClasses(tp, &ctx.n_classes, &counts, &ctx.label_kind);
		ctx.class_counts = counts;
	}
	model = tp->algo->stream_start(&ctx);
	model = LearnModelAttachPipeline((const uint8 *) VARDATA(model), VARSIZE(model) - VARHDRSZ,
									 &tp->pipeline_bytes);
	initStringInfo(&sql);
	appendStringInfo(&sql, "SELECT %s(%s%s, $1) FROM %s AS s", tp->algo->step_aggregate,
					 tp->algo->target == LEARN_TARGET_NONE ? "" : TargetSql(tp), FeaturesSql(tp, 2),
					 tp->source);
	tp->passes = 0;
	for (;;)
	{
		Datum		args[2] = {PointerGetDatum(model), PointerGetDatum(pipeline)};
		bool		isnull;
		MemoryContext old;

		LearnModelLoad((const uint8 *) VARDATA(model), VARSIZE(model) - VARHDRSZ, &m);
		if (tp->algo->stream_finished(&m))
			break;
		CHECK_FOR_INTERRUPTS();
		if (SPI_execute_with_args(sql.data, 2, argtypes, args, NULL, true, 0) != SPI_OK_SELECT ||
			SPI_processed != 1)
			elog(ERROR, "streaming pass failed");
		tp->passes++;
		old = MemoryContextSwitchTo(caller);
		model = DatumGetByteaPCopy(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
		MemoryContextSwitchTo(old);
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("no usable rows to train \"%s\"", tp->name)));
	}
	return model;
}

/*
 * A model fitted with the deferred pipeline (no training row needed
 * imputing), with the pipeline completed from its feature means attached.
 */
static bytea *
CompleteDeferred(TrainPlan *tp, MemoryContext caller, bytea *model)
{
	LearnModel	m;
	MemoryContext old = MemoryContextSwitchTo(caller);

	LearnModelDecode((const uint8 *) VARDATA(model), VARSIZE(model) - VARHDRSZ, &m);
	LearnPipelineCompleteDeferred(tp->pipeline, tp->plan, m.feature_mean);
	SetPipeline(tp, tp->pipeline);
	model = LearnModelAttachPipeline((const uint8 *) VARDATA(model), VARSIZE(model) - VARHDRSZ,
									 &tp->pipeline_bytes);
	MemoryContextSwitchTo(old);
	return model;
}

/*
 * The direct scan (learn.direct_scan): an algorithm keeping its rows reads
 * a plain table itself, with the table access method, instead of through
 * the fit query's executor (projection, casts, one aggregate call per row),
 * and counts the training rows in the same pass (no CountRows scan first).
 * The rows go through the training aggregate's own code (LearnRowLoader) in
 * the order a serial scan of the query would give them, so the model is the
 * one the fit query would make (tested byte for byte, sql/direct_scan.sql).
 */
typedef enum DirectOutcome
{
	DIRECT_NOT_USED,			/* not eligible: use the fit query */
	DIRECT_FITTED,				/* rows read and fitted (model NULL: no usable row or some row incomplete) */
	DIRECT_TOO_BIG				/* the rows exceed learn.memory_limit: counted only */
} DirectOutcome;

/*
 * A feature or numeric target type the direct scan converts itself, exactly
 * as the query's cast to float8 would and without any error (numeric's cast
 * can fail: such columns go through the query).
 */
static bool
DirectType(Oid t)
{
	return t == FLOAT8OID || t == FLOAT4OID || t == INT2OID || t == INT4OID || t == INT8OID ||
		t == BOOLOID;
}

/* The value of a column of base type t as float8 (the fit query casts booleans through int). */
static double
DirectValue(Datum d, Oid t)
{
	switch (t)
	{
		case FLOAT8OID:
			return DatumGetFloat8(d);
		case FLOAT4OID:
			return (double) DatumGetFloat4(d);
		case INT2OID:
			return (double) DatumGetInt16(d);
		case INT4OID:
			return (double) DatumGetInt32(d);
		case INT8OID:
			return (double) DatumGetInt64(d);
		default:
			return DatumGetBool(d) ? 1.0 : 0.0;
	}
}

/*
 * The attribute number of column name in rel: the column ResolveColumns
 * found by that name (with the same checks) in the source's description.
 */
static AttrNumber
DirectAttnum(Relation rel, const char *name, const char *role)
{
	return FindColumnOf(RelationGetDescr(rel), name, role, false)->attnum;
}

/* May the current user read column att of rel (table or column privilege)? */
static bool
DirectCanRead(Oid relid, AttrNumber att)
{
	/* as the executor checks: the table's privilege, else the column's */
	return pg_class_aclcheck(relid, GetUserId(), ACL_SELECT) == ACLCHECK_OK ||
		pg_attribute_aclcheck(relid, att, GetUserId(), ACL_SELECT) == ACLCHECK_OK;
}

/*
 * Open the relation tp->source names when the direct scan may read it for
 * this fit: a plain table or a populated materialized view with no
 * inheritance children, no row-level security applying to the current
 * user, every used column readable by the current user and of a type the
 * scan converts, and not expected to stream (its row estimate within the
 * memory limit: beyond, the parallel count query is cheaper than reading
 * and keeping rows only to drop them).  Fills the attribute numbers
 * (target: 0 when none); NULL when not eligible.
 */
static Relation
DirectOpen(const TrainPlan *tp, AttrNumber *feature_att, AttrNumber *target_att)
{
	Oid			relid = learn_direct_scan ? SourceRelation(tp) : InvalidOid;
	Relation	rel;
	double		limit = (double) learn_memory_limit_kb * 1024.0;
	const char *why = NULL;

	if (!OidIsValid(relid))
		return NULL;
	rel = table_open(relid, NoLock);
	*target_att = 0;
	if (rel->rd_rel->relkind != RELKIND_RELATION && rel->rd_rel->relkind != RELKIND_MATVIEW)
		why = "not a table or materialized view";
	else if (!RelationIsPopulated(rel))
		why = "not populated";
	else if (has_subclass(relid))
		why = "it has inheritance children";
	else if (check_enable_rls(relid, InvalidOid, true) == RLS_ENABLED)
		why = "row-level security applies";
	else if (rel->rd_rel->reltuples > 0 &&
			 (double) rel->rd_rel->reltuples * (tp->n_features + 1) * sizeof(double) > limit)
		why = "its row estimate exceeds learn.memory_limit";
	else if (tp->target)
	{
		*target_att = DirectAttnum(rel, tp->target, "target");
		if (*target_att == 0 || !DirectCanRead(relid, *target_att))
			why = "the target column is not readable";
		else if (tp->algo->target == LEARN_TARGET_NUMBER && !DirectType(tp->target_type))
			why = "the target's type is converted by the query";
	}
	for (int i = 0; why == NULL && i < tp->n_features; i++)
	{
		feature_att[i] = DirectAttnum(rel, tp->features[i], "feature");
		if (feature_att[i] == 0 || !DirectCanRead(relid, feature_att[i]))
			why = "a feature column is not readable";
		else if (!DirectType(tp->types[i]))
			why = "a feature's type is converted by the query";
	}
	if (why == NULL)
		return rel;
	elog(DEBUG1, "learn.train: no direct scan of %s: %s", tp->source, why);
	table_close(rel, NoLock);	/* the lock stays until the end of the transaction, as the query's would */
	return NULL;
}

/*
 * Read the training rows of tp->source (pass-through pipeline) directly:
 * count those with a target (*n) and those among them with a NULL feature
 * (*incomplete) and, while they fit under learn.memory_limit, keep them and
 * fit.  *model (pipeline attached, in caller) is NULL when no row was usable
 * or some row was incomplete (the caller imputes and fits again).
 */
static DirectOutcome
DirectFit(TrainPlan *tp, MemoryContext caller, int64 *n, int64 *incomplete, bytea **model)
{
	AttrNumber *att = palloc(sizeof(AttrNumber) * tp->n_features);
	AttrNumber	tatt;
	Relation	rel = DirectOpen(tp, att, &tatt);
	TableScanDesc scan;
	TupleTableSlot *slot;
	LearnRowLoader *ld;
	MemoryContext rowcxt,
				old;
	double	   *x;
	int			p = tp->n_features;
	int			natts = tatt;
	double		limit = (double) learn_memory_limit_kb * 1024.0;
	bool		label = tp->algo->target == LEARN_TARGET_LABEL;

	*model = NULL;
	*n = *incomplete = 0;
	if (rel == NULL)
		return DIRECT_NOT_USED;
	for (int i = 0; i < p; i++)
		natts = Max(natts, att[i]);
	x = palloc(sizeof(double) * p);
	ld = LearnLoaderCreate(CurrentMemoryContext, tp->algo, FitOptions(tp),
						   label ? TupleDescAttr(RelationGetDescr(rel), tatt - 1)->atttypid : InvalidOid);
	rowcxt = AllocSetContextCreate(CurrentMemoryContext, "pg_learn direct row", ALLOCSET_SMALL_SIZES);

	/* what the fit query would see: the snapshot and command counter step SPI would take */
	PushActiveSnapshot(GetTransactionSnapshot());
	CommandCounterIncrement();
	UpdateActiveSnapshotCommandId();
	scan = table_beginscan(rel, GetActiveSnapshot(), 0, NULL);
	slot = table_slot_create(rel, NULL);
	while (table_scan_getnextslot(scan, ForwardScanDirection, slot))
	{
		bool		skip = false;
		double		y = 0.0;
		Datum		lab = (Datum) 0;

		CHECK_FOR_INTERRUPTS();
		slot_getsomeattrs(slot, natts);
		old = MemoryContextSwitchTo(rowcxt);
		if (tatt != 0 && slot->tts_isnull[tatt - 1])
			skip = true;		/* no target: skipped, not counted */
		else
		{
			(*n)++;
			if (tatt != 0 && label)
				lab = slot->tts_values[tatt - 1];
			else if (tatt != 0)
				y = DirectValue(slot->tts_values[tatt - 1], tp->target_type);
			for (int i = 0; i < p; i++)
			{
				if (slot->tts_isnull[att[i] - 1])
				{
					skip = true;
					(*incomplete)++;
					break;
				}
				x[i] = DirectValue(slot->tts_values[att[i] - 1], tp->types[i]);
			}
		}
		/* past the limit by the rule CountRows's caller applies, or by the rows' own size: count only */
		if (ld != NULL && (double) *n * (p + 1) * sizeof(double) > limit)
		{
			LearnLoaderFree(ld);
			ld = NULL;
		}
		if (ld != NULL && !LearnLoaderAdd(ld, skip, p, x, y, lab))
		{
			LearnLoaderFree(ld);
			ld = NULL;
		}
		/* the first rows give the width and classes: make room for the table's estimate at once */
		if (ld != NULL && *n == 2048 && rel->rd_rel->reltuples > 4096)
			LearnLoaderReserve(ld, (int64) (rel->rd_rel->reltuples * 1.02) + 1024);
		MemoryContextSwitchTo(old);
		MemoryContextReset(rowcxt);
	}
	ExecDropSingleTupleTableSlot(slot);
	table_endscan(scan);
	PopActiveSnapshot();
	table_close(rel, NoLock);
	MemoryContextDelete(rowcxt);

	if (tp->topt.verbose)
		ereport(NOTICE,
				(errmsg("learn.train(\"%s\"): read " INT64_FORMAT " rows by a direct scan of %s%s", tp->name, *n,
						tp->source, ld == NULL ? ", too many to keep in memory" : "")));
	if (ld == NULL)
		return (double) *n * (p + 1) * sizeof(double) > limit ? DIRECT_TOO_BIG : DIRECT_NOT_USED;
	if (*incomplete > 0)
	{
		LearnLoaderFree(ld);
		return DIRECT_FITTED;
	}
	{
		bytea	   *raw = LearnLoaderFinish(ld);

		if (raw != NULL)
		{
			old = MemoryContextSwitchTo(caller);
			*model = LearnModelAttachPipeline((const uint8 *) VARDATA(raw), VARSIZE(raw) - VARHDRSZ,
											  &tp->pipeline_bytes);
			MemoryContextSwitchTo(old);
		}
	}
	return DIRECT_FITTED;
}

/*
 * Fit the pipeline and the model.  When the pipeline allows it (see
 * LearnPipelinePlanDeferrable), first fit in one pass with imputation off,
 * and keep that model if no training row had a NULL input; otherwise compute
 * the preparation statistics and fit again.
 */
static bytea *
FitModel(TrainPlan *tp, MemoryContext caller, int64 *rows_seen, double *fit_s)
{
	instr_time	start;
	bytea	   *model = NULL;
	int64		rows_target;
	bool		deferred_tried = false;

	INSTR_TIME_SET_CURRENT(start);
	if (tp->algo->keeps_rows)
	{
		/* rows kept in memory up to learn.memory_limit; beyond it, stream */
		bool		deferrable = LearnPipelinePlanDeferrable(tp->plan);
		int64		incomplete = 0;
		int64		n = -1;
		LearnPipeline *pl = deferrable ? LearnPipelineDeferred(tp->plan) : NULL;
		double		bytes;

		tp->scan = "query";
		if (pl != NULL && LearnPipelineIsPassThrough(pl))
		{
			DirectOutcome d;

			SetPipeline(tp, pl);
			ReportPhase(tp, psprintf("fitting %s on %u features", tp->algo->name, pl->n_outputs));
			d = DirectFit(tp, caller, &n, &incomplete, &model);
			tp->pipeline = NULL;	/* chosen again below */
			if (d == DIRECT_FITTED)
			{
				tp->path = "memory";
				*rows_seen = n;
				if (model != NULL)
				{
					tp->scan = "direct";
					tp->pipeline = pl;
					model = CompleteDeferred(tp, caller, model);
					*fit_s = LearnElapsed(start);
					return model;
				}
				deferred_tried = true;	/* some input was NULL (or no row usable): impute */
			}
			else if (d == DIRECT_NOT_USED)
				n = -1;
		}
		if (n < 0)
			n = CountRows(tp, deferrable ? &incomplete : NULL);

		if (pl == NULL)
		{
			ReportPhase(tp, "preparing features");
			SetPipeline(tp, LearnPipelineFitPlan(tp->plan, tp->source, tp->target));
			pl = tp->pipeline;
		}
		bytes = (double) n * (pl->n_outputs + 1) * sizeof(double);
		tp->path = "memory";
		if (bytes > (double) learn_memory_limit_kb * 1024.0 && tp->algo->stream_start != NULL)
		{
			tp->path = "streaming";
			tp->scan = NULL;

			/*
			 * No training row has a NULL feature: nothing is imputed, so the
			 * deferred pipeline prepares every row as the fitted one would,
			 * and the imputation values come from the model's feature means
			 * (as for the one-scan fit below), without a statistics pass.
			 */
			if (tp->pipeline != pl && pl != NULL && incomplete == 0)
				SetPipeline(tp, pl);
			else if (tp->pipeline != pl || tp->pipeline == NULL)
			{
				ReportPhase(tp, "preparing features");
				SetPipeline(tp, LearnPipelineFitPlan(tp->plan, tp->source, tp->target));
			}
			ReportPhase(tp, psprintf("fitting %s on %u features, one pass per iteration",
									 tp->algo->name, tp->pipeline->n_outputs));
			model = StreamFit(tp, caller, n);
			if (tp->pipeline == pl)
				model = CompleteDeferred(tp, caller, model);
			*rows_seen = n;
			*fit_s = LearnElapsed(start);
			return model;
		}
		if (tp->pipeline == pl)
		{
			ReportPhase(tp, psprintf("fitting %s on %u features", tp->algo->name, pl->n_outputs));
			model = RunFit(tp, caller, rows_seen, &rows_target);
			*fit_s = LearnElapsed(start);
			return model;
		}
	}
	if (LearnPipelinePlanDeferrable(tp->plan) && !deferred_tried)
	{
		SetPipeline(tp, LearnPipelineDeferred(tp->plan));
		ReportPhase(tp, psprintf("fitting %s on %u features", tp->algo->name, tp->pipeline->n_outputs));
		model = RunFit(tp, caller, rows_seen, &rows_target);
		if (model != NULL)
		{
			LearnModel	m;

			LearnModelDecode((const uint8 *) VARDATA(model), VARSIZE(model) - VARHDRSZ, &m);
			/* keep it if no row with a target was skipped (no NULL feature) */
			if (m.rows_used == rows_target)
				model = CompleteDeferred(tp, caller, model);
			else
				model = NULL;	/* some inputs were NULL: impute properly */
		}
	}
	if (model == NULL)
	{
		ReportPhase(tp, "preparing features");
		SetPipeline(tp, LearnPipelineFitPlan(tp->plan, tp->source, tp->target));
		ReportPhase(tp, psprintf("fitting %s on %u features", tp->algo->name, tp->pipeline->n_outputs));
		model = RunFit(tp, caller, rows_seen, &rows_target);
	}
	*fit_s = LearnElapsed(start);
	return model;
}

/* Seconds since start. */
double
LearnElapsed(instr_time start)
{
	instr_time	now;

	INSTR_TIME_SET_CURRENT(now);
	INSTR_TIME_SUBTRACT(now, start);
	return INSTR_TIME_GET_DOUBLE(now);
}

/*
 * Check what learn.train and learn.tune take before reading anything: the
 * model name, the algorithm, and a target exactly when the algorithm has one.
 */
void
LearnTrainInit(TrainPlan *tp, const char *name, const char *algo_name, const char *target)
{
	memset(tp, 0, sizeof(*tp));
	tp->name = name;
	CheckModelName(name);
	tp->algo = LearnAlgorithmByName(algo_name);
	if (tp->algo == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown algorithm \"%s\"", algo_name),
				 errhint("Available algorithms: %s.", LearnAlgorithmNames())));
	if (target == NULL && (tp->algo->task == LEARN_TASK_REGRESSION ||
						   tp->algo->task == LEARN_TASK_CLASSIFICATION))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s needs a target column", tp->algo->name)));
	if (target != NULL && tp->algo->target == LEARN_TARGET_NONE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s takes no target column", tp->algo->name),
				 errhint("Pass target => NULL; to leave rows out, filter the source.")));
	tp->target = target ? pstrdup(target) : NULL;
}

/* Parse the options into tp (the aggregate's and learn.train's own). */
void
LearnTrainParse(TrainPlan *tp, Jsonb *options)
{
	LearnParseOptions(options, tp->algo, &tp->opt, &tp->topt);
	if (tp->opt.n_feature_names > 0 || tp->opt.target_name != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("options \"feature_names\" and \"target\" are set by learn.train itself"),
				 errhint("Pass the target and features arguments instead.")));
}

/* Resolve the source and its columns (SPI connected). */
void
LearnTrainOpen(TrainPlan *tp, const char *source_arg, ArrayType *features)
{
	ReportPhase(tp, "reading the source");
	tp->source = LearnSourceSql(source_arg);
	ResolveColumns(tp, features);
}

/*
 * Fit the preparation and the model on the rows of tp->source, with the
 * options already parsed into tp; the model bytes are built in caller.
 */
bytea *
LearnTrainFit(TrainPlan *tp, Jsonb *options, MemoryContext caller)
{
	int64		rows_seen;
	bytea	   *model;

	tp->path = NULL;
	tp->scan = NULL;
	tp->passes = 0;
	tp->plan = LearnPipelinePlanMake(tp->features, tp->types, tp->n_features, options);
	model = FitModel(tp, caller, &rows_seen, &tp->fit_seconds);
	if (model == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("no usable rows to train \"%s\": every row has a NULL target, or a NULL "
						"feature without imputation", tp->name)));
	return model;
}

/*
 * The metrics JSON of a fitted model (algorithm metrics, training path,
 * passes, then extra: JSON object members or NULL), built in caller; m is
 * loaded from model there too, since both outlive SPI_finish.
 */
char *
LearnTrainMetrics(TrainPlan *tp, bytea *model, LearnModel *m, const char *extra, MemoryContext caller)
{
	MemoryContext spi = MemoryContextSwitchTo(caller);
	StringInfoData metrics;

	LearnModelLoad((const uint8 *) VARDATA(model), VARSIZE(model) - VARHDRSZ, m);
	initStringInfo(&metrics);
	appendStringInfoChar(&metrics, '{');
	tp->algo->metrics(&metrics, m->decoded, m);
	if (tp->path)
		appendStringInfo(&metrics, ", \"training_path\": \"%s\"", tp->path);
	if (tp->scan)
		appendStringInfo(&metrics, ", \"training_scan\": \"%s\"", tp->scan);
	if (tp->passes > 0)
		appendStringInfo(&metrics, ", \"passes\": %d", tp->passes);
	if (extra)
		appendStringInfo(&metrics, ", %s", extra);
	appendStringInfoChar(&metrics, '}');
	MemoryContextSwitchTo(spi);
	return metrics.data;
}

/* Store, NOTICE when verbose, and restore the activity text. */
int32
LearnTrainFinish(TrainPlan *tp, const char *source_arg, Jsonb *options, bytea *model,
				 const LearnModel *m, const char *metrics, instr_time start)
{
	int32		version;

	ReportPhase(tp, "storing the model");
	version = StoreModel(tp, source_arg, options, model, m, metrics, LearnElapsed(start));
	if (tp->topt.verbose)
		ereport(NOTICE,
				(errmsg("learn.train(\"%s\"): stored version %d%s", tp->name, version,
						tp->topt.deploy ? " and deployed it" : "")));
	return version;
}

PG_FUNCTION_INFO_V1(learn_train);

/*
 * learn.train(name text, algorithm text, source text, target text,
 *             features text[], options jsonb)
 *   RETURNS (name text, version int, algorithm text, rows_used bigint,
 *            rows_skipped bigint, metrics jsonb, seconds float8)
 */
Datum
learn_train(PG_FUNCTION_ARGS)
{
	MemoryContext caller = CurrentMemoryContext;
	TrainPlan	tp;
	Jsonb	   *options;
	char	   *source_arg;
	instr_time	start;
	bytea	   *model;
	LearnModel	m;
	char	   *metrics;
	char	   *holdout = NULL;
	int32		version;
	TupleDesc	rtd;
	Datum		values[7];
	bool		nulls[7] = {false};
	char	   *saved_activity = debug_query_string ? pstrdup(debug_query_string) : NULL;

	INSTR_TIME_SET_CURRENT(start);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("learn.train needs a name, an algorithm and a source")));
	LearnTrainInit(&tp, text_to_cstring(PG_GETARG_TEXT_PP(0)), text_to_cstring(PG_GETARG_TEXT_PP(1)),
				   PG_ARGISNULL(3) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(3)));
	/* before any work: only the owner (or its members) adds versions */
	LearnCatalogCheckOwner(tp.name, "train a new version of");
	source_arg = text_to_cstring(PG_GETARG_TEXT_PP(2));
	options = PG_ARGISNULL(5) ? DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum("{}")))
		: PG_GETARG_JSONB_P(5);
	LearnTrainParse(&tp, options);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	LearnTrainOpen(&tp, source_arg, PG_ARGISNULL(4) ? NULL : PG_GETARG_ARRAYTYPE_P(4));
	if (tp.topt.holdout > 0)
		model = LearnFitWithHoldout(&tp, options, caller, &holdout);
	else
		model = LearnTrainFit(&tp, options, caller);
	metrics = LearnTrainMetrics(&tp, model, &m, holdout, caller);
	version = LearnTrainFinish(&tp, source_arg, options, model, &m, metrics, start);
	SPI_finish();
	pgstat_report_activity(STATE_RUNNING, saved_activity ? saved_activity : "");

	if (get_call_result_type(fcinfo, NULL, &rtd) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "learn.train must return a composite");
	rtd = BlessTupleDesc(rtd);
	values[0] = CStringGetTextDatum(tp.name);
	values[1] = Int32GetDatum(version);
	values[2] = CStringGetTextDatum(tp.algo->name);
	values[3] = Int64GetDatum(m.rows_used);
	values[4] = Int64GetDatum(m.rows_skipped);
	values[5] = DirectFunctionCall1(jsonb_in, CStringGetDatum(metrics));
	values[6] = Float8GetDatum(LearnElapsed(start));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(rtd, values, nulls)));
}
