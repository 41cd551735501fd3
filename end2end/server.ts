// Starts `target/release/leitai serve` on a free port with a fresh data directory.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { request, type Certificate } from './support/tls';

export interface Running {
  base: string;
  hostToken: string;
  data: string;
  port: number;
  stop: (options?: { keepData?: boolean }) => Promise<void>;
}

export async function freePort(): Promise<number> {
  return (await freePorts(1))[0];
}

/** `n` distinct free ports: each listener stays open until all are found, since the kernel
 *  may give a port just closed to the next caller (two calls of `freePort` once returned
 *  the same port for Caddy's HTTP and HTTPS). */
export async function freePorts(n: number): Promise<number[]> {
  const servers = [];
  try {
    for (let i = 0; i < n; i++) {
      const srv = createServer();
      servers.push(srv);
      await new Promise<void>((ok, fail) => {
        srv.once('error', fail);
        srv.listen(0, '127.0.0.1', () => ok());
      });
    }
    return servers.map(srv => (srv.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map(srv => new Promise(done => srv.close(done))));
  }
}

async function waitHealthy(url: string, deadlineMs: number, ca?: string) {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    try {
      if (ca ? (await request(url, { ca })).status === 200 : (await fetch(url)).ok) return;
    } catch { /* not up yet */ }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`the server did not answer ${url} in ${deadlineMs} ms`);
}

export interface ServerOptions {
  /** Another binary than `target/release/leitai`. */
  exe?: string;
  /** The working directory to start it in (the repository's root if not given). */
  cwd?: string;
  /** More environment variables (`LEITAI_SITE_DIR`: another build's site). */
  env?: Record<string, string>;
  /** The port of a server this one replaces: same origin, same storage in the browser. */
  port?: number;
  /** The data directory of a server this one replaces. */
  data?: string;
  hostToken?: string;
  /** Serve HTTPS with this certificate (`--tls-cert`, `--tls-key`). */
  tls?: Certificate;
  /** More arguments for `leitai serve` (`--public-url`, `--trusted-proxy`). */
  args?: string[];
}

export async function startServer(options: ServerOptions = {}): Promise<Running> {
  const root = resolve(__dirname, '..');
  const port = options.port ?? await freePort();
  const data = options.data ?? mkdtempSync(join(tmpdir(), 'leitai-e2e-'));
  const hostToken = options.hostToken ?? randomBytes(16).toString('hex');
  const exe = options.exe ?? join(root, 'target/release/leitai');
  const tls = options.tls ? ['--tls-cert', options.tls.certFile, '--tls-key', options.tls.keyFile] : [];
  const args = ['serve', '--data', data, '--addr', `127.0.0.1:${port}`, ...tls, ...(options.args ?? [])];
  const server = spawn(exe, args, {
    cwd: options.cwd ?? root,
    env: { ...process.env, LEITAI_HOST_TOKEN: hostToken, RUST_LOG: 'leitai=warn', ...options.env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise(r => server.once('exit', r));
  const base = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  await waitHealthy(`${base}/healthz`, 20_000, options.tls?.pem);
  return {
    base,
    port,
    hostToken,
    data,
    stop: async ({ keepData = false }: { keepData?: boolean } = {}) => {
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise(r => setTimeout(r, 5_000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
      if (!keepData) rmSync(data, { recursive: true, force: true });
    },
  };
}
