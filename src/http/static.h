/*
 * static.h - the web UI's static files from a directory.
 *
 * GET and HEAD only; "/" serves index.html; paths with "..", hidden
 * segments, backslashes or control bytes are refused; the resolved file
 * must lie inside the directory (symlinks out are refused). Content types
 * by extension. Text files (HTML, JS, CSS, JSON, SVG, ICO) of 256 bytes or
 * more go out compressed when Accept-Encoding admits it: a precompressed
 * sibling F.br or F.gz (scripts/build-web) no older than F, else gzip made
 * with zlib and cached in memory by file identity; "Vary: Accept-Encoding"
 * on every such answer. Validators: ETag (size and modification time, a
 * suffix per encoding) and Last-Modified; If-None-Match (any encoding's tag
 * of the current file) or, without it, If-Modified-Since answers 304.
 * Cache-Control: "no-cache" (revalidate on every use) except vendor/,
 * cached for a day. Not for: the API (routes.h).
 */
#ifndef OW_HTTP_STATIC_H
#define OW_HTTP_STATIC_H

#include "http/reply.h"

struct request;

/* Fills rep with the file for req's path under dir, a 304, or a 404/405. */
void static_serve(const char *dir, const struct request *req, struct reply *rep);

#endif
