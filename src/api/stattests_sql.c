/*
 * stattests_sql.c: the hypothesis-test aggregates (learn.t_test,
 * learn.t_test_paired, learn.t_test2, learn.anova, learn.chisq_test,
 * learn.chisq_gof, learn.ks_test, learn.mann_whitney).
 *
 * States are pg_learn's bytea aggregate states (core/state.h) with their
 * own ids (core/stattests.h), validated on every entry; the first four
 * payload slots hold the test's parameters, which must be the same on every
 * row:
 *   [0] test (TEST_*), [1] alternative, [2] mu, [3] flag (var_equal,
 *   correct, or "expected given" for goodness of fit).
 * Group labels live in the state's class dictionary, each prefixed by one
 * byte (':' for groups, 'r' / 'c' for the two variables of a contingency
 * table) so that the empty string is a label too.
 *
 *   MOMENTS  per group: n, mean, M2 (Welford; merged with Chan's formula)
 *   SAMPLE   per row: value, group index (or observed, expected); bounded
 *            by learn.memory_limit
 *   TABLE    n_features = 1 + number of row labels; counts row-major,
 *            nr x nc, rows in order of first appearance
 *
 * NULL and NaN values are skipped and counted (as R drops NA); infinite
 * values raise 22000.  Results are learn.test_result rows; an empty input
 * gives NULL.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "algorithms/algorithm.h"
#include "core/distributions.h"
#include "core/state.h"
#include "core/stattests.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"

#define N_PARAMS		4
#define TEST_T1			1
#define TEST_PAIRED		2
#define TEST_T2			3
#define TEST_ANOVA		4
#define TEST_KS			5
#define TEST_MW			6
#define TEST_GOF		7
#define TEST_CHISQ		8

/* Payload slots: parameters, then 3 per group. */
static int64
MomentsLen(uint32 nf, uint32 nc, int64 rows)
{
	(void) nf;
	(void) rows;
	return N_PARAMS + 3 * (int64) nc;
}

/* Payload slots: parameters, then 2 per kept row. */
static int64
SampleLen(uint32 nf, uint32 nc, int64 rows)
{
	(void) nf;
	(void) nc;
	if (rows > (int64) (PG_UINT32_MAX / 2 - N_PARAMS))
		return -1;
	return N_PARAMS + 2 * rows;
}

/* Payload slots: parameters, then the nr x nc count matrix. */
static int64
TableLen(uint32 nf, uint32 nc, int64 rows)
{
	int64		nr = (int64) nf - 1;

	(void) rows;
	if (nr < 0 || nr > nc)
		return -1;
	return N_PARAMS + nr * ((int64) nc - nr);
}

/* The payload-length rule of a state kind. */
static LearnPayloadLenFn
KindLen(uint16 kind)
{
	switch (kind)
	{
		case LEARN_STATE_STAT_MOMENTS:
			return MomentsLen;
		case LEARN_STATE_STAT_SAMPLE:
			return SampleLen;
		default:
			return TableLen;
	}
}

/* Parse an alternative hypothesis, as R spells it. */
static LearnAlternative
ParseAlternative(FunctionCallInfo fcinfo, int argno)
{
	char	   *s;

	if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
		return LEARN_ALT_TWO_SIDED;
	s = text_to_cstring(PG_GETARG_TEXT_PP(argno));
	if (strcmp(s, "two.sided") == 0 || strcmp(s, "two-sided") == 0 || strcmp(s, "two_sided") == 0)
		return LEARN_ALT_TWO_SIDED;
	if (strcmp(s, "less") == 0)
		return LEARN_ALT_LESS;
	if (strcmp(s, "greater") == 0)
		return LEARN_ALT_GREATER;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("alternative must be 'two.sided', 'less' or 'greater', got \"%s\"", s)));
	return LEARN_ALT_TWO_SIDED;
}

static const char *
AlternativeName(double code)
{
	return code == LEARN_ALT_LESS ? "less" : code == LEARN_ALT_GREATER ? "greater" : "two.sided";
}

/* Open the state in argno (not NULL); a copy unless the aggregate owns it. */
static bytea *
OpenStat(FunctionCallInfo fcinfo, int argno, uint16 kind, bool own, LearnState *st)
{
	bytea	   *b = LearnStateDetoast(PG_GETARG_DATUM(argno), !own);

	LearnStateOpen(b, kind, KindLen(kind), st);
	if (st->hdr->n_features == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid pg_learn aggregate state"),
				 errdetail("statistics states have at least one dimension")));
	return b;
}

/*
 * The transition's state: the argument (validated) or a new one with the
 * given parameters, which must match those of the existing state.
 */
static bytea *
TransState(FunctionCallInfo fcinfo, uint16 kind, const double *params, LearnState *st)
{
	bool		in_agg = AggCheckCallContext(fcinfo, NULL) != 0;
	bytea	   *b;

	if (PG_ARGISNULL(0))
	{
		LearnWriter none;

		LearnWriterInit(&none);
		b = LearnStateCreate(CurrentMemoryContext, kind, 1, &none, KindLen(kind) (1, 0, 0));
		LearnStateOpen(b, kind, KindLen(kind), st);
		memcpy(st->payload, params, sizeof(double) * N_PARAMS);
		return b;
	}
	b = OpenStat(fcinfo, 0, kind, in_agg, st);
	if (memcmp(st->payload, params, sizeof(double) * N_PARAMS) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the test's parameters (test, alternative, mu, flag) must be the same in every row")));
	return b;
}

/* Index of a (prefixed) label, adding it (and its payload) when new. */
static int
LabelIndex(bytea **b, LearnState *st, char prefix, const char *label, int len)
{
	char	   *key = palloc(len + 1);
	int			c;
	int64		need;

	key[0] = prefix;
	memcpy(key + 1, label, len);
	c = LearnStateFindClass(st, key, len + 1);
	if (c >= 0)
		return c;
	need = KindLen(st->hdr->algorithm) (st->hdr->n_features, st->hdr->n_classes + 1, st->hdr->rows_used);
	if (need < 0 || need > PG_UINT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many distinct groups in one aggregate state")));
	*b = LearnStateGrow(CurrentMemoryContext, st, key, len + 1, (uint32) need,
						Max((uint32) need, st->hdr->payload_cap));
	LearnStateOpen(*b, st->hdr->algorithm, KindLen(st->hdr->algorithm), st);
	return (int) st->hdr->n_classes - 1;
}

/* Raise 22000 for an infinite value. */
static void
CheckValue(const char *fn, double v)
{
	if (isinf(v))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("%s: value %g is not finite", fn, v),
				 errhint("Filter the row out with WHERE, or replace the value.")));
}

