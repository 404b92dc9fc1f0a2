/*
 * test-import.c - formats/import.c against a scratch database: every error of a
 * file collected with its line and column, nothing written when a row is
 * bad, dry runs, duplicates, organization cycles, and the date forms people
 * type.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/date.h"
#include "formats/import.h"
#include "store/db.h"

static char dir[] = "/tmp/ow-test-import-XXXXXX";

static const char *fixture(const char *name)
{
	static char buf[4][1024];
	static int k;
	const char *top = getenv("ORGWORK_TOP");
	char *out = buf[k++ % 4];

	if (top && *top) {
		snprintf(out, 1024, "%s/tests/fixtures/import/%s", top, name);
		return out;
	}
	snprintf(out, 1024, "tests/fixtures/import/%s", name);
	if (access(out, F_OK) == 0)
		return out;
	snprintf(out, 1024, "%s", __FILE__);
	char *slash = strrchr(out, '/');
	if (slash)
		snprintf(slash, (size_t)(out + 1024 - slash), "/../fixtures/import/%s", name);
	return out;
}

static struct db *fresh_db(const char *name)
{
	char path[256];
	struct db *db = NULL;
	struct error err = ERROR_INIT;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(db_open(path, DB_OPEN_CREATE, &db, &err), ST_OK);
	return db;
}

static int run(struct db *db, const char *file, int dry, struct import_result *res)
{
	struct import_options opt = { dry, "test", 0, DATE_NONE, 0, NULL };
	struct error err = ERROR_INIT;

	import_result_init(res);
	return import_file(db, fixture(file), &opt, res, &err);
}

static void test_dates(void **state)
{
	int d;
	(void)state;
	assert_int_equal(import_parse_date("2024-03-05", &d), ST_OK);
	assert_int_equal(d, date_from_ymd(2024, 3, 5));
	assert_int_equal(import_parse_date("2024/3/5", &d), ST_OK);
	assert_int_equal(d, date_from_ymd(2024, 3, 5));
	assert_int_equal(import_parse_date("2024.03.05", &d), ST_OK);
	assert_int_equal(import_parse_date("2024年3月5日", &d), ST_OK);
	assert_int_equal(d, date_from_ymd(2024, 3, 5));
	assert_int_equal(import_parse_date("20240305", &d), ST_OK);
	assert_int_equal(import_parse_date("2024-03-05 00:00:00", &d), ST_OK);
	assert_int_equal(import_parse_date("2024-02-30", &d), ST_INVALID);
	assert_int_equal(import_parse_date("03/05/2024", &d), ST_INVALID);
	assert_int_equal(import_parse_date("2024-3", &d), ST_INVALID);
	assert_int_equal(import_parse_date("yesterday", &d), ST_INVALID);
}

static void test_all_errors_collected(void **state)
{
	struct db *db = fresh_db("a.db");
	struct import_result res;
	(void)state;

	assert_int_equal(run(db, "orgs.csv", 0, &res), ST_OK);
	assert_int_equal(res.orgs, 6);
	assert_true(res.committed);
	import_result_release(&res);

	assert_int_equal(run(db, "members-errors.csv", 0, &res), ST_INVALID);
	assert_int_equal(res.nr_errors, 6);
	assert_int_equal(res.nr_issues, 6);
	assert_int_equal(res.issues[0].line, 3);
	assert_string_equal(res.issues[0].column, "公民身份号码");
	assert_non_null(strstr(res.issues[0].reason, "also on line 2"));
	assert_int_equal(res.issues[1].line, 4);
	assert_string_equal(res.issues[1].column, "姓名");
	assert_int_equal(res.issues[5].line, 5);
	assert_false(res.committed);
	import_result_release(&res);

	/* the good rows of that file were not kept */
	assert_int_equal(run(db, "members-bad.csv", 0, &res), ST_INVALID);
	assert_int_equal(res.nr_errors, 1);
	assert_int_equal(res.issues[0].line, 4);
	assert_string_equal(res.issues[0].value, "110105196101010150");
	import_result_release(&res);

	/* dry run of a good file: valid, nothing written */
	assert_int_equal(run(db, "members.csv", 1, &res), ST_OK);
	assert_int_equal(res.members, 5);
	assert_false(res.committed);
	import_result_release(&res);
	assert_int_equal(run(db, "members.csv", 0, &res), ST_OK);
	assert_int_equal(res.members, 5);
	assert_true(res.committed);
	import_result_release(&res);
	/* now every ID is already stored */
	assert_int_equal(run(db, "members.csv", 1, &res), ST_INVALID);
	assert_int_equal(res.nr_errors, 5);
	assert_non_null(strstr(res.issues[0].reason, "already in the database"));
	import_result_release(&res);
	db_close(db);
}

