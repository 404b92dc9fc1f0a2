/*
 * names.h - realistic Chinese personal names for generated data.
 *
 * Surnames are drawn by their frequency in the population (the hundred most
 * common surnames with published shares, then a tail of rarer ones,
 * compound surnames included); given names are one or two characters from
 * lists of common characters that lean male or female, with older
 * generations more often given one character or a name typical of their
 * time. Uyghur and Kazakh members get transliterated names with the middle
 * dot, Tibetan members two-part Tibetan names, some Mongolian members
 * Mongolian names. Pure: the caller supplies the random bits, so that the
 * same bits give the same name. Not a name parser or validator.
 */
#ifndef OW_NAMES_H
#define OW_NAMES_H

#include <stddef.h>
#include <stdint.h>

/*
 * Writes a UTF-8 name into out (size >= 32 is always enough).
 * sex: SEX_MALE / SEX_FEMALE; ethnicity: GB/T 3304 code; birth_year for the
 * style of the time; r1, r2: uniformly random 64-bit values.
 */
void names_person(int sex, int ethnicity, int birth_year, uint64_t r1,
		  uint64_t r2, char *out, size_t size);

/* Number of surnames in the table and the share (0..1) of the i-th. */
size_t names_surname_count(void);
const char *names_surname(size_t i, double *share);

#endif
