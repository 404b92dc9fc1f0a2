/*
 * import-pipeline.c - the threads of an import beside the reading one: the
 * writer that inserts valid members in batches, and the digest of the
 * file; and the phase times that show where an import spends its time.
 *
 * Not for deciding what is valid (import-cells.c, import-row.c) nor for
 * the SQL (store/bulk-store.c): the writer only hands batches to the store.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/crypto.h"
#include "core/xalloc.h"
#include "formats/import-internal.h"
#include "model/person.h"
#include "store/bulk-store.h"

/* ------------------------------------------------------------------ */
/* Phase times (ORGWORK_IMPORT_TIMES=1 prints them to stderr).          */

static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double import_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void import_timing_mark(struct import_timing *tm, const char *what)
{
	if (tm)
		fprintf(stderr, "import: %-28s %8.3f s (CPU of this thread %.3f s)\n",
			what, import_now() - tm->t0, cpu_s());
}

/* ------------------------------------------------------------------ */
/* The content digest, computed beside the load.                        */

/*
 * BLAKE2b-256 chained over 1 MiB blocks: h0 = 32 zero bytes, h = BLAKE2b-256
 * (h || block) for each block in turn (docs/cli-import.md shows how to
 * recompute it). A thread of its own reads the file once more (from the
 * page cache) so that the two working threads do not wait for it.
 */
#define DIGEST_BLOCK (1024 * 1024)

struct import_digest {
	pthread_t thread;
	char *path;
	unsigned char hash[CRYPTO_HASH_BYTES];
	long long bytes;
	int ok;
};

static void *digest_main(void *arg)
{
	struct import_digest *j = arg;
	unsigned char *buf = xmalloc(CRYPTO_HASH_BYTES + DIGEST_BLOCK);
	FILE *f = fopen(j->path, "rb");
	size_t n;

	memset(j->hash, 0, sizeof(j->hash));
	if (f) {
		while ((n = fread(buf + CRYPTO_HASH_BYTES, 1, DIGEST_BLOCK, f)) > 0) {
			memcpy(buf, j->hash, CRYPTO_HASH_BYTES);
			crypto_token_hash(buf, CRYPTO_HASH_BYTES + n, j->hash);
			j->bytes += (long long)n;
			if (n < DIGEST_BLOCK)
				break;
		}
		j->ok = !ferror(f);
		fclose(f);
	}
	free(buf);
	return NULL;
}

struct import_digest *import_digest_start(const char *path)
{
	struct import_digest *j = xcalloc(1, sizeof(*j));

	j->path = xstrdup(path);
	if (pthread_create(&j->thread, NULL, digest_main, j)) {
		digest_main(j);
		j->thread = 0;
		return j;
	}
	return j;
}

void import_digest_finish(struct import_digest *j, char *out)
{
	out[0] = '\0';
	if (!j)
		return;
	if (j->thread)
		pthread_join(j->thread, NULL);
	j->thread = 0;
	if (j->ok)
		crypto_hex(j->hash, CRYPTO_HASH_BYTES, out);
}

void import_digest_free(struct import_digest *j)
{
	char hex[2 * CRYPTO_HASH_BYTES + 1];

	if (!j)
		return;
	import_digest_finish(j, hex);
	free(j->path);
	free(j);
}

/* ------------------------------------------------------------------ */
/* The writer thread.                                                   */

/*
 * Valid members travel in batches from the reading thread to a writer
 * thread that inserts them, so the CPU work of the next rows overlaps the
 * SQLite work of the previous ones. Encoding a row (pinyin, ICU sort key,
 * blind index: bulk_row_encode; the identifiers are sealed on insert, bound
 * to the row's id) is done by whichever side has
 * time: the reading thread encodes a batch itself while the writer is
 * behind (PIPE_BEHIND batches or more waiting), otherwise the writer
 * encodes it before inserting. Batches travel through a bounded queue and
 * come back for reuse: memory is PIPE_BATCHES batches whatever the file
 * size. The connection is used by one thread at a time: the writer holds
 * conn_lock while it inserts a batch, the reading thread takes it for its
 * rare lookups (organization codes; ID numbers when they are not all in
 * memory).
 */
#define PIPE_ROWS 256
#define PIPE_BATCHES 8
#define PIPE_BEHIND 2

struct row_batch {
	size_t n;
	int encoded;                      /* rows[] filled from persons[] */
	long lines[PIPE_ROWS];
	struct person persons[PIPE_ROWS];
	struct bulk_row rows[PIPE_ROWS];
};

