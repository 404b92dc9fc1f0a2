/*
 * xlsx.js - writes a small XLSX workbook in the browser and offers it as a
 * download: one sheet of rows (strings and numbers), the few XML parts an
 * XLSX needs, stored (uncompressed) in a zip archive. Enough for the tables
 * and chart data of the dashboard and the import's error report (several
 * sheets, bad cells highlighted); nothing leaves the browser. Not for
 * reading XLSX files (xlsx-read.js) or for styles beyond a bold header row
 * and a highlight fill.
 */
const enc = new TextEncoder();

let crcTable = null;
function crc32(bytes) {
	if (!crcTable) {
		crcTable = new Uint32Array(256);
		for (let n = 0; n < 256; n++) {
			let c = n;
			for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
			crcTable[n] = c >>> 0;
		}
	}
	let c = 0xffffffff;
	for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

/* A zip archive (method 0, stored) of [name, Uint8Array] entries. */
function zip(files) {
	const parts = [], central = [];
	let offset = 0;
	for (const [name, data] of files) {
		const nb = enc.encode(name), crc = crc32(data);
		const h = new DataView(new ArrayBuffer(30));
		h.setUint32(0, 0x04034b50, true); h.setUint16(4, 20, true); h.setUint16(6, 0x0800, true);
		h.setUint16(8, 0, true); h.setUint16(10, 0, true); h.setUint16(12, 0x21, true);
		h.setUint32(14, crc, true); h.setUint32(18, data.length, true); h.setUint32(22, data.length, true);
		h.setUint16(26, nb.length, true); h.setUint16(28, 0, true);
		const c = new DataView(new ArrayBuffer(46));
		c.setUint32(0, 0x02014b50, true); c.setUint16(4, 20, true); c.setUint16(6, 20, true);
		c.setUint16(8, 0x0800, true); c.setUint16(10, 0, true); c.setUint16(12, 0, true); c.setUint16(14, 0x21, true);
		c.setUint32(16, crc, true); c.setUint32(20, data.length, true); c.setUint32(24, data.length, true);
		c.setUint16(28, nb.length, true); c.setUint32(42, offset, true);
		parts.push(new Uint8Array(h.buffer), nb, data);
		central.push(new Uint8Array(c.buffer), nb);
		offset += 30 + nb.length + data.length;
	}
	const size = central.reduce((n, p) => n + p.length, 0);
	const e = new DataView(new ArrayBuffer(22));
	e.setUint32(0, 0x06054b50, true); e.setUint16(8, files.length, true); e.setUint16(10, files.length, true);
	e.setUint32(12, size, true); e.setUint32(16, offset, true);
	return new Blob([...parts, ...central, new Uint8Array(e.buffer)],
		{ type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]))
	.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

function col(i) {
	let s = '';
	for (i++; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
	return s;
}

/* marks: a Set of "row,col" (0-based) cells drawn with the highlight fill. */
function sheetXml(rows, marks) {
	const out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
		'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'];
	rows.forEach((row, r) => {
		out.push(`<row r="${r + 1}">`);
		row.forEach((v, c) => {
			const marked = marks && marks.has(r + ',' + c);
			if ((v === null || v === undefined || v === '') && !marked) return;
			const ref = col(c) + (r + 1), s = marked ? ' s="2"' : (r === 0 ? ' s="1"' : '');
			if (v === null || v === undefined || v === '') out.push(`<c r="${ref}"${s}/>`);
			else if (typeof v === 'number' && Number.isFinite(v)) out.push(`<c r="${ref}"${s}><v>${v}</v></c>`);
			else out.push(`<c r="${ref}" t="inlineStr"${s}><is><t xml:space="preserve">${esc(v)}</t></is></c>`);
		});
		out.push('</row>');
	});
	out.push('</sheetData></worksheet>');
	return out.join('');
}

const sheetName = (n, i) => esc(String(n || 'Sheet' + (i + 1)).replace(/[\\/?*[\]:]/g, ' ').slice(0, 31));

/*
 * The workbook (a Blob) of sheets [{name, rows, marks?}]: rows are arrays of
 * strings/numbers (the first is the header, bold); marks a Set of "row,col"
 * cells given a highlighted (yellow) fill.
 */
export function xlsxWorkbook(sheets) {
	const x = (s) => enc.encode('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + s);
	return zip([
		['[Content_Types].xml', x('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
			+ '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
			+ '<Default Extension="xml" ContentType="application/xml"/>'
			+ '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
			+ sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')
			+ '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
			+ '</Types>')],
		['_rels/.rels', x('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
			+ '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
			+ '</Relationships>')],
		['xl/workbook.xml', x('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
			+ 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
			+ sheets.map((sh, i) => `<sheet name="${sheetName(sh.name, i)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')
			+ '</sheets></workbook>')],
		['xl/_rels/workbook.xml.rels', x('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
			+ sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')
			+ `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`
			+ '</Relationships>')],
		['xl/styles.xml', x('<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
			+ '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
			+ '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
			+ '<fill><patternFill patternType="solid"><fgColor rgb="FFFFFF00"/><bgColor indexed="64"/></patternFill></fill></fills>'
			+ '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
			+ '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
			+ '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
			+ '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
			+ '<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/></cellXfs>'
			+ '</styleSheet>')],
		...sheets.map((sh, i) => [`xl/worksheets/sheet${i + 1}.xml`, enc.encode(sheetXml(sh.rows, sh.marks))]),
	]);
}

/* The workbook (a Blob) of rows (arrays of strings/numbers; the first is the header). */
export function xlsxBlob(name, rows) {
	return xlsxWorkbook([{ name, rows }]);
}

/* Offers blob as filename for download. */
export function downloadBlob(filename, blob) {
	const a = document.createElement('a');
	a.href = URL.createObjectURL(blob);
	a.download = filename;
	document.body.appendChild(a);
	a.click();
	setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

/* Offers rows as FILENAME.xlsx for download. */
export function downloadXlsx(filename, sheetName, rows) {
	const a = document.createElement('a');
	a.href = URL.createObjectURL(xlsxBlob(sheetName, rows));
	a.download = filename.endsWith('.xlsx') ? filename : filename + '.xlsx';
	document.body.appendChild(a);
	a.click();
	setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}
