/*
 * static.c - serving the web UI directory (see static.h): content types,
 * compression (a fresh precompressed .br or .gz sibling made by
 * scripts/build-web, else gzip made here with zlib and kept in a small
 * cache), validators (ETag, Last-Modified, 304) and Cache-Control. Not for
 * the API's replies (reply.c) or routing (routes.c).
 */
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "core/xalloc.h"
#include "http/request.h"
#include "http/static.h"

static const struct {
	const char *ext, *type;
	int compress;
} types[] = {
	{ ".html", "text/html; charset=utf-8", 1 },
	{ ".js", "text/javascript; charset=utf-8", 1 },
	{ ".mjs", "text/javascript; charset=utf-8", 1 },
	{ ".css", "text/css; charset=utf-8", 1 },
	{ ".json", "application/json; charset=utf-8", 1 },
	{ ".svg", "image/svg+xml", 1 },
	{ ".png", "image/png", 0 },
	{ ".ico", "image/x-icon", 1 },
	{ ".woff2", "font/woff2", 0 },
	{ ".woff", "font/woff", 0 },
	{ ".map", "application/json; charset=utf-8", 1 },
	{ ".txt", "text/plain; charset=utf-8", 1 },
	{ ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 0 },
};

/* Files smaller than this go out as they are (compression saves nothing). */
#define COMPRESS_MIN 256
/* Files larger than this are not compressed on the fly (nor cached). */
#define COMPRESS_MAX (8u << 20)
#define CACHE_SLOTS 64
#define CACHE_BYTES (32u << 20)

static int type_index(const char *path)
{
	const char *dot = strrchr(path, '.');

	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(dot, types[i].ext))
			return (int)i;
	return -1;
}

/* Refuses "..", hidden segments, backslashes and control bytes. */
static int path_ok(const char *p)
{
	if (p[0] != '/')
		return 0;
	for (const char *c = p; *c; c++) {
		if ((unsigned char)*c < 0x20 || *c == '\\' || *c == 0x7f)
			return 0;
		if (c[0] == '/' && c[1] == '.')
			return 0;
	}
	return 1;
}

/*
 * Whether the Accept-Encoding list admits coding (a token, or "*", with a
 * q-value above zero).
 */
static int accepts(const char *ae, const char *coding)
{
	size_t cl = strlen(coding);
	int star = 0, named = -1;

	while (ae && *ae) {
		const char *end = strchr(ae, ','), *semi;
		size_t n = end ? (size_t)(end - ae) : strlen(ae);
		const char *tok = ae;
		size_t tl;
		int ok = 1;

		while (n && (*tok == ' ' || *tok == '\t'))
			tok++, n--;
		semi = memchr(tok, ';', n);
		tl = semi ? (size_t)(semi - tok) : n;
		while (tl && (tok[tl - 1] == ' ' || tok[tl - 1] == '\t'))
			tl--;
		if (semi) {
			const char *q = semi + 1;
			while (q < tok + n && (*q == ' ' || *q == '\t'))
				q++;
			if (q + 1 < tok + n && (q[0] == 'q' || q[0] == 'Q') && q[1] == '=')
				ok = strtod(q + 2, NULL) > 0;
		}
		if (tl == cl && !strncasecmp(tok, coding, cl))
			named = ok;
		else if (tl == 1 && tok[0] == '*')
			star = ok;
		ae = end ? end + 1 : NULL;
	}
	return named >= 0 ? named : star;
}

/* One listed entity tag of If-None-Match equals tag (weak comparison). */
static int etag_listed(const char *inm, const char *tag)
{
	size_t tl = strlen(tag);

	while (inm && *inm) {
		while (*inm == ' ' || *inm == '\t' || *inm == ',')
			inm++;
		if (*inm == '*')
			return 1;
		if (!strncmp(inm, "W/", 2))
			inm += 2;
		if (!strncmp(inm, tag, tl) && (inm[tl] == '\0' || inm[tl] == ',' ||
					       inm[tl] == ' ' || inm[tl] == '\t'))
			return 1;
		inm = strchr(inm, ',');
	}
	return 0;
}

static void http_date(time_t t, char *out, size_t n)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, n, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/* An IMF-fixdate; (time_t)-1 when it is not one. */
static time_t parse_http_date(const char *s)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	if (!end || *end)
		return (time_t)-1;
	return timegm(&tm);
}

