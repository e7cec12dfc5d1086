/*
 * pipeline.c: the fitted preparation steps of a model: their binary form,
 * the feature names they produce, and the transform from raw input values
 * to float8 features.  The same code runs at training (through
 * learn.prepare in the training query) and at scoring, so the two cannot
 * disagree.
 */
#include "postgres.h"

#include <math.h>

#include "core/checksum.h"
#include "core/pipeline.h"

static const char *const part_names[LEARN_N_PARTS] = {
	"year", "month", "day", "dow", "hour", "weekend", "epoch"
};

/* The name of part number i (bit i of LEARN_PART_*). */
const char *
LearnPartName(int part)
{
	return (part >= 0 && part < LEARN_N_PARTS) ? part_names[part] : "?";
}

/* The kind's name, as docs and messages use it. */
const char *
LearnInputKindName(uint8 kind)
{
	switch (kind)
	{
		case LEARN_INPUT_NUMERIC:
			return "numeric";
		case LEARN_INPUT_BOOLEAN:
			return "boolean";
		case LEARN_INPUT_CATEGORY:
			return "category";
		case LEARN_INPUT_TIME:
			return "time";
		case LEARN_INPUT_ARRAY:
			return "array";
	}
	return "unknown";
}

/* Number of bits set. */
static int
PopCount(uint32 v)
{
	int			n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/* Features one input produces (see the layout in LearnPipelineFeatureNames). */
static uint32
InputOutputs(const LearnInput *in)
{
	uint32		n = 0;

	switch (in->kind)
	{
		case LEARN_INPUT_NUMERIC:
			n = in->n_bounds > 0 ? in->n_bounds + 1 - (in->drop_first ? 1 : 0) : 1;
			break;
		case LEARN_INPUT_BOOLEAN:
			n = 1;
			break;
		case LEARN_INPUT_CATEGORY:
			n = in->n_categories - (in->drop_first && in->n_categories > 0 ? 1 : 0) + (in->other ? 1 : 0);
			break;
		case LEARN_INPUT_TIME:
			n = PopCount(in->parts);
			break;
		case LEARN_INPUT_ARRAY:
			n = in->array_len;
			break;
	}
	return n + (in->indicator ? 1 : 0);
}

/* FNV-1a over a counted string: cheap for the short labels categories are. */
static inline uint32
CategoryHash(const char *s, uint32 len)
{
	uint32		h = 2166136261u;

	for (uint32 i = 0; i < len; i++)
		h = (h ^ (uint8) s[i]) * 16777619u;
	return h;
}

/* Open-addressing table of an input's categories (load factor <= 1/2). */
static void
BuildCategorySlots(LearnInput *in)
{
	uint32		size = 4;

	while (size < 2 * in->n_categories)
		size *= 2;
	in->category_slots = palloc0(sizeof(int32) * size);
	in->category_mask = size - 1;
	for (uint32 c = 0; c < in->n_categories; c++)
	{
		uint32		h = CategoryHash(in->categories[c], in->category_len[c]) & in->category_mask;

		while (in->category_slots[h] != 0)
			h = (h + 1) & in->category_mask;
		in->category_slots[h] = (int32) c + 1;
	}
}

/* Derive each input's output count and offset, the total, and the scoring caches. */
void
LearnPipelineFinish(LearnPipeline *pl)
{
	uint32		off = 0;

	for (uint32 i = 0; i < pl->n_inputs; i++)
	{
		LearnInput *in = &pl->inputs[i];

		in->first_output = off;
		in->n_outputs = InputOutputs(in);
		off += in->n_outputs;
		in->cached_day = PG_INT64_MIN;
		if (in->kind == LEARN_INPUT_CATEGORY && in->n_categories > 0)
			BuildCategorySlots(in);
	}
	pl->n_outputs = off;
}

/* Append one input's fitted steps. */
static void
EncodeInput(LearnWriter *w, const LearnInput *in)
{
	LearnWriteName(w, in->name);
	LearnWriteName(w, in->type_name);
	LearnWriteU8(w, in->kind);
	LearnWriteU8(w, in->impute);
	LearnWriteU8(w, in->scale);
	LearnWriteU8(w, (in->indicator ? 1 : 0) | (in->drop_first ? 2 : 0) | (in->other ? 4 : 0));
	LearnWriteF64(w, in->impute_value);
	LearnWriteF64(w, in->center);
	LearnWriteF64(w, in->divisor);
	LearnWriteU32(w, in->n_bounds);
	LearnWriteF64Array(w, in->bounds, in->n_bounds);
	LearnWriteU32(w, in->n_categories);
	for (uint32 c = 0; c < in->n_categories; c++)
	{
		LearnWriteU32(w, in->category_len[c]);
		appendBinaryStringInfo(w, in->categories[c], (int) in->category_len[c]);
	}
	LearnWriteU8(w, in->impute_category ? 1 : 0);
	if (in->impute_category)
	{
		LearnWriteU32(w, (uint32) strlen(in->impute_category));
		appendStringInfoString(w, in->impute_category);
	}
	LearnWriteU32(w, in->parts);
	LearnWriteF64Array(w, in->part_impute, LEARN_N_PARTS);
	LearnWriteU32(w, in->array_len);
}

/* Append the pipeline's binary form, ending with a CRC-32C of its bytes. */
void
LearnPipelineEncode(LearnWriter *w, const LearnPipeline *pl)
{
	int			start = w->len;

	LearnWriteU16(w, LEARN_PIPELINE_VERSION);
	LearnWriteU32(w, pl->n_inputs);
	for (uint32 i = 0; i < pl->n_inputs; i++)
		EncodeInput(w, &pl->inputs[i]);
	LearnWriteU32(w, LearnCrc32c(w->data + start, w->len - start));
}

/* Read a u32-length-prefixed byte string (category values may be any text). */
static char *
ReadBytes(LearnReader *r, uint32 *len_out)
{
	uint32		n = LearnReadU32(r);
	char	   *s;

	if (n > LEARN_MAX_NAME_BYTES * 64)
		LearnReaderFail(r, "category value too long");
	LearnReaderNeed(r, n);
	s = palloc(n + 1);
	memcpy(s, r->data + r->pos, n);
	s[n] = '\0';
	r->pos += n;
	*len_out = n;
	return s;
}

/* Byte-order comparison of two counted strings. */
static int
CompareBytes(const char *a, uint32 alen, const char *b, uint32 blen)
{
	int			c = memcmp(a, b, Min(alen, blen));

	if (c != 0)
		return c;
	return (alen < blen) ? -1 : (alen > blen) ? 1 : 0;
}

/* Decode one input and check it is self-consistent. */
static void
DecodeInput(LearnReader *r, LearnInput *in)
{
	uint8		flags;

	in->name = LearnReadName(r);
	in->type_name = LearnReadName(r);
	in->kind = LearnReadU8(r);
	if (in->kind < LEARN_INPUT_NUMERIC || in->kind > LEARN_INPUT_ARRAY)
		LearnReaderFail(r, "unknown input kind");
	in->impute = LearnReadU8(r);
	if (in->impute > LEARN_IMPUTE_MISSING)
		LearnReaderFail(r, "unknown imputation");
	in->scale = LearnReadU8(r);
	if (in->scale > LEARN_SCALE_ROBUST)
		LearnReaderFail(r, "unknown scaling");
	flags = LearnReadU8(r);
	if (flags > 7)
		LearnReaderFail(r, "bad input flags");
	in->indicator = (flags & 1) != 0;
	in->drop_first = (flags & 2) != 0;
	in->other = (flags & 4) != 0;
	in->impute_value = LearnReadF64(r);
	in->center = LearnReadF64(r);
	in->divisor = LearnReadF64(r);
	if (!isfinite(in->center) || !isfinite(in->divisor) || in->divisor == 0)
		LearnReaderFail(r, "bad scaling parameters");
	in->n_bounds = LearnReadCount(r, LEARN_MAX_BUCKETS, 8);
	in->bounds = palloc(sizeof(double) * Max(in->n_bounds, 1));
	LearnReadF64Array(r, in->bounds, in->n_bounds);
	for (uint32 b = 1; b < in->n_bounds; b++)
		if (!(in->bounds[b] > in->bounds[b - 1]))
			LearnReaderFail(r, "bucket bounds are not increasing");
	in->n_categories = LearnReadCount(r, LEARN_MAX_CATEGORIES, 4);
	in->categories = palloc(sizeof(char *) * Max(in->n_categories, 1));
	in->category_len = palloc(sizeof(uint32) * Max(in->n_categories, 1));
	for (uint32 c = 0; c < in->n_categories; c++)
	{
		in->categories[c] = ReadBytes(r, &in->category_len[c]);
		if (c > 0 && CompareBytes(in->categories[c - 1], in->category_len[c - 1],
								  in->categories[c], in->category_len[c]) >= 0)
			LearnReaderFail(r, "categories are not sorted and distinct");
	}
	in->impute_category = NULL;
	flags = LearnReadU8(r);
	if (flags > 1)
		LearnReaderFail(r, "bad category imputation flag");
	if (flags)
	{
		uint32		len;

		in->impute_category = ReadBytes(r, &len);
		if (strlen(in->impute_category) != len)
			LearnReaderFail(r, "imputed category contains a zero byte");
	}
	in->parts = LearnReadU32(r);
	if (in->parts >= (1u << LEARN_N_PARTS))
		LearnReaderFail(r, "unknown date part");
	LearnReadF64Array(r, in->part_impute, LEARN_N_PARTS);
	in->array_len = LearnReadU32(r);
	if (in->array_len > LEARN_MAX_ARRAY_LEN)
		LearnReaderFail(r, "array length out of range");
	if (in->kind == LEARN_INPUT_ARRAY && in->array_len == 0)
		LearnReaderFail(r, "array input without a length");
	if (in->kind == LEARN_INPUT_TIME && in->parts == 0)
		LearnReaderFail(r, "time input without parts");
	/* what an input's kind does not use must be empty: it sizes the outputs */
	if (in->n_bounds > 0 && in->kind != LEARN_INPUT_NUMERIC)
		LearnReaderFail(r, "bucket bounds on a non-numeric input");
	if ((in->n_categories > 0 || in->other || in->impute_category != NULL) &&
		in->kind != LEARN_INPUT_CATEGORY)
		LearnReaderFail(r, "categories on a non-category input");
	if (in->parts != 0 && in->kind != LEARN_INPUT_TIME)
		LearnReaderFail(r, "date parts on a non-time input");
	if (in->array_len != 0 && in->kind != LEARN_INPUT_ARRAY)
		LearnReaderFail(r, "array length on a non-array input");
}

/* Decode a pipeline (checksum first); the caller checks n_outputs against the model. */
void
LearnPipelineDecode(LearnReader *r, LearnPipeline *pl)
{
	size_t		start = r->pos;
	const uint8 *end;

	if (r->len - r->pos < 10)
		LearnReaderFail(r, "pipeline is truncated");
	end = r->data + r->len - 4;
	if (LearnCrc32c(r->data + start, r->len - 4 - start) !=
		((uint32) end[0] | ((uint32) end[1] << 8) | ((uint32) end[2] << 16) | ((uint32) end[3] << 24)))
		LearnReaderFail(r, "pipeline checksum mismatch");
	r->len -= 4;				/* read up to the checksum, then step over it */
	if (LearnReadU16(r) != LEARN_PIPELINE_VERSION)
		LearnReaderFail(r, "unsupported pipeline version");
	pl->n_inputs = LearnReadCount(r, LEARN_MAX_INPUTS, 8);
	if (pl->n_inputs == 0)
		LearnReaderFail(r, "pipeline without inputs");
	pl->inputs = palloc0(sizeof(LearnInput) * pl->n_inputs);
	for (uint32 i = 0; i < pl->n_inputs; i++)
		DecodeInput(r, &pl->inputs[i]);
	LearnReaderExpectEnd(r);
	r->len += 4;
	r->pos += 4;
	LearnPipelineFinish(pl);
}

/* Name of bucket b of in: name[lo,hi) with open ends. */
static char *
BucketName(const LearnInput *in, uint32 b)
{
	char		lo[64] = "",
				hi[64] = "";

	if (b > 0)
		snprintf(lo, sizeof(lo), "%.15g", in->bounds[b - 1]);
	if (b < in->n_bounds)
		snprintf(hi, sizeof(hi), "%.15g", in->bounds[b]);
	return psprintf("%s[%s,%s)", in->name, lo, hi);
}

/*
 * The prepared feature names, in order.  Per input:
 *   numeric: name (or one name[lo,hi) per bucket, without the first when
 *   drop_first); boolean: name;
 *   category: name=value per kept category (without the first when
 *   drop_first), then name=__other__; time: name.part per part, in the
 *   order year, month, day, dow, hour, weekend, epoch; array: name[i];
 *   and name__missing last when the input has an indicator.
 */
char **
LearnPipelineFeatureNames(const LearnPipeline *pl)
{
	char	  **names = palloc(sizeof(char *) * Max(pl->n_outputs, 1));
	uint32		k = 0;

	for (uint32 i = 0; i < pl->n_inputs; i++)
	{
		const LearnInput *in = &pl->inputs[i];

		switch (in->kind)
		{
			case LEARN_INPUT_NUMERIC:
				if (in->n_bounds == 0)
					names[k++] = pstrdup(in->name);
				else
					for (uint32 b = in->drop_first ? 1 : 0; b <= in->n_bounds; b++)
						names[k++] = BucketName(in, b);
				break;
			case LEARN_INPUT_BOOLEAN:
				names[k++] = pstrdup(in->name);
				break;
			case LEARN_INPUT_CATEGORY:
				for (uint32 c = in->drop_first ? 1 : 0; c < in->n_categories; c++)
					names[k++] = psprintf("%s=%.*s", in->name, (int) in->category_len[c], in->categories[c]);
				if (in->other)
					names[k++] = psprintf("%s=__other__", in->name);
				break;
			case LEARN_INPUT_TIME:
				for (int p = 0; p < LEARN_N_PARTS; p++)
					if (in->parts & (1u << p))
						names[k++] = psprintf("%s.%s", in->name, part_names[p]);
				break;
			case LEARN_INPUT_ARRAY:
				for (uint32 e = 0; e < in->array_len; e++)
					names[k++] = psprintf("%s[%u]", in->name, e + 1);
				break;
		}
		if (in->indicator)
			names[k++] = psprintf("%s__missing", in->name);
	}
	Assert(k == pl->n_outputs);
	return names;
}

/*
 * Civil date of a day number (days since 1970-01-01), after Hinnant's
 * days-to-civil algorithm ("chrono-Compatible Low-Level Date Algorithms",
 * 2013): civil[] = year, month, day, day of week (0 = Sunday).
 */
static void
CivilFromDays(int64 days, double *civil)
{
	int64		z = days + 719468;
	int64		era = (z >= 0 ? z : z - 146096) / 146097;
	int64		doe = z - era * 146097;
	int64		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64		y = yoe + era * 400;
	int64		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64		mp = (5 * doy + 2) / 153;
	int64		d = doy - (153 * mp + 2) / 5 + 1;
	int64		m = mp < 10 ? mp + 3 : mp - 9;

	civil[0] = (double) (m <= 2 ? y + 1 : y);
	civil[1] = (double) m;
	civil[2] = (double) d;
	civil[3] = (double) (((days % 7) + 7 + 4) % 7);	/* 1970-01-01 was a Thursday */
}

/* Parts of epoch seconds (UTC) in LEARN_PART_* order; the day's civil date may come from cache. */
static void
TimeParts(double epoch, double *parts, int64 *cached_day, double *cached_civil)
{
	double		days_f;
	int64		days;

	if (!isfinite(epoch) || fabs(epoch) > 1e14)
	{
		for (int i = 0; i < LEARN_N_PARTS; i++)
			parts[i] = NAN;
		return;
	}
	days_f = floor(epoch / 86400.0);
	days = (int64) days_f;
	if (days != *cached_day)
	{
		CivilFromDays(days, cached_civil);
		*cached_day = days;
	}
	parts[0] = cached_civil[0];
	parts[1] = cached_civil[1];
	parts[2] = cached_civil[2];
	parts[3] = cached_civil[3];
	parts[4] = floor((epoch - days_f * 86400.0) / 3600.0);
	parts[5] = (cached_civil[3] == 0 || cached_civil[3] == 6) ? 1.0 : 0.0;
	parts[6] = epoch;
}

/* Parts of epoch seconds (UTC), in LEARN_PART_* order. */
void
LearnTimeParts(double epoch, double *parts)
{
	int64		day = PG_INT64_MIN;
	double		civil[4];

	TimeParts(epoch, parts, &day, civil);
}

/* Index of the category equal to (s, len), or -1 (hash lookup). */
static int
FindCategory(const LearnInput *in, const char *s, int len)
{
	uint32		h;

	if (in->category_slots == NULL)
		return -1;
	h = CategoryHash(s, (uint32) len) & in->category_mask;
	for (;;)
	{
		int32		slot = in->category_slots[h];

		if (slot == 0)
			return -1;
		if (in->category_len[slot - 1] == (uint32) len &&
			memcmp(in->categories[slot - 1], s, len) == 0)
			return slot - 1;
		h = (h + 1) & in->category_mask;
	}
}

/* Numeric input: impute, then bucket or scale. Returns false if unusable. */
static bool
TransformNumeric(const LearnInput *in, const LearnRaw *v, double *out, LearnTransformCounts *counts)
{
	double		x = v->num;

	if (v->isnull)
	{
		if (in->impute == LEARN_IMPUTE_NONE)
			return false;
		x = in->impute_value;
		if (counts)
			counts->imputed++;
	}
	if (in->n_bounds > 0)
	{
		uint32		first = in->drop_first ? 1 : 0;
		uint32		width = in->n_bounds + 1 - first;
		uint32		b = 0;

		while (b < in->n_bounds && x >= in->bounds[b])
			b++;
		for (uint32 j = 0; j < width; j++)
			out[j] = isnan(x) ? NAN : 0.0;
		if (!isnan(x) && b >= first)
			out[b - first] = 1.0;
		return true;
	}
	/* a division, as scikit-learn's scalers do: bit-identical prepared values */
	out[0] = (in->kind == LEARN_INPUT_NUMERIC && in->scale != LEARN_SCALE_NONE)
		? (x - in->center) / in->divisor : x;
	return true;
}

/* Category input: one-hot; NULL and unseen values have defined encodings. */
static bool
TransformCategory(const LearnInput *in, const LearnRaw *v, double *out, LearnTransformCounts *counts)
{
	uint32		width = in->n_outputs - (in->indicator ? 1 : 0);
	uint32		first = in->drop_first ? 1 : 0;
	int			c = -1;
	bool		use_other = false;

	for (uint32 j = 0; j < width; j++)
		out[j] = 0.0;
	if (v->isnull)
	{
		if (in->impute == LEARN_IMPUTE_NONE)
			return false;
		if (counts)
			counts->imputed++;
		if (in->impute_category == NULL)
			return true;		/* "missing": all zeros */
		c = FindCategory(in, in->impute_category, (int) strlen(in->impute_category));
		use_other = (c < 0);
	}
	else
	{
		c = FindCategory(in, v->str, v->len);
		if (c < 0)
		{
			if (counts)
				counts->unseen++;
			use_other = true;
		}
	}
	if (use_other)
	{
		if (in->other)
			out[width - 1] = 1.0;
		return true;
	}
	if ((uint32) c >= first)
		out[c - first] = 1.0;
	return true;
}

/* Time input: the chosen parts, each imputed from training when NULL. */
static bool
TransformTime(const LearnInput *in, const LearnRaw *v, double *out, LearnTransformCounts *counts)
{
	double		parts[LEARN_N_PARTS];
	uint32		k = 0;

	if (v->isnull)
	{
		if (in->impute == LEARN_IMPUTE_NONE)
			return false;
		memcpy(parts, in->part_impute, sizeof(parts));
		if (counts)
			counts->imputed++;
	}
	else
		TimeParts(v->num, parts, (int64 *) &in->cached_day, (double *) in->cached_civil);
	for (int p = 0; p < LEARN_N_PARTS; p++)
		if (in->parts & (1u << p))
			out[k++] = parts[p];
	return true;
}

/* Array input: elements in order; a NULL array or element is unusable. */
static bool
TransformArray(const LearnInput *in, const LearnRaw *v, double *out)
{
	if (v->isnull)
		return false;
	if ((uint32) v->arr_len != in->array_len)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("array column \"%s\" has %d elements, the model expects %u",
						in->name, v->arr_len, in->array_len)));
	if (v->arr_has_null)
		return false;
	memcpy(out, v->arr, sizeof(double) * in->array_len);
	return true;
}

