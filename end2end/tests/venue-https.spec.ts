// A real venue serves HTTPS, and phones only install the app and keep it offline in a secure
// context. Both ways of serving it, each with a domain Chromium reaches and a certificate it
// is told to trust: Leitai's own TLS (`--tls-cert`, `--tls-key`), and Caddy in front of it
// with the very config docs/deploy.md gives (docs/deploy/Caddyfile).
import { test, expect, chromium, devices, type BrowserContext, type TestInfo } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, freePorts, startServer, type Running } from '../server';
import { controlled, hydrated, score } from '../support/judge';
import { makeCertificate, request, trustArgs } from '../support/tls';

const DOMAIN = 'leitai.test';
const phone = { ...devices['Pixel 7'], locale: 'zh-CN' };

/** A browser with a profile of its own (installability needs one), reaching DOMAIN at
 *  127.0.0.1 and trusting certificates with these public keys (none: trusting nothing). */
async function browserTrusting(testInfo: TestInfo, profile: string, pems: string[]): Promise<BrowserContext> {
  const launch = testInfo.project.use.launchOptions ?? {};
  const trust = pems.length ? trustArgs(DOMAIN, pems) : [`--host-resolver-rules=MAP ${DOMAIN} 127.0.0.1`];
  return chromium.launchPersistentContext(profile, {
    ...phone,
    executablePath: launch.executablePath,
    args: [...(launch.args ?? []), ...trust],
  });
}

/** The host's list of judges, over HTTPS checked against `ca`. */
async function judges(base: string, hostToken: string, ca: string) {
  const res = await request(`${base}/api/v1/events/demo/judges`, { ca, token: hostToken, connectTo: '127.0.0.1' });
  expect(res.status).toBe(200);
  return JSON.parse(res.body).judges as { id: string; token: string; join_url: string }[];
}

/** A judge opens their link: the app loads in a secure context, the service worker takes
 *  the page, Chromium reports the app installable, a score reaches the server, and the
 *  app opens again with the network cut. */
async function judgeInstallsAndScores(context: BrowserContext, link: string, publicUrl: string) {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(link);
  await hydrated(page);
  // The token left the address bar once the phone had stored it.
  await expect(page).toHaveURL(`${publicUrl}/j`);
  expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
  await controlled(page);
  const cdp = await context.newCDPSession(page);
  await expect.poll(async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors, {
    timeout: 15_000,
  }).toEqual([]);
  const presenter = await page.locator('[data-presenter]').first().getAttribute('data-presenter');
  await score(page, presenter!, { results: '40', defence: '25', satisfaction: '16' });
  await expect(page.getByTestId('sync-bar')).toHaveAttribute('data-pending', '0', { timeout: 20_000 });
  // And it opens with no network at all, from what the service worker keeps.
  await context.setOffline(true);
  const offline = await context.newPage();
  await offline.goto(`${publicUrl}/j`);
  await hydrated(offline);
  await expect(offline.locator(`button[data-presenter="${presenter}"]`)).toHaveAttribute('data-status', 'synced');
  await offline.close();
  await context.setOffline(false);
  return { page, presenter: presenter! };
}

