/*
 * pinyin-speed.c - times pinyin_of_name() and pinyin_sort_key() over one
 * million generated names and prints nanoseconds per name.
 *
 * Built on request only: `ninja -C <build> pinyin-speed`. Not a test: the
 * numbers depend on the machine. Names are drawn with a fixed seed from
 * common surnames and given-name characters, so runs are comparable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/error.h"
#include "model/pinyin.h"

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
	"马", "朱", "胡", "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋",
	"唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "单", "区", "解", "欧阳",
	"诸葛", "司马", "上官", "尉迟",
};

static const char given[] =
	"伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红文"
	"辉玉兰俊峰海燕雪梅立新春晓东宇浩然子轩梓涵一诺欣怡思远博文佳琪";

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long count = 1000000;
	size_t ns = sizeof(surnames) / sizeof(surnames[0]);
	size_t ng = (sizeof(given) - 1) / 3;
	char (*names)[32];
	char py[64], ini[16];
	unsigned char key[128];
	unsigned seed = 12345;
	double t0, t1, t2, t3;
	size_t total = 0;

	if (argc > 1) {
		char *end;

		count = strtol(argv[1], &end, 10);
		if (*end || count <= 0) {
			fprintf(stderr, "usage: pinyin-speed [names]\n");
			return 2;
		}
	}
	names = malloc((size_t)count * sizeof(*names));
	if (!names)
		return 1;
	for (long i = 0; i < count; i++) {
		size_t len;

		seed = seed * 1103515245u + 12345u;
		len = (size_t)snprintf(names[i], sizeof(names[i]), "%s",
				       surnames[(seed >> 8) % ns]);
		for (int k = 0; k < 1 + (int)((seed >> 20) & 1); k++) {
			seed = seed * 1103515245u + 12345u;
			memcpy(names[i] + len, given + 3 * ((seed >> 8) % ng), 3);
			len += 3;
		}
		names[i][len] = '\0';
	}
	t0 = now();
	if (pinyin_init() != ST_OK) {
		fprintf(stderr, "pinyin_init failed\n");
		return 1;
	}
	t1 = now();
	for (long i = 0; i < count; i++) {
		pinyin_of_name(names[i], py, sizeof(py), ini, sizeof(ini));
		total += strlen(py);
	}
	t2 = now();
	for (long i = 0; i < count; i++)
		total += pinyin_sort_key(names[i], key, sizeof(key));
	t3 = now();
	printf("init %.1f ms\n", (t1 - t0) * 1e3);
	printf("pinyin+initials %.0f ns/name\n", (t2 - t1) * 1e9 / (double)count);
	printf("sort key        %.0f ns/name\n", (t3 - t2) * 1e9 / (double)count);
	printf("total           %.0f ns/name over %ld names (%zu)\n",
	       (t3 - t1) * 1e9 / (double)count, count, total);
	pinyin_release();
	free(names);
	return 0;
}
