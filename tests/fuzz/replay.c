/*
 * replay.c - the main of a fuzz harness built without libFuzzer: feeds
 * each file named on the command line (a directory: each regular file in
 * it, in name order) once to LLVMFuzzerTestOneInput and prints how many
 * it fed. make check runs every corpus this way under ASan and UBSan, so
 * the corpora of tests/fuzz/corpus/ are regression tests. Not a fuzzer:
 * it generates nothing. Exits 1 when a file cannot be read, 2 with no
 * input; a crash is the sanitizers' to report.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int feed(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		if (f)
			fclose(f);
		return -1;
	}
	/* an exact-size copy, so ASan sees any read past the input */
	buf = xmalloc(n ? (size_t)n : 1);
	if (n && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
	int fed = 0, bad = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		struct dirent **list;
		int n;

		if (stat(argv[i], &st)) {
			fprintf(stderr, "replay: cannot read %s\n", argv[i]);
			bad = 1;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad |= feed(argv[i]) != 0;
			fed++;
			continue;
		}
		if ((n = scandir(argv[i], &list, NULL, by_name)) < 0) {
			fprintf(stderr, "replay: cannot read %s\n", argv[i]);
			bad = 1;
			continue;
		}
		for (int k = 0; k < n; k++) {
			char path[4096];
			snprintf(path, sizeof(path), "%s/%s", argv[i], list[k]->d_name);
			if (list[k]->d_name[0] != '.' && !stat(path, &st) && S_ISREG(st.st_mode)) {
				bad |= feed(path) != 0;
				fed++;
			}
			free(list[k]);
		}
		free(list);
	}
	printf("replayed %d inputs\n", fed);
	return bad ? 1 : fed ? 0 : 2;
}
