// peers.mjs - loads the exported CSV data into one peer (SQLite,
// PostgreSQL or DuckDB) in both schemas and times the three queries of
// queries.mjs, writing {engine, schemas: {natural, best}} as JSON, each
// schema with load_ms and, per query, every timed run's milliseconds (after
// a warm-up run; fewer runs for queries over a second, see runsFor) and the
// answer in the canonical form report.mjs compares.
//   node peers.mjs preorder DATA_DIR            writes DATA_DIR/org-pre.csv
//   node peers.mjs sqlite   DATA_DIR WORK_DIR OPTS
//   node peers.mjs postgres DATA_DIR WORK_DIR OPTS  (PGHOST/PGPORT/PGUSER set)
//   node peers.mjs duckdb   DATA_DIR WORK_DIR OPTS
// OPTS: --rollup-org ID --list-org ID --repeat N --out FILE.
// SQLite and PostgreSQL are driven through their command-line clients
// (sqlite3 .timer, psql \timing), so each time is the server's work plus a
// local round trip; DuckDB runs in this process. Not for starting servers
// (run does that) nor for comparing answers (report.mjs).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { dialect, membersSelect, rollupSql, bulletinSql, listSql, findingsSql, tracksSelect }
  from './queries.mjs';

const [cmd, dataDir, workDir, ...rest] = process.argv.slice(2);
const opt = { repeat: 5 };
for (let i = 0; i < rest.length; i += 2) {
  const k = rest[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  opt[k] = rest[i + 1];
}
opt.repeat = Number(opt.repeat);

function die(msg) {
  process.stderr.write(`peers: ${msg}\n`);
  process.exit(1);
}

// ---- preorder numbering of the organization tree ------------------------

async function preorder() {
  const ids = [], parent = [];
  const rl = createInterface({ input: createReadStream(`${dataDir}/orgs.csv`) });
  let first = true;
  for await (const line of rl) {
    if (first) { first = false; continue; }
    const f = line.split(',');
    ids.push(Number(f[0]));
    parent.push(f[1] === '' ? 0 : Number(f[1]));
  }
  const n = ids.length;
  const index = new Map();
  ids.forEach((id, i) => index.set(id, i));
  // children in id order (the CSV is sorted by id)
  const first_ = new Int32Array(n + 1), count = new Int32Array(n);
  const roots = [];
  for (let i = 0; i < n; i++) {
    if (parent[i] && index.has(parent[i])) count[index.get(parent[i])]++;
    else roots.push(i);
  }
  for (let i = 0; i < n; i++) first_[i + 1] = first_[i] + count[i];
  const kids = new Int32Array(n), fill = first_.slice(0, n);
  for (let i = 0; i < n; i++)
    if (parent[i] && index.has(parent[i])) kids[fill[index.get(parent[i])]++] = i;
  const pre = new Int32Array(n), post = new Int32Array(n);
  let next = 0;
  const stack = [];
  for (const r of roots.reverse()) stack.push(r);
  const order = [];
  while (stack.length) {
    const i = stack.pop();
    pre[i] = next++;
    order.push(i);
    for (let k = first_[i + 1] - 1; k >= first_[i]; k--) stack.push(kids[k]);
  }
  if (next !== n) die('organization tree has a cycle');
  for (let i = 0; i < n; i++) post[i] = pre[i];
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k];
    const p = parent[i] && index.has(parent[i]) ? index.get(parent[i]) : -1;
    if (p >= 0 && post[i] > post[p]) post[p] = post[i];
  }
  const out = ['id,pre,post'];
  for (let i = 0; i < n; i++) out.push(`${ids[i]},${pre[i]},${post[i]}`);
  writeFileSync(`${dataDir}/org-pre.csv`, out.join('\n') + '\n');
}

// ---- canonical answers ---------------------------------------------------

function canon(kind, header, rows) {
  if (kind === 'rollup')
    return rows.map((r) => r.map((v) => String(Number(v))).join('|')).sort();
  if (kind === 'list') return rows.map((r) => String(Number(r[0])));
  const o = {};
  header.forEach((h, i) => { o[h] = Number(rows[0][i]); });
  return o;
}

