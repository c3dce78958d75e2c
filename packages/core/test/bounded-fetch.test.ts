/**
 * The bounds every HTTP client shares, against real local servers on two loopback addresses:
 * no credential across a redirect to another origin, size caps, a silent server times out.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { boundedDispatcher, boundedFetch, HttpBoundError } from '../src/bounded-fetch.js';
import { InputError, RemoteError } from '../src/errors.js';
import { createDispatcher, ndjson, send } from '../src/health/transport.js';

interface Recorder {
  server: Server;
  url: string;
  seen: { path: string; headers: IncomingMessage['headers'] }[];
}

async function serve(host: string, handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<Recorder> {
  const seen: Recorder['seen'] = [];
  const server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    handle(req, res);
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  return { server, url: `http://${host}:${(server.address() as AddressInfo).port}`, seen };
}

const close = (r?: Recorder) => new Promise<void>((done) => (r ? (r.server.closeAllConnections(), r.server.close(() => done())) : done()));

describe('boundedFetch', () => {
  let other: Recorder;
  let home: Recorder;
  const dispatcher = boundedDispatcher({ timeoutMs: 1000 });
  beforeAll(async () => {
    other = await serve('127.0.0.2', (_req, res) => res.end('{"where":"other"}'));
    home = await serve('127.0.0.1', (req, res) => {
      if (req.url === '/away') res.writeHead(307, { location: `${other.url}/landed` }).end();
      else if (req.url === '/here') res.writeHead(302, { location: '/final' }).end();
      else if (req.url === '/big') res.writeHead(200, { 'content-length': String(2048) }).end('x'.repeat(2048));
      else if (req.url === '/big-chunked') {
        res.writeHead(200);
        for (let i = 0; i < 4; i++) res.write('y'.repeat(1024));
        res.end();
      } else if (req.url === '/silent') {
        /* accept and never answer */
      } else res.end(JSON.stringify({ where: 'home', path: req.url }));
    });
  });
  afterAll(async () => {
    await close(home);
    await close(other);
  });
  beforeEach(() => {
    home.seen.length = 0;
    other.seen.length = 0;
  });

  it.each(['authorization', 'PRIVATE-TOKEN', 'job-token', 'cookie'])('refuses to carry %s across a redirect to another origin', async (header) => {
    const err = await boundedFetch(`${home.url}/away`, { headers: { [header]: 'secret-value' } }, { dispatcher }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpBoundError);
    expect((err as Error).message).toMatch(/redirected to http:\/\/127\.0\.0\.2:\d+, another origin: not followed while carrying credentials/);
    expect(other.seen).toEqual([]);
  });

  it('follows a cross-origin redirect without credentials, and a same-origin one with them', async () => {
    const anon = await boundedFetch(`${home.url}/away`, { headers: { accept: 'application/json' } }, { dispatcher });
    expect(await anon.json()).toEqual({ where: 'other' });
    const same = await boundedFetch(`${home.url}/here`, { headers: { authorization: 'Bearer t' } }, { dispatcher });
    expect(await same.json()).toEqual({ where: 'home', path: '/final' });
    expect(home.seen.map((s) => [s.path, s.headers.authorization])).toEqual([
      ['/away', undefined],
      ['/here', 'Bearer t'],
      ['/final', 'Bearer t'],
    ]);
  });

  it('caps the body by Content-Length and by what actually arrives', async () => {
    await expect(boundedFetch(`${home.url}/big`, {}, { dispatcher, maxBytes: 1024 })).rejects.toThrow(/response from 127\.0\.0\.1:\d+ is larger than/);
    await expect(boundedFetch(`${home.url}/big-chunked`, {}, { dispatcher, maxBytes: 3000 })).rejects.toThrow(HttpBoundError);
    expect((await (await boundedFetch(`${home.url}/big-chunked`, {}, { dispatcher, maxBytes: 4096 })).text()).length).toBe(4096);
  });

  it('gives up on a server that accepts and never answers, within the timeout', async () => {
    const started = Date.now();
    await expect(boundedFetch(`${home.url}/silent`, {}, { dispatcher, timeoutMs: 1000 })).rejects.toThrow(/no answer from 127\.0\.0\.1:\d+ within 1 s/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  describe('the gates’ transport (Argo CD, Kubernetes)', () => {
    const gate = createDispatcher({}, { GITOPS_HTTP_TIMEOUT_MS: '1000' });
    const signal = new AbortController().signal;

    it('a bearer token is not carried across a redirect to another origin: a permanent error', async () => {
      const err = await send(`${home.url}/away`, { signal, dispatcher: gate, headers: { authorization: 'Bearer argocd-secret' }, timeoutMs: 2000 }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(RemoteError);
      expect(other.seen).toEqual([]);
    });

    it('refuses to send credentials over plain http to a host that is not loopback', async () => {
      await expect(
        send('http://argocd.corp.example/api/v1/applications/x', { signal, dispatcher: gate, headers: { authorization: 'Bearer s' }, timeoutMs: 1000 }),
      ).rejects.toThrow(InputError);
    });

    it('caps a stream event line', async () => {
      const res = await send(`${home.url}/big-chunked`, { signal, dispatcher: gate });
      const read = async () => {
        for await (const _ of ndjson(res, signal, 2000)) void _;
      };
      await expect(read()).rejects.toThrow(/stream event .* is larger than/);
    });
  });
});
