/*
 * logreg_step.h: streaming logistic regression for learn.train.
 */
#ifndef LEARN_API_LOGREG_STEP_H
#define LEARN_API_LOGREG_STEP_H

#include "core/options.h"
#include "core/state.h"

extern bytea *LogregStartModel(const LearnOptions *opt, char **feature_names, uint32 p,
							   const char *target, LearnLabelKind kind, char **classes, uint32 k,
							   const double *counts);
extern bool LogregModelFinished(const bytea *model);

#endif							/* LEARN_API_LOGREG_STEP_H */
