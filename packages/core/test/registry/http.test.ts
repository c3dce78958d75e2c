/** The registry client's HTTP bounds: timeouts, response caps, and no Authorization across origins. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RemoteError } from '../../src/errors.js';
import { newWireCounter, registryFetch } from '../../src/registry/http.js';

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const servers: Server[] = [];
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

test('a registry that never answers fails within the timeout', async () => {
  const { server, url } = await serve(() => {});
  servers.push(server);
  const t = Date.now();
  await expect(registryFetch(new URL(`${url}/v2/`), { method: 'GET' }, newWireCounter(), 300)).rejects.toThrow(
    /no complete answer from 127\.0\.0\.1:\d+ within 0\.3 s/,
  );
  expect(Date.now() - t).toBeLessThan(3000);
});

test('a body that trickles past the timeout fails too', async () => {
  const { server, url } = await serve((_q, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{');
  });
  servers.push(server);
  await expect(registryFetch(new URL(`${url}/v2/x/manifests/y`), { method: 'GET' }, newWireCounter(), 300)).rejects.toThrow(RemoteError);
});

test('responses over the cap are refused, declared or streamed', async () => {
  const big = Buffer.alloc(5 * 1024 * 1024, 0x20);
  const { server, url } = await serve((q, res) => {
    if (q.url === '/declared') res.writeHead(200, { 'content-length': big.length }).end(big);
    else {
      res.writeHead(200, { 'transfer-encoding': 'chunked' });
      res.end(big);
    }
  });
  servers.push(server);
  await expect(registryFetch(new URL(`${url}/declared`), { method: 'GET' }, newWireCounter())).rejects.toThrow(/larger than 4194304 bytes/);
  await expect(registryFetch(new URL(`${url}/chunked`), { method: 'GET' }, newWireCounter())).rejects.toThrow(/larger than 4194304 bytes/);
});

test('Authorization follows a same-origin redirect, never a cross-origin one', async () => {
  const seen: IncomingHttpHeaders[] = [];
  const storage = await serve((q, res) => {
    seen.push(q.headers);
    res.end('blob');
  });
  const reg = await serve((q, res) => {
    if (q.url === '/same') res.writeHead(307, { location: '/final' }).end();
    else if (q.url === '/final') {
      seen.push(q.headers);
      res.end('ok');
    } else res.writeHead(307, { location: `${storage.url}/blob?sig=1` }).end();
  });
  servers.push(storage.server, reg.server);
  const headers = { Authorization: 'Bearer secret-registry-token' };
  const same = await registryFetch(new URL(`${reg.url}/same`), { method: 'GET', headers }, newWireCounter());
  expect(same.body.toString()).toBe('ok');
  expect(seen.pop()?.authorization).toBe('Bearer secret-registry-token');
  const cross = await registryFetch(new URL(`${reg.url}/v2/x/blobs/sha256:1`), { method: 'GET', headers }, newWireCounter());
  expect(cross.body.toString()).toBe('blob');
  expect(cross.url.origin).toBe(storage.url);
  expect(seen.pop()?.authorization).toBeUndefined();
});