/* ---------------------------------------------------------------- moments */

/*
 * Raise 22003 when a group's moments overflowed (finite values near the
 * largest double, e.g. 1e308 and -1e308): otherwise the final function
 * would reject its own state as corrupt (22P03), which misleads.
 */
static void
CheckOverflow(const char *fn, const LearnMoments *m)
{
	if (!isfinite(m->mean) || !isfinite(m->m2))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: the mean or the sum of squared deviations overflows double precision", fn),
				 errhint("Rescale the values.")));
}

/* Add value to group (label) of a moments state; returns the state. */
static Datum
MomentsRow(FunctionCallInfo fcinfo, const char *fn, const double *params, bool skip, double value,
		   const char *label, int len)
{
	LearnState	st;
	bytea	   *b = TransState(fcinfo, LEARN_STATE_STAT_MOMENTS, params, &st);
	int			c;

	if (skip || isnan(value))
	{
		st.hdr->rows_skipped++;
		PG_RETURN_BYTEA_P(b);
	}
	CheckValue(fn, value);
	c = LabelIndex(&b, &st, ':', label, len);
	st.hdr->rows_used++;
	LearnMomentsAdd((LearnMoments *) (st.payload + N_PARAMS + 3 * c), value);
	CheckOverflow(fn, (LearnMoments *) (st.payload + N_PARAMS + 3 * c));
	PG_RETURN_BYTEA_P(b);
}

PG_FUNCTION_INFO_V1(learn_t_test_trans);
PG_FUNCTION_INFO_V1(learn_t_test_paired_trans);
PG_FUNCTION_INFO_V1(learn_t_test2_trans);
PG_FUNCTION_INFO_V1(learn_anova_trans);

/* learn.t_test(x [, mu, alternative]): one-sample t test. */
Datum
learn_t_test_trans(PG_FUNCTION_ARGS)
{
	double		params[N_PARAMS] = {TEST_T1, ParseAlternative(fcinfo, 3), 0, 0};

	if (PG_NARGS() > 2 && !PG_ARGISNULL(2))
		params[2] = PG_GETARG_FLOAT8(2);
	if (!isfinite(params[2]))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("t_test: mu must be finite")));
	return MomentsRow(fcinfo, "t_test", params, PG_ARGISNULL(1),
					  PG_ARGISNULL(1) ? 0 : PG_GETARG_FLOAT8(1), "", 0);
}

/* learn.t_test_paired(x, y [, mu, alternative]): one-sample t test of x - y. */
Datum
learn_t_test_paired_trans(PG_FUNCTION_ARGS)
{
	double		params[N_PARAMS] = {TEST_PAIRED, ParseAlternative(fcinfo, 4), 0, 0};
	bool		skip = PG_ARGISNULL(1) || PG_ARGISNULL(2);

	if (PG_NARGS() > 3 && !PG_ARGISNULL(3))
		params[2] = PG_GETARG_FLOAT8(3);
	if (!isfinite(params[2]))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("t_test_paired: mu must be finite")));
	if (!skip)
	{
		CheckValue("t_test_paired", PG_GETARG_FLOAT8(1));
		CheckValue("t_test_paired", PG_GETARG_FLOAT8(2));
	}
	return MomentsRow(fcinfo, "t_test_paired", params, skip,
					  skip ? 0 : PG_GETARG_FLOAT8(1) - PG_GETARG_FLOAT8(2), "", 0);
}

/* The group argument of a row, or NULL. */
static text *
GroupArg(FunctionCallInfo fcinfo, int argno)
{
	return PG_ARGISNULL(argno) ? NULL : PG_GETARG_TEXT_PP(argno);
}

/* learn.t_test2(value, grp [, var_equal, alternative [, mu]]): two-sample t test. */
Datum
learn_t_test2_trans(PG_FUNCTION_ARGS)
{
	double		params[N_PARAMS] = {TEST_T2, ParseAlternative(fcinfo, 4), 0, 0};
	text	   *g = GroupArg(fcinfo, 2);

	if (PG_NARGS() > 3 && !PG_ARGISNULL(3))
		params[3] = PG_GETARG_BOOL(3) ? 1 : 0;
	if (PG_NARGS() > 5 && !PG_ARGISNULL(5))
		params[2] = PG_GETARG_FLOAT8(5);
	if (!isfinite(params[2]))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("t_test2: mu must be finite")));
	return MomentsRow(fcinfo, "t_test2", params, PG_ARGISNULL(1) || g == NULL,
					  PG_ARGISNULL(1) ? 0 : PG_GETARG_FLOAT8(1),
					  g ? VARDATA_ANY(g) : NULL, g ? VARSIZE_ANY_EXHDR(g) : 0);
}

