/*
 * ledger.js - the dense ledger (台账) every list of persons uses: the
 * columns an office expects (name, sex, birth date, status, admission,
 * 所在党组织, 党龄, 学历, ID number, phone), a column chooser and a page
 * size kept in the browser (localStorage), the total, a sticky header,
 * sorting, numbers right-aligned in tabular figures; plus the page title
 * (useTitle), level names and an organization named by its id (OrgLabel),
 * so that no page shows a raw id. Not for loading the rows (member.js asks
 * the API and hands the page over) nor for organizations' lists (org.js).
 *
 * Sorting orders the whole list on the server (sort=, order= of the member
 * lists); a page never sorts only its rows. A sortable column names its
 * server key; clicking its header asks the page (useSort) for that order,
 * which loads the list again from page 1. Columns without a server key
 * are not clickable.
 */
import { html, useState, useEffect } from './lib.js';
import { t, currentLang } from './i18n.js';
import { get } from './api.js';
import { label } from './codes.js';

const COLS_KEY = 'orgwork.ledger.columns';
const SIZE_KEY = 'orgwork.ledger.page_size';
export const PAGE_SIZES = [50, 100, 200];

/* The page title: "<what> · 党组织工作系统"; follows the language. */
export function useTitle(what) {
	const full = what ? `${what} · ${t('app.title')}` : t('app.title');
	useEffect(() => { document.title = full; }, [full, currentLang()]);
}

/* The name of an organization level (0 grassroots .. 4 central). */
export function levelName(level) {
	if (level === null || level === undefined || level === '') return '';
	return t('ledger.level.' + level);
}

export { OrgLabel } from './ui.js';

/*
 * The columns: key, heading, cell, and (sortable ones) sort, the server's
 * sort key; invert: the column ascends when the server's key descends
 * (party age grows as the full-membership date goes back). "name" is
 * always shown; the others can be hidden with the chooser.
 */
export const COLUMNS = [
	{ key: 'name', head: 'field.person_name', always: true, sort: 'name',
		cell: (p) => html`<a href=${'#/member/' + p.id}>${p.name}</a>${p.pinyin ? html` <span class="muted small">${p.pinyin}</span>` : null}` },
	{ key: 'sex', head: 'field.sex', cell: (p) => label('sex', p.sex) },
	{ key: 'birth_date', head: 'field.birth_date', cls: 'date', sort: 'birth_date', cell: (p) => p.birth_date || '' },
	{ key: 'status', head: 'field.status', sort: 'status',
		cell: (p) => html`${label('member_status', p.status)}${(p.flags || []).map((f) => html` <span class="badge">${t('flag.' + f)}</span>`)}` },
	{ key: 'admitted', head: 'field.admitted', cls: 'date', sort: 'admitted', cell: (p) => p.admitted || '' },
	{ key: 'org', head: 'ledger.col.org', sort: 'org',
		cell: (p) => (p.org_id ? html`<a href=${'#/org/' + p.org_id}>${p.org_name || ''}</a>` : '') },
	{ key: 'party_age', head: 'ledger.col.party_age', cls: 'num', sort: 'full', invert: true,
		cell: (p) => (p.party_age === null || p.party_age === undefined ? '' : String(p.party_age)) },
	{ key: 'education', head: 'field.education', sort: 'education', cell: (p) => label('education', p.education) },
	{ key: 'id_number', head: 'field.id_number', cls: 'mono', cell: (p) => p.id_number || '' },
	{ key: 'phone', head: 'field.phone', cls: 'mono', cell: (p) => p.phone || '' },
];

function readJSON(key, dflt) {
	try {
		const v = JSON.parse(localStorage.getItem(key));
		return v === null || v === undefined ? dflt : v;
	} catch (e) { return dflt; }
}
function writeJSON(key, v) {
	try { localStorage.setItem(key, JSON.stringify(v)); } catch (e) { /* storage may be disabled */ }
}

/* The page size chosen last (50, 100 or 200), kept in the browser. */
export function usePageSize() {
	const [size, setSize] = useState(() => {
		const v = Number(readJSON(SIZE_KEY, 50));
		return PAGE_SIZES.includes(v) ? v : 50;
	});
	return [size, (v) => { writeJSON(SIZE_KEY, v); setSize(v); }];
}

