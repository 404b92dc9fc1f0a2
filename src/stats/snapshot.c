/*
 * snapshot.c - the statistics engine on disk: save after a compaction, load
 * at start instead of reading the whole database.
 *
 * File layout (version 4, native byte order, checked by a marker):
 *   header (64 bytes): magic "OWSTATS\0", u32 version, u32 byte-order
 *   marker 0x01020304, u64 stamp, u64 organizations, u64 rows, u64 payload
 *   bytes (file size - 64), u64 checksum of the payload, u64 bytes of the
 *   organization table.
 *   at 64: per organization in preorder: i64 id, i64 parent id, u8 kind,
 *   u8 sector, u8 level, u8 0, i32 established, i32 dissolved, u16 code
 *   length, u16 name length, code bytes, NUL, name bytes, NUL;
 *   then, each part starting on a 4096-byte boundary (zero padding): u64 row
 *   count per organization (preorder); the columns id (i64), birth,
 *   applied, activist, target, admitted, full, exited (u16), cls, sex,
 *   ethnicity, education (u8); then (version 3) the track entries
 *   (stats-internal.h struct stats_track): u64 count, then per entry i64
 *   person id, i32 preorder number of its organization (-1 outside the
 *   engine), u8 status, application step, extension months, talk_ok, u16
 *   applied, activist, target, admitted, full, exited, talk, vote,
 *   approval, lost from, lost to, extension end (40 bytes); then (version
 *   4), on the next 4096-byte boundary, the dues (stats-internal.h struct
 *   stats_dues): u64 1 when held (0: none, or of no known stamp), u64 the
 *   dues stamp they reflect, i32 the last month held, u32 organizations
 *   with cells; per such organization i32 preorder number, i32 first
 *   month, i32 months (to the last month held), i32 0, the months' cells
 *   (7 x i64 each) and their arrears runs (u64 bits, i32 longest, i32 0);
 *   the file ends on a 4096-byte boundary.
 *   Checksum: the payload is cut into 64 MiB chunks, each hashed in four
 *   interleaved 64-bit lanes; the checksum hashes the chunk hashes.
 * Written to PATH.tmp, fsynced, renamed over PATH, directory fsynced; the
 * file is never changed in place, which is what lets a loaded engine keep
 * using it.
 *
 * Loading maps the file privately (read-write, copy on write): the columns
 * and the organization strings are used where they lie, nothing is copied
 * or zeroed; the pages come from the page cache as the checksum touches
 * them. The checksum and the row checks run on all cores while the first
 * thread builds the organization arrays, maps and numbering. A write to a
 * mapped column copies that page only; a compaction moves the columns to
 * memory of their own and unmaps the file's column part. Not a backup of
 * the database: it can always be rebuilt from the store.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "stats/stats-internal.h"

#define SNAP_MAGIC "OWSTATS"
#define SNAP_VERSION 4u
#define DUES_HEAD 24      /* the dues part's header */
#define DUES_MAX_MONTHS 2400
_Static_assert(sizeof(struct stats_dues_cell) == 56, "a dues cell is 7 x i64 on disk");
#define TRACK_BYTES 40
#define SNAP_BOM 0x01020304u
#define HEADER_SIZE 64
#define SNAP_ALIGN 4096u
#define CHUNK ((size_t)64 << 20)     /* bytes hashed as one piece */
#define ROW_RANGE ((size_t)1 << 22)  /* rows checked as one piece */
#define MAX_THREADS 4
#define NR_COLS 12

struct snap_header {
	char magic[8];
	uint32_t version, bom;
	uint64_t stamp, orgs, rows, payload, checksum, org_bytes;
};

_Static_assert(sizeof(struct snap_header) == HEADER_SIZE, "header size");

static const size_t col_width[NR_COLS] = { 8, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1 };

static void **col_ptrs(struct stats_cols *c, void *p[NR_COLS])
{
	p[0] = c->id; p[1] = c->birth; p[2] = c->applied; p[3] = c->activist;
	p[4] = c->target; p[5] = c->admitted; p[6] = c->full; p[7] = c->exited;
	p[8] = c->cls; p[9] = c->sex; p[10] = c->eth; p[11] = c->edu;
	return p;
}

