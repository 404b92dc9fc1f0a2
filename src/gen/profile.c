/*
 * profile.c - the built-in bulletins and loading of profile files (jansson).
 *
 * The string below is a verbatim copy of data/bulletins.json (test-profile
 * checks that they agree); change both together. Loading walks a table of
 * fields (JSON path -> struct member) so that fallback, type checks and
 * error messages are the same for every field. Not for generation (gen.c).
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "core/strbuf.h"
#include "gen/profile.h"

static const char bulletins_json[] =
	"{\n"
	"  \"about\": \"Published figures of the annual intra-party statistics bulletin (党内统计公报), as of 31 December of each year. Unit: 万 (10,000 people or organizations) unless a field says otherwise. Shares are percentages of all members. Null means not published in the sources read.\",\n"
	"  \"2022\": {\n"
	"    \"members\": 9804.1,\n"
	"    \"new_members_in_year\": 244.9,\n"
	"    \"grassroots_organizations\": {\"total\": 506.5, \"committees\": 28.9, \"general_branches\": 32.0, \"branches\": 445.6},\n"
	"    \"women\": 2930.2,\n"
	"    \"ethnic_minorities\": 744.5,\n"
	"    \"college_or_above\": 5365.4,\n"
	"    \"age\": {\"<=30\": 1243.5, \"31-35\": 1150.0, \"36-40\": 1035.6, \"41-45\": 896.6, \"46-50\": 929.1, \"51-55\": 897.5, \"56-60\": 915.9, \">=61\": 2735.9},\n"
	"    \"joined\": {\"before_1949-10\": 9.6, \"1949-10_to_1978-12\": 1360.9, \"1978-12_to_2012-11\": 6053.2, \"since_2012-11\": 2380.5},\n"
	"    \"occupation\": {\"workers\": 664.9, \"farmers_herders_fishers\": 2603.2, \"professionals\": 1589.8, \"managers\": 1126.5, \"party_and_government_staff\": 778.4, \"students\": 290.1, \"other\": 764.5, \"retired\": 1986.7},\n"
	"    \"new_members\": {\"women\": 111.5, \"ethnic_minorities\": 25.6, \"age_<=35\": 198.8, \"college_or_above\": 125.9,\n"
	"                    \"occupation\": {\"workers\": 15.7, \"farmers_herders_fishers\": 37.6, \"professionals\": 35.8, \"managers\": 27.1, \"party_and_government_staff\": 12.3, \"students\": 93.6, \"other\": 22.8}},\n"
	"    \"applicants\": null,\n"
	"    \"activists\": null,\n"
	"    \"medals_glory_50_years_issued\": 99.5\n"
	"  },\n"
	"  \"2023\": {\n"
	"    \"members\": 9918.5,\n"
	"    \"new_members_in_year\": 240.8,\n"
	"    \"grassroots_organizations\": {\"total\": 517.6, \"committees\": 29.8, \"general_branches\": 32.5, \"branches\": 455.4},\n"
	"    \"women\": 3018.5,\n"
	"    \"ethnic_minorities\": 759.2,\n"
	"    \"college_or_above\": 5578.6,\n"
	"    \"age\": {\"<=30\": 1241.2, \"31-35\": 1119.6, \"36-40\": 1086.4, \"41-45\": 945.9, \"46-50\": 907.1, \"51-55\": 940.5, \"56-60\": 890.7, \">=61\": 2787.2},\n"
	"    \"joined\": {\"before_1949-10\": 6.8, \"1949-10_to_1978-12\": 1286.3, \"1978-12_to_2012-11\": 6014.2, \"since_2012-11\": 2611.2},\n"
	"    \"occupation\": {\"workers\": 664.3, \"farmers_herders_fishers\": 2607.5, \"professionals\": 1619.0, \"managers\": 1145.3, \"party_and_government_staff\": 764.5, \"students\": 277.1, \"other\": 776.4, \"retired\": 2064.4},\n"
	"    \"new_members\": {\"women\": 110.5, \"ethnic_minorities\": 25.2, \"age_<=35\": 198.3, \"college_or_above\": 128.0,\n"
	"                    \"occupation\": {\"workers\": 15.8, \"farmers_herders_fishers\": 37.5, \"professionals\": 35.1, \"managers\": 26.7, \"party_and_government_staff\": 11.9, \"students\": 91.9, \"other\": 21.8}},\n"
	"    \"applicants\": 2098,\n"
	"    \"activists\": 1054.7,\n"
	"    \"organizations_in_units\": {\"agencies\": 77.1, \"public_institutions\": 99.7, \"enterprises\": 160.0, \"social_organizations\": 18.3},\n"
	"    \"covered_units_with_party_organization\": {\"streets\": 9125, \"townships\": 29620, \"communities\": 119437, \"administrative_villages\": 488959, \"unit\": \"count\"},\n"
	"    \"medals_glory_50_years_issued\": 79.5\n"
	"  }\n"
	"}\n";

const char *const profile_age_keys[PROFILE_AGE_BANDS] = {
	"<=30", "31-35", "36-40", "41-45", "46-50", "51-55", "56-60", ">=61",
};
const char *const profile_period_keys[PROFILE_PERIODS] = {
	"before_1949-10", "1949-10_to_1978-12", "1978-12_to_2012-11",
	"since_2012-11",
};
const char *const profile_occupation_keys[PROFILE_OCCUPATIONS] = {
	"workers", "farmers_herders_fishers", "professionals", "managers",
	"party_and_government_staff", "students", "other", "retired",
};

const char *profile_builtin_json(void)
{
	return bulletins_json;
}

/*
 * One loadable field: dotted JSON path, the member it fills and the member
 * of its whole (NO_WHOLE for members itself). A field that a profile leaves
 * out or sets to null takes the end-2023 figure's share of its whole, times
 * the profile's whole: new_members.occupation.students is 91.9 / 240.8 of
 * new_members_in_year, whatever that is.
 */
