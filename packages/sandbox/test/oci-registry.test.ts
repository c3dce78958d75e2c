/**
 * The in-process OCI registry (src/oci-registry.ts) against the real thing: the same seeding,
 * retags and raw requests go through a recording proxy to Debian's docker-registry (distribution
 * 2.8) and to the stand-in, and every request's outcome must be the same — status, digest, media
 * type, error code. Then what the demo relies on, checked on the stand-in alone.
 */
import { execFile } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { RegistryClient } from '../../core/src/registry/client.js';
import { retag } from '../../core/src/registry/retag.js';
import {
  createBareRepo,
  dockerRegistryBinary,
  ociImage,
  RegistryTokenServer,
  startDockerRegistry,
  startOciRegistry,
  tempDir,
  type OciImage,
  type OciRegistry,
} from '../src/index.js';
import { listenOnLoopback } from '../src/loopback.js';

const exec = promisify(execFile);
const USERS = { ci: 'registry-secret-1' };
const CRED = { REGISTRY_USERNAME: 'ci', REGISTRY_PASSWORD: USERS.ci };
const HAVE_REGISTRY = dockerRegistryBinary() !== null;
if (!HAVE_REGISTRY) {
  console.warn(
    'SKIPPED the comparison with the real registry: docker-registry is not installed (apt-get install docker-registry); the stand-in tests still run',
  );
}

interface Outcome {
  req: string;
  status: number;
  digest?: string;
  type?: string;
  error?: string;
}

