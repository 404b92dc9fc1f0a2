/*
 * run.mjs - runs the browser specs (tests/browser/*.spec.mjs) against a real
 * `orgwork serve` with Debian's chromium driven by playwright-core.
 *
 * It builds the web assets, then runs the specs once per viewport: desktop
 * (1440x900) and phone (390x844). Each viewport pass gets its own temporary
 * database made with the CLI given by $ORGWORK (init, a small organization
 * tree, five members, a user per role) and its own server on a free
 * loopback port (read from its line "listening on http://127.0.0.1:PORT"),
 * so that specs which change data (edit, import, end of membership) meet
 * the same data in both passes; the two passes run side by side. Each spec runs in a fresh browser context
 * with a time limit. Writes "passed failed" to the file named by $OW_RESULT
 * and prints one line per spec and viewport.
 * Spec module: `export const timeout = ms` (optional),
 * `export const viewports = ['desktop']` (optional: a spec that only makes
 * sense at one size; default both) and
 * `export default async function ({ browser, context, page, base, dir, db, viewport })`
 * where dir is the pass's own temporary directory, db is the database of the pass and viewport is {name, width,
 * height, phone}.
 * $OW_VIEWPORTS=desktop or =phone runs one pass only.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DATA } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const top = process.env.ORGWORK_TOP || path.resolve(here, '../..');
const orgwork = process.env.ORGWORK || path.join(top, 'build-check/orgwork');
const only = process.argv.slice(2);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-browser-'));
let passed = 0, failed = 0;
const servers = new Set();

function result() {
	if (process.env.OW_RESULT) fs.writeFileSync(process.env.OW_RESULT, `${passed} ${failed}\n`);
	console.log(`${passed} passed, ${failed} failed`);
}

function cli(db, ...args) {
	const r = spawnSync(orgwork, ['--db', db, ...args], { encoding: 'utf8', timeout: 60000 });
	if (r.status !== 0)
		throw new Error(`orgwork ${args.join(' ')}: exit ${r.status}\n${r.stdout}${r.stderr}`);
	return r.stdout;
}

/* The sizes every spec runs at (docs/testing.md, "Browser specs"). */
const VIEWPORTS = [
	{ name: 'desktop', width: 1440, height: 900, phone: false },
	{ name: 'phone', width: 390, height: 844, phone: true },
].filter((v) => !process.env.OW_VIEWPORTS || process.env.OW_VIEWPORTS.split(',').includes(v.name));

function buildWeb() {
	const b = spawnSync(path.join(top, 'scripts/build-web'), { encoding: 'utf8' });
	if (b.status !== 0) throw new Error('scripts/build-web failed: ' + b.stderr);
}

/* A fresh database named name in the temporary directory; its path returned. */
function setup(name) {
	const db = path.join(tmp, name + '.db');
	cli(db, 'init');
	const org = (o, kind, parent, sector) => cli(db, 'org', 'add', '--code', o.code, '--name', o.name, '--kind', kind,
		...(parent ? ['--parent', parent.code] : []), '--sector', sector, '--established', '2000-01-01');
	org(DATA.root, 'committee', null, 'agency');
	org(DATA.town, 'committee', DATA.root, 'rural');
	org(DATA.branch, 'branch', DATA.town, 'community');
	org(DATA.branch2, 'branch', DATA.town, 'rural');
	org(DATA.zone, 'working_committee', DATA.root, 'agency');
	for (const m of DATA.members)
		cli(db, 'member', 'add', '--name', m.name, '--sex', m.sex, '--birth-date', m.birth, '--ethnicity', m.ethnicity || 'han',
			'--education', 'bachelor', '--occupation', 'workers', '--org', m.org, '--status', 'full',
			'--admitted', '2010-07-01', '--full', '2011-07-01');
	addUser(db, DATA.officer, 'org_officer', DATA.root.code);
	addUser(db, DATA.auditor, 'auditor', DATA.root.code);
	return db;
}

/* 'orgwork user add --login L --role R [--scope ORG]' with the password on stdin;
 * roles that need a second factor are made without one (demo mode). */
function addUser(db, login, role, scope) {
	const exempt = ['org_officer', 'branch_secretary', 'sysadmin', 'secadmin'].includes(role);
	const args = ['--db', db, 'user', 'add', '--login', login, '--role', role, ...(scope ? ['--scope', scope] : []),
		...(exempt ? ['--no-totp'] : []), '--password-stdin'];
	const env = exempt ? { ...process.env, ORGWORK_INSECURE_DEMO: '1' } : process.env;
	const r = spawnSync(orgwork, args, { input: DATA.password + '\n', encoding: 'utf8', timeout: 60000, env });
	if (r.status !== 0) throw new Error(`orgwork ${args.join(' ')}: exit ${r.status}\n${r.stdout}${r.stderr}`);
}

