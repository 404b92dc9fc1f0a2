/*
 * observer.c - the per-thread record of a transaction's row changes and
 * its delivery to the installed observer after the commit (observer.h).
 * Not for: what the observer does with the changes (ops/stats-live.c).
 */
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "ops/observer.h"

struct change {
	int is_org;
	int has_before, has_after;
	union {
		struct {
			struct person before, after;
		} p;
		struct {
			struct org before, after;
		} o;
	} u;
};

struct dues_note {
	long long org_id;
	size_t rows;
};

struct pending {
	struct change *c;
	size_t n, alloc;
	int overflow;
	struct dues_note *d;
	size_t nr_d, alloc_d;
	long long *track;      /* persons whose track was written */
	size_t nr_track, alloc_track;
	size_t track_rows;     /* rows of steps and standing records written */
};

static struct ops_observer observer;
static int have_observer;
static _Thread_local struct pending pending;

void ops_set_observer(const struct ops_observer *o)
{
	if (o) {
		observer = *o;
		have_observer = 1;
	} else {
		have_observer = 0;
		memset(&observer, 0, sizeof(observer));
	}
}

static struct change *next_change(void)
{
	if (pending.overflow)
		return NULL;
	if (pending.n == OPS_NOTE_MAX) {
		pending.overflow = 1;
		free(pending.c);
		pending.c = NULL;
		pending.n = pending.alloc = 0;
		return NULL;
	}
	ALLOC_GROW(pending.c, pending.n + 1, pending.alloc);
	return &pending.c[pending.n++];
}

void ops_note_person(const struct person *before, const struct person *after)
{
	struct change *c;

	if (!have_observer || !(c = next_change()))
		return;
	c->is_org = 0;
	c->has_before = before != NULL;
	c->has_after = after != NULL;
	if (before)
		c->u.p.before = *before;
	if (after)
		c->u.p.after = *after;
}

void ops_note_org(const struct org *before, const struct org *after)
{
	struct change *c;

	if (!have_observer || !(c = next_change()))
		return;
	c->is_org = 1;
	c->has_before = before != NULL;
	c->has_after = after != NULL;
	if (before)
		c->u.o.before = *before;
	if (after)
		c->u.o.after = *after;
}

void ops_note_dues(long long org_id, size_t rows)
{
	if (!have_observer)
		return;
	for (size_t i = 0; i < pending.nr_d; i++)
		if (pending.d[i].org_id == org_id) {
			pending.d[i].rows += rows;
			return;
		}
	ALLOC_GROW(pending.d, pending.nr_d + 1, pending.alloc_d);
	pending.d[pending.nr_d].org_id = org_id;
	pending.d[pending.nr_d++].rows = rows;
}

void ops_note_track(long long person_id)
{
	if (!have_observer || pending.overflow)
		return;
	pending.track_rows++;
	for (size_t i = 0; i < pending.nr_track; i++)
		if (pending.track[i] == person_id)
			return;
	if (pending.nr_track == OPS_NOTE_MAX) {
		pending.overflow = 1;
		return;
	}
	ALLOC_GROW(pending.track, pending.nr_track + 1, pending.alloc_track);
	pending.track[pending.nr_track++] = person_id;
}

void ops_tx_end(int committed, int bulk)
{
	const struct ops_observer *o = &observer;

	if (!have_observer)
		return;
	if (committed) {
		if (bulk || pending.overflow) {
			if (o->bulk_changed)
				o->bulk_changed(o->ctx);
		} else {
			if (o->begin)
				o->begin(o->ctx, pending.n + pending.track_rows);
			for (size_t i = 0; i < pending.n; i++) {
				const struct change *c = &pending.c[i];
				if (c->is_org && o->org_changed)
					o->org_changed(o->ctx,
						       c->has_before ? &c->u.o.before : NULL,
						       c->has_after ? &c->u.o.after : NULL);
				else if (!c->is_org && o->person_changed)
					o->person_changed(o->ctx,
							  c->has_before ? &c->u.p.before : NULL,
							  c->has_after ? &c->u.p.after : NULL);
			}
			for (size_t i = 0; i < pending.nr_d; i++)
				if (o->dues_changed)
					o->dues_changed(o->ctx, pending.d[i].org_id,
							pending.d[i].rows);
			for (size_t i = 0; i < pending.nr_track && o->track_changed; i++)
				o->track_changed(o->ctx, pending.track[i]);
			if (o->end)
				o->end(o->ctx);
		}
	}
	free(pending.c);
	free(pending.d);
	free(pending.track);
	memset(&pending, 0, sizeof(pending));
}