function queries(x) {
  return [
    ['rollup', rollupSql(x, opt.rollupOrg)],
    ['bulletin', bulletinSql(x)],
    ['findings', findingsSql(x)],
    ['list', listSql(x, opt.listOrg)],
  ];
}

// ---- command-line clients: one script, markers, timing lines -------------

// Runs script through a client; splits the output at "@@name" markers into
// {name: {header, rows, ms: []}} where each result set is CSV with a header
// and each statement is followed by a timing line matched by timeRe (its
// first group times scale is milliseconds).
// sqlite3's .timer gives wall time in milliseconds only ("real 0.003"), CPU
// time in microseconds: below 10 ms of wall time the CPU time (user + sys)
// is the better measure of a single-threaded query over cached pages.
function timeOf(m) {
  if (m[2] === undefined) return Number(m[1]);
  const real = Number(m[1]), cpu = Number(m[2]) + Number(m[3]);
  return real >= 0.010 ? real : cpu;
}

function runClient(bin, args, script, timeRe, env, scale = 1) {
  const r = spawnSync(bin, args, { input: script, encoding: 'utf8', env,
    maxBuffer: 1 << 28 });
  if (r.status !== 0 || /^(Error|Parse error|Runtime error|psql:|ERROR)/m.test(r.stderr || ''))
    die(`${bin} failed (${r.status}): ${(r.stderr || '').slice(0, 2000)}`);
  const out = {};
  let cur = null, expectHeader = true;
  for (const line of r.stdout.split(/\r?\n/)) {
    const m = /^@@(\S+)/.exec(line);
    if (m) { cur = out[m[1]] = { header: null, rows: [], ms: [] }; expectHeader = true; continue; }
    if (!cur || line === '') continue;
    const t = timeRe.exec(line);
    if (t) { cur.ms.push(timeOf(t) * scale); expectHeader = false; continue; }
    if (cur.ms.length) continue;             // results of repeated runs
    if (expectHeader) { cur.header = line.split(','); expectHeader = false; }
    else cur.rows.push(line.split(','));
  }
  return out;
}

// The marker line (a client command printing "@@name"), then the statement
// n times.
function timed(marker, sql, n) {
  let s = `${marker}\n`;
  for (let i = 0; i < n; i++) s += `${sql};\n`;
  return s;
}

// Timed runs of a query whose first (warm-up) run took ms: all of them for
// a query under a second, fewer for slow ones (about 15 s of runs, at least
// one) so that a slow peer keeps the benchmark within its time.
const SLOW_MS = 1000;
const runsFor = (ms) => (ms < SLOW_MS ? opt.repeat
  : Math.max(1, Math.min(opt.repeat, Math.floor(15000 / ms))));

// Runs every query of the schema through a client in two scripts: one run
// each (the answer, and the warm-up), then the timed runs (after one more
// warm-up run for the fast queries, as the client is a new session).
function clientQueries(x, schema, mark, run) {
  let script = '';
  for (const [name, sql] of queries(x)) script += timed(mark(`${schema}.${name}`), sql, 1);
  const first = run(script);
  script = '';
  const plan = {};
  for (const [name, sql] of queries(x)) {
    const o = first[`${schema}.${name}`];
    if (!o || o.ms.length !== 1) die(`no timing for ${schema}.${name}`);
    plan[name] = { answer: canon(name, o.header, o.rows), warm: o.ms[0] < SLOW_MS ? 1 : 0,
      runs: runsFor(o.ms[0]) };
    script += timed(mark(`${schema}.${name}`), sql, plan[name].warm + plan[name].runs);
  }
  const second = run(script);
  const res = {};
  for (const [name] of queries(x)) {
    const o = second[`${schema}.${name}`], p = plan[name];
    if (!o || o.ms.length !== p.warm + p.runs) die(`no timings for ${schema}.${name}`);
    res[name] = { ms: o.ms.slice(p.warm), answer: p.answer };
  }
  return res;
}

// ---- SQLite ----------------------------------------------------------------