static size_t align_up(size_t x)
{
	return (x + SNAP_ALIGN - 1) & ~(size_t)(SNAP_ALIGN - 1);
}

/*
 * Where the parts lie for a file of nr organizations, n rows and an
 * organization table of org_bytes: off[0] the row counts, off[1 + k]
 * column k, off[NR_COLS + 1] the end of the file.
 */
static void layout(size_t nr, size_t n, size_t org_bytes,
		   size_t off[NR_COLS + 2])
{
	off[0] = align_up(HEADER_SIZE + org_bytes);
	off[1] = align_up(off[0] + nr * 8);
	for (int k = 0; k < NR_COLS; k++)
		off[k + 2] = align_up(off[k + 1] + n * col_width[k]);
}

/* ---- checksum and row checks, on all cores ----------------------------- */

static inline uint64_t mix(uint64_t h, uint64_t w)
{
	h ^= w;
	h *= 0x9E3779B97F4A7C15ull;
	return h ^ (h >> 29);
}

/* n is a multiple of 32 (every part ends on a 4096-byte boundary). */
static uint64_t hash_chunk(const unsigned char *p, size_t n)
{
	uint64_t a = 0x6F7267776F726B32ull, b = a ^ 1, c = a ^ 2, d = a ^ 3;
	size_t len = n;

	for (; n >= 32; n -= 32, p += 32) {
		uint64_t w[4];
		memcpy(w, p, 32);
		a = mix(a, w[0]);
		b = mix(b, w[1]);
		c = mix(c, w[2]);
		d = mix(d, w[3]);
	}
	return mix(mix(mix(mix(a, b), c), d), len);
}

/* 1 when a row in lo .. hi-1 has a value no valid row has. */
static int rows_bad(const struct stats_cols *c, size_t lo, size_t hi)
{
	unsigned any = 0;

	for (size_t i = lo; i < hi; i++)
		any |= (unsigned)(c->sex[i] > 9) | (unsigned)(c->eth[i] > 99) |
		       (unsigned)(c->edu[i] > 99) |
		       (unsigned)(((c->cls[i] >> CLS_EXIT_SHIFT) == 0) !=
				  (c->exited[i] == D16_NONE));
	return any != 0;
}

struct job {
	const unsigned char *payload;
	size_t size, nr_chunks;
	uint64_t *chunk_hash;
	const struct stats_cols *c;  /* rows to check, or NULL */
	size_t nr_ranges;
	atomic_size_t next;
	atomic_int bad_rows;
};

static void *job_run(void *arg)
{
	struct job *j = arg;
	size_t k;

	while ((k = atomic_fetch_add(&j->next, 1)) < j->nr_chunks + j->nr_ranges) {
		if (k < j->nr_chunks) {
			size_t at = k * CHUNK;
			size_t len = j->size - at < CHUNK ? j->size - at : CHUNK;
			j->chunk_hash[k] = hash_chunk(j->payload + at, len);
		} else {
			size_t lo = (k - j->nr_chunks) * ROW_RANGE;
			size_t hi = lo + ROW_RANGE < j->c->n ? lo + ROW_RANGE : j->c->n;
			if (rows_bad(j->c, lo, hi))
				atomic_store(&j->bad_rows, 1);
		}
	}
	return NULL;
}

struct pool {
	pthread_t t[MAX_THREADS];
	int nr;
};

static void job_init(struct job *j, const unsigned char *payload, size_t size,
		     const struct stats_cols *c)
{
	memset(j, 0, sizeof(*j));
	j->payload = payload;
	j->size = size;
	j->nr_chunks = (size + CHUNK - 1) / CHUNK;
	j->chunk_hash = xcalloc(j->nr_chunks ? j->nr_chunks : 1, sizeof(uint64_t));
	j->c = c;
	j->nr_ranges = c ? (c->n + ROW_RANGE - 1) / ROW_RANGE : 0;
	atomic_init(&j->next, 0);
	atomic_init(&j->bad_rows, 0);
}

