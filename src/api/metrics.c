/*
 * metrics.c: the evaluation aggregates (learn.accuracy, learn.rmse,
 * learn.roc_auc, learn.silhouette, ...), the set-returning functions that
 * unnest a confusion matrix or a score curve into rows, and their states.
 *
 * States are the training aggregates' bytea state (core/state.h) under
 * metric-only algorithm ids, so they get the same header, class dictionary
 * and validation on every entry: users may call these transition and
 * combine functions with any bytes.  Labels are compared by their text:
 *   - booleans are "true"/"false", numbers are compared by value (1, 1.0 and
 *     '1' are one label), anything else by its output text;
 *   - a text label facing a numeric or boolean one is read as a number or a
 *     boolean when it parses as one, so a table's integer or boolean label
 *     column compares with learn.predict_label(...) without a cast;
 *   - a number facing a boolean is read as one when it is 0 or 1 (as
 *     learn.predict gives a boolean classifier's labels), else an error.
 * The class order (confusion rows, the "binary" positive class) is that of
 * the actual labels' type: numeric by value, false < true, text by bytes.
 */
#include "postgres.h"

#include <math.h>

#include "algorithms/algorithm.h"
#include "api/aggregate.h"
#include "api/metrics.h"
#include "catalog/pg_type.h"
#include "core/metrics.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/lsyscache.h"

/* Per call site: the two label arguments' types and output functions. */
typedef struct LabelArgs
{
	Oid			type[2];
	LearnLabelKind kind[2];
	FmgrInfo	out[2];
} LabelArgs;

/* ---- payload sizes (float8 slots) of each metric state ---- */

/* confusion counts, shell layout: k^2 slots */
static int64
LabelsLen(uint32 nf, uint32 nc, int64 rows)
{
	(void) rows;
	return nf == 1 ? (int64) nc * nc : -1;
}

/* regression moments: a fixed block */
static int64
RegressionLen(uint32 nf, uint32 nc, int64 rows)
{
	(void) rows;
	return (nf == 1 && nc == 0) ? (int64) (sizeof(LearnRegMoments) / sizeof(double)) : -1;
}

/* binary scores: (score, class) per row, at most two classes */
static int64
ScoresLen(uint32 nf, uint32 nc, int64 rows)
{
	return (nf == 1 && nc <= 2 && rows <= PG_INT32_MAX / 2) ? rows * 2 : -1;
}

/* binary log loss: per class, the row terms as if it were positive and as if negative */
static int64
LogLossLen(uint32 nf, uint32 nc, int64 rows)
{
	(void) rows;
	return (nf == 1 && nc <= 2) ? (int64) nc * 2 : -1;
}

/* multiclass log loss: the sum of row terms */
static int64
LogLossMultiLen(uint32 nf, uint32 nc, int64 rows)
{
	(void) rows;
	return (nf == 1 && nc == 0) ? 1 : -1;
}

/* silhouette: (cluster, features) per row, bounded by the exact-computation row limit */
static int64
SilhouetteLen(uint32 nf, uint32 nc, int64 rows)
{
	(void) nc;
	return (nf >= 2 && nf <= 100001 && rows <= LEARN_SILHOUETTE_MAX_ROWS) ? rows * nf : -1;
}

/* The payload-size function of a metric state id. */
static LearnPayloadLenFn
PayloadLenOf(uint16 id)
{
	switch (id)
	{
		case LEARN_METRIC_LABELS:
			return LabelsLen;
		case LEARN_METRIC_REGRESSION:
			return RegressionLen;
		case LEARN_METRIC_SCORES:
			return ScoresLen;
		case LEARN_METRIC_LOGLOSS:
			return LogLossLen;
		case LEARN_METRIC_LOGLOSS_MULTI:
			return LogLossMultiLen;
		case LEARN_METRIC_SILHOUETTE:
			return SilhouetteLen;
	}
	elog(ERROR, "unknown metric state %u", id);
	return NULL;
}

/* Raise the error for a state whose contents are impossible. */
static void
BadMetricState(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid pg_learn aggregate state"),
			 errdetail("%s", detail),
			 errhint("Aggregate states are made by pg_learn's transition functions; do not pass other bytes.")));
}

/* Open the state in argument argno as metric state id (a copy unless own). */
static bytea *
OpenMetricState(FunctionCallInfo fcinfo, int argno, uint16 id, bool own, LearnState *st)
{
	bytea	   *b = LearnStateDetoast(PG_GETARG_DATUM(argno), !own);

	LearnStateOpen(b, id, PayloadLenOf(id), st);
	return b;
}

/*
 * The transition's state: argument 0 updated in place inside an aggregate
 * (a copy outside one), or a new state with nf dimensions and options blob.
 */
static bytea *
TransitionState(FunctionCallInfo fcinfo, uint16 id, uint32 nf, const LearnWriter *blob,
				LearnState *st)
{
	bool		in_agg = AggCheckCallContext(fcinfo, NULL) != 0;
	bytea	   *b;

	if (!PG_ARGISNULL(0))
	{
		b = OpenMetricState(fcinfo, 0, id, in_agg, st);
		if (blob && (st->hdr->options_len != (uint32) blob->len ||
					 memcmp(st->options, blob->data, blob->len) != 0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the average and pos_label arguments must be the same on every row")));
		return b;
	}
	{
		LearnWriter empty;

		LearnWriterInit(&empty);
		b = LearnStateCreate(CurrentMemoryContext, id, nf, blob ? blob : &empty,
							 nf == 0 ? 0 : (uint32) PayloadLenOf(id) (nf, 0, 0));
	}
	LearnStateOpen(b, id, PayloadLenOf(id), st);
	return b;
}

/* Count a skipped (NULL) row and return the state, creating it if needed. */
static Datum
SkipRow(FunctionCallInfo fcinfo, uint16 id, uint32 nf)
{
	LearnState	st;
	bytea	   *b = TransitionState(fcinfo, id, nf, NULL, &st);

	st.hdr->rows_skipped++;
	PG_RETURN_BYTEA_P(b);
}

/* Grow the payload by one row of `width` slots (capacity doubling), checking learn.memory_limit. */
static bytea *
GrowRow(bytea *b, LearnState *st, uint32 width, const char *what)
{
	uint16		id = st->hdr->algorithm;
	int64		need = PayloadLenOf(id) (st->hdr->n_features, st->hdr->n_classes, st->hdr->rows_used + 1);

	if (need < 0)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s cannot hold more than " INT64_FORMAT " rows", what, st->hdr->rows_used),
				 id == LEARN_METRIC_SILHOUETTE ?
				 errhint("Exact silhouette is O(n^2) and limited to %d rows: evaluate a sample, e.g. ORDER BY random() LIMIT %d.",
						 LEARN_SILHOUETTE_MAX_ROWS, LEARN_SILHOUETTE_MAX_ROWS) : 0));
	if ((double) need * sizeof(double) > (double) learn_memory_limit_kb * 1024.0)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s keeps %u float8 values per row, and its rows exceed learn.memory_limit (%d kB)",
						what, width, learn_memory_limit_kb),
				 errhint("Raise learn.memory_limit, or evaluate a sample of the rows.")));
	if ((uint64) need > st->hdr->payload_cap)
	{
		/*
		 * Double the capacity, but no further than an allocation allows; never
		 * below need (clamping need itself would let the row be written past
		 * the end: LearnStateGrow refuses a state too large with 54000).
		 */
		uint64		cap = Min((uint64) st->hdr->payload_cap * 2, (MaxAllocSize - 4096) / sizeof(double));

		cap = Max(cap, (uint64) need);
		if (cap > PG_UINT32_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s cannot hold more than " INT64_FORMAT " rows", what, st->hdr->rows_used)));
		b = LearnStateGrow(CurrentMemoryContext, st, NULL, 0, st->hdr->payload_len, (uint32) cap);
		LearnStateOpen(b, id, PayloadLenOf(id), st);
	}
	st->hdr->rows_used++;
	st->hdr->payload_len = (uint32) need;
	return b;
}

