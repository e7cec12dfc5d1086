/*
 * options.c: one table of option keys, their types and which algorithms
 * accept them; unknown keys and wrong types are errors that name the key.
 */
#include "postgres.h"

#include <math.h>

#include "api/options.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/numeric.h"

typedef enum OptionKind
{
	OPT_BOOL,
	OPT_NONNEG_NUMBER,
	OPT_NAME,
	OPT_NAME_ARRAY,
	OPT_PREP,					/* data preparation: validated by api/prepare.c */
	OPT_POS_INT,
	OPT_CLASS_WEIGHT,
	OPT_INT64,
	OPT_POS_NUMBER,
	OPT_ANY_NUMBER,
	OPT_DISTRIBUTION,
	OPT_HOLDOUT
} OptionKind;

typedef enum OptionScope
{
	SCOPE_ANY,					/* aggregates and learn.train */
	SCOPE_TRAIN					/* learn.train only */
} OptionScope;

typedef struct OptionSpec
{
	const char *key;
	OptionKind	kind;
	OptionScope scope;
	uint32		mask;			/* LEARN_OPT_* bit, 0 for every algorithm */
} OptionSpec;

static const OptionSpec option_specs[] = {
	{"intercept", OPT_BOOL, SCOPE_ANY, LEARN_OPT_INTERCEPT},
	{"lambda", OPT_NONNEG_NUMBER, SCOPE_ANY, LEARN_OPT_LAMBDA},
	{"feature_names", OPT_NAME_ARRAY, SCOPE_ANY, 0},
	{"target", OPT_NAME, SCOPE_ANY, 0},
	{"max_iter", OPT_POS_INT, SCOPE_ANY, LEARN_OPT_MAX_ITER},
	{"tol", OPT_NONNEG_NUMBER, SCOPE_ANY, LEARN_OPT_TOL},
	{"class_weight", OPT_CLASS_WEIGHT, SCOPE_ANY, LEARN_OPT_CLASS_WEIGHT},
	{"k", OPT_POS_INT, SCOPE_ANY, LEARN_OPT_K},
	{"n_init", OPT_POS_INT, SCOPE_ANY, LEARN_OPT_N_INIT},
	{"seed", OPT_INT64, SCOPE_ANY, LEARN_OPT_SEED},
	{"n_components", OPT_POS_INT, SCOPE_ANY, LEARN_OPT_N_COMPONENTS},
	{"standardize", OPT_BOOL, SCOPE_ANY, LEARN_OPT_STANDARDIZE},
	{"C", OPT_POS_NUMBER, SCOPE_ANY, LEARN_OPT_C},
	{"alpha", OPT_NONNEG_NUMBER, SCOPE_ANY, LEARN_OPT_ALPHA},
	{"distribution", OPT_DISTRIBUTION, SCOPE_ANY, LEARN_OPT_DISTRIBUTION},
	{"verbose", OPT_BOOL, SCOPE_ANY, 0},
	{"deploy", OPT_BOOL, SCOPE_TRAIN, 0},
	{"columns", OPT_PREP, SCOPE_TRAIN, 0},
	{"impute", OPT_PREP, SCOPE_TRAIN, 0},
	{"impute_value", OPT_PREP, SCOPE_TRAIN, 0},
	{"scale", OPT_PREP, SCOPE_TRAIN, 0},
	{"indicator", OPT_PREP, SCOPE_TRAIN, 0},
	{"max_categories", OPT_PREP, SCOPE_TRAIN, 0},
	{"min_frequency", OPT_PREP, SCOPE_TRAIN, 0},
	{"drop", OPT_PREP, SCOPE_TRAIN, 0},
	{"date_parts", OPT_PREP, SCOPE_TRAIN, 0},
	{"holdout", OPT_HOLDOUT, SCOPE_TRAIN, 0},
};

/* The keys algo accepts in this scope, for hints. */
static char *
AcceptedKeys(const LearnAlgorithm *algo, bool train)
{
	StringInfoData s;

	initStringInfo(&s);
	for (size_t i = 0; i < lengthof(option_specs); i++)
	{
		const OptionSpec *spec = &option_specs[i];

		if ((spec->mask == 0 || (algo->option_mask & spec->mask)) &&
			(train || spec->scope == SCOPE_ANY))
			appendStringInfo(&s, "%s%s", s.len ? ", " : "", spec->key);
	}
	return s.data;
}