const SQLITE_NATURAL = (d) => `
CREATE TABLE orgs_raw(id, parent_id, code, kind, sector, level, established, dissolved);
CREATE TABLE persons_raw(id, org_id, sex, birth_date, ethnicity, education, occupation, status,
  applied, activist, target, admitted, full_date, exited, sort_key);
.import --csv --skip 1 ${d}/orgs.csv orgs_raw
.import --csv --skip 1 ${d}/persons.csv persons_raw
CREATE TABLE orgs(id INTEGER PRIMARY KEY, parent_id INTEGER, code TEXT, kind TEXT, sector TEXT,
  level INTEGER, established TEXT, dissolved TEXT);
INSERT INTO orgs SELECT id, NULLIF(parent_id, ''), code, kind, sector, level,
  NULLIF(established, ''), NULLIF(dissolved, '') FROM orgs_raw;
CREATE TABLE persons(id INTEGER PRIMARY KEY, org_id INTEGER, sex INTEGER, birth_date TEXT,
  ethnicity INTEGER, education INTEGER, occupation TEXT, status TEXT, applied TEXT, activist TEXT,
  target TEXT, admitted TEXT, full_date TEXT, exited TEXT, sort_key TEXT);
INSERT INTO persons SELECT id, org_id, sex, birth_date, ethnicity, education, occupation, status,
  NULLIF(applied, ''), NULLIF(activist, ''), NULLIF(target, ''), NULLIF(admitted, ''),
  NULLIF(full_date, ''), NULLIF(exited, ''), sort_key FROM persons_raw;
DROP TABLE orgs_raw; DROP TABLE persons_raw;
CREATE INDEX orgs_parent ON orgs(parent_id);
CREATE INDEX persons_org ON persons(org_id, sort_key);
CREATE TABLE steps_raw(id, person_id, step, date, months);
CREATE TABLE lost_raw(id, person_id, start_date, end_date);
.import --csv --skip 1 ${d}/steps.csv steps_raw
.import --csv --skip 1 ${d}/lost.csv lost_raw
CREATE TABLE steps(id INTEGER PRIMARY KEY, person_id INTEGER, step TEXT, date TEXT,
  months INTEGER);
INSERT INTO steps SELECT id, person_id, step, NULLIF(date, ''),
  CAST(NULLIF(months, '') AS INTEGER) FROM steps_raw;
CREATE TABLE lost(id INTEGER PRIMARY KEY, person_id INTEGER, start_date TEXT, end_date TEXT);
INSERT INTO lost SELECT id, person_id, NULLIF(start_date, ''), NULLIF(end_date, '') FROM lost_raw;
DROP TABLE steps_raw; DROP TABLE lost_raw;
CREATE INDEX steps_person ON steps(person_id);
CREATE INDEX lost_person ON lost(person_id);
ANALYZE;
`;

const SQLITE_BEST = (d, x) => `
CREATE TABLE org_pre(id INTEGER PRIMARY KEY, pre INTEGER, post INTEGER);
.import --csv --skip 1 ${d}/org-pre.csv org_pre
CREATE TABLE orgs_b(id INTEGER PRIMARY KEY, pre INTEGER, post INTEGER, kind TEXT, sector TEXT,
  level INTEGER, established INTEGER, dissolved INTEGER);
INSERT INTO orgs_b SELECT o.id, p.pre, p.post, kind, sector, level,
  CAST(replace(established, '-', '') AS INTEGER), CAST(replace(dissolved, '-', '') AS INTEGER)
  FROM orgs o JOIN org_pre p ON p.id = o.id;
CREATE TABLE members(org_pre INTEGER, id INTEGER, sex INTEGER, byear INTEGER, female INTEGER,
  minority INTEGER, college INTEGER, occ INTEGER, status TEXT, applied INTEGER, activist INTEGER,
  target INTEGER, adm INTEGER, ful INTEGER, ex INTEGER, sort_key TEXT,
  PRIMARY KEY (org_pre, id)) WITHOUT ROWID;
INSERT INTO members ${membersSelect(x)};
CREATE TABLE tracks(tid INTEGER PRIMARY KEY, talk INTEGER, app INTEGER, vote INTEGER,
  appr INTEGER, ext INTEGER, lost_from INTEGER, lost_to INTEGER);
INSERT INTO tracks SELECT tid, ${['talk', 'app', 'vote', 'appr', 'ext', 'lost_from', 'lost_to']
    .map((c) => (c === 'app' || c === 'ext' ? c : `CAST(replace(${c}, '-', '') AS INTEGER)`))
    .join(', ')} FROM (${tracksSelect()});
ANALYZE;
`;

