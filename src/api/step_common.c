/*
 * step_common.c: the plumbing shared by learn.logreg_step, learn.svm_step
 * and learn.kmeans_step (see step_common.h).
 */
#include "postgres.h"

#include <math.h>

#include "api/aggregate.h"
#include "api/step_common.h"
#include "catalog/pg_type.h"
#include "nodes/primnodes.h"
#include "common/hashfn.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

/*
 * Is the model argument the same value on every row of the query: a
 * constant or a query parameter (as in learn.train's passes)?  Inside an
 * aggregate, read from its Aggref (the transition function's own
 * expression has placeholders for its arguments).
 */
static bool
ModelArgStable(FunctionCallInfo fcinfo, int argno)
{
	Aggref	   *aggref = AggGetAggref(fcinfo);
	Node	   *e;

	if (aggref == NULL)
		return get_fn_expr_arg_stable(fcinfo->flinfo, argno);
	if (argno < 1 || argno > list_length(aggref->args))
		return false;
	e = (Node *) ((TargetEntry *) list_nth(aggref->args, argno - 1))->expr;
	return IsA(e, Const) || (IsA(e, Param) && ((Param *) e)->paramkind == PARAM_EXTERN);
}

/* The model argument decoded (once per call site); it must not be NULL. */
StepCache *
StepSetup(FunctionCallInfo fcinfo, const StepKind *kind)
{
	StepCache  *c = fcinfo->flinfo->fn_extra;
	bytea	   *b;
	MemoryContext old;

	if (PG_ARGISNULL(kind->model_arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s needs the model to evaluate", kind->fname)));
	/*
	 * A model given as a constant or a parameter (learn.train's passes) is
	 * the same value on every row of the query: compared once.
	 */
	if (c && c->model_stable)
		return c;
	b = PG_GETARG_BYTEA_PP(kind->model_arg);
	if (c && c->key_len == VARSIZE_ANY_EXHDR(b) && memcmp(c->key, VARDATA_ANY(b), c->key_len) == 0)
		return c;
	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	c = palloc0(sizeof(StepCache));
	c->key_len = VARSIZE_ANY_EXHDR(b);
	c->key = palloc(c->key_len);
	memcpy(c->key, VARDATA_ANY(b), c->key_len);
	if (LearnModelLoad((const uint8 *) c->key, c->key_len, &c->m) != kind->algo)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("%s needs a %s model", kind->fname, kind->algo->name)));
	c->label_type = InvalidOid;
	c->model_stable = ModelArgStable(fcinfo, kind->model_arg);
	MemoryContextSwitchTo(old);
	fcinfo->flinfo->fn_extra = c;
	return c;
}

/* The class index of a label datum (argument 1) under the model, or an error; *hash gets the label's hash. */
int
StepClass(FunctionCallInfo fcinfo, StepCache *c, Datum d, uint64 *hash)
{
	char	   *label;

	/* a call site's argument types never change: look them up on its first row */
	if (!OidIsValid(c->label_type))
	{
		Oid			type = get_fn_expr_argtype(fcinfo->flinfo, 1);
		Oid			outfn;
		bool		varlena;

		if (!OidIsValid(type))
			ereport(ERROR,
					(errcode(ERRCODE_INDETERMINATE_DATATYPE),
					 errmsg("could not determine the type of the label argument")));
		getTypeOutputInfo(type, &outfn, &varlena);
		fmgr_info_cxt(outfn, &c->label_out, fcinfo->flinfo->fn_mcxt);
		c->label_type = type;
		c->label_base = getBaseType(type);
		c->label_bool = (c->label_base == BOOLOID);
		LearnLabelCacheInit(&c->labels, type);
	}
	{
		const LearnLabelCacheEntry *hit = LearnLabelCacheFind(&c->labels, d);

		if (hit != NULL)
		{
			*hash = hit->hash;
			return hit->cls;
		}
	}
	label = c->label_bool ? (DatumGetBool(d) ? "true" : "false")
		: LearnCanonicalLabel(OutputFunctionCall(&c->label_out, d), c->label_base);
	*hash = hash_bytes_extended((const unsigned char *) label, strlen(label), 0);
	for (uint32 k = 0; k < c->m.n_classes; k++)
		if (strcmp(c->m.class_names[k], label) == 0)
		{
			LearnLabelCacheAdd(&c->labels, d, (int) k, *hash);
			return (int) k;
		}
	ereport(ERROR,
			(errcode(ERRCODE_DATA_EXCEPTION),
			 errmsg("label \"%s\" is not one of the model's classes", label)));
	return -1;
}

