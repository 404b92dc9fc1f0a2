/*
 * gen-transfers.c - transfers of members' organizational relationship in a
 * generated database, in every state (in transit, received, returned, and
 * stuck: past its validity, not received), so that the demo and the
 * benchmarks carry them. About one member in 10,000 (at least 4, at most
 * 2,000), every k-th by id, each sent to an organization drawn from the
 * generated tree, through the operations themselves (ops/transfer-ops.h:
 * the same checks, audit rows and history as a user's). Not for the
 * people or the tree (gen-people.c, gen-orgs.c).
 */
#include <stdio.h>

#include "core/date.h"
#include "gen/gen-fit.h"
#include "gen/gen-internal.h"
#include "ops/transfer-ops.h"
#include "store/transfer-store.h"

struct pick {
	struct gen *g;
	long long nr_orgs, made, target;
	int base;
};

static int one(long long person_id, long long org_id, void *ctx)
{
	struct pick *p = ctx;
	struct transfer_start s = { person_id, NULL, DATE_NONE, NULL, 0 };
	struct transfer t;
	struct error err = ERROR_INIT;
	char to[32];
	long long dest;
	int state = (int)(p->made % 4), rc;

	if (p->made >= p->target)
		return ST_OK;

	/* an organization of the tree other than the member's own */
	do
		dest = rng_range(&p->g->rng, 1, p->nr_orgs);
	while (dest == org_id && p->nr_orgs > 1);
	snprintf(to, sizeof(to), "id:%lld", dest);
	s.to = to;
	switch (state) {
	case 0: s.date = p->base - 10; break;                        /* in transit */
	case 1: s.date = p->base - 60; break;                        /* received */
	case 2: s.date = p->base - 40; break;                        /* returned */
	default: s.date = p->base - 120; s.valid_days = 30; break;   /* stuck */
	}
	rc = transfer_start(p->g->db, &s, "gen", &t, &err);
	if (rc == ST_INVALID || rc == ST_CONFLICT)
		return ST_OK;   /* a dissolved destination, an earlier change: skip */
	if (!rc && state == 1)
		rc = transfer_receive(p->g->db, t.id, p->base - 50, 0, "gen", NULL, &err);
	else if (!rc && state == 2)
		rc = transfer_return(p->g->db, t.id, "介绍信抬头有误", p->base - 30, "gen", NULL,
				     &err);
	if (rc == ST_INVALID || rc == ST_CONFLICT)
		rc = ST_OK;
	if (!rc)
		p->made++;
	return rc;
}

int gen_transfers(struct gen *g, struct error *err)
{
	struct pick p = { g, g->sum->orgs, 0, 0, 0 };
	long long n = g->sum->persons / 10000, k;
	int today = date_today();

	if (n < 4)
		n = 4;
	if (n > 2000)
		n = 2000;
	k = g->sum->persons / (32 * n);
	p.target = n;
	p.base = g->ref < today ? g->ref : today;
	return transfer_store_sample_members(g->db, k > 0 ? k : 1, (int)(16 * n), one, &p, err);
}
