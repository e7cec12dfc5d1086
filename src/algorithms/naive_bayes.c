/*
 * naive_bayes.c: naive Bayes classifiers, Gaussian and multinomial, fitted
 * in one pass from per-class sufficient statistics.
 *
 * Both follow scikit-learn (Pedregosa et al. 2011; sklearn.naive_bayes):
 *
 *   Gaussian (GaussianNB): each feature is normal within a class, with the
 *   class mean and the population variance of the class plus
 *   epsilon = var_smoothing * (largest population variance of a feature over
 *   all training rows); var_smoothing is the "alpha" option, default 1e-9.
 *   The joint log-likelihood of class c is
 *     log prior_c - 1/2 sum_j [ log(2 pi v_cj) + (x_j - mu_cj)^2 / v_cj ].
 *
 *   Multinomial (MultinomialNB): features are counts; with N_cj the sum of
 *   feature j over the rows of class c and alpha the additive (Lidstone)
 *   smoothing, default 1,
 *     log theta_cj = log(N_cj + alpha) - log(sum_j (N_cj + alpha))
 *   and the joint log-likelihood is log prior_c + sum_j x_j log theta_cj
 *   (without the multinomial coefficient, which is the same for every class).
 *
 * Priors are the class frequencies.  Probabilities are the joint
 * log-likelihoods normalised with log-sum-exp.
 *
 * Aggregate state (float8 slots): slot 0 is the distribution (0 before the
 * first row, then 1 + LEARN_NB_*, read once from the options so that the
 * per-row code need not decode them), slots 1..p a shift; then one block per
 * class, in order of first appearance: count, sum[p] of the shifted values
 * and their centered sum of squares M2[p].  M2 is updated with Welford's
 * recurrence M2 += (n-1)/n (x - mean_{n-1})^2 (Welford 1962) and merged
 * across partial states with Chan, Golub and LeVeque's pairwise formula
 * (1979).  The Gaussian shift is the state's first row (the shifted-data
 * trick, Chan, Golub and LeVeque 1983, as in linreg.c): features far from 0
 * (1e6 + small noise) keep the digits of their class means.  The multinomial
 * shift is 0, so that sums of counts stay exact; that model needs only the
 * sums, and M2 gives it the feature standard deviations every model carries
 * for drift checks.
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "algorithms/algorithm.h"
#include "utils/json.h"

#define NB_MAX_FEATURES			100000
#define NB_MAX_SLOTS			((int64) 1 << 26)	/* 512 MB of state */
#define NB_DEFAULT_VAR_SMOOTHING 1e-9	/* scikit-learn GaussianNB */
#define NB_DEFAULT_ALPHA		1.0 /* scikit-learn MultinomialNB */

typedef struct NbParams
{
	uint8		distribution;	/* LEARN_NB_* */
	double		smoothing;		/* var_smoothing (gaussian) or alpha (multinomial) */
	double		epsilon;		/* gaussian: variance added to every class variance */
	double		joint_ll;		/* sum over training rows of the own class's joint log-likelihood */
	uint32		p;
	uint32		k;
	double	   *count;			/* k training rows per class */
	double	   *a;				/* k x p: gaussian means, or multinomial feature sums */
	double	   *var;			/* k x p: gaussian smoothed variances (NULL for multinomial) */
	/* derived at decode */
	double	   *log_prior;		/* k */
	double	   *log_theta;		/* multinomial: k x p feature log-probabilities */
	double	   *inv_var;		/* gaussian: k x p */
	double	   *norm;			/* gaussian: k, log prior - 1/2 sum_j log(2 pi v_cj) */
} NbParams;

/* float8 slots: distribution, shift[p], then per class count, sum[p], M2[p]. */
static int64
NbPayloadLen(uint32 n_features, uint32 n_classes, int64 rows_used pg_attribute_unused())
{
	int64		len;

	if (n_features == 0 || n_features > NB_MAX_FEATURES || n_classes > LEARN_MAX_CLASSES)
		return -1;
	len = 1 + (int64) n_features + (int64) n_classes * (1 + 2 * (int64) n_features);
	return len > NB_MAX_SLOTS ? -1 : len;
}

/* Raise the error for a malformed state. */
static void
NbBadState(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid pg_learn aggregate state"),
			 errdetail("%s", detail)));
}