/* Starts helpers on the job (the calling thread joins in with job_finish). */
static void job_start(struct job *j, struct pool *pl)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int want = (int)(cores < 1 ? 1 : cores > MAX_THREADS ? MAX_THREADS : cores) - 1;

	pl->nr = 0;
	for (int i = 0; i < want; i++)
		if (pthread_create(&pl->t[pl->nr], NULL, job_run, j) == 0)
			pl->nr++;
}

/* Works on the job until it is done, then returns the checksum. */
static uint64_t job_finish(struct job *j, struct pool *pl)
{
	uint64_t h = 0x6F7267776F726B31ull;

	job_run(j);
	for (int i = 0; i < pl->nr; i++)
		pthread_join(pl->t[i], NULL);
	for (size_t k = 0; k < j->nr_chunks; k++)
		h = mix(h, j->chunk_hash[k]);
	h = mix(h, j->size);
	free(j->chunk_hash);
	j->chunk_hash = NULL;
	return h;
}

/* ---- save ------------------------------------------------------------- */

struct writer {
	FILE *f;
	size_t bytes;
	int failed;
};

static void put(struct writer *w, const void *data, size_t n)
{
	if (w->failed || !n)
		return;
	if (fwrite(data, 1, n, w->f) != n)
		w->failed = 1;
	w->bytes += n;
}

static void pad_to(struct writer *w, size_t at)
{
	static const unsigned char zero[SNAP_ALIGN];

	while (!w->failed && w->bytes < at)
		put(w, zero, at - w->bytes < sizeof(zero) ? at - w->bytes : sizeof(zero));
}

/* Checksum of the payload of the file just written (mapped, all cores). */
static int file_checksum(int fd, size_t size, uint64_t *out)
{
	struct job j;
	struct pool pl;
	unsigned char *m = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);

	if (m == MAP_FAILED)
		return -1;
	job_init(&j, m + HEADER_SIZE, size - HEADER_SIZE, NULL);
	job_start(&j, &pl);
	*out = job_finish(&j, &pl);
	munmap(m, size);
	return 0;
}