/* Starts a server on db; resolves to { base, server }. */
function startServer(db) {
	return new Promise((resolve, reject) => {
		const server = spawn(orgwork, ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--web', path.join(top, 'web')], {
			cwd: path.join(tmp, path.basename(db, '.db')), stdio: ['ignore', 'pipe', 'pipe'],
		});
		servers.add(server);
		let out = '', err = '';
		const timer = setTimeout(() => reject(new Error('server did not start in 20 s\n' + out + err)), 20000);
		server.stdout.on('data', (d) => {
			out += d;
			const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
			if (m) { clearTimeout(timer); resolve({ base: m[1], server }); }
		});
		server.stderr.on('data', (d) => { err += d; if (process.env.OW_VERBOSE) process.stderr.write(d); });
		server.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code})\n${out}${err}`)); });
	});
}

function stopServer(s) {
	servers.delete(s);
	if (!s || s.exitCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const timer = setTimeout(() => { s.kill('SIGKILL'); resolve(); }, 5000);
		s.removeAllListeners('exit');
		s.on('exit', () => { clearTimeout(timer); resolve(); });
		s.kill('SIGTERM');
	});
}

function withTimeout(promise, ms, what) {
	let timer;
	return Promise.race([
		promise,
		new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms); }),
	]).finally(() => clearTimeout(timer));
}

/* Specs marked `export const offline = true` need neither server nor browser. */
async function runOffline(specs) {
	for (const f of specs) {
		const mod = await import(pathToFileURL(path.join(here, f)).href);
		if (!mod.offline) continue;
		const name = f.replace(/\.spec\.mjs$/, '');
		try {
			await withTimeout(mod.default({ dir: tmp, here }), mod.timeout || 10000, name);
			passed++;
			console.log(`ok - ${name}`);
		} catch (e) {
			failed++;
			console.log(`not ok - ${name}: ${e.message}`);
		}
	}
}

async function main() {
	const all = fs.readdirSync(here).filter((f) => f.endsWith('.spec.mjs')).sort()
		.filter((f) => !only.length || only.some((o) => f.includes(o)));
	await runOffline(all);
	const specs = [];
	for (const f of all) if (!(await import(pathToFileURL(path.join(here, f)).href)).offline) specs.push(f);
	if (!specs.length) return;
	const { chromium } = await import(pathToFileURL(path.join(top, 'node_modules/playwright-core/index.mjs')).href);
	/* OW_BASE: run against a server already running (its data must match lib.mjs). */
	if (!process.env.OW_BASE) buildWeb();
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
		timeout: 30000,
	});
	/* One pass per viewport, each on its own database and server: run side
	 * by side ($OW_BROWSER_JOBS passes at a time, default 2), except
	 * against a server already running (OW_BASE: one data set). */
	const pass = async (viewport) => {
		const mods = [];
		for (const f of specs) {
			const mod = await import(pathToFileURL(path.join(here, f)).href);
			if (!mod.viewports || mod.viewports.includes(viewport.name)) mods.push([f, mod]);
		}
		if (!mods.length) return;
		let base = process.env.OW_BASE, server = null;
		fs.mkdirSync(path.join(tmp, viewport.name), { recursive: true });
		const db = base ? null : setup(viewport.name);
		if (!base)
			({ base, server } = await startServer(db));
		for (const [f, mod] of mods) await runSpec(browser, f, mod, base, viewport, db);
		await stopServer(server);
	};
	const jobs = process.env.OW_BASE ? 1 : Math.max(1, Number(process.env.OW_BROWSER_JOBS) || 2);
	for (let i = 0; i < VIEWPORTS.length; i += jobs)
		await Promise.all(VIEWPORTS.slice(i, i + jobs).map(pass));
	await browser.close();
}

async function runSpec(browser, f, mod, base, viewport, db) {
	const name = f.replace(/\.spec\.mjs$/, '') + ' [' + viewport.name + ']';
	const context = await browser.newContext({
		locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true,
		viewport: { width: viewport.width, height: viewport.height },
		...(viewport.phone ? { isMobile: true, hasTouch: true } : {}),
	});
	context.setDefaultTimeout(10000);
	const page = await context.newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(e.message));
	const t0 = Date.now();
	try {
		await withTimeout(mod.default({ browser, context, page, base, dir: path.join(tmp, viewport.name), db, here, viewport }), mod.timeout || 45000, name);
		if (errors.length) throw new Error('page errors: ' + errors.join('; '));
		passed++;
		console.log(`ok - ${name} (${Date.now() - t0} ms)`);
	} catch (e) {
		failed++;
		const shot = path.join(tmp, name.replace(/[^\w.-]+/g, '-') + 'failure.png');
		await page.screenshot({ path: shot }).catch(() => {});
		console.log(`not ok - ${name}: ${e.message.split('\n').slice(0, 6).join('\n    ')}\n    screenshot: ${shot}`);
	}
	await context.close().catch(() => {});
}

try {
	/* the whole run stops by itself: 30 minutes, ample for both passes on a
	 * loaded machine (each spec also has its own limit) */
	await withTimeout(main(), 1800000, 'browser tests');
} catch (e) {
	failed++;
	console.log('not ok - setup: ' + e.message);
} finally {
	await Promise.all([...servers].map(stopServer));
	result();
	if (!process.env.OW_KEEP && !failed) fs.rmSync(tmp, { recursive: true, force: true });
	else console.log('kept ' + tmp);
}
process.exit(failed ? 1 : 0);