/* Raise the error for a value of the wrong type. */
static void
BadValue(const char *key, const char *expected)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("option \"%s\" must be %s", key, expected)));
}

/* qsort comparator: names in byte order. */
static int
CompareNames(const void *a, const void *b)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/*
 * Refuse a name given twice: scoring binds a row's columns to the features
 * by name, so two features of one name would both read the same column.
 */
static void
CheckDistinctNames(const char *key, char **names, uint32 n)
{
	char	  **sorted = palloc(sizeof(char *) * Max(n, 1));

	memcpy(sorted, names, sizeof(char *) * n);
	qsort(sorted, n, sizeof(char *), CompareNames);
	for (uint32 i = 1; i < n; i++)
		if (strcmp(sorted[i - 1], sorted[i]) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("option \"%s\" names \"%s\" twice", key, sorted[i]),
					 errdetail("Scoring binds a row's columns to the features by name.")));
	pfree(sorted);
}

/* A name: a non-empty JSON string within the name length limit. */
static char *
NameValue(const char *key, JsonbValue *v)
{
	char	   *s;

	if (v->type != jbvString || v->val.string.len == 0 ||
		v->val.string.len > LEARN_MAX_NAME_BYTES)
		BadValue(key, psprintf("a string of 1 to %d bytes", LEARN_MAX_NAME_BYTES));
	s = pnstrdup(v->val.string.val, v->val.string.len);
	if (strlen(s) != (size_t) v->val.string.len)
		BadValue(key, "a string without zero bytes");
	return s;
}

/* An array of names. */
static void
NameArrayValue(const char *key, JsonbValue *v, LearnOptions *o)
{
	JsonbIterator *it;
	JsonbValue	elem;
	JsonbIteratorToken tok;
	int			cap = 16;

	if (v->type != jbvBinary || !JsonContainerIsArray(v->val.binary.data))
		BadValue(key, "an array of strings");
	o->n_feature_names = 0;
	o->feature_names = palloc(sizeof(char *) * cap);
	it = JsonbIteratorInit(v->val.binary.data);
	while ((tok = JsonbIteratorNext(&it, &elem, true)) != WJB_DONE)
	{
		if (tok != WJB_ELEM)
			continue;
		if (o->n_feature_names >= LEARN_MAX_FEATURES)
			BadValue(key, psprintf("an array of at most %d names", LEARN_MAX_FEATURES));
		if (o->n_feature_names == (uint32) cap)
		{
			cap *= 2;
			o->feature_names = repalloc(o->feature_names, sizeof(char *) * cap);
		}
		o->feature_names[o->n_feature_names++] = NameValue(key, &elem);
	}
	CheckDistinctNames(key, o->feature_names, o->n_feature_names);
}

/* class_weight: "balanced", or an object mapping labels to positive weights. */
static void
ClassWeightValue(const char *key, JsonbValue *v, LearnOptions *o)
{
	JsonbIterator *it;
	JsonbValue	k,
				w;
	JsonbIteratorToken tok;

	if (v->type == jbvString && v->val.string.len == 8 && strncmp(v->val.string.val, "balanced", 8) == 0)
	{
		o->class_weight = LEARN_CLASS_WEIGHT_BALANCED;
		return;
	}
	if (v->type != jbvBinary || !JsonContainerIsObject(v->val.binary.data))
		BadValue(key, "\"balanced\" or an object mapping labels to positive weights");
	o->class_weight = LEARN_CLASS_WEIGHT_EXPLICIT;
	o->class_weight_labels = palloc(sizeof(char *) * LEARN_MAX_CLASSES);
	o->class_weights = palloc(sizeof(double) * LEARN_MAX_CLASSES);
	it = JsonbIteratorInit(v->val.binary.data);
	while ((tok = JsonbIteratorNext(&it, &k, true)) != WJB_DONE)
	{
		double		d;

		if (tok != WJB_KEY)
			continue;
		JsonbIteratorNext(&it, &w, true);
		if (o->n_class_weights >= LEARN_MAX_CLASSES)
			BadValue(key, psprintf("an object of at most %d labels", LEARN_MAX_CLASSES));
		if (w.type != jbvNumeric)
			BadValue(key, "an object whose weights are positive numbers");
		d = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow, NumericGetDatum(w.val.numeric)));
		if (!(d > 0) || isinf(d))
			BadValue(key, "an object whose weights are positive numbers");
		o->class_weight_labels[o->n_class_weights] = NameValue(key, &k);
		o->class_weights[o->n_class_weights++] = d;
	}
}

