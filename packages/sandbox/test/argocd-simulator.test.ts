import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ArgoCdSimulator, commitFiles, createBareRepo, tempDir } from '../src/index.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const SWAGGER = new URL('./specs/argocd-swagger.json', import.meta.url).pathname;

/**
 * Ajv validators from the Argo CD swagger (OpenAPI 2) definitions. Every object definition is
 * made closed (additionalProperties: false) so a misspelt field in the simulator fails the test.
 */
function swaggerValidators(): { app: ValidateFunction; streamResult: ValidateFunction } {
  const swagger = JSON.parse(readFileSync(SWAGGER, 'utf8')) as {
    definitions: Record<string, Record<string, unknown>>;
    paths: Record<string, { get: { responses: Record<string, { schema: Record<string, unknown> }> } }>;
  };
  const close = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(close);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'object' && o.properties && o.additionalProperties === undefined) o.additionalProperties = false;
    for (const v of Object.values(o)) close(v);
  };
  close(swagger.definitions);
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const f of ['int64', 'int32', 'byte']) ajv.addFormat(f, true);
  ajv.addSchema({ $id: 'argocd', definitions: swagger.definitions });
  const streamSchema = swagger.paths['/api/v1/stream/applications'].get.responses['200'].schema;
  const rewrite = (s: unknown): unknown => JSON.parse(JSON.stringify(s).replace(/"#\/definitions\//g, '"argocd#/definitions/'));
  return {
    app: ajv.compile({ $ref: 'argocd#/definitions/v1alpha1Application' }),
    streamResult: ajv.compile(rewrite(streamSchema) as object),
  };
}

const V = swaggerValidators();
function expectValid(validate: ValidateFunction, value: unknown): void {
  const ok = validate(value);
  if (!ok) throw new Error(`schema violations: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
}

async function readStreamLines(url: string, count: number, headers: Record<string, string> = {}): Promise<unknown[]> {
  const ctl = new AbortController();
  const res = await fetch(url, { headers, signal: ctl.signal });
  const out: unknown[] = [];
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = '';
  while (out.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += dec.decode(value, { stream: true });
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      out.push(JSON.parse(buf.slice(0, i)));
      buf = buf.slice(i + 1);
    }
  }
  ctl.abort();
  return out;
}

describe('Argo CD simulator', () => {
  let root: string;
  let repo: string;
  let sim: ArgoCdSimulator;
  const TOKEN = 'argocd-sim-token-1234';

  beforeAll(async () => {
    root = await tempDir();
    repo = await createBareRepo(root, 'acme/env', {
      'overlays/dev/payments/values.yaml': 'image:\n  tag: v1.0.0\n',
      'overlays/dev/multi/values.yaml': 'image:\n  tag: v1.0.0\n',
    });
    sim = await new ArgoCdSimulator({
      token: TOKEN,
      refreshDelayMs: 200,
      syncDelayMs: 150,
      healthDelayMs: 150,
      staleAfterSyncMs: 80,
      apps: [
        { name: 'payments-dev', repo, path: 'overlays/dev/payments', badTag: /-bad$/, failTag: /-broken$/ },
        {
          name: 'multi-dev',
          repo,
          path: 'overlays/dev/multi',
          project: 'team-a',
          namespace: 'apps',
          sources: [
            { follow: true },
            { follow: true, path: 'overlays/dev/multi', ref: 'values' },
            { follow: false, repoURL: 'https://charts.example.com', chart: 'payments', targetRevision: '1.4.0' },
          ],
        },
      ],
    }).start();
  });
  afterAll(async () => {
    await sim.stop();
    await rm(root, { recursive: true, force: true });
  });

  const get = (path: string, token = TOKEN) => fetch(`${sim.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('serves Applications that match the swagger v1alpha1Application definition', async () => {
    const res = await get('/api/v1/applications/payments-dev?refresh=normal');
    expect(res.status).toBe(200);
    const app = (await res.json()) as { status: { health: { status: string }; sync: { status: string } } };
    expectValid(V.app, app);
    // The schema is closed: a misspelt field would fail.
    expect(V.app({ ...app, status: { ...app.status, reconcildAt: 'x' } })).toBe(false);
    expect(app.status.health.status).toBe('Healthy');
    expect(app.status.sync.status).toBe('Synced');
    const multi = await (await get('/api/v1/applications/multi-dev?appNamespace=apps&project=team-a')).json();
    expectValid(V.app, multi);
    expect((multi as { status: { sync: { revisions: string[] } } }).status.sync.revisions).toHaveLength(3);
  });

  it('moves through stale → OutOfSync → Running → Succeeded → Progressing → Healthy, every state schema-valid', async () => {
    const before = sim.transitions.length;
    const sha = await commitFiles(repo, 'main', { 'overlays/dev/payments/values.yaml': 'image:\n  tag: v1.1.0\n' }, 'dev(payments): v1.1.0');
    const seen: string[] = [];
    const deadline = Date.now() + 5000;
    while (!sim.healthyAt('payments-dev', sha) && Date.now() < deadline) {
      const app = sim.application('payments-dev');
      expectValid(V.app, app);
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const t of sim.transitions.slice(before).filter((t) => t.app === 'payments-dev')) {
      seen.push(`${t.health}/${t.sync}/${t.revision === sha ? 'new' : 'old'}/${t.phase ?? '-'}`);
    }
    expect(seen[0]).toBe('Healthy/Synced/old/Succeeded'); // the stale-status trap
    expect(seen).toContain('Healthy/OutOfSync/new/Succeeded');
    expect(seen).toContain('Healthy/OutOfSync/new/Running');
    expect(seen).toContain('Progressing/Synced/new/Succeeded');
    expect(seen[seen.length - 1]).toBe('Healthy/Synced/new/Succeeded');
    expect(sim.healthyAt('payments-dev', sha)).toBeDefined();
  });

  it('streams NDJSON events that match the swagger stream result', async () => {
    const events = await readStreamLines(`${sim.url}/api/v1/stream/applications?name=payments-dev`, 1, { authorization: `Bearer ${TOKEN}` });
    expect(events).toHaveLength(1);
    expectValid(V.streamResult, events[0]);
    expect((events[0] as { result: { type: string } }).result.type).toBe('ADDED');
    const pending = readStreamLines(`${sim.url}/api/v1/stream/applications?name=payments-dev`, 4, { authorization: `Bearer ${TOKEN}` });
    await new Promise((r) => setTimeout(r, 100));
    await commitFiles(repo, 'main', { 'overlays/dev/payments/values.yaml': 'image:\n  tag: v1.2.0-bad\n' }, 'bad');
    const more = await pending;
    for (const e of more) expectValid(V.streamResult, e);
    expect((more[1] as { result: { type: string } }).result.type).toBe('MODIFIED');
  });

  it('reports Degraded for a bad tag and a Failed operation for a broken one', async () => {
    let deadline = Date.now() + 5000;
    while (sim.application('payments-dev').status.health.status !== 'Degraded' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(sim.application('payments-dev').status.health.status).toBe('Degraded');
    await commitFiles(repo, 'main', { 'overlays/dev/payments/values.yaml': 'image:\n  tag: v1.3.0-broken\n' }, 'broken');
    deadline = Date.now() + 5000;
    while (sim.application('payments-dev').status.operationState?.phase !== 'Failed' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const app = sim.application('payments-dev');
    expectValid(V.app, app);
    expect(app.status.operationState?.phase).toBe('Failed');
    expect(app.status.sync.status).toBe('OutOfSync');
  });

  it('answers like Argo CD: 401 for a bad token, 403 for an unknown app or wrong project/namespace', async () => {
    expect((await get('/api/v1/applications/payments-dev', 'wrong')).status).toBe(401);
    expect((await get('/api/v1/applications/payments-dev', '')).status).toBe(401);
    const unknown = await get('/api/v1/applications/nope');
    expect(unknown.status).toBe(403);
    expect(await unknown.json()).toMatchObject({ message: 'permission denied', code: 7 });
    expect((await get('/api/v1/applications/multi-dev?project=other')).status).toBe(403);
    expect((await get('/api/v1/applications/multi-dev?appNamespace=argocd')).status).toBe(403);
  });

  it('simulates outages: 503, then connection refused, then back', async () => {
    sim.outage(300, 'unavailable');
    expect((await get('/api/v1/applications/payments-dev')).status).toBe(503);
    await new Promise((r) => setTimeout(r, 350));
    expect((await get('/api/v1/applications/payments-dev')).status).toBe(200);
    sim.outage(300, 'refused');
    await expect(get('/api/v1/applications/payments-dev')).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 400));
    expect((await get('/api/v1/applications/payments-dev')).status).toBe(200);
  });
});
