// HTTPS in the tests: a certificate made with openssl, the key hash Chromium is told to
// trust, and requests from Node that check the server against a given CA.
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { join } from 'node:path';

export interface Certificate {
  certFile: string;
  keyFile: string;
  pem: string;
}

/** A self-signed certificate for `name` (and 127.0.0.1, for the health check), in `dir`. */
export function makeCertificate(dir: string, name: string): Certificate {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-days', '2', '-subj', `/CN=${name}`,
    '-addext', `subjectAltName=DNS:${name},IP:127.0.0.1`,
    '-addext', 'extendedKeyUsage=serverAuth',
    '-keyout', keyFile, '-out', certFile,
  ], { stdio: 'pipe' });
  return { certFile, keyFile, pem: readFileSync(certFile, 'utf8') };
}

/** The base64 SHA-256 of a certificate's public key (SPKI), as
 *  `--ignore-certificate-errors-spki-list` takes it. */
export function spkiHash(pem: string): string {
  const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/** Chromium's arguments to reach `name` at 127.0.0.1 and to trust these keys. Without
 *  `--user-data-dir`, which Playwright always passes, Chromium ignores the key list. */
export function trustArgs(name: string, pems: string[]): string[] {
  return [
    `--host-resolver-rules=MAP ${name} 127.0.0.1`,
    `--ignore-certificate-errors-spki-list=${pems.map(spkiHash).join(',')}`,
  ];
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request over HTTP or HTTPS. `ca` is the only certificate trusted; `connectTo`
 *  sends the request to 127.0.0.1 whatever host the URL names (its name stays in the
 *  Host header and in TLS's server name). */
export function request(url: string, options: {
  ca?: string; token?: string; method?: string; connectTo?: string; headers?: Record<string, string>;
} = {}): Promise<Answer> {
  const target = new URL(url);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const send = (target.protocol === 'https:' ? https.request : http.request) as typeof https.request;
  return new Promise((ok, fail) => {
    const req = send({
      method: options.method ?? 'GET',
      host: options.connectTo ?? target.hostname,
      servername: isIP(target.hostname) ? undefined : target.hostname,
      port: target.port,
      path: target.pathname + target.search,
      headers: { host: target.host, ...headers },
      ca: options.ca,
      agent: false,
      timeout: 10_000,
    }, res => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', chunk => { body += chunk; });
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url}`)));
    req.on('error', fail);
    req.end();
  });
}