function sqlite() {
  const db = `${workDir}/sqlite.db`;
  spawnSync('rm', ['-f', db]);
  const setup = '.bail on\nPRAGMA journal_mode = OFF;\nPRAGMA synchronous = OFF;\n' +
    'PRAGMA cache_size = -4000000;\nPRAGMA threads = 2;\n';
  const res = { engine: 'sqlite', schemas: {} };
  for (const schema of ['natural', 'best']) {
    const x = dialect('sqlite', schema);
    const load = schema === 'natural' ? SQLITE_NATURAL(dataDir) : SQLITE_BEST(dataDir, x);
    const t0 = performance.now();
    runClient('sqlite3', [db], setup + load, /^$^/);
    const loadMs = performance.now() - t0;
    const pre = setup + '.mode csv\n.headers on\n.timer on\n';
    // .timer reports seconds
    const q = clientQueries(x, schema, (m) => `.print @@${m}`, (script) =>
      runClient('sqlite3', [db], pre + script,
        /^Run Time: real ([0-9.]+) user ([0-9.]+) sys ([0-9.]+)/, undefined, 1000));
    res.schemas[schema] = { load_ms: loadMs, ...q };
  }
  return res;
}

// ---- PostgreSQL --------------------------------------------------------------

const PG_NATURAL = (d) => `
DROP TABLE IF EXISTS tracks, members, orgs_b, org_pre, steps, lost, persons, orgs;
CREATE TABLE orgs(id bigint PRIMARY KEY, parent_id bigint, code text, kind text, sector text,
  level int, established date, dissolved date);
CREATE TABLE persons(id bigint PRIMARY KEY, org_id bigint, sex int, birth_date date,
  ethnicity int, education int, occupation text, status text, applied date, activist date,
  target date, admitted date, full_date date, exited date, sort_key text COLLATE "C");
\\copy orgs FROM '${d}/orgs.csv' CSV HEADER
\\copy persons FROM '${d}/persons.csv' CSV HEADER
CREATE INDEX orgs_parent ON orgs(parent_id);
CREATE INDEX persons_org ON persons(org_id, sort_key);
CREATE TABLE steps(id bigint PRIMARY KEY, person_id bigint, step text, date date, months int);
CREATE TABLE lost(id bigint PRIMARY KEY, person_id bigint, start_date date, end_date date);
\\copy steps FROM '${d}/steps.csv' CSV HEADER
\\copy lost FROM '${d}/lost.csv' CSV HEADER
CREATE INDEX steps_person ON steps(person_id);
CREATE INDEX lost_person ON lost(person_id);
VACUUM ANALYZE orgs;
VACUUM ANALYZE persons;
VACUUM ANALYZE steps;
VACUUM ANALYZE lost;
`;

const PG_BEST = (d, x) => `
CREATE TABLE org_pre(id bigint PRIMARY KEY, pre int, post int);
\\copy org_pre FROM '${d}/org-pre.csv' CSV HEADER
CREATE TABLE orgs_b AS SELECT o.*, p.pre, p.post FROM orgs o JOIN org_pre p USING (id);
ALTER TABLE orgs_b ADD PRIMARY KEY (id);
CREATE TABLE members AS ${membersSelect(x)};
CREATE INDEX members_pre ON members(org_pre);
CLUSTER members USING members_pre;
CREATE TABLE tracks AS ${tracksSelect()};
ALTER TABLE tracks ADD PRIMARY KEY (tid);
VACUUM ANALYZE orgs_b;
VACUUM ANALYZE members;
VACUUM ANALYZE tracks;
`;

function postgres() {
  const args = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', 'bench'];
  const res = { engine: 'postgres', schemas: {} };
  for (const schema of ['natural', 'best']) {
    const x = dialect('postgres', schema);
    const load = schema === 'natural' ? PG_NATURAL(dataDir) : PG_BEST(dataDir, x);
    const t0 = performance.now();
    runClient('psql', args, load, /^$^/, process.env);
    const loadMs = performance.now() - t0;
    const q = clientQueries(x, schema, (m) => `\\echo @@${m}`, (script) =>
      runClient('psql', [...args, '--csv'], '\\timing on\n' + script, /^Time: ([0-9.]+) ms/,
        process.env));
    res.schemas[schema] = { load_ms: loadMs, ...q };
  }
  return res;
}

