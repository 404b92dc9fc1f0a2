/*
 * rules.js - the rules catalogue (#/rules), read-only, for every signed-in
 * role: the rules in force on a day (GET /rules?date=), grouped by area
 * (the key's first part), each with its name, its value worded with its
 * unit in the user's language ("5 个工作日", "3 months", "0.5 %"), the day it
 * applies from, its source, and the installation's override with its
 * reason. Values are whole numbers of their unit (fen, thousandths): they
 * are worded with integer arithmetic, never floating point. Not for
 * changing a rule: that is done from the installation's shell
 * (`orgwork rules set`).
 */
import { html } from './lib.js';
import { t, has, currentLang } from './i18n.js';
import { get } from './api.js';
import { label } from './codes.js';
import { useLoad, Loading, ErrorBox } from './ui.js';
import { go } from './nav.js';

/* "20" fen as "0.2", "300000" as "3000": yuan with at most two decimals. */
export function yuanText(fen) {
	const y = Math.floor(fen / 100), f = fen % 100;
	return f ? `${y}.${String(f).padStart(2, '0').replace(/0$/, '')}` : String(y);
}

/* 5 thousandths as "0.5", 333 as "33.3", 200 as "20". */
export function percentText(permille) {
	const p = Math.floor(permille / 10), d = permille % 10;
	return d ? `${p}.${d}` : String(p);
}

function numberWords(unit, n) {
	const one = `rules.unit.${unit}.one`;
	return t(n === 1 && has(one) ? one : `rules.unit.${unit}`, { n });
}

/* The value of a rule worded with its unit in the current language. */
export function valueText(unit, value) {
	const whole = /^[0-9]+$/.test(value) ? parseInt(value, 10) : null;
	switch (unit) {
	case 'years': case 'months': case 'days': case 'workdays': case 'hours': case 'count':
		return whole === null ? value : numberWords(unit, whole);
	case 'fen':
		return whole === null ? value : t('rules.unit.fen', { yuan: yuanText(whole) });
	case 'permille':
		return whole === null ? value : t('rules.unit.permille', { pct: percentText(whole) });
	case 'monthday': {
		const m = /^([0-9]{2})-([0-9]{2})$/.exec(value);
		if (!m) return value;
		const mo = parseInt(m[1], 10), d = parseInt(m[2], 10);
		return t('rules.unit.monthday', { d, month: t('rules.month.' + mo) });
	}
	case 'flag':
		return value === 'yes' || value === 'no' ? t('rules.unit.flag.' + value) : value;
	case 'kinds':
		if (!value) return t('rules.unit.kinds.none');
		return value.split(',').map((k) => label('org_kind', k)).join(currentLang() === 'en' ? ', ' : '、');
	case 'date':
		return t('rules.unit.date', { d: value });
	default:
		return value;
	}
}

function countText(n) { return t(n === 1 && has('rules.count.one') ? 'rules.count.one' : 'rules.count', { n }); }

function areaOf(key) { return String(key).split('.')[0]; }

function areaTitle(area) {
	return has('rules.area.' + area) ? t('rules.area.' + area) : t('rules.area.other');
}

function ruleName(key) { return has('rules.key.' + key) ? t('rules.key.' + key) : key; }

/* The items grouped by area, areas in the catalogue's order. */
export function groupByArea(items) {
	const groups = [];
	const at = new Map();
	for (const it of items) {
		const a = areaOf(it.key);
		if (!at.has(a)) { at.set(a, groups.length); groups.push({ area: a, items: [] }); }
		groups[at.get(a)].items.push(it);
	}
	return groups;
}

function AreaTable({ group }) {
	const id = 'rules-area-' + group.area;
	return html`<section class="rules-area" data-area=${group.area} aria-labelledby=${id}>
		<h2 id=${id}>${areaTitle(group.area)} <span class="muted small">${countText(group.items.length)}</span></h2>
		<div class="scroll-x"><table class="grid rules-table">
			<colgroup><col class="c-rule" /><col class="c-value" /><col class="c-from" /><col class="c-source" /><col class="c-override" /></colgroup>
			<thead><tr><th scope="col">${t('rules.col.rule')}</th><th scope="col">${t('rules.col.value')}</th>
				<th scope="col">${t('rules.col.from')}</th><th scope="col">${t('rules.col.source')}</th>
				<th scope="col">${t('rules.col.override')}</th></tr></thead>
			<tbody>${group.items.map((it) => html`<tr data-key=${it.key} data-overridden=${it.overridden ? '1' : '0'}>
				<td class="rule-name">${ruleName(it.key)}<div class="mono small muted">${it.key}</div></td>
				<td class="rule-value" data-unit=${it.unit} data-value=${it.value}>${valueText(it.unit, it.value)}</td>
				<td class="nowrap">${it.applies_from}</td>
				<td class="rule-source small">${currentLang() === 'en' ? it.source : (it.source_zh || it.source)}</td>
				<td class="rule-override">${it.overridden
					? html`<span class="badge">${t('rules.overridden')}</span><div class="small">${t('rules.reason', { reason: it.reason || '' })}</div>`
					: html`<span class="muted">${t('rules.not_overridden')}</span>`}</td>
			</tr>`)}</tbody>
		</table></div>
	</section>`;
}

export function RulesPage({ date }) {
	const [data, error] = useLoad(() => get('/rules', { date }), [date]);
	const items = (data && data.items) || [];
	return html`<div class="page rules-page">
		<div class="title-row"><h1>${t('rules.title')}</h1><div class="spacer"></div>
			<label class="as-of">${t('rules.as_of')}
				<input type="date" name="rules-date" value=${date || ''} onChange=${(ev) => {
					const v = ev.currentTarget.value;
					go('/rules' + (v ? '?date=' + v : ''));
				}} /></label></div>
		<p class="muted rules-intro">${t('rules.intro')}</p>
		${error ? html`<${ErrorBox} error=${error} />` : !data ? html`<${Loading} />` : html`
			<p class="rules-total">${countText(items.length)}</p>
			${groupByArea(items).map((g) => html`<${AreaTable} key=${g.area} group=${g} />`)}`}
	</div>`;
}
