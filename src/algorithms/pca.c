/*
 * pca.c: principal component analysis from one pass of sufficient statistics.
 *
 * Training state: the mean vector and the packed upper triangle of the
 * co-moment matrix C = sum (x - mean)(x - mean)' of the features, updated per
 * row with Welford's algorithm in its multivariate form (Welford 1962;
 * Bennett et al., "Numerically stable, single-pass, parallel statistics
 * algorithms", 2009), merged across partial states with Chan, Golub and
 * LeVeque's pairwise formula (1979), and shifted by the first row seen (Chan,
 * Golub and LeVeque 1983) so that features far from 0 keep their low-order
 * digits.  This is linreg.c's state without the target column.
 *
 * Fit: the sample covariance S = C / (n - 1) (scikit-learn's
 * explained_variance_ denominator) or, with "standardize", the covariance of
 * the features scaled by their population standard deviation,
 * S_ij = C_ij / ((n - 1) s_i s_j) with s_j = sqrt(C_jj / n) (scikit-learn's
 * StandardScaler followed by PCA; the correlation matrix times n / (n - 1)).
 * A constant feature keeps scale 1 there, as StandardScaler does, with a
 * warning.  S is eigen-decomposed by LAPACK dsyevd (Golub and Van Loan,
 * Matrix Computations, 4th ed., 8.3 and 8.5): principal axes are the
 * eigenvectors, explained variances the eigenvalues (the sample variance of
 * the scores along each axis), in decreasing order.  Eigenvalues below zero
 * by rounding are set to 0; the total variance is the trace of S, as
 * scikit-learn's sum of squared singular values over n - 1.
 *
 * Signs: each component is flipped so that its loading of largest absolute
 * value (the first such one on exact ties) is positive: scikit-learn's
 * svd_flip(u_based_decision=False), which PCA uses from scikit-learn 1.5.
 * (Earlier releases decide on the scores of the training rows, which a
 * one-pass fit does not have.)
 */
#include "postgres.h"

#include <math.h>

#include "algorithms/algorithm.h"
#include "core/comoments.h"
#include "core/linalg.h"

#define PCA_MAX_FEATURES		2000

typedef struct PcaParams
{
	uint32		p;
	uint32		k;				/* components kept */
	bool		standardize;
	double		n;				/* rows used (for the singular values) */
	double		total_variance; /* trace of the decomposed matrix */
	double	   *mean;			/* p */
	double	   *scale;			/* p: 1 without standardize */
	double	   *variance;		/* k explained variances, decreasing */
	double	   *components;		/* k x p, row-major: component c, feature j */
} PcaParams;

/*
 * float8 slots of the state: shift[p] (the first row), mean[p] of the
 * shifted values, and the packed co-moments C[p(p+1)/2].
 */
static int64
PcaPayloadLen(uint32 n_features, uint32 n_classes pg_attribute_unused(),
			  int64 rows_used pg_attribute_unused())
{
	int64		d = (int64) n_features;

	if (n_features == 0 || n_features > PCA_MAX_FEATURES)
		return -1;
	return 2 * d + d * (d + 1) / 2;
}

/* Welford update of mean and co-moments with one row (core/comoments.c). */
static void
PcaAccumulate(LearnState *st, double y pg_attribute_unused(), const double *x)
{
	LearnComomentsAdd(st->payload, (double) st->hdr->rows_used, x, (int) st->hdr->n_features, NULL);
}

/* Chan-Golub-LeVeque merge; into's rows_used is still its own count. */
static void
PcaCombine(LearnState *into, const LearnState *from, const int *class_map pg_attribute_unused())
{
	LearnComomentsMerge(into->payload, (double) into->hdr->rows_used, from->payload,
						(double) from->hdr->rows_used, (int) into->hdr->n_features);
}

/* Check the options and data that a decomposition needs. */
static int
PcaComponentsWanted(const LearnOptions *opt, int p, double n)
{
	if (opt->n_components > p)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("pca: option \"n_components\" is %d, but the rows have only %d features",
						opt->n_components, p),
				 errhint("Ask for at most %d components, or leave n_components out to keep them all.", p)));
	if (n < 2)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("pca needs at least two rows, got %.0f", n),
				 errhint("The sample covariance of one row is undefined.")));
	return opt->n_components > 0 ? opt->n_components : p;
}

