/*
 * log.c - JSON log lines, written with one write(2) each.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "core/error.h"
#include "core/log.h"
#include "core/strbuf.h"

static enum log_level min_level = LOG_INFO;

void log_set_level(enum log_level level)
{
	min_level = level;
}

void log_line(enum log_level level, const char *extra_json, const char *fmt, ...)
{
	static const char *names[] = { "debug", "info", "warn", "error" };
	char msg[1024], esc[6 * sizeof(msg) + 3], line[8192], ts[32];
	struct timeval tv;
	struct tm tm;
	va_list ap;

	if (level < min_level)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_quote(esc, sizeof(esc), msg);   /* never cut: 6 bytes a byte at most */
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	int n = snprintf(line, sizeof(line),
			 "{\"ts\":\"%s.%03dZ\",\"level\":\"%s\",\"msg\":%s%s%s}\n",
			 ts, (int)(tv.tv_usec / 1000), names[level], esc,
			 extra_json && *extra_json ? "," : "",
			 extra_json ? extra_json : "");
	if (n > 0) {
		size_t len = (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1;
		ssize_t w = write(2, line, len);
		(void)w;
	}
}
