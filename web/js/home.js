/*
 * home.js - the workbench, the first page after login of a user with a
 * scope who may read statistics (org_officer, branch_secretary): the key
 * figures of the whole scope (members, probationary, full, grassroots
 * organizations; the statistics engine through GET /stats/rollup and
 * /stats/bulletin) and the to-do list (GET /orgs/{id}/todo), each figure
 * and each item counted and linking to the list that holds what it counts.
 * The to-do kinds are the server's table (src/ops/todo.c); this page only
 * words them ("home.todo.<key>"). Not for the dashboard's charts
 * (dashboard.js) nor for choosing where other roles land (app.js).
 */
import { html } from './lib.js';
import { t, has } from './i18n.js';
import { get } from './api.js';
import { useLoad, Loading, ErrorBox } from './ui.js';
import { useTitle } from './ledger.js';
import { can } from './nav.js';

function statusCount(rollup, key) {
	const c = ((rollup && rollup.cells) || []).find((x) => x.status === key);
	return c ? c.count : 0;
}

function Figure({ k, n, href }) {
	const body = html`<span class="figure-n">${n}</span><span class="figure-k">${t(k)}</span>`;
	return html`<li class="figure" data-figure=${k}>${href ? html`<a href=${href}>${body}</a>` : body}</li>`;
}

export function Workbench({ user }) {
	const org = user.scope_org;
	useTitle(t('home.workbench'));
	const [data, error] = useLoad(async () => {
		const [rollup, bulletin, todo] = await Promise.all([
			get('/stats/rollup', { org: org.id, by: 'status' }),
			get('/stats/bulletin', { org: org.id, year: new Date().getFullYear() }),
			get(`/orgs/${org.id}/todo`),
		]);
		return { rollup, bulletin, todo };
	}, [org.id]);
	const members = can.members(user);
	const base = `#/org/${org.id}`;
	return html`<div class="page workbench">
		<h1>${t('home.workbench')}</h1>
		<p class="muted">${t('home.scope', { name: org.name })}</p>
		${error ? html`<${ErrorBox} error=${error} />` : null}
		${data === undefined ? html`<${Loading} />` : null}
		${data ? html`
		<section class="card" aria-labelledby="home-figures">
			<h2 id="home-figures">${t('home.figures')}</h2>
			<ul class="figures">
				<${Figure} k="home.fig.members" n=${statusCount(data.rollup, 'probationary') + statusCount(data.rollup, 'full')}
					href=${members ? base + '/members?status=members' : ''} />
				<${Figure} k="home.fig.probationary" n=${statusCount(data.rollup, 'probationary')}
					href=${members ? base + '/members?status=probationary' : ''} />
				<${Figure} k="home.fig.full" n=${statusCount(data.rollup, 'full')}
					href=${members ? base + '/members?status=full' : ''} />
				<${Figure} k="home.fig.orgs" n=${((data.bulletin || {}).grassroots_organizations || {}).total ?? 0}
					href=${base + '/children'} />
			</ul>
		</section>
		<section class="card" aria-labelledby="home-todo">
			<h2 id="home-todo">${t('home.todo')}</h2>
			<ul class="todo-list">${((data.todo || {}).items || []).map((it) => {
				const link = it.subject === 'members' && !members ? '' : '#' + it.link;
				/* kinds with a list of their own have their words; the others are named by their finding rule */
				const words = has('home.todo.' + it.key) ? 'home.todo.' + it.key : 'findings.rule.' + it.finding;
				const text = html`<span class="todo-k">${t(words)}</span><span class=${'todo-n num' + (it.count ? ' due' : '')}>${it.count}</span>`;
				return html`<li class="todo-item" data-todo=${it.key} data-count=${it.count}>${link ? html`<a href=${link}>${text}</a>` : text}</li>`;
			})}</ul>
		</section>` : null}
	</div>`;
}