/*
 * Scale of each feature: 1, or with standardize the population standard
 * deviation (1 for a constant feature, with a warning).
 */
static double *
PcaScale(const double *C, int p, double n, bool standardize, const LearnModel *m)
{
	double	   *scale = palloc(sizeof(double) * p);

	for (int j = 0; j < p; j++)
	{
		double		c = C[LearnPackedIndex(j, j, p)];

		scale[j] = 1.0;
		if (!standardize)
			continue;
		if (c > 0)
			scale[j] = sqrt(c / n);
		else
			ereport(WARNING,
					(errcode(ERRCODE_WARNING),
					 errmsg("pca: feature \"%s\" is constant; standardize leaves it unscaled",
							m->feature_names[j]),
					 errdetail("It has no variance and contributes a component of explained variance 0.")));
	}
	return scale;
}

/* Flip the sign of an eigenvector so its largest-magnitude entry is positive. */
static void
PcaFlipSign(double *v, int p)
{
	int			best = 0;

	for (int i = 1; i < p; i++)
		if (fabs(v[i]) > fabs(v[best]))
			best = i;
	if (v[best] < 0)
		for (int i = 0; i < p; i++)
			v[i] = -v[i];
}

/* Encode the parameters. */
static void
PcaEncode(LearnWriter *w, const PcaParams *P)
{
	LearnWriteU32(w, P->p);
	LearnWriteU32(w, P->k);
	LearnWriteU8(w, P->standardize);
	LearnWriteF64(w, P->n);
	LearnWriteF64(w, P->total_variance);
	LearnWriteF64Array(w, P->mean, P->p);
	LearnWriteF64Array(w, P->scale, P->p);
	LearnWriteF64Array(w, P->variance, P->k);
	LearnWriteF64Array(w, P->components, (size_t) P->k * P->p);
}

/* Fail when no feature varies: there is nothing to decompose. */
static void
PcaCheckVariance(const double *C, int p)
{
	for (int j = 0; j < p; j++)
		if (C[LearnPackedIndex(j, j, p)] > 0)
			return;
	ereport(ERROR,
			(errcode(ERRCODE_DATA_EXCEPTION),
			 errmsg("pca: every feature is constant, so there is no variance to explain"),
			 errhint("Check the feature columns and the WHERE clause.")));
}

/*
 * The matrix to decompose (column-major, full): C / (n - 1), scaled by the
 * features' scales; sets P->total_variance to its trace.
 */
static double *
PcaCovariance(const double *C, PcaParams *P)
{
	int			p = (int) P->p;
	double		n1 = P->n - 1;
	double	   *A = palloc_extended(mul_size(mul_size(p, p), sizeof(double)), MCXT_ALLOC_HUGE);

	P->total_variance = 0;
	for (int j = 0; j < p; j++)
	{
		for (int i = 0; i <= j; i++)
			A[i + (size_t) j * p] = A[j + (size_t) i * p] =
				C[LearnPackedIndex(i, j, p)] / (n1 * P->scale[i] * P->scale[j]);
		P->total_variance += A[j + (size_t) j * p];
	}
	if (!isfinite(P->total_variance) || !(P->total_variance > 0))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("pca: the total variance of the features, %g, is out of range", P->total_variance),
				 errhint("Rescale the features.")));
	return A;
}