struct field {
	char path[64];
	size_t offset, whole;
};

#define NO_WHOLE ((size_t)-1)
#define OF(m) offsetof(struct profile, m)
#define F(p, m, w) { p, OF(m), w }
static const struct field scalar_fields[] = {
	F("members", members, NO_WHOLE),
	F("new_members_in_year", new_members, OF(members)),
	F("grassroots_organizations.total", orgs_total, OF(members)),
	F("grassroots_organizations.committees", orgs_committees, OF(orgs_total)),
	F("grassroots_organizations.general_branches", orgs_general_branches, OF(orgs_total)),
	F("grassroots_organizations.branches", orgs_branches, OF(orgs_total)),
	F("organizations_in_units.agencies", orgs_agencies, OF(orgs_total)),
	F("organizations_in_units.public_institutions", orgs_institutions, OF(orgs_total)),
	F("organizations_in_units.enterprises", orgs_enterprises, OF(orgs_total)),
	F("organizations_in_units.social_organizations", orgs_social, OF(orgs_total)),
	F("women", women, OF(members)),
	F("ethnic_minorities", minorities, OF(members)),
	F("college_or_above", college, OF(members)),
	F("new_members.women", nm_women, OF(new_members)),
	F("new_members.ethnic_minorities", nm_minorities, OF(new_members)),
	F("new_members.age_<=35", nm_age35, OF(new_members)),
	F("new_members.college_or_above", nm_college, OF(new_members)),
	F("applicants", applicants, OF(members)),
	F("activists", activists, OF(members)),
};
#undef F

/* Top-level and nested keys that are known but not used. */
static const char *const ignored_keys[] = {
	"medals_glory_50_years_issued", "covered_units_with_party_organization",
	"about",
};

static int nr_fields(void)
{
	return (int)(sizeof(scalar_fields) / sizeof(scalar_fields[0])) +
	       PROFILE_AGE_BANDS + PROFILE_PERIODS + PROFILE_OCCUPATIONS +
	       PROFILE_OCCUPATIONS - 1;
}