/* A holdout fraction: a number strictly between 0 and 1. */
static double
FractionValue(const char *key, JsonbValue *v)
{
	double		d;

	if (v->type != jbvNumeric)
		BadValue(key, "a number between 0 and 1 (exclusive)");
	d = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow, NumericGetDatum(v->val.numeric)));
	if (!(d > 0 && d < 1))
		BadValue(key, "a number between 0 and 1 (exclusive)");
	return d;
}

/*
 * holdout: a fraction, or {"fraction": f, "seed": s, "stratify": b} (only
 * "fraction" required).
 */
static void
HoldoutValue(const char *key, JsonbValue *v, LearnTrainOptions *t)
{
	JsonbIterator *it;
	JsonbValue	k,
				w;
	JsonbIteratorToken tok;

	if (v->type == jbvNumeric)
	{
		t->holdout = FractionValue(key, v);
		return;
	}
	if (v->type != jbvBinary || !JsonContainerIsObject(v->val.binary.data))
		BadValue(key, "a fraction, or an object with \"fraction\" and optional \"seed\" and \"stratify\"");
	it = JsonbIteratorInit(v->val.binary.data);
	while ((tok = JsonbIteratorNext(&it, &k, true)) != WJB_DONE)
	{
		char	   *name;

		if (tok != WJB_KEY)
			continue;
		name = pnstrdup(k.val.string.val, k.val.string.len);
		JsonbIteratorNext(&it, &w, true);
		if (strcmp(name, "fraction") == 0)
			t->holdout = FractionValue("holdout.fraction", &w);
		else if (strcmp(name, "stratify") == 0)
		{
			if (w.type != jbvBool)
				BadValue("holdout.stratify", "true or false");
			t->holdout_stratify = w.val.boolean;
			t->holdout_stratify_set = true;
		}
		else if (strcmp(name, "seed") == 0)
		{
			double		d;

			if (w.type != jbvNumeric)
				BadValue("holdout.seed", "an integer");
			d = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow, NumericGetDatum(w.val.numeric)));
			if (d != floor(d) || fabs(d) > 9007199254740992.0)
				BadValue("holdout.seed", "an integer of at most 2^53 in magnitude");
			t->holdout_seed = (int64) d;
			t->holdout_seed_set = true;
		}
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown key \"%s\" in option \"holdout\"", name),
					 errhint("Valid keys are: fraction, seed, stratify.")));
	}
	if (t->holdout == 0)
		BadValue(key, "an object with a \"fraction\"");
}