/* Fit from the co-moments: decompose, sort, fix signs; see the file header. */
static void
PcaFit(const LearnState *st, const LearnOptions *opt, LearnModel *m, LearnWriter *params)
{
	int			p = (int) st->hdr->n_features;
	double		n = (double) st->hdr->rows_used;
	const double *shift = st->payload;
	const double *C = shift + 2 * p;
	double	   *w = palloc(sizeof(double) * p);
	double	   *A;
	PcaParams	P = {0};

	P.p = p;
	P.k = PcaComponentsWanted(opt, p, n);
	P.standardize = opt->standardize;
	P.n = n;
	PcaCheckVariance(C, p);
	P.mean = palloc(sizeof(double) * p);
	for (int j = 0; j < p; j++)
		P.mean[j] = shift[j] + shift[p + j];
	P.scale = PcaScale(C, p, n, opt->standardize, m);
	A = PcaCovariance(C, &P);

	LearnSymmetricEigen(A, p, w);

	/* LAPACK orders eigenvalues increasingly: component c is eigenpair p - 1 - c */
	P.variance = palloc(sizeof(double) * P.k);
	P.components = palloc_extended(mul_size(mul_size(P.k, p), sizeof(double)), MCXT_ALLOC_HUGE);
	for (uint32 c = 0; c < P.k; c++)
	{
		int			e = p - 1 - (int) c;
		double	   *v = P.components + (size_t) c * p;

		P.variance[c] = Max(w[e], 0.0);
		memcpy(v, A + (size_t) e * p, sizeof(double) * p);
		PcaFlipSign(v, p);
		/*
		 * A covariance matrix near the float8 limits (or co-moments no data
		 * could produce, from a crafted state) can decompose into
		 * non-finite values, which used to be encoded into a model that
		 * PcaDecode then rejected (found by test/fuzz/fuzz_state).
		 */
		for (int j = 0; j < p; j++)
			if (!isfinite(v[j]) || !isfinite(P.variance[c]))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("pca: the eigen-decomposition of the covariance matrix is not finite"),
						 errhint("Rescale the features.")));
	}

	m->feature_mean = palloc(sizeof(double) * p);
	m->feature_sd = palloc(sizeof(double) * p);
	for (int j = 0; j < p; j++)
	{
		m->feature_mean[j] = P.mean[j];
		m->feature_sd[j] = sqrt(C[LearnPackedIndex(j, j, p)] / (n - 1));
	}
	PcaEncode(params, &P);
}

/* What decoded arrays must hold. */
typedef enum PcaValueCheck
{
	PCA_FINITE,
	PCA_NONNEGATIVE,
	PCA_POSITIVE
} PcaValueCheck;

/* Fail unless every value of an array is finite and in range. */
static void
PcaCheckValues(LearnReader *r, const double *v, size_t n, PcaValueCheck check, const char *what)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(v[i]) ||
			(check == PCA_NONNEGATIVE && v[i] < 0) ||
			(check == PCA_POSITIVE && !(v[i] > 0)))
			LearnReaderFail(r, psprintf("bad %s", what));
}

/* Decode parameters; every field is checked against the model. */
static void *
PcaDecode(LearnReader *r, const LearnModel *m)
{
	PcaParams  *P = palloc0(sizeof(PcaParams));
	uint8		flag;

	P->p = LearnReadU32(r);
	if (P->p != m->n_features || P->p == 0 || P->p > PCA_MAX_FEATURES)
		LearnReaderFail(r, "feature count does not match the model");
	P->k = LearnReadU32(r);
	if (P->k == 0 || P->k > P->p)
		LearnReaderFail(r, "bad number of components");
	flag = LearnReadU8(r);
	if (flag > 1)
		LearnReaderFail(r, "bad standardize flag");
	P->standardize = flag;
	P->n = LearnReadF64(r);
	if (!isfinite(P->n) || P->n < 2)
		LearnReaderFail(r, "bad row count");
	P->total_variance = LearnReadF64(r);
	if (!isfinite(P->total_variance) || !(P->total_variance > 0))
		LearnReaderFail(r, "bad total variance");
	LearnReaderNeed(r, sizeof(double) * ((size_t) 2 * P->p + P->k + (size_t) P->k * P->p));
	P->mean = palloc(sizeof(double) * P->p);
	P->scale = palloc(sizeof(double) * P->p);
	P->variance = palloc(sizeof(double) * P->k);
	P->components = palloc_extended(sizeof(double) * (size_t) P->k * P->p, MCXT_ALLOC_HUGE);
	LearnReadF64Array(r, P->mean, P->p);
	LearnReadF64Array(r, P->scale, P->p);
	LearnReadF64Array(r, P->variance, P->k);
	LearnReadF64Array(r, P->components, (size_t) P->k * P->p);
	PcaCheckValues(r, P->mean, P->p, PCA_FINITE, "mean");
	PcaCheckValues(r, P->scale, P->p, PCA_POSITIVE, "scale");
	PcaCheckValues(r, P->variance, P->k, PCA_NONNEGATIVE, "explained variance");
	PcaCheckValues(r, P->components, (size_t) P->k * P->p, PCA_FINITE, "component");
	return P;
}