/* The i-th field of the full list (scalars, then the keyed groups). */
static void field_at(int i, struct field *f)
{
	int ns = (int)(sizeof(scalar_fields) / sizeof(scalar_fields[0]));

	if (i < ns) {
		*f = scalar_fields[i];
		return;
	}
	i -= ns;
	if (i < PROFILE_AGE_BANDS) {
		snprintf(f->path, sizeof(f->path), "age.%s", profile_age_keys[i]);
		f->offset = offsetof(struct profile, age) + (size_t)i * sizeof(double);
		f->whole = OF(members);
		return;
	}
	i -= PROFILE_AGE_BANDS;
	if (i < PROFILE_PERIODS) {
		snprintf(f->path, sizeof(f->path), "joined.%s",
			 profile_period_keys[i]);
		f->offset = offsetof(struct profile, joined) + (size_t)i * sizeof(double);
		f->whole = OF(members);
		return;
	}
	i -= PROFILE_PERIODS;
	if (i < PROFILE_OCCUPATIONS) {
		snprintf(f->path, sizeof(f->path), "occupation.%s",
			 profile_occupation_keys[i]);
		f->offset = offsetof(struct profile, occupation) + (size_t)i * sizeof(double);
		f->whole = OF(members);
		return;
	}
	i -= PROFILE_OCCUPATIONS;
	snprintf(f->path, sizeof(f->path), "new_members.occupation.%s",
		 profile_occupation_keys[i]);
	f->offset = offsetof(struct profile, nm_occupation) + (size_t)i * sizeof(double);
	f->whole = OF(new_members);
}

/* Value at a dotted path, or NULL when a step is missing or null. */
static json_t *lookup(json_t *obj, const char *path)
{
	char part[64];
	const char *p = path;

	while (obj && json_is_object(obj)) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);

		/* keys like "1949-10_to_1978-12" have no dots; "age_<=35" neither */
		if (n >= sizeof(part))
			return NULL;
		memcpy(part, p, n);
		part[n] = '\0';
		obj = json_object_get(obj, part);
		if (!dot)
			return obj && !json_is_null(obj) ? obj : NULL;
		p = dot + 1;
	}
	return NULL;
}

/* Is prefix.key (prefix may be "") a known field or group? */
static int known_key(const char *prefix, const char *key)
{
	char path[128];
	struct field f;
	size_t n;

	snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "", key);
	n = strlen(path);
	for (size_t i = 0; i < sizeof(ignored_keys) / sizeof(ignored_keys[0]); i++)
		if (!strcmp(path, ignored_keys[i]))
			return 2;
	for (int i = 0; i < nr_fields(); i++) {
		field_at(i, &f);
		if (!strcmp(f.path, path))
			return 1;
		if (!strncmp(f.path, path, n) && f.path[n] == '.')
			return 1;
	}
	return 0;
}

/* Rejects keys that are neither fields nor groups of fields. */
static int check_keys(json_t *obj, const char *prefix, struct error *err)
{
	const char *key;
	json_t *v;
	char path[128];
	int rc;

	json_object_foreach(obj, key, v) {
		int k = known_key(prefix, key);

		snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "", key);
		if (!k)
			return error_set(err, ST_INVALID, path,
					 "unknown profile field '%s' (a profile is one year's object, e.g. jq '.\"2023\"' bulletins.json)",
					 path);
		if (k == 1 && json_is_object(v) && (rc = check_keys(v, path, err)))
			return rc;
		if (k == 1 && !json_is_object(v) && !json_is_null(v) &&
		    !json_is_number(v))
			return error_set(err, ST_INVALID, path,
					 "profile field '%s' must be a number, an object or null",
					 path);
	}
	return ST_OK;
}

static double *member_at(struct profile *p, size_t offset)
{
	return (double *)((char *)p + offset);
}

static double value_at(const struct profile *p, size_t offset)
{
	return *(const double *)((const char *)p + offset);
}

/* Copies every present, non-null field of obj into p; given[i] (if not
 * NULL) says which of field i were present. */
static int apply(json_t *obj, struct profile *p, unsigned char *given,
		 struct error *err)
{
	struct field f;

	for (int i = 0; i < nr_fields(); i++) {
		json_t *v;
		double d;

		field_at(i, &f);
		if (!(v = lookup(obj, f.path)))
			continue;
		if (given)
			given[i] = 1;
		if (!json_is_number(v))
			return error_set(err, ST_INVALID, f.path,
					 "profile field '%s' must be a number", f.path);
		d = json_number_value(v);
		if (!isfinite(d) || d < 0)
			return error_set(err, ST_INVALID, f.path,
					 "profile field '%s' must not be negative", f.path);
		*member_at(p, f.offset) = d;
	}
	return ST_OK;
}

/* Depth of a field in the tree of wholes: members 0, its parts 1, theirs 2. */
static int depth_of(const struct field *f)
{
	if (f->whole == NO_WHOLE)
		return 0;
	return f->whole == OF(members) ? 1 : 2;
}

