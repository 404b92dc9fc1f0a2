// queries.mjs - the SQL of the statistics benchmark's peers (SQLite,
// PostgreSQL, DuckDB), written once with the few dialect differences
// parameterized, so every peer computes the same definitions as orgwork's
// statistics engine (src/stats/stats.h, engine.c, rollup.c, bulletin.c):
//
//  - a person counts only with a status of applicant .. deceased and an
//    organization (the export already keeps only those);
//  - effective dates: admitted = admitted, else the conversion date; full =
//    the conversion date, else the admission date when the status is full;
//    the exit date counts only for withdrawn, expelled and deceased;
//  - member on day D: admitted or full on or before D and not exited on or
//    before D (probationary + full);
//  - age on 31 December Y is Y - birth year (bulletin bands <=30 .. >=61);
//  - joining periods by the effective admission date: before 1949-10-01,
//    before 1978-12-18, before 2012-11-08, since;
//  - occupation keys outside the eight bulletin categories count as other;
//    minority = ethnicity code other than 1 (Han); college or above =
//    education codes 10-39; women = sex code 2;
//  - new members of Y: admitted from 1 January Y to D, whatever happened
//    after; applicants: not admitted, not full, not exited by D, with an
//    application, activist or target date on or before D; activists: with an
//    activist or target date on or before D;
//  - 50-year medals of Y: party age counts from the conversion to full
//    membership (Party Constitution art. 7): full (effective) after 1 July
//    Y-51 and on or before 1 July Y-50, not exited on or before 1 July Y;
//  - grassroots organizations: level 0, kind committee / working committee
//    (a street's 街道党工委 counts as a grassroots committee, as in the
//    published bulletin) / general branch / branch, established on or before
//    D (or no date), not dissolved by D.
//
// Schemas: "natural" is the application's own shape (orgs with parent_id,
// persons with text keys; subtrees by recursive CTE); "best" adds the
// preorder interval (orgs_b.pre .. orgs_b.post) and a members table sorted
// (clustered) by its organization's preorder number, with the per-person
// attributes the queries need precomputed at load time (the statistics
// engine does the same when it builds its columns).
// Not for running anything: peers.mjs runs these statements.

export const YEAR = 2023;
export const PAGE = 10;      // page number of the listing (1-based)
export const PAGE_SIZE = 50;

const OCC = ['workers', 'farmers_herders_fishers', 'professionals', 'managers',
  'party_and_government_staff', 'students', 'other', 'retired'];
const SECTORS = ['rural', 'community', 'agency', 'institution', 'soe',
  'non_public', 'university', 'social', 'other'];
export const STATUSES = ['applicant', 'activist', 'target', 'probationary',
  'full', 'withdrawn', 'expelled', 'deceased'];
const list = (a) => a.map((s) => `'${s}'`).join(', ');

// Dialect: how a date constant and a birth year are written, per schema.
// SQLite natural keeps ISO text dates (as the application does); SQLite best
// stores dates as integers YYYYMMDD.
//
// addMonths(c, n): date c plus n months (an SQL expression), the day
// clamped to the end of a shorter month (as src/core/date.c
// date_add_months): PostgreSQL's and DuckDB's interval arithmetic does
// that; SQLite's date() rolls over, so the end of the target month caps it.
const sqliteAddMonths = (c, n) => `min(date(${c}, '+' || (${n}) || ' months'),
    date(${c}, 'start of month', '+' || ((${n}) + 1) || ' months', '-1 day'))`;
