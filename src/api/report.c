/*
 * report.c: learn.prepare_report(model, source), what a model's
 * preparation does to a table or query: per input column, the rows, the
 * NULLs, the values imputed, the category values outside the model's
 * categories (never seen in training, or too rare to keep: scoring encodes
 * them as the "other" bucket or all zeros, never an error), and the rows
 * that cannot be prepared at all.  It reads the source with the
 * caller's privileges and runs the same transform as scoring.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "algorithms/algorithm.h"
#include "api/catalog.h"
#include "api/prepare.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#define REPORT_BATCH 1000

/* Per input: what the source did to it. */
typedef struct InputCount
{
	int64		nulls;
	LearnTransformCounts c;
} InputCount;

/* The model's pipeline (or a pass-through one named after its features). */
static LearnPipeline *
ModelPipeline(FunctionCallInfo fcinfo, bool by_name)
{
	LearnModel *m = palloc0(sizeof(LearnModel));
	bytea	   *b;

	if (by_name)
		b = LearnCatalogFetch(text_to_cstring(PG_GETARG_TEXT_PP(0)), 0, NULL, LEARN_ACCESS_SCORE);
	else
		b = PG_GETARG_BYTEA_PP(0);
	LearnModelLoad((const uint8 *) VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b), m);
	return m->pipeline ? m->pipeline : LearnIdentityPipeline(m->feature_names, m->n_features);
}

/* Scan the source, counting per input; returns the rows that could not be prepared. */
static int64
ScanSource(LearnPipeline *pl, const char *source, InputCount *counts, int64 *rows)
{
	Portal		portal;
	int		   *attno = palloc(sizeof(int) * pl->n_inputs);
	LearnColumnReader *readers = palloc(sizeof(LearnColumnReader) * pl->n_inputs);
	LearnRaw   *raw = palloc(sizeof(LearnRaw) * pl->n_inputs);
	LearnTransformCounts *tc = palloc0(sizeof(LearnTransformCounts) * pl->n_inputs);
	double	   *x = palloc(sizeof(double) * Max(pl->n_outputs, 1));
	MemoryContext rowcxt = AllocSetContextCreate(CurrentMemoryContext, "pg_learn report row",
												 ALLOCSET_DEFAULT_SIZES);
	bool		bound = false;
	int64		unusable = 0;

	portal = SPI_cursor_open_with_args(NULL, psprintf("SELECT * FROM %s AS s", LearnSourceSql(source)),
									   0, NULL, NULL, NULL, true, 0);
	for (;;)
	{
		SPI_cursor_fetch(portal, true, REPORT_BATCH);
		if (SPI_processed == 0)
			break;
		if (!bound)
		{
			TupleDesc	td = SPI_tuptable->tupdesc;

			for (uint32 i = 0; i < pl->n_inputs; i++)
			{
				attno[i] = SPI_fnumber(td, pl->inputs[i].name);
				if (attno[i] <= 0)
					ereport(ERROR,
							(errcode(ERRCODE_UNDEFINED_COLUMN),
							 errmsg("column \"%s\" needed by the model is missing from the source",
									pl->inputs[i].name)));
				LearnColumnReaderInit(&readers[i], &pl->inputs[i], SPI_gettypeid(td, attno[i]), NULL,
									  CurrentMemoryContext);
			}
			bound = true;
		}
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			MemoryContext old = MemoryContextSwitchTo(rowcxt);

			CHECK_FOR_INTERRUPTS();
			for (uint32 i = 0; i < pl->n_inputs; i++)
			{
				bool		isnull;
				Datum		d = SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, attno[i], &isnull);

				LearnColumnRead(&readers[i], d, isnull, &raw[i]);
				if (isnull)
					counts[i].nulls++;
			}
			memset(tc, 0, sizeof(LearnTransformCounts) * pl->n_inputs);
			if (!LearnPipelineTransform(pl, raw, x, tc))
				unusable++;
			for (uint32 i = 0; i < pl->n_inputs; i++)
			{
				counts[i].c.imputed += tc[i].imputed;
				counts[i].c.unseen += tc[i].unseen;
			}
			(*rows)++;
			MemoryContextSwitchTo(old);
			MemoryContextReset(rowcxt);
		}
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
	return unusable;
}

/*
 * learn.prepare_report(model, source) RETURNS TABLE (column_name text,
 * kind text, rows bigint, nulls bigint, imputed bigint,
 * other_categories bigint, unusable_rows bigint)
 */
static Datum
PrepareReport(FunctionCallInfo fcinfo, bool by_name)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	LearnPipeline *pl;
	InputCount *counts;
	int64		rows = 0,
				unusable;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("learn.prepare_report needs a model and a source")));
	InitMaterializedSRF(fcinfo, 0);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	pl = ModelPipeline(fcinfo, by_name);
	counts = palloc0(sizeof(InputCount) * pl->n_inputs);
	unusable = ScanSource(pl, text_to_cstring(PG_GETARG_TEXT_PP(1)), counts, &rows);
	for (uint32 i = 0; i < pl->n_inputs; i++)
	{
		Datum		v[7];
		bool		n[7] = {false};

		v[0] = CStringGetTextDatum(pl->inputs[i].name);
		v[1] = CStringGetTextDatum(LearnInputKindName(pl->inputs[i].kind));
		v[2] = Int64GetDatum(rows);
		v[3] = Int64GetDatum(counts[i].nulls);
		v[4] = Int64GetDatum(counts[i].c.imputed);
		v[5] = Int64GetDatum(counts[i].c.unseen);
		v[6] = Int64GetDatum(unusable);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, n);
	}
	SPI_finish();
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(learn_prepare_report_bytea);
PG_FUNCTION_INFO_V1(learn_prepare_report_name);

Datum
learn_prepare_report_bytea(PG_FUNCTION_ARGS)
{
	return PrepareReport(fcinfo, false);
}

Datum
learn_prepare_report_name(PG_FUNCTION_ARGS)
{
	return PrepareReport(fcinfo, true);
}
