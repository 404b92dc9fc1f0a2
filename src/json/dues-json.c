/*
 * dues-json.c - party dues records as JSON (dues-json.h), the same for the
 * CLI's --format json and the API. Amounts in fen (integers) with the
 * monthly amount also as yuan text. Not for reading requests (api/).
 */
#include "core/date.h"
#include "json/dues-json.h"
#include "stats/stats.h"

static json_t *fen_json(long long fen)
{
	char y[32];

	return json_string(dues_format_yuan(fen, y));
}

json_t *dues_base_json(const struct dues_base *b)
{
	char m[DUES_MONTH_STR_SIZE], r[DUES_MONTH_STR_SIZE];
	json_t *o = json_pack("{s:I,s:I,s:s,s:s,s:I,s:o,s:s}", "id", (json_int_t)b->id,
			      "person_id", (json_int_t)b->person_id, "from",
			      dues_month_format(b->from, m), "category",
			      dues_category_key(b->category), "monthly_fen",
			      (json_int_t)b->monthly_fen, "monthly_yuan", fen_json(b->monthly_fen),
			      "review_month", dues_month_format(b->review, r));

	if (b->income_fen >= 0)
		json_object_set_new(o, "income_fen", json_integer(b->income_fen));
	if (b->set_fen >= 0)
		json_object_set_new(o, "set_fen", json_integer(b->set_fen));
	return o;
}

json_t *dues_relief_json(const struct dues_relief *r)
{
	char f[DUES_MONTH_STR_SIZE], t[DUES_MONTH_STR_SIZE], d[DATE_STR_SIZE];

	return json_pack("{s:I,s:s,s:s,s:o,s:I,s:s,s:s,s:s}", "id", (json_int_t)r->id, "kind",
			 dues_relief_key(r->kind), "from", dues_month_format(r->from, f), "to",
			 r->to == DUES_MONTH_NONE ? json_null()
						  : json_string(dues_month_format(r->to, t)),
			 "monthly_fen", (json_int_t)r->monthly_fen, "approval", r->approval,
			 "approved", date_format(r->approved, d), "reason", r->reason);
}

json_t *dues_month_json(const struct dues_month *m)
{
	char s[DUES_MONTH_STR_SIZE], d[DATE_STR_SIZE];

	return json_pack("{s:s,s:o,s:I,s:o,s:s,s:i,s:I}", "month", dues_month_format(m->month, s),
			 "due_fen", m->due_fen < 0 ? json_null() : json_integer(m->due_fen),
			 "paid_fen", (json_int_t)m->paid_fen, "last_paid",
			 m->last_paid == DATE_NONE ? json_null()
						   : json_string(date_format(m->last_paid, d)),
			 "method", m->method, "arrears_months", m->arrears_months,
			 "arrears_fen", (json_int_t)m->arrears_fen);
}

json_t *dues_file_json(long long person_id, const struct dues_file *f)
{
	char m[DUES_MONTH_STR_SIZE], d[DATE_STR_SIZE];
	json_t *out, *arr;

	out = json_pack("{s:I,s:[],s:[],s:[],s:[],s:[]}", "person_id", (json_int_t)person_id,
			"bases", "reliefs", "payments", "specials", "months");
	arr = json_object_get(out, "bases");
	for (size_t i = 0; i < f->nr_bases; i++)
		json_array_append_new(arr, dues_base_json(&f->bases[i]));
	arr = json_object_get(out, "reliefs");
	for (size_t i = 0; i < f->nr_reliefs; i++)
		json_array_append_new(arr, dues_relief_json(&f->reliefs[i]));
	arr = json_object_get(out, "payments");
	for (size_t i = 0; i < f->nr_payments; i++) {
		const struct dues_payment *p = &f->payments[i];
		json_array_append_new(arr, json_pack("{s:I,s:I,s:s,s:I,s:s,s:s}", "id",
			(json_int_t)p->id, "batch", (json_int_t)p->batch, "month",
			dues_month_format(p->month, m), "amount_fen", (json_int_t)p->amount_fen,
			"date", date_format(p->date, d), "method", p->method));
	}
	arr = json_object_get(out, "specials");
	for (size_t i = 0; i < f->nr_specials; i++)
		json_array_append_new(arr, json_pack("{s:I,s:I,s:s,s:s}", "id",
			(json_int_t)f->specials[i].id, "amount_fen",
			(json_int_t)f->specials[i].amount_fen, "date",
			date_format(f->specials[i].date, d), "note", f->specials[i].note));
	arr = json_object_get(out, "months");
	return out;
}

json_t *dues_ledger_row_json(const struct dues_ledger_row *row)
{
	json_t *o = dues_month_json(&row->m);

	json_object_set_new(o, "person_id", json_integer(row->person_id));
	json_object_set_new(o, "name", json_string(row->name));
	return o;
}

json_t *dues_totals_json(const struct dues_ledger_totals *t)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:I}", "members", (json_int_t)t->members,
			 "due_fen", (json_int_t)t->due_fen, "paid_fen", (json_int_t)t->paid_fen,
			 "arrears_fen", (json_int_t)t->arrears_fen,
			 "in_arrears", (json_int_t)t->in_arrears);
}

json_t *dues_stats_month_json(const struct stats_dues_month *m)
{
	char month[DUES_MONTH_STR_SIZE];
	const struct stats_dues_cell *c = &m->c;

	return json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "month",
			 dues_month_format(m->month, month),
			 "members_due", (json_int_t)c->members_due, "due_fen", (json_int_t)c->due_fen,
			 "paid_fen", (json_int_t)c->paid_fen, "paid_full", (json_int_t)c->paid_full,
			 "arrears_members", (json_int_t)c->arrears_members,
			 "arrears_fen", (json_int_t)c->arrears_fen,
			 "special_fen", (json_int_t)c->special_fen);
}
