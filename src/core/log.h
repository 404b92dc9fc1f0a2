/*
 * log.h - structured log lines on stderr.
 *
 * One JSON object per line: {"ts","level","msg", ...extra}. Used by the server
 * and long-running commands; ordinary CLI errors are printed by cmd/ instead.
 * Thread-safe (one write() per line).
 */
#ifndef OW_LOG_H
#define OW_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level level);
/* extra_json: "" or a fragment like "\"rid\":\"abc\",\"ms\":3" (already escaped). */
void log_line(enum log_level level, const char *extra_json, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
