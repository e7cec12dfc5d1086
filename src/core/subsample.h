/*
 * subsample.h: nested subsamples of kept training rows, for the warm starts
 * of the iterative fits (logistic regression, linear SVM).
 */
#ifndef LEARN_SUBSAMPLE_H
#define LEARN_SUBSAMPLE_H

#include "c.h"

#define LEARN_WARM_MAX_STAGES	8

/*
 * Subsamples of rows (n rows of w doubles: a class index, then w - 1
 * features) for a warm start: about n / 4^j rows for j = J, J - 1, ..., 2
 * (only j = 1 when J = 1), where J is the largest j with n / 4^j >= min_rows.
 * A row is in the subsample of level j when the top 2j bits of a hash of
 * its model class (rank[its class index]) and features are zero, so the
 * subsamples are nested and do not depend on the physical order of the
 * rows.  Each is copied into rows of its own (class index replaced by the
 * model class), smallest first, in stage_rows[0..k-1] with stage_n[...];
 * returns k (0 when n is too small for a warm start).
 */
extern int	LearnWarmSubsamples(const double *rows, int64 w, int64 n, const int *rank,
								int64 min_rows, double **stage_rows, int64 *stage_n);

#endif							/* LEARN_SUBSAMPLE_H */
