/*
 * support.c: planner support for scoring from rows.
 *
 * learn.predict(model, t) with t a whole-row reference to a table makes the
 * executor build a row value for every row, which costs more than the
 * scoring itself.  This support function (SupportRequestSimplify) rewrites
 * such a call, at plan time, into the internal *_columns variant that takes
 * the table's column names once, as a constant, and its columns as
 * separate arguments: the columns are still bound to the model by name at
 * run time, so the result is the same, without the row value.
 *
 * The rewrite is skipped, keeping the row path, when the row could be NULL
 * as a whole (the query has an outer join: a NULL-extended row must give a
 * NULL score, while NULL columns would be imputed), when the reference is
 * not to a plain table, or when the table has too many columns for one
 * function call.
 */
#include "postgres.h"

#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/pathnodes.h"
#include "nodes/supportnodes.h"
#include "parser/parse_func.h"
#include "parser/parsetree.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

/* Does the query contain an outer join (a row of some table may be NULL-extended)? */
static bool
HasOuterJoin(Query *parse)
{
	ListCell   *lc;

	foreach(lc, parse->rtable)
	{
		RangeTblEntry *rte = lfirst(lc);

		if (rte->rtekind == RTE_JOIN && rte->jointype != JOIN_INNER)
			return true;
	}
	return false;
}

/* The *_columns variant of a scoring function, or InvalidOid. */
static Oid
ColumnsVariant(Oid funcid, Oid model_type)
{
	char	   *name = get_func_name(funcid);
	Oid			args[3] = {model_type, TEXTARRAYOID, ANYOID};
	List	   *qname;

	if (name == NULL)
		return InvalidOid;
	qname = list_make2(makeString(get_namespace_name(get_func_namespace(funcid))),
					   makeString(psprintf("%s_columns", name)));
	return LookupFuncName(qname, 3, args, true);
}

PG_FUNCTION_INFO_V1(learn_score_support);

/* learn.score_support(internal) RETURNS internal */
Datum
learn_score_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);
	SupportRequestSimplify *req;
	FuncExpr   *fexpr;
	Var		   *var;
	RangeTblEntry *rte;
	Relation	rel;
	TupleDesc	td;
	List	   *args;
	List	   *names = NIL;
	Oid			target;

	if (!IsA(rawreq, SupportRequestSimplify))
		PG_RETURN_POINTER(NULL);
	req = (SupportRequestSimplify *) rawreq;
	fexpr = req->fcall;
	if (req->root == NULL || list_length(fexpr->args) != 2 || !IsA(lsecond(fexpr->args), Var))
		PG_RETURN_POINTER(NULL);
	var = (Var *) lsecond(fexpr->args);
	/* outer joins and grouping sets can null a whole row that its columns do not show */
	if (var->varattno != 0 || var->varlevelsup != 0 || HasOuterJoin(req->root->parse) ||
		req->root->parse->groupingSets != NIL ||
		var->varno <= 0 || var->varno > list_length(req->root->parse->rtable))
		PG_RETURN_POINTER(NULL);
	rte = rt_fetch(var->varno, req->root->parse->rtable);
	if (rte->rtekind != RTE_RELATION)
		PG_RETURN_POINTER(NULL);
	target = ColumnsVariant(fexpr->funcid, exprType(linitial(fexpr->args)));
	if (!OidIsValid(target))
		PG_RETURN_POINTER(NULL);

	rel = table_open(rte->relid, NoLock);	/* the parser has locked it */
	td = RelationGetDescr(rel);
	args = list_make1(linitial(fexpr->args));
	for (int a = 0; a < td->natts; a++)
	{
		Form_pg_attribute att = TupleDescAttr(td, a);

		if (att->attisdropped)
			continue;
		names = lappend(names, makeString(pstrdup(NameStr(att->attname))));
		args = lappend(args, makeVar(var->varno, att->attnum, att->atttypid, att->atttypmod,
									 att->attcollation, 0));
	}
	table_close(rel, NoLock);
	if (list_length(args) + 1 > FUNC_MAX_ARGS)
		PG_RETURN_POINTER(NULL);

	{
		Datum	   *d = palloc(sizeof(Datum) * Max(list_length(names), 1));
		ListCell   *lc;
		int			i = 0;
		Const	   *names_const;

		foreach(lc, names)
			d[i++] = CStringGetTextDatum(strVal(lfirst(lc)));
		names_const = makeConst(TEXTARRAYOID, -1, InvalidOid, -1,
								PointerGetDatum(construct_array(d, i, TEXTOID, -1, false, TYPALIGN_INT)),
								false, false);
		args = list_insert_nth(args, 1, names_const);
	}
	PG_RETURN_POINTER(makeFuncExpr(target, fexpr->funcresulttype, args, fexpr->funccollid,
								   fexpr->inputcollid, COERCE_EXPLICIT_CALL));
}
