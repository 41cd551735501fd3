// A Lighthouse performance run of the judge's page under its default mobile throttling
// (simulated slow 4G, 4x CPU slowdown), in Debian's Chromium (`make lighthouse`).
// Starts the release server on a free port with a fresh demo event, opens a judge's link
// and prints the figures recorded in docs/perf.md; the whole report goes to
// target/lighthouse/judge.json.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const LIGHTHOUSE = 'lighthouse@12.8.2'; // the last release that runs on Node 20
const root = resolve(new URL('.', import.meta.url).pathname, '..');
const out = join(root, 'target/lighthouse');
mkdirSync(out, { recursive: true });

const port = await new Promise((ok, fail) => {
  const srv = createServer();
  srv.once('error', fail);
  srv.listen(0, '127.0.0.1', () => {
    const { port } = srv.address();
    srv.close(() => ok(port));
  });
});
const data = mkdtempSync(join(tmpdir(), 'leitai-lighthouse-'));
const hostToken = randomBytes(16).toString('hex');
const base = `http://127.0.0.1:${port}`;
const server = spawn(join(root, 'target/release/leitai'),
  ['serve', '--data', data, '--addr', `127.0.0.1:${port}`],
  { env: { ...process.env, LEITAI_HOST_TOKEN: hostToken, RUST_LOG: 'leitai=warn' }, stdio: 'inherit' });

try {
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not up yet */ }
    if (i > 200) throw new Error('the server did not start');
    await new Promise(r => setTimeout(r, 100));
  }
  const judges = await (await fetch(`${base}/api/v1/events/demo/judges`, {
    headers: { authorization: `Bearer ${hostToken}` },
  })).json();
  const url = `${base}/j/${judges.judges[0].token}`;
  const report = join(out, 'judge.json');
  execFileSync('npx', ['--yes', LIGHTHOUSE, url,
    '--only-categories=performance', '--output=json', `--output-path=${report}`, '--quiet',
    '--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run'],
  { stdio: 'inherit', env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' } });

  const lhr = JSON.parse(readFileSync(report, 'utf8'));
  const audit = id => lhr.audits[id];
  const ms = id => `${Math.round(audit(id).numericValue)} ms`;
  console.log([
    `Lighthouse ${lhr.lighthouseVersion}, ${lhr.configSettings.formFactor}, ` +
      `throttling ${lhr.configSettings.throttlingMethod} ` +
      `(${lhr.configSettings.throttling.rttMs} ms RTT, ` +
      `${Math.round(lhr.configSettings.throttling.throughputKbps)} kbps, ` +
      `CPU x${lhr.configSettings.throttling.cpuSlowdownMultiplier})`,
    `performance score       ${Math.round(lhr.categories.performance.score * 100)}`,
    `first contentful paint  ${ms('first-contentful-paint')}`,
    `largest contentful paint ${ms('largest-contentful-paint')}`,
    `speed index             ${ms('speed-index')}`,
    `time to interactive     ${ms('interactive')}`,
    `total blocking time     ${ms('total-blocking-time')}`,
    `cumulative layout shift ${audit('cumulative-layout-shift').numericValue.toFixed(3)}`,
    `bytes transferred       ${audit('total-byte-weight').numericValue}`,
  ].join('\n'));
} finally {
  server.kill('SIGTERM');
  rmSync(data, { recursive: true, force: true });
}