struct import_pipe {
	pthread_t thread;
	pthread_mutex_t lock;        /* the queues and the outcome */
	pthread_cond_t cond;
	pthread_mutex_t conn_lock;   /* the connection */
	struct row_batch *full[PIPE_BATCHES + 1];
	size_t full_head, full_n;
	struct row_batch *spare[PIPE_BATCHES];
	size_t nr_spare;
	struct row_batch *cur;       /* being filled by the reading thread */
	int done;                    /* no more batches */
	struct db *db;
	long long batch_id;
	struct bulk_keys *keys;      /* NULL: the insert trigger writes them */
	struct import_timing *tm;
	/* names derived lately, one cache per thread */
	struct bulk_name_cache *reader_names, *writer_names;
	struct import_pipe_outcome out;   /* of the writer (under lock) */
};

/* Encodes rows [0, n) of b; on failure *bad = index of the row. */
static int batch_encode(struct row_batch *b, struct bulk_name_cache *cache,
			size_t *bad, struct error *err)
{
	int rc;

	for (size_t i = 0; i < b->n && i < 4; i++)
		bulk_name_prefetch(cache, b->persons[i].name);
	for (size_t i = 0; i < b->n; i++) {
		if (i + 4 < b->n)
			bulk_name_prefetch(cache, b->persons[i + 4].name);
		if ((rc = bulk_row_encode(&b->persons[i], &b->rows[i], cache, err))) {
			*bad = i;
			return rc;
		}
	}
	b->encoded = 1;
	return ST_OK;
}

static void pipe_fail(struct import_pipe *pp, int rc, long line, const struct error *e)
{
	pthread_mutex_lock(&pp->lock);
	if (pp->out.status == ST_OK) {
		pp->out.status = rc;
		pp->out.bad_line = line;
		snprintf(pp->out.field, sizeof(pp->out.field), "%s", e->field);
		memcpy(pp->out.message, e->message, sizeof(pp->out.message));
		pp->out.message[sizeof(pp->out.message) - 1] = '\0';
		memcpy(pp->out.code, e->code, sizeof(pp->out.code));
		pp->out.nr_params = e->nr_params;
		memcpy(pp->out.params, e->params, sizeof(pp->out.params));
	}
	pthread_mutex_unlock(&pp->lock);
}

static void *pipe_main(void *arg)
{
	struct import_pipe *pp = arg;
	double t = import_now();

	for (;;) {
		struct row_batch *b;
		pthread_mutex_lock(&pp->lock);
		while (!pp->full_n && !pp->done)
			pthread_cond_wait(&pp->cond, &pp->lock);
		if (!pp->full_n) {
			pthread_mutex_unlock(&pp->lock);
			break;
		}
		b = pp->full[pp->full_head];
		pp->full_head = (pp->full_head + 1) % (PIPE_BATCHES + 1);
		pp->full_n--;
		int failed = pp->out.status != ST_OK;
		pthread_mutex_unlock(&pp->lock);

		double t1 = import_now();
		if (pp->tm)
			pp->tm->write_wait += t1 - t;
		if (!failed) {
			struct error e = ERROR_INIT;
			long long id = 0;
			size_t i = 0;
			int rc = b->encoded ? ST_OK
				: batch_encode(b, pp->writer_names, &i, &e);
			if (!rc) {
				long long first = 0;
				pthread_mutex_lock(&pp->conn_lock);
				rc = bulk_rows_insert(pp->db, b->rows, b->n, pp->batch_id,
						      &first, &e);
				if (!rc) {
					/* the whole batch in one statement */
					i = b->n;
					id = first + (long long)b->n - 1;
				} else if (rc == ST_INTERNAL) {
					/* the rows went in but not as numbered: stop */
					i = 0;
				} else {
					/* nothing of it stayed: again row by row, to
					 * name the row that fails */
					error_clear(&e);
					for (i = 0; i < b->n; i++)
						if ((rc = bulk_row_insert(pp->db, &b->rows[i],
									  pp->batch_id,
									  &id, &e)))
							break;
					first = id - (long long)i + 1;
				}
				if (i && !pp->out.first_id)
					pp->out.first_id = first;
				if (pp->keys)
					for (size_t j = 0; j < i; j++)
						bulk_keys_add(pp->keys, &b->rows[j],
							      first + (long long)j);
				pthread_mutex_unlock(&pp->conn_lock);
				pp->out.inserted += (long long)i;
				if (i)
					pp->out.last_id = id;
			}
			if (rc)
				pipe_fail(pp, rc, b->lines[i], &e);
		}
		t = import_now();
		if (pp->tm) {
			pp->tm->write_busy += t - t1;
			pp->tm->write_cpu = cpu_s();
		}
		pthread_mutex_lock(&pp->lock);
		pp->spare[pp->nr_spare++] = b;
		pthread_cond_broadcast(&pp->cond);
		pthread_mutex_unlock(&pp->lock);
	}
	return NULL;
}

