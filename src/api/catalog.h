/*
 * catalog.h: reading and writing the model registry (learn.models,
 * learn.deployments) through SPI with parameterised statements only.
 */
#ifndef LEARN_API_CATALOG_H
#define LEARN_API_CATALOG_H

#include "postgres.h"

extern bytea *LearnCatalogFetch(const char *name, int32 version, int32 *found_version);
extern char *LearnSourceSql(const char *source);	/* train.c */

#endif							/* LEARN_API_CATALOG_H */