/* learn.anova(value, grp): one-way analysis of variance. */
Datum
learn_anova_trans(PG_FUNCTION_ARGS)
{
	double		params[N_PARAMS] = {TEST_ANOVA, 0, 0, 0};
	text	   *g = GroupArg(fcinfo, 2);

	return MomentsRow(fcinfo, "anova", params, PG_ARGISNULL(1) || g == NULL,
					  PG_ARGISNULL(1) ? 0 : PG_GETARG_FLOAT8(1),
					  g ? VARDATA_ANY(g) : NULL, g ? VARSIZE_ANY_EXHDR(g) : 0);
}

/*
 * Merge state b's labels into a (adding those a lacks); map[c] is a's index
 * of b's label c.  Returns the (possibly grown) a.
 */
static bytea *
MergeLabels(bytea *sa, LearnState *a, const LearnState *b, int *map)
{
	char	  **names = LearnStateClassNames(b);

	for (uint32 c = 0; c < b->hdr->n_classes; c++)
	{
		int			len = strlen(names[c]);

		map[c] = LabelIndex(&sa, a, names[c][0], names[c] + 1, len - 1);
	}
	return sa;
}

/*
 * The combine functions' common start: open both states (strict: neither
 * is NULL), check they are of one test; sets *done when b adds nothing.
 */
static bytea *
CombineOpen(FunctionCallInfo fcinfo, uint16 kind, LearnState *a, LearnState *b, int **map)
{
	bool		in_agg = AggCheckCallContext(fcinfo, NULL) != 0;
	bytea	   *sa = OpenStat(fcinfo, 0, kind, in_agg, a);

	OpenStat(fcinfo, 1, kind, false, b);
	LearnStateCheckCounts(a->hdr, b->hdr);	/* forged counts near INT64_MAX (fuzz_stats) */
	if (memcmp(a->payload, b->payload, sizeof(double) * N_PARAMS) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine states of tests with different parameters")));
	*map = palloc(sizeof(int) * (b->hdr->n_classes + 1));
	a->hdr->rows_skipped += b->hdr->rows_skipped;
	return MergeLabels(sa, a, b, *map);
}

PG_FUNCTION_INFO_V1(learn_stat_moments_combine);

/* Combine of the moments states (strict). */
Datum
learn_stat_moments_combine(PG_FUNCTION_ARGS)
{
	LearnState	a,
				b;
	int		   *map;
	bytea	   *sa = CombineOpen(fcinfo, LEARN_STATE_STAT_MOMENTS, &a, &b, &map);

	for (uint32 c = 0; c < b.hdr->n_classes; c++)
	{
		LearnMomentsMerge((LearnMoments *) (a.payload + N_PARAMS + 3 * map[c]),
						  (const LearnMoments *) (b.payload + N_PARAMS + 3 * c));
		CheckOverflow("stat_moments_combine", (LearnMoments *) (a.payload + N_PARAMS + 3 * map[c]));
	}
	a.hdr->rows_used += b.hdr->rows_used;
	PG_RETURN_BYTEA_P(sa);
}

/* The result row: method, statistic, df, df2, p value, alternative (NaN df: NULL). */
static Datum
TestResult(FunctionCallInfo fcinfo, const char *method, double stat, double df, double df2,
		   double p, const char *alternative)
{
	TupleDesc	tupdesc;
	Datum		values[6];
	bool		nulls[6] = {false};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "learn.test_result is not a composite type");
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = CStringGetTextDatum(method);
	values[1] = Float8GetDatum(stat);
	values[2] = Float8GetDatum(df);
	nulls[2] = isnan(df);
	values[3] = Float8GetDatum(df2);
	nulls[3] = isnan(df2);
	values[4] = Float8GetDatum(p);
	values[5] = CStringGetTextDatum(alternative);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* Byte-order comparison of two dictionary labels. */
static int
LabelCmp(const char *a, const char *b)
{
	return strcmp(a, b);
}

/* The two groups of a two-sample test, in label order (x first); raises unless exactly two. */
static void
TwoGroups(const LearnState *st, const char *fn, int *gx, int *gy)
{
	char	  **names;

	if (st->hdr->n_classes != 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s needs exactly two groups, got %u", fn, st->hdr->n_classes)));
	names = LearnStateClassNames(st);
	*gx = (LabelCmp(names[0], names[1]) <= 0) ? 0 : 1;
	*gy = 1 - *gx;
}

/* One- and two-sample t statistics and their degrees of freedom (R's t.test). */
static Datum
TTestResult(FunctionCallInfo fcinfo, const LearnState *st)
{
	const double *par = st->payload;
	LearnAlternative alt = (LearnAlternative) par[1];
	double		t,
				df;
	const char *method;

	if (par[0] == TEST_T2)
	{
		int			gx,
					gy;
		const LearnMoments *x,
				   *y;
		double		vx,
					vy,
					se;

		TwoGroups(st, "t_test2", &gx, &gy);
		x = (const LearnMoments *) (st->payload + N_PARAMS + 3 * gx);
		y = (const LearnMoments *) (st->payload + N_PARAMS + 3 * gy);
		vx = x->m2 / (x->n - 1);
		vy = y->m2 / (y->n - 1);
		if (par[3] != 0)
		{
			double		v;

			df = x->n + y->n - 2;
			v = (df > 0) ? (x->m2 + y->m2) / df : NAN;
			se = sqrt(v * (1.0 / x->n + 1.0 / y->n));
			method = "Two Sample t-test";
		}
		else
		{
			double		sx = vx / x->n,
						sy = vy / y->n;

			se = sqrt(sx + sy);
			df = (sx + sy) * (sx + sy) / (sx * sx / (x->n - 1) + sy * sy / (y->n - 1));
			method = "Welch Two Sample t-test";
		}
		t = (x->mean - y->mean - par[2]) / se;
	}
	else
	{
		const LearnMoments *m = (const LearnMoments *) (st->payload + N_PARAMS);

		df = m->n - 1;
		t = (df > 0) ? (m->mean - par[2]) / sqrt(m->m2 / df / m->n) : NAN;
		method = (par[0] == TEST_PAIRED) ? "Paired t-test" : "One Sample t-test";
	}
	if (!(df > 0))
		t = NAN;
	return TestResult(fcinfo, method, t, (df > 0) ? df : NAN, NAN,
					  LearnTPValue(t, df, alt), AlternativeName(alt));
}

/* One-way ANOVA: F = (SSB / (k-1)) / (SSW / (N-k)). */
static Datum
AnovaResult(FunctionCallInfo fcinfo, const LearnState *st)
{
	LearnMoments all = {0};
	double		ssb = 0,
				ssw = 0,
				k = st->hdr->n_classes,
				f,
				df1,
				df2;

	for (uint32 c = 0; c < st->hdr->n_classes; c++)
		LearnMomentsMerge(&all, (const LearnMoments *) (st->payload + N_PARAMS + 3 * c));
	for (uint32 c = 0; c < st->hdr->n_classes; c++)
	{
		const LearnMoments *g = (const LearnMoments *) (st->payload + N_PARAMS + 3 * c);
		double		d = g->mean - all.mean;

		ssb += g->n * d * d;
		ssw += g->m2;
	}
	df1 = k - 1;
	df2 = all.n - k;
	f = (df1 > 0 && df2 > 0) ? (ssb / df1) / (ssw / df2) : NAN;
	return TestResult(fcinfo, "One-way analysis of variance", f, df1 > 0 ? df1 : NAN,
					  df2 > 0 ? df2 : NAN,
					  isnan(f) ? NAN : LearnFCdf(f, df1, df2, false), "greater");
}

/* Check a moments state's groups: n >= 0 counts, finite moments. */
static void
CheckMoments(const LearnState *st)
{
	double		total = 0;

	for (uint32 c = 0; c < st->hdr->n_classes; c++)
	{
		const LearnMoments *g = (const LearnMoments *) (st->payload + N_PARAMS + 3 * c);

		if (!(g->n >= 1) || g->n != floor(g->n) || !isfinite(g->mean) || !(g->m2 >= 0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid pg_learn aggregate state"),
					 errdetail("bad moments of group %u", c)));
		total += g->n;
	}
	if (total != (double) st->hdr->rows_used)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid pg_learn aggregate state"),
				 errdetail("group counts do not add up to the row count")));
}

