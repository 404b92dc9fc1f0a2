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
 * Written to PATH.tmp, fsynced, renamed over PATH, directory fsynced. Loading
 * reads each column straight into the engine's array and hashes it while it
 * is in cache; the organizations go into the arrays directly, their strings
 * into one block. Not a backup of the database: it can always be rebuilt
 * from the store.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sys/stat.h>
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

/* Reads n bytes into buf and hashes them, a piece at a time (the piece
 * is still in cache when hashed). 0 or -1 on a short read or error. */
static int read_hashed(int fd, void *buf, size_t n, struct hasher *hs)
{
	unsigned char *p = buf;

	while (n) {
		size_t want = n < (1u << 20) ? n : (1u << 20);
		ssize_t got = read(fd, p, want);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		hash_bytes(hs, p, (size_t)got);
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

/*
 * The organization table: straight into the engine's arrays, the strings
 * into one block. Then the maps and the numbering, which must give back
 * the saved order (a preorder).
 */
static int load_orgs(struct stats_engine *e, const unsigned char *buf,
		     size_t size, size_t nr, const char *path, struct error *err)
{
	struct stats_orgs *o = &e->o;
	struct reader r = { buf, buf + size, 0 };
	size_t used = 0;
	int rc;

	stats_orgs_reserve(o, nr);
	/* the strings are shorter than the table */
	o->arena = xmalloc(size + 1);
	o->arena_size = size + 1;
	for (size_t i = 0; i < nr && !r.bad; i++) {
		uint8_t b[4];
		int32_t est, dis;
		uint16_t cl, nl;
		get(&r, &o->id[i], 8);
		get(&r, &o->parent_id[i], 8);
		get(&r, b, 4);
		get(&r, &est, 4);
		get(&r, &dis, 4);
		get(&r, &cl, 2);
		get(&r, &nl, 2);
		if (r.bad || cl >= ORG_CODE_SIZE || nl >= ORG_NAME_SIZE ||
		    (size_t)(r.end - r.p) < (size_t)cl + nl ||
		    used + cl + nl + 2 > o->arena_size) {
			r.bad = 1;
			break;
		}
		o->code[i] = o->arena + used;
		memcpy(o->code[i], r.p, cl);
		o->code[i][cl] = '\0';
		used += cl + 1u;
		o->name[i] = o->arena + used;
		memcpy(o->name[i], r.p + cl, nl);
		o->name[i][nl] = '\0';
		used += nl + 1u;
		r.p += cl + nl;
		o->kind[i] = b[0];
		o->sector[i] = (uint8_t)(b[1] < 10 ? b[1] : 0);
		o->level[i] = (uint8_t)(b[2] < 8 ? b[2] : 0);
		o->removed[i] = 0;
		o->established[i] = est;
		o->dissolved[i] = dis;
		o->parent[i] = -1;
		o->pre[i] = -1;
		o->pre_end[i] = -1;
		if (o->parent_id[i] < 0)
			o->parent_id[i] = 0;
		o->n = i + 1;
	}
	if (r.bad || r.p != r.end)
		return error_set(err, ST_INVALID, "snapshot",
				 "%s: bad organization table", path);
	int32_t dup = stats_orgs_rebuild_maps(o);
	if (dup >= 0)
		return error_set(err, ST_INVALID, "snapshot",
				 "%s: organization %lld or code %s twice",
				 path, o->id[dup], o->code[dup]);
	if ((rc = stats_tree_renumber(e, err)))
		return rc;
	/* the saved order is a preorder with children in saved order */
	for (size_t p = 0; p < o->nr_pre; p++)
		if (o->pre_org[p] != (int32_t)p)
			return error_set(err, ST_INVALID, "snapshot",
					 "%s: organization order is not a preorder", path);
	if (o->nr_pre != nr)
		return error_set(err, ST_INVALID, "snapshot",
				 "%s: bad organization table", path);
	return ST_OK;
}

int stats_engine_load(const char *path, struct stats_engine **out,
		      uint64_t *stamp, struct error *err)
{
	struct stats_engine *e = NULL;
	struct snap_header h;
	struct hasher hs = { 0x6F7267776F726B31ull, 0, 0 };
	unsigned char *head = NULL;
	struct stat sb;
	int rc = ST_OK, fd;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return error_set(err, ST_IO, "snapshot", "cannot read %s: %s",
				 path, strerror(errno));
	if (fstat(fd, &sb) || sb.st_size < (off_t)sizeof(h) ||
	    read(fd, &h, sizeof(h)) != (ssize_t)sizeof(h)) {
		rc = error_set(err, ST_INVALID, "snapshot", "%s: too short", path);
		goto out;
	}
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
	if (h.payload != (uint64_t)sb.st_size - sizeof(h)) {
		rc = error_set(err, ST_INVALID, "snapshot",
			       "%s: size does not match its header (truncated?)", path);
		goto out;
	}
	/* organization table and row counts first, then the columns */
	if (h.orgs > h.payload / 32 || h.rows > h.payload / 26 ||
	    h.orgs * 32 + h.orgs * 8 + h.rows * 26 > h.payload) {
		rc = error_set(err, ST_INVALID, "snapshot", "%s: bad counts", path);
		goto out;
	}
	size_t n = (size_t)h.rows, nr = (size_t)h.orgs;
	size_t head_size = (size_t)(h.payload - h.rows * 26);
	size_t org_size = head_size - nr * 8;
	head = xmalloc(head_size ? head_size : 1);
	e = stats_engine_new();
	struct stats_cols *c = &e->c;
	stats_cols_resize(c, n);
	struct { void *p; size_t w; } col[] = {
		{ c->id, 8 }, { c->birth, 2 }, { c->applied, 2 },
		{ c->activist, 2 }, { c->target, 2 }, { c->admitted, 2 },
		{ c->full, 2 }, { c->exited, 2 }, { c->cls, 1 }, { c->sex, 1 },
		{ c->eth, 1 }, { c->edu, 1 },
	};
	int bad = read_hashed(fd, head, head_size, &hs);
	for (size_t k = 0; k < sizeof(col) / sizeof(col[0]) && !bad; k++)
		bad = read_hashed(fd, col[k].p, n * col[k].w, &hs);
	if (bad) {
		rc = error_set(err, ST_INVALID, "snapshot", "%s: short read (truncated?)", path);
		goto out;
	}
	if (hash_final(&hs) != h.checksum) {
		rc = error_set(err, ST_INVALID, "snapshot",
			       "%s: checksum mismatch (corrupted)", path);
		goto out;
	}
	if ((rc = load_orgs(e, head, org_size, nr, path, err)))
		goto out;
	uint64_t sum = 0;
	const unsigned char *cp = head + org_size;
	for (size_t p = 0; p < nr; p++) {
		uint64_t cnt;
		memcpy(&cnt, cp + p * 8, 8);
		e->o.row_start[p] = (size_t)sum;
		sum += cnt;
		if (sum > h.rows)
			break;
	}
	e->o.row_start[nr] = (size_t)sum;
	if (sum != h.rows) {
		rc = error_set(err, ST_INVALID, "snapshot", "%s: bad row table", path);
		goto out;
	}
	/* branch-free check of every row; the first bad one named after */
	unsigned any = 0;
	for (size_t i = 0; i < n; i++)
		any |= (unsigned)(c->sex[i] > 9) | (unsigned)(c->eth[i] > 99) |
		       (unsigned)(c->edu[i] > 99) |
		       (unsigned)(((c->cls[i] >> CLS_EXIT_SHIFT) == 0) !=
				  (c->exited[i] == D16_NONE));
	if (any)
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
	close(fd);
	free(head);
	if (rc) {
		stats_engine_free(e);
		return rc;
	}
	*out = e;
	return ST_OK;
}
