/*
 * fake-mhd.h - the request values of http/request.c without a socket.
 *
 * The fuzz harnesses of the HTTP request path link fake-mhd.c, whose
 * MHD_lookup_connection_value takes the place of libmicrohttpd's (the
 * executable's definition wins over the shared library's), so the
 * accessors of http/request.h read the values set here. Not for the
 * server: only the harnesses link it. One request at a time.
 */
#ifndef OW_FAKE_MHD_H
#define OW_FAKE_MHD_H

#include <stddef.h>

/* Forgets every value. */
void fake_mhd_reset(void);
/*
 * Parses a query string ("a=1&b=%41"), percent- and '+'-decoded as
 * libmicrohttpd does, into the GET arguments (first occurrence wins).
 */
void fake_mhd_query(const char *text, size_t len);
/* Adds a header; a "Cookie" header also adds its cookies. */
void fake_mhd_header(const char *name, size_t name_len, const char *value,
		     size_t value_len);

#endif
