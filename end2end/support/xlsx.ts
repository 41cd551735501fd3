// Spreadsheets as a clerk's computer saves them, made by the tests themselves: a minimal
// `.xlsx` workbook (one sheet, text cells) and a CSV in GBK, as Excel and WPS save one on a
// Chinese Windows. No package does either here, so both are written out by hand.
import { crc32, inflateRawSync } from 'node:zlib';

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The column letters of a zero-based index: 0 → A, 26 → AA. */
function column(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

/** A zip archive of `files`, stored (not compressed), as the format allows. */
function zip(files: [string, Buffer][]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(0, 10); // time and date
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    parts.push(local, nameBytes, data);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(0, 10);
    entry.writeUInt32LE(0, 12);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/** A workbook of one sheet whose rows are `rows`, every cell as text. */
export function xlsx(rows: string[][]): Buffer {
  const sheetRows = rows.map((row, r) => {
    const cells = row.map((text, c) =>
      `<c r="${column(c)}${r + 1}" t="inlineStr"><is><t>${escapeXml(text)}</t></is></c>`).join('');
    return `<row r="${r + 1}">${cells}</row>`;
  }).join('');
  const xml = (body: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`, 'utf8');
  return zip([
    ['[Content_Types].xml', xml('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      + '<Default Extension="xml" ContentType="application/xml"/>'
      + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      + '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
      + '</Types>')],
    ['_rels/.rels', xml('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
      + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
      + '</Relationships>')],
    ['xl/workbook.xml', xml('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      + 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
      + '<sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>')],
    ['xl/_rels/workbook.xml.rels', xml('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
      + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
      + '</Relationships>')],
    ['xl/worksheets/sheet1.xml', xml('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
      + `<sheetData>${sheetRows}</sheetData></worksheet>`)],
  ]);
}

/**
 * GBK bytes of the Chinese characters the roster tests write, one entry per character
 * (GB 2312 codes, which GBK keeps; made with Python's `'字'.encode('gbk')`). ASCII stays
 * as it is. A character missing here is the test's mistake, said at once.
 */
const GBK: Record<string, [number, number]> = {
  '类': [0xc0, 0xe0], '型': [0xd0, 0xcd], '姓': [0xd0, 0xd5], '名': [0xc3, 0xfb], '组': [0xd7, 0xe9], '别': [0xb1, 0xf0], '单': [0xb5, 0xa5], '位': [0xce, 0xbb], '顺': [0xcb, 0xb3], '序': [0xd0, 0xf2], '评': [0xc6, 0xc0], '委': [0xce, 0xaf], '述': [0xca, 0xf6], '职': [0xd6, 0xb0], '人': [0xc8, 0xcb], '李': [0xc0, 0xee], '明': [0xc3, 0xf7], '王': [0xcd, 0xf5], '芳': [0xb7, 0xbc], '赵': [0xd5, 0xd4], '刚': [0xb8, 0xd5], '孙': [0xcb, 0xef], '丽': [0xc0, 0xf6], '城': [0xb3, 0xc7], '东': [0xb6, 0xab], '区': [0xc7, 0xf8], '西': [0xce, 0xf7], '南': [0xc4, 0xcf], '北': [0xb1, 0xb1], '群': [0xc8, 0xba], '众': [0xd6, 0xda], '代': [0xb4, 0xfa], '表': [0xb1, 0xed], '企': [0xc6, 0xf3], '业': [0xd2, 0xb5], '家': [0xbc, 0xd2],
};

/** `text` in GBK, for the characters of the table above. */
export function gbk(text: string): Buffer {
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) {
      bytes.push(code);
    } else if (GBK[ch]) {
      bytes.push(...GBK[ch]);
    } else {
      throw new Error(`no GBK code for “${ch}” in support/xlsx.ts: add it`);
    }
  }
  return Buffer.from(bytes);
}

/** The files of a zip archive by name (stored or deflated, as spreadsheet programs write). */
function unzip(archive: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip archive');
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (archive.readUInt32LE(at) !== 0x02014b50) throw new Error('a broken zip directory');
    const method = archive.readUInt16LE(at + 10);
    const size = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const local = archive.readUInt32LE(at + 42);
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataAt = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const data = archive.subarray(dataAt, dataAt + size);
    files.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

const unescapeXml = (text: string) =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&');

/** The text of every `<t>` in `xml`, joined (a rich string's runs make one). */
const texts = (xml: string) => [...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map(m => unescapeXml(m[1])).join('');

/** A workbook read back: each worksheet by its name, as rows of cell texts (numbers as
 *  written, empty cells as ''). Enough of the format for what Leitai writes. */
export function readXlsx(bytes: Buffer): Map<string, string[][]> {
  const files = unzip(bytes);
  const text = (name: string) => files.get(name)?.toString('utf8') ?? '';
  const shared = [...text('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map(m => texts(m[1]));
  const targets = new Map([...text('xl/_rels/workbook.xml.rels').matchAll(/<Relationship\b[^>]*>/g)].map(m => {
    const id = /Id="([^"]+)"/.exec(m[0])![1];
    const target = /Target="([^"]+)"/.exec(m[0])![1];
    return [id, target.startsWith('/') ? target.slice(1) : `xl/${target}`];
  }));
  const sheets = new Map<string, string[][]>();
  for (const m of text('xl/workbook.xml').matchAll(/<sheet\b[^>]*>/g)) {
    const name = unescapeXml(/name="([^"]*)"/.exec(m[0])![1]);
    const rel = /r:id="([^"]+)"/.exec(m[0])![1];
    const rows: string[][] = [];
    for (const row of text(targets.get(rel)!).matchAll(/<row\b[^>]*>([\s\S]*?)<\/row>/g)) {
      const cells: string[] = [];
      for (const cell of row[1].matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const ref = /r="([A-Z]+)\d+"/.exec(cell[1])?.[1] ?? '';
        const index = [...ref].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
        const type = /t="([^"]+)"/.exec(cell[1])?.[1];
        const body = cell[2] ?? '';
        const value = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
        const shown = type === 's' ? shared[Number(value)] ?? ''
          : type === 'inlineStr' ? texts(body)
            : unescapeXml(value ?? '');
        while (cells.length < Math.max(index, cells.length)) cells.push('');
        cells[index >= 0 ? index : cells.length] = shown;
      }
      rows.push(cells.map(c => c ?? ''));
    }
    sheets.set(name, rows);
  }
  return sheets;
}
