/*
 * rewrite.c: a planner hook that feeds the training aggregates their
 * feature columns one by one.
 *
 * `learn.linreg_fit(y, ARRAY[x1, ..., xp])` makes the executor build a
 * float8[] per row only for the transition function to take it apart again;
 * building it costs about a fifth of a plain scan of the columns.  When the
 * feature argument is an ARRAY[...] constructor of float8 values, the hook
 * replaces the call, before planning, by the internal aggregate
 * learn.fit_columns(algorithm, options, y, x1, ..., xp), which learn.train
 * runs: same transition body (aggregate.c's TransitionRow), same state, same
 * final function, so the model is the same bytes; rows with a NULL feature
 * are skipped and counted as before.  Only EXPLAIN VERBOSE shows the
 * difference.  The query tree is changed in place (the planner owns it).
 *
 * The hook is installed when the library is loaded, i.e. at the first call
 * of any pg_learn function in a session, or at connection start with
 * pg_learn in session_preload_libraries; before that the original call runs.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "algorithms/algorithm.h"
#include "api/rewrite.h"
#include "catalog/namespace.h"
#include "catalog/pg_aggregate.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/planner.h"
#include "parser/parse_func.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

static planner_hook_type prev_planner_hook = NULL;

/* The algorithm whose training aggregate funcid is, or NULL (no lookup unless it might be). */
static const LearnAlgorithm *
TrainingAggregate(Oid funcid)
{
	HeapTuple	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(funcid));
	const LearnAlgorithm *algo = NULL;
	Form_pg_proc proc;
	char	   *nsp;

	if (!HeapTupleIsValid(tup))
		return NULL;
	proc = (Form_pg_proc) GETSTRUCT(tup);
	nsp = get_namespace_name(proc->pronamespace);
	if (nsp != NULL && strcmp(nsp, "learn") == 0 && proc->prokind == PROKIND_AGGREGATE)
	{
		char	   *qualified = psprintf("learn.%s", NameStr(proc->proname));

		algo = LearnAlgorithmByAggregate(qualified);
	}
	ReleaseSysCache(tup);
	return algo;
}

/* learn.fit_columns(integer, jsonb, VARIADIC "any"), if the caller may run it. */
static Oid
FitColumnsOid(void)
{
	Oid			types[3] = {INT4OID, JSONBOID, ANYOID};
	Oid			oid = LookupFuncName(list_make2(makeString("learn"), makeString("fit_columns")),
									 3, types, true);

	if (!OidIsValid(oid))
		return InvalidOid;
#if PG_VERSION_NUM >= 160000
	if (object_aclcheck(ProcedureRelationId, oid, GetUserId(), ACL_EXECUTE) != ACLCHECK_OK)
#else
	if (pg_proc_aclcheck(oid, GetUserId(), ACL_EXECUTE) != ACLCHECK_OK)
#endif
		return InvalidOid;
	return oid;
}

/* Rewrite one Aggref in place when it is a training aggregate over ARRAY[...]. */
static void
RewriteAggref(Aggref *agg)
{
	const LearnAlgorithm *algo;
	int			nargs = list_length(agg->args);
	int			xarg;
	TargetEntry *xte;
	ArrayExpr  *arr;
	List	   *args = NIL;
	List	   *types = NIL;
	Node	   *options;
	Oid			fit_columns;
	int			resno = 1;
	ListCell   *lc;

	if (agg->aggorder != NIL || agg->aggdistinct != NIL || agg->aggstar || agg->aggvariadic ||
		agg->aggkind != AGGKIND_NORMAL || agg->aggdirectargs != NIL || nargs < 1 || nargs > 3)
		return;
	/* cheap shape test before any catalog lookup: an ARRAY[] of float8 somewhere */
	xarg = -1;
	for (int i = 0; i < nargs && i < 2; i++)
	{
		Node	   *e = (Node *) ((TargetEntry *) list_nth(agg->args, i))->expr;

		if (IsA(e, ArrayExpr) && !((ArrayExpr *) e)->multidims &&
			((ArrayExpr *) e)->element_typeid == FLOAT8OID)
			xarg = i;
	}
	if (xarg < 0 || (algo = TrainingAggregate(agg->aggfnoid)) == NULL)
		return;
	if (xarg != ((algo->target == LEARN_TARGET_NONE) ? 0 : 1) || nargs > xarg + 2)
		return;
	xte = list_nth(agg->args, xarg);
	arr = (ArrayExpr *) xte->expr;
	if (arr->elements == NIL ||
		list_length(arr->elements) + xarg + 3 > FUNC_MAX_ARGS)	/* + state, algorithm, options */
		return;
	if ((fit_columns = FitColumnsOid()) == InvalidOid)
		return;

	options = (nargs > xarg + 1) ? (Node *) ((TargetEntry *) list_nth(agg->args, xarg + 1))->expr
		: (Node *) makeNullConst(JSONBOID, -1, InvalidOid);
	if (exprType(options) != JSONBOID)
		return;
	args = lappend(args, makeTargetEntry((Expr *) makeConst(INT4OID, -1, InvalidOid, 4,
															Int32GetDatum(algo->id), false, true),
										 resno++, NULL, false));
	args = lappend(args, makeTargetEntry((Expr *) options, resno++, NULL, false));
	types = list_make2_oid(INT4OID, JSONBOID);
	if (xarg == 1)
	{
		Expr	   *target = ((TargetEntry *) linitial(agg->args))->expr;

		args = lappend(args, makeTargetEntry(target, resno++, NULL, false));
		types = lappend_oid(types, exprType((Node *) target));
	}
	foreach(lc, arr->elements)
	{
		args = lappend(args, makeTargetEntry((Expr *) lfirst(lc), resno++, NULL, false));
		types = lappend_oid(types, FLOAT8OID);
	}
	agg->aggfnoid = fit_columns;
	agg->args = args;
	agg->aggargtypes = types;
}

/* Walk a query tree (subqueries, CTEs and sublinks included) rewriting Aggrefs. */
static bool
RewriteWalker(Node *node, void *context)
{
	if (node == NULL)
		return false;
	if (IsA(node, Query))
		return query_tree_walker((Query *) node, RewriteWalker, context, 0);
	if (IsA(node, Aggref))
		RewriteAggref((Aggref *) node);
	return expression_tree_walker(node, RewriteWalker, context);
}

/* The planner hook: rewrite, then plan as usual. */
static PlannedStmt *
LearnPlanner(Query *parse, const char *query_string, int cursorOptions, ParamListInfo boundParams)
{
	(void) query_tree_walker(parse, RewriteWalker, NULL, 0);
	if (prev_planner_hook)
		return prev_planner_hook(parse, query_string, cursorOptions, boundParams);
	return standard_planner(parse, query_string, cursorOptions, boundParams);
}

/* Install the hook (from _PG_init). */
void
LearnInstallPlannerHook(void)
{
	prev_planner_hook = planner_hook;
	planner_hook = LearnPlanner;
}
