/*
 * xalloc.h - allocation that never returns NULL.
 *
 * On exhaustion these abort the process with a message: callers never check
 * for NULL. Free with free(). Not for memory of one request: a request
 * keeps its buffers in struct request and frees them when it completes
 * (http/server.c on_completed).
 */
#ifndef OW_XALLOC_H
#define OW_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grows *ptr (of *alloc elements of elem bytes) to hold at least need. */
#define ALLOC_GROW(ptr, need, alloc)                                          \
	do {                                                                  \
		if ((size_t)(need) > (size_t)(alloc)) {                       \
			size_t alloc_n_ = (alloc) ? (size_t)(alloc) * 2 : 16; \
			if (alloc_n_ < (size_t)(need))                        \
				alloc_n_ = (size_t)(need);                    \
			(ptr) = xrealloc((ptr), alloc_n_ * sizeof(*(ptr)));   \
			(alloc) = alloc_n_;                                   \
		}                                                             \
	} while (0)

#endif
