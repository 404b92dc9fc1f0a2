/*
 * fuzz-person.c - libFuzzer target: record validation and the pinyin of
 * arbitrary names must never crash or overflow; a record that validates
 * validates again unchanged (normalization is idempotent).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "model/codes.h"
#include "model/person.h"
#include "model/pinyin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct person p, q;
	char py[64], ini[16];
	unsigned char key[128];
	size_t third = size / 3;

	person_init(&p);
	if (third >= sizeof(p.name))
		return 0;
	memcpy(p.name, data, third);
	memcpy(p.id_number, data + third, third < sizeof(p.id_number) - 1 ? third : sizeof(p.id_number) - 1);
	memcpy(p.phone, data + 2 * third, third < sizeof(p.phone) - 1 ? third : sizeof(p.phone) - 1);
	p.sex = size % 3;
	p.ethnicity = 1;
	p.education = 21;
	p.occupation = OCC_WORKERS;
	p.birth_date = date_from_ymd(1980, 1, 1);
	pinyin_of_name(p.name, py, sizeof(py), ini, sizeof(ini));
	pinyin_sort_key(p.name, key, sizeof(key));
	if (person_validate(&p, date_from_ymd(2026, 1, 1), NULL, NULL) == ST_OK) {
		q = p;
		if (person_validate(&q, date_from_ymd(2026, 1, 1), NULL, NULL) != ST_OK ||
		    memcmp(&p, &q, sizeof(p)) != 0)
			abort();
	}
	return 0;
}