/* The options stored in a state. */
static void
NbStateOptions(const LearnState *st, LearnOptions *o)
{
	LearnReader r;

	LearnReaderInit(&r, st->options, st->hdr->options_len, "aggregate state");
	LearnOptionsDecode(&r, o);
}

/* Reject options the distribution cannot use (checked at the first row and at fit). */
static void
NbCheckOptions(const LearnOptions *o)
{
	if (o->distribution == LEARN_NB_MULTINOMIAL && o->alpha == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("multinomial naive Bayes needs alpha > 0"),
				 errdetail("With alpha 0 a feature never seen in a class makes that class impossible."),
				 errhint("Use a small positive alpha such as 1e-10.")));
}

/* The state's distribution (LEARN_NB_*), set from the options on first use. */
static int
NbStateDistribution(LearnState *st)
{
	double		flag = st->payload[0];

	if (flag == 0)
	{
		LearnOptions o;

		NbStateOptions(st, &o);
		NbCheckOptions(&o);
		st->payload[0] = flag = 1 + o.distribution;
	}
	if (flag != 1 + LEARN_NB_GAUSSIAN && flag != 1 + LEARN_NB_MULTINOMIAL)
		NbBadState("The naive Bayes distribution slot is invalid.");
	return (int) flag - 1;
}

/* Reject a negative value for multinomial naive Bayes, naming the feature. */
static void
NbNegative(const LearnState *st, uint32 j, double v)
{
	LearnOptions o;

	NbStateOptions(st, &o);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("naive_bayes: feature \"%s\" has the negative value %g",
					o.n_feature_names == st->hdr->n_features ? o.feature_names[j] : psprintf("x%u", j + 1), v),
			 errdetail("Multinomial naive Bayes takes counts or frequencies, which are never negative."),
			 errhint("Use \"distribution\": \"gaussian\" for real-valued features, or filter the row out.")));
}

/* The first float8 slot of class c's block. */
static inline double *
NbBlock(const LearnState *st, int64 c)
{
	int64		p = st->hdr->n_features;

	return st->payload + 1 + p + c * (1 + 2 * p);
}

/* Add one row to its class block: count, shifted sums and Welford's M2. */
static void
NbAccumulate(LearnState *st, double y, const double *x)
{
	uint32		p = st->hdr->n_features;
	bool		first = st->payload[0] == 0;
	int			dist = NbStateDistribution(st);
	double	   *shift = st->payload + 1;
	double	   *block = NbBlock(st, (int64) y);
	double	   *sum = block + 1;
	double	   *M2 = sum + p;
	double		n;

	if (dist == LEARN_NB_MULTINOMIAL)
	{
		for (uint32 j = 0; j < p; j++)
			if (x[j] < 0)
				NbNegative(st, j, x[j]);
	}
	else if (first)
		memcpy(shift, x, sizeof(double) * p);
	n = block[0] + 1;
	block[0] = n;
	if (n > 1)
	{
		double		f = (n - 1) / n;

		for (uint32 j = 0; j < p; j++)
		{
			double		d = (x[j] - shift[j]) - sum[j] / (n - 1);

			M2[j] += f * d * d;
		}
	}
	for (uint32 j = 0; j < p; j++)
		sum[j] += x[j] - shift[j];
}

/*
 * Merge from's class blocks into into's (Chan, Golub and LeVeque), from's
 * sums re-expressed relative to into's shift:
 * M2 = M2a + M2b + (mean_b - mean_a)^2 na nb / n.
 */
static void
NbCombine(LearnState *into, const LearnState *from, const int *class_map)
{
	uint32		p = into->hdr->n_features;
	double		fa = into->payload[0],
				fb = from->payload[0];
	const double *ka = into->payload + 1,
			   *kb = from->payload + 1;

	if (fa != fb || (fa != 1 + LEARN_NB_GAUSSIAN && fa != 1 + LEARN_NB_MULTINOMIAL))
		NbBadState("The naive Bayes distribution slots of the partial states disagree.");
	for (uint32 c = 0; c < from->hdr->n_classes; c++)
	{
		const double *b = NbBlock(from, c);
		double	   *a = NbBlock(into, class_map[c]);
		double		na = a[0],
					nb = b[0],
					n = na + nb;

		if (!(na >= 0) || !(nb >= 0))
			NbBadState("A class has a negative row count.");
		if (nb == 0)
			continue;
		for (uint32 j = 0; j < p; j++)
		{
			double		dk = kb[j] - ka[j];

			if (na > 0)
			{
				double		d = (b[1 + j] / nb + dk) - a[1 + j] / na;

				a[1 + p + j] += b[1 + p + j] + d * d * (na * nb / n);
			}
			else
				a[1 + p + j] = b[1 + p + j];
			a[1 + j] += b[1 + j] + nb * dk;
		}
		a[0] = n;
	}
}