/* Index of label in the state's dictionary, adding it (and its zeroed slots) if new. */
static bytea *
ClassIndex(bytea *b, LearnState *st, const char *label, int *idx, uint32 max_classes, const char *what)
{
	int			len = strlen(label);
	uint16		id = st->hdr->algorithm;
	int64		need;

	*idx = LearnStateFindClass(st, label, len);
	if (*idx >= 0)
		return b;
	if (st->hdr->n_classes >= max_classes)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s takes at most %u distinct labels; \"%s\" is one more", what, max_classes, label)));
	need = PayloadLenOf(id) (st->hdr->n_features, st->hdr->n_classes + 1, st->hdr->rows_used);
	if (need < 0)
		BadMetricState("too many classes for the state");
	b = LearnStateGrow(CurrentMemoryContext, st, label, len, (uint32) need,
					   Max((uint32) need, st->hdr->payload_cap));
	LearnStateOpen(b, id, PayloadLenOf(id), st);
	*idx = (int) st->hdr->n_classes - 1;
	return b;
}

/* ---- labels as text ---- */

/* The call site's label-argument cache. */
static LabelArgs *
GetLabelArgs(FunctionCallInfo fcinfo, int first, int count)
{
	LabelArgs  *la = fcinfo->flinfo->fn_extra;

	if (la == NULL)
		la = fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(LabelArgs));
	for (int i = 0; i < count; i++)
	{
		Oid			type = get_fn_expr_argtype(fcinfo->flinfo, first + i);
		Oid			outfn;
		bool		varlena;

		if (la->type[i] == type)
			continue;
		if (!OidIsValid(type))
			ereport(ERROR,
					(errcode(ERRCODE_INDETERMINATE_DATATYPE),
					 errmsg("could not determine the type of the label argument")));
		la->type[i] = type;
		la->kind[i] = (type == UNKNOWNOID) ? LEARN_LABEL_TEXT : LearnLabelKindOf(type);
		getTypeOutputInfo(type, &outfn, &varlena);
		fmgr_info_cxt(outfn, &la->out[i], fcinfo->flinfo->fn_mcxt);
	}
	return la;
}

/* A number as a label: integral values print as integers, others as shortest float8 text. */
static char *
NumberLabel(double v)
{
	if (!isfinite(v))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("label %g is not a finite number", v)));
	if (v == floor(v) && fabs(v) < 1e15)
		return psprintf(INT64_FORMAT, (int64) v);
	return float8out_internal(v);
}

/*
 * The canonical text of a label given as text, when it meets a label of kind
 * other: a number or a boolean if it reads as one, else unchanged.
 */
char *
LearnCanonicalTextLabel(char *s, LearnLabelKind other)
{
	if (other == LEARN_LABEL_NUMERIC)
	{
		char	   *end;
		double		v;

		errno = 0;
		v = strtod(s, &end);
		if (end != s && *end == '\0' && errno == 0 && isfinite(v))
			return NumberLabel(v);
	}
	else if (other == LEARN_LABEL_BOOLEAN)
	{
		bool		b;

		if (parse_bool(s, &b))
			return b ? "true" : "false";
	}
	return s;
}

/*
 * A number facing a boolean label (learn.predict gives 0 and 1 for a
 * boolean classifier): 0 is false, 1 is true, anything else is an error.
 */
static char *
NumberAsBoolean(const char *num)
{
	if (strcmp(num, "0") == 0)
		return "false";
	if (strcmp(num, "1") == 0)
		return "true";
	ereport(ERROR,
			(errcode(ERRCODE_DATATYPE_MISMATCH),
			 errmsg("cannot compare the number %s with boolean labels", num),
			 errdetail("Only 0 (false) and 1 (true) compare with booleans.")));
	return NULL;
}

/* The canonical text of label argument i (0 or 1) given the other side's kind. */
static char *
LabelText(LabelArgs *la, int i, Datum d, LearnLabelKind other)
{
	Oid			type = la->type[i];
	char	   *num;

	switch (la->kind[i])
	{
		case LEARN_LABEL_BOOLEAN:
			return DatumGetBool(d) ? "true" : "false";
		case LEARN_LABEL_NUMERIC:
			if (type == FLOAT8OID)
				num = NumberLabel(DatumGetFloat8(d));
			else if (type == FLOAT4OID)
				num = NumberLabel(DatumGetFloat4(d));
			else if (type == NUMERICOID)
				num = NumberLabel(DatumGetFloat8(DirectFunctionCall1(numeric_float8, d)));
			else
				num = OutputFunctionCall(&la->out[i], d);
			return other == LEARN_LABEL_BOOLEAN ? NumberAsBoolean(num) : num;
		default:
			return LearnCanonicalTextLabel(OutputFunctionCall(&la->out[i], d), other);
	}
}

/* Record the actual labels' kind in the state (the class order follows it). */
static void
SetLabelKind(LearnState *st, LearnLabelKind kind)
{
	if (st->hdr->label_kind == LEARN_LABEL_NONE)
		st->hdr->label_kind = kind;
	else if (st->hdr->label_kind != kind)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("the actual labels of one evaluation must all have the same kind of type")));
}

/* ---- classification from (actual, predicted) labels ---- */

/*
 * Write the pos_label argument argno into an options blob.  Checked here so
 * that an empty or over-long value is reported as the bad argument it is
 * (the blob writer would call it a "name" with SQLSTATE 54000).
 */
static void
WritePosLabel(FunctionCallInfo fcinfo, int argno, LearnWriter *w)
{
	char	   *pos = text_to_cstring(PG_GETARG_TEXT_PP(argno));
	size_t		len = strlen(pos);

	if (len == 0 || len > LEARN_MAX_NAME_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("pos_label must have 1 to %d bytes, got %zu", LEARN_MAX_NAME_BYTES, len)));
	LearnWriteName(w, pos);
}

/* The options blob of a labels state: average (0 = none) and the positive label. */
static LearnWriter
LabelsBlob(FunctionCallInfo fcinfo)
{
	LearnWriter w;
	uint8		avg = 0;

	LearnWriterInit(&w);
	if (PG_NARGS() > 3 && !PG_ARGISNULL(3))
	{
		char	   *a = text_to_cstring(PG_GETARG_TEXT_PP(3));

		if (strcmp(a, "binary") == 0)
			avg = LEARN_AVG_BINARY;
		else if (strcmp(a, "macro") == 0)
			avg = LEARN_AVG_MACRO;
		else if (strcmp(a, "micro") == 0)
			avg = LEARN_AVG_MICRO;
		else if (strcmp(a, "weighted") == 0)
			avg = LEARN_AVG_WEIGHTED;
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown average \"%s\"", a),
					 errhint("Use binary, macro, micro or weighted.")));
	}
	LearnWriteU8(&w, avg);
	if (PG_NARGS() > 4 && !PG_ARGISNULL(4))
	{
		LearnWriteU8(&w, 1);
		WritePosLabel(fcinfo, 4, &w);
	}
	else
		LearnWriteU8(&w, 0);
	return w;
}

