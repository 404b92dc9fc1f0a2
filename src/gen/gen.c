/*
 * gen.c - the data generator (gen.h): organizations, then people.
 *
 * Organizations: every province of the division tables has its committee;
 * cities, counties, townships/streets and villages/communities are sampled
 * per province (at least one of each under each chosen parent) so that the
 * tree keeps the national shape at any size. Grassroots organization counts
 * by unit type and kind come from the profile: a seed matrix of kind shares
 * per unit type is fitted (IPF) to the published totals, scaled to the
 * member count and apportioned to provinces by population share. People:
 * joint tables of age band x joining period x occupation x college x sex
 * (members admitted before the reference year) and age band x occupation x
 * college x sex (new members of the year) are fitted to the profile's
 * marginals with feasibility built into the seeds; each block of people is
 * drawn from them by systematic sampling and shuffled. Not for SQL
 * (store/gen-store.c) nor for the command line (cmd/cmd-gen.c).
 */
#include "gen/gen-internal.h"
#include "store/audit-checkpoint.h"

/* ---- the run ---- */

static int setup_provinces(struct gen *g, struct error *err)
{
	double tot = 0;

	for (size_t i = 0; i < g->dv.n[DIV_PROVINCE]; i++) {
		const struct province_info *in;

		if (!g->dv.d[DIV_PROVINCE][i].usable)
			continue;
		if (g->nprov >= MAX_PROV)
			return error_set(err, ST_INVALID, "divisions", "too many provinces");
		in = province_info(g->dv.d[DIV_PROVINCE][i].code);
		g->prov_div[g->nprov] = (int)i;
		g->pinfo[g->nprov] = in;
		g->w[g->nprov] = in ? in->population : 1000;
		g->mrate[g->nprov] = in ? in->minority : 0.05;
		tot += g->w[g->nprov];
		g->nprov++;
	}
	if (!g->nprov)
		return error_set(err, ST_INVALID, "divisions",
				 "the division tables have no province with villages");
	for (int i = 0; i < g->nprov; i++) {
		g->w[i] /= tot;
		g->wcum[i] = (i ? g->wcum[i - 1] : 0) + g->w[i];
	}
	return ST_OK;
}

static void gen_release(struct gen *g)
{
	for (int pi = 0; pi < MAX_PROV; pi++) {
		for (int l = 0; l < 4; l++)
			free(g->locals[pi][l]);
		for (int s = 0; s < NR_SECTORS; s++) {
			free(g->pools[pi][s].org);
			free(g->pools[pi][s].cum);
		}
	}
	for (int a = 0; a < NA; a++)
		for (int j = 0; j < NJ; j++) {
			free(g->pairs[a][j].birth);
			free(g->pairs[a][j].join);
			free(g->pairs[a][j].cum);
		}
	gen_steps_release(g);
	free(g->orgs);
	free(g->regions);
	free(g->idc);
	strbuf_release(&g->places);
	divisions_release(&g->dv);
}

/* Removes path (when main) and its journal files. */
static void remove_db_files(const char *path, int main)
{
	static const char *const ext[] = { "", "-wal", "-shm", "-journal" };
	char buf[4096];

	for (size_t i = main ? 0 : 1; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(buf, sizeof(buf), "%s%s", path, ext[i]);
		unlink(buf);
	}
}

static void sync_dir_of(const char *path)
{
	char dir[4096];
	char *slash;
	int fd;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash == dir)
		dir[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) >= 0) {
		fsync(fd);
		close(fd);
	}
}

int gen_run(const struct gen_options *opt, struct gen_summary *sum,
	    struct error *err)
{
	struct gen *g = xcalloc(1, sizeof(*g));
	struct strbuf tmp = STRBUF_INIT, detail = STRBUF_INIT;
	char key_tmp[4096], key_final[4096], cp_tmp[4200], cp_final[4200];
	struct timespec t0, t1;
	struct stat sb;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(sum, 0, sizeof(*sum));
	g->opt = opt;
	g->sum = sum;
	strbuf_init(&g->places, 0);
	if (opt->members < 100 || opt->members > 200000000LL) {
		rc = error_set(err, ST_INVALID, "members",
			       "--members must be between 100 and 200000000");
		goto out;
	}
	if (opt->year < 1990 || opt->year > 2100) {
		rc = error_set(err, ST_INVALID, "year", "--year must be between 1990 and 2100");
		goto out;
	}
	if (!opt->force && stat(opt->db_path, &sb) == 0) {
		rc = error_set(err, ST_CONFLICT, "db",
			       "%s already exists (use --force to replace it)", opt->db_path);
		goto out;
	}
	rc = opt->profile_path ? profile_load(opt->profile_path, opt->year, &g->prof, err)
			       : profile_builtin(opt->year, &g->prof, err);
	if (rc)
		goto out;
	if ((rc = divisions_load(&g->dv, opt->divisions_dir, err)))
		goto out;
	g->year = opt->year;
	g->ref = ymd(opt->year, 12, 31);
	g->f = (double)opt->members / (g->prof.members * 1e4);
	rng_seed(&g->rng, opt->seed, 1);
	if ((rc = setup_provinces(g, err)) || (rc = gen_fit_people(g, err)))
		goto out;