/* Derived arrays for scoring: log priors, inverse variances or log theta. */
static void
NbDerive(NbParams *P)
{
	uint32		k = P->k,
				p = P->p;
	double		total = 0;

	P->log_prior = palloc(sizeof(double) * k);
	for (uint32 c = 0; c < k; c++)
		total += P->count[c];
	/* scikit-learn's forms: GaussianNB log(n_c / n), MultinomialNB log n_c - log n */
	for (uint32 c = 0; c < k; c++)
		P->log_prior[c] = (P->distribution == LEARN_NB_GAUSSIAN) ? log(P->count[c] / total)
			: log(P->count[c]) - log(total);
	if (P->distribution == LEARN_NB_GAUSSIAN)
	{
		P->inv_var = palloc_extended(mul_size(sizeof(double), mul_size(k, p)), MCXT_ALLOC_HUGE);
		P->norm = palloc(sizeof(double) * k);
		for (uint32 c = 0; c < k; c++)
		{
			double		s = 0;

			for (uint32 j = 0; j < p; j++)
			{
				s += log(2 * M_PI * P->var[(size_t) c * p + j]);
				P->inv_var[(size_t) c * p + j] = 1.0 / P->var[(size_t) c * p + j];
			}
			P->norm[c] = P->log_prior[c] - 0.5 * s;
		}
	}
	else
	{
		P->log_theta = palloc_extended(mul_size(sizeof(double), mul_size(k, p)), MCXT_ALLOC_HUGE);
		for (uint32 c = 0; c < k; c++)
		{
			const double *N = P->a + (size_t) c * p;
			double		s = 0;

			for (uint32 j = 0; j < p; j++)
				s += N[j] + P->smoothing;
			for (uint32 j = 0; j < p; j++)
				P->log_theta[(size_t) c * p + j] = log(N[j] + P->smoothing) - log(s);
		}
	}
}

/* Joint log-likelihood log P(c) + log P(x | c) of every class. */
static void
NbJointLogLik(const NbParams *P, const double *x, double *jll)
{
	uint32		p = P->p;

	for (uint32 c = 0; c < P->k; c++)
	{
		double		s = 0;

		if (P->distribution == LEARN_NB_GAUSSIAN)
		{
			const double *mu = P->a + (size_t) c * p;
			const double *iv = P->inv_var + (size_t) c * p;

			for (uint32 j = 0; j < p; j++)
			{
				double		d = x[j] - mu[j];

				s += d * d * iv[j];
			}
			jll[c] = P->norm[c] - 0.5 * s;
		}
		else
		{
			const double *lt = P->log_theta + (size_t) c * p;

			for (uint32 j = 0; j < p; j++)
				if (x[j] != 0)	/* sparse counts: skip the zeros */
					s += x[j] * lt[j];
			jll[c] = P->log_prior[c] + s;
		}
	}
}

/*
 * The training rows' joint log-likelihood under their own class, from the
 * sufficient statistics: Gaussian sum_c [n_c norm_c - 1/2 sum_j M2_cj / v_cj],
 * multinomial sum_c [n_c log prior_c + sum_j N_cj log theta_cj].
 */
static double
NbTrainingLogLik(const NbParams *P, const double *M2)
{
	double		ll = 0;

	for (uint32 c = 0; c < P->k; c++)
	{
		double		s = 0;

		for (uint32 j = 0; j < P->p; j++)
		{
			size_t		i = (size_t) c * P->p + j;

			s += (P->distribution == LEARN_NB_GAUSSIAN) ? -0.5 * M2[i] * P->inv_var[i]
				: P->a[i] * P->log_theta[i];
		}
		ll += s + P->count[c] * (P->distribution == LEARN_NB_GAUSSIAN ? P->norm[c] : P->log_prior[c]);
	}
	return ll;
}