/* Check the parameter slots of a state: a known test and alternative. */
static void
CheckParams(const LearnState *st, int first_test, int last_test)
{
	const double *par = st->payload;

	if (!(par[0] >= first_test && par[0] <= last_test && par[0] == floor(par[0])) ||
		!(par[1] == LEARN_ALT_TWO_SIDED || par[1] == LEARN_ALT_LESS || par[1] == LEARN_ALT_GREATER) ||
		!isfinite(par[2]) || !(par[3] == 0 || par[3] == 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid pg_learn aggregate state"),
				 errdetail("bad test parameters")));
}

PG_FUNCTION_INFO_V1(learn_stat_moments_final);

/* Final of the moments tests. */
Datum
learn_stat_moments_final(PG_FUNCTION_ARGS)
{
	LearnState	st;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	OpenStat(fcinfo, 0, LEARN_STATE_STAT_MOMENTS, false, &st);
	CheckParams(&st, TEST_T1, TEST_ANOVA);
	CheckMoments(&st);
	/* one-sample tests read group 0 only: more groups only come from forged bytes */
	if ((st.payload[0] == TEST_T1 || st.payload[0] == TEST_PAIRED) && st.hdr->n_classes > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid pg_learn aggregate state"),
				 errdetail("a one-sample test state with %u groups", st.hdr->n_classes)));
	if (st.hdr->rows_used == 0)
		PG_RETURN_NULL();
	if (st.payload[0] == TEST_ANOVA)
		return AnovaResult(fcinfo, &st);
	return TTestResult(fcinfo, &st);
}

/* ---------------------------------------------------------------- samples */

/* Keep one (a, b) pair in a sample state, growing it within learn.memory_limit. */
static Datum
SampleRow(FunctionCallInfo fcinfo, const char *fn, const double *params, bool skip, double value,
		  const char *label, int len, double second)
{
	LearnState	st;
	bytea	   *b = TransState(fcinfo, LEARN_STATE_STAT_SAMPLE, params, &st);
	int64		need;
	double		g = second;

	if (skip || isnan(value) || isnan(second))
	{
		st.hdr->rows_skipped++;
		PG_RETURN_BYTEA_P(b);
	}
	CheckValue(fn, value);
	if (label)
		g = LabelIndex(&b, &st, ':', label, len);
	need = SampleLen(1, 0, st.hdr->rows_used + 1);
	if (need < 0 || (double) need * sizeof(double) > (double) learn_memory_limit_kb * 1024.0)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s keeps its values in memory, and they exceed learn.memory_limit (%d kB)",
						fn, learn_memory_limit_kb),
				 errhint("Raise learn.memory_limit, or test a sample of the rows.")));
	if ((uint64) need > st.hdr->payload_cap)
	{
		uint64		cap = Max((uint64) need, (uint64) st.hdr->payload_cap * 2);

		cap = Min(cap, (MaxAllocSize - 4096) / sizeof(double) - 64);
		b = LearnStateGrow(CurrentMemoryContext, &st, NULL, 0, st.hdr->payload_len, (uint32) cap);
		LearnStateOpen(b, LEARN_STATE_STAT_SAMPLE, SampleLen, &st);
	}
	st.payload[st.hdr->payload_len] = value;
	st.payload[st.hdr->payload_len + 1] = g;
	st.hdr->rows_used++;
	st.hdr->payload_len += 2;
	PG_RETURN_BYTEA_P(b);
}

