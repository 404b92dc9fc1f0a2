/*
 * api-dues.c - party dues over HTTP: GET /api/v1/members/{id}/dues (the
 * member's file: bases, reductions, payments, special payments and month
 * by month what was due, paid and in arrears), POST /api/v1/members/{id}/dues
 * (an act: base, pay, special or reduce), GET /api/v1/orgs/{id}/dues?month=
 * (the ledger of the organization's own members with totals), through
 * ops/dues-ops.c, and GET /api/v1/orgs/{id}/dues/stats?from=&to= (the
 * subtree's months from the server's statistics engine).
 *
 * The person or organization is authorized first (outside the caller's
 * scope it answers like a missing one). Amounts travel as integer fen,
 * months as "YYYY-MM". Not for the rules of the acts (ops/, model/).
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "core/date.h"
#include "json/dues-json.h"
#include "ops/audit.h"
#include "ops/auth.h"
#include "ops/dues-ops.h"
#include "ops/stats-live.h"
#include "stats/stats.h"
#include "store/person-store.h"

static int load_person(struct request *req, int op, struct person *p)
{
	int rc;

	if ((rc = person_store_get(req->db, req->ids[0], p, &req->err)))
		return rc;
	return authorize_person(req->db, &req->auth.user, op, p, &req->err);
}

static int month_arg(struct request *req, const char *field, const char *v, int *month)
{
	*month = DUES_MONTH_NONE;
	if (!v)
		return ST_OK;
	if (strlen(v) > 16 || dues_month_parse(v, month))
		return error_setc(&req->err, ST_INVALID, field, "dues_bad_month",
				  "%s is not a month (YYYY-MM)", field);
	return ST_OK;
}

/* 200/201 the member's file with its months up to `month`. */
static int reply_file(struct request *req, struct reply *rep, int http, long long person_id,
		      int month, json_t *extra)
{
	struct dues_file f;
	json_t *out, *arr;
	int rc, first = DUES_MONTH_NONE;

	if ((rc = dues_store_load(req->db, person_id, &f, &req->err))) {
		json_decref(extra);
		return rc;
	}
	out = dues_file_json(person_id, &f);
	arr = json_object_get(out, "months");
	for (size_t i = 0; i < f.nr_bases; i++)
		if (first == DUES_MONTH_NONE || f.bases[i].from < first)
			first = f.bases[i].from;
	/* at most ten years of months in one reply */
	if (first != DUES_MONTH_NONE && month - first > 120)
		first = month - 120;
	for (int m = first; first != DUES_MONTH_NONE && m <= month; m++) {
		struct dues_month dm;
		dues_month_of(&f, m, &dm);
		json_array_append_new(arr, dues_month_json(&dm));
	}
	dues_file_release(&f);
	if (extra)
		json_object_update(out, extra);
	json_decref(extra);
	return api_json(rep, http, out);
}

int api_member_dues_get(struct request *req, struct reply *rep)
{
	struct person p;
	char object[64];
	int rc, month;

	if ((rc = load_person(req, OP_SELF_READ, &p)) ||
	    (rc = month_arg(req, "month", req_query(req, "month"), &month)))
		return rc;
	if (month == DUES_MONTH_NONE)
		month = dues_month_of_day(date_today());
	snprintf(object, sizeof(object), "person/%lld/dues", p.id);
	if ((rc = access_record(req->db, req->actor, "read", object, NULL, 0, &req->err)))
		return rc;
	return reply_file(req, rep, 200, p.id, month, NULL);
}

static const struct field_spec dues_spec[] = {
	{ "act", F_STRING, 1 }, { "category", F_STRING, 0 }, { "income_fen", F_INT, 0 },
	{ "amount_fen", F_INT, 0 }, { "from", F_STRING, 0 }, { "to", F_STRING, 0 },
	{ "month", F_STRING, 0 }, { "months", F_INT, 0 }, { "date", F_STRING, 0 },
	{ "method", F_STRING, 0 }, { "note", F_STRING, 0 }, { "kind", F_STRING, 0 },
	{ "approval", F_STRING, 0 }, { "approved", F_STRING, 0 }, { "reason", F_STRING, 0 },
	{ NULL, 0, 0 },
};

static int copy_text(struct request *req, const char *field, const char *v, char *buf,
		     size_t size)
{
	if (v && strlen(v) >= size) {
		error_setc(&req->err, ST_INVALID, field, "too_long", "%s is too long", field);
		error_param(&req->err, "max", "%zu", size / 4);
		return ST_INVALID;
	}
	snprintf(buf, size, "%s", v ? v : "");
	return ST_OK;
}

