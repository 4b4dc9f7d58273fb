/*
 * tst_prep: the engine's prepared table (acl_prep_new) for unit tests that
 * evaluate ACLs, samples and formats the way the engine does: set
 * env.eng = &tst_eng after tprepare(cfg).  Included by one test file
 * each, so its definitions are static.
 */
#ifndef HAPX_TST_PREP_H
#define HAPX_TST_PREP_H

#include "engine/engine_types.h"
#include "http/acl.h"

static struct engine	tst_eng;

static int
tprepare(const struct config *cfg)
{
	acl_prep_free(tst_eng.prep);
	tst_eng.cfg = cfg;
	tst_eng.prep = acl_prep_new(cfg);
	return tst_eng.prep != NULL ? 0 : -1;
}

static void
trelease(void)
{
	acl_prep_free(tst_eng.prep);
	tst_eng.prep = NULL;
	tst_eng.cfg = NULL;
}

#endif