/* Encode the parameters. */
static void
NbEncode(LearnWriter *w, const NbParams *P)
{
	size_t		kp = (size_t) P->k * P->p;

	LearnWriteU8(w, P->distribution);
	LearnWriteF64(w, P->smoothing);
	LearnWriteF64(w, P->epsilon);
	LearnWriteF64(w, P->joint_ll);
	LearnWriteU32(w, P->p);
	LearnWriteU32(w, P->k);
	LearnWriteF64Array(w, P->count, P->k);
	LearnWriteF64Array(w, P->a, kp);
	if (P->distribution == LEARN_NB_GAUSSIAN)
		LearnWriteF64Array(w, P->var, kp);
}

/*
 * Fail unless the fitted parameters are finite: a huge alpha (var_smoothing)
 * times a huge feature variance, or a class mean beyond the float8 range,
 * used to be encoded into a model that NbDecode then rejected, so the
 * training succeeded and every use of the model failed (found by
 * test/fuzz/fuzz_state).
 */
static void
NbCheckFinite(const NbParams *P, size_t kp)
{
	bool		ok = isfinite(P->smoothing) && isfinite(P->epsilon);

	for (size_t i = 0; ok && i < kp; i++)
		ok = isfinite(P->a[i]) && (P->var == NULL || isfinite(P->var[i]));
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("naive Bayes parameters overflow the float8 range"),
				 errdetail("alpha is %g; the class means or variances with smoothing are not finite.",
						   P->smoothing),
				 errhint("Scale the features, or use a smaller alpha.")));
}

/*
 * Fit from the class blocks (taken in the model's class order): check the
 * state, then means and smoothed variances, or feature sums; feature
 * statistics from all rows.
 */
static void
NbFit(const LearnState *st, const LearnOptions *opt, LearnModel *m, LearnWriter *params)
{
	uint32		p = st->hdr->n_features,
				k = m->n_classes;
	const double *shift = st->payload + 1;
	size_t		kp = (size_t) k * p;
	NbParams	P = {0};
	double	   *M2 = palloc_extended(mul_size(sizeof(double), kp), MCXT_ALLOC_HUGE);
	double	   *tot_m2 = palloc0(sizeof(double) * p);
	double		n = 0,
				max_var = 0;

	NbCheckOptions(opt);
	if (st->payload[0] != 1 + opt->distribution)
		NbBadState("The naive Bayes distribution slot does not match the options.");
	for (uint32 j = 0; j < p; j++)
		if (opt->distribution == LEARN_NB_MULTINOMIAL && shift[j] != 0)
			NbBadState("A multinomial state has a shift.");
	P.distribution = opt->distribution;
	P.p = p;
	P.k = k;
	P.count = palloc(sizeof(double) * k);
	P.a = palloc_extended(mul_size(sizeof(double), kp), MCXT_ALLOC_HUGE);
	for (uint32 c = 0; c < k; c++)
	{
		const double *b = NbBlock(st, m->class_perm[c]);

		if (!(b[0] >= 1) || b[0] != floor(b[0]))
			NbBadState("A class has an invalid row count.");
		P.count[c] = b[0];
		n += b[0];
		for (uint32 j = 0; j < p; j++)
		{
			if (b[1 + p + j] < 0 || (P.distribution == LEARN_NB_MULTINOMIAL && b[1 + j] < 0))
				NbBadState("A class has a negative sum of squares or count.");
			P.a[(size_t) c * p + j] = b[1 + j];
			M2[(size_t) c * p + j] = b[1 + p + j];
		}
	}
	if (n != (double) st->hdr->rows_used)
		NbBadState("The class counts do not add up to the rows used.");

	/* all rows: mean and M2 per feature, merging the classes (still shifted) */
	m->feature_mean = palloc0(sizeof(double) * p);
	m->feature_sd = palloc0(sizeof(double) * p);
	for (uint32 j = 0; j < p; j++)
	{
		double		mean = 0;

		for (uint32 c = 0; c < k; c++)
			mean += P.a[(size_t) c * p + j];
		mean /= n;
		for (uint32 c = 0; c < k; c++)
		{
			double		d = P.a[(size_t) c * p + j] / P.count[c] - mean;

			tot_m2[j] += M2[(size_t) c * p + j] + P.count[c] * d * d;
		}
		m->feature_mean[j] = shift[j] + mean;
		m->feature_sd[j] = (n > 1) ? sqrt(tot_m2[j] / (n - 1)) : 0.0;
		max_var = Max(max_var, tot_m2[j] / n);
	}

	if (P.distribution == LEARN_NB_GAUSSIAN)
	{
		P.smoothing = opt->alpha >= 0 ? opt->alpha : NB_DEFAULT_VAR_SMOOTHING;
		/* every feature constant: smooth on the unit scale rather than not at all */
		P.epsilon = P.smoothing * (max_var > 0 ? max_var : 1.0);
		P.var = palloc_extended(mul_size(sizeof(double), kp), MCXT_ALLOC_HUGE);
		for (size_t i = 0; i < kp; i++)
		{
			double		nc = P.count[i / p];

			P.a[i] = shift[i % p] + P.a[i] / nc;
			/* only alpha 0 with a constant feature in a class leaves 0: no division by it */
			P.var[i] = Max(M2[i] / nc + P.epsilon, DBL_MIN);
		}
	}
	else
		P.smoothing = opt->alpha >= 0 ? opt->alpha : NB_DEFAULT_ALPHA;
	NbCheckFinite(&P, kp);
	NbDerive(&P);
	P.joint_ll = NbTrainingLogLik(&P, M2);
	NbEncode(params, &P);
}

