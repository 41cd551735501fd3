// After the demo contest: the host reviews the results, downloads every export and the
// backup (which restores to the same results), prints the sign-off sheet, checks a
// phone's receipt, filters and exports the audit log, reads the judges' report and starts
// the next quarter; the public results show only revealed presenters.
import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer, type Running } from '../server';
import { hydrated } from '../support/page';

test.describe.configure({ mode: 'serial' });

const DEV_A = '00000000-0000-4000-8000-00000000000a';
const DEV_B = '00000000-0000-4000-8000-00000000000b';
const AMEND_REASON = '两位社会监督员的手机在亮分时断网';
/** 胶州市's totals by judge j01…j15, in hundredths (docs/scoring.md's worked example). */
const JIAOZHOU = [8650, 8800, 8400, 9000, 9150, 8900, 8500, 8750, 8600, 9200, 9550, 8850, 7800, 8300, 8550];
const BOM = [0xef, 0xbb, 0xbf];

let server: Running;
let context: BrowserContext;
let host: Page;

interface Sent { opId: string; judge: string; presenter: string; outcome: string; seq: number; receipt?: string }
const sent: Sent[] = [];
let nextOp = 0;

async function call(method: string, path: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(server.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const asHost = (method: string, path: string, body?: unknown) => call(method, path, server.hostToken, body);

/** A sheet of the demo rubric with this total, filled in criterion order. */
function values(total: number) {
  const results = Math.min(total, 5000);
  const defence = Math.min(total - results, 3000);
  return { results: results / 100, defence: defence / 100, satisfaction: (total - results - defence) / 100 };
}

async function judgeTokens(event: string): Promise<Record<string, string>> {
  const { body } = await asHost('GET', `/api/v1/events/${event}/judges`);
  return Object.fromEntries(body.judges.map((j: { id: string; token: string }) => [j.id, j.token]));
}

function judge(n: number) {
  return `j${String(n).padStart(2, '0')}`;
}

async function sync(event: string, tokens: Record<string, string>, n: number, device: string, presenter: string,
  rev: number, vals: unknown, submitted = true): Promise<Sent> {
  nextOp += 1;
  const op = {
    op_id: `00000000-0000-4000-8000-${nextOp.toString(16).padStart(12, '0')}`, presenter, rev, values: vals,
    submitted, client_time: `2026-07-06T14:${String(nextOp % 60).padStart(2, '0')}:00+08:00`,
  };
  const { status, body } = await call('POST', `/api/v1/events/${event}/sync`, tokens[judge(n)], { device, ops: [op] });
  expect(status, JSON.stringify(body)).toBe(200);
  const r = body.results[0];
  const s = { opId: op.op_id, judge: judge(n), presenter, outcome: r.outcome, seq: r.server_seq, receipt: r.receipt ?? undefined };
  sent.push(s);
  return s;
}

async function everyone(event: string, tokens: Record<string, string>, presenter: string, judges: number[],
  total: (n: number) => number) {
  for (const n of judges) {
    expect((await sync(event, tokens, n, DEV_A, presenter, 1, values(total(n)))).outcome).toBe('applied');
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function move(action: string) {
  const { status, body } = await asHost('POST', '/api/v1/events/demo/show', { action });
  expect(status, JSON.stringify(body)).toBe(200);
}

async function reveal(event: string, presenter: string, force = false) {
  return asHost('POST', `/api/v1/events/${event}/presenters/${presenter}/reveal`, { force });
}

/** The demo contest as the server tests script it: five presenters revealed, one forced and
 *  amended with two late sheets, a tie settled by the untrimmed mean and a shared place. */
async function scriptTheDemo() {
  const tokens = await judgeTokens('demo');
  await move('start_report');
  await move('start_defence');
  await move('open_scoring');
  expect((await sync('demo', tokens, 1, DEV_A, 'jiaozhou', 1, { results: 40, defence: null, satisfaction: null }, false)).outcome).toBe('applied');
  expect((await sync('demo', tokens, 1, DEV_A, 'jiaozhou', 2, values(JIAOZHOU[0]))).outcome).toBe('applied');
  expect((await sync('demo', tokens, 2, DEV_A, 'jiaozhou', 2, values(JIAOZHOU[1]))).outcome).toBe('applied');
  expect((await sync('demo', tokens, 2, DEV_B, 'jiaozhou', 1, values(7000))).outcome).toBe('superseded');
  expect((await sync('demo', tokens, 3, DEV_A, 'jiaozhou', 1, { results: 40.25, defence: 30, satisfaction: 14 })).outcome).toBe('rejected');
  await everyone('demo', tokens, 'jiaozhou', range(3, 15), n => JIAOZHOU[n - 1]);
  expect((await reveal('demo', 'jiaozhou')).body.final).toBe(87.4);
  expect((await sync('demo', tokens, 5, DEV_A, 'jiaozhou', 2, values(9500))).outcome).toBe('late');

  await move('next');
  await everyone('demo', tokens, 'shinan', range(1, 15), () => 8000);
  expect((await reveal('demo', 'shinan')).status).toBe(200);
  await move('next');
  await everyone('demo', tokens, 'xihaian', range(1, 15), n => (n === 15 ? 10000 : 8000));
  expect((await reveal('demo', 'xihaian')).status).toBe(200);
  await move('next');
  await everyone('demo', tokens, 'chengyang', range(1, 10), () => 7500);
  expect((await reveal('demo', 'chengyang')).status).toBe(409);
  expect((await reveal('demo', 'chengyang', true)).body.final).toBe(75);
  const late = [
    await sync('demo', tokens, 13, DEV_A, 'chengyang', 1, values(8500)),
    await sync('demo', tokens, 14, DEV_A, 'chengyang', 1, values(8500)),
  ];
  expect(late.map(l => l.outcome)).toEqual(['late', 'late']);
  const amended = await asHost('POST', '/api/v1/events/demo/presenters/chengyang/amend',
    { reason: AMEND_REASON, include_late: late.map(l => l.opId) });
  expect(amended.body.final).toBe(77);
  await move('next');
  await everyone('demo', tokens, 'laixi', range(1, 15), () => 8000);
  expect((await reveal('demo', 'laixi')).status).toBe(200);
}

async function open(page: Page, path: string) {
  await page.goto(server.base + path);
  await hydrated(page);
}

/** Clicks a download button and returns the saved file's name and bytes. */
async function download(page: Page, testid: string) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
}

/** A CSV download's rows, after checking that it starts with the UTF-8 byte order mark. */
function csvRows(bytes: Buffer): string[][] {
  expect([...bytes.subarray(0, 3)]).toEqual(BOM);
  return bytes.subarray(3).toString('utf8').split('\r\n').filter(l => l.length > 0)
    .map(line => line.split(','));
}

/** The op that recorded j01's submitted sheet for 胶州市 (after a draft). */
const j01Submitted = () => sent.filter(s => s.judge === 'j01' && s.presenter === 'jiaozhou')[1];

const sheet = (presenter: string) => host.locator(`article.placed[data-presenter="${presenter}"]`);

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  server = await startServer();
  await scriptTheDemo();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  host = await context.newPage();
  await open(host, `/host#token=${server.hostToken}`);
  await expect(host.getByTestId('host-signed-in')).toBeVisible();
});

test.afterAll(async () => {
  await context?.close();
  await server?.stop();
});

test('the host reads the ranking with shared places, tie-breaks, rank changes and full breakdowns', async () => {
  await host.getByTestId('host-nav').locator('a[href="/host/results"]').click();
  await expect(host).toHaveURL(/\/host\/results$/);
  const rows = host.getByTestId('ranking-table').locator('tbody tr');
  await expect(rows).toHaveCount(5);
  const ids = await rows.evaluateAll(trs => trs.map(tr => tr.getAttribute('data-presenter')));
  expect(ids).toEqual(['jiaozhou', 'xihaian', 'laixi', 'shinan', 'chengyang']);
  await expect(rows.getByTestId('place')).toHaveText(['1', '2', '=3', '=3', '5']);
  await expect(rows.getByTestId('final')).toHaveText(['87.40', '80.00', '80.00', '80.00', '77.00']);
  await expect(rows.getByTestId('decided-by')).toHaveText(['按得分', '决胜：不去掉最高最低分的平均分', '并列', '并列', '按得分']);
  // The demo's last ranks: jiaozhou 1, shinan 2, xihaian 3, chengyang 4, laixi 5.
  await expect(rows.getByTestId('rank-change')).toHaveText(['– 不变', '▲ 升 1 名', '▲ 升 2 名', '▼ 降 1 名', '▼ 降 1 名']);
  await expect(rows.last()).toContainText('已修正');
  await expect(rows.last()).toContainText('强制亮分');
  const unrevealed = host.getByTestId('unrevealed').locator('li');
  await expect(unrevealed).toHaveCount(5);
  await expect(unrevealed.first()).toContainText('崂山区退役军人事务局');

  // 胶州市, line by line: the highest and lowest totals dropped, the supervisors' subtotal.
  const jiaozhou = sheet('jiaozhou');
  await expect(jiaozhou.getByTestId('breakdown-full')).toBeHidden();
  await jiaozhou.getByTestId('toggle-breakdown').click();
  await expect(jiaozhou.getByTestId('breakdown-full')).toBeVisible();
  await expect(jiaozhou.locator('tr[data-judge="j11"]')).toHaveAttribute('data-status', 'dropped_highest');
  await expect(jiaozhou.locator('tr[data-judge="j11"]')).toContainText('去掉（最高分）');
  await expect(jiaozhou.locator('tr[data-judge="j13"]')).toHaveAttribute('data-status', 'dropped_lowest');
  await expect(jiaozhou.locator('tr[data-judge="j01"]')).toContainText('86.5');
  await expect(jiaozhou.locator('tbody[data-group="supervisor"]').getByTestId('group-subtotal')).toContainText('84.25');
  await expect(jiaozhou.locator('tbody[data-group="supervisor"]').getByTestId('group-subtotal')).toContainText('20.00%');
  const j01 = j01Submitted();
  await expect(jiaozhou.locator('tr[data-judge="j01"] td.receipt')).toHaveText(`#${j01.seq} ${j01.receipt}`);
  await expect(jiaozhou.getByTestId('result-hash')).toHaveText(/^[0-9a-f]{16,}$/);

  // 城阳区: forced, then amended with the late supervisors' sheets and a reason.
  const chengyang = sheet('chengyang');
  await chengyang.getByTestId('toggle-breakdown').click();
  await expect(chengyang.getByTestId('amendments')).toContainText(AMEND_REASON);
  await expect(chengyang.getByTestId('amendments')).toContainText('75 → 77');
  await expect(chengyang.locator('tr[data-judge="j13"]')).toContainText('经修正计入');
  await expect(chengyang.locator('tr[data-judge="j15"]')).toHaveAttribute('data-status', 'no_sheet');
  await host.getByTestId('toggle-all').click();
  await expect(host.getByTestId('breakdown-full').filter({ visible: true })).toHaveCount(5);
});

test('the host downloads the results, the sheets, the workbook and a backup that restores', async () => {
  test.setTimeout(90_000);
  const results = await download(host, 'export-results-csv');
  expect(results.name).toBe('leitai-demo-results.csv');
  const rows = csvRows(results.bytes);
  expect(rows[0][0]).toBe('名次');
  expect(rows).toHaveLength(6);
  expect(rows[1]).toEqual(expect.arrayContaining(['1', '按得分', '胶州市局长', '87.40']));
  expect(rows[3]).toEqual(expect.arrayContaining(['3', '并列', '莱西市局长']));
  // Times in the host's own zone, to the second, and the zone in the header.
  const at = rows[0].findIndex(h => h.startsWith('亮分时间'));
  expect(rows[0][at]).toMatch(/^亮分时间\uff08UTC([+-]\d\d:\d\d)?\uff09$/);
  expect(rows[1][at]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

  const sheets = await download(host, 'export-sheets-csv');
  expect(sheets.name).toBe('leitai-demo-sheets.csv');
  const sheetRows = csvRows(sheets.bytes);
  expect(sheetRows[0].slice(0, 5)).toEqual(['述职人编号', '述职人', '评委编号', '评委', '评委组']);
  // Submitted sheets as they stand, 15 + 15 + 15 + 10 + 15, and the three late ones.
  expect(sheetRows).toHaveLength(1 + 70 + 3);
  const j01 = j01Submitted();
  expect(sheets.bytes.toString('utf8')).toContain(j01.receipt!);

  const workbook = await download(host, 'export-xlsx');
  expect(workbook.name).toBe('leitai-demo-results.xlsx');
  expect(workbook.bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
  expect(workbook.bytes.length).toBeGreaterThan(5_000);
  expect(workbook.bytes.length).toBeLessThan(1_000_000);
  expect(workbook.bytes.includes(Buffer.from('xl/worksheets/sheet2.xml'))).toBe(true);

  const backup = await download(host, 'export-backup');
  expect(backup.name).toBe('leitai-demo-backup.json');
  JSON.parse(backup.bytes.toString('utf8'));

  // The downloaded backup restores into an empty data directory with the same results.
  const dir = mkdtempSync(join(tmpdir(), 'leitai-restore-'));
  const file = join(dir, 'demo-backup.json');
  writeFileSync(file, backup.bytes);
  const data = join(dir, 'data');
  const exe = resolve(__dirname, '../../target/release/leitai');
  const out = execFileSync(exe, ['import', '--data', data, file], { encoding: 'utf8', env: { ...process.env, RUST_LOG: 'off' } });
  expect(out).toContain("imported event 'demo'");
  const restored = await startServer({ data, hostToken: server.hostToken });
  try {
    for (const path of ['/api/v1/events/demo/results/full', `/api/v1/events/demo/receipts/${j01.seq}`]) {
      const get = async (base: string) => (await fetch(base + path, { headers: { authorization: `Bearer ${server.hostToken}` } })).json();
      expect(await get(restored.base), path).toEqual(await get(server.base));
    }
  } finally {
    await restored.stop();
  }
});

test('the results print as an A4 sign-off sheet with every breakdown and the signature lines', async () => {
  await host.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => { (window as unknown as { printed: number }).printed += 1; };
  });
  await host.getByTestId('print').click();
  expect(await host.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

  await host.getByTestId('toggle-all').click();
  await expect(host.getByTestId('breakdown-full').filter({ visible: true })).toHaveCount(0);
  await expect(host.getByTestId('signatures')).toBeHidden();
  await host.emulateMedia({ media: 'print' });
  await expect(host.getByTestId('host-nav')).toBeHidden();
  await expect(host.getByTestId('exports')).toBeHidden();
  await expect(host.getByTestId('next-quarter')).toBeHidden();
  await expect(host.getByTestId('breakdown-full').filter({ visible: true })).toHaveCount(5);
  await expect(host.getByTestId('signatures')).toBeVisible();
  await expect(host.getByTestId('signature-line')).toHaveCount(15);
  await expect(host.getByTestId('signatures')).toContainText('社会监督员');
  await expect(host.getByTestId('signature-host')).toBeVisible();
  const pdf = await host.pdf({ preferCSSPageSize: true });
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // Every page is A4 (595 × 842 points, as Chromium rounds it), and there are several.
  const pages = pdf.toString('latin1').match(/MediaBox \[[^\]]*\]/g) ?? [];
  expect(pages.length).toBeGreaterThan(2);
  for (const box of pages) expect(box).toMatch(/^MediaBox \[0 0 59[45]\.\d+ 84[12]\.\d+\]$/);
  await host.emulateMedia({ media: 'screen' });
});

test('a receipt on a phone is checked against the server: match and mismatch', async () => {
  const j01 = j01Submitted();
  // From the results, a sheet's receipt opens its lookup.
  await sheet('jiaozhou').getByTestId('toggle-breakdown').click();
  await sheet('jiaozhou').locator('tr[data-judge="j01"] td.receipt a').click();
  await expect(host).toHaveURL(/\/host\/audit\?seq=\d+&receipt=[0-9a-f]{8}$/);
  const result = host.getByTestId('receipt-result');
  await expect(result).toHaveAttribute('data-verdict', 'match');
  await expect(result).toContainText('回执一致');
  await expect(result).toContainText('胶州市退役军人事务局');

  const wrong = j01.receipt!.startsWith('0') ? `1${j01.receipt!.slice(1)}` : `0${j01.receipt!.slice(1)}`;
  await host.getByTestId('receipt-hex').fill(wrong);
  await host.getByTestId('receipt-check').click();
  await expect(result).toHaveAttribute('data-verdict', 'mismatch');
  await expect(host.getByTestId('receipt-verdict')).toContainText('回执不一致');

  const superseded = sent.find(s => s.outcome === 'superseded')!;
  await host.getByTestId('receipt-seq').fill(String(superseded.seq));
  await host.getByTestId('receipt-hex').fill('');
  await host.getByTestId('receipt-check').click();
  await expect(result).toHaveAttribute('data-verdict', 'none');
  await expect(host.getByTestId('receipt-outcome')).toHaveText('被更新的评分取代');

  await host.getByTestId('receipt-hex').fill('xyz');
  await host.getByTestId('receipt-check').click();
  await expect(host.getByTestId('receipt-error')).toBeVisible();
  await host.getByTestId('receipt-seq').fill('99999');
  await host.getByTestId('receipt-hex').fill('');
  await host.getByTestId('receipt-check').click();
  await expect(host.getByTestId('receipt-error')).toContainText('99999');
});

test('the audit log filters by outcome, action and judge, pages, and exports what it shows', async () => {
  const table = host.getByTestId('audit-table').locator('tbody tr');
  const count = host.getByTestId('audit-count');
  await expect(count).toHaveAttribute('data-total', /^\d+$/);
  const all = Number(await count.getAttribute('data-total'));
  expect(all).toBeGreaterThan(50);
  await expect(table).toHaveCount(50);
  await expect(table.first()).toHaveAttribute('data-action', 'import_event');
  await host.getByTestId('page-next').click();
  await expect(table).toHaveCount(Math.min(50, all - 50));
  await expect(count).toContainText('第 51–');
  await host.getByTestId('page-first').click();

  await host.getByTestId('filter-outcome').selectOption('superseded');
  await expect(table).toHaveCount(1);
  await expect(table.first()).toHaveAttribute('data-outcome', 'superseded');
  await host.getByTestId('filter-outcome').selectOption('rejected');
  await expect(table).toHaveCount(1);
  await expect(table.first()).toContainText('被拒绝');
  await host.getByTestId('filter-outcome').selectOption('late');
  await expect(table).toHaveCount(3);
  await host.getByTestId('filter-judge').selectOption('j05');
  await expect(table).toHaveCount(1);
  await expect(table.first()).toContainText('胶州市退役军人事务局');

  await host.getByTestId('filter-clear').click();
  await expect(count).toHaveAttribute('data-total', String(all));
  await host.getByTestId('filter-kind').selectOption('host');
  await host.getByTestId('filter-action').selectOption('amend');
  await expect(table).toHaveCount(1);
  await expect(table.first()).toContainText(AMEND_REASON);
  const audit = await download(host, 'export-audit-csv');
  expect(audit.name).toBe('leitai-demo-audit.csv');
  const rows = csvRows(audit.bytes);
  expect(rows).toHaveLength(2);
  expect(audit.bytes.toString('utf8')).toContain(AMEND_REASON);

  await host.getByTestId('filter-clear').click();
  await host.getByTestId('filter-device').fill(DEV_B);
  await host.getByTestId('filter-device').press('Enter');
  await host.getByTestId('filter-device').blur();
  await expect(table).toHaveCount(1);
});

test('the judges\' report gives the numbers and draws the drift chart', async () => {
  await host.getByTestId('host-nav').locator('a[href="/host/report"]').click();
  await expect(host.getByTestId('report-summary')).toContainText('5');
  await expect(host.getByTestId('judge-table').locator('tbody tr')).toHaveCount(15);
  await expect(host.locator('[data-testid="judge-table"] tr[data-judge="j15"] [data-testid="deviation"]')).toHaveText(/^\+/);
  await expect(host.getByTestId('group-table').locator('tbody tr')).toHaveCount(5);
  await expect(host.getByTestId('drift-slope')).toHaveText('-1.80');
  await expect(host.getByTestId('drift-correlation')).toContainText('出场越晚分数越低');
  const chart = host.getByTestId('drift-chart').locator('svg');
  await expect(chart).toBeVisible();
  await expect(chart.locator('circle.point')).toHaveCount(5);
  await expect(chart.locator('line.fit')).toHaveCount(1);
  await expect(host.getByTestId('judge-chart').locator('rect.bar')).toHaveCount(15);
  await host.getByTestId('lang-switch').click();
  await expect(host.getByRole('heading', { level: 1 })).toHaveText("Judges' report");
  await expect(host.getByTestId('drift-correlation')).toContainText('later speakers scored lower');
  await host.getByTestId('lang-switch').click();
  await expect(host.getByRole('heading', { level: 1 })).toHaveText('评委评分分析');
});

test('the public results show only the revealed presenters, with shared places and amendments', async ({ browser }) => {
  const visitor = await browser.newContext({ locale: 'zh-CN' });
  const page = await visitor.newPage();
  await open(page, '/');
  await page.getByTestId('open-results').click();
  await expect(page).toHaveURL(/\/results$/);
  await hydrated(page);
  const places = page.getByTestId('public-ranking').locator('li.public-place');
  await expect(places).toHaveCount(5);
  await expect(places.getByTestId('place')).toHaveText(['1', '2', '=3', '=3', '5']);
  await expect(places.nth(1).getByTestId('decided-by')).toHaveText('决胜：不去掉最高最低分的平均分');
  await expect(places.nth(1).getByTestId('rank-change')).toHaveText('▲ 升 1 名');
  await expect(places.last().getByTestId('amendments')).toContainText(AMEND_REASON);
  await expect(page.getByTestId('more-to-come')).toBeVisible();
  await expect(page.locator('main')).not.toContainText('崂山区');
  await places.first().getByTestId('toggle-breakdown').click();
  await expect(places.first().locator('.mark')).toHaveCount(15);
  await expect(places.first().locator('.mark.dropped')).toHaveCount(2);
  await expect(places.first().getByTestId('final-score')).toContainText('87.40');
  await visitor.close();
});

test('the next quarter is made from this ranking and its results show each change of place', async ({ browser }) => {
  test.setTimeout(90_000);
  await host.getByTestId('host-nav').locator('a[href="/host/results"]').click();
  const form = host.getByTestId('next-quarter');
  await form.getByTestId('next-id').fill('q3');
  await form.getByTestId('next-title').fill('第三季度述职考评');
  await form.getByTestId('next-date').fill('2026-10-08');
  await form.getByTestId('next-create').click();
  await expect(form.getByTestId('next-error')).toContainText('还有述职人没有亮分');
  await form.getByTestId('next-force').check();
  await form.getByTestId('next-id').fill('demo');
  await form.getByTestId('next-create').click();
  await expect(form.getByTestId('next-error')).toContainText('这个编号已被另一场活动使用');
  await form.getByTestId('next-id').fill('Q 3');
  await form.getByTestId('next-create').click();
  await expect(form.getByTestId('next-error')).toContainText('有内容需要修改');
  await expect(form.getByTestId('next-error')).toContainText('id:');
  await form.getByTestId('next-id').fill('q3');
  await form.getByTestId('next-create').click();
  const created = form.getByTestId('next-created');
  await expect(created).toHaveAttribute('data-event', 'q3');
  const order = await created.getByTestId('next-order').locator('li')
    .evaluateAll(lis => lis.map(li => li.getAttribute('data-presenter')));
  // By place; the shared 3rd keeps this quarter's speaking order (市南区 spoke 2nd, 莱西市
  // 5th); the presenters not revealed follow in speaking order.
  expect(order).toEqual(['jiaozhou', 'xihaian', 'shinan', 'laixi', 'chengyang', 'laoshan', 'licang', 'pingdu', 'jimo', 'shibei']);

  // The new judges' links are printed from the links page, now of the new event.
  await created.getByTestId('next-links').click();
  await expect(host).toHaveURL(/\/host\/links$/);
  await expect(host.getByTestId('judge-cards').locator('.judge-card')).toHaveCount(15);
  await expect(host.locator('.print-title')).toHaveText('第三季度述职考评');

  // Two reveals in the new quarter: 西海岸新区 first (was 2nd), 胶州市 second (was 1st).
  const tokens = await judgeTokens('q3');
  await everyone('q3', tokens, 'xihaian', range(1, 15), () => 9000);
  await everyone('q3', tokens, 'jiaozhou', range(1, 15), () => 7000);
  expect((await reveal('q3', 'xihaian')).status).toBe(200);
  expect((await reveal('q3', 'jiaozhou')).status).toBe(200);
  await host.getByTestId('host-nav').locator('a[href="/host/results"]').click();
  await expect(host.getByTestId('results')).toHaveAttribute('data-event', 'q3');
  const rows = host.getByTestId('ranking-table').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.getByTestId('rank-change')).toHaveText(['▲ 升 1 名', '▼ 降 1 名']);
  await expect(host.getByTestId('unrevealed').locator('li')).toHaveCount(8);
  await expect(host.getByTestId('previous-event')).toContainText('demo');

  // Two speaking positions are too few to say anything of the order: the report says so.
  await host.getByTestId('host-nav').locator('a[href="/host/report"]').click();
  await expect(host.getByTestId('drift-too-few')).toContainText('只有 2 个出场位置的数据');
  for (const claim of ['强', '弱', '出场越晚']) {
    await expect(host.getByTestId('drift-correlation')).not.toContainText(claim);
  }
  await host.getByTestId('host-nav').locator('a[href="/host/results"]').click();
  await expect(host.getByTestId('results')).toHaveAttribute('data-event', 'q3');

  const visitor = await browser.newContext({ locale: 'zh-CN' });
  const page = await visitor.newPage();
  await open(page, '/results');
  await expect(page.getByTestId('public-title')).toHaveText('第三季度述职考评');
  await expect(page.getByTestId('public-ranking').getByTestId('rank-change')).toHaveText(['▲ 升 1 名', '▼ 降 1 名']);
  await visitor.close();

  // The finished quarter stays readable by name.
  await host.getByTestId('previous-event').click();
  await expect(host.getByTestId('results')).toHaveAttribute('data-event', 'demo');
  await expect(host.getByTestId('ranking-table').locator('tbody tr')).toHaveCount(5);
});
