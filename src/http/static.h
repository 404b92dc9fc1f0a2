/*
 * static.h - the web UI's static files from a directory.
 *
 * GET and HEAD only; "/" serves index.html; paths with "..", hidden
 * segments, backslashes or control bytes are refused; the resolved file
 * must lie inside the directory (symlinks out are refused). Content types
 * by extension; index.html is "no-cache", other assets may be cached for
 * an hour. Not for: the API (routes.h).
 */
#ifndef OW_HTTP_STATIC_H
#define OW_HTTP_STATIC_H

#include "http/reply.h"

/* Fills rep with the file for path under dir, or a 404/405 error. */
void static_serve(const char *dir, const char *method, const char *path,
		  struct reply *rep, const char *rid);

#endif
