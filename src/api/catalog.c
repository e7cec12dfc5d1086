/*
 * catalog.c: fetching stored models by name.  Names are always passed as
 * SPI parameters, never spliced into SQL text.
 */
#include "postgres.h"

#include "api/catalog.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/builtins.h"

/* Report a model that is not in the catalog. */
static void
NoSuchModel(const char *name, int32 version)
{
	if (version > 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("model \"%s\" has no version %d", name, version)));
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_OBJECT),
			 errmsg("model \"%s\" does not exist or has no deployed version", name),
			 errhint("See learn.registry for the stored models; learn.deploy() chooses the version served.")));
}

/*
 * The bytes of model name at version, or of its deployed version when
 * version is 0.  The result is a detoasted copy in the caller's context.
 */
bytea *
LearnCatalogFetch(const char *name, int32 version, int32 *found_version)
{
	MemoryContext caller = CurrentMemoryContext;
	Oid			types[2] = {TEXTOID, INT4OID};
	Datum		values[2];
	bytea	   *result;
	bool		isnull;
	const char *sql;

	values[0] = CStringGetTextDatum(name);
	values[1] = Int32GetDatum(version);
	if (version > 0)
		sql = "SELECT m.model, m.version FROM learn.models m "
			"WHERE m.name = $1 AND m.version = $2";
	else
		sql = "SELECT m.model, m.version FROM learn.deployments d "
			"JOIN learn.models m ON m.name = d.name AND m.version = d.version "
			"WHERE d.name = $1 AND $2 = 0 ORDER BY d.id DESC LIMIT 1";

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args(sql, 2, types, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "model lookup failed");
	if (SPI_processed == 0)
		NoSuchModel(name, version);
	{
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		MemoryContext spi = MemoryContextSwitchTo(caller);

		result = DatumGetByteaPCopy(d);
		MemoryContextSwitchTo(spi);
		if (found_version)
			*found_version = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0],
														 SPI_tuptable->tupdesc, 2, &isnull));
	}
	SPI_finish();
	return result;
}

PG_FUNCTION_INFO_V1(learn_model);

/* learn.model(name text, version integer DEFAULT NULL) RETURNS bytea */
Datum
learn_model(PG_FUNCTION_ARGS)
{
	char	   *name;
	int32		version = 0;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	if (!PG_ARGISNULL(1))
	{
		version = PG_GETARG_INT32(1);
		if (version <= 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("model version must be positive, got %d", version)));
	}
	PG_RETURN_BYTEA_P(LearnCatalogFetch(name, version, NULL));
}