PG_FUNCTION_INFO_V1(learn_ks_test_trans);
PG_FUNCTION_INFO_V1(learn_mann_whitney_trans);
PG_FUNCTION_INFO_V1(learn_chisq_gof_trans);

/* learn.ks_test(value, grp [, alternative]): two-sample Kolmogorov-Smirnov test. */
Datum
learn_ks_test_trans(PG_FUNCTION_ARGS)
{
	double		params[N_PARAMS] = {TEST_KS, ParseAlternative(fcinfo, 3), 0, 0};
	text	   *g = GroupArg(fcinfo, 2);

	return SampleRow(fcinfo, "ks_test", params, PG_ARGISNULL(1) || g == NULL,
					 PG_ARGISNULL(1) ? 0 : PG_GETARG_FLOAT8(1),
					 g ? VARDATA_ANY(g) : "", g ? VARSIZE_ANY_EXHDR(g) : 0, 0);
}

/* learn.mann_whitney(value, grp [, alternative, correct]): Wilcoxon rank-sum test. */
Datum
learn_mann_whitney_trans(PG_FUNCTION_ARGS)
{
	double		params[N_PARAMS] = {TEST_MW, ParseAlternative(fcinfo, 3), 0, 1};
	text	   *g = GroupArg(fcinfo, 2);

	if (PG_NARGS() > 4 && !PG_ARGISNULL(4))
		params[3] = PG_GETARG_BOOL(4) ? 1 : 0;
	return SampleRow(fcinfo, "mann_whitney", params, PG_ARGISNULL(1) || g == NULL,
					 PG_ARGISNULL(1) ? 0 : PG_GETARG_FLOAT8(1),
					 g ? VARDATA_ANY(g) : "", g ? VARSIZE_ANY_EXHDR(g) : 0, 0);
}

/* learn.chisq_gof(observed [, expected]): chi-square goodness of fit. */
Datum
learn_chisq_gof_trans(PG_FUNCTION_ARGS)
{
	double		params[N_PARAMS] = {TEST_GOF, 0, 0, PG_NARGS() > 2 ? 1 : 0};
	bool		skip = PG_ARGISNULL(1) || (PG_NARGS() > 2 && PG_ARGISNULL(2));
	double		o = skip ? 0 : PG_GETARG_FLOAT8(1),
				e = (PG_NARGS() > 2 && !skip) ? PG_GETARG_FLOAT8(2) : 1.0;

	if (!skip && (o < 0 || e < 0 || isinf(e)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("chisq_gof: observed and expected must be non-negative and finite, got %g and %g",
						o, e)));
	return SampleRow(fcinfo, "chisq_gof", params, skip, o, NULL, 0, e);
}

PG_FUNCTION_INFO_V1(learn_stat_sample_combine);

/* Combine of the sample states (strict): append b's pairs to a's, mapping group indexes. */
Datum
learn_stat_sample_combine(PG_FUNCTION_ARGS)
{
	LearnState	a,
				b;
	int		   *map;
	bytea	   *sa = CombineOpen(fcinfo, LEARN_STATE_STAT_SAMPLE, &a, &b, &map);
	bool		grouped = (a.payload[0] != TEST_GOF);
	int64		need = SampleLen(1, 0, a.hdr->rows_used + b.hdr->rows_used);

	if (need < 0 || (double) need * sizeof(double) > (double) learn_memory_limit_kb * 1024.0)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the kept values exceed learn.memory_limit (%d kB)", learn_memory_limit_kb)));
	if ((uint64) need > a.hdr->payload_cap)
	{
		sa = LearnStateGrow(CurrentMemoryContext, &a, NULL, 0, a.hdr->payload_len, (uint32) need);
		LearnStateOpen(sa, LEARN_STATE_STAT_SAMPLE, SampleLen, &a);
	}
	for (int64 r = 0; r < b.hdr->rows_used; r++)
	{
		double		v = b.payload[N_PARAMS + 2 * r],
					g = b.payload[N_PARAMS + 2 * r + 1];

		if (grouped)
		{
			if (!(g >= 0 && g < b.hdr->n_classes))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
						 errmsg("invalid pg_learn aggregate state"),
						 errdetail("bad group index")));
			g = map[(int) g];
		}
		a.payload[a.hdr->payload_len++] = v;
		a.payload[a.hdr->payload_len++] = g;
	}
	a.hdr->rows_used += b.hdr->rows_used;
	PG_RETURN_BYTEA_P(sa);
}

/* qsort comparator of doubles. */
static int
CompareDoubles(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x < y) ? -1 : (x > y) ? 1 : 0;
}

/* Split a sample state's values into the x and y groups (label order); validates. */
static void
SplitSample(const LearnState *st, const char *fn, double **x, int *nx, double **y, int *ny)
{
	int			gx,
				gy;
	int64		n = st->hdr->rows_used;

	TwoGroups(st, fn, &gx, &gy);
	*x = palloc(sizeof(double) * n);
	*y = palloc(sizeof(double) * n);
	*nx = *ny = 0;
	for (int64 r = 0; r < n; r++)
	{
		double		v = st->payload[N_PARAMS + 2 * r],
					g = st->payload[N_PARAMS + 2 * r + 1];

		if (!isfinite(v) || !(g == gx || g == gy))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid pg_learn aggregate state"),
					 errdetail("bad value or group index in row " INT64_FORMAT, r)));
		if (g == gx)
			(*x)[(*nx)++] = v;
		else
			(*y)[(*ny)++] = v;
	}
	/* the transition adds a label with its first value: only a forged state has an empty group */
	if (*nx == 0 || *ny == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid pg_learn aggregate state"),
				 errdetail("a group without values")));
}