	strbuf_addf(&tmp, "%s.tmp", opt->db_path);
	remove_db_files(tmp.buf, 1);
	crypto_key_path(tmp.buf, key_tmp, sizeof(key_tmp));
	crypto_key_path(opt->db_path, key_final, sizeof(key_final));
	if (strcmp(key_tmp, key_final))
		unlink(key_tmp); /* a leftover of an interrupted run */
	audit_checkpoint_path(tmp.buf, cp_tmp, sizeof(cp_tmp));
	audit_checkpoint_path(opt->db_path, cp_final, sizeof(cp_final));
	if (strcmp(cp_tmp, cp_final))
		unlink(cp_tmp);
	if ((rc = db_open(tmp.buf, DB_OPEN_CREATE, &g->db, err)) ||
	    (rc = gen_store_begin(g->db, err)) || (rc = gen_build_orgs(g, err)))
		goto out;
	g->idc_years = g->year - MIN_BIRTH_YEAR + 1;
	g->idc = xcalloc(g->nr_regions * (size_t)g->idc_years * 2, sizeof(uint32_t));
	if ((rc = gen_steps_setup(g)) || (rc = gen_build_people(g, err)) ||
	    (rc = gen_build_dues(g, err)))
		goto out;
	strbuf_addf(&detail,
		    "{\"members\":%lld,\"seed\":%llu,\"year\":%d,\"profile\":%s,"
		    "\"orgs\":%lld,\"persons\":%lld}",
		    opt->members, (unsigned long long)opt->seed, opt->year,
		    opt->profile_path ? "\"file\"" : "\"built-in\"", sum->orgs,
		    sum->persons);
	if ((rc = gen_store_finish(g->db, detail.buf, err)) || (rc = gen_transfers(g, err)))
		goto out;
	db_close(g->db);
	g->db = NULL;
	remove_db_files(opt->db_path, 0); /* a stale WAL must not meet the new file */
	if (rename(tmp.buf, opt->db_path)) {
		rc = error_set(err, ST_IO, "db", "cannot rename %s to %s: %s", tmp.buf,
			       opt->db_path, strerror(errno));
		goto out;
	}
	/* the data key made for the new file goes with it */
	crypto_key_path(tmp.buf, key_tmp, sizeof(key_tmp));
	crypto_key_path(opt->db_path, key_final, sizeof(key_final));
	if (strcmp(key_tmp, key_final) && rename(key_tmp, key_final) && errno != ENOENT) {
		rc = error_set(err, ST_IO, "key", "cannot rename %s to %s: %s", key_tmp,
			       key_final, strerror(errno));
		goto out;
	}
	/* and so do the audit checkpoints written for it (those of a file it
	 * replaces belong to that file) */
	if (strcmp(cp_tmp, cp_final) && rename(cp_tmp, cp_final) && errno != ENOENT) {
		rc = error_set(err, ST_IO, "checkpoints", "cannot rename %s to %s: %s", cp_tmp,
			       cp_final, strerror(errno));
		goto out;
	}
	sync_dir_of(opt->db_path);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	sum->seconds = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
out:
	if (g->db)
		db_close(g->db);
	if (rc && tmp.len) {
		remove_db_files(tmp.buf, 1);
		crypto_key_path(tmp.buf, key_tmp, sizeof(key_tmp));
		crypto_key_path(opt->db_path, key_final, sizeof(key_final));
		if (strcmp(key_tmp, key_final))
			unlink(key_tmp);
		audit_checkpoint_path(tmp.buf, cp_tmp, sizeof(cp_tmp));
		audit_checkpoint_path(opt->db_path, cp_final, sizeof(cp_final));
		if (strcmp(cp_tmp, cp_final))
			unlink(cp_tmp);
	}
	gen_release(g);
	free(g);
	strbuf_release(&tmp);
	strbuf_release(&detail);
	return rc;
}

