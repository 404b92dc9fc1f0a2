/*
 * findings.js - the findings page of an organization (tab "findings",
 * #/org/ID/findings?rule=KEY): what the rules find due or overdue in its
 * subtree (GET /findings), filtered by rule, oldest due first, a page at a
 * time, each row linking to the member (or the organization) and showing
 * the due date, the days overdue (or still to go) and the rule's source.
 * The rules are the server's table (src/ops/findings.c); this page only
 * words them ("findings.rule.<key>"). Not for the workbench's counts
 * (home.js) nor the member page (member.js).
 */
import { html, useState } from './lib.js';
import { t } from './i18n.js';
import { get } from './api.js';
import { useLoad, Loading, ErrorBox, useCursorPager, Pager } from './ui.js';

/* The rules of src/ops/findings.c finding_rules[], in its order. */
export const FINDING_RULES = ['target_eligible', 'conversion_due', 'conversion_overdue',
	'medal_50_due', 'talk_overdue', 'approval_overdue', 'extension_overdue', 'lost_contact_6m',
	'election_overdue', 'temporary_ended', 'transfer_stuck',
	'dues_arrears_3m', 'dues_arrears_6m'];
const PAGE = 50;

function Days({ n }) {
	const k = n > 0 ? 'findings.days.overdue' : n < 0 ? 'findings.days.ahead' : 'findings.days.today';
	return html`<span class=${'days' + (n > 0 ? ' due' : '')} data-days=${n}>${t(k, { n: Math.abs(n) })}</span>`;
}

export function FindingsList({ id, initialRule, asOf }) {
	const [rule, setRule] = useState(FINDING_RULES.includes(initialRule) ? initialRule : '');
	const pager = useCursorPager();
	const [data, error, , busy] = useLoad(() => get('/findings',
		{ org: id, rule, as_of: asOf, cursor: pager.cursor, limit: PAGE }), [id, rule, asOf, pager.cursor], true);
	const choose = (v) => {
		setRule(v);
		pager.reset();
		location.replace(`#/org/${id}/findings` + (v ? '?rule=' + v : ''));
	};
	const items = (data && data.items) || [];
	return html`<section class="findings-page" aria-busy=${busy ? 'true' : 'false'}>
		<div class="filters">
			<label>${t('findings.filter.rule')}
				<select name="rule" value=${rule} onChange=${(ev) => choose(ev.currentTarget.value)}>
					<option value="">${t('findings.rule.all')}</option>
					${FINDING_RULES.map((k) => html`<option value=${k}>${t('findings.rule.' + k)}</option>`)}
				</select></label>
			${data ? html`<span class="muted ledger-total" data-total=${data.total}>${t('ledger.total', { n: data.total })}</span>` : null}
		</div>
		${error ? html`<${ErrorBox} error=${error} />` : null}
		${data === undefined ? html`<${Loading} />` : null}
		${data && !items.length ? html`<p class="muted">${t('findings.none')}</p>` : null}
		${items.length ? html`<div class="scroll-x"><table class="grid findings-list" aria-label=${t('findings.title')}>
			<thead><tr>
				<th scope="col">${t('findings.col.rule')}</th><th scope="col">${t('findings.col.subject')}</th>
				<th scope="col">${t('findings.col.org')}</th><th scope="col" class="date">${t('findings.col.due')}</th>
				<th scope="col" class="num">${t('findings.col.days')}</th><th scope="col">${t('findings.col.source')}</th>
			</tr></thead>
			<tbody>${items.map((f) => html`<tr data-rule=${f.rule} data-person-id=${f.person ? f.person.id : ''} data-org-id=${f.org.id}>
				<td>${t('findings.rule.' + f.rule)}</td>
				<td>${f.person ? html`<a href=${'#/member/' + f.person.id}>${f.person.name}</a>` : html`<a href=${'#/org/' + f.org.id}>${f.org.name}</a>`}</td>
				<td><a href=${'#/org/' + f.org.id}>${f.org.name}</a></td>
				<td class="date">${f.due}</td>
				<td class="num"><${Days} n=${f.days_overdue} /></td>
				<td class="source">${f.source}</td>
			</tr>`)}</tbody></table></div>` : null}
		${data && (pager.page > 1 || data.next_cursor) ? html`<${Pager} ...${pager.controls(data.next_cursor)} />` : null}
	</section>`;
}