export function dialect(engine, schema) {
  const iso = (d) => `'${d}'`;
  const num = (d) => d.replaceAll('-', '');
  if (engine === 'sqlite') {
    const toIso = (c) => `printf('%04d-%02d-%02d', ${c} / 10000, ${c} / 100 % 100, ${c} % 100)`;
    return {
      engine, schema,
      date: schema === 'best' ? num : iso,
      byear: (c) => `CAST(substr(${c}, 1, 4) AS INTEGER)`,
      addMonths: schema === 'best'
        ? (c, n) => `CAST(replace(${sqliteAddMonths(toIso(c), n)}, '-', '') AS INTEGER)`
        : sqliteAddMonths,
      F: 'FALSE',
    };
  }
  return {
    engine, schema,
    date: (d) => `DATE '${d}'`,
    byear: engine === 'postgres' ? (c) => `CAST(extract(year FROM ${c}) AS INTEGER)`
      : (c) => `year(${c})`,
    addMonths: engine === 'postgres'
      ? (c, n) => `CAST(${c} + (${n}) * INTERVAL '1 month' AS date)`
      : (c, n) => `CAST(${c} + to_months(CAST(${n} AS INTEGER)) AS DATE)`,
    F: 'FALSE',
  };
}

const occCase = (c) => `CASE ${c} ${OCC.map((k, i) => `WHEN '${k}' THEN ${i + 1}`).join(' ')} ELSE 7 END`;

// The per-person relation with effective dates and bulletin attributes,
// computed from the natural persons table (the "best" members table stores
// exactly these columns).
function naturalPersons(x, where) {
  return `SELECT id, org_id, sex, ${x.byear('birth_date')} AS byear,
    sex = 2 AS female, ethnicity <> 1 AS minority, education BETWEEN 10 AND 39 AS college,
    ${occCase('occupation')} AS occ, status, applied, activist, target,
    COALESCE(admitted, full_date) AS adm,
    COALESCE(full_date, CASE WHEN status = 'full' THEN admitted END) AS ful,
    CASE WHEN status IN ('withdrawn', 'expelled', 'deceased') THEN exited END AS ex,
    sort_key
  FROM persons${where ? ' WHERE ' + where : ''}`;
}

// Load-time statement (best schema) selecting the members table's rows.
export function membersSelect(x) {
  const d = x.engine === 'sqlite'
    ? (c) => `CAST(replace(${c}, '-', '') AS INTEGER)` : (c) => c;
  return `SELECT o.pre AS org_pre, p.id, p.sex, ${x.byear('p.birth_date')} AS byear,
    p.sex = 2 AS female, p.ethnicity <> 1 AS minority, p.education BETWEEN 10 AND 39 AS college,
    ${occCase('p.occupation')} AS occ, p.status, ${d('p.applied')} AS applied,
    ${d('p.activist')} AS activist, ${d('p.target')} AS target,
    ${d('COALESCE(p.admitted, p.full_date)')} AS adm,
    ${d("COALESCE(p.full_date, CASE WHEN p.status = 'full' THEN p.admitted END)")} AS ful,
    ${d("CASE WHEN p.status IN ('withdrawn', 'expelled', 'deceased') THEN p.exited END")} AS ex,
    p.sort_key
  FROM persons p JOIN org_pre o ON o.id = p.org_id
  ORDER BY o.pre, p.id`;
}

const memberOn = (x, D) =>
  `(COALESCE(adm <= ${D}, ${x.F}) OR COALESCE(ful <= ${D}, ${x.F})) AND (ex IS NULL OR ex > ${D})`;

const bandCase = (age) => `CASE WHEN ${age} <= 30 THEN 0 WHEN ${age} <= 35 THEN 1
    WHEN ${age} <= 40 THEN 2 WHEN ${age} <= 45 THEN 3 WHEN ${age} <= 50 THEN 4
    WHEN ${age} <= 55 THEN 5 WHEN ${age} <= 60 THEN 6 ELSE 7 END`;

// (a) members of a subtree by sex x age band as of 31 December YEAR.
export function rollupSql(x, orgId) {
  const D = x.date(`${YEAR}-12-31`);
  if (x.schema === 'natural') {
    return `WITH RECURSIVE sub(id) AS (SELECT CAST(${orgId} AS BIGINT) UNION ALL
      SELECT o.id FROM orgs o JOIN sub ON o.parent_id = sub.id),
    p AS (${naturalPersons(x, 'org_id IN (SELECT id FROM sub)')})
    SELECT sex, ${bandCase(`${YEAR} - byear`)} AS band, count(*) AS n
    FROM p WHERE ${memberOn(x, D)} GROUP BY 1, 2`;
  }
  return `SELECT sex, ${bandCase(`${YEAR} - byear`)} AS band, count(*) AS n
    FROM members
    WHERE org_pre BETWEEN (SELECT pre FROM orgs_b WHERE id = ${orgId})
                      AND (SELECT post FROM orgs_b WHERE id = ${orgId})
      AND ${memberOn(x, D)}
    GROUP BY 1, 2`;
}

