/*
 * distributions.h: probability distributions used for inference
 * (p values of coefficients and model tests).
 */
#ifndef LEARN_DISTRIBUTIONS_H
#define LEARN_DISTRIBUTIONS_H

extern double LearnLogBeta(double a, double b);
extern double LearnIncBeta(double a, double b, double x, double y);
extern double LearnStudentT2Sided(double t, double df);
extern double LearnFUpperTail(double f, double df1, double df2);

#endif							/* LEARN_DISTRIBUTIONS_H */
