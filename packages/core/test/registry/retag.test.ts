/**
 * retag against the real Debian `docker-registry`, started here on loopback with a temporary
 * config: digests preserved byte for byte, a multi-arch index retagged unchanged, refusals that
 * write nothing, cross-repository mounts (no layer bytes), Basic auth (htpasswd, bcrypt) and the
 * token flow (sandbox token server). Skips only when docker-registry is absent outside CI.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerRegistryBinary, RegistryTokenServer, startDockerRegistry, type DockerRegistry } from '@gitops-actions/sandbox';
import { InputError, OperationError, RemoteError } from '../../src/errors.js';
import { MANIFEST_MEDIA_TYPES, sha256Digest } from '../../src/registry/client.js';
import { retag } from '../../src/registry/retag.js';
import { adminClient, pushImage, pushIndex } from './images.js';

const HAVE_REGISTRY = dockerRegistryBinary() !== null;
const HAVE_HTPASSWD = spawnSync('htpasswd', ['-h'], { stdio: 'ignore' }).error === undefined;
const IN_CI = process.env.CI === 'true';
if (!HAVE_REGISTRY && !IN_CI)
  console.warn('SKIPPED registry retag tests: docker-registry is not installed (apt-get install docker-registry); CI=true fails instead');

/** Raw GET with plain fetch (not our client): what any other registry client would see. */
async function rawManifest(reg: DockerRegistry, repo: string, ref: string, auth?: string) {
  const res = await fetch(`${reg.url}/v2/${repo}/manifests/${ref}`, {
    headers: { Accept: MANIFEST_MEDIA_TYPES.join(', '), ...(auth ? { Authorization: auth } : {}) },
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, bytes, contentType: res.headers.get('content-type'), digest: res.headers.get('docker-content-digest') };
}

const NO_CREDS = { HOME: '/nonexistent', DOCKER_CONFIG: '/nonexistent' };
(HAVE_REGISTRY || IN_CI ? describe : describe.skip)('retag on docker-registry (anonymous)', () => {
  let reg: DockerRegistry;
  beforeAll(async () => {
    reg = await startDockerRegistry();
  });
  afterAll(async () => {
    await reg?.stop();
  });
  const run = (input: Partial<Parameters<typeof retag>[0]> & { from: string; to: string[] }) =>
    retag({ image: `${reg.host}/acme/payments`, plainHttp: true, env: NO_CREDS, ...input });

  test.each(['oci', 'docker'] as const)('%s manifest: the same bytes, digest and media type under every new tag; manifest bytes only', async (flavour) => {
    const admin = adminClient(reg.host, ['acme/payments']);
    const src = await pushImage(admin, 'acme/payments', `v1.2.3-rc.${flavour}`, { flavour, layerBytes: 512 * 1024 });
    const r = await run({ from: `v1.2.3-rc.${flavour}`, to: [`v1.2.3-${flavour}`, `prod-${flavour}`] });
    expect(r.digest).toBe(src.digest);
    expect(r.mediaType).toBe(src.mediaType);
    expect(r.tags).toEqual([`${reg.host}/acme/payments:v1.2.3-${flavour}`, `${reg.host}/acme/payments:prod-${flavour}`]);
    expect(r.changes).toEqual({ [`v1.2.3-${flavour}`]: 'created', [`prod-${flavour}`]: 'created' });
    for (const tag of [`v1.2.3-${flavour}`, `prod-${flavour}`]) {
      const got = await rawManifest(reg, 'acme/payments', tag);
      expect(got.status).toBe(200);
      expect(got.bytes.equals(src.bytes)).toBe(true);
      expect(got.contentType).toBe(src.mediaType);
      expect(got.digest).toBe(src.digest);
    }
    // GET the source once; nothing like the 1 MiB of layers crossed the wire.
    expect(r.bytesReceived).toBe(src.bytes.byteLength);
    expect(r.bytesSent).toBe(2 * src.bytes.byteLength);
  });

  test.each(['oci', 'docker'] as const)('%s multi-arch index retagged unchanged, every platform still resolvable', async (flavour) => {
    const admin = adminClient(reg.host, ['acme/payments']);
    const { index, children } = await pushIndex(admin, 'acme/payments', `multi-${flavour}`, flavour);
    const r = await run({ from: `multi-${flavour}`, to: [`multi-${flavour}-release`] });
    expect(r.digest).toBe(index.digest);
    const got = await rawManifest(reg, 'acme/payments', `multi-${flavour}-release`);
    expect(got.bytes.equals(index.bytes)).toBe(true);
    expect(got.contentType).toBe(index.mediaType);
    for (const c of children) expect((await rawManifest(reg, 'acme/payments', c.digest)).digest).toBe(c.digest);
  });

  test('retag by digest (--from sha256:…)', async () => {
    const admin = adminClient(reg.host, ['acme/payments']);
    const src = await pushImage(admin, 'acme/payments', 'by-digest-src');
    const r = await run({ from: src.digest, to: ['by-digest'] });
    expect((await rawManifest(reg, 'acme/payments', 'by-digest')).digest).toBe(src.digest);
    expect(r.digest).toBe(src.digest);
  });

  test('a target tag on another digest is refused and nothing is written; --moving and --force move it; a second run changes nothing', async () => {
    const admin = adminClient(reg.host, ['acme/payments']);
    const a = await pushImage(admin, 'acme/payments', 'guard-a');
    const b = await pushImage(admin, 'acme/payments', 'guard-b');
    const p = run({ from: 'guard-a', to: ['guard-new', 'guard-b'] });
    await expect(p).rejects.toThrow(OperationError);
    await expect(run({ from: 'guard-a', to: ['guard-new', 'guard-b'] })).rejects.toThrow(
      `guard-b (${b.digest}) already points at another image than ${a.digest}; nothing was retagged`,
    );
    expect((await rawManifest(reg, 'acme/payments', 'guard-b')).digest).toBe(b.digest);
    expect((await rawManifest(reg, 'acme/payments', 'guard-new')).status).toBe(404);

    const moved = await run({ from: 'guard-a', to: ['guard-new', 'guard-b'], moving: ['guard-b'] });
    expect(moved.changes).toEqual({ 'guard-new': 'created', 'guard-b': 'moved' });
    expect((await rawManifest(reg, 'acme/payments', 'guard-b')).digest).toBe(a.digest);

    const forced = await run({ from: 'guard-b-src', to: ['guard-b'], force: true }).catch((e) => e);
    expect(forced).toBeInstanceOf(RemoteError); // guard-b-src does not exist: a remote 404, exit 1
    await pushImage(admin, 'acme/payments', 'guard-c');
    expect((await run({ from: 'guard-c', to: ['guard-b'], force: true })).changes).toEqual({ 'guard-b': 'moved' });

    const again = await run({ from: 'guard-c', to: ['guard-b'] });
    expect(again).toMatchObject({ changed: false, changes: { 'guard-b': 'unchanged' } });
    expect(again.bytesSent).toBe(0);
  });

  test('across repositories: blobs mounted, child manifests first, then the index; no layer bytes', async () => {
    const admin = adminClient(reg.host, ['acme/payments']);
    const { index, children } = await pushIndex(admin, 'acme/payments', 'cross-src');
    const r = await run({ from: 'cross-src', to: ['v2.0.0', 'production-latest'], toImage: `${reg.host}/acme/payments-prod` });
    expect(r.mounted).toBe(6); // 2 platforms × (config + 2 layers)
    expect(r.digest).toBe(index.digest);
    expect((await rawManifest(reg, 'acme/payments-prod', 'v2.0.0')).bytes.equals(index.bytes)).toBe(true);
    for (const c of children) expect((await rawManifest(reg, 'acme/payments-prod', c.digest)).bytes.equals(c.bytes)).toBe(true);
    const layer = JSON.parse(children[0].bytes.toString()).layers[0].digest as string;
    expect((await fetch(`${reg.url}/v2/acme/payments-prod/blobs/${layer}`, { method: 'HEAD' })).status).toBe(200);
    const manifests = index.bytes.byteLength + children.reduce((n, c) => n + c.bytes.byteLength, 0);
    expect(r.bytesReceived).toBe(manifests);
  });

  test('invalid input is refused before any request', async () => {
    await expect(run({ from: 'v1', to: ['bad tag'] })).rejects.toThrow(InputError);
    await expect(run({ from: 'v1', to: [] })).rejects.toThrow(/--to names no tag/);
    await expect(run({ from: '-x', to: ['a'] })).rejects.toThrow(/--from "-x" is not a valid image tag/);
    await expect(retag({ image: 'https://reg/acme/app', from: 'a', to: ['b'] })).rejects.toThrow(/no URL scheme/);
    await expect(retag({ image: `${reg.host}/acme/app`, toImage: 'ghcr.io/acme/app', from: 'a', to: ['b'] })).rejects.toThrow(/another registry/);
  });
});

(HAVE_REGISTRY || IN_CI ? describe : describe.skip)('retag with Basic auth (htpasswd, bcrypt)', () => {
  let reg: DockerRegistry;
  let dir: string;
  beforeAll(async () => {
    if (!HAVE_HTPASSWD) throw new Error('htpasswd is not installed (apt-get install apache2-utils)');
    const line = spawnSync('htpasswd', ['-Bbn', 'ci-bot', 'p4ss-w0rd-basic'], { encoding: 'utf8' }).stdout;
    reg = await startDockerRegistry({ auth: { htpasswd: line } });
    dir = await mkdtemp(join(tmpdir(), 'docker-config-'));
    await pushImage(adminClient(reg.host, ['acme/app'], { username: 'ci-bot', password: 'p4ss-w0rd-basic' }), 'acme/app', 'v1');
  });
  afterAll(async () => {
    await reg?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('REGISTRY_USERNAME/REGISTRY_PASSWORD', async () => {
    const r = await retag({
      image: `${reg.host}/acme/app`,
      from: 'v1',
      to: ['env-creds'],
      plainHttp: true,
      env: { ...NO_CREDS, REGISTRY_USERNAME: 'ci-bot', REGISTRY_PASSWORD: 'p4ss-w0rd-basic' },
    });
    expect(r.changes).toEqual({ 'env-creds': 'created' });
  });

  test('docker config.json auths (base64 user:password)', async () => {
    const auth = Buffer.from('ci-bot:p4ss-w0rd-basic').toString('base64');
    await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { [`http://${reg.host}`]: { auth }, 'ghcr.io': { auth: 'Zm9vOmJhcg==' } } }));
    const r = await retag({ image: `${reg.host}/acme/app`, from: 'v1', to: ['config-creds'], plainHttp: true, env: { DOCKER_CONFIG: dir } });
    expect(r.changes).toEqual({ 'config-creds': 'created' });
  });

  test('wrong or missing credentials: exit 1 with a fix, never the password', async () => {
    const bad = await retag({
      image: `${reg.host}/acme/app`,
      from: 'v1',
      to: ['x'],
      plainHttp: true,
      env: { ...NO_CREDS, REGISTRY_USERNAME: 'ci-bot', REGISTRY_PASSWORD: 'wrong-password-123' },
    }).catch((e) => e);
    expect(bad).toBeInstanceOf(RemoteError);
    expect(bad.userMessage).toMatch(/refused the request \(401\) with the credentials from REGISTRY_USERNAME\/REGISTRY_PASSWORD/);
    expect(bad.userMessage).not.toContain('wrong-password-123');
    const none = await retag({ image: `${reg.host}/acme/app`, from: 'v1', to: ['x'], plainHttp: true, env: NO_CREDS }).catch((e) => e);
    expect(none.userMessage).toMatch(/without credentials \(set REGISTRY_USERNAME\/REGISTRY_PASSWORD, or docker login\)/);
  });
});