/* Read n finite values, each at least lo (or above it when strict). */
static double *
NbReadArray(LearnReader *r, size_t n, double lo, bool strict, const char *what)
{
	double	   *v = palloc_extended(mul_size(sizeof(double), Max(n, 1)), MCXT_ALLOC_HUGE);

	LearnReadF64Array(r, v, n);
	for (size_t i = 0; i < n; i++)
		if (!isfinite(v[i]) || v[i] < lo || (strict && v[i] == lo))
			LearnReaderFail(r, psprintf("bad %s", what));
	return v;
}

/* Decode parameters; every field is checked against the model. */
static void *
NbDecode(LearnReader *r, const LearnModel *m)
{
	NbParams   *P = palloc0(sizeof(NbParams));
	size_t		kp;

	P->distribution = LearnReadU8(r);
	if (P->distribution > LEARN_NB_MULTINOMIAL)
		LearnReaderFail(r, "bad distribution");
	P->smoothing = LearnReadF64(r);
	P->epsilon = LearnReadF64(r);
	P->joint_ll = LearnReadF64(r);
	if (!isfinite(P->smoothing) || P->smoothing < 0 ||
		(P->distribution == LEARN_NB_MULTINOMIAL && P->smoothing == 0) ||
		!isfinite(P->epsilon) || P->epsilon < 0)
		LearnReaderFail(r, "bad smoothing");
	P->p = LearnReadU32(r);
	P->k = LearnReadU32(r);
	if (P->p != m->n_features || P->k != m->n_classes || P->k < 2)
		LearnReaderFail(r, "dimensions do not match the model");
	kp = (size_t) P->k * P->p;
	LearnReaderNeed(r, 8 * (P->k + kp * (P->distribution == LEARN_NB_GAUSSIAN ? 2 : 1)));
	P->count = NbReadArray(r, P->k, 0, true, "class count");
	P->a = NbReadArray(r, kp, P->distribution == LEARN_NB_GAUSSIAN ? -DBL_MAX : 0, false,
					   P->distribution == LEARN_NB_GAUSSIAN ? "class mean" : "feature count");
	if (P->distribution == LEARN_NB_GAUSSIAN)
		P->var = NbReadArray(r, kp, 0, true, "class variance");
	NbDerive(P);
	return P;
}

/*
 * Class probabilities: the joint log-likelihoods normalised, exp(jll_c - m) /
 * sum exp(jll - m) with m the largest (log-sum-exp without adding log(sum)
 * back to m, where it would be lost next to a huge m).
 */
static void
NbProba(const void *params, const double *x, double *out)
{
	const NbParams *P = params;
	double		m,
				s = 0;

	NbJointLogLik(P, x, out);
	m = out[0];
	for (uint32 c = 1; c < P->k; c++)
		m = Max(m, out[c]);
	if (isinf(m) && m < 0)
	{
		/* no class gives x a positive density (only with zero variances): the priors */
		for (uint32 c = 0; c < P->k; c++)
			out[c] = exp(P->log_prior[c]);
		return;
	}
	for (uint32 c = 0; c < P->k; c++)
		s += (out[c] = exp(out[c] - m));
	for (uint32 c = 0; c < P->k; c++)
		out[c] /= s;
}

