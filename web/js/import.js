/*
 * import.js - the import page: pick a CSV or XLSX file, check it with a dry
 * run (POST /import?dry_run=1), read the report (row, column, value, reason
 * of each problem, worded from the catalogue by its code and params), then
 * import it for real. Nothing is written unless the whole file is valid (the
 * server imports all or nothing). The report can be downloaded as XLSX: the
 * user's own file with the bad cells highlighted and the problems of each
 * row in words in an extra column, made in the browser (xlsx-read.js,
 * xlsx.js). Not for the
 * file format (the template, GET /template, describes it).
 */
import { html, useState } from './lib.js';
import { t } from './i18n.js';
import { api, url } from './api.js';
import { errorText, errorItemText, notify } from './ui.js';
import { readTable } from './xlsx-read.js';
import { xlsxWorkbook, downloadBlob } from './xlsx.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function contentType(file) {
	return /\.xlsx$/i.test(file.name) ? XLSX : 'text/csv';
}

function send(file, dryRun) {
	return api('POST', '/import', {
		query: { dry_run: dryRun ? 1 : '' },
		raw: file,
		contentType: contentType(file),
		headers: { 'X-Filename': encodeURIComponent(file.name) },
		accept: [422],
	});
}

/* The words of an issue in the user's language: its catalogue entry when
 * the server gave a code, else the server's reason. */
/* A problem of the report in the user's language, by its code and params
 * (the same words as every other error, docs/ui.md). */
function issueText(e) {
	return errorItemText({ code: e.code, params: e.params }, 422, true);
}

/*
 * The error report as a workbook: the user's own file, sheet by sheet (the
 * sheets with problems), each bad cell highlighted and the problems of a
 * row in words in an extra column at its end (problems of the whole file or
 * of a column the file lacks go there too).
 */
export async function errorWorkbook(file, errors) {
	const sheets = await readTable(file);
	const out = [];
	for (const sh of sheets) {
		const mine = errors.filter((e) => (e.sheet || '') === (sh.name && errors.some((x) => x.sheet) ? sh.name : ''));
		if (!mine.length) continue;
		const lines = Object.keys(sh.rows).map(Number).sort((a, b) => a - b);
		const header = sh.rows[lines[0]] || [];
		const width = Math.max(header.length, ...lines.map((l) => sh.rows[l].length));
		const pos = new Map(lines.map((l, i) => [l, i]));
		const rows = lines.map((l) => Array.from({ length: width }, (_, c) => sh.rows[l][c] ?? '').concat(['']));
		rows[0][width] = t('flows.report.messages');
		const marks = new Set();
		for (const e of mine) {
			const r = pos.has(e.line) ? pos.get(e.line) : 0;
			const c = e.column ? header.indexOf(e.column) : -1;
			marks.add(r + ',' + (c >= 0 ? c : width));
			const text = (e.column ? e.column + ': ' : '') + issueText(e);
			rows[r][width] = r === 0 && rows[r][width] === t('flows.report.messages') ? t('flows.report.messages') + ' — ' + text
				: (rows[r][width] ? rows[r][width] + '; ' : '') + text;
		}
		out.push({ name: sh.name || t('flows.report.sheet'), rows, marks });
	}
	return xlsxWorkbook(out);
}

export function ImportPage() {
	const [file, setFile] = useState(null);
	const [report, setReport] = useState(null);   /* dry-run answer */
	const [result, setResult] = useState(null);   /* real import answer */
	const [error, setError] = useState(null);
	const [busy, setBusy] = useState(false);

	const run = async (dry) => {
		setBusy(true); setError(null);
		if (dry) { setReport(null); setResult(null); }
		try {
			const r = await send(file, dry);
			/* a 422 about the whole file (empty, not a workbook) is an
			 * error, not a report of rows */
			if (r && r.error && r.ok === undefined) setError(errorItemText(r.error, 422));
			else if (dry) setReport(r);
			else {
				setResult(r);
				if (r && r.ok) notify(t('import.done', { orgs: r.orgs, members: r.members }));
				else setReport(r);
			}
		} catch (e) {
			setError(errorText(e));
		} finally {
			setBusy(false);
		}
	};

	return html`<div class="page import-page">
		<h1>${t('import.title')}</h1>
		<p class="muted">${t('import.hint')} <a href=${url('/template')} download>${t('import.template')}</a></p>
		<div class="card">
			<div class="filters">
				<input type="file" name="file" accept=".csv,.xlsx,text/csv,${XLSX}" aria-label=${t('import.file')}
					onChange=${(ev) => { setFile(ev.currentTarget.files[0] || null); setReport(null); setResult(null); setError(null); }} />
				<button type="button" class="primary" disabled=${!file || busy} onClick=${() => run(true)}>${t('import.check')}</button>
			</div>
			${busy ? html`<div class="loading">${t('import.working')}</div>` : null}
			${error ? html`<div class="error-box" role="alert">${error}</div>` : null}
		</div>
		${report && report.ok && !result ? html`<div class="card report ok" data-report="ok">
			<p>${t('import.dry_ok', { orgs: report.orgs ?? 0, members: report.members ?? 0 })}</p>
			<button type="button" class="primary" disabled=${busy} onClick=${() => run(false)}>${t('import.confirm')}</button>
		</div>` : null}
		${report && report.ok === false ? html`<div class="card report bad" data-report="errors">
			<p>${t('import.dry_bad', { n: (report.errors || []).length })}</p>
			<div class="report-actions"><button type="button" data-download="report" onClick=${async () => {
				try {
					downloadBlob(t('flows.report.filename', { name: file.name.replace(/\.[^.]*$/, '') }),
						await errorWorkbook(file, report.errors || []));
				} catch (e) { setError(errorText(e)); }
			}}>${t('flows.report.download')}</button></div>
			<table class="grid"><thead><tr><th>${t('import.line')}</th><th>${t('import.column')}</th>
				<th>${t('import.value')}</th><th>${t('import.reason')}</th></tr></thead>
			<tbody>${(report.errors || []).map((e) => html`<tr>
				<td class="num">${e.sheet ? e.sheet + ' ' : ''}${e.line ?? ''}</td><td>${e.column || ''}</td>
				<td class="mono">${e.value ?? ''}</td><td data-code=${e.code || ''}>${issueText(e)}</td></tr>`)}</tbody></table>
		</div>` : null}
		${result && result.ok ? html`<div class="card report ok" data-report="imported">
			<p>${t('import.done', { orgs: result.orgs ?? 0, members: result.members ?? 0 })}</p></div>` : null}
	</div>`;
}