// (b) the whole bulletin of YEAR for the whole tree. Column names are the
// keys compared with the engine's answer.
export function bulletinSql(x) {
  const D = x.date(`${YEAR}-12-31`);
  const Y0 = x.date(`${YEAR}-01-01`);
  const JUL = x.date(`${YEAR}-07-01`);
  const MLO = x.date(`${YEAR - 51}-07-01`), MHI = x.date(`${YEAR - 50}-07-01`);
  const P1 = x.date('1949-10-01'), P2 = x.date('1978-12-18'), P3 = x.date('2012-11-08');
  const src = x.schema === 'natural' ? `(${naturalPersons(x)})` : 'members';
  const orgs = x.schema === 'natural' ? 'orgs' : 'orgs_b';
  const ages = [[0, 30], [31, 35], [36, 40], [41, 45], [46, 50], [51, 55], [56, 60], [61, 999]];
  const c = (name, cond) => `count(*) FILTER (WHERE ${cond}) AS ${name}`;
  const cols = [
    c('members', 'mem'), c('women', 'mem AND female'), c('minorities', 'mem AND minority'),
    c('college_or_above', 'mem AND college'),
    ...ages.map(([lo, hi], i) => c(`age_${i}`, `mem AND age BETWEEN ${lo} AND ${hi}`)),
    c('joined_0', `mem AND adm < ${P1}`), c('joined_1', `mem AND adm >= ${P1} AND adm < ${P2}`),
    c('joined_2', `mem AND adm >= ${P2} AND adm < ${P3}`), c('joined_3', `mem AND adm >= ${P3}`),
    ...OCC.map((_, i) => c(`occ_${i + 1}`, `mem AND occ = ${i + 1}`)),
    c('new_members', 'nw'), c('new_women', 'nw AND female'), c('new_minorities', 'nw AND minority'),
    c('new_age_le_35', 'nw AND age <= 35'), c('new_college', 'nw AND college'),
    ...OCC.map((_, i) => c(`new_occ_${i + 1}`, `nw AND occ = ${i + 1}`)),
    c('applicants', `pipe AND (activist <= ${D} OR target <= ${D} OR applied <= ${D})`),
    c('activists', `pipe AND (activist <= ${D} OR target <= ${D})`),
    c('medals_50', `ful > ${MLO} AND ful <= ${MHI} AND (ex IS NULL OR ex > ${JUL})`),
  ];
  const ocols = [
    'count(*) AS grassroots_total',
    c('committees', "kind IN ('committee', 'working_committee')"), c('general_branches', "kind = 'general_branch'"),
    c('branches', "kind = 'branch'"),
    c('sector_0', `sector NOT IN (${list(SECTORS)})`),
    ...SECTORS.map((s, i) => c(`sector_${i + 1}`, `sector = '${s}'`)),
  ];
  return `WITH q AS (
    SELECT female, minority, college, occ, adm, ful, ex, applied, activist, target,
      ${YEAR} - byear AS age,
      ${memberOn(x, D)} AS mem,
      adm >= ${Y0} AND adm <= ${D} AS nw,
      (adm IS NULL OR adm > ${D}) AND (ful IS NULL OR ful > ${D}) AND (ex IS NULL OR ex > ${D}) AS pipe
    FROM ${src} AS s),
  m AS (SELECT ${cols.join(',\n    ')} FROM q),
  g AS (SELECT ${ocols.join(',\n    ')} FROM ${orgs}
    WHERE level = 0 AND kind IN ('committee', 'working_committee', 'general_branch', 'branch')
      AND (established IS NULL OR established <= ${D})
      AND (dissolved IS NULL OR dissolved > ${D}))
  SELECT * FROM m CROSS JOIN g`;
}