/* Decision scores: the joint log-likelihood of each class (predict_joint_log_proba). */
static void
NbDecision(const void *params, const double *x, double *out)
{
	NbJointLogLik(params, x, out);
}

static uint32
NbNDecision(const void *params)
{
	return ((const NbParams *) params)->k;
}

/* Append a JSON array of n numbers. */
static void
JsonArray(StringInfo json, const double *v, uint32 n)
{
	appendStringInfoChar(json, '[');
	for (uint32 i = 0; i < n; i++)
	{
		if (i)
			appendStringInfoString(json, ", ");
		LearnJsonNumber(json, v[i]);
	}
	appendStringInfoChar(json, ']');
}

/* JSON members: distribution, smoothing, and per class its prior and parameters. */
static void
NbDescribe(StringInfo json, const void *params, const LearnModel *m)
{
	const NbParams *P = params;
	bool		gauss = P->distribution == LEARN_NB_GAUSSIAN;
	double		total = 0;

	LearnJsonKey(json, "distribution", true);
	escape_json(json, gauss ? "gaussian" : "multinomial");
	LearnJsonKey(json, gauss ? "var_smoothing" : "alpha", false);
	LearnJsonNumber(json, P->smoothing);
	if (gauss)
	{
		LearnJsonKey(json, "epsilon", false);
		LearnJsonNumber(json, P->epsilon);
	}
	LearnJsonKey(json, "joint_log_likelihood", false);
	LearnJsonNumber(json, P->joint_ll);
	LearnJsonKey(json, "classes", false);
	appendStringInfoChar(json, '[');
	for (uint32 c = 0; c < P->k; c++)
		total += P->count[c];
	for (uint32 c = 0; c < P->k; c++)
	{
		const double *row = P->a + (size_t) c * P->p;

		appendStringInfoString(json, c ? ", {" : "{");
		LearnJsonKey(json, "class", true);
		escape_json(json, m->class_names[c]);
		LearnJsonKey(json, "count", false);
		LearnJsonNumber(json, P->count[c]);
		LearnJsonKey(json, "prior", false);
		LearnJsonNumber(json, P->count[c] / total);
		if (gauss)
		{
			LearnJsonKey(json, "mean", false);
			JsonArray(json, row, P->p);
			LearnJsonKey(json, "variance", false);
			JsonArray(json, P->var + (size_t) c * P->p, P->p);
		}
		else
		{
			LearnJsonKey(json, "feature_count", false);
			JsonArray(json, row, P->p);
			LearnJsonKey(json, "feature_log_prob", false);
			JsonArray(json, P->log_theta + (size_t) c * P->p, P->p);
		}
		appendStringInfoChar(json, '}');
	}
	appendStringInfoChar(json, ']');
}

/* Training metrics for learn.models.metrics. */
static void
NbMetrics(StringInfo json, const void *params, const LearnModel *m)
{
	const NbParams *P = params;

	LearnJsonKey(json, "distribution", true);
	escape_json(json, P->distribution == LEARN_NB_GAUSSIAN ? "gaussian" : "multinomial");
	LearnJsonKey(json, "classes", false);
	appendStringInfo(json, "%u", P->k);
	LearnJsonKey(json, "rows", false);
	appendStringInfo(json, INT64_FORMAT, m->rows_used);
	LearnJsonKey(json, "joint_log_likelihood", false);
	LearnJsonNumber(json, P->joint_ll);
}

const LearnAlgorithm learn_naive_bayes = {
	.id = LEARN_ALGO_NAIVE_BAYES,
	.name = "naive_bayes",
	.task = LEARN_TASK_CLASSIFICATION,
	.target = LEARN_TARGET_LABEL,
	.aggregate = "learn.nb_fit",
	.max_features = NB_MAX_FEATURES,
	.option_mask = LEARN_OPT_ALPHA | LEARN_OPT_DISTRIBUTION,
	.keeps_rows = false,
	.payload_len = NbPayloadLen,
	.accumulate = NbAccumulate,
	.combine = NbCombine,
	.fit = NbFit,
	.decode = NbDecode,
	.proba = NbProba,
	.decision = NbDecision,
	.n_decision = NbNDecision,
	.describe = NbDescribe,
	.metrics = NbMetrics,
};
