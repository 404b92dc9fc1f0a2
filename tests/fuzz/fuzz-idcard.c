/*
 * fuzz-idcard.c - libFuzzer target: GB 11643 checking and masking must
 * never crash, and a number it accepts must check again to itself.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "model/idcard.h"
#include "ops/privacy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[64], reason[128], masked[32];
	struct idcard_info info, again;

	if (size >= sizeof(text))
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (idcard_check(text, &info, reason, sizeof(reason)) == ST_OK) {
		if (idcard_check(info.normalized, &again, NULL, 0) != ST_OK ||
		    strcmp(info.normalized, again.normalized) != 0)
			abort();
		privacy_mask_id_number(info.normalized, masked, sizeof(masked));
		if (strlen(masked) != 18)
			abort();
	}
	return 0;
}