PG_FUNCTION_INFO_V1(learn_metric_labels_trans);

/*
 * learn.metric_labels_trans(state bytea, actual "any", predicted "any"
 * [, average text [, pos_label text]]): count the pair in the confusion matrix.
 */
Datum
learn_metric_labels_trans(PG_FUNCTION_ARGS)
{
	LearnWriter blob = LabelsBlob(fcinfo);
	LabelArgs  *la;
	LearnState	st;
	bytea	   *b;
	int			a,
				p;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		b = TransitionState(fcinfo, LEARN_METRIC_LABELS, 1, &blob, &st);
		st.hdr->rows_skipped++;
		PG_RETURN_BYTEA_P(b);
	}
	la = GetLabelArgs(fcinfo, 1, 2);
	b = TransitionState(fcinfo, LEARN_METRIC_LABELS, 1, &blob, &st);
	SetLabelKind(&st, la->kind[0]);
	b = ClassIndex(b, &st, LabelText(la, 0, PG_GETARG_DATUM(1), la->kind[1]), &a,
				   LEARN_MAX_CLASSES, "a confusion matrix");
	b = ClassIndex(b, &st, LabelText(la, 1, PG_GETARG_DATUM(2), la->kind[0]), &p,
				   LEARN_MAX_CLASSES, "a confusion matrix");
	st.payload[LearnConfusionSlot(a, p)] += 1;
	st.hdr->rows_used++;
	PG_RETURN_BYTEA_P(b);
}

/* Fail unless two metric states can be merged. */
static void
CheckMergeable(const LearnState *a, const LearnState *b)
{
	if (a->hdr->options_len != b->hdr->options_len ||
		memcmp(a->options, b->options, a->hdr->options_len) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine evaluation states with different average or pos_label")));
	if (a->hdr->n_features != 0 && b->hdr->n_features != 0 &&
		a->hdr->n_features != b->hdr->n_features)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("cannot combine evaluation states with %u and %u features",
						a->hdr->n_features - 1, b->hdr->n_features - 1)));
	if (a->hdr->label_kind != LEARN_LABEL_NONE && b->hdr->label_kind != LEARN_LABEL_NONE &&
		a->hdr->label_kind != b->hdr->label_kind)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("cannot combine evaluation states with labels of different types")));
	/* only forged states get here: real row counts are far below 2^62 */
	if (a->hdr->rows_used > PG_INT64_MAX - b->hdr->rows_used ||
		a->hdr->rows_skipped > PG_INT64_MAX - b->hdr->rows_skipped)
		BadMetricState("the combined row counts overflow");
}

/* b's class indexes in a, adding to a the classes it has not seen. */
static bytea *
MapClasses(bytea *sa, LearnState *a, const LearnState *b, int **map, uint32 max_classes)
{
	char	  **names = LearnStateClassNames(b);

	*map = palloc(sizeof(int) * Max(b->hdr->n_classes, 1));
	for (uint32 c = 0; c < b->hdr->n_classes; c++)
		sa = ClassIndex(sa, a, names[c], &(*map)[c], max_classes, "an evaluation");
	if (a->hdr->label_kind == LEARN_LABEL_NONE)
		a->hdr->label_kind = b->hdr->label_kind;
	return sa;
}

/*
 * The shared start of every combine function: returns the state to return
 * when one side is NULL (or NULL for both), otherwise opens both into a
 * and b and sets *sa to the first state, owned and ready to merge into.
 */
static bool
CombineStart(FunctionCallInfo fcinfo, uint16 id, bytea **sa, LearnState *a, LearnState *b)
{
	bool		in_agg = AggCheckCallContext(fcinfo, NULL) != 0;

	*sa = NULL;
	if (PG_ARGISNULL(1))
	{
		if (!PG_ARGISNULL(0))
			*sa = OpenMetricState(fcinfo, 0, id, in_agg, a);
		return false;
	}
	if (PG_ARGISNULL(0))
	{
		*sa = OpenMetricState(fcinfo, 1, id, false, a);
		return false;
	}
	OpenMetricState(fcinfo, 1, id, true, b);
	*sa = OpenMetricState(fcinfo, 0, id, in_agg, a);
	CheckMergeable(a, b);
	return true;
}

/* Return the combine result (NULL when both inputs were NULL). */
#define COMBINE_RETURN(sa) \
	do { if ((sa) == NULL) PG_RETURN_NULL(); PG_RETURN_BYTEA_P(sa); } while (0)

PG_FUNCTION_INFO_V1(learn_metric_labels_combine);

/* Combine two confusion-matrix states. */
Datum
learn_metric_labels_combine(PG_FUNCTION_ARGS)
{
	bytea	   *sa;
	LearnState	a,
				b;
	int		   *map;

	if (!CombineStart(fcinfo, LEARN_METRIC_LABELS, &sa, &a, &b))
		COMBINE_RETURN(sa);
	sa = MapClasses(sa, &a, &b, &map, LEARN_MAX_CLASSES);
	for (uint32 i = 0; i < b.hdr->n_classes; i++)
		for (uint32 j = 0; j < b.hdr->n_classes; j++)
			a.payload[LearnConfusionSlot(map[i], map[j])] += b.payload[LearnConfusionSlot(i, j)];
	a.hdr->rows_used += b.hdr->rows_used;
	a.hdr->rows_skipped += b.hdr->rows_skipped;
	PG_RETURN_BYTEA_P(sa);
}

/* A finished confusion matrix, dense and in class order. */
typedef struct Confusion
{
	uint32		k;
	char	  **names;			/* sorted */
	double	   *cm;				/* cm[actual * k + predicted] */
	LearnAverage avg;			/* 0 when the aggregate took no average */
	char	   *pos_label;		/* NULL when not given */
} Confusion;

/* Decode a labels state into a dense sorted matrix; false when it has no rows. */
static bool
ConfusionOf(bytea *b, Confusion *c)
{
	LearnState	st;
	LearnReader r;
	char	  **names;
	int		   *perm;
	double		total = 0;
	uint8		has_pos;

	LearnStateOpen(b, LEARN_METRIC_LABELS, LabelsLen, &st);
	if (st.hdr->rows_used == 0)
		return false;
	c->k = st.hdr->n_classes;
	names = LearnStateClassNames(&st);
	perm = palloc(sizeof(int) * Max(c->k, 1));
	LearnSortClasses(names, c->k, (LearnLabelKind) st.hdr->label_kind, perm);
	c->names = palloc(sizeof(char *) * Max(c->k, 1));
	c->cm = palloc(sizeof(double) * Max(c->k * c->k, 1));
	for (uint32 i = 0; i < c->k; i++)
	{
		c->names[i] = names[perm[i]];
		for (uint32 j = 0; j < c->k; j++)
		{
			double		v = st.payload[LearnConfusionSlot(perm[i], perm[j])];

			if (!(v >= 0 && v == floor(v) && v <= 1e18))
				BadMetricState("a confusion count is not a count");
			c->cm[i * c->k + j] = v;
			total += v;
		}
	}
	if (total != (double) st.hdr->rows_used)
		BadMetricState("the confusion counts do not add up to the row count");
	c->avg = 0;
	c->pos_label = NULL;
	if (st.hdr->options_len > 0)
	{
		LearnReaderInit(&r, st.options, st.hdr->options_len, "aggregate state");
		c->avg = (LearnAverage) LearnReadU8(&r);
		has_pos = LearnReadU8(&r);
		if (c->avg > LEARN_AVG_WEIGHTED || has_pos > 1)
			BadMetricState("bad metric options");
		if (has_pos)
			c->pos_label = LearnCanonicalTextLabel(LearnReadName(&r), (LearnLabelKind) st.hdr->label_kind);
		LearnReaderExpectEnd(&r);
	}
	return true;
}

