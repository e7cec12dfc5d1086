/*
 * summary.c: learn.summary(source, top), one row of descriptive statistics
 * per column of a table, view or query, like MADlib's summary.
 *
 * The source is resolved as learn.train does (LearnSourceSql: a relation
 * name is looked up and quoted, a query must parse as one SELECT) and read
 * through SPI with the caller's privileges.  Per column, one aggregate query
 * computes count, nulls, distinct values (of the text form), min and max
 * (percentile_disc 0 and 1: any type with a sort order, shown as text), and for numeric types mean, sample
 * standard deviation and the quartiles (percentile_cont, i.e. linear
 * interpolation, R's quantile type 7); a second query finds the `top` most
 * frequent values (ties broken by the value's text).  Column names are
 * quoted with quote_identifier; nothing from the source is spliced into SQL
 * unquoted.
 */
#include "postgres.h"

#include "api/catalog.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

#define SUMMARY_COLUMNS 14

/* Types summarised with mean, standard deviation and quartiles. */
static bool
IsNumeric(Oid t)
{
	return t == INT2OID || t == INT4OID || t == INT8OID || t == FLOAT4OID ||
		t == FLOAT8OID || t == NUMERICOID;
}

/* Datum of column k of the current SPI row, or NULL. */
static Datum
SpiValue(int k, bool *isnull)
{
	return SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, k, isnull);
}

/* Fill values[] for column name (type typ) of the source src. */
static void
SummariseColumn(const char *src, const char *name, Oid typ, int top, Datum *values, bool *nulls)
{
	const char *col = quote_identifier(name);
	bool		numeric = IsNumeric(typ);
	TypeCacheEntry *tc = lookup_type_cache(typ, TYPECACHE_LT_OPR);
	bool		ordered = OidIsValid(tc->lt_opr);
	char	   *sql;
	bool		isnull;

	sql = psprintf("SELECT count(%s), count(*) - count(%s), count(DISTINCT %s::text), %s, %s, %s, %s "
				   "FROM %s AS s",
				   col, col, col,
				   numeric ? psprintf("avg(%s::float8)", col) : "NULL::float8",
				   numeric ? psprintf("stddev_samp(%s::float8)", col) : "NULL::float8",
				   /*
					* one fraction per call: percentile_disc(ARRAY[...]) returns an
					* array of the column's type, which does not exist for array
					* columns (int[], text[]: "could not find array type")
					*/
				   ordered ? psprintf("(percentile_disc(0) WITHIN GROUP (ORDER BY %s))::text, "
									"(percentile_disc(1) WITHIN GROUP (ORDER BY %s))::text", col, col)
				   : "NULL::text, NULL::text",
				   numeric ? psprintf("percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY %s::float8)", col)
				   : "NULL::float8[]",
				   src);
	if (SPI_execute(sql, true, 0) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "could not summarise column \"%s\"", name);
	values[2] = SpiValue(1, &nulls[2]);
	values[3] = SpiValue(2, &nulls[3]);
	values[4] = SpiValue(3, &nulls[4]);
	values[5] = SpiValue(4, &nulls[5]);
	values[6] = SpiValue(5, &nulls[6]);
	values[7] = SpiValue(6, &nulls[7]);
	values[11] = SpiValue(7, &nulls[11]);
	if (!nulls[7])
		values[7] = PointerGetDatum(SPI_datumTransfer(values[7], false, -1));
	if (!nulls[11])
		values[11] = PointerGetDatum(SPI_datumTransfer(values[11], false, -1));
	{
		Datum		q = SpiValue(8, &isnull);

		nulls[8] = nulls[9] = nulls[10] = true;
		if (!isnull)
		{
			ArrayType  *a = DatumGetArrayTypeP(q);
			Datum	   *e;
			bool	   *en;
			int			n;

			deconstruct_array(a, FLOAT8OID, 8, FLOAT8PASSBYVAL, 'd', &e, &en, &n);
			for (int i = 0; i < n && i < 3; i++)
			{
				values[8 + i] = e[i];
				nulls[8 + i] = en[i];
			}
		}
	}
	/* most frequent values */
	nulls[12] = nulls[13] = true;
	if (top > 0)
	{
		sql = psprintf("SELECT array_agg(v ORDER BY n DESC, v), array_agg(n ORDER BY n DESC, v) FROM "
					   "(SELECT %s::text AS v, count(*) AS n FROM %s AS s WHERE %s IS NOT NULL "
					   "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT %d) f",
					   col, src, col, top);
		if (SPI_execute(sql, true, 0) != SPI_OK_SELECT || SPI_processed != 1)
			elog(ERROR, "could not find the frequent values of column \"%s\"", name);
		values[12] = SpiValue(1, &nulls[12]);
		values[13] = SpiValue(2, &nulls[13]);
		if (!nulls[12])
			values[12] = PointerGetDatum(SPI_datumTransfer(values[12], false, -1));
		if (!nulls[13])
			values[13] = PointerGetDatum(SPI_datumTransfer(values[13], false, -1));
	}
}

PG_FUNCTION_INFO_V1(learn_summary);

/*
 * learn.summary(source text, top integer DEFAULT 5) RETURNS TABLE (
 *   column_name, data_type, count, nulls, distinct_count, mean, stddev, min,
 *   q1, median, q3, max, most_frequent text[], frequencies bigint[])
 */
Datum
learn_summary(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	   *src;
	int			top = PG_GETARG_INT32(1);
	TupleDesc	desc;

	if (top < 0 || top > 1000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("top must be between 0 and 1000, got %d", top)));
	InitMaterializedSRF(fcinfo, 0);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	src = LearnSourceSql(text_to_cstring(PG_GETARG_TEXT_PP(0)));
	if (SPI_execute(psprintf("SELECT * FROM %s AS s LIMIT 0", src), true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not describe the source");
	desc = CreateTupleDescCopy(SPI_tuptable->tupdesc);
	for (int k = 0; k < desc->natts; k++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, k);
		Datum		values[SUMMARY_COLUMNS];
		bool		nulls[SUMMARY_COLUMNS] = {false};

		if (att->attisdropped)
			continue;
		CHECK_FOR_INTERRUPTS();
		values[0] = CStringGetTextDatum(NameStr(att->attname));
		values[1] = CStringGetTextDatum(format_type_be(att->atttypid));
		SummariseColumn(src, NameStr(att->attname), att->atttypid, top, values, nulls);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	SPI_finish();
	return (Datum) 0;
}