/* Fields the profile did not give: the default's share of the whole, times
 * the profile's whole (wholes first, so that a part scales with a whole that
 * fell back itself). */
static void fall_back(struct profile *p, const struct profile *def,
		      const unsigned char *given)
{
	struct field f;

	for (int d = 0; d <= 2; d++)
		for (int i = 0; i < nr_fields(); i++) {
			field_at(i, &f);
			if (given[i] || depth_of(&f) != d)
				continue;
			if (d == 0) {
				*member_at(p, f.offset) = value_at(def, f.offset);
				continue;
			}
			double dw = value_at(def, f.whole);
			*member_at(p, f.offset) =
				dw > 0 ? value_at(def, f.offset) / dw * value_at(p, f.whole) : 0;
		}
}

static double sum(const double *v, int n)
{
	double s = 0;

	for (int i = 0; i < n; i++)
		s += v[i];
	return s;
}

static int check_sum(const char *field, double s, double whole, const char *of,
		     struct error *err)
{
	if (fabs(s - whole) > 0.02 * whole)
		return error_set(err, ST_INVALID, field,
				 "profile: the %s figures sum to %.1f, but %s is %.1f",
				 field, s, of, whole);
	return ST_OK;
}

static int check_part(const char *field, double part, double whole,
		      const char *of, struct error *err)
{
	if (part > whole * 1.0001)
		return error_set(err, ST_INVALID, field,
				 "profile: %s (%.1f) is larger than %s (%.1f)",
				 field, part, of, whole);
	return ST_OK;
}

/* Consistency of a filled profile. */
static int check(struct profile *p, struct error *err)
{
	int rc;
	double units;

	if (p->members <= 0)
		return error_set(err, ST_INVALID, "members",
				 "profile: members must be positive");
	if (p->orgs_total <= 0)
		return error_set(err, ST_INVALID, "grassroots_organizations.total",
				 "profile: grassroots_organizations.total must be positive");
	p->nm_occupation[PROFILE_OCCUPATIONS - 1] = 0;
	units = p->orgs_agencies + p->orgs_institutions + p->orgs_enterprises +
		p->orgs_social;
	if ((rc = check_sum("age", sum(p->age, PROFILE_AGE_BANDS), p->members,
			    "members", err)) ||
	    (rc = check_sum("joined", sum(p->joined, PROFILE_PERIODS),
			    p->members, "members", err)) ||
	    (rc = check_sum("occupation", sum(p->occupation, PROFILE_OCCUPATIONS),
			    p->members, "members", err)) ||
	    (rc = check_sum("grassroots_organizations",
			    p->orgs_committees + p->orgs_general_branches +
				    p->orgs_branches,
			    p->orgs_total, "grassroots_organizations.total", err)) ||
	    (rc = check_sum("new_members.occupation",
			    sum(p->nm_occupation, PROFILE_OCCUPATIONS),
			    p->new_members, "new_members_in_year", err)) ||
	    (rc = check_part("organizations_in_units", units, p->orgs_total,
			     "grassroots_organizations.total", err)) ||
	    (rc = check_part("new_members_in_year", p->new_members, p->members,
			     "members", err)) ||
	    (rc = check_part("new_members_in_year", p->new_members,
			     p->joined[PROFILE_PERIODS - 1],
			     "joined.since_2012-11", err)) ||
	    (rc = check_part("women", p->women, p->members, "members", err)) ||
	    (rc = check_part("activists", p->activists, p->applicants,
			     "applicants (who include the activists)", err)) ||
	    (rc = check_part("ethnic_minorities", p->minorities, p->members,
			     "members", err)) ||
	    (rc = check_part("college_or_above", p->college, p->members,
			     "members", err)) ||
	    (rc = check_part("new_members.women", p->nm_women, p->new_members,
			     "new_members_in_year", err)) ||
	    (rc = check_part("new_members.ethnic_minorities", p->nm_minorities,
			     p->new_members, "new_members_in_year", err)) ||
	    (rc = check_part("new_members.age_<=35", p->nm_age35, p->new_members,
			     "new_members_in_year", err)) ||
	    (rc = check_part("new_members.college_or_above", p->nm_college,
			     p->new_members, "new_members_in_year", err)) ||
	    (rc = check_part("new_members.women", p->nm_women, p->women,
			     "women", err)) ||
	    (rc = check_part("new_members.ethnic_minorities", p->nm_minorities,
			     p->minorities, "ethnic_minorities", err)) ||
	    (rc = check_part("new_members.college_or_above", p->nm_college,
			     p->college, "college_or_above", err)))
		return rc;
	for (int i = 0; i < PROFILE_OCCUPATIONS - 1; i++) {
		char field[64];

		snprintf(field, sizeof(field), "new_members.occupation.%s",
			 profile_occupation_keys[i]);
		if ((rc = check_part(field, p->nm_occupation[i], p->occupation[i],
				     "the members' figure", err)))
			return rc;
	}
	return ST_OK;
}

