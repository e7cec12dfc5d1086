/*
 * comoments.h: shifted means and co-moment matrices of vectors, updated
 * one row at a time and merged across partial states (linear regression's
 * training state; learn.correlation_matrix and learn.covariance_matrix).
 *
 * Layout of d dimensions, in float8 slots: shift[d] (the first row seen),
 * mean[d] of the shifted values, and the packed upper triangle of the
 * co-moments C[d(d+1)/2], C = sum (z - mean)(z - mean)'.
 */
#ifndef LEARN_COMOMENTS_H
#define LEARN_COMOMENTS_H

#include "c.h"

#define LEARN_COMOMENTS_MAX_DIM	2001

/* float8 slots of the layout for d dimensions */
#define LearnComomentsLen(d) (2 * (int64) (d) + (int64) (d) * ((d) + 1) / 2)

extern void LearnComomentsAdd(double *slots, double n, const double *x, int p, const double *y);
extern void LearnComomentsMerge(double *a, double na, const double *b, double nb, int d);

#endif							/* LEARN_COMOMENTS_H */