/* Open the final function's confusion matrix; false (return NULL) when empty. */
static bool
FinalConfusion(FunctionCallInfo fcinfo, Confusion *c)
{
	if (PG_ARGISNULL(0))
		return false;
	return ConfusionOf(LearnStateDetoast(PG_GETARG_DATUM(0), false), c);
}

/*
 * The class index of the positive label for average = binary: pos_label
 * when given (-1 when absent from the rows, which then score 0), else the
 * greater of at most two labels.
 */
static int
PositiveClass(const Confusion *c)
{
	if (c->pos_label != NULL)
	{
		for (uint32 i = 0; i < c->k; i++)
			if (strcmp(c->names[i], c->pos_label) == 0)
				return (int) i;
		if (c->k >= 2)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("pos_label \"%s\" is not one of the labels", c->pos_label)));
		return -1;
	}
	if (c->k > 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("average 'binary' needs at most two labels, the rows have %u", c->k),
				 errhint("Use average 'macro', 'micro' or 'weighted' for more than two classes.")));
	return (int) c->k - 1;
}

/* Precision, recall or F1 of the final state. */
static Datum
PrfFinal(FunctionCallInfo fcinfo, LearnPrfWhat what)
{
	Confusion	c;
	LearnAverage avg;
	int			pos = -1;

	if (!FinalConfusion(fcinfo, &c))
		PG_RETURN_NULL();
	avg = c.avg ? c.avg : LEARN_AVG_BINARY;
	if (avg == LEARN_AVG_BINARY)
	{
		pos = PositiveClass(&c);
		if (pos < 0)
			PG_RETURN_FLOAT8(0.0);
	}
	PG_RETURN_FLOAT8(LearnPrf(c.cm, c.k, what, avg, pos));
}

/* The label final functions that apply a kernel to the whole matrix: NULL without rows. */
#define CONFUSION_FINAL(sqlname, kernel) \
PG_FUNCTION_INFO_V1(sqlname); \
Datum \
sqlname(PG_FUNCTION_ARGS) \
{ \
	Confusion	c; \
	if (!FinalConfusion(fcinfo, &c)) \
		PG_RETURN_NULL(); \
	PG_RETURN_FLOAT8(kernel(c.cm, c.k)); \
}

CONFUSION_FINAL(learn_accuracy_final, LearnAccuracy)
CONFUSION_FINAL(learn_balanced_accuracy_final, LearnBalancedAccuracy)
CONFUSION_FINAL(learn_mcc_final, LearnMcc)

/* The precision, recall and F1 final functions. */
#define PRF_FINAL(sqlname, what) \
PG_FUNCTION_INFO_V1(sqlname); \
Datum \
sqlname(PG_FUNCTION_ARGS) \
{ \
	return PrfFinal(fcinfo, what); \
}

PRF_FINAL(learn_precision_final, LEARN_PRF_PRECISION)
PRF_FINAL(learn_recall_final, LEARN_PRF_RECALL)
PRF_FINAL(learn_f1_final, LEARN_PRF_F1)

PG_FUNCTION_INFO_V1(learn_confusion_final);

/* A copy of the state trimmed to its payload, for the set-returning readers. */
static Datum
TrimmedState(FunctionCallInfo fcinfo, uint16 id)
{
	LearnState	st;
	bytea	   *b;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	b = LearnStateDetoast(PG_GETARG_DATUM(0), false);
	LearnStateOpen(b, id, PayloadLenOf(id), &st);
	if (st.hdr->rows_used == 0)
		PG_RETURN_NULL();
	PG_RETURN_BYTEA_P(LearnStateGrow(CurrentMemoryContext, &st, NULL, 0,
									 st.hdr->payload_len, st.hdr->payload_len));
}

/* Final of learn.confusion_matrix: the matrix as a compact bytea. */
Datum
learn_confusion_final(PG_FUNCTION_ARGS)
{
	return TrimmedState(fcinfo, LEARN_METRIC_LABELS);
}

PG_FUNCTION_INFO_V1(learn_confusion_rows);

/*
 * learn.confusion_rows(confusion bytea) RETURNS TABLE (actual text,
 * predicted text, n bigint): every cell, zeros included, in class order.
 */
Datum
learn_confusion_rows(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Confusion	c;

	InitMaterializedSRF(fcinfo, 0);
	if (!ConfusionOf(LearnStateDetoast(PG_GETARG_DATUM(0), false), &c))
		return (Datum) 0;
	for (uint32 i = 0; i < c.k; i++)
		for (uint32 j = 0; j < c.k; j++)
		{
			Datum		values[3];
			bool		nulls[3] = {false};

			values[0] = CStringGetTextDatum(c.names[i]);
			values[1] = CStringGetTextDatum(c.names[j]);
			values[2] = Int64GetDatum((int64) c.cm[i * c.k + j]);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	return (Datum) 0;
}

/* ---- regression ---- */

/* Fail on a non-finite actual or predicted value. */
static void
CheckFiniteValue(double v, const char *what)
{
	if (!isfinite(v))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("%s value %g is not finite", what, v),
				 errhint("Filter the row out with WHERE, or replace the value.")));
}

/* Fail unless the moments of a regression state are possible (forged bytes). */
static void
CheckMoments(const LearnRegMoments *m)
{
	if (!isfinite(m->mean_y) || !isfinite(m->mean_e) || !(m->m2_y >= 0) || !(m->m2_e >= 0) ||
		!(m->sse >= 0) || !(m->sae >= 0) || !(m->sape >= 0) ||
		!isfinite(m->m2_y + m->m2_e + m->sse + m->sae + m->sape) || m->unused != 0)
		BadMetricState("regression moments are out of range");
}

/*
 * Fail when finite inputs overflowed the moments (|actual - predicted| or a
 * squared deviation above DBL_MAX): float8 arithmetic errors there too,
 * rather than giving an infinite or NaN metric.
 */
static void
CheckMomentsOverflow(const LearnRegMoments *m)
{
	if (!isfinite(m->mean_y) || !isfinite(m->mean_e) ||
		!isfinite(m->m2_y + m->m2_e + m->sse + m->sae + m->sape))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("regression metric value out of range: overflow"),
				 errhint("Scale the actual and predicted values down.")));
}

PG_FUNCTION_INFO_V1(learn_metric_regression_trans);