/*
 * Transform one row: raw[i] is the value of input i (an array of the wrong
 * length is an ERROR).  Returns false when the row cannot be prepared (a NULL with no
 * imputation), in which case out is undefined.  counts, when not NULL, has
 * one entry per input and counts imputed and unseen values.
 */
bool
LearnPipelineTransform(const LearnPipeline *pl, const LearnRaw *raw, double *out,
					   LearnTransformCounts *counts)
{
	for (uint32 i = 0; i < pl->n_inputs; i++)
	{
		const LearnInput *in = &pl->inputs[i];
		double	   *o = out + in->first_output;
		LearnTransformCounts *cnt = counts ? &counts[i] : NULL;
		bool		ok = true;

		switch (in->kind)
		{
			case LEARN_INPUT_NUMERIC:
			case LEARN_INPUT_BOOLEAN:
				ok = TransformNumeric(in, &raw[i], o, cnt);
				break;
			case LEARN_INPUT_CATEGORY:
				ok = TransformCategory(in, &raw[i], o, cnt);
				break;
			case LEARN_INPUT_TIME:
				ok = TransformTime(in, &raw[i], o, cnt);
				break;
			case LEARN_INPUT_ARRAY:
				ok = TransformArray(in, &raw[i], o);
				break;
		}
		if (!ok)
			return false;
		if (in->indicator)
			o[in->n_outputs - 1] = raw[i].isnull ? 1.0 : 0.0;
	}
	return true;
}
