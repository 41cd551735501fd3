// Driving an event through the API, as the host's and judges' devices would: the steps a
// browser test needs around the page it looks at.
import { randomUUID } from 'node:crypto';
import type { Running } from '../server';

export interface Judge { id: string; name: string; group: string; token: string }

export async function call(server: Running, method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(server.base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

export async function judges(server: Running): Promise<Judge[]> {
  return (await call(server, 'GET', '/api/v1/events/demo/judges', server.hostToken)).body.judges;
}

export async function move(server: Running, action: string) {
  const res = await call(server, 'POST', '/api/v1/events/demo/show', server.hostToken, { action });
  if (res.status !== 200) throw new Error(`${action}: ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function show(server: Running) {
  return (await call(server, 'GET', '/api/v1/events/demo/show', server.hostToken)).body;
}

/** Each judge submits a whole sheet for the presenter; `values(i)` gives judge i's. */
export async function scoreAll(server: Running, who: Judge[], presenter: string,
  values: (i: number) => Record<string, number>, submitted = true, note?: string) {
  for (const [i, judge] of who.entries()) {
    const res = await call(server, 'POST', '/api/v1/events/demo/sync', judge.token, {
      device: randomUUID(),
      ops: [{ op_id: randomUUID(), presenter, rev: 1, values: values(i), submitted, client_time: new Date().toISOString(), ...(note ? { note } : {}) }],
    });
    if (res.status !== 200) throw new Error(`sync: ${JSON.stringify(res.body)}`);
  }
}

export async function reveal(server: Running, presenter: string, force = false) {
  return call(server, 'POST', `/api/v1/events/demo/presenters/${presenter}/reveal`, server.hostToken, { force });
}

/** The demo's sheet for judge i: spread out so trimming drops a mark at each end. */
export const spread = (base: number) => (i: number) => ({
  results: Math.min(50, base + (i % 5)),
  defence: Math.min(30, 20 + (i % 7) * 0.5),
  satisfaction: Math.min(20, 14 + (i % 3)),
});