// ---- DuckDB --------------------------------------------------------------------

async function duckdb() {
  let api;
  try {
    api = await import('@duckdb/node-api');
  } catch (e) {
    die(`@duckdb/node-api is missing (scripts/install-deps --bench): ${e.message}`);
  }
  const res = { engine: 'duckdb', schemas: {} };
  const inst = await api.DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  await con.run('SET threads = 2');
  const d = dataDir;
  const loads = {
    natural: [
      `CREATE TABLE orgs AS SELECT * FROM read_csv('${d}/orgs.csv', header = true, columns = {
        'id': 'BIGINT', 'parent_id': 'BIGINT', 'code': 'VARCHAR', 'kind': 'VARCHAR',
        'sector': 'VARCHAR', 'level': 'INTEGER', 'established': 'DATE', 'dissolved': 'DATE'})`,
      `CREATE TABLE persons AS SELECT * FROM read_csv('${d}/persons.csv', header = true, columns = {
        'id': 'BIGINT', 'org_id': 'BIGINT', 'sex': 'INTEGER', 'birth_date': 'DATE',
        'ethnicity': 'INTEGER', 'education': 'INTEGER', 'occupation': 'VARCHAR', 'status': 'VARCHAR',
        'applied': 'DATE', 'activist': 'DATE', 'target': 'DATE', 'admitted': 'DATE',
        'full_date': 'DATE', 'exited': 'DATE', 'sort_key': 'VARCHAR'})`,
      `CREATE TABLE steps AS SELECT * FROM read_csv('${d}/steps.csv', header = true, columns = {
        'id': 'BIGINT', 'person_id': 'BIGINT', 'step': 'VARCHAR', 'date': 'DATE',
        'months': 'INTEGER'})`,
      `CREATE TABLE lost AS SELECT * FROM read_csv('${d}/lost.csv', header = true, columns = {
        'id': 'BIGINT', 'person_id': 'BIGINT', 'start_date': 'DATE', 'end_date': 'DATE'})`,
    ],
    best: [
      `CREATE TABLE org_pre AS SELECT * FROM read_csv('${d}/org-pre.csv', header = true, columns = {
        'id': 'BIGINT', 'pre': 'INTEGER', 'post': 'INTEGER'})`,
      'CREATE TABLE orgs_b AS SELECT o.*, p.pre, p.post FROM orgs o JOIN org_pre p USING (id)',
      `CREATE TABLE members AS ${membersSelect(dialect('duckdb', 'best'))}`,
      `CREATE TABLE tracks AS ${tracksSelect()}`,
    ],
  };
  for (const schema of ['natural', 'best']) {
    const x = dialect('duckdb', schema);
    const t0 = performance.now();
    for (const sql of loads[schema]) await con.run(sql);
    const loadMs = performance.now() - t0;
    const s = { load_ms: loadMs };
    for (const [name, sql] of queries(x)) {
      const ms = [];
      let answer;
      let runs = opt.repeat;
      for (let i = 0; i <= runs; i++) {
        const t = performance.now();
        const r = await con.runAndReadAll(sql);
        const rows = r.getRows();
        ms.push(performance.now() - t);
        if (i === 0) {
          answer = canon(name, r.columnNames(), rows);
          runs = runsFor(ms[0]);
        }
      }
      s[name] = { ms: ms.slice(1), answer };
    }
    res.schemas[schema] = s;
  }
  con.closeSync?.();
  return res;
}

// ---- main ------------------------------------------------------------------------

if (cmd === 'preorder') {
  await preorder();
} else {
  for (const k of ['rollupOrg', 'listOrg', 'out'])
    if (!opt[k]) die(`--${k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} is required`);
  const fn = { sqlite, postgres, duckdb }[cmd];
  if (!fn) die(`unknown engine '${cmd}'`);
  const res = await fn();
  writeFileSync(opt.out, JSON.stringify(res, null, 1) + '\n');
}