/* ---- gzip on the fly, cached ------------------------------------------ */

struct gz_entry {
	char *path;
	dev_t dev;
	ino_t ino;
	off_t size;
	long long mtime_ns;
	unsigned char *data;
	size_t len;
};

static struct gz_entry cache[CACHE_SLOTS];
static size_t cache_bytes;
static unsigned cache_next;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static long long mtime_ns(const struct stat *sb)
{
	return (long long)sb->st_mtim.tv_sec * 1000000000LL + sb->st_mtim.tv_nsec;
}

static int same_file(const struct gz_entry *e, const char *path, const struct stat *sb)
{
	return e->path && e->dev == sb->st_dev && e->ino == sb->st_ino &&
	       e->size == sb->st_size && e->mtime_ns == mtime_ns(sb) && !strcmp(e->path, path);
}

static void entry_free(struct gz_entry *e)
{
	cache_bytes -= e->len;
	free(e->path);
	free(e->data);
	memset(e, 0, sizeof(*e));
}

/* gzip (level 9) of the open file fd; NULL when it cannot be read. */
static unsigned char *gzip_fd(int fd, size_t size, size_t *len)
{
	unsigned char *in = xmalloc(size ? size : 1), *out;
	size_t got = 0, cap;
	z_stream z;

	while (got < size) {
		ssize_t r = pread(fd, in + got, size - got, (off_t)got);
		if (r <= 0) {
			free(in);
			return NULL;
		}
		got += (size_t)r;
	}
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
		free(in);
		return NULL;
	}
	cap = deflateBound(&z, size) + 32;
	out = xmalloc(cap);
	z.next_in = in;
	z.avail_in = (uInt)size;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&z);
		free(in);
		free(out);
		return NULL;
	}
	*len = z.total_out;
	deflateEnd(&z);
	free(in);
	return out;
}

/* A malloc'ed copy of the gzip of the file (from the cache or made now). */
static unsigned char *gzip_cached(const char *path, int fd, const struct stat *sb, size_t *len)
{
	unsigned char *gz, *copy = NULL;
	struct gz_entry *e;

	pthread_mutex_lock(&cache_lock);
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (same_file(&cache[i], path, sb)) {
			copy = xmalloc(cache[i].len);
			memcpy(copy, cache[i].data, cache[i].len);
			*len = cache[i].len;
			break;
		}
	pthread_mutex_unlock(&cache_lock);
	if (copy)
		return copy;
	if (!(gz = gzip_fd(fd, (size_t)sb->st_size, len)))
		return NULL;
	copy = xmalloc(*len);
	memcpy(copy, gz, *len);
	pthread_mutex_lock(&cache_lock);
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (cache[i].path && !strcmp(cache[i].path, path))
			entry_free(&cache[i]);      /* an older version of the file */
	while (cache_bytes + *len > CACHE_BYTES) {
		int j;
		for (j = 0; j < CACHE_SLOTS && !cache[j].path; j++)
			;
		if (j == CACHE_SLOTS)
			break;
		entry_free(&cache[j]);
	}
	e = &cache[cache_next++ % CACHE_SLOTS];
	if (e->path)
		entry_free(e);
	e->path = xstrdup(path);
	e->dev = sb->st_dev;
	e->ino = sb->st_ino;
	e->size = sb->st_size;
	e->mtime_ns = mtime_ns(sb);
	e->data = gz;
	e->len = *len;
	cache_bytes += *len;
	pthread_mutex_unlock(&cache_lock);
	return copy;
}

/* The sibling file path+ext when it is a regular file no older than sb's. */
static int fresh_sibling(const char *path, const char *ext, const struct stat *sb,
			 struct stat *out)
{
	char p[PATH_MAX];
	int fd;