/*
 * The transition state (argument 0), created for the cached model when NULL,
 * opened into *st and checked to evaluate that model (and, if check_classes,
 * to have n_classes classes).
 */
bytea *
StepTransState(FunctionCallInfo fcinfo, const StepKind *kind, StepCache *c,
			   uint32 p, char **names, uint32 n_classes, bool check_classes,
			   LearnState *st)
{
	MemoryContext aggcxt;
	bool		in_agg = AggCheckCallContext(fcinfo, &aggcxt) != 0;
	bytea	   *state;

	if (!in_agg)
		aggcxt = CurrentMemoryContext;
	if (PG_ARGISNULL(0))
	{
		LearnWriter blob;

		blob.data = c->key;
		blob.len = (int) c->key_len;
		state = LearnStateCreateWithClasses(aggcxt, kind->state_algo, p, &blob,
											names, n_classes,
											(uint32) kind->payload_len(p, n_classes, 0));
	}
	else
	{
		state = LearnStateDetoast(PG_GETARG_DATUM(0), !in_agg);

		/*
		 * The state this call site returned last needs no validation (these
		 * states never move or grow); a user calling the function directly
		 * is never in an aggregate and always gets the full checks.
		 */
		if (in_agg && state == c->last_state)
		{
			LearnStateTrustedView(state, st);
			return state;
		}
	}
	LearnStateOpen(state, kind->state_algo, kind->payload_len, st);
	if (st->hdr->n_features != p || (check_classes && st->hdr->n_classes != n_classes))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: the model changed within one aggregate", kind->fname)));

	/*
	 * The state's model against the argument's: once per state and cached
	 * model, as an aggregate's state stays where it is (these states never
	 * grow) and a new cached model starts with no checked state.
	 */
	if (!in_agg || state != c->checked_state)
	{
		if (st->hdr->options_len != c->key_len || memcmp(st->options, c->key, c->key_len) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: the model changed within one aggregate", kind->fname)));
		c->checked_state = in_agg ? state : NULL;
	}
	c->last_state = in_agg ? state : NULL;
	return state;
}

/*
 * The row's p features (argument x_arg), or NULL (the row counted as
 * skipped) when it or the label (label_arg, if >= 0) is NULL or a feature
 * is NULL.  A non-finite feature is an error.
 */
const double *
StepRow(FunctionCallInfo fcinfo, const StepKind *kind, LearnState *st,
		uint32 p, int label_arg, int x_arg)
{
	ArrayType  *arr;
	const double *x;

	if ((label_arg >= 0 && PG_ARGISNULL(label_arg)) || PG_ARGISNULL(x_arg))
	{
		st->hdr->rows_skipped++;
		return NULL;
	}
	arr = PG_GETARG_ARRAYTYPE_P(x_arg);
	if (ARR_NDIM(arr) != 1 || (uint32) ARR_DIMS(arr)[0] != p)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: the model has %u features", kind->fname, p)));
	if (ARR_HASNULL(arr) && array_contains_nulls(arr))
	{
		st->hdr->rows_skipped++;
		return NULL;
	}
	x = (const double *) ARR_DATA_PTR(arr);
	for (uint32 i = 0; i < p; i++)
		if (!isfinite(x[i]))
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("%s: feature %u has the non-finite value %g", kind->algo->name, i + 1, x[i]),
					 kind->nonfinite_hint ? errhint("%s", kind->nonfinite_hint) : 0));
	return x;
}

/* Add row x to the running feature means and M2 over n rows (x included). */
void
StepAddMoments(double *mean, double *m2, const double *x, uint32 p, int64 n)
{
	for (uint32 i = 0; i < p; i++)
	{
		double		d = x[i] - mean[i];

		mean[i] += d / (double) n;
		m2[i] += d * (x[i] - mean[i]);
	}
}

/*
 * Open the two partial states of a combine function (*sa, *a and *b) and
 * check that they evaluate the same model.  Returns false when one side is
 * NULL: then *sa is the result (NULL for a NULL result).
 */