/*
 * Two-sample KS test: exact p value (R's psmirnov, ties allowed) when
 * nx * ny < 10000, the asymptotic Kolmogorov distribution otherwise; the
 * rule of R 4.2.2's ks.test(exact = NULL).
 */
static Datum
KsResult(FunctionCallInfo fcinfo, const LearnState *st)
{
	double	   *x,
			   *y,
				d,
				p;
	int			nx,
				ny;
	bool		ties,
				exact;
	LearnAlternative alt = (LearnAlternative) st->payload[1];

	SplitSample(st, "ks_test", &x, &nx, &y, &ny);
	qsort(x, nx, sizeof(double), CompareDoubles);
	qsort(y, ny, sizeof(double), CompareDoubles);
	d = LearnKsStatistic(x, nx, y, ny, alt, &ties);
	exact = ((double) nx * ny < 10000);
	if (exact)
	{
		/* boundary[k]: the (k+1)-th and (k+2)-th pooled sorted values differ */
		double	   *w = palloc(sizeof(double) * (nx + ny));
		bool	   *boundary = palloc(sizeof(bool) * (nx + ny));

		memcpy(w, x, sizeof(double) * nx);
		memcpy(w + nx, y, sizeof(double) * ny);
		qsort(w, nx + ny, sizeof(double), CompareDoubles);
		for (int k = 0; k < nx + ny; k++)
			boundary[k] = (k == nx + ny - 1) || w[k] != w[k + 1];
		p = LearnKsExactP(d, nx, ny, boundary, alt == LEARN_ALT_TWO_SIDED);
	}
	else
		p = LearnKsAsymptoticP(d, nx, ny, alt == LEARN_ALT_TWO_SIDED);
	return TestResult(fcinfo, exact ? "Exact two-sample Kolmogorov-Smirnov test" :
					  "Asymptotic two-sample Kolmogorov-Smirnov test", d, NAN, NAN, p, AlternativeName(alt));
}

/*
 * Mann-Whitney U (R's wilcox.test W statistic for the first group): exact
 * when both samples have fewer than 50 values and there are no ties, else
 * the normal approximation with tie correction and (unless correct = false)
 * continuity correction.
 */
static Datum
MannWhitneyResult(FunctionCallInfo fcinfo, const LearnState *st)
{
	double	   *x,
			   *y,
			   *all,
			   *ranks,
				w = 0,
				ties,
				p;
	int			nx,
				ny,
				n;
	LearnAlternative alt = (LearnAlternative) st->payload[1];
	bool		exact;

	SplitSample(st, "mann_whitney", &x, &nx, &y, &ny);
	n = nx + ny;
	all = palloc(sizeof(double) * n);
	ranks = palloc(sizeof(double) * n);
	memcpy(all, x, sizeof(double) * nx);
	memcpy(all + nx, y, sizeof(double) * ny);
	LearnRanks(all, n, ranks, &ties);
	for (int i = 0; i < nx; i++)
		w += ranks[i];
	w -= (double) nx * (nx + 1) / 2.0;
	exact = nx < 50 && ny < 50 && ties == 0;
	if (exact)
	{
		if (alt == LEARN_ALT_GREATER)
			p = LearnWilcoxonCdf(w - 1, nx, ny, false);
		else if (alt == LEARN_ALT_LESS)
			p = LearnWilcoxonCdf(w, nx, ny, true);
		else
		{
			p = (w > (double) nx * ny / 2.0) ? LearnWilcoxonCdf(w - 1, nx, ny, false) :
				LearnWilcoxonCdf(w, nx, ny, true);
			p = Min(1.0, 2.0 * p);
		}
	}
	else
	{
		double		z = w - (double) nx * ny / 2.0;
		double		sigma = sqrt(((double) nx * ny / 12.0) *
								 ((n + 1) - ties / ((double) n * (n - 1))));
		double		corr = 0;

		if (st->payload[3] != 0)
			corr = (alt == LEARN_ALT_TWO_SIDED) ? ((z > 0) - (z < 0)) * 0.5 :
				(alt == LEARN_ALT_GREATER) ? 0.5 : -0.5;
		z = (z - corr) / sigma;
		if (alt == LEARN_ALT_LESS)
			p = LearnNormalCdf(z, 0, 1, true);
		else if (alt == LEARN_ALT_GREATER)
			p = LearnNormalCdf(z, 0, 1, false);
		else
			p = 2.0 * Min(LearnNormalCdf(z, 0, 1, true), LearnNormalCdf(z, 0, 1, false));
	}
	return TestResult(fcinfo, exact ? "Wilcoxon rank sum exact test" :
					  (st->payload[3] != 0 ? "Wilcoxon rank sum test with continuity correction" :
					   "Wilcoxon rank sum test"), w, NAN, NAN, p, AlternativeName(alt));
}