	if ((size_t)snprintf(p, sizeof(p), "%s%s", path, ext) >= sizeof(p))
		return -1;
	fd = open(p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	if (fstat(fd, out) || !S_ISREG(out->st_mode) || mtime_ns(out) < mtime_ns(sb)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* ---- serving ---------------------------------------------------------- */

void static_serve(const char *dir, const struct request *req, struct reply *rep)
{
	char file[PATH_MAX], real_dir[PATH_MAX], real_file[PATH_MAX];
	char tag[80], vtag[88], lm[40];
	const char *path = req->path, *coding = NULL, *inm, *ims;
	struct stat sb, zs;
	size_t dl;
	int fd, ti, zfd = -1;

	if (strcmp(req->method, "GET") && strcmp(req->method, "HEAD")) {
		reply_header(rep, "Allow", "GET, HEAD");
		reply_error(rep, ST_HTTP_METHOD, NULL, "static files are read-only", req->rid);
		return;
	}
	if (!dir || !path_ok(path) || !realpath(dir, real_dir))
		goto missing;
	if (!strcmp(path, "/"))
		path = "/index.html";
	if ((size_t)snprintf(file, sizeof(file), "%s%s", real_dir, path) >= sizeof(file) ||
	    !realpath(file, real_file))
		goto missing;
	dl = strlen(real_dir);
	if (strncmp(real_file, real_dir, dl) || real_file[dl] != '/')
		goto missing;
	fd = open(real_file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		goto missing;
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		close(fd);
		goto missing;
	}
	ti = type_index(real_file);
	rep->content_type = ti >= 0 ? types[ti].type : "application/octet-stream";

	/* the representation: br or gzip when asked for and worth it */
	if (ti >= 0 && types[ti].compress && sb.st_size >= COMPRESS_MIN) {
		const char *ae = req_header(req, "Accept-Encoding");
		reply_header(rep, "Vary", "Accept-Encoding");
		if (ae && accepts(ae, "br") && (zfd = fresh_sibling(real_file, ".br", &sb, &zs)) >= 0)
			coding = "br";
		else if (ae && accepts(ae, "gzip")) {
			coding = "gzip";
			zfd = fresh_sibling(real_file, ".gz", &sb, &zs);
		}
	}

	/* validators: the file's size and modification time */
	snprintf(tag, sizeof(tag), "\"%llx-%llx", (unsigned long long)sb.st_size,
		 (unsigned long long)mtime_ns(&sb));
	snprintf(vtag, sizeof(vtag), "%s%s\"", tag,
		 !coding ? "" : !strcmp(coding, "br") ? "-br" : "-gz");
	http_date(sb.st_mtim.tv_sec, lm, sizeof(lm));
	reply_header(rep, "ETag", vtag);
	reply_header(rep, "Last-Modified", lm);
	/* Nothing is versioned in its name: the app's own files are revalidated
	 * on every use; the libraries of vendor/ change only with a package
	 * upgrade and may be kept for a day. */
	reply_header(rep, "Cache-Control", !strncmp(real_file + dl, "/vendor/", 8)
						   ? "public, max-age=86400"
						   : "no-cache");

	inm = req_header(req, "If-None-Match");
	ims = req_header(req, "If-Modified-Since");
	{
		char t_id[88], t_gz[88], t_br[88];
		int fresh = 0;
		snprintf(t_id, sizeof(t_id), "%s\"", tag);
		snprintf(t_gz, sizeof(t_gz), "%s-gz\"", tag);
		snprintf(t_br, sizeof(t_br), "%s-br\"", tag);
		if (inm)
			fresh = etag_listed(inm, vtag) || etag_listed(inm, t_id) ||
				etag_listed(inm, t_gz) || etag_listed(inm, t_br);
		else if (ims) {
			time_t since = parse_http_date(ims);
			fresh = since != (time_t)-1 && sb.st_mtim.tv_sec <= since;
		}
		if (fresh) {
			if (zfd >= 0)
				close(zfd);
			close(fd);
			rep->http = 304;
			rep->content_type = NULL;
			return;
		}
	}

	if (coding && zfd >= 0) {
		close(fd);
		reply_header(rep, "Content-Encoding", coding);
		rep->http = 200;
		rep->fd = zfd;
		rep->fd_size = zs.st_size;
		return;
	}
	if (coding && sb.st_size <= (off_t)COMPRESS_MAX) {
		size_t len;
		unsigned char *gz = gzip_cached(real_file, fd, &sb, &len);
		if (gz) {
			close(fd);
			reply_header(rep, "Content-Encoding", "gzip");
			reply_take(rep, 200, rep->content_type, (char *)gz, len);
			return;
		}
	}
	rep->http = 200;
	rep->fd = fd;
	rep->fd_size = sb.st_size;
	return;
missing:
	reply_error(rep, ST_HTTP_NO_ROUTE, NULL, "no such file", req->rid);
}