static int parse_root(json_t **root, struct error *err)
{
	json_error_t je;

	*root = json_loads(bulletins_json, JSON_REJECT_DUPLICATES, &je);
	if (!*root)
		return error_set(err, ST_INTERNAL, NULL,
				 "built-in bulletins: %s (line %d)", je.text, je.line);
	return ST_OK;
}

int profile_has_year(int year)
{
	json_t *root;
	char key[16];
	int has;

	if (parse_root(&root, NULL))
		return 0;
	snprintf(key, sizeof(key), "%d", year);
	has = json_is_object(json_object_get(root, key));
	json_decref(root);
	return has;
}

/* Fills p from year's object over the built-in 2023 one: given figures as
 * given, missing ones by fall_back(). */
static int fill_builtin(json_t *root, struct profile *p, json_t *over,
			int year, struct error *err)
{
	json_t *base = json_object_get(root, "2023");
	struct profile def;
	unsigned char given[128] = { 0 };
	int rc;

	memset(p, 0, sizeof(*p));
	memset(&def, 0, sizeof(def));
	if (!json_is_object(base))
		return error_set(err, ST_INTERNAL, NULL, "built-in bulletins lack 2023");
	if ((size_t)nr_fields() > sizeof(given))
		return error_set(err, ST_INTERNAL, NULL, "profile: too many fields");
	if ((rc = apply(base, &def, NULL, err)))
		return rc;
	if (over && (rc = apply(over, p, given, err)))
		return rc;
	fall_back(p, &def, given);
	p->year = year;
	return check(p, err);
}

int profile_builtin(int year, struct profile *p, struct error *err)
{
	json_t *root = NULL, *obj;
	char key[16];
	int rc;

	if ((rc = parse_root(&root, err)))
		return rc;
	snprintf(key, sizeof(key), "%d", year);
	obj = json_object_get(root, key);
	if (!json_is_object(obj)) {
		rc = error_set(err, ST_NOT_FOUND, "year",
			       "no built-in bulletin for %d (built in: 2022, 2023; use --profile)",
			       year);
		goto out;
	}
	rc = fill_builtin(root, p, obj, year, err);
out:
	json_decref(root);
	return rc;
}

int profile_parse(const char *text, int year, struct profile *p,
		  struct error *err)
{
	json_t *root = NULL, *obj = NULL;
	json_error_t je;
	int rc;

	obj = json_loads(text, JSON_REJECT_DUPLICATES, &je);
	if (!obj) {
		rc = error_set(err, ST_INVALID, NULL, "profile: %s (line %d, column %d)",
			       je.text, je.line, je.column);
		goto out;
	}
	if (!json_is_object(obj)) {
		rc = error_set(err, ST_INVALID, NULL,
			       "profile: expected a JSON object (one year of the bulletin)");
		goto out;
	}
	if ((rc = check_keys(obj, "", err)) || (rc = parse_root(&root, err)))
		goto out;
	rc = fill_builtin(root, p, obj, year, err);
out:
	json_decref(obj);
	json_decref(root);
	return rc;
}

int profile_load(const char *path, int year, struct profile *p,
		 struct error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	strbuf_init(&sb, 1 << 20);
	if ((rc = strbuf_read_file(&sb, path))) {
		rc = error_set(err, rc == ST_TOO_BIG ? ST_TOO_BIG : ST_IO, "profile",
			       "cannot read profile %s", path);
		goto out;
	}
	if ((rc = profile_parse(sb.buf, year, p, err)))
		goto out;
out:
	strbuf_release(&sb);
	return rc;
}