(HAVE_REGISTRY || IN_CI ? describe : describe.skip)('retag with token auth (WWW-Authenticate Bearer)', () => {
  let reg: DockerRegistry;
  let tokens: RegistryTokenServer;
  const CREDS = { ...NO_CREDS, REGISTRY_USERNAME: 'deployer', REGISTRY_PASSWORD: 't0ken-flow-secret' };
  beforeAll(async () => {
    tokens = await new RegistryTokenServer({ users: { deployer: 't0ken-flow-secret' }, anonymous: 'pull' }).start();
    reg = await startDockerRegistry({
      auth: { token: { realm: tokens.url, service: tokens.service, issuer: tokens.issuer, rootCertBundle: tokens.certPath } },
    });
    await pushImage(adminClient(reg.host, ['acme/api', 'acme/api-prod'], { username: 'deployer', password: 't0ken-flow-secret' }), 'acme/api', 'v3');
  });
  afterAll(async () => {
    await reg?.stop();
    await tokens?.stop();
  });

  test('with credentials: one token for the whole retag, scoped to the repositories', async () => {
    tokens.requests.length = 0;
    const r = await retag({ image: `${reg.host}/acme/api`, from: 'v3', to: ['v3.0.0', 'stable'], plainHttp: true, env: CREDS });
    expect(Object.values(r.changes)).toEqual(['created', 'created']);
    expect(tokens.requests).toEqual([
      { user: 'deployer', authorization: true, service: tokens.service, scopes: ['repository:acme/api:pull,push'], status: 200 },
    ]);
    expect(r.requests).toBe(7); // GET 401, token, GET, HEAD ×2, PUT ×2
  });

  test('cross-repository asks for pull on the source and push on the target', async () => {
    tokens.requests.length = 0;
    const r = await retag({ image: `${reg.host}/acme/api`, from: 'v3', to: ['v3'], toImage: `${reg.host}/acme/api-prod`, plainHttp: true, env: CREDS });
    expect(r.mounted).toBe(3);
    expect(tokens.requests[0].scopes).toEqual(['repository:acme/api-prod:pull,push', 'repository:acme/api:pull']);
  });

  test('anonymous: a pull-only token, so the push is refused (exit 1)', async () => {
    const e = await retag({ image: `${reg.host}/acme/api`, from: 'v3', to: ['anon'], plainHttp: true, env: NO_CREDS }).catch((x) => x);
    expect(e).toBeInstanceOf(RemoteError);
    expect(e.userMessage).toMatch(/without credentials/);
    expect(tokens.requests.at(-1)).toMatchObject({ authorization: false, user: null });
  });

  test('credentials are not sent to a token realm on another host (localhost ≠ 127.0.0.1)', async () => {
    const other = await startDockerRegistry({
      auth: { token: { realm: tokens.url.replace('127.0.0.1', 'localhost'), service: tokens.service, issuer: tokens.issuer, rootCertBundle: tokens.certPath } },
    });
    try {
      tokens.requests.length = 0;
      const e = await retag({ image: `${other.host}/acme/api`, from: 'v3', to: ['x'], plainHttp: true, env: CREDS }).catch((x) => x);
      expect(e).toBeInstanceOf(RemoteError);
      expect(tokens.requests.length).toBeGreaterThan(0);
      expect(tokens.requests.every((r) => !r.authorization)).toBe(true);
    } finally {
      await other.stop();
    }
  });
});

test('sha256Digest is the sha256 of the bytes', () => {
  expect(sha256Digest(Buffer.from(''))).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});
