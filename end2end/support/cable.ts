// A network cable between one phone and the server that a spec can pull out: a TCP
// pass-through on a port of its own. Chromium's offline emulation (`context.setOffline`) tells
// the page it is offline, but a request of a page its service worker controls has now and
// then reached the server all the same (reported to the page as failed; docs/perf.md). With
// the cable out, nothing the phone sends gets through, as on a venue's dead Wi-Fi.
import { createConnection, createServer, type Socket } from 'node:net';

export interface Cable {
  /** The server's address as the phone reaches it through the cable. */
  base: string;
  /** Pulls the cable out (every open connection cut, new ones refused) or plugs it back. */
  plug(connected: boolean): void;
  close(): Promise<void>;
}

export async function cable(serverBase: string): Promise<Cable> {
  const target = new URL(serverBase);
  const open = new Set<Socket>();
  let connected = true;
  const proxy = createServer(phone => {
    if (!connected) {
      phone.destroy();
      return;
    }
    const server = createConnection({ host: target.hostname, port: Number(target.port) });
    for (const [a, b] of [[phone, server], [server, phone]]) {
      open.add(a);
      a.on('close', () => open.delete(a));
      a.on('error', () => b.destroy());
      a.pipe(b);
    }
  });
  await new Promise<void>(done => proxy.listen(0, '127.0.0.1', done));
  const { port } = proxy.address() as { port: number };
  return {
    base: `http://127.0.0.1:${port}`,
    plug(on) {
      connected = on;
      if (!on) for (const socket of open) socket.destroy();
    },
    close: () => new Promise<void>(done => {
      for (const socket of open) socket.destroy();
      proxy.close(() => done());
    }),
  };
}
