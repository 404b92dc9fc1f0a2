/* The message catalogues: both languages have the same keys, every literal
 * key the UI looks up exists, and no placeholder is lost in translation. */
import fs from 'node:fs';
import path from 'node:path';
import { assert } from './lib.mjs';

export const offline = true;

export default async function ({ here }) {
	const web = path.resolve(here, '../../web');
	const zh = JSON.parse(fs.readFileSync(path.join(web, 'i18n/zh-CN.json'), 'utf8'));
	const en = JSON.parse(fs.readFileSync(path.join(web, 'i18n/en.json'), 'utf8'));
	assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort(), 'same keys in zh-CN and en');
	const holes = (s) => (s.match(/\{\w+\}/g) || []).sort().join();
	for (const k of Object.keys(zh)) assert.equal(holes(zh[k]), holes(en[k]), 'placeholders of ' + k);
	const used = new Set();
	for (const f of fs.readdirSync(path.join(web, 'js'))) {
		const src = fs.readFileSync(path.join(web, 'js', f), 'utf8');
		for (const m of src.matchAll(/\bt\('([a-z_.]+[a-z_])'/g)) used.add(m[1]);
		for (const m of src.matchAll(/(?:labelKey|submitKey)="([a-z_.]+)"/g)) used.add(m[1]);
		for (const m of src.matchAll(/<\$\{(?:Field|CodeField|DateField)\} form=\$\{form\} name="([a-z_]+)"(?![^>]*labelKey)/g)) used.add('field.' + m[1]);
	}
	const missing = [...used].filter((k) => !(k in zh));
	assert.deepEqual(missing, [], 'keys used by the UI but missing from the catalogues');
}