function useColumns() {
	const [hidden, setHidden] = useState(() => {
		const v = readJSON(COLS_KEY, []);
		return Array.isArray(v) ? v : [];
	});
	const toggle = (key) => {
		const next = hidden.includes(key) ? hidden.filter((k) => k !== key) : [...hidden, key];
		writeJSON(COLS_KEY, next);
		setHidden(next);
	};
	return [COLUMNS.filter((c) => c.always || !hidden.includes(c.key)), hidden, toggle];
}

function ColumnChooser({ hidden, toggle }) {
	const [open, setOpen] = useState(false);
	return html`<div class="ledger-chooser">
		<button type="button" aria-expanded=${open ? 'true' : 'false'} aria-controls="ledger-columns"
			onClick=${() => setOpen(!open)}>${t('ledger.columns')}</button>
		${open ? html`<fieldset id="ledger-columns" class="ledger-columns">
			<legend>${t('ledger.columns')}</legend>
			${COLUMNS.filter((c) => !c.always).map((c) => html`<label class="check">
				<input type="checkbox" name=${'col-' + c.key} checked=${!hidden.includes(c.key)}
					onChange=${() => toggle(c.key)} /> ${t(c.head)}</label>`)}
		</fieldset>` : null}
	</div>`;
}

/*
 * The order of a member list, asked of the server: { column, dir } (dir 1
 * ascending as the column reads, -1 descending); params() gives the
 * list's sort= and order=, toggle(column) the next order (the same column
 * reverses, another starts ascending). onChange runs first (the page
 * resets its pager to page 1).
 */
export function useSort(onChange) {
	const [sort, setSort] = useState({ column: 'name', dir: 1 });
	const col = COLUMNS.find((c) => c.key === sort.column) || COLUMNS[0];
	const down = (sort.dir < 0) !== !!col.invert;
	return {
		...sort,
		params: () => (col.sort === 'name' && !down ? {} : { sort: col.sort, order: down ? 'desc' : 'asc' }),
		toggle: (key) => {
			if (onChange) onChange();
			setSort((s) => (s.column === key ? { column: key, dir: -s.dir } : { column: key, dir: 1 }));
		},
	};
}

/*
 * The ledger of one page of persons: the bar (total, page size, columns)
 * and the table. total: the count of the whole selection (null when not
 * known); pageSize/onPageSize: the page size control; sort: useSort() of
 * the page (the rows arrive in its order); pager: the Pager below (passed
 * as a node).
 */
export function MemberLedger({ items, total, pageSize, onPageSize, sort, pager }) {
	const [cols, hidden, toggle] = useColumns();
	const on = COLUMNS.find((c) => c.key === sort.column);
	return html`<div class="ledger">
		<div class="ledger-bar">
			<span class="ledger-total" data-total=${total ?? ''}>${total !== null && total !== undefined ? t('member.total', { n: total }) : ''}</span>
			<label class="ledger-size">${t('ledger.page_size')}
				<select name="page-size" value=${String(pageSize)} onChange=${(ev) => onPageSize(Number(ev.currentTarget.value))}>
					${PAGE_SIZES.map((n) => html`<option value=${String(n)}>${t('ledger.per_page', { n })}</option>`)}
				</select></label>
			${sort.column !== 'name' || sort.dir < 0 ? html`<span class="muted small sort-note" role="status">${t('sort.whole_list',
				{ col: t(on.head), dir: t(sort.dir > 0 ? 'sort.asc' : 'sort.desc') })}</span>` : null}
			<div class="spacer"></div>
			<${ColumnChooser} hidden=${hidden} toggle=${toggle} />
		</div>
		${items.length ? html`<div class="ledger-scroll"><table class="grid members ledger-table"><thead><tr>
			${cols.map((c) => {
				const active = sort.column === c.key;
				const aria = active ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none';
				return html`<th class=${c.cls || ''} data-col=${c.key} aria-sort=${c.sort ? aria : undefined}>${c.sort
					? html`<button type="button" class="sort" onClick=${() => sort.toggle(c.key)}
						aria-label=${t('ledger.sort_by', { col: t(c.head) })}>${t(c.head)}<span class="sort-mark" aria-hidden="true">${active ? (sort.dir > 0 ? '▲' : '▼') : ''}</span></button>`
					: t(c.head)}</th>`;
			})}
		</tr></thead><tbody>${items.map((p) => html`<tr data-member-id=${p.id}>
			${cols.map((c) => html`<td class=${c.cls || ''} data-col=${c.key}>${c.cell(p)}</td>`)}
		</tr>`)}</tbody></table></div>` : html`<p class="muted">${t('common.none_found')}</p>`}
		${pager}
	</div>`;
}