/* learn.metric_regression_trans(state bytea, actual float8, predicted float8) */
Datum
learn_metric_regression_trans(PG_FUNCTION_ARGS)
{
	LearnState	st;
	bytea	   *b;
	double		y,
				yhat;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return SkipRow(fcinfo, LEARN_METRIC_REGRESSION, 1);
	y = PG_GETARG_FLOAT8(1);
	yhat = PG_GETARG_FLOAT8(2);
	CheckFiniteValue(y, "actual");
	CheckFiniteValue(yhat, "predicted");
	b = TransitionState(fcinfo, LEARN_METRIC_REGRESSION, 1, NULL, &st);
	LearnRegAdd((LearnRegMoments *) st.payload, st.hdr->rows_used, y, yhat);
	CheckMomentsOverflow((LearnRegMoments *) st.payload);
	st.hdr->rows_used++;
	PG_RETURN_BYTEA_P(b);
}

PG_FUNCTION_INFO_V1(learn_metric_regression_combine);

/* Combine two regression states. */
Datum
learn_metric_regression_combine(PG_FUNCTION_ARGS)
{
	bytea	   *sa;
	LearnState	a,
				b;

	if (!CombineStart(fcinfo, LEARN_METRIC_REGRESSION, &sa, &a, &b))
		COMBINE_RETURN(sa);
	CheckMoments((const LearnRegMoments *) a.payload);
	CheckMoments((const LearnRegMoments *) b.payload);
	LearnRegMerge((LearnRegMoments *) a.payload, a.hdr->rows_used,
				  (const LearnRegMoments *) b.payload, b.hdr->rows_used);
	CheckMomentsOverflow((LearnRegMoments *) a.payload);
	a.hdr->rows_used += b.hdr->rows_used;
	a.hdr->rows_skipped += b.hdr->rows_skipped;
	PG_RETURN_BYTEA_P(sa);
}

/* The final state's moments and row count; false when there are no rows. */
static bool
FinalMoments(FunctionCallInfo fcinfo, LearnRegMoments *m, int64 *n)
{
	LearnState	st;

	if (PG_ARGISNULL(0))
		return false;
	LearnStateOpen(LearnStateDetoast(PG_GETARG_DATUM(0), false), LEARN_METRIC_REGRESSION,
				   RegressionLen, &st);
	if (st.hdr->rows_used == 0)
		return false;
	memcpy(m, st.payload, sizeof(*m));
	CheckMoments(m);
	*n = st.hdr->rows_used;
	return true;
}

/* The regression final functions: NULL without rows; r2 and explained variance need two rows. */
#define REGRESSION_FINAL(sqlname, kernel, min_rows) \
PG_FUNCTION_INFO_V1(sqlname); \
Datum \
sqlname(PG_FUNCTION_ARGS) \
{ \
	LearnRegMoments m; \
	int64		n; \
	if (!FinalMoments(fcinfo, &m, &n) || n < (min_rows)) \
		PG_RETURN_NULL(); \
	PG_RETURN_FLOAT8(kernel(&m, n)); \
}

REGRESSION_FINAL(learn_rmse_final, LearnRmse, 1)
REGRESSION_FINAL(learn_mae_final, LearnMae, 1)
REGRESSION_FINAL(learn_mape_final, LearnMape, 1)
REGRESSION_FINAL(learn_r2_final, LearnR2, 2)
REGRESSION_FINAL(learn_explained_variance_final, LearnExplainedVariance, 2)

/* ---- binary scores: ROC AUC, average precision, curves ---- */

PG_FUNCTION_INFO_V1(learn_metric_scores_trans);

/* The options blob of a scores state: the positive label, if given. */
static LearnWriter
PosLabelBlob(FunctionCallInfo fcinfo, int argno)
{
	LearnWriter w;

	LearnWriterInit(&w);
	if (PG_NARGS() > argno && !PG_ARGISNULL(argno))
		WritePosLabel(fcinfo, argno, &w);
	return w;
}

/* A score must be a finite number (sklearn rejects NaN and infinity too). */
static double
ScoreArg(FunctionCallInfo fcinfo, int argno)
{
	double		s = PG_GETARG_FLOAT8(argno);

	if (!isfinite(s))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("score %g is not finite", s),
				 errhint("Filter the row out with WHERE, or replace the value.")));
	return s;
}

/*
 * learn.metric_scores_trans(state bytea, actual "any", score float8
 * [, pos_label text]): keep the (score, label) pair; two labels at most.
 */
Datum
learn_metric_scores_trans(PG_FUNCTION_ARGS)
{
	LearnWriter blob = PosLabelBlob(fcinfo, 3);
	LabelArgs  *la;
	LearnState	st;
	bytea	   *b;
	double		score;
	int			c;

	b = TransitionState(fcinfo, LEARN_METRIC_SCORES, 1, &blob, &st);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		st.hdr->rows_skipped++;
		PG_RETURN_BYTEA_P(b);
	}
	score = ScoreArg(fcinfo, 2);
	la = GetLabelArgs(fcinfo, 1, 1);
	SetLabelKind(&st, la->kind[0]);
	b = ClassIndex(b, &st, LabelText(la, 0, PG_GETARG_DATUM(1), LEARN_LABEL_TEXT), &c, 2,
				   "a binary ranking metric");
	b = GrowRow(b, &st, 2, "a binary ranking metric");
	st.payload[st.hdr->payload_len - 2] = score;
	st.payload[st.hdr->payload_len - 1] = c;
	PG_RETURN_BYTEA_P(b);
}

/* Append b's rows (payload_len slots after remapping column 'class_col' of each `width` slots) to a. */
static bytea *
AppendRows(bytea *sa, LearnState *a, const LearnState *b, const int *map, uint32 width, uint32 class_col)
{
	int64		need = PayloadLenOf(a->hdr->algorithm) (a->hdr->n_features, a->hdr->n_classes,
													   a->hdr->rows_used + b->hdr->rows_used);
	double	   *dst;

	if (need < 0 || (double) need * sizeof(double) > (double) learn_memory_limit_kb * 1024.0)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the combined evaluation rows exceed learn.memory_limit (%d kB) or the row limit",
						learn_memory_limit_kb)));
	if ((uint64) need > a->hdr->payload_cap)
	{
		sa = LearnStateGrow(CurrentMemoryContext, a, NULL, 0, a->hdr->payload_len, (uint32) need);
		LearnStateOpen(sa, a->hdr->algorithm, PayloadLenOf(a->hdr->algorithm), a);
	}
	dst = a->payload + a->hdr->payload_len;
	memcpy(dst, b->payload, sizeof(double) * b->hdr->payload_len);
	for (int64 r = 0; r < b->hdr->rows_used; r++)
	{
		double		v = dst[r * width + class_col];

		if (!(v >= 0 && v < b->hdr->n_classes && v == floor(v)))
			BadMetricState("a row's class index is out of range");
		dst[r * width + class_col] = map[(int) v];
	}
	a->hdr->payload_len = (uint32) need;
	a->hdr->rows_used += b->hdr->rows_used;
	a->hdr->rows_skipped += b->hdr->rows_skipped;
	return sa;
}

PG_FUNCTION_INFO_V1(learn_metric_scores_combine);

