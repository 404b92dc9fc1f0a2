/*
 * snapshot.c - the statistics engine on disk: save after a compaction, load
 * at start instead of reading the whole database.
 *
 * File layout (native byte order, checked by a marker):
 *   header (64 bytes): magic "OWSTATS\0", u32 version, u32 byte-order
 *   marker 0x01020304, u64 stamp, u64 organizations, u64 rows,
 *   u64 payload bytes, u64 checksum of the payload.
 *   payload: per organization in preorder: i64 id, i64 parent id, u8 kind,
 *   u8 sector, u8 level, u8 0, i32 established, i32 dissolved, u16 code
 *   length, u16 name length, code bytes, name bytes; then u64 row count per
 *   organization (preorder); then the columns id (i64), birth, applied,
 *   activist, target, admitted, full, exited (u16), cls, sex, ethnicity,
 *   education (u8).
 * Written to PATH.tmp, fsynced, renamed over PATH, directory fsynced. Not a
 * backup of the database: it can always be rebuilt from the store.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "stats/stats-internal.h"

#define SNAP_MAGIC "OWSTATS"
#define SNAP_VERSION 1u
#define SNAP_BOM 0x01020304u
#define HEADER_SIZE 64

struct snap_header {
	char magic[8];
	uint32_t version, bom;
	uint64_t stamp, orgs, rows, payload, checksum;
	uint64_t reserved[2];
};

struct hasher {
	uint64_t h, tail;
	unsigned ntail;
};

static void hash_word(struct hasher *x, uint64_t w)
{
	x->h ^= w;
	x->h *= 0x9E3779B97F4A7C15ull;
	x->h ^= x->h >> 29;
}

static void hash_bytes(struct hasher *x, const void *data, size_t n)
{
	const unsigned char *p = data;

	while (n && x->ntail) {
		x->tail |= (uint64_t)*p++ << (8 * x->ntail);
		n--;
		if (++x->ntail == 8) {
			hash_word(x, x->tail);
			x->tail = 0;
			x->ntail = 0;
		}
	}
	for (; n >= 8; n -= 8, p += 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		hash_word(x, w);
	}
	while (n--) {
		x->tail |= (uint64_t)*p++ << (8 * x->ntail);
		x->ntail++;
	}
}

static uint64_t hash_final(struct hasher *x)
{
	if (x->ntail)
		hash_word(x, x->tail ^ ((uint64_t)x->ntail << 56));
	return x->h;
}

struct writer {
	FILE *f;
	struct hasher hs;
	uint64_t bytes;
	int failed;
};

static void put(struct writer *w, const void *data, size_t n)
{
	if (w->failed || !n)
		return;
	if (fwrite(data, 1, n, w->f) != n)
		w->failed = 1;
	hash_bytes(&w->hs, data, n);
	w->bytes += n;
}

int stats_engine_save(struct stats_engine *e, const char *path,
		      uint64_t stamp, struct error *err)
{
	struct strbuf tmp = STRBUF_INIT;
	struct writer w = { 0 };
	struct snap_header h;
	int rc = ST_OK, fd;

	strbuf_addf(&tmp, "%s.tmp", path);
	pthread_rwlock_wrlock(&e->lock);
	if (e->bulk) {
		rc = error_set(err, ST_BUSY, NULL, "statistics are being loaded");
		goto out;
	}
	stats_engine_compact(e);
	const struct stats_orgs *o = &e->o;
	const struct stats_cols *c = &e->c;
	w.hs.h = 0x6F7267776F726B31ull;
	if (!(w.f = fopen(tmp.buf, "wb"))) {
		rc = error_set(err, ST_IO, "out", "cannot create %s: %s", tmp.buf,
			       strerror(errno));
		goto out;
	}
	memset(&h, 0, sizeof(h));
	if (fwrite(&h, sizeof(h), 1, w.f) != 1)
		w.failed = 1;
	for (size_t p = 0; p < o->nr_pre; p++) {
		int32_t i = o->pre_org[p];
		uint8_t b[4] = { o->kind[i], o->sector[i], o->level[i], 0 };
		uint16_t cl = (uint16_t)strlen(o->code[i]);
		uint16_t nl = (uint16_t)strlen(o->name[i]);
		put(&w, &o->id[i], 8);
		put(&w, &o->parent_id[i], 8);
		put(&w, b, 4);
		put(&w, &o->established[i], 4);
		put(&w, &o->dissolved[i], 4);
		put(&w, &cl, 2);
		put(&w, &nl, 2);
		put(&w, o->code[i], cl);
		put(&w, o->name[i], nl);
	}
	for (size_t p = 0; p < o->nr_pre; p++) {
		uint64_t n = o->row_start[p + 1] - o->row_start[p];
		put(&w, &n, 8);
	}
	size_t n = c->n;
	put(&w, c->id, n * 8);
	put(&w, c->birth, n * 2);
	put(&w, c->applied, n * 2);
	put(&w, c->activist, n * 2);
	put(&w, c->target, n * 2);
	put(&w, c->admitted, n * 2);
	put(&w, c->full, n * 2);
	put(&w, c->exited, n * 2);
	put(&w, c->cls, n);
	put(&w, c->sex, n);
	put(&w, c->eth, n);
	put(&w, c->edu, n);
	memcpy(h.magic, SNAP_MAGIC, 8);
	h.version = SNAP_VERSION;
	h.bom = SNAP_BOM;
	h.stamp = stamp;
	h.orgs = o->nr_pre;
	h.rows = n;
	h.payload = w.bytes;
	h.checksum = hash_final(&w.hs);
	if (!w.failed && (fseek(w.f, 0, SEEK_SET) ||
			  fwrite(&h, sizeof(h), 1, w.f) != 1))
		w.failed = 1;
	if (!w.failed && (fflush(w.f) || fsync(fileno(w.f))))
		w.failed = 1;
	if (fclose(w.f))
		w.failed = 1;
	if (w.failed) {
		rc = error_set(err, ST_IO, "out", "writing %s: %s", tmp.buf,
			       strerror(errno));
		unlink(tmp.buf);
		goto out;
	}
	if (rename(tmp.buf, path)) {
		rc = error_set(err, ST_IO, "out", "renaming %s: %s", tmp.buf,
			       strerror(errno));
		unlink(tmp.buf);
		goto out;
	}
	char *dcopy = xstrdup(path);
	if ((fd = open(dirname(dcopy), O_RDONLY | O_DIRECTORY)) >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dcopy);
out:
	pthread_rwlock_unlock(&e->lock);
	strbuf_release(&tmp);
	return rc;
}

struct reader {
	const unsigned char *p, *end;
	int bad;
};

static void get(struct reader *r, void *out, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		memset(out, 0, n);
		return;
	}
	memcpy(out, r->p, n);
	r->p += n;
}

int stats_engine_load(const char *path, struct stats_engine **out,
		      uint64_t *stamp, struct error *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct stats_engine *e = NULL;
	struct snap_header h;
	struct reader r;
	struct hasher hs = { 0x6F7267776F726B31ull, 0, 0 };
	uint64_t *counts = NULL;
	int rc;

	*out = NULL;
	if ((rc = strbuf_read_file(&sb, path))) {
		rc = error_set(err, rc, "snapshot", "cannot read %s: %s", path,
			       strerror(errno));
		goto out;
	}
	if (sb.len < sizeof(h)) {
		rc = error_set(err, ST_INVALID, "snapshot", "%s: too short", path);
		goto out;
	}
	memcpy(&h, sb.buf, sizeof(h));
	if (memcmp(h.magic, SNAP_MAGIC, 8) || h.bom != SNAP_BOM) {
		rc = error_set(err, ST_INVALID, "snapshot",
			       "%s is not a statistics snapshot of this machine", path);
		goto out;
	}
	if (h.version != SNAP_VERSION) {
		rc = error_set(err, ST_INVALID, "snapshot",
			       "%s has snapshot version %u, this orgwork reads %u",
			       path, h.version, SNAP_VERSION);
		goto out;
	}
	if (h.payload != sb.len - sizeof(h)) {
		rc = error_set(err, ST_INVALID, "snapshot",
			       "%s: size does not match its header (truncated?)", path);
		goto out;
	}
	hash_bytes(&hs, sb.buf + sizeof(h), h.payload);
	if (hash_final(&hs) != h.checksum) {
		rc = error_set(err, ST_INVALID, "snapshot",
			       "%s: checksum mismatch (corrupted)", path);
		goto out;
	}
	r.p = (const unsigned char *)sb.buf + sizeof(h);
	r.end = (const unsigned char *)sb.buf + sb.len;
	r.bad = 0;
	if (h.orgs > h.payload / 32 || h.rows > h.payload / 26) {
		rc = error_set(err, ST_INVALID, "snapshot", "%s: bad counts", path);
		goto out;
	}
	e = stats_engine_new();
	stats_engine_begin_bulk(e);
	for (uint64_t i = 0; i < h.orgs && !r.bad; i++) {
		struct org o;
		uint8_t b[4];
		int32_t est, dis;
		uint16_t cl, nl;
		memset(&o, 0, sizeof(o));
		get(&r, &o.id, 8);
		get(&r, &o.parent_id, 8);
		get(&r, b, 4);
		get(&r, &est, 4);
		get(&r, &dis, 4);
		get(&r, &cl, 2);
		get(&r, &nl, 2);
		if (cl >= sizeof(o.code) || nl >= sizeof(o.name)) {
			r.bad = 1;
			break;
		}
		get(&r, o.code, cl);
		get(&r, o.name, nl);
		o.kind = b[0];
		o.sector = b[1];
		o.level = b[2];
		o.established = est == INT32_MIN ? DATE_NONE : est;
		o.dissolved = dis == INT32_MAX ? DATE_NONE : dis;
		if (!r.bad && (rc = stats_engine_apply_org(e, NULL, &o, err)))
			goto out;
	}
	if (r.bad) {
		rc = error_set(err, ST_INVALID, "snapshot", "%s: bad organization table", path);
		goto out;
	}
	if ((rc = stats_engine_end_bulk(e, err)))
		goto out;
	/* the saved order is a preorder with children in saved order */
	for (size_t p = 0; p < e->o.nr_pre; p++)
		if (e->o.pre_org[p] != (int32_t)p) {
			rc = error_set(err, ST_INVALID, "snapshot",
				       "%s: organization order is not a preorder", path);
			goto out;
		}
	counts = xmalloc((h.orgs + 1) * 8);
	get(&r, counts, h.orgs * 8);
	uint64_t sum = 0;
	for (uint64_t p = 0; p < h.orgs; p++) {
		e->o.row_start[p] = sum;
		sum += counts[p];
	}
	e->o.row_start[h.orgs] = sum;
	size_t n = h.rows;
	if (sum != h.rows || (size_t)(r.end - r.p) != n * 26 || r.bad) {
		rc = error_set(err, ST_INVALID, "snapshot", "%s: bad row table", path);
		goto out;
	}
	struct stats_cols *c = &e->c;
	stats_cols_resize(c, n);
	get(&r, c->id, n * 8);
	get(&r, c->birth, n * 2);
	get(&r, c->applied, n * 2);
	get(&r, c->activist, n * 2);
	get(&r, c->target, n * 2);
	get(&r, c->admitted, n * 2);
	get(&r, c->full, n * 2);
	get(&r, c->exited, n * 2);
	get(&r, c->cls, n);
	get(&r, c->sex, n);
	get(&r, c->eth, n);
	get(&r, c->edu, n);
	for (size_t i = 0; i < n; i++)
		if (c->sex[i] > 9 || c->eth[i] > 99 || c->edu[i] > 99 ||
		    ((c->cls[i] >> CLS_EXIT_SHIFT) == 0) != (c->exited[i] == D16_NONE)) {
			rc = error_set(err, ST_INVALID, "snapshot",
				       "%s: bad row %zu", path, i);
			goto out;
		}
	if (stamp)
		*stamp = h.stamp;
out:
	free(counts);
	strbuf_release(&sb);
	if (rc) {
		stats_engine_free(e);
		return rc;
	}
	*out = e;
	return ST_OK;
}