/* Chi-square goodness of fit: expected rescaled to the observed total (R's rescale.p = TRUE). */
static Datum
GofResult(FunctionCallInfo fcinfo, const LearnState *st)
{
	int64		k = st->hdr->rows_used;
	double		so = 0,
				se = 0,
				stat = 0,
				df = k - 1;

	for (int64 r = 0; r < k; r++)
	{
		double		o = st->payload[N_PARAMS + 2 * r],
					e = st->payload[N_PARAMS + 2 * r + 1];

		if (!(o >= 0 && e >= 0 && isfinite(o) && isfinite(e)))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid pg_learn aggregate state"),
					 errdetail("bad observed or expected value")));
		so += o;
		se += e;
	}
	if (!(se > 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("chisq_gof: the expected values sum to 0")));
	/* an infinite total would make every expected count Infinity and the statistic NaN */
	if (!isfinite(so) || !isfinite(se))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("chisq_gof: the observed or expected values sum beyond double precision")));
	for (int64 r = 0; r < k; r++)
	{
		/* e (so / se), not (e so) / se, which overflows for large expected values */
		double		o = st->payload[N_PARAMS + 2 * r],
					e = st->payload[N_PARAMS + 2 * r + 1] * (so / se);

		stat += (o - e) * (o - e) / e;
	}
	return TestResult(fcinfo, "Chi-squared test for given probabilities", stat,
					  df > 0 ? df : NAN, NAN, df > 0 ? LearnChisqCdf(stat, df, false) : NAN, "greater");
}

PG_FUNCTION_INFO_V1(learn_stat_sample_final);

/* Final of the sample tests. */
Datum
learn_stat_sample_final(PG_FUNCTION_ARGS)
{
	LearnState	st;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	OpenStat(fcinfo, 0, LEARN_STATE_STAT_SAMPLE, false, &st);
	CheckParams(&st, TEST_KS, TEST_GOF);
	if (st.hdr->rows_used == 0)
		PG_RETURN_NULL();
	switch ((int) st.payload[0])
	{
		case TEST_KS:
			return KsResult(fcinfo, &st);
		case TEST_MW:
			return MannWhitneyResult(fcinfo, &st);
		default:
			return GofResult(fcinfo, &st);
	}
}

/* ---------------------------------------------------------------- tables */

/* Row and column positions of the labels of a table state (dictionary order). */
static void
TablePositions(const LearnState *st, int *pos, int *nr, int *nc)
{
	char	  **names = LearnStateClassNames(st);

	*nr = *nc = 0;
	for (uint32 c = 0; c < st->hdr->n_classes; c++)
	{
		if (names[c][0] == 'r')
			pos[c] = (*nr)++;
		else if (names[c][0] == 'c')
			pos[c] = (*nc)++;
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid pg_learn aggregate state"),
					 errdetail("bad table label")));
	}
	if ((uint32) *nr != st->hdr->n_features - 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid pg_learn aggregate state"),
				 errdetail("row label count does not match the header")));
}

/* Index of a prefixed table label, or -1. */
static int
TableFind(const LearnState *st, char prefix, const char *label, int len)
{
	char	   *key = palloc(len + 1);

	key[0] = prefix;
	memcpy(key + 1, label, len);
	return LearnStateFindClass(st, key, len + 1);
}

/*
 * A table state with one more label: a row label appends nc zero cells (the
 * matrix is row-major); a column label re-lays it out as nr x (nc + 1).
 */
static bytea *
TableAddLabel(bytea *b, LearnState *st, char prefix, const char *label, int len)
{
	char	   *key = palloc(len + 1);
	int			nr = st->hdr->n_features - 1,
				nc = st->hdr->n_classes - nr;
	int64		need = N_PARAMS + (int64) (nr + (prefix == 'r')) * (nc + (prefix == 'c'));
	double	   *old = NULL;

	if (need > PG_UINT32_MAX / 2)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("chisq_test: the contingency table is too large")));
	key[0] = prefix;
	memcpy(key + 1, label, len);
	if (prefix == 'c')
	{
		old = palloc(sizeof(double) * Max(1, (int64) nr * nc));
		memcpy(old, st->payload + N_PARAMS, sizeof(double) * nr * nc);
	}
	b = LearnStateGrow(CurrentMemoryContext, st, key, len + 1, (uint32) need, (uint32) need);
	if (prefix == 'r')
		((LearnStateHeader *) b)->n_features++;
	LearnStateOpen(b, LEARN_STATE_STAT_TABLE, TableLen, st);
	if (prefix == 'c')
		for (int r = 0; r < nr; r++)
		{
			memcpy(st->payload + N_PARAMS + (int64) r * (nc + 1), old + (int64) r * nc,
				   sizeof(double) * nc);
			st->payload[N_PARAMS + (int64) r * (nc + 1) + nc] = 0;
		}
	return b;
}

/* Add count to cell (row label ra, column label cb), adding labels as needed. */
static bytea *
TableAdd(bytea *b, LearnState *st, const char *ra, int la, const char *cb, int lb, double count)
{
	int		   *pos;
	int			kr,
				kc,
				nr,
				nc;

	if ((kr = TableFind(st, 'r', ra, la)) < 0)
	{
		b = TableAddLabel(b, st, 'r', ra, la);
		kr = st->hdr->n_classes - 1;
	}
	if ((kc = TableFind(st, 'c', cb, lb)) < 0)
	{
		b = TableAddLabel(b, st, 'c', cb, lb);
		kc = st->hdr->n_classes - 1;
	}
	pos = palloc(sizeof(int) * st->hdr->n_classes);
	TablePositions(st, pos, &nr, &nc);
	st->payload[N_PARAMS + (int64) pos[kr] * nc + pos[kc]] += count;
	return b;
}

PG_FUNCTION_INFO_V1(learn_chisq_test_trans);