/* Combine two binary-score states. */
Datum
learn_metric_scores_combine(PG_FUNCTION_ARGS)
{
	bytea	   *sa;
	LearnState	a,
				b;
	int		   *map;

	if (!CombineStart(fcinfo, LEARN_METRIC_SCORES, &sa, &a, &b))
		COMBINE_RETURN(sa);
	sa = MapClasses(sa, &a, &b, &map, 2);
	PG_RETURN_BYTEA_P(AppendRows(sa, &a, &b, map, 2, 1));
}

/* A binary-score state's curve: distinct thresholds, descending, with counts. */
typedef struct ScoreCurve
{
	int			m;				/* points */
	LearnCurvePoint *points;
	double		p;				/* positives */
	double		n;				/* negatives */
	bool		known;			/* the positive class could be determined */
} ScoreCurve;

/* The state's positive class index: pos_label, or the greater of two labels; -1 none, -2 unknown. */
static int
ScoresPositive(const LearnState *st)
{
	char	  **names = LearnStateClassNames(st);
	uint32		k = st->hdr->n_classes;

	if (st->hdr->options_len > 0)
	{
		LearnReader r;
		char	   *pos;

		LearnReaderInit(&r, st->options, st->hdr->options_len, "aggregate state");
		pos = LearnCanonicalTextLabel(LearnReadName(&r), (LearnLabelKind) st->hdr->label_kind);
		LearnReaderExpectEnd(&r);
		for (uint32 c = 0; c < k; c++)
			if (strcmp(names[c], pos) == 0)
				return (int) c;
		return -1;
	}
	if (k != 2)
		return -2;
	{
		int			perm[2];

		LearnSortClasses(names, 2, (LearnLabelKind) st->hdr->label_kind, perm);
		return perm[1];
	}
}

/* Build the curve of a scores state (bytea not NULL); false when it has no rows. */
static bool
CurveOf(bytea *b, ScoreCurve *sc)
{
	LearnState	st;
	LearnScorePair *pairs;
	int64		n;
	int			pos;

	LearnStateOpen(b, LEARN_METRIC_SCORES, ScoresLen, &st);
	n = st.hdr->rows_used;
	if (n == 0)
		return false;
	pos = ScoresPositive(&st);
	sc->known = (pos != -2);
	pairs = palloc_extended(mul_size(sizeof(LearnScorePair), n), MCXT_ALLOC_HUGE);
	sc->p = 0;
	for (int64 r = 0; r < n; r++)
	{
		double		s = st.payload[2 * r],
					c = st.payload[2 * r + 1];

		if (!isfinite(s) || !(c >= 0 && c < st.hdr->n_classes && c == floor(c)))
			BadMetricState("a score row is out of range");
		pairs[r].score = s;
		pairs[r].positive = ((int) c == pos) ? 1 : 0;
		sc->p += pairs[r].positive;
	}
	sc->n = (double) n - sc->p;
	sc->points = palloc_extended(mul_size(sizeof(LearnCurvePoint), n), MCXT_ALLOC_HUGE);
	sc->m = LearnScoreCurve(pairs, n, sc->points);
	return true;
}

/* The final function's curve; false (return NULL) when empty. */
static bool
FinalCurve(FunctionCallInfo fcinfo, ScoreCurve *sc)
{
	if (PG_ARGISNULL(0))
		return false;
	return CurveOf(LearnStateDetoast(PG_GETARG_DATUM(0), false), sc);
}

PG_FUNCTION_INFO_V1(learn_roc_auc_final);
PG_FUNCTION_INFO_V1(learn_pr_auc_final);
PG_FUNCTION_INFO_V1(learn_binary_scores_final);

/* Final of learn.roc_auc: NULL unless both classes occur. */
Datum
learn_roc_auc_final(PG_FUNCTION_ARGS)
{
	ScoreCurve	sc;

	if (!FinalCurve(fcinfo, &sc) || !sc.known || sc.p == 0 || sc.n == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(LearnRocAuc(sc.points, sc.m));
}

/* Final of learn.pr_auc (average precision): NULL without a positive. */
Datum
learn_pr_auc_final(PG_FUNCTION_ARGS)
{
	ScoreCurve	sc;

	if (!FinalCurve(fcinfo, &sc) || !sc.known || sc.p == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(LearnAveragePrecision(sc.points, sc.m));
}

/* Final of learn.binary_scores: the pairs as a compact bytea for the curve functions. */
Datum
learn_binary_scores_final(PG_FUNCTION_ARGS)
{
	return TrimmedState(fcinfo, LEARN_METRIC_SCORES);
}

/* num / den as a datum, NULL when den is 0 (sklearn gives NaN there). */
static void
RateDatum(double num, double den, Datum *v, bool *isnull)
{
	*isnull = (den == 0);
	*v = Float8GetDatum(*isnull ? 0 : num / den);
}

/* Emit one curve row (threshold, tpr, fpr, precision, recall). */
static void
CurveRow(ReturnSetInfo *rsinfo, const ScoreCurve *sc, double threshold, bool has_threshold,
		 double tp, double fp, double precision)
{
	Datum		v[5];
	bool		nulls[5] = {false};

	v[0] = Float8GetDatum(threshold);
	nulls[0] = !has_threshold;
	RateDatum(tp, sc->p, &v[1], &nulls[1]);
	RateDatum(fp, sc->n, &v[2], &nulls[2]);
	v[3] = Float8GetDatum(precision);
	/* precision_recall_curve: recall is 1 everywhere when there is no positive */
	if (sc->p == 0)
		v[4] = Float8GetDatum(tp == 0 && fp == 0 && !has_threshold ? 0.0 : 1.0);
	else
		v[4] = Float8GetDatum(tp / sc->p);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nulls);
}

/* Open a curve for a set-returning function; false when the state has no rows. */
static bool
CurveArg(FunctionCallInfo fcinfo, ScoreCurve *sc)
{
	if (!CurveOf(LearnStateDetoast(PG_GETARG_DATUM(0), false), sc))
		return false;
	if (!sc->known)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the rows have %s label, so the positive class is not known",
						sc->m > 0 ? "one" : "no"),
				 errhint("Pass pos_label to learn.binary_scores.")));
	return true;
}

PG_FUNCTION_INFO_V1(learn_roc_curve);

/*
 * learn.roc_curve(scores bytea): sklearn's roc_curve(drop_intermediate=False)
 * points, the first at threshold max(score) + 1 with tpr = fpr = 0, then one
 * per distinct score, descending.
 */
