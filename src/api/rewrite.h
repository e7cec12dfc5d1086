/*
 * rewrite.h: the planner hook feeding training aggregates their columns.
 */
#ifndef LEARN_REWRITE_H
#define LEARN_REWRITE_H

extern void LearnInstallPlannerHook(void);

#endif							/* LEARN_REWRITE_H */