int stats_engine_save(struct stats_engine *e, const char *path,
		      uint64_t stamp, struct error *err)
{
	struct strbuf tmp = STRBUF_INIT;
	struct writer w = { 0 };
	struct snap_header h;
	size_t off[NR_COLS + 2];
	void *cp[NR_COLS];
	int rc = ST_OK, fd;

	strbuf_addf(&tmp, "%s.tmp", path);
	pthread_rwlock_wrlock(&e->lock);
	if (e->bulk) {
		rc = error_set(err, ST_BUSY, NULL, "statistics are being loaded");
		goto out;
	}
	stats_engine_compact(e);
	const struct stats_orgs *o = &e->o;
	struct stats_cols *c = &e->c;
	if (!(w.f = fopen(tmp.buf, "w+b"))) {
		rc = error_set(err, ST_IO, "out", "cannot create %s: %s", tmp.buf,
			       strerror(errno));
		goto out;
	}
	memset(&h, 0, sizeof(h));
	put(&w, &h, sizeof(h));
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
		put(&w, o->code[i], cl + 1u);
		put(&w, o->name[i], nl + 1u);
	}
	size_t org_bytes = w.bytes - HEADER_SIZE, n = c->n;
	layout(o->nr_pre, n, org_bytes, off);
	pad_to(&w, off[0]);
	for (size_t p = 0; p < o->nr_pre; p++) {
		uint64_t cnt = o->row_start[p + 1] - o->row_start[p];
		put(&w, &cnt, 8);
	}
	col_ptrs(c, cp);
	for (int k = 0; k < NR_COLS; k++) {
		pad_to(&w, off[k + 1]);
		put(&w, cp[k], n * col_width[k]);
	}
	pad_to(&w, off[NR_COLS + 1]);
	{
		uint64_t nt = e->tr.n;
		put(&w, &nt, 8);
		for (size_t k = 0; k < e->tr.n; k++) {
			const struct stats_track *t = &e->tr.t[k];
			int32_t pre = t->org >= 0 ? o->pre[t->org] : -1;
			uint8_t b[4] = { t->status, t->app_step, t->ext_months, t->talk_ok };
			uint16_t v[12] = { t->applied, t->activist, t->target, t->admitted,
					   t->full, t->exited, t->talk, t->vote, t->approval,
					   t->lost_from, t->lost_to, t->ext_end };
			put(&w, &t->id, 8);
			put(&w, &pre, 4);
			put(&w, b, 4);
			put(&w, v, 24);
		}
		pad_to(&w, align_up(off[NR_COLS + 1] + 8 + e->tr.n * TRACK_BYTES));
	}
	{
		const struct stats_dues *d = e->dues;
		uint64_t held = d && d->stamp_known, ds = held ? d->stamp : 0;
		int32_t hz = held ? d->horizon : 0;
		uint32_t k = 0;
		for (size_t p = 0; held && p < o->nr_pre; p++) {
			int32_t i = o->pre_org[p];
			k += (size_t)i < d->n && d->org[i].cell;
		}
		put(&w, &held, 8);
		put(&w, &ds, 8);
		put(&w, &hz, 4);
		put(&w, &k, 4);
		for (size_t p = 0; held && p < o->nr_pre; p++) {
			int32_t i = o->pre_org[p];
			if ((size_t)i >= d->n || !d->org[i].cell)
				continue;
			const struct dues_org_cells *c2 = &d->org[i];
			int32_t hd[4] = { (int32_t)p, c2->first, c2->n, 0 };
			put(&w, hd, 16);
			put(&w, c2->cell, (size_t)c2->n * sizeof(*c2->cell));
			for (int m2 = 0; m2 < c2->n; m2++) {
				int32_t mx[2] = { c2->run[m2].max, 0 };
				put(&w, &c2->run[m2].bits, 8);
				put(&w, mx, 8);
			}
		}
		pad_to(&w, align_up(w.bytes));
	}
	if (!w.failed && fflush(w.f))
		w.failed = 1;
	memcpy(h.magic, SNAP_MAGIC, 8);
	h.version = SNAP_VERSION;
	h.bom = SNAP_BOM;
	h.stamp = stamp;
	h.orgs = o->nr_pre;
	h.rows = n;
	h.payload = w.bytes - HEADER_SIZE;
	h.org_bytes = org_bytes;
	if (!w.failed && (file_checksum(fileno(w.f), w.bytes, &h.checksum) ||
			  pwrite(fileno(w.f), &h, sizeof(h), 0) != (ssize_t)sizeof(h) ||
			  fsync(fileno(w.f))))
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

/* ---- load ------------------------------------------------------------- */

/*
 * The organization table: into the engine's arrays, the strings left where
 * they lie in the mapping. Then the maps and the numbering, which must give
 * back the saved order (a preorder).
 */
