/*
 * catalog.h: reading and writing the model registry (learn.models,
 * learn.deployments) through SPI with parameterised statements only, and
 * the per-model access checks (see docs/security.md).
 */
#ifndef LEARN_API_CATALOG_H
#define LEARN_API_CATALOG_H

#include "postgres.h"

/* What a caller wants to do with a stored model. */
typedef enum LearnModelAccess
{
	LEARN_ACCESS_SCORE,			/* score by name: the owner, or a "score" or "read" grant */
	LEARN_ACCESS_READ,			/* get the bytes: the owner, or a "read" grant */
	LEARN_ACCESS_OWN			/* add versions, deploy, grant: the owner only */
} LearnModelAccess;

extern bytea *LearnCatalogFetch(const char *name, int32 version, int32 *found_version,
								LearnModelAccess access);
extern void LearnCatalogCheckOwner(const char *name, const char *action);
extern char *LearnSourceSql(const char *source);	/* train.c */

#endif							/* LEARN_API_CATALOG_H */