test('over built-in TLS with a trusted certificate, a judge installs the app, syncs, and opens it offline', async ({}, testInfo) => {
  const dir = mkdtempSync(join(tmpdir(), 'leitai-tls-'));
  const cert = makeCertificate(dir, DOMAIN);
  const port = await freePort();
  const publicUrl = `https://${DOMAIN}:${port}`;
  const server = await startServer({ port, tls: cert, args: ['--public-url', publicUrl] });
  let context: BrowserContext | undefined;
  try {
    const j01 = (await judges(server.base, server.hostToken, cert.pem)).find(j => j.id === 'j01')!;
    expect(j01.join_url).toBe(`${publicUrl}/j/${j01.token}`);

    // Not told to trust the certificate, Chromium refuses it: the trust below is real.
    const wary = await browserTrusting(testInfo, join(dir, 'wary'), []);
    const refused = await (wary.pages()[0] ?? (await wary.newPage())).goto(j01.join_url).then(() => '', e => String(e));
    expect(refused).toContain('ERR_CERT_AUTHORITY_INVALID');
    await wary.close();

    context = await browserTrusting(testInfo, join(dir, 'profile'), [cert.pem]);
    const { presenter } = await judgeInstallsAndScores(context, j01.join_url, publicUrl);
    const state = await request(`${server.base}/api/v1/events/demo/state`, { ca: cert.pem, token: j01.token });
    expect(JSON.parse(state.body).sheets[presenter].values).toEqual({ results: 40, defence: 25, satisfaction: 16 });
  } finally {
    await context?.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

interface Caddy {
  httpsPort: number;
  httpPort: number;
  /** The certificates Caddy serves with: its local CA's root and intermediate, the site's. */
  chain: string[];
  stop: () => Promise<void>;
}

/** Caddy running docs/deploy/Caddyfile unchanged, imported below the global options a test
 *  needs: its own ports on loopback, certificates from Caddy's local CA instead of an ACME
 *  CA on the internet (which this machine cannot reach), nothing written outside `dir`. */
async function startCaddy(dir: string, upstream: string): Promise<Caddy> {
  const [httpPort, httpsPort] = await freePorts(2);
  const store = join(dir, 'caddy');
  const config = join(dir, 'Caddyfile');
  writeFileSync(config, `{
\thttp_port ${httpPort}
\thttps_port ${httpsPort}
\tdefault_bind 127.0.0.1
\tlocal_certs
\tskip_install_trust
\tadmin off
\tstorage file_system ${store}
}
import ${resolve(__dirname, '../../docs/deploy/Caddyfile')}
`);
  const caddy: ChildProcess = spawn('caddy', ['run', '--config', config, '--adapter', 'caddyfile'], {
    env: {
      ...process.env, LEITAI_DOMAIN: DOMAIN, LEITAI_UPSTREAM: upstream,
      HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_DATA_HOME: join(dir, 'data'),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  caddy.stderr!.on('data', chunk => { log += chunk; });
  const exited = new Promise(r => caddy.once('exit', r));
  const files = [
    'pki/authorities/local/root.crt', 'pki/authorities/local/intermediate.crt',
    `certificates/local/${DOMAIN}/${DOMAIN}.crt`,
  ].map(f => join(store, f));
  const until = Date.now() + 20_000;
  while (!files.every(existsSync)) {
    if (Date.now() > until || caddy.exitCode !== null) throw new Error(`Caddy did not start:\n${log}`);
    await new Promise(r => setTimeout(r, 100));
  }
  const chain = files.map(f => readFileSync(f, 'utf8'));
  return {
    httpPort, httpsPort, chain,
    stop: async () => {
      caddy.kill('SIGTERM');
      await Promise.race([exited, new Promise(r => setTimeout(r, 5_000))]);
      if (caddy.exitCode === null) caddy.kill('SIGKILL');
    },
  };
}

test('behind Caddy with docs/deploy/Caddyfile: HTTPS, the public URL on links, forwarded HTTPS trusted, the stream live, a judge installs, syncs and opens offline', async ({}, testInfo) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'leitai-caddy-'));
  const port = await freePort();
  let server: Running | undefined;
  let caddy: Caddy | undefined;
  let context: BrowserContext | undefined;
  try {
    // The proxy's port is known only once Caddy has it; Leitai starts after, told of it.
    caddy = await startCaddy(dir, `127.0.0.1:${port}`);
    const publicUrl = `https://${DOMAIN}:${caddy.httpsPort}`;
    server = await startServer({ port, args: ['--public-url', publicUrl, '--trusted-proxy', '127.0.0.1'] });
    const root = caddy.chain[0];

    // Plain HTTP is sent on to HTTPS.
    const plain = await request(`http://${DOMAIN}:${caddy.httpPort}/j`, { connectTo: '127.0.0.1' });
    expect(plain.status).toBe(308);
    // (To port 443, which production uses; Caddy 2.6 leaves a test's own port off.)
    const to = new URL(String(plain.headers.location));
    expect([to.protocol, to.hostname, to.pathname]).toEqual(['https:', DOMAIN, '/j']);

    // Through the proxy: Leitai believes Caddy's X-Forwarded-Proto, so HSTS is on and the
    // links carry the public URL.
    const health = await request(`${publicUrl}/healthz`, { ca: root, connectTo: '127.0.0.1' });
    expect(health.status).toBe(200);
    expect(health.headers['strict-transport-security']).toBe('max-age=31536000');
    const listed = await judges(publicUrl, server.hostToken, root);
    const j02 = listed.find(j => j.id === 'j02')!;
    expect(j02.join_url).toBe(`${publicUrl}/j/${j02.token}`);

    context = await browserTrusting(testInfo, join(dir, 'profile'), caddy.chain);
    const { page, presenter } = await judgeInstallsAndScores(context, j02.join_url, publicUrl);
    const state = await request(`${publicUrl}/api/v1/events/demo/state`, { ca: root, token: j02.token, connectTo: '127.0.0.1' });
    expect(JSON.parse(state.body).sheets[presenter].submitted).toBe(true);

    // The event stream passes the proxy unbuffered: a host's move arrives while it is open.
    await page.evaluate(() => {
      const w = window as unknown as { phases: string[] };
      w.phases = [];
      new EventSource('/api/v1/events/demo/stream').addEventListener('show', e =>
        w.phases.push(JSON.parse((e as MessageEvent).data).phase));
    });
    const phases = () => page.evaluate(() => (window as unknown as { phases: string[] }).phases);
    await expect.poll(phases).toContain('waiting');
    const moved = await fetch(`${server.base}/api/v1/events/demo/show`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.hostToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'start_report' }),
    });
    expect(moved.status).toBe(200);
    await expect.poll(phases).toContain('report');
  } finally {
    await context?.close();
    await server?.stop();
    await caddy?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