struct import_pipe *import_pipe_start(struct db *db, long long batch_id,
				      struct bulk_keys *keys,
				      struct import_timing *tm)
{
	struct import_pipe *pp = xcalloc(1, sizeof(*pp));

	pp->db = db;
	pp->batch_id = batch_id;
	pp->keys = keys;
	pp->tm = tm;
	pthread_mutex_init(&pp->lock, NULL);
	pthread_cond_init(&pp->cond, NULL);
	pthread_mutex_init(&pp->conn_lock, NULL);
	for (size_t i = 0; i < PIPE_BATCHES; i++)
		pp->spare[pp->nr_spare++] = xmalloc(sizeof(struct row_batch));
	pp->reader_names = xcalloc(1, sizeof(*pp->reader_names));
	pp->writer_names = xcalloc(1, sizeof(*pp->writer_names));
	if (pthread_create(&pp->thread, NULL, pipe_main, pp)) {
		for (size_t i = 0; i < pp->nr_spare; i++)
			free(pp->spare[i]);
		free(pp->reader_names);
		free(pp->writer_names);
		pthread_cond_destroy(&pp->cond);
		pthread_mutex_destroy(&pp->lock);
		pthread_mutex_destroy(&pp->conn_lock);
		free(pp);
		return NULL;
	}
	return pp;
}

/*
 * Hands the batch being filled to the writer, encoding it first when the
 * writer is behind. An encoding failure is the writer's kind of failure.
 */
static void pipe_flush(struct import_pipe *pp)
{
	struct row_batch *b = pp->cur;
	size_t behind;

	if (!b || !b->n)
		return;
	pthread_mutex_lock(&pp->lock);
	behind = pp->full_n;
	pthread_mutex_unlock(&pp->lock);
	b->encoded = 0;
	if (behind >= PIPE_BEHIND) {
		struct error e = ERROR_INIT;
		size_t bad = 0;
		double t = pp->tm ? cpu_s() : 0;
		int rc = batch_encode(b, pp->reader_names, &bad, &e);
		if (pp->tm)
			pp->tm->encode_cpu += cpu_s() - t;
		if (rc) {
			pipe_fail(pp, rc, b->lines[bad], &e);
			b->n = 0;   /* nothing more is written */
			return;
		}
	}
	pthread_mutex_lock(&pp->lock);
	pp->full[(pp->full_head + pp->full_n) % (PIPE_BATCHES + 1)] = b;
	pp->full_n++;
	pp->cur = NULL;
	pthread_cond_broadcast(&pp->cond);
	pthread_mutex_unlock(&pp->lock);
}

void import_pipe_put(struct import_pipe *pp, const struct person *p, long line)
{
	if (pp->cur && pp->cur->n == PIPE_ROWS)
		pipe_flush(pp);
	if (!pp->cur) {
		double t = pp->tm ? import_now() : 0;
		pthread_mutex_lock(&pp->lock);
		while (!pp->nr_spare)
			pthread_cond_wait(&pp->cond, &pp->lock);
		pp->cur = pp->spare[--pp->nr_spare];
		pthread_mutex_unlock(&pp->lock);
		pp->cur->n = 0;
		if (pp->tm)
			pp->tm->read_wait += import_now() - t;
	}
	pp->cur->lines[pp->cur->n] = line;
	pp->cur->persons[pp->cur->n] = *p;
	pp->cur->n++;
}

int import_pipe_failed(struct import_pipe *pp)
{
	int f;

	pthread_mutex_lock(&pp->lock);
	f = pp->out.status != ST_OK;
	pthread_mutex_unlock(&pp->lock);
	return f;
}

void import_pipe_finish(struct import_pipe *pp, struct import_pipe_outcome *out)
{
	pipe_flush(pp);
	pthread_mutex_lock(&pp->lock);
	pp->done = 1;
	pthread_cond_broadcast(&pp->cond);
	pthread_mutex_unlock(&pp->lock);
	pthread_join(pp->thread, NULL);
	*out = pp->out;
	free(pp->cur);
	for (size_t i = 0; i < pp->nr_spare; i++)
		free(pp->spare[i]);
	free(pp->reader_names);
	free(pp->writer_names);
	pthread_cond_destroy(&pp->cond);
	pthread_mutex_destroy(&pp->lock);
	pthread_mutex_destroy(&pp->conn_lock);
	free(pp);
}

/* The reading thread's use of the connection while the writer runs. */
void import_pipe_lock(struct import_pipe *pp)
{
	if (pp)
		pthread_mutex_lock(&pp->conn_lock);
}

void import_pipe_unlock(struct import_pipe *pp)
{
	if (pp)
		pthread_mutex_unlock(&pp->conn_lock);
}