/** A pass-through proxy that records each request's outcome (upload session ids normalised). */
async function recordingProxy(target: string): Promise<{ host: string; outcomes: Outcome[]; stop(): Promise<void> }> {
  const outcomes: Outcome[] = [];
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const fwd = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => chunks.push(c));
      up.on('end', () => {
        const body = Buffer.concat(chunks);
        const path = (req.url ?? '').split('?')[0].replace(/\/blobs\/uploads\/[^/]+$/, '/blobs/uploads/<upload>');
        const query = new URL(req.url ?? '/', 'http://x').searchParams;
        const o: Outcome = { req: `${req.method} ${path}${query.has('mount') ? ' (mount)' : ''}`, status: up.statusCode ?? 0 };
        const digest = up.headers['docker-content-digest'];
        if (digest && (up.statusCode ?? 0) < 300) o.digest = String(digest);
        if (/\/manifests\//.test(path) && (up.statusCode ?? 0) === 200) o.type = String(up.headers['content-type']);
        if ((up.statusCode ?? 0) >= 400 && body.length) {
          try {
            o.error = (JSON.parse(body.toString()) as { errors?: { code: string }[] }).errors?.[0]?.code;
          } catch {
            o.error = 'not json';
          }
        }
        outcomes.push(o);
        res.writeHead(up.statusCode ?? 502, up.headers).end(body);
      });
    });
    fwd.on('error', () => res.writeHead(502).end());
    req.pipe(fwd);
  });
  const port = await listenOnLoopback(server, 0);
  return {
    host: `127.0.0.1:${port}`,
    outcomes,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

let root: string;
let v1: OciImage;
let v2: OciImage;

beforeAll(async () => {
  root = await tempDir('oci-registry-');
  // Two images whose layers are `git archive` tars of real commits, as the demo makes them.
  const bare = await createBareRepo(root, 'acme/payments', { VERSION: '1.2.3\n', 'app.js': 'console.log("payments")\n' });
  const tar = async (rev: string) => (await exec('git', ['-C', bare, 'archive', '--format=tar', rev], { encoding: 'buffer' })).stdout;
  v1 = ociImage({ layerTar: await tar('main'), labels: { 'org.opencontainers.image.version': '1.2.3' } });
  v2 = ociImage({ layerTar: await tar('main:'), labels: { 'org.opencontainers.image.version': '1.2.2' } });
});
afterAll(() => rm(root, { recursive: true, force: true }));

const client = (host: string, repos: string[], credential = true) =>
  new RegistryClient({
    registry: host,
    plainHttp: true,
    scopes: repos.map((r) => `repository:${r}:pull,push`),
    credential: credential ? { username: 'ci', password: USERS.ci, source: 'test' } : undefined,
  });

async function push(c: RegistryClient, repository: string, tag: string, image: OciImage): Promise<void> {
  await c.pushBlob(repository, image.config);
  await c.pushBlob(repository, image.layer);
  await c.putManifest(repository, tag, { bytes: image.manifest, mediaType: image.mediaType, digest: image.digest });
}

/** The scenario replayed on both registries: seeding, the retags release makes, refusals, raw edge cases. */
async function scenario(host: string, auth: boolean): Promise<string[]> {
  const env = auth ? CRED : {};
  const admin = client(host, ['acme/payments', 'acme/payments-prod'], auth);
  await push(admin, 'acme/payments', 'v1.2.3-rc.1', v1);
  await push(admin, 'acme/payments', 'v1.2.2', v2);
  await admin.putManifest('acme/payments', 'production-latest', await admin.getManifest('acme/payments', 'v1.2.2'));
  const notes: string[] = [];
  const run = async (what: string, input: Parameters<typeof retag>[0]) => {
    try {
      const r = await retag({ plainHttp: true, env, ...input });
      notes.push(`${what}: ${r.digest} ${JSON.stringify(r.changes)} mounted ${r.mounted}`);
    } catch (err) {
      notes.push(
        `${what}: ${String((err as Error).message)
          .replaceAll(host, 'HOST')
          .replace(/token service \S+/, 'token service TOKEN-SERVICE')}`,
      );
    }
  };
  await run('release', { image: `${host}/acme/payments`, from: 'v1.2.3-rc.1', to: ['v1.2.3', 'production-latest'], moving: ['production-latest'] });
  await run('again', { image: `${host}/acme/payments`, from: 'v1.2.3-rc.1', to: ['v1.2.3', 'production-latest'], moving: ['production-latest'] });
  await run('refused', { image: `${host}/acme/payments`, from: 'v1.2.2', to: ['v1.2.3'] });
  await run('by digest', { image: `${host}/acme/payments`, from: v1.digest, to: ['pinned'] });
  await run('cross-repo', { image: `${host}/acme/payments`, toImage: `${host}/acme/payments-prod`, from: 'v1.2.3', to: ['v1.2.3'] });
  await run('missing', { image: `${host}/acme/payments`, from: 'v9.9.9', to: ['x'] });
  if (auth) await run('wrong password', { image: `${host}/acme/payments`, from: 'v1.2.3', to: ['y'], env: { ...CRED, REGISTRY_PASSWORD: 'nope' } });

  // Raw requests a person with curl makes, and the refusals a faithful registry must give.
  const raw = async (path: string, init: { method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE'; headers?: Record<string, string>; body?: Buffer }) =>
    (await admin.send(path, init)).status;
  const oci = { Accept: 'application/vnd.oci.image.manifest.v1+json' };
  const put = (ref: string, body: Buffer) => ({ method: 'PUT' as const, headers: { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }, body, ref });
  notes.push(`no accept: ${await raw('/v2/acme/payments/manifests/v1.2.3', { method: 'GET' })}`);
  notes.push(`tags: ${await raw('/v2/acme/payments/tags/list', { method: 'GET' })}`);
  notes.push(`unknown repo tags: ${await raw('/v2/acme/nothing/tags/list', { method: 'GET' })}`);
  notes.push(`unknown tag: ${await raw('/v2/acme/payments/manifests/v0.0.0', { method: 'GET', headers: oci })}`);
  notes.push(`blob of another repo: ${await raw(`/v2/acme/payments-prod/blobs/${v2.digest}`, { method: 'HEAD' })}`);
  const orphan = ociImage({ layerTar: Buffer.from('not pushed') });
  const p1 = put('orphan', orphan.manifest);
  notes.push(`manifest with unknown blobs: ${await raw(`/v2/acme/payments/manifests/${p1.ref}`, p1)}`);
  const p2 = put(v2.digest, v1.manifest);
  notes.push(`wrong digest: ${await raw(`/v2/acme/payments/manifests/${p2.ref}`, p2)}`);
  const start = await admin.send('/v2/acme/payments/blobs/uploads/', { method: 'POST', headers: { 'Content-Length': '0' } });
  const loc = new URL(start.headers.get('location')!, `http://${host}`);
  notes.push(`upload cancelled: ${await raw(loc.pathname + loc.search, { method: 'DELETE' })}`);
  const t = await admin.send('/v2/acme/payments/tags/list', { method: 'GET' });
  // distribution 2.8 lists tags in storage order; the spec (and the stand-in) say lexical: compared as sets.
  const list = JSON.parse(t.body.toString()) as { name: string; tags: string[] };
  notes.push(`tag list: ${list.name} ${list.tags.sort().join(' ')}`);
  return notes;
}

(HAVE_REGISTRY ? describe.each([false, true]) : describe.skip.each([false, true]))('as docker-registry 2.8 answers (token auth: %s)', (auth) => {
  test('the same retags and requests, the same outcomes, request by request', async () => {
    const results: { notes: string[]; outcomes: Outcome[] }[] = [];
    const tokens = auth ? await new RegistryTokenServer({ users: USERS }).start() : undefined;
    const real = await startDockerRegistry(
      tokens ? { auth: { token: { realm: tokens.url, service: tokens.service, issuer: tokens.issuer, rootCertBundle: tokens.certPath } } } : {},
    );
    const standIn = await startOciRegistry(auth ? { users: USERS } : {});
    try {
      for (const url of [real.url, standIn.url]) {
        const proxy = await recordingProxy(url);
        try {
          const notes = (await scenario(proxy.host, auth)).map((n) => n.replaceAll(proxy.host, 'HOST'));
          results.push({ notes, outcomes: proxy.outcomes });
        } finally {
          await proxy.stop();
        }
      }
    } finally {
      await standIn.stop();
      await real.stop();
      await tokens?.stop();
    }
    const [fromReal, fromStandIn] = results;
    expect(fromStandIn.notes).toEqual(fromReal.notes);
    expect(fromStandIn.outcomes).toEqual(fromReal.outcomes);
    // The scenario did what it claims on the real registry, so the comparison covers it.
    expect(fromReal.notes).toEqual(
      expect.arrayContaining([
        `release: ${v1.digest} {"v1.2.3":"created","production-latest":"moved"} mounted 0`,
        `again: ${v1.digest} {"v1.2.3":"unchanged","production-latest":"unchanged"} mounted 0`,
        `cross-repo: ${v1.digest} {"v1.2.3":"created"} mounted 2`,
        'no accept: 404',
        'manifest with unknown blobs: 400',
        'wrong digest: 400',
      ]),
    );
    expect(fromReal.outcomes.some((o) => o.req.endsWith('(mount)') && o.status === 201)).toBe(true);
    if (auth) expect(fromReal.outcomes.filter((o) => o.status === 401).length).toBeGreaterThan(0);
  }, 60_000);
});

describe('the stand-in alone', () => {
  let reg: OciRegistry;
  beforeAll(async () => {
    reg = await startOciRegistry({ users: USERS });
  });
  afterAll(() => reg.stop());

  test('a pushed image comes back byte for byte; retag moves only the moving tag; tags list pages', async () => {
    const admin = client(reg.host, ['acme/shop']);
    await push(admin, 'acme/shop', 'v1', v1);
    await push(admin, 'acme/shop', 'v0', v2);
    const m = await admin.getManifest('acme/shop', 'v1');
    expect(m.bytes.equals(v1.manifest)).toBe(true);
    expect(m).toMatchObject({ digest: v1.digest, mediaType: v1.mediaType });
    const layerDigest = (JSON.parse(v1.manifest.toString()) as { layers: { digest: string }[] }).layers[0].digest;
    const blob = await admin.send(`/v2/acme/shop/blobs/${layerDigest}`, { method: 'GET' });
    expect(blob.body.equals(v1.layer)).toBe(true);

    const r = await retag({ image: `${reg.host}/acme/shop`, from: 'v1', to: ['v1.0.0', 'latest'], moving: ['latest'], plainHttp: true, env: CRED });
    expect(r.changes).toEqual({ 'v1.0.0': 'created', latest: 'created' });
    expect(reg.tags('acme/shop')).toEqual(['latest', 'v0', 'v1', 'v1.0.0']);
    expect(reg.digestOf('acme/shop', 'latest')).toBe(v1.digest);
    await expect(retag({ image: `${reg.host}/acme/shop`, from: 'v0', to: ['v1.0.0'], plainHttp: true, env: CRED })).rejects.toThrow(
      /already points at another image/,
    );
    expect(reg.digestOf('acme/shop', 'v1.0.0')).toBe(v1.digest);

    const token = reg.issueToken(['repository:acme/shop:pull']);
    const page = await fetch(`${reg.url}/v2/acme/shop/tags/list?n=2`, { headers: { authorization: `Bearer ${token}` } });
    expect(await page.json()).toEqual({ name: 'acme/shop', tags: ['latest', 'v0'] });
    expect(page.headers.get('link')).toBe('</v2/acme/shop/tags/list?last=v0&n=2>; rel="next"');
    const rest = await fetch(`${reg.url}/v2/acme/shop/tags/list?last=v0&n=2`, { headers: { authorization: `Bearer ${token}` } });
    expect(await rest.json()).toEqual({ name: 'acme/shop', tags: ['v1', 'v1.0.0'] });
  });

  test('auth: a pull token cannot push, no token gets the challenge, and the wrong password no token', async () => {
    const pull = reg.issueToken(['repository:acme/shop:pull']);
    const put = await fetch(`${reg.url}/v2/acme/shop/manifests/hacked`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${pull}`, 'content-type': v1.mediaType },
      body: v1.manifest,
    });
    expect(put.status).toBe(401);
    expect(put.headers.get('www-authenticate')).toBe(
      `Bearer realm="${reg.url}/token",service="oci-sandbox",scope="repository:acme/shop:pull,push",error="insufficient_scope"`,
    );
    expect(reg.digestOf('acme/shop', 'hacked')).toBeUndefined();
    expect((await fetch(`${reg.url}/v2/`)).status).toBe(401);
    const bad = await fetch(`${reg.url}/token?service=oci-sandbox&scope=repository:acme/shop:pull`, {
      headers: { authorization: `Basic ${Buffer.from('ci:wrong').toString('base64')}` },
    });
    expect(bad.status).toBe(401);
    expect(JSON.stringify(await bad.json())).not.toContain('token');
  });

  test('bounded: a manifest over 4 MiB is refused and nothing is stored', async () => {
    const token = reg.issueToken(['repository:acme/big:pull,push']);
    const res = await fetch(`${reg.url}/v2/acme/big/manifests/v1`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': v1.mediaType },
      body: Buffer.alloc(4 * 1024 * 1024 + 1, 32),
    });
    expect(res.status).toBe(413);
    expect(reg.tags('acme/big')).toEqual([]);
  });
});
