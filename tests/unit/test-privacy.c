/*
 * test-privacy.c - ops/privacy.c: the masking rule for ID numbers, phones
 * and addresses, a record masked in place (and only once), the JSON codec
 * writing what it is given, and the refusal to write a masked record.
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
#include "json/codec.h"
#include "model/codes.h"
#include "ops/member-ops.h"
#include "ops/privacy.h"
#include "store/db.h"

static void id_numbers(void **state)
{
	char out[IDCARD_SIZE], small[8];

	(void)state;
	privacy_mask_id_number("11010519491231002X", out, sizeof(out));
	assert_string_equal(out, "110105********002X");
	privacy_mask_id_number("440524188001010014", out, sizeof(out));
	assert_string_equal(out, "440524********0014");
	privacy_mask_id_number("11010519491231002X", small, sizeof(small));
	assert_string_equal(small, "110105*");
	privacy_mask_id_number("12345", out, sizeof(out));
	assert_string_equal(out, "*****");
	privacy_mask_id_number("", out, sizeof(out));
	assert_string_equal(out, "");
	privacy_mask_id_number(NULL, out, sizeof(out));
	assert_string_equal(out, "");
	privacy_mask_id_number("11010519491231002X", out, 0); /* no write */
}

static void phones_and_addresses(void **state)
{
	char out[32];

	(void)state;
	privacy_mask_phone("13812345678", out, sizeof(out));
	assert_string_equal(out, "138****5678");
	privacy_mask_phone("010-12345678", out, sizeof(out));
	assert_string_equal(out, "010-****78");
	privacy_mask_phone("12345", out, sizeof(out));
	assert_string_equal(out, "****");
	privacy_mask_phone("", out, sizeof(out));
	assert_string_equal(out, "");
	privacy_mask_phone(NULL, out, sizeof(out));
	assert_string_equal(out, "");
	privacy_mask_address("北京市东城区某街1号", out, sizeof(out));
	assert_string_equal(out, "***");
	privacy_mask_address("", out, sizeof(out));
	assert_string_equal(out, "");
}

static void sample(struct person *p)
{
	person_init(p);
	p->id = 7;
	snprintf(p->name, sizeof(p->name), "张三");
	p->sex = SEX_FEMALE;
	p->birth_date = date_from_ymd(1949, 12, 31);
	p->ethnicity = 1;
	p->education = 21;
	p->occupation = code_by_key(&code_occupation, "workers")->code;
	snprintf(p->id_number, sizeof(p->id_number), "11010519491231002X");
	snprintf(p->phone, sizeof(p->phone), "13812345678");
	snprintf(p->address, sizeof(p->address), "北京市东城区某街1号");
}

static void person_in_place(void **state)
{
	struct person p;

	(void)state;
	sample(&p);
	privacy_mask_person(&p);
	assert_int_equal(p.masked, 1);
	assert_string_equal(p.id_number, "110105********002X");
	assert_string_equal(p.phone, "138****5678");
	assert_string_equal(p.address, "***");
	assert_string_equal(p.name, "张三");
	privacy_mask_person(&p);   /* a second time changes nothing */
	assert_string_equal(p.id_number, "110105********002X");
	assert_string_equal(p.phone, "138****5678");
	person_init(&p);
	privacy_mask_person(&p);
	assert_string_equal(p.id_number, "");
	assert_string_equal(p.phone, "");
	assert_string_equal(p.address, "");
}

/* The codec masks nothing: what it writes is what the record holds. */
static void codec_writes_what_it_is_given(void **state)
{
	struct person p;
	json_t *j;

	(void)state;
	sample(&p);
	j = person_to_json(&p);
	assert_string_equal(json_string_value(json_object_get(j, "id_number")),
			    "11010519491231002X");
	assert_string_equal(json_string_value(json_object_get(j, "phone")), "13812345678");
	assert_true(json_is_false(json_object_get(j, "masked")));
	json_decref(j);
	privacy_mask_person(&p);
	j = person_to_json(&p);
	assert_string_equal(json_string_value(json_object_get(j, "id_number")),
			    "110105********002X");
	assert_string_equal(json_string_value(json_object_get(j, "address")), "***");
	assert_true(json_is_true(json_object_get(j, "masked")));
	json_decref(j);
	person_init(&p);
	privacy_mask_person(&p);
	j = person_to_json(&p);
	assert_true(json_is_null(json_object_get(j, "id_number")));
	assert_true(json_is_null(json_object_get(j, "phone")));
	assert_true(json_is_null(json_object_get(j, "address")));
	json_decref(j);
}

/* A masked record never reaches the database. */
static void masked_record_not_written(void **state)
{
	char path[256], p2[300];
	struct error err = ERROR_INIT;
	struct person p, back;
	struct db *db = NULL;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/test-privacy-%d.db", (int)getpid());
	unlink(path);
	assert_int_equal(db_open(path, DB_OPEN_CREATE, &db, NULL), ST_OK);
	sample(&p);
	privacy_mask_person(&p);
	assert_int_equal(member_create(db, &p, "test", NULL, &err), ST_INTERNAL);
	sample(&p);
	assert_int_equal(member_create(db, &p, "test", NULL, NULL), ST_OK);
	back = p;
	privacy_mask_person(&back);
	error_clear(&err);
	assert_int_equal(member_update(db, &back, "test", NULL, &err), ST_INTERNAL);
	assert_int_equal(person_store_get(db, p.id, &back, NULL), ST_OK);
	assert_string_equal(back.id_number, "11010519491231002X");
	assert_string_equal(back.phone, "13812345678");
	assert_int_equal(back.masked, 0);
	db_close(db);
	static const char *const ext[] = { "", ".key", "-wal", "-shm", ".key.checkpoints" };
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p2, sizeof(p2), "%s%s", path, ext[i]);
		unlink(p2);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(id_numbers),
		cmocka_unit_test(phones_and_addresses),
		cmocka_unit_test(person_in_place),
		cmocka_unit_test(codec_writes_what_it_is_given),
		cmocka_unit_test(masked_record_not_written),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
