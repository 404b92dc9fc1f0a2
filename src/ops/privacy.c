/*
 * privacy.c - the masking rule of ops/privacy.h. Pure: no I/O, no
 * allocation. Not for deciding who may see clear values (ops/auth.c) nor
 * for logging that they did (ops/audit.c).
 */
#include <stdio.h>
#include <string.h>

#include "ops/privacy.h"

void privacy_mask_id_number(const char *id_number, char *out, size_t size)
{
	size_t n, k = 0;

	if (!out || size == 0)
		return;
	n = id_number ? strlen(id_number) : 0;
	for (size_t i = 0; i < n && k + 1 < size; i++) {
		int keep = n >= 10 && (i < 6 || i >= n - 4);
		out[k++] = keep ? id_number[i] : '*';
	}
	out[k] = '\0';
}

void privacy_mask_phone(const char *phone, char *out, size_t size)
{
	size_t len = phone ? strlen(phone) : 0;

	if (!out || size == 0)
		return;
	if (len == 11 && phone[0] == '1')
		snprintf(out, size, "%.3s****%.4s", phone, phone + 7);
	else if (len > 6)
		snprintf(out, size, "%.4s****%s", phone, phone + len - 2);
	else if (len)
		snprintf(out, size, "****");
	else
		out[0] = '\0';
}

void privacy_mask_address(const char *address, char *out, size_t size)
{
	if (!out || size == 0)
		return;
	snprintf(out, size, "%s", address && *address ? PRIVACY_ADDRESS_MASK : "");
}

void privacy_mask_person(struct person *p)
{
	char buf[PERSON_ADDRESS_SIZE];

	if (p->masked)
		return;
	/* Each masked form is cut to its field's size, then copied over it. */
	privacy_mask_id_number(p->id_number, buf, sizeof(p->id_number));
	memcpy(p->id_number, buf, strlen(buf) + 1);
	privacy_mask_phone(p->phone, buf, sizeof(p->phone));
	memcpy(p->phone, buf, strlen(buf) + 1);
	privacy_mask_address(p->address, buf, sizeof(p->address));
	memcpy(p->address, buf, strlen(buf) + 1);
	p->masked = 1;
}
