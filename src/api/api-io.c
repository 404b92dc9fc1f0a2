/*
 * api-io.c - files over HTTP: POST /import (the body is the CSV or XLSX
 * file), GET /export (members of a subtree as CSV or XLSX), GET /template
 * (the XLSX import template). Files pass through private temporary files
 * (unlinked while open); the work is formats/import.c, formats/export.c and
 * formats/template.c. Each export needs a reason (reason=, checked by
 * access_reason_check) and is committed to the access log with it before
 * the file is sent. An import's audit row names the uploaded file by the
 * name the client sends (X-Filename, percent-encoded; cleaned here), never
 * by the temporary path. An export is bounded by the server's caps (serve
 * --export-max-rows, --export-max-seconds) and stops when its client has
 * gone (checked while rows are written), so an abandoned export does not
 * hold a worker thread.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api.h"
#include "core/log.h"
#include "model/codes.h"
#include "ops/audit.h"
#include "ops/auth.h"
#include "formats/export.h"
#include "formats/import.h"
#include "formats/template.h"
#include "store/org-store.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static int temp_path(char *buf, size_t size, const char *suffix, struct request *req)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	snprintf(buf, size, "%s/orgwork-%s-XXXXXX%s", dir && *dir ? dir : "/tmp",
		 req->rid, suffix);
	fd = mkstemps(buf, (int)strlen(suffix));
	if (fd < 0)
		return error_set(&req->err, ST_IO, NULL, "cannot create a temporary file");
	return fd;
}

/* Opens path for the reply and unlinks it (the data lives while open). */
static int send_file(struct request *req, struct reply *rep, const char *path,
		     const char *type, const char *filename)
{
	struct stat sb;
	char disp[200];
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	unlink(path);
	if (fd < 0 || fstat(fd, &sb)) {
		if (fd >= 0)
			close(fd);
		return error_set(&req->err, ST_IO, NULL, "cannot read the file made");
	}
	rep->http = 200;
	rep->fd = fd;
	rep->fd_size = sb.st_size;
	rep->content_type = type;
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", filename);
	reply_header(rep, "Content-Disposition", disp);
	return ST_OK;
}

static int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The upload's own file name from X-Filename (percent-encoded), cleaned. */
static void upload_name(const struct request *req, char *out, size_t size)
{
	const char *h = req_header(req, "X-Filename");
	char raw[4 * IMPORT_NAME_MAX + 64];
	size_t o = 0;

	for (; h && *h && o + 1 < sizeof(raw); h++) {
		int a, b;
		if (*h == '%' && (a = hex_digit(h[1])) >= 0 && (b = hex_digit(h[2])) >= 0) {
			raw[o++] = (char)(a * 16 + b);
			h += 2;
		} else {
			raw[o++] = *h;
		}
	}
	raw[o] = '\0';
	import_clean_name(raw, out, size);
}

int api_import(struct request *req, struct reply *rep)
{
	struct import_options opt;
	struct import_result res;
	char path[512], name[4 * IMPORT_NAME_MAX + 1];
	int fd, rc, dry_run, xlsx;

	if ((rc = req_query_bool(req, "dry_run", &dry_run)))
		return rc;
	xlsx = req_content_type_is(req, XLSX_TYPE);
	if (!xlsx && !req_content_type_is(req, "text/csv"))
		return error_setc(&req->err, ST_HTTP_MEDIA, NULL, "upload_type",
				  "the body must be text/csv or an XLSX workbook");
	if (!req->body.len)
		return error_setc(&req->err, ST_INVALID, NULL, "file_empty", "the file is empty");
	if ((fd = temp_path(path, sizeof(path), xlsx ? ".xlsx" : ".csv", req)) < 0)
		return ST_IO;
	if (write(fd, req->body.buf, req->body.len) != (ssize_t)req->body.len) {
		close(fd);
		unlink(path);
		return error_set(&req->err, ST_IO, NULL, "cannot write a temporary file");
	}
	close(fd);
	memset(&opt, 0, sizeof(opt));
	opt.dry_run = dry_run;
	opt.actor = req->actor;
	upload_name(req, name, sizeof(name));
	opt.file_name = name;
	opt.today = -2147483647 - 1;
	import_result_init(&res);
	rc = import_file(req->db, path, &opt, &res, &req->err);
	unlink(path);
	if (rc == ST_INVALID && res.nr_issues) {
		json_t *errors = json_array();
		for (size_t i = 0; i < res.nr_issues; i++) {
			const struct import_issue *is = &res.issues[i];
			json_t *e = json_pack("{s:I,s:s,s:s,s:s}", "line", (json_int_t)is->line,
					      "column", is->column, "value", is->value,
					      "reason", is->reason);
			if (is->sheet[0])
				json_object_set_new(e, "sheet", json_string(is->sheet));
			/* code and params, as in every error (core/error.h) */
			json_t *params = json_object();
			for (int k = 0; k < is->nr_params; k++)
				json_object_set_new(params, is->params[k].key,
						    json_string(is->params[k].value));
			json_object_set_new(e, "code", json_string(is->code[0] ? is->code : "invalid"));
			json_object_set_new(e, "params", params);
			json_array_append_new(errors, e);
		}
		json_int_t nr = (json_int_t)res.nr_errors;
		import_result_release(&res);
		return api_json(rep, 422, json_pack("{s:b,s:o,s:I}", "ok", 0, "errors", errors,
						    "error_count", nr));
	}
	if (rc) {
		import_result_release(&res);
		return rc;
	}
	json_t *j = json_pack("{s:b,s:I,s:I,s:b}", "ok", 1, "orgs", (json_int_t)res.orgs,
			      "members", (json_int_t)res.members, "dry_run", dry_run);
	import_result_release(&res);
	return api_json(rep, 200, j);
}

