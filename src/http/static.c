/*
 * static.c - serving the web UI directory (see static.h).
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/request.h"
#include "http/static.h"

static const struct {
	const char *ext, *type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".mjs", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".json", "application/json; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".woff2", "font/woff2" },
	{ ".woff", "font/woff" },
	{ ".map", "application/json; charset=utf-8" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
};

static const char *type_of(const char *path)
{
	const char *dot = strrchr(path, '.');

	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
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

void static_serve(const char *dir, const char *method, const char *path,
		  struct reply *rep, const char *rid)
{
	char file[PATH_MAX], real_dir[PATH_MAX], real_file[PATH_MAX];
	struct stat sb;
	size_t dl;
	int fd;

	if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
		reply_header(rep, "Allow", "GET, HEAD");
		reply_error(rep, ST_HTTP_METHOD, NULL, "static files are read-only", rid);
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
	rep->http = 200;
	rep->fd = fd;
	rep->fd_size = sb.st_size;
	rep->content_type = type_of(real_file);
	reply_header(rep, "Cache-Control",
		     !strcmp(rep->content_type, types[0].type) ? "no-cache"
							      : "public, max-age=3600");
	return;
missing:
	reply_error(rep, ST_HTTP_NO_ROUTE, NULL, "no such file", rid);
}