/* Store one key's value. */
static void
ApplyOption(const OptionSpec *spec, JsonbValue *v, LearnOptions *o, LearnTrainOptions *t)
{
	switch (spec->kind)
	{
		case OPT_BOOL:
			if (v->type != jbvBool)
				BadValue(spec->key, "true or false");
			if (strcmp(spec->key, "intercept") == 0)
				o->intercept = v->val.boolean;
			else if (strcmp(spec->key, "deploy") == 0)
				t->deploy = v->val.boolean;
			else if (strcmp(spec->key, "verbose") == 0)
				t->verbose = o->verbose = v->val.boolean;
			else if (strcmp(spec->key, "standardize") == 0)
				o->standardize = v->val.boolean;
			break;
		case OPT_NONNEG_NUMBER:
			{
				double		d;

				if (v->type != jbvNumeric)
					BadValue(spec->key, "a number");
				d = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow,
													   NumericGetDatum(v->val.numeric)));
				if (!(d >= 0) || isinf(d))
					BadValue(spec->key, "a finite number >= 0");
				if (strcmp(spec->key, "tol") == 0)
					o->tol = d;
				else if (strcmp(spec->key, "alpha") == 0)
					o->alpha = d;
				else
					o->lambda = d;
				break;
			}
		case OPT_POS_NUMBER:
			{
				double		d;

				if (v->type != jbvNumeric)
					BadValue(spec->key, "a number");
				d = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow,
													   NumericGetDatum(v->val.numeric)));
				if (!(d > 0) || isinf(d))
					BadValue(spec->key, "a finite number > 0");
				o->C = d;
				break;
			}
		case OPT_ANY_NUMBER:
			break;
		case OPT_INT64:
			{
				double		d;

				if (v->type != jbvNumeric)
					BadValue(spec->key, "an integer");
				d = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow,
													   NumericGetDatum(v->val.numeric)));
				if (d != floor(d) || fabs(d) > 9007199254740992.0)
					BadValue(spec->key, "an integer of at most 2^53 in magnitude");
				o->seed = (int64) d;
				o->has_seed = true;
				break;
			}
		case OPT_DISTRIBUTION:
			if (v->type == jbvString && v->val.string.len == 8 &&
				strncmp(v->val.string.val, "gaussian", 8) == 0)
				o->distribution = LEARN_NB_GAUSSIAN;
			else if (v->type == jbvString && v->val.string.len == 11 &&
					 strncmp(v->val.string.val, "multinomial", 11) == 0)
				o->distribution = LEARN_NB_MULTINOMIAL;
			else
				BadValue(spec->key, "\"gaussian\" or \"multinomial\"");
			break;
		case OPT_POS_INT:
			{
				double		d;

				if (v->type != jbvNumeric)
					BadValue(spec->key, "a positive integer");
				d = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow,
													   NumericGetDatum(v->val.numeric)));
				if (d != floor(d) || d < 1 || d > 100000)
					BadValue(spec->key, "an integer from 1 to 100000");
				if (strcmp(spec->key, "k") == 0)
					o->k = (int32) d;
				else if (strcmp(spec->key, "n_init") == 0)
				{
					if (d > 1000)
						BadValue(spec->key, "an integer from 1 to 1000");
					o->n_init = (int32) d;
				}
				else if (strcmp(spec->key, "n_components") == 0)
					o->n_components = (int32) d;
				else
					o->max_iter = (int32) d;
				break;
			}
		case OPT_CLASS_WEIGHT:
			ClassWeightValue(spec->key, v, o);
			break;
		case OPT_NAME:
			o->target_name = NameValue(spec->key, v);
			break;
		case OPT_NAME_ARRAY:
			NameArrayValue(spec->key, v, o);
			break;
		case OPT_PREP:
			break;
		case OPT_HOLDOUT:
			HoldoutValue(spec->key, v, t);
			break;
	}
}

/*
 * Parse options for algo.  With train == NULL (a training aggregate), keys
 * that only learn.train understands are rejected.
 */
void
LearnParseOptions(Jsonb *options, const LearnAlgorithm *algo, LearnOptions *o,
				  LearnTrainOptions *train)
{
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	LearnTrainOptions dummy;

	LearnOptionsDefaults(o);
	if (train)
	{
		memset(train, 0, sizeof(*train));
		train->deploy = true;
	}
	if (options == NULL)
		return;
	if (!JB_ROOT_IS_OBJECT(options))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("options must be a JSON object")));
	it = JsonbIteratorInit(&options->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		char	   *key;
		const OptionSpec *spec = NULL;

		if (tok != WJB_KEY)
			continue;
		key = pnstrdup(v.val.string.val, v.val.string.len);
		for (size_t i = 0; i < lengthof(option_specs); i++)
			if (strcmp(option_specs[i].key, key) == 0)
				spec = &option_specs[i];
		if (spec == NULL || (spec->mask != 0 && !(algo->option_mask & spec->mask)) ||
			(spec->scope == SCOPE_TRAIN && train == NULL))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown option \"%s\" for %s%s", key, algo->name,
							train ? "" : " aggregates"),
					 errhint("Valid options are: %s.", AcceptedKeys(algo, train != NULL))));
		tok = JsonbIteratorNext(&it, &v, true);
		Assert(tok == WJB_VALUE);
		ApplyOption(spec, &v, o, train ? train : &dummy);
	}
}