int api_member_dues_post(struct request *req, struct reply *rep)
{
	json_t *b = api_body(req, dues_spec), *extra = NULL;
	const char *act;
	struct person p;
	long long income, amount, months, batch = 0;
	int rc, from, to, month, date, approved;

	if (!b)
		return req->err.status;
	act = api_str(b, "act");
	if ((rc = load_person(req, OP_MEMBER_WRITE, &p)) ||
	    (rc = api_int(req, b, "income_fen", 0, DUES_INCOME_MAX_FEN, -1, &income)) ||
	    (rc = api_int(req, b, "amount_fen", 0, DUES_AMOUNT_MAX_FEN, -1, &amount)) ||
	    (rc = api_int(req, b, "months", 1, DUES_MAX_MONTHS, 1, &months)) ||
	    (rc = month_arg(req, "from", api_str(b, "from"), &from)) ||
	    (rc = month_arg(req, "to", api_str(b, "to"), &to)) ||
	    (rc = month_arg(req, "month", api_str(b, "month"), &month)) ||
	    (rc = api_date(req, b, "date", &date)) ||
	    (rc = api_date(req, b, "approved", &approved)))
		goto out;
	if (!strcmp(act, "base")) {
		struct dues_base base;
		if ((rc = dues_set_base(req->db, p.id, dues_category_parse(api_str(b, "category")),
					income, amount, from, req->actor, &base, &req->err)))
			goto out;
		extra = json_pack("{s:o}", "base", dues_base_json(&base));
	} else if (!strcmp(act, "pay")) {
		if ((rc = dues_pay(req->db, p.id, month, (int)months, amount, date,
				   api_str(b, "method"), req->actor, &batch, &req->err)))
			goto out;
		extra = json_pack("{s:I}", "batch", (json_int_t)batch);
	} else if (!strcmp(act, "special")) {
		struct dues_special s;
		if ((rc = dues_pay_special(req->db, p.id, amount, date, api_str(b, "note"),
					   req->actor, &s, &req->err)))
			goto out;
		extra = json_pack("{s:I}", "special_id", (json_int_t)s.id);
	} else if (!strcmp(act, "reduce")) {
		struct dues_relief in, r;
		memset(&in, 0, sizeof(in));
		in.kind = dues_relief_parse(api_str(b, "kind"));
		in.from = from;
		in.to = to;
		in.monthly_fen = amount;
		in.approved = approved;
		if ((rc = copy_text(req, "approval", api_str(b, "approval"), in.approval,
				    sizeof(in.approval))) ||
		    (rc = copy_text(req, "reason", api_str(b, "reason"), in.reason,
				    sizeof(in.reason))) ||
		    (rc = dues_set_relief(req->db, p.id, &in, req->actor, &r, &req->err)))
			goto out;
		extra = json_pack("{s:o}", "relief", dues_relief_json(&r));
	} else {
		rc = error_setc(&req->err, ST_INVALID, "act", "invalid_choice",
				"the act is base, pay, special or reduce");
		goto out;
	}
	rc = reply_file(req, rep, 201, p.id, dues_month_of_day(date_today()), extra);
out:
	json_decref(b);
	return rc;
}

static int ledger_row(const struct dues_ledger_row *row, void *ctx)
{
	json_array_append_new(ctx, dues_ledger_row_json(row));
	return 0;
}

int api_org_dues(struct request *req, struct reply *rep)
{
	struct dues_ledger_totals t;
	char m[DUES_MONTH_STR_SIZE];
	json_t *items;
	int rc, month;

	if ((rc = authorize(req->db, &req->auth.user, OP_MEMBER_READ, req->ids[0], &req->err)) ||
	    (rc = month_arg(req, "month", req_query(req, "month"), &month)))
		return rc;
	if (month == DUES_MONTH_NONE)
		month = dues_month_of_day(date_today());
	items = json_array();
	if ((rc = dues_ledger(req->db, req->ids[0], month, ledger_row, items, &t, &req->err))) {
		json_decref(items);
		return rc;
	}
	return api_json(rep, 200, json_pack("{s:I,s:s,s:o,s:o}", "org_id",
		(json_int_t)req->ids[0], "month", dues_month_format(month, m), "items", items,
		"totals", dues_totals_json(&t)));
}

int api_org_dues_stats(struct request *req, struct reply *rep)
{
	struct stats_dues_month out[STATS_DUES_MAX_MONTHS];
	struct stats_engine *e;
	char f[DUES_MONTH_STR_SIZE], t[DUES_MONTH_STR_SIZE];
	json_t *months;
	int rc, from, to;

	if ((rc = authorize(req->db, &req->auth.user, OP_STATS_READ, req->ids[0], &req->err)) ||
	    (rc = month_arg(req, "from", req_query(req, "from"), &from)) ||
	    (rc = month_arg(req, "to", req_query(req, "to"), &to)) ||
	    (rc = dues_stats_range(from, to, &req->err)))
		return rc;
	if ((rc = stats_live_acquire(&e, &req->err)))
		return rc;
	rc = dues_stats(e, req->ids[0], from, to, out, &req->err);
	stats_live_release();
	if (rc)
		return rc;
	months = json_array();
	for (int i = 0; i <= to - from; i++)
		json_array_append_new(months, dues_stats_month_json(&out[i]));
	return api_json(rep, 200, json_pack("{s:I,s:s,s:s,s:o}", "org_id",
		(json_int_t)req->ids[0], "from", dues_month_format(from, f), "to",
		dues_month_format(to, t), "months", months));
}
