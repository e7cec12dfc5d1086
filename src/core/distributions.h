/*
 * distributions.h: probability distributions used for inference
 * (p values of coefficients and model tests) and offered in SQL
 * (learn.normal_cdf, learn.t_quantile, ...).
 *
 * Every function returns NaN for arguments outside its domain; the SQL
 * wrappers turn that into an error where the argument is a parameter.
 * "lower" selects P(X <= x); false gives the survival function P(X > x),
 * computed directly so right tails keep full relative accuracy.
 */
#ifndef LEARN_DISTRIBUTIONS_H
#define LEARN_DISTRIBUTIONS_H

extern double LearnLogBeta(double a, double b);
extern double LearnIncBeta(double a, double b, double x, double y);
extern double LearnIncGamma(double a, double x, bool lower);
extern double LearnStudentT2Sided(double t, double df);
extern double LearnFUpperTail(double f, double df1, double df2);

extern double LearnNormalCdf(double x, double mean, double sd, bool lower);
extern double LearnTCdf(double t, double df, bool lower);
extern double LearnChisqCdf(double x, double df, bool lower);
extern double LearnFCdf(double f, double df1, double df2, bool lower);
extern double LearnNormalQuantile(double p, double mean, double sd, bool lower);
extern double LearnTQuantile(double p, double df, bool lower);
extern double LearnChisqQuantile(double p, double df, bool lower);
extern double LearnFQuantile(double p, double df1, double df2, bool lower);

#endif							/* LEARN_DISTRIBUTIONS_H */