static int client_gone(void *ctx)
{
	return req_client_gone(ctx);
}

int api_export(struct request *req, struct reply *rep)
{
	const char *format = req_query(req, "format");
	const char *reason = req_query(req, "reason");
	struct export_query q;
	struct export_limits lim = { .max_rows = req->export_max_rows,
				     .max_seconds = req->export_max_seconds,
				     .cancelled = client_gone, .cancel_ctx = req };
	char path[512], name[96];
	long long org, count = 0;
	struct org o;
	int rc, fd, subtree, xlsx;

	memset(&q, 0, sizeof(q));
	if ((rc = req_query_int(req, "org", 1, (long long)1 << 62, 0, &org)) ||
	    (rc = req_query_bool(req, "subtree", &subtree)))
		return rc;
	if (!org)
		return error_setc(&req->err, ST_HTTP_BAD_REQUEST, "org", "required",
				  "org is required");
	if (!format)
		format = "csv";
	if (strcmp(format, "csv") && strcmp(format, "xlsx")) {
		error_setc(&req->err, ST_HTTP_BAD_REQUEST, "format", "invalid_choice",
			   "format is csv or xlsx");
		error_param(&req->err, "value", "%s", format);
		return ST_HTTP_BAD_REQUEST;
	}
	xlsx = !strcmp(format, "xlsx");
	if ((rc = api_status_filter(req, &q.status)) ||
	    (rc = api_drill_filter(req, &q.drill)))
		return rc;
	if ((rc = authorize(req->db, &req->auth.user, OP_EXPORT, org, &req->err)) ||
	    (rc = org_store_get(req->db, org, &o, &req->err)) ||
	    (rc = access_reason_check(reason, 1, &req->err)))
		return rc;
	q.org_id = org;
	q.subtree = subtree;
	if ((fd = temp_path(path, sizeof(path), xlsx ? ".xlsx" : ".csv", req)) < 0)
		return ST_IO;
	close(fd);
	if ((rc = export_members(req->db, &q, xlsx ? EXPORT_XLSX : EXPORT_CSV, path,
				 &lim, &count, &req->err))) {
		unlink(path);
		if (rc == ST_IO && !strcmp(req->err.field, "connection")) {
			/* nobody to answer: logged as 499 (client closed request) */
			log_line(LOG_INFO, "", "request %s: %s", req->rid, req->err.message);
			return api_json(rep, 499, json_pack("{s:s}", "error", "client gone"));
		}
		return rc;
	}
	if ((rc = access_log_export(req->db, req->actor, org, format, subtree, count,
				    reason, &req->err))) {
		unlink(path);
		return rc;
	}
	snprintf(name, sizeof(name), "members-%s.%s", o.code, format);
	rc = send_file(req, rep, path, xlsx ? XLSX_TYPE : "text/csv; charset=utf-8", name);
	if (!rc) {
		char n[24];
		snprintf(n, sizeof(n), "%lld", count);
		reply_header(rep, "X-Row-Count", n);
	}
	return rc;
}

int api_template(struct request *req, struct reply *rep)
{
	char path[512];
	int fd, rc;

	if ((fd = temp_path(path, sizeof(path), ".xlsx", req)) < 0)
		return ST_IO;
	close(fd);
	if ((rc = template_write(path, &req->err))) {
		unlink(path);
		return rc;
	}
	return send_file(req, rep, path, XLSX_TYPE, "orgwork-import-template.xlsx");
}
