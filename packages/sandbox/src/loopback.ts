/**
 * What every sandbox server does alike: listen on loopback only, remember open sockets so a
 * stop (or a simulated outage) can cut streams at once, and poll the env repo on a timer.
 */
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Track the server's sockets in `sockets`; resolve with the port once listening on `host` (a loopback address, default 127.0.0.1). */
export async function listenOnLoopback(server: Server, port: number, sockets?: Set<Socket>, host = '127.0.0.1'): Promise<number> {
  if (!/^127\.\d+\.\d+\.\d+$|^::1$/.test(host)) throw new Error(`the sandbox listens on loopback only, not ${host}`);
  if (sockets) {
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
  }
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return (server.address() as AddressInfo).port;
}

/** Call `poll` every `ms` (0: never) without keeping the process alive; errors are dropped. */
export function pollEvery(ms: number, poll: () => Promise<void>): NodeJS.Timeout | undefined {
  if (ms <= 0) return undefined;
  const timer = setInterval(() => void poll().catch(() => {}), ms);
  timer.unref();
  return timer;
}