/* Scores: the kept components applied to (x - mean) / scale. */
static void
PcaTransform(const void *params, const double *x, double *out)
{
	const PcaParams *P = params;
	double		z[PCA_MAX_FEATURES];

	for (uint32 j = 0; j < P->p; j++)
		z[j] = (x[j] - P->mean[j]) / P->scale[j];
	for (uint32 c = 0; c < P->k; c++)
	{
		const double *v = P->components + (size_t) c * P->p;
		double		s = 0;

		for (uint32 j = 0; j < P->p; j++)
			s += v[j] * z[j];
		out[c] = s;
	}
}

static uint32
PcaNTransform(const void *params)
{
	return ((const PcaParams *) params)->k;
}

/* Append a JSON array of n numbers. */
static void
JsonNumbers(StringInfo json, const double *v, size_t n)
{
	appendStringInfoChar(json, '[');
	for (size_t i = 0; i < n; i++)
	{
		if (i)
			appendStringInfoString(json, ", ");
		LearnJsonNumber(json, v[i]);
	}
	appendStringInfoChar(json, ']');
}

/* JSON members: scikit-learn's attribute names, without the trailing underscore. */
static void
PcaDescribe(StringInfo json, const void *params, const LearnModel *m pg_attribute_unused())
{
	const PcaParams *P = params;
	double	   *ratio = palloc(sizeof(double) * P->k);
	double	   *cumulative = palloc(sizeof(double) * P->k);
	double	   *singular = palloc(sizeof(double) * P->k);
	double		sum = 0;

	for (uint32 c = 0; c < P->k; c++)
	{
		ratio[c] = P->variance[c] / P->total_variance;
		sum += ratio[c];
		cumulative[c] = sum;
		singular[c] = sqrt(P->variance[c] * (P->n - 1));
	}
	LearnJsonKey(json, "standardize", true);
	appendStringInfoString(json, P->standardize ? "true" : "false");
	LearnJsonKey(json, "n_components", false);
	appendStringInfo(json, "%u", P->k);
	LearnJsonKey(json, "explained_variance", false);
	JsonNumbers(json, P->variance, P->k);
	LearnJsonKey(json, "explained_variance_ratio", false);
	JsonNumbers(json, ratio, P->k);
	LearnJsonKey(json, "cumulative_variance_ratio", false);
	JsonNumbers(json, cumulative, P->k);
	LearnJsonKey(json, "singular_values", false);
	JsonNumbers(json, singular, P->k);
	LearnJsonKey(json, "total_variance", false);
	LearnJsonNumber(json, P->total_variance);
	LearnJsonKey(json, "components", false);
	appendStringInfoChar(json, '[');
	for (uint32 c = 0; c < P->k; c++)
	{
		if (c)
			appendStringInfoString(json, ", ");
		JsonNumbers(json, P->components + (size_t) c * P->p, P->p);
	}
	appendStringInfoChar(json, ']');
	LearnJsonKey(json, "mean", false);
	JsonNumbers(json, P->mean, P->p);
	if (P->standardize)
	{
		LearnJsonKey(json, "scale", false);
		JsonNumbers(json, P->scale, P->p);
	}
}

/* Training metrics for learn.models.metrics. */
static void
PcaMetrics(StringInfo json, const void *params, const LearnModel *m pg_attribute_unused())
{
	const PcaParams *P = params;
	double		kept = 0;

	for (uint32 c = 0; c < P->k; c++)
		kept += P->variance[c];
	LearnJsonKey(json, "n_components", true);
	appendStringInfo(json, "%u", P->k);
	LearnJsonKey(json, "explained_variance_ratio", false);
	LearnJsonNumber(json, kept / P->total_variance);
	LearnJsonKey(json, "total_variance", false);
	LearnJsonNumber(json, P->total_variance);
}

const LearnAlgorithm learn_pca = {
	.id = LEARN_ALGO_PCA,
	.name = "pca",
	.task = LEARN_TASK_TRANSFORM,
	.target = LEARN_TARGET_NONE,
	.aggregate = "learn.pca_fit",
	.max_features = PCA_MAX_FEATURES,
	.option_mask = LEARN_OPT_N_COMPONENTS | LEARN_OPT_STANDARDIZE,
	.payload_len = PcaPayloadLen,
	.accumulate = PcaAccumulate,
	.combine = PcaCombine,
	.fit = PcaFit,
	.decode = PcaDecode,
	.transform = PcaTransform,
	.n_transform = PcaNTransform,
	.describe = PcaDescribe,
	.metrics = PcaMetrics,
	.coefficients = NULL,
};