static void test_issue_cap(void **state)
{
	struct db *db = fresh_db("b.db");
	struct import_options opt = { 1, "test", 2, DATE_NONE, 0, NULL };
	struct import_result res;
	struct error err = ERROR_INIT;
	(void)state;

	import_result_init(&res);
	assert_int_equal(import_file(db, fixture("members-errors.csv"), &opt, &res, &err),
			 ST_INVALID);
	/* every error counted (in this empty database the organizations of
	 * lines 2 to 5 are unknown too: 8 errors), the first two kept */
	assert_int_equal(res.nr_issues, 2);
	assert_int_equal(res.nr_errors, 8);
	assert_int_equal(res.issues[0].line, 2);
	assert_string_equal(res.issues[0].column, "所在党组织");
	assert_int_equal(res.issues[1].line, 3);
	assert_string_equal(res.issues[1].column, "所在党组织");
	import_result_release(&res);
	db_close(db);
}

static void test_org_cycles(void **state)
{
	struct db *db = fresh_db("c.db");
	struct import_result res;
	int cycles = 0;
	(void)state;

	assert_int_equal(run(db, "orgs-cycle.csv", 0, &res), ST_INVALID);
	for (size_t i = 0; i < res.nr_issues; i++)
		if (strstr(res.issues[i].reason, "parent cycle"))
			cycles++;
	assert_int_equal(cycles, 3);
	assert_int_equal(res.nr_errors, 5);
	import_result_release(&res);
	db_close(db);
}

static void test_xlsx(void **state)
{
	struct db *db = fresh_db("d.db");
	struct import_result res;
	char line[512];
	(void)state;

	assert_int_equal(run(db, "book.xlsx", 0, &res), ST_OK);
	assert_int_equal(res.orgs, 2);
	assert_int_equal(res.members, 2);
	import_result_release(&res);
	assert_int_equal(run(db, "numeric-id.xlsx", 0, &res), ST_INVALID);
	assert_string_equal(res.issues[0].sheet, "members");
	assert_int_equal(res.issues[0].line, 2);
	import_issue_describe(&res.issues[0], line, sizeof(line));
	assert_non_null(strstr(line, "members row 2, 公民身份号码: the ID number is stored as a number"));
	import_result_release(&res);
	db_close(db);
}

/* Writes n valid members (person records only) to path; line bad_line
 * (2-based, 0 for none) gets a wrong check character. */
static void write_members(const char *path, int n, int bad_line)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	FILE *f = fopen(path, "w");
	int y, m, d;

	assert_non_null(f);
	fputs("姓名,公民身份号码,民族,学历,职业,手机号码,联系地址\n", f);
	for (int i = 0; i < n; i++) {
		char id[19];
		int sum = 0;
		date_to_ymd(date_from_ymd(1960, 1, 1) + i, &y, &m, &d);
		snprintf(id, sizeof(id), "110105%04d%02d%02d001", y, m, d);
		for (int k = 0; k < 17; k++)
			sum += (id[k] - '0') * w[k];
		id[17] = "10X98765432"[sum % 11];
		id[18] = '\0';
		if (i + 2 == bad_line)
			id[17] = id[17] == '0' ? '1' : '0';
		fprintf(f, "张%d,%s,汉族,大学本科毕业,工人,138%08d,某路%d号\n", i, id, i, i);
	}
	assert_int_equal(fclose(f), 0);
}

/* The bulk path: a writer thread, several rounds of its batch queue. */
static void test_bulk(void **state)
{
	struct db *db = fresh_db("e.db");
	struct import_options opt = { 0, "test", 0, DATE_NONE, 1, NULL };
	struct import_result res;
	struct error err = ERROR_INIT;
	char path[256];
	(void)state;

	snprintf(path, sizeof(path), "%s/bulk.csv", dir);
	/* a bad row near the end: reported, nothing written */
	write_members(path, 5000, 4990);
	import_result_init(&res);
	assert_int_equal(import_file(db, path, &opt, &res, &err), ST_INVALID);
	assert_int_equal(res.nr_errors, 1);
	assert_int_equal(res.issues[0].line, 4990);
	assert_false(res.committed);
	import_result_release(&res);

	write_members(path, 5000, 0);
	import_result_init(&res);
	assert_int_equal(import_file(db, path, &opt, &res, &err), ST_OK);
	assert_int_equal(res.members, 5000);
	assert_true(res.committed);
	import_result_release(&res);

	/* every row was written: all of them are now known (first failed load
	 * left nothing behind, or these would be fewer) */
	opt.dry_run = 1;
	import_result_init(&res);
	assert_int_equal(import_file(db, path, &opt, &res, &err), ST_INVALID);
	assert_int_equal(res.nr_errors, 5000);
	assert_non_null(strstr(res.issues[0].reason, "already in the database"));
	assert_int_equal(res.issues[999].line, 1001);
	import_result_release(&res);
	db_close(db);
}

static int setup(void **state)
{
	char key[128];
	(void)state;
	setenv("ORGWORK_TODAY", "2026-11-25", 1);
	if (!mkdtemp(dir))
		return -1;
	/* one data key for every scratch database of this process */
	snprintf(key, sizeof(key), "%s/key", dir);
	setenv("ORGWORK_KEY_FILE", key, 1);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_all_errors_collected),
		cmocka_unit_test(test_issue_cap),
		cmocka_unit_test(test_org_cycles),
		cmocka_unit_test(test_xlsx),
		cmocka_unit_test(test_bulk),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
