/*
 * xlsx-read.js - reads the cell texts of an XLSX workbook or a CSV file in
 * the browser, for the import's error report (the user's own file, which
 * the browser already holds, marked where the server found problems). A
 * workbook gives its sheets by name, each as rows of strings indexed by
 * row number; a CSV file gives one sheet named "" whose rows are indexed by
 * the line each record starts on. Not for writing (xlsx.js) or for values
 * beyond their text (dates and numbers come as stored).
 */

/* The entries of a zip archive: name -> () => Promise<Uint8Array>. */
function unzip(buf) {
	const dv = new DataView(buf), u8 = new Uint8Array(buf), dec = new TextDecoder();
	let eocd = -1;
	for (let i = buf.byteLength - 22; i >= Math.max(0, buf.byteLength - 65557); i--)
		if (dv.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
	if (eocd < 0) throw new Error('not a zip archive');
	const n = dv.getUint16(eocd + 10, true);
	let p = dv.getUint32(eocd + 16, true);
	const out = new Map();
	for (let k = 0; k < n; k++) {
		const method = dv.getUint16(p + 10, true), size = dv.getUint32(p + 20, true);
		const nameLen = dv.getUint16(p + 28, true), extra = dv.getUint16(p + 30, true), comment = dv.getUint16(p + 32, true);
		const off = dv.getUint32(p + 42, true);
		const name = dec.decode(u8.subarray(p + 46, p + 46 + nameLen));
		out.set(name, async () => {
			const start = off + 30 + dv.getUint16(off + 26, true) + dv.getUint16(off + 28, true);
			const data = u8.subarray(start, start + size);
			if (method === 0) return data;
			const s = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
			return new Uint8Array(await new Response(s).arrayBuffer());
		});
		p += 46 + nameLen + extra + comment;
	}
	return out;
}

function colIndex(ref) {
	let c = 0;
	for (const ch of ref.replace(/\d+$/, '')) c = c * 26 + (ch.charCodeAt(0) - 64);
	return c - 1;
}

const xml = (text) => new DOMParser().parseFromString(text, 'application/xml');
const texts = (el) => [...el.getElementsByTagName('t')].map((t) => t.textContent).join('');

async function readXlsx(buf) {
	const z = unzip(buf), dec = new TextDecoder();
	const part = async (name) => (z.has(name) ? dec.decode(await z.get(name)()) : null);
	const shared = [];
	const sst = await part('xl/sharedStrings.xml');
	if (sst) for (const si of xml(sst).getElementsByTagName('si')) shared.push(texts(si));
	const rels = new Map();
	for (const r of xml(await part('xl/_rels/workbook.xml.rels')).getElementsByTagName('Relationship'))
		rels.set(r.getAttribute('Id'), r.getAttribute('Target').replace(/^\/?(xl\/)?/, 'xl/'));
	const sheets = [];
	for (const sh of xml(await part('xl/workbook.xml')).getElementsByTagName('sheet')) {
		const id = sh.getAttribute('r:id') || sh.getAttributeNS('http://schemas.openxmlformats.org/officeDocument/2006/relationships', 'id');
		const body = await part(rels.get(id));
		if (!body) continue;
		const rows = [];
		for (const row of xml(body).getElementsByTagName('row')) {
			const r = Number(row.getAttribute('r')), cells = [];
			for (const c of row.getElementsByTagName('c')) {
				const t = c.getAttribute('t'), v = c.getElementsByTagName('v')[0];
				const text = t === 's' ? shared[Number(v && v.textContent)] ?? ''
					: t === 'inlineStr' ? texts(c) : (v ? v.textContent : '');
				cells[colIndex(c.getAttribute('r'))] = text;
			}
			rows[r] = Array.from(cells, (x) => x ?? '');
		}
		sheets.push({ name: sh.getAttribute('name'), rows });
	}
	return sheets;
}

function readCsv(text) {
	text = text.replace(/^\uFEFF/, '');
	const rows = [];
	let row = [], field = '', quoted = false, line = 1, start = 1;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
			else if (c === '"') quoted = false;
			else { if (c === '\n') line++; field += c; }
		} else if (c === '"') quoted = true;
		else if (c === ',') { row.push(field); field = ''; }
		else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			row.push(field); rows[start] = row; row = []; field = '';
			line++; start = line;
		} else field += c;
	}
	if (field !== '' || row.length) { row.push(field); rows[start] = row; }
	return [{ name: '', rows }];
}

/* The sheets of file (a File): [{name, rows}], rows[n] the cells of row/line n. */
export async function readTable(file) {
	const buf = await file.arrayBuffer();
	const u8 = new Uint8Array(buf);
	if (u8[0] === 0x50 && u8[1] === 0x4b) return readXlsx(buf);
	let text;
	try { text = new TextDecoder('utf-8', { fatal: true }).decode(buf); }
	catch (e) { text = new TextDecoder('gb18030').decode(buf); }
	return readCsv(text);
}