/* The aggregate options of o as JSON text (only keys algo accepts). */
char *
LearnOptionsToJson(const LearnOptions *o, const LearnAlgorithm *algo)
{
	StringInfoData s;

	initStringInfo(&s);
	appendStringInfoChar(&s, '{');
	LearnJsonKey(&s, "feature_names", true);
	appendStringInfoChar(&s, '[');
	for (uint32 i = 0; i < o->n_feature_names; i++)
	{
		if (i)
			appendStringInfoString(&s, ", ");
		escape_json(&s, o->feature_names[i]);
	}
	appendStringInfoChar(&s, ']');
	if (o->target_name)
	{
		LearnJsonKey(&s, "target", false);
		escape_json(&s, o->target_name);
	}
	if (algo->option_mask & LEARN_OPT_INTERCEPT)
	{
		LearnJsonKey(&s, "intercept", false);
		appendStringInfoString(&s, o->intercept ? "true" : "false");
	}
	if (algo->option_mask & LEARN_OPT_LAMBDA)
	{
		LearnJsonKey(&s, "lambda", false);
		appendStringInfo(&s, "%.17g", o->lambda);
	}
	if ((algo->option_mask & LEARN_OPT_MAX_ITER) && o->max_iter > 0)
	{
		LearnJsonKey(&s, "max_iter", false);
		appendStringInfo(&s, "%d", o->max_iter);
	}
	if ((algo->option_mask & LEARN_OPT_TOL) && o->tol > 0)
	{
		LearnJsonKey(&s, "tol", false);
		appendStringInfo(&s, "%.17g", o->tol);
	}
	if (o->verbose)
	{
		LearnJsonKey(&s, "verbose", false);
		appendStringInfoString(&s, "true");
	}
	if ((algo->option_mask & LEARN_OPT_K) && o->k > 0)
	{
		LearnJsonKey(&s, "k", false);
		appendStringInfo(&s, "%d", o->k);
	}
	if ((algo->option_mask & LEARN_OPT_N_INIT) && o->n_init > 0)
	{
		LearnJsonKey(&s, "n_init", false);
		appendStringInfo(&s, "%d", o->n_init);
	}
	if ((algo->option_mask & LEARN_OPT_SEED) && o->has_seed)
	{
		LearnJsonKey(&s, "seed", false);
		appendStringInfo(&s, INT64_FORMAT, o->seed);
	}
	if ((algo->option_mask & LEARN_OPT_N_COMPONENTS) && o->n_components > 0)
	{
		LearnJsonKey(&s, "n_components", false);
		appendStringInfo(&s, "%d", o->n_components);
	}
	if ((algo->option_mask & LEARN_OPT_STANDARDIZE) && o->standardize)
	{
		LearnJsonKey(&s, "standardize", false);
		appendStringInfoString(&s, "true");
	}
	if ((algo->option_mask & LEARN_OPT_C) && o->C > 0)
	{
		LearnJsonKey(&s, "C", false);
		appendStringInfo(&s, "%.17g", o->C);
	}
	if ((algo->option_mask & LEARN_OPT_ALPHA) && o->alpha >= 0)
	{
		LearnJsonKey(&s, "alpha", false);
		appendStringInfo(&s, "%.17g", o->alpha);
	}
	if ((algo->option_mask & LEARN_OPT_DISTRIBUTION) && o->distribution == LEARN_NB_MULTINOMIAL)
	{
		LearnJsonKey(&s, "distribution", false);
		appendStringInfoString(&s, "\"multinomial\"");
	}
	if ((algo->option_mask & LEARN_OPT_CLASS_WEIGHT) && o->class_weight != LEARN_CLASS_WEIGHT_NONE)
	{
		LearnJsonKey(&s, "class_weight", false);
		if (o->class_weight == LEARN_CLASS_WEIGHT_BALANCED)
			appendStringInfoString(&s, "\"balanced\"");
		else
		{
			appendStringInfoChar(&s, '{');
			for (uint32 i = 0; i < o->n_class_weights; i++)
			{
				LearnJsonKey(&s, o->class_weight_labels[i], i == 0);
				appendStringInfo(&s, "%.17g", o->class_weights[i]);
			}
			appendStringInfoChar(&s, '}');
		}
	}
	appendStringInfoChar(&s, '}');
	return s.data;
}