Datum
learn_roc_curve(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ScoreCurve	sc;

	InitMaterializedSRF(fcinfo, 0);
	if (!CurveArg(fcinfo, &sc))
		return (Datum) 0;
	CurveRow(rsinfo, &sc, sc.points[0].threshold + 1, true, 0, 0, 1.0);
	for (int i = 0; i < sc.m; i++)
		CurveRow(rsinfo, &sc, sc.points[i].threshold, true, sc.points[i].tp, sc.points[i].fp,
				 sc.points[i].tp / (sc.points[i].tp + sc.points[i].fp));
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(learn_pr_curve);

/*
 * learn.pr_curve(scores bytea): sklearn's precision_recall_curve points, one
 * per distinct score in ascending threshold order, then the end point
 * (precision 1, recall 0) with a NULL threshold.
 */
Datum
learn_pr_curve(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ScoreCurve	sc;

	InitMaterializedSRF(fcinfo, 0);
	if (!CurveArg(fcinfo, &sc))
		return (Datum) 0;
	for (int i = sc.m - 1; i >= 0; i--)
		CurveRow(rsinfo, &sc, sc.points[i].threshold, true, sc.points[i].tp, sc.points[i].fp,
				 sc.points[i].tp / (sc.points[i].tp + sc.points[i].fp));
	CurveRow(rsinfo, &sc, 0, false, 0, 0, 1.0);
	return (Datum) 0;
}

/* ---- log loss ---- */

PG_FUNCTION_INFO_V1(learn_metric_logloss_trans);

/*
 * learn.metric_logloss_trans(state bytea, actual "any", p float8): p is the
 * probability of the positive class, which is the greater of the two labels
 * and known only at the end, so each class keeps both sums.
 */
Datum
learn_metric_logloss_trans(PG_FUNCTION_ARGS)
{
	LabelArgs  *la;
	LearnState	st;
	bytea	   *b;
	double		p;
	int			c;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return SkipRow(fcinfo, LEARN_METRIC_LOGLOSS, 1);
	p = ScoreArg(fcinfo, 2);
	la = GetLabelArgs(fcinfo, 1, 1);
	b = TransitionState(fcinfo, LEARN_METRIC_LOGLOSS, 1, NULL, &st);
	SetLabelKind(&st, la->kind[0]);
	b = ClassIndex(b, &st, LabelText(la, 0, PG_GETARG_DATUM(1), LEARN_LABEL_TEXT), &c, 2,
				   "binary log loss");
	st.payload[2 * c] += LearnLogLossBinaryTerm(p, true);
	st.payload[2 * c + 1] += LearnLogLossBinaryTerm(p, false);
	st.hdr->rows_used++;
	PG_RETURN_BYTEA_P(b);
}

PG_FUNCTION_INFO_V1(learn_metric_logloss_combine);

/* Combine two binary log-loss states. */
Datum
learn_metric_logloss_combine(PG_FUNCTION_ARGS)
{
	bytea	   *sa;
	LearnState	a,
				b;
	int		   *map;

	if (!CombineStart(fcinfo, LEARN_METRIC_LOGLOSS, &sa, &a, &b))
		COMBINE_RETURN(sa);
	sa = MapClasses(sa, &a, &b, &map, 2);
	for (uint32 c = 0; c < b.hdr->n_classes; c++)
	{
		a.payload[2 * map[c]] += b.payload[2 * c];
		a.payload[2 * map[c] + 1] += b.payload[2 * c + 1];
	}
	a.hdr->rows_used += b.hdr->rows_used;
	a.hdr->rows_skipped += b.hdr->rows_skipped;
	PG_RETURN_BYTEA_P(sa);
}

PG_FUNCTION_INFO_V1(learn_log_loss_final);

/* Final of binary learn.log_loss: NULL unless both labels occur (sklearn raises). */
Datum
learn_log_loss_final(PG_FUNCTION_ARGS)
{
	LearnState	st;
	int			pos;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	LearnStateOpen(LearnStateDetoast(PG_GETARG_DATUM(0), false), LEARN_METRIC_LOGLOSS, LogLossLen, &st);
	/*
	 * learn.log_loss takes no pos_label, so its state has no options: forged
	 * options could name no class, and index -1 would read outside the payload.
	 */
	if (st.hdr->options_len != 0)
		BadMetricState("a binary log-loss state has no options");
	if (st.hdr->rows_used == 0 || st.hdr->n_classes != 2)
		PG_RETURN_NULL();
	for (int i = 0; i < 4; i++)
		if (!(st.payload[i] >= 0 && isfinite(st.payload[i])))
			BadMetricState("a log-loss sum is out of range");
	pos = ScoresPositive(&st);
	PG_RETURN_FLOAT8((st.payload[2 * pos] + st.payload[2 * (1 - pos) + 1]) / (double) st.hdr->rows_used);
}

PG_FUNCTION_INFO_V1(learn_metric_logloss_multi_trans);

/* The position of label in classes[] (canonicalised against kind), or -1. */
static int
FindInClasses(ArrayType *classes, const char *label, LearnLabelKind kind)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n;

	deconstruct_array(classes, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
		if (!nulls[i] && strcmp(LearnCanonicalTextLabel(TextDatumGetCString(elems[i]), kind), label) == 0)
			return i;
	return -1;
}

/*
 * learn.metric_logloss_multi_trans(state bytea, actual "any", proba
 * float8[], classes text[]): proba[i] is the probability of classes[i], as
 * learn.predict_proba and learn.classes give them.
 */
Datum
learn_metric_logloss_multi_trans(PG_FUNCTION_ARGS)
{
	LabelArgs  *la;
	LearnState	st;
	bytea	   *b;
	ArrayType  *proba,
			   *classes;
	char	   *label;
	int			k,
				c;
	const double *p;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		return SkipRow(fcinfo, LEARN_METRIC_LOGLOSS_MULTI, 1);
	proba = PG_GETARG_ARRAYTYPE_P(2);
	classes = PG_GETARG_ARRAYTYPE_P(3);
	k = ArrayGetNItems(ARR_NDIM(proba), ARR_DIMS(proba));
	if (ARR_NDIM(proba) != 1 || ARR_HASNULL(proba) || k < 2 ||
		k != ArrayGetNItems(ARR_NDIM(classes), ARR_DIMS(classes)))
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("log_loss needs one probability per class, without NULLs: got %d probabilities for %d classes",
						k, ArrayGetNItems(ARR_NDIM(classes), ARR_DIMS(classes)))));
	p = (const double *) ARR_DATA_PTR(proba);
	for (int i = 0; i < k; i++)
		CheckFiniteValue(p[i], "probability");
	la = GetLabelArgs(fcinfo, 1, 1);
	label = LabelText(la, 0, PG_GETARG_DATUM(1), LEARN_LABEL_TEXT);
	c = FindInClasses(classes, label, la->kind[0]);
	if (c < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("actual label \"%s\" is not one of the classes", label)));
	b = TransitionState(fcinfo, LEARN_METRIC_LOGLOSS_MULTI, 1, NULL, &st);
	st.payload[0] += LearnLogLossMultiTerm(p, k, c);
	st.hdr->rows_used++;
	PG_RETURN_BYTEA_P(b);
}

PG_FUNCTION_INFO_V1(learn_metric_logloss_multi_combine);

/* Combine two multiclass log-loss states. */
Datum
learn_metric_logloss_multi_combine(PG_FUNCTION_ARGS)
{
	bytea	   *sa;
	LearnState	a,
				b;

	if (!CombineStart(fcinfo, LEARN_METRIC_LOGLOSS_MULTI, &sa, &a, &b))
		COMBINE_RETURN(sa);
	a.payload[0] += b.payload[0];
	a.hdr->rows_used += b.hdr->rows_used;
	a.hdr->rows_skipped += b.hdr->rows_skipped;
	PG_RETURN_BYTEA_P(sa);
}

PG_FUNCTION_INFO_V1(learn_log_loss_multi_final);

