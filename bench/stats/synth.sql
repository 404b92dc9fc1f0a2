-- synth.sql - a small random data set in the shape of orgwork's orgs and
-- persons tables (only the columns the statistics benchmark exports), for
-- testing the peer side of bench/stats without the generator:
--   sqlite3 /tmp/synth.db < bench/stats/synth.sql
-- Not realistic data: uniform random attributes over a regular tree.
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE orgs(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL, kind TEXT NOT NULL, sector TEXT NOT NULL,
  level INTEGER NOT NULL DEFAULT 0, parent_id INTEGER, established TEXT NOT NULL,
  dissolved TEXT);
CREATE TABLE persons(id INTEGER PRIMARY KEY, name TEXT NOT NULL,
  sex INTEGER NOT NULL, birth_date TEXT NOT NULL, ethnicity INTEGER NOT NULL,
  education INTEGER NOT NULL, occupation TEXT NOT NULL, sort_key BLOB NOT NULL,
  org_id INTEGER, status TEXT, flags INTEGER NOT NULL DEFAULT 0,
  applied TEXT, activist TEXT, target TEXT, admitted TEXT, full_date TEXT,
  exited TEXT);
CREATE INDEX persons_org ON persons(org_id, sort_key);
-- centre 1; provinces 2..32; cities 100+p*10+c; counties; branches
INSERT INTO orgs VALUES(1, 'C', 'centre', 'committee', 'other', 4, NULL, '1949-10-01', NULL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 31)
INSERT INTO orgs SELECT 1 + i, 'P' || i, 'province ' || i, 'committee', 'other', 3, 1, '1949-10-01', NULL FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6)
INSERT INTO orgs SELECT 1000 + o.id * 10 + i, o.code || 'C' || i, 'city', 'committee', 'other', 2, o.id, '1950-01-01', NULL
  FROM orgs o, n WHERE o.level = 3;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4)
INSERT INTO orgs SELECT 10000 + (o.id - 1000) * 10 + i, o.code || 'K' || i, 'county', 'committee', 'other', 1, o.id, '1950-01-01', NULL
  FROM orgs o, n WHERE o.level = 2;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8)
INSERT INTO orgs SELECT 100000 + (o.id - 10000) * 10 + i, o.code || 'B' || i, 'grassroots',
  CASE abs(random()) % 8 WHEN 0 THEN 'committee' WHEN 1 THEN 'general_branch' WHEN 2 THEN 'party_group'
    WHEN 3 THEN 'temporary' ELSE 'branch' END,
  CASE abs(random()) % 4 WHEN 0 THEN 'rural' WHEN 1 THEN 'community' WHEN 2 THEN 'soe' ELSE 'x' END,
  0, o.id, date('1990-01-01', '+' || (abs(random()) % 13000) || ' days'),
  CASE WHEN abs(random()) % 20 = 0 THEN date('2020-01-01', '+' || (abs(random()) % 2000) || ' days') END
  FROM orgs o, n WHERE o.level = 1;
CREATE TEMP TABLE br(k INTEGER PRIMARY KEY, id INTEGER);
INSERT INTO br SELECT row_number() OVER (ORDER BY id) - 1, id FROM orgs WHERE level = 0;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000),
r AS (SELECT i, abs(random()) AS a, abs(random()) AS b, abs(random()) AS c, abs(random()) AS d FROM n),
s AS (SELECT i, a, b, c, d,
  CASE a % 10 WHEN 0 THEN 'applicant' WHEN 1 THEN 'activist' WHEN 2 THEN 'target' WHEN 3 THEN 'probationary'
    WHEN 4 THEN 'withdrawn' WHEN 5 THEN 'deceased' ELSE 'full' END AS st,
  date('1925-01-01', '+' || (b % 33000) || ' days') AS birth FROM r)
INSERT INTO persons SELECT i, 'p' || i, CASE WHEN c % 3 = 0 THEN 2 ELSE 1 END, birth,
  CASE WHEN d % 9 = 0 THEN 1 + d % 56 WHEN d % 50 = 1 THEN 0 ELSE 1 END, (a / 7) % 9 * 10 + (b / 3) % 4,
  CASE (c / 5) % 10 WHEN 0 THEN 'workers' WHEN 1 THEN 'farmers_herders_fishers' WHEN 2 THEN 'professionals'
    WHEN 3 THEN 'managers' WHEN 4 THEN 'party_and_government_staff' WHEN 5 THEN 'students' WHEN 6 THEN 'other'
    WHEN 7 THEN 'retired' WHEN 8 THEN 'unknown_job' ELSE 'retired' END,
  randomblob(1 + c % 6), (SELECT id FROM br WHERE k = (a / 11) % (SELECT count(*) FROM br)), st, 0,
  date(birth, '+' || (18 * 365 + d % 9000) || ' days'),
  CASE WHEN st <> 'applicant' THEN date(birth, '+' || (19 * 365 + d % 9000) || ' days') END,
  CASE WHEN st NOT IN ('applicant', 'activist') THEN date(birth, '+' || (20 * 365 + d % 9000) || ' days') END,
  CASE WHEN st NOT IN ('applicant', 'activist', 'target') AND c % 17 <> 0 THEN date(birth, '+' || (21 * 365 + d % 9000) || ' days') END,
  CASE WHEN st IN ('full', 'withdrawn', 'deceased') AND c % 13 <> 0 THEN date(birth, '+' || (22 * 365 + d % 9000) || ' days') END,
  CASE WHEN st IN ('withdrawn', 'deceased') AND c % 7 <> 0 THEN date(birth, '+' || (23 * 365 + d % 12000) || ' days') END
FROM s;