bool
StepCombineOpen(FunctionCallInfo fcinfo, const StepKind *kind, bytea **sa,
				LearnState *a, LearnState *b)
{
	MemoryContext aggcxt;
	bool		in_agg = AggCheckCallContext(fcinfo, &aggcxt) != 0;
	bytea	   *sb;

	if (!in_agg)
		aggcxt = CurrentMemoryContext;
	if (PG_ARGISNULL(1))
	{
		*sa = NULL;
		if (PG_ARGISNULL(0))
			return false;
		*sa = LearnStateDetoast(PG_GETARG_DATUM(0), !in_agg);
		LearnStateOpen(*sa, kind->state_algo, kind->payload_len, a);
		return false;
	}
	sb = LearnStateDetoast(PG_GETARG_DATUM(1), false);
	LearnStateOpen(sb, kind->state_algo, kind->payload_len, b);
	if (PG_ARGISNULL(0))
	{
		*sa = MemoryContextAlloc(aggcxt, VARSIZE(sb));
		memcpy(*sa, sb, VARSIZE(sb));
		return false;
	}
	*sa = LearnStateDetoast(PG_GETARG_DATUM(0), !in_agg);
	LearnStateOpen(*sa, kind->state_algo, kind->payload_len, a);
	if (a->hdr->options_len != b->hdr->options_len ||
		memcmp(a->options, b->options, a->hdr->options_len) != 0 || a->hdr->payload_len != b->hdr->payload_len)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: cannot combine passes over different models", kind->fname)));
	LearnStateCheckCounts(a->hdr, b->hdr);
	return true;
}

/*
 * Merge b's feature moments (at payload slot sums) into a's, then add b's
 * row counts and fingerprint.
 */
void
StepCombineMoments(LearnState *a, const LearnState *b, int64 sums)
{
	uint32		p = a->hdr->n_features;
	double		na = (double) a->hdr->rows_used;
	double		nb = (double) b->hdr->rows_used;

	if (nb > 0)
	{
		double	   *ma = a->payload + sums,
				   *mb = b->payload + sums;

		for (uint32 i = 0; i < p; i++)
		{
			double		d = mb[i] - ma[i];

			ma[p + i] += mb[p + i] + d * d * na * nb / (na + nb);
			ma[i] += d * nb / (na + nb);
		}
	}
	a->hdr->rows_used += b->hdr->rows_used;
	a->hdr->rows_skipped += b->hdr->rows_skipped;
	a->hdr->fingerprint += b->hdr->fingerprint;
}

/*
 * The whole combine function of a step whose payload before the moments is
 * sums (everything there adds).
 */
Datum
StepCombineSums(FunctionCallInfo fcinfo, const StepKind *kind)
{
	LearnState	a,
				b;
	bytea	   *sa;
	uint32		sums;

	if (!StepCombineOpen(fcinfo, kind, &sa, &a, &b))
	{
		if (sa == NULL)
			PG_RETURN_NULL();
		PG_RETURN_BYTEA_P(sa);
	}
	sums = a.hdr->payload_len - 2 * a.hdr->n_features;
	for (uint32 i = 0; i < sums; i++)
		a.payload[i] += b.payload[i];
	StepCombineMoments(&a, &b, sums);
	PG_RETURN_BYTEA_P(sa);
}

/* The model a state evaluates, unchanged (for a model that is already finished). */
bytea *
StepModelCopy(const LearnState *st)
{
	bytea	   *same = palloc(VARHDRSZ + st->hdr->options_len);

	SET_VARSIZE(same, VARHDRSZ + st->hdr->options_len);
	memcpy(VARDATA(same), st->options, st->hdr->options_len);
	return same;
}

/* The pass's row counts, fingerprint and feature statistics into the next model. */
void
StepModelStats(LearnModel *m, const LearnState *st, const double *mean, const double *m2,
			   uint32 p)
{
	int64		n = st->hdr->rows_used;

	m->rows_used = n;
	m->rows_skipped = st->hdr->rows_skipped;
	m->fingerprint = st->hdr->fingerprint;
	for (uint32 i = 0; i < p; i++)
	{
		m->feature_mean[i] = mean[i];
		m->feature_sd[i] = n > 1 ? sqrt(m2[i] / (double) (n - 1)) : 0;
	}
}