// (d) the national counts of the person findings (src/ops/findings.c) as of
// 31 December YEAR, with the rules of that day (probation 1 year,
// cultivation 1 year, conversion coming due within 30 days, the 50-year
// medal of the next 1 July): the date bounds ops/findings.c
// findings_engine_query derives, written out for YEAR = 2023.
//  - activists_eligible: an activist on D (activist date on or before D, no
//    target, admission or conversion by D, not exited) since D - 1 year;
//  - probation_overdue / probation_ending: probationary on D (admitted by
//    D, not full by D, not exited), the year ending before D / within D ..
//    D + 30 days;
//  - medal_due: full on D and not exited, the full date in (1 July 2024 - 51
//    years, 1 July 2024 - 50 years].
export const FINDINGS_BOUNDS = {
  act_by: `${YEAR - 1}-12-31`, over_by: `${YEAR - 1}-12-30`, due_from: `${YEAR - 1}-12-31`,
  due_by: `${YEAR}-01-30`, full_from: `${YEAR + 1 - 51}-07-02`, full_by: `${YEAR + 1 - 50}-07-01`,
};
// The four rules of the development track and lost contact, with the rules
// of that day (dev.talk_months 1, dev.approval_months 3,
// standing.lost_contact_months 6, probation 1 year), read from the
// person's track: the first talk, branch vote and approval steps, whether
// the application was a step, the months of the first extension (by date,
// then id), the latest lost-contact record (by start, then id):
//  - talk_overdue: an applicant on D (applied by D; no activist, target,
//    admission or full date by D; not exited) whose application plus a month
//    is before D, with no talk or a talk after that day; the talk is the
//    recorded step, else none when the application was a step, else the
//    application day when a key date is past the applicant stage;
//  - approval_overdue: a vote, no approval by D, not exited by D, the vote
//    plus 3 months before D;
//  - extension_overdue: probationary on D with an extension, the admission
//    plus its months plus 12 months before D;
//  - lost_contact_6m: probationary or full on D, the latest lost contact
//    started by D and not ended by D, its start plus 6 months on or before D.
// TRACK_MONTHS: the rules' months. tracksSelect: one row per person with a
// step of the track or a lost-contact record, from the exported steps and
// lost tables (the best schemas keep it as the table tracks, made at load
// time as the engine makes its entries; the natural schemas compute it in
// the query).
const TRACK_MONTHS = { talk: 1, approval: 3, lost: 6, probation: 12 };
export function tracksSelect() {
  return `SELECT p.person_id AS tid, t.talk, t.app, t.vote, t.appr, e.ext, l.lost_from, l.lost_to
  FROM (SELECT person_id FROM steps UNION SELECT person_id FROM lost) AS p
  LEFT JOIN (SELECT person_id,
      min(CASE WHEN step = 'talk' THEN date END) AS talk,
      max(CASE WHEN step = 'application' THEN 1 ELSE 0 END) AS app,
      min(CASE WHEN step = 'branch_vote' THEN date END) AS vote,
      min(CASE WHEN step = 'approval' THEN date END) AS appr
    FROM steps GROUP BY person_id) AS t ON t.person_id = p.person_id
  LEFT JOIN (SELECT person_id, months AS ext FROM (SELECT person_id, months,
      row_number() OVER (PARTITION BY person_id ORDER BY date, id) AS rn
      FROM steps WHERE step = 'probation_extension') AS s WHERE rn = 1) AS e
    ON e.person_id = p.person_id
  LEFT JOIN (SELECT person_id, start_date AS lost_from, end_date AS lost_to FROM
      (SELECT person_id, start_date, end_date,
        row_number() OVER (PARTITION BY person_id ORDER BY start_date DESC, id DESC) AS rn
      FROM lost) AS s WHERE rn = 1) AS l ON l.person_id = p.person_id`;
}

