/*
 * catalog.c: fetching stored models by name, and the per-model access
 * checks.  Names are always passed as SPI parameters, never spliced into
 * SQL text.
 *
 * The registry tables have row-level security (src/sql/55_access.sql): a
 * role sees the versions of the models it owns or was granted "read" on.
 * Scoring by name needs less than that (a "score" grant does not show the
 * bytes), so the lookups here read the registry as the owner of
 * learn.models, the way a SECURITY DEFINER function would, and then decide
 * themselves, with a clear 42501, whether the caller may use the row.  The
 * queries run under that identity are fixed texts whose operators are
 * schema-qualified (OPERATOR(pg_catalog.=)), so no search_path set by the
 * caller can put its own code in them.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "api/catalog.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

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

/* The role owning learn.models (the role that created the extension). */
static Oid
RegistryOwner(void)
{
	Oid			relid = get_relname_relid("models", get_namespace_oid("learn", false));
	HeapTuple	tup;
	Oid			owner;

	if (!OidIsValid(relid))
		elog(ERROR, "table learn.models is missing");
	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	return owner;
}

/*
 * Run a fixed, read-only registry query as the owner of learn.models (so
 * row-level security does not hide rows the caller is then checked for).
 * An error restores the caller's identity with the (sub)transaction abort.
 */
static void
RegistryQuery(const char *sql, int nargs, Oid *types, Datum *values, long limit)
{
	Oid			save_user;
	int			save_sec;

	GetUserIdAndSecContext(&save_user, &save_sec);
	SetUserIdAndSecContext(RegistryOwner(),
						   save_sec | SECURITY_LOCAL_USERID_CHANGE | SECURITY_RESTRICTED_OPERATION);
	if (SPI_execute_with_args(sql, nargs, types, values, NULL, true, limit) != SPI_OK_SELECT)
		elog(ERROR, "registry lookup failed");
	SetUserIdAndSecContext(save_user, save_sec);
}

/* May role user act as the role named role (its member, or a superuser)? */
static bool
ActsAs(Oid user, const char *role)
{
	Oid			r = get_role_oid(role, true);

	return superuser_arg(user) || (OidIsValid(r) && has_privs_of_role(user, r));
}

/*
 * May the current user use model name, owned by owner, for access?  The
 * owner's members may; otherwise a grant in learn.model_grants to PUBLIC or
 * to a role the user acts as ("read" also allows scoring).  Needs SPI.
 */
static bool
MayUse(const char *name, const char *owner, LearnModelAccess access)
{
	Oid			user = GetUserId();
	Oid			types[1] = {TEXTOID};
	Datum		values[1] = {CStringGetTextDatum(name)};

	if (ActsAs(user, owner))
		return true;
	if (access == LEARN_ACCESS_OWN)
		return false;
	RegistryQuery("SELECT g.grantee::text, g.privilege FROM learn.model_grants g "
				  "WHERE g.name OPERATOR(pg_catalog.=) $1", 1, types, values, 0);
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		char	   *grantee = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
		char	   *privilege = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2);

		if ((strcmp(privilege, "read") == 0 || access == LEARN_ACCESS_SCORE) &&
			(strcmp(grantee, "public") == 0 || ActsAs(user, grantee)))
			return true;
	}
	return false;
}

/* Refuse access to model name, owned by owner. */
static void
Denied(const char *name, const char *owner, LearnModelAccess access)
{
	const char *what = access == LEARN_ACCESS_READ ? "read" : "score";

	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied to %s model \"%s\"", what, name),
			 errdetail("The model belongs to role \"%s\", which has not granted \"%s\" on it to role \"%s\".",
					   owner, what, GetUserNameFromId(GetUserId(), false)),
			 errhint("Its owner can call learn.grant('%s', role, '%s').", name, what)));
}

/*
 * The bytes of model name at version, or of its deployed version when
 * version is 0, after checking that the current user may use it for
 * access.  The result is a detoasted copy in the caller's context.
 */
bytea *
LearnCatalogFetch(const char *name, int32 version, int32 *found_version, LearnModelAccess access)
{
	MemoryContext caller = CurrentMemoryContext;
	Oid			types[2] = {TEXTOID, INT4OID};
	Datum		values[2];
	bytea	   *result;
	bool		isnull;
	char	   *owner;
	HeapTuple	row;
	TupleDesc	td;

	values[0] = CStringGetTextDatum(name);
	values[1] = Int32GetDatum(version);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (version > 0)
		RegistryQuery("SELECT m.model, m.version, m.owner::text FROM learn.models m "
					  "WHERE m.name OPERATOR(pg_catalog.=) $1 AND m.version OPERATOR(pg_catalog.=) $2",
					  2, types, values, 1);
	else
		RegistryQuery("SELECT m.model, m.version, m.owner::text FROM learn.deployments d "
					  "JOIN learn.models m ON m.name OPERATOR(pg_catalog.=) d.name "
					  "AND m.version OPERATOR(pg_catalog.=) d.version "
					  "WHERE d.name OPERATOR(pg_catalog.=) $1 ORDER BY d.id DESC LIMIT 1",
					  1, types, values, 1);
	if (SPI_processed == 0)
		NoSuchModel(name, version);
	/* keep the row: the grants query replaces SPI_tuptable */
	row = SPI_tuptable->vals[0];
	td = SPI_tuptable->tupdesc;
	owner = SPI_getvalue(row, td, 3);
	if (!MayUse(name, owner, access))
		Denied(name, owner, access);
	{
		Datum		d = SPI_getbinval(row, td, 1, &isnull);
		MemoryContext spi = MemoryContextSwitchTo(caller);

		result = DatumGetByteaPCopy(d);
		MemoryContextSwitchTo(spi);
		if (found_version)
			*found_version = DatumGetInt32(SPI_getbinval(row, td, 2, &isnull));
	}
	SPI_finish();
	return result;
}

/*
 * Check that the current user may act as the owner of model name before it
 * does action (e.g. "train a new version of") to it; a name nobody owns
 * yet is free.  The owners are those of learn.model_names and of any stored
 * version (a version inserted without registering its name).
 */
void
LearnCatalogCheckOwner(const char *name, const char *action)
{
	Oid			types[1] = {TEXTOID};
	Datum		values[1] = {CStringGetTextDatum(name)};

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	RegistryQuery("SELECT n.owner::text FROM learn.model_names n WHERE n.name OPERATOR(pg_catalog.=) $1 "
				  "UNION SELECT m.owner::text FROM learn.models m WHERE m.name OPERATOR(pg_catalog.=) $1",
				  1, types, values, 0);
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		char	   *owner = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);

		if (!ActsAs(GetUserId(), owner))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("permission denied to %s model \"%s\"", action, name),
					 errdetail("The model belongs to role \"%s\"; only that role, its members and superusers may %s it.",
							   owner, action),
					 errhint("Train under another name, or ask the owner for the model.")));
	}
	SPI_finish();
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
	PG_RETURN_BYTEA_P(LearnCatalogFetch(name, version, NULL, LEARN_ACCESS_READ));
}

PG_FUNCTION_INFO_V1(learn_acts_as);

/*
 * learn.acts_as(role name) RETURNS boolean: may the current user act as
 * role (has its privileges, or is a superuser)?  False for a role that does
 * not exist (an owner dropped since), so a row-level security policy never
 * fails on it.  In C so that no search_path can change its answer.
 */
Datum
learn_acts_as(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(ActsAs(GetUserId(), NameStr(*PG_GETARG_NAME(0))));
}