/* learn.chisq_test(a, b [, correct]): chi-square test of independence. */
Datum
learn_chisq_test_trans(PG_FUNCTION_ARGS)
{
	double		params[N_PARAMS] = {TEST_CHISQ, 0, 0, 1};
	LearnState	st;
	bytea	   *b;
	text	   *ta = GroupArg(fcinfo, 1),
			   *tb = GroupArg(fcinfo, 2);

	if (PG_NARGS() > 3 && !PG_ARGISNULL(3))
		params[3] = PG_GETARG_BOOL(3) ? 1 : 0;
	b = TransState(fcinfo, LEARN_STATE_STAT_TABLE, params, &st);
	if (ta == NULL || tb == NULL)
	{
		st.hdr->rows_skipped++;
		PG_RETURN_BYTEA_P(b);
	}
	b = TableAdd(b, &st, VARDATA_ANY(ta), VARSIZE_ANY_EXHDR(ta), VARDATA_ANY(tb), VARSIZE_ANY_EXHDR(tb), 1);
	st.hdr->rows_used++;
	PG_RETURN_BYTEA_P(b);
}

PG_FUNCTION_INFO_V1(learn_stat_table_combine);

/* Combine of the table states (strict): add b's cells into a, by label. */
Datum
learn_stat_table_combine(PG_FUNCTION_ARGS)
{
	bool		in_agg = AggCheckCallContext(fcinfo, NULL) != 0;
	LearnState	a,
				b;
	bytea	   *sa = OpenStat(fcinfo, 0, LEARN_STATE_STAT_TABLE, in_agg, &a);
	char	  **names;
	int		   *pos,
				nr,
				nc,
			   *rows,
			   *cols;

	OpenStat(fcinfo, 1, LEARN_STATE_STAT_TABLE, false, &b);
	LearnStateCheckCounts(a.hdr, b.hdr);	/* forged counts near INT64_MAX (fuzz_stats) */
	if (memcmp(a.payload, b.payload, sizeof(double) * N_PARAMS) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine states of tests with different parameters")));
	names = LearnStateClassNames(&b);
	pos = palloc(sizeof(int) * (b.hdr->n_classes + 1));
	TablePositions(&b, pos, &nr, &nc);
	rows = palloc(sizeof(int) * (nr + 1));
	cols = palloc(sizeof(int) * (nc + 1));
	for (uint32 c = 0; c < b.hdr->n_classes; c++)
		(names[c][0] == 'r' ? rows : cols)[pos[c]] = c;
	for (int r = 0; r < nr; r++)
		for (int c = 0; c < nc; c++)
		{
			double		v = b.payload[N_PARAMS + (int64) r * nc + c];

			if (!(v >= 0) || v != floor(v))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
						 errmsg("invalid pg_learn aggregate state"),
						 errdetail("bad cell count")));
			if (v > 0)
				sa = TableAdd(sa, &a, names[rows[r]] + 1, strlen(names[rows[r]]) - 1,
							  names[cols[c]] + 1, strlen(names[cols[c]]) - 1, v);
		}
	a.hdr->rows_used += b.hdr->rows_used;
	a.hdr->rows_skipped += b.hdr->rows_skipped;
	PG_RETURN_BYTEA_P(sa);
}

PG_FUNCTION_INFO_V1(learn_stat_table_final);

/*
 * Pearson's chi-square test of independence, as R's chisq.test on the table:
 * expected counts from the margins, Yates' continuity correction
 * (|O - E| - min(0.5, min |O - E|)) for 2 x 2 tables unless correct = false.
 */
Datum
learn_stat_table_final(PG_FUNCTION_ARGS)
{
	LearnState	st;
	int		   *pos,
				nr,
				nc;
	double	   *rs,
			   *cs,
				n = 0,
				stat = 0,
				yates = 0,
				df;
	const double *o;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	OpenStat(fcinfo, 0, LEARN_STATE_STAT_TABLE, false, &st);
	CheckParams(&st, TEST_CHISQ, TEST_CHISQ);
	if (st.hdr->rows_used == 0)
		PG_RETURN_NULL();
	pos = palloc(sizeof(int) * (st.hdr->n_classes + 1));
	TablePositions(&st, pos, &nr, &nc);
	o = st.payload + N_PARAMS;
	rs = palloc0(sizeof(double) * nr);
	cs = palloc0(sizeof(double) * nc);
	for (int r = 0; r < nr; r++)
		for (int c = 0; c < nc; c++)
		{
			double		v = o[(int64) r * nc + c];

			if (!(v >= 0) || v != floor(v))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
						 errmsg("invalid pg_learn aggregate state"),
						 errdetail("bad cell count")));
			rs[r] += v;
			cs[c] += v;
			n += v;
		}
	if (n != (double) st.hdr->rows_used)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid pg_learn aggregate state"),
				 errdetail("cell counts do not add up to the row count")));
	if (st.payload[3] != 0 && nr == 2 && nc == 2)
	{
		yates = 0.5;
		for (int k = 0; k < 4; k++)
			yates = Min(yates, fabs(o[k] - rs[k / 2] * cs[k % 2] / n));
	}
	for (int r = 0; r < nr; r++)
		for (int c = 0; c < nc; c++)
		{
			double		e = rs[r] * cs[c] / n;
			double		d = fabs(o[(int64) r * nc + c] - e) - yates;

			stat += d * d / e;
		}
	df = (double) (nr - 1) * (nc - 1);
	return TestResult(fcinfo, yates > 0 || (st.payload[3] != 0 && nr == 2 && nc == 2) ?
					  "Pearson's Chi-squared test with Yates' continuity correction" :
					  "Pearson's Chi-squared test", stat, df > 0 ? df : NAN, NAN,
					  df > 0 ? LearnChisqCdf(stat, df, false) : NAN, "greater");
}