export function findingsSql(x) {
  const D = x.date(`${YEAR}-12-31`), b = {}, M = TRACK_MONTHS;
  for (const [k, v] of Object.entries(FINDINGS_BOUNDS)) b[k] = x.date(v);
  const src = x.schema === 'natural' ? `(${naturalPersons(x)})` : 'members';
  const trk = x.schema === 'natural' ? `(${tracksSelect()})` : 'tracks';
  const c = (name, cond) => `count(*) FILTER (WHERE ${cond}) AS ${name}`;
  const talkDue = x.addMonths('applied', String(M.talk));
  return `WITH q AS (
    SELECT activist, adm, ful, applied, vote, appr, ext, lost_from, lost_to,
      (ex IS NULL OR ex > ${D}) AS alive,
      COALESCE(adm <= ${D}, ${x.F}) AND (ful IS NULL OR ful > ${D}) AS prob,
      COALESCE(ful <= ${D}, ${x.F}) AS full_on,
      COALESCE(activist <= ${D}, ${x.F}) AND (target IS NULL OR target > ${D})
        AND (adm IS NULL OR adm > ${D}) AND (ful IS NULL OR ful > ${D}) AS act,
      COALESCE(applied <= ${D}, ${x.F}) AND (activist IS NULL OR activist > ${D})
        AND (target IS NULL OR target > ${D}) AND (adm IS NULL OR adm > ${D})
        AND (ful IS NULL OR ful > ${D}) AS appl,
      COALESCE(talk, CASE WHEN app = 1 THEN NULL
        WHEN activist IS NOT NULL OR adm IS NOT NULL OR ful IS NOT NULL THEN applied END) AS talk_on
    FROM ${src} AS s LEFT JOIN ${trk} AS tr ON tr.tid = s.id)
  SELECT ${c('activists_eligible', `act AND alive AND activist <= ${b.act_by}`)},
    ${c('probation_ending', `prob AND alive AND adm >= ${b.due_from} AND adm <= ${b.due_by}`)},
    ${c('probation_overdue', `prob AND alive AND adm <= ${b.over_by}`)},
    ${c('medal_due', `full_on AND alive AND ful >= ${b.full_from} AND ful <= ${b.full_by}`)},
    ${c('talk_overdue', `appl AND alive AND ${talkDue} < ${D}
      AND (talk_on IS NULL OR talk_on > ${talkDue})`)},
    ${c('approval_overdue', `vote IS NOT NULL AND NOT COALESCE(appr <= ${D}, ${x.F}) AND alive
      AND ${x.addMonths('vote', String(M.approval))} < ${D}`)},
    ${c('extension_overdue', `COALESCE(ext, 0) > 0 AND prob AND alive
      AND ${x.addMonths(x.addMonths('adm', 'ext'), String(M.probation))} < ${D}`)},
    ${c('lost_contact_6m', `lost_from IS NOT NULL AND lost_from <= ${D}
      AND NOT COALESCE(lost_to <= ${D}, ${x.F}) AND (prob OR full_on) AND alive
      AND ${x.addMonths('lost_from', String(M.lost))} <= ${D}`)}
  FROM q`;
}

// (c) page PAGE of PAGE_SIZE members (current status probationary or full)
// of a subtree in pinyin order (sort_key, then id), as ids.
export function listSql(x, orgId) {
  const tail = `status IN ('probationary', 'full')
    ORDER BY sort_key, id LIMIT ${PAGE_SIZE} OFFSET ${(PAGE - 1) * PAGE_SIZE}`;
  if (x.schema === 'natural') {
    return `WITH RECURSIVE sub(id) AS (SELECT CAST(${orgId} AS BIGINT) UNION ALL
      SELECT o.id FROM orgs o JOIN sub ON o.parent_id = sub.id)
    SELECT id FROM persons WHERE org_id IN (SELECT id FROM sub) AND ${tail}`;
  }
  return `SELECT id FROM members
    WHERE org_pre BETWEEN (SELECT pre FROM orgs_b WHERE id = ${orgId})
                      AND (SELECT post FROM orgs_b WHERE id = ${orgId})
      AND ${tail}`;
}