/* Final of multiclass learn.log_loss: the mean row term. */
Datum
learn_log_loss_multi_final(PG_FUNCTION_ARGS)
{
	LearnState	st;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	LearnStateOpen(LearnStateDetoast(PG_GETARG_DATUM(0), false), LEARN_METRIC_LOGLOSS_MULTI,
				   LogLossMultiLen, &st);
	if (st.hdr->rows_used == 0)
		PG_RETURN_NULL();
	if (!(st.payload[0] >= 0 && isfinite(st.payload[0])))
		BadMetricState("the log-loss sum is out of range");
	PG_RETURN_FLOAT8(st.payload[0] / (double) st.hdr->rows_used);
}

/* ---- silhouette ---- */

PG_FUNCTION_INFO_V1(learn_metric_silhouette_trans);

/*
 * learn.metric_silhouette_trans(state bytea, features float8[], cluster
 * "any"): keep the row (cluster index, features), up to
 * LEARN_SILHOUETTE_MAX_ROWS rows.
 */
Datum
learn_metric_silhouette_trans(PG_FUNCTION_ARGS)
{
	LabelArgs  *la;
	LearnState	st;
	bytea	   *b;
	ArrayType  *arr;
	const double *x;
	int			n,
				c;
	double	   *row;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return SkipRow(fcinfo, LEARN_METRIC_SILHOUETTE, 0);
	arr = PG_GETARG_ARRAYTYPE_P(1);
	if (ARR_NDIM(arr) != 1 || ARR_DIMS(arr)[0] < 1 || ARR_DIMS(arr)[0] > 100000)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("silhouette: features must be a non-empty one-dimensional float8 array")));
	if (ARR_HASNULL(arr) && array_contains_nulls(arr))
		return SkipRow(fcinfo, LEARN_METRIC_SILHOUETTE, 0);
	n = ARR_DIMS(arr)[0];
	x = (const double *) ARR_DATA_PTR(arr);
	for (int i = 0; i < n; i++)
		CheckFiniteValue(x[i], "feature");
	la = GetLabelArgs(fcinfo, 2, 1);
	b = TransitionState(fcinfo, LEARN_METRIC_SILHOUETTE, 0, NULL, &st);
	if (st.hdr->n_features == 0)
	{
		LearnWriter empty;
		int64		skipped = st.hdr->rows_skipped;

		LearnWriterInit(&empty);
		b = LearnStateCreate(CurrentMemoryContext, LEARN_METRIC_SILHOUETTE, n + 1, &empty, 0);
		LearnStateOpen(b, LEARN_METRIC_SILHOUETTE, SilhouetteLen, &st);
		st.hdr->rows_skipped = skipped;
	}
	if ((uint32) n + 1 != st.hdr->n_features)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("silhouette: feature array has %d elements, expected %u as in the first row",
						n, st.hdr->n_features - 1)));
	SetLabelKind(&st, la->kind[0]);
	b = ClassIndex(b, &st, LabelText(la, 0, PG_GETARG_DATUM(2), LEARN_LABEL_TEXT), &c,
				   LEARN_MAX_CLASSES, "silhouette");
	b = GrowRow(b, &st, n + 1, "silhouette");
	row = st.payload + st.hdr->payload_len - (n + 1);
	row[0] = c;
	memcpy(row + 1, x, sizeof(double) * n);
	PG_RETURN_BYTEA_P(b);
}

PG_FUNCTION_INFO_V1(learn_metric_silhouette_combine);

/* Combine two silhouette states. */
Datum
learn_metric_silhouette_combine(PG_FUNCTION_ARGS)
{
	bytea	   *sa;
	LearnState	a,
				b;
	int		   *map;

	if (!CombineStart(fcinfo, LEARN_METRIC_SILHOUETTE, &sa, &a, &b))
		COMBINE_RETURN(sa);
	if (b.hdr->rows_used == 0)
	{
		a.hdr->rows_skipped += b.hdr->rows_skipped;
		PG_RETURN_BYTEA_P(sa);
	}
	if (a.hdr->rows_used == 0)
	{
		int64		skipped = a.hdr->rows_skipped;

		sa = OpenMetricState(fcinfo, 1, LEARN_METRIC_SILHOUETTE, false, &a);
		a.hdr->rows_skipped += skipped;
		PG_RETURN_BYTEA_P(sa);
	}
	sa = MapClasses(sa, &a, &b, &map, LEARN_MAX_CLASSES);
	PG_RETURN_BYTEA_P(AppendRows(sa, &a, &b, map, a.hdr->n_features, 0));
}

/*
 * The rows for the silhouette kernel.  Squared distances of features near
 * 1e154 overflow (and near 1e-154 underflow), which gave NaN (or 0) for
 * finite input; the silhouette is invariant under a uniform scaling of the
 * features, so rows of extreme magnitude are copied scaled by a power of two
 * (exact) to a largest |value| in [1, 2).  Ordinary data is used as it is.
 */
static const double *
SilhouetteRows(const double *payload, int64 n, uint32 w, double maxabs)
{
	int			e;
	double	   *rows;

	if (maxabs == 0 || (maxabs >= 1e-100 && maxabs <= 1e100))
		return payload;
	/* ldexp, not a multiplication: 2^-e itself overflows for subnormal maxabs */
	e = ilogb(maxabs);
	rows = palloc_extended(mul_size(mul_size(n, w), sizeof(double)), MCXT_ALLOC_HUGE);
	for (int64 r = 0; r < n; r++)
	{
		rows[r * w] = payload[r * w];
		for (uint32 j = 1; j < w; j++)
			rows[r * w + j] = ldexp(payload[r * w + j], -e);
	}
	return rows;
}

PG_FUNCTION_INFO_V1(learn_silhouette_final);

/* Final of learn.silhouette: NULL unless 2 <= clusters <= rows - 1 (sklearn's domain). */
Datum
learn_silhouette_final(PG_FUNCTION_ARGS)
{
	LearnState	st;
	int64		n;
	uint32		w,
				k;
	double	   *sums = NULL;
	const double *rows;
	double		maxabs = 0;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	LearnStateOpen(LearnStateDetoast(PG_GETARG_DATUM(0), false), LEARN_METRIC_SILHOUETTE,
				   SilhouetteLen, &st);
	n = st.hdr->rows_used;
	k = st.hdr->n_classes;
	w = st.hdr->n_features;
	if (n == 0 || k < 2 || (int64) k > n - 1)
		PG_RETURN_NULL();
	for (int64 r = 0; r < n; r++)
	{
		double		c = st.payload[r * w];

		if (!(c >= 0 && c < k && c == floor(c)))
			BadMetricState("a row's cluster index is out of range");
		for (uint32 j = 1; j < w; j++)
		{
			if (!isfinite(st.payload[r * w + j]))
				BadMetricState("a feature value is not finite");
			maxabs = Max(maxabs, fabs(st.payload[r * w + j]));
		}
	}
	rows = SilhouetteRows(st.payload, n, w, maxabs);
	/* per-row cluster sums halve the work; they take n * k doubles, within learn.memory_limit */
	if ((double) n * k * sizeof(double) <= (double) learn_memory_limit_kb * 1024.0)
		sums = palloc_extended(mul_size(mul_size(n, k), sizeof(double)), MCXT_ALLOC_HUGE);
	PG_RETURN_FLOAT8(LearnSilhouette(rows, n, w - 1, k, sums));
}