static int load_orgs(struct stats_engine *e, unsigned char *buf,
		     size_t size, size_t nr, const char *path, struct error *err)
{
	struct stats_orgs *o = &e->o;
	unsigned char *p = buf, *end = buf + size;
	int rc, bad = 0;

	stats_orgs_reserve(o, nr);
	o->arena = (char *)buf;
	o->arena_size = size;
	o->arena_borrowed = 1;
	for (size_t i = 0; i < nr; i++) {
		int32_t est, dis;
		uint16_t cl, nl;
		if ((size_t)(end - p) < 32) {
			bad = 1;
			break;
		}
		memcpy(&o->id[i], p, 8);
		memcpy(&o->parent_id[i], p + 8, 8);
		memcpy(&est, p + 20, 4);
		memcpy(&dis, p + 24, 4);
		memcpy(&cl, p + 28, 2);
		memcpy(&nl, p + 30, 2);
		o->kind[i] = p[16];
		o->sector[i] = (uint8_t)(p[17] < 10 ? p[17] : 0);
		o->level[i] = (uint8_t)(p[18] < 8 ? p[18] : 0);
		p += 32;
		if (cl >= ORG_CODE_SIZE || nl >= ORG_NAME_SIZE ||
		    (size_t)(end - p) < (size_t)cl + nl + 2 || p[cl] ||
		    p[cl + 1 + nl]) {
			bad = 1;
			break;
		}
		o->code[i] = (char *)p;
		o->name[i] = (char *)p + cl + 1;
		p += cl + nl + 2;
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
	if (bad || p != end)
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
	for (size_t q = 0; q < o->nr_pre; q++)
		if (o->pre_org[q] != (int32_t)q)
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
	struct stat sb;
	struct job j;
	struct pool pl;
	size_t off[NR_COLS + 2];
	int rc = ST_OK, fd;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return error_set(err, ST_IO, "snapshot", "cannot read %s: %s",
				 path, strerror(errno));
	if (fstat(fd, &sb) || sb.st_size < (off_t)sizeof(h) ||
	    pread(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h)) {
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
	size_t size = (size_t)sb.st_size;
	if (h.payload != size - HEADER_SIZE) {
		rc = error_set(err, ST_INVALID, "snapshot",
			       "%s: size does not match its header (truncated?)", path);
		goto out;
	}
	if (h.orgs > size / 32 || h.rows > size / 18 || h.org_bytes > size) {
		rc = error_set(err, ST_INVALID, "snapshot", "%s: bad counts", path);
		goto out;
	}
	size_t n = (size_t)h.rows, nr = (size_t)h.orgs;
	layout(nr, n, (size_t)h.org_bytes, off);
	uint64_t nt = 0;
	if (off[NR_COLS + 1] > size - 8 ||
	    pread(fd, &nt, 8, (off_t)off[NR_COLS + 1]) != 8 ||
	    nt > (size - off[NR_COLS + 1]) / TRACK_BYTES ||
	    align_up(off[NR_COLS + 1] + 8 + (size_t)nt * TRACK_BYTES) > size - DUES_HEAD) {
		rc = error_set(err, ST_INVALID, "snapshot",
			       "%s: parts do not add up to the file (truncated?)", path);
		goto out;
	}
	unsigned char *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED) {
		rc = error_set(err, ST_IO, "snapshot", "cannot map %s: %s", path,
			       strerror(errno));
		goto out;
	}
	e = stats_engine_new();
	e->map = m;
	e->map_size = size;
	e->map_cols = off[1];
	struct stats_cols *c = &e->c;
	stats_cols_free(c);
	c->n = c->alloc = n;
	c->mapped = 1;
	c->id = (long long *)(m + off[1]);
	c->birth = (uint16_t *)(m + off[2]);
	c->applied = (uint16_t *)(m + off[3]);
	c->activist = (uint16_t *)(m + off[4]);
	c->target = (uint16_t *)(m + off[5]);
	c->admitted = (uint16_t *)(m + off[6]);
	c->full = (uint16_t *)(m + off[7]);
	c->exited = (uint16_t *)(m + off[8]);
	c->cls = m + off[9];
	c->sex = m + off[10];
	c->eth = m + off[11];
	c->edu = m + off[12];
	/* helpers hash and check while this thread builds the organizations */
	job_init(&j, m + HEADER_SIZE, size - HEADER_SIZE, c);
	job_start(&j, &pl);
	struct error org_err = ERROR_INIT;
	int org_rc = load_orgs(e, m + HEADER_SIZE, (size_t)h.org_bytes, nr,
			       path, &org_err);
	uint64_t sum_hash = job_finish(&j, &pl);
	/* a damaged file says so, whatever part of it the damage hit */
	if (sum_hash != h.checksum) {
		rc = error_set(err, ST_INVALID, "snapshot",
			       "%s: checksum mismatch (corrupted)", path);
		goto out;
	}
	if (org_rc) {
		if (err)
			*err = org_err;
		rc = org_rc;
		goto out;
	}
	uint64_t sum = 0;
	const unsigned char *cp = m + off[0];
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
	if (atomic_load(&j.bad_rows))
		for (size_t i = 0; i < n; i++)
			if (rows_bad(c, i, i + 1)) {
				rc = error_set(err, ST_INVALID, "snapshot",
					       "%s: bad row %zu", path, i);
				goto out;
			}
	/* the track entries (their organizations: the saved preorder, which
	 * is the loaded idx) */
	{
		const unsigned char *tp = m + off[NR_COLS + 1] + 8;
		for (size_t k = 0; k < (size_t)nt; k++, tp += TRACK_BYTES) {
			struct stats_track t;
			int32_t pre;
			uint16_t v[12];
			memset(&t, 0, sizeof(t));
			memcpy(&t.id, tp, 8);
			memcpy(&pre, tp + 8, 4);
			memcpy(v, tp + 16, 24);
			if (pre < -1 || pre >= (int32_t)nr || stats_tracks_find(&e->tr, t.id)) {
				rc = error_set(err, ST_INVALID, "snapshot",
					       "%s: bad track entry %zu", path, k);
				goto out;
			}
			t.org = pre;
			t.status = tp[12];
			t.app_step = tp[13];
			t.ext_months = tp[14];
			t.talk_ok = tp[15];
			t.applied = v[0];
			t.activist = v[1];
			t.target = v[2];
			t.admitted = v[3];
			t.full = v[4];
			t.exited = v[5];
			t.talk = v[6];
			t.vote = v[7];
			t.approval = v[8];
			t.lost_from = v[9];
			t.lost_to = v[10];
			t.ext_end = v[11];
			stats_tracks_add(&e->tr, &t);
		}
		stats_tracks_index(&e->tr, e->o.n);
	}
	/* the dues, when held (their organizations: the saved preorder) */
	{
		const unsigned char *dp = m + align_up(off[NR_COLS + 1] + 8 +
						       (size_t)nt * TRACK_BYTES);
		const unsigned char *dend = m + size;
		uint64_t held, ds;
		int32_t hz;
		uint32_t k;
		memcpy(&held, dp, 8);
		memcpy(&ds, dp + 8, 8);
		memcpy(&hz, dp + 16, 4);
		memcpy(&k, dp + 20, 4);
		dp += DUES_HEAD;
		if (held > 1 || (!held && k) || k > nr ||
		    (held && (hz < 1900 * 12 || hz > 2200 * 12))) {
			rc = error_set(err, ST_INVALID, "snapshot", "%s: bad dues part", path);
			goto out;
		}
		if (held) {
			struct stats_dues *d = xcalloc(1, sizeof(*d));
			d->horizon = hz;
			d->n = e->o.n;
			d->org = xcalloc(d->n ? d->n : 1, sizeof(*d->org));
			d->stamp = ds;
			d->stamp_known = 1;
			e->dues = d;
		}
		for (uint32_t q = 0; q < k; q++) {
			int32_t hd[4];
			size_t cn;
			if ((size_t)(dend - dp) < 16) {
				rc = error_set(err, ST_INVALID, "snapshot", "%s: bad dues part", path);
				goto out;
			}
			memcpy(hd, dp, 16);
			dp += 16;
			cn = (size_t)(hd[2] > 0 ? hd[2] : 0);
			if (hd[0] < 0 || hd[0] >= (int32_t)nr || e->dues->org[hd[0]].cell ||
			    hd[2] < 1 || hd[2] > DUES_MAX_MONTHS || (int64_t)hd[1] + hd[2] - 1 != hz ||
			    (size_t)(dend - dp) < cn * (sizeof(struct stats_dues_cell) + 16)) {
				rc = error_set(err, ST_INVALID, "snapshot",
					       "%s: bad dues of organization %u", path, q);
				goto out;
			}
			struct dues_org_cells *c2 = &e->dues->org[hd[0]];
			c2->first = hd[1];
			c2->n = hd[2];
			c2->cell = xmalloc(cn * sizeof(*c2->cell));
			c2->run = xmalloc(cn * sizeof(*c2->run));
			memcpy(c2->cell, dp, cn * sizeof(*c2->cell));
			dp += cn * sizeof(*c2->cell);
			for (size_t m2 = 0; m2 < cn; m2++, dp += 16) {
				memcpy(&c2->run[m2].bits, dp, 8);
				memcpy(&c2->run[m2].max, dp + 8, 4);
			}
		}
		if (align_up((size_t)(dp - m)) != size) {
			rc = error_set(err, ST_INVALID, "snapshot",
				       "%s: parts do not add up to the file (truncated?)", path);
			goto out;
		}
	}
	if (stamp)
		*stamp = h.stamp;
out:
	close(fd);
	if (rc) {
		stats_engine_free(e);
		return rc;
	}
	*out = e;
	return ST_OK;
}
