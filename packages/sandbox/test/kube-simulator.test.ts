import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { commitFiles, createBareRepo, KubeSimulator, kubeconfigYaml, tempDir } from '../src/index.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Ajv validator of a CRD's openAPIV3Schema, closed (additionalProperties: false) so typos fail. */
function crdValidator(file: string): ValidateFunction {
  const crd = parse(readFileSync(new URL(`./specs/${file}`, import.meta.url), 'utf8')) as {
    spec: { versions: { schema: { openAPIV3Schema: Record<string, unknown> } }[] };
  };
  const schema = structuredClone(crd.spec.versions[0].schema.openAPIV3Schema);
  const close = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(close);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'object' && o.properties && o.additionalProperties === undefined && !o['x-kubernetes-preserve-unknown-fields'])
      o.additionalProperties = false;
    for (const v of Object.values(o)) close(v);
  };
  close(schema);
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const f of ['int64', 'int32']) ajv.addFormat(f, true);
  return ajv.compile(schema);
}

const validators = { Kustomization: crdValidator('flux-kustomization-crd.yaml'), HelmRelease: crdValidator('flux-helmrelease-crd.yaml') };
function expectValid(kind: 'Kustomization' | 'HelmRelease', obj: unknown): void {
  const v = validators[kind];
  if (!v(obj)) throw new Error(`${kind} violates its CRD schema: ${JSON.stringify(v.errors?.slice(0, 5), null, 1)}`);
}

describe('Kubernetes API simulator (Flux)', () => {
  let root: string;
  let repo: string;
  let sim: KubeSimulator;
  const TOKEN = 'kube-sim-token-abcdef';
  const FILE = 'apps/dev/payments/values.yaml';
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${sim.url}${path}`, { ...init, headers: { authorization: `Bearer ${TOKEN}`, ...(init.headers as Record<string, string>) } });
  const KS = '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations';
  const HR = '/apis/helm.toolkit.fluxcd.io/v2/namespaces/flux-system/helmreleases';

  beforeAll(async () => {
    root = await tempDir();
    repo = await createBareRepo(root, 'acme/env', { [FILE]: 'image:\n  tag: v1.0.0\n' });
    sim = await new KubeSimulator({
      repo,
      token: TOKEN,
      sourceDelayMs: 100,
      applyDelayMs: 150,
      healthDelayMs: 150,
      objects: [
        { kind: 'Kustomization', name: 'payments', path: 'apps/dev/payments', badTag: /-bad$/ },
        { kind: 'HelmRelease', name: 'payments-hr', path: 'apps/dev/payments', badTag: /-bad$/, revisionInChart: true },
      ],
    }).start();
  });
  afterAll(async () => {
    await sim.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('serves objects valid against the Flux CRD schemas, by GET and list', async () => {
    const ks = (await (await api(`${KS}/payments`)).json()) as any;
    expectValid('Kustomization', ks);
    expect(validators.Kustomization({ ...ks, status: { ...ks.status, lastAppliedRevison: 'x' } })).toBe(false);
    const hr = (await (await api(`${HR}/payments-hr`)).json()) as any;
    expectValid('HelmRelease', hr);
    const list = (await (await api(`${KS}?fieldSelector=metadata.name%3Dpayments`)).json()) as any;
    expect(list.kind).toBe('KustomizationList');
    expect(list.items).toHaveLength(1);
    expect(Number(list.metadata.resourceVersion)).toBeGreaterThan(0);
    expect((await api(`${KS}/nope`)).status).toBe(404);
    expect((await fetch(`${sim.url}${KS}/payments`)).status).toBe(401);
  });

  it('follows the env repo: Ready=True at the old revision, then Progressing, applied, Ready at ours; watch streams it', async () => {
    const list = (await (await api(`${KS}?fieldSelector=metadata.name%3Dpayments`)).json()) as any;
    const ctl = new AbortController();
    const res = await api(`${KS}?fieldSelector=metadata.name%3Dpayments&watch=1&resourceVersion=${list.metadata.resourceVersion}`, { signal: ctl.signal });
    const sha = await commitFiles(repo, 'main', { [FILE]: 'image:\n  tag: v1.1.0\n' }, 'v1.1.0');
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let buf = '';
    const events: { type: string; object: { status: { conditions: { type: string; status: string }[]; lastAppliedRevision: string } } }[] = [];
    while (
      !events.some(
        (e) => e.object.status.lastAppliedRevision?.endsWith(sha) && e.object.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
      )
    ) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        events.push(JSON.parse(buf.slice(0, i)));
        buf = buf.slice(i + 1);
      }
    }
    ctl.abort();
    for (const e of events) expectValid('Kustomization', e.object);
    const ready = events.map(
      (e) => `${e.object.status.conditions.find((c) => c.type === 'Ready')?.status}@${e.object.status.lastAppliedRevision.endsWith(sha) ? 'new' : 'old'}`,
    );
    expect(ready).toEqual(['Unknown@old', 'Unknown@new', 'True@new']);
    expect(sim.readyAt('payments', sha)).toBeDefined();
    // The HelmRelease followed too, its chart version carrying the revision.
    const deadline = Date.now() + 3000;
    while (!sim.readyAt('payments-hr', sha) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const hr = sim.get('HelmRelease', 'payments-hr');
    expectValid('HelmRelease', hr);
    expect((hr.status.history as { chartVersion: string }[])[0].chartVersion).toBe(`0.1.0+${sha.slice(0, 12)}`);
  });

  it('fails a bad tag: Kustomization HealthCheckFailed, HelmRelease UpgradeFailed + Stalled', async () => {
    const sha = await commitFiles(repo, 'main', { [FILE]: 'image:\n  tag: v1.2.0-bad\n' }, 'bad');
    const deadline = Date.now() + 3000;
    const reason = (kind: 'Kustomization' | 'HelmRelease', name: string) =>
      (sim.get(kind, name).status.conditions as { type: string; reason: string }[]).find((c) => c.type === 'Ready')?.reason;
    while ((reason('Kustomization', 'payments') !== 'HealthCheckFailed' || reason('HelmRelease', 'payments-hr') !== 'UpgradeFailed') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const ks = sim.get('Kustomization', 'payments');
    const hr = sim.get('HelmRelease', 'payments-hr');
    expectValid('Kustomization', ks);
    expectValid('HelmRelease', hr);
    expect(ks.status.lastAttemptedRevision).toBe(`main@sha1:${sha}`);
    expect((hr.status.conditions as { type: string; status: string }[]).find((c) => c.type === 'Stalled')?.status).toBe('True');
  });

  it('merge-patches the requestedAt annotation (content type enforced) and records lastHandledReconcileAt; 410 for an old resourceVersion', async () => {
    const bad = await api(`${KS}/payments`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(bad.status).toBe(415);
    const at = new Date().toISOString();
    const res = await api(`${KS}/payments`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': at } } }),
    });
    expect(res.status).toBe(200);
    const patched = (await res.json()) as any;
    expect(patched.metadata.annotations['reconcile.fluxcd.io/requestedAt']).toBe(at);
    expect(patched.metadata.generation).toBe(1);
    const deadline = Date.now() + 3000;
    while (sim.get('Kustomization', 'payments').status.lastHandledReconcileAt !== at && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(sim.get('Kustomization', 'payments').status.lastHandledReconcileAt).toBe(at);
    const small = await new KubeSimulator({ repo, eventWindow: 1, objects: [{ kind: 'Kustomization', name: 'x', path: 'apps/dev/payments' }] }).start();
    try {
      await commitFiles(repo, 'main', { [FILE]: 'image:\n  tag: v1.3.0\n' }, 'v1.3.0');
      await new Promise((r) => setTimeout(r, 1200));
      const text = await (await fetch(`${small.url}${KS}?watch=1&resourceVersion=1&timeoutSeconds=1`)).text();
      expect(JSON.parse(text.trim().split('\n')[0])).toMatchObject({ type: 'ERROR', object: { code: 410 } });
    } finally {
      await small.stop();
    }
  });

  it("models helm-controller's remediation: upgrade, failure, rollback, retries, then Stalled RetriesExceeded (every state CRD-valid)", async () => {
    const root2 = await tempDir();
    const repo2 = await createBareRepo(root2, 'acme/env', { [FILE]: 'image:\n  tag: v1.0.0\n' });
    const hrSim = await new KubeSimulator({
      repo: repo2,
      sourceDelayMs: 50,
      applyDelayMs: 50,
      healthDelayMs: 50,
      objects: [
        {
          kind: 'HelmRelease',
          name: 'seed',
          path: 'apps/dev/payments',
          badTag: /-bad$/,
          revisionInChart: true,
          remediation: { retries: 2, strategy: 'rollback' },
        },
        {
          kind: 'HelmRelease',
          name: 'flaky',
          path: 'apps/dev/payments',
          badTag: /-bad$/,
          badTagFailures: 1,
          revisionInChart: true,
          remediation: { retries: 2 },
        },
      ],
    }).start();
    try {
      const list = (await (await fetch(`${hrSim.url}${HR}`)).json()) as any;
      const old = list.items[0].status.history[0].chartVersion as string;
      const ctl = new AbortController();
      const res = await fetch(`${hrSim.url}${HR}?watch=1&resourceVersion=${list.metadata.resourceVersion}`, { signal: ctl.signal });
      const sha = await commitFiles(repo2, 'main', { [FILE]: 'image:\n  tag: v1.1.0-bad\n' }, 'bad');
      const ours = `0.1.0+${sha.slice(0, 12)}`;
      type Ev = {
        object: {
          metadata: { name: string };
          status: {
            conditions: { type: string; status: string; reason: string; message: string }[];
            history: { chartVersion: string; status: string }[];
            upgradeFailures?: number;
          };
        };
      };
      const events: Ev[] = [];
      const reader = res.body!.getReader();
      const dec = new TextDecoder();
      let buf = '';
      const isDone = () =>
        events.some((e) => e.object.metadata.name === 'seed' && e.object.status.conditions.some((c) => c.type === 'Stalled' && c.status === 'True')) &&
        events.some(
          (e) =>
            e.object.metadata.name === 'flaky' &&
            e.object.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True') &&
            e.object.status.history[0]?.chartVersion === ours,
        );
      const deadline = setTimeout(() => ctl.abort(), 10_000);
      try {
        while (!isDone()) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += dec.decode(value, { stream: true });
          let i: number;
          while ((i = buf.indexOf('\n')) >= 0) {
            events.push(JSON.parse(buf.slice(0, i)));
            buf = buf.slice(i + 1);
          }
        }
      } finally {
        clearTimeout(deadline);
        ctl.abort();
      }
      for (const e of events) expectValid('HelmRelease', e.object);
      const cond = (e: Ev, t: string) => e.object.status.conditions.find((c) => c.type === t);
      const seed = events.filter((e) => e.object.metadata.name === 'seed');
      const steps = seed.map(
        (e) =>
          `${cond(e, 'Ready')?.reason}${cond(e, 'Remediated') ? `+Remediated=${cond(e, 'Remediated')!.status}` : ''}${cond(e, 'Stalled') ? '+Stalled' : ''}`,
      );
      // 3 attempts (1 + 2 retries), each followed by a rollback; after the last one it stalls. A retry
      // starts with the previous round's Remediated=True still there (the upgrade clears it when done).
      const retry = ['Progressing+Remediated=True', 'UpgradeFailed', 'RollbackSucceeded+Remediated=True'];
      expect(steps).toEqual([
        'Progressing',
        'Progressing',
        'UpgradeFailed',
        'RollbackSucceeded+Remediated=True',
        ...retry,
        ...retry.slice(0, 2),
        'RollbackSucceeded+Remediated=True+Stalled',
      ]);
      const last = seed.at(-1)!;
      expect(cond(last, 'Released')).toMatchObject({
        status: 'False',
        reason: 'UpgradeFailed',
        message: `Helm upgrade failed for release flux-system/seed with chart seed@${ours}: context deadline exceeded`,
      });
      expect(cond(last, 'Stalled')).toMatchObject({ reason: 'RetriesExceeded', message: 'Failed to upgrade after 3 attempt(s)' });
      expect(last.object.status.history[0]).toMatchObject({ chartVersion: old, status: 'deployed' });
      expect(last.object.status.history[1]).toMatchObject({ chartVersion: ours, status: 'superseded' });
      // Upgrade succeeds after one remediation: our chart deployed at history[0], Remediated gone.
      const flaky = events.filter((e) => e.object.metadata.name === 'flaky').at(-1)!;
      expect(flaky.object.status.history[0]).toMatchObject({ chartVersion: ours, status: 'deployed' });
      expect(cond(flaky, 'Remediated')).toBeUndefined();
      expect(cond(flaky, 'Released')).toMatchObject({ status: 'True', reason: 'UpgradeSucceeded' });
    } finally {
      await hrSim.stop();
      await rm(root2, { recursive: true, force: true });
    }
  });

  it('writes kubeconfigs kubectl can read', () => {
    const y = parse(kubeconfigYaml({ server: 'https://127.0.0.1:6443', token: 't', ca: 'PEM' }));
    expect(y['current-context']).toBe('sandbox');
    expect(y.clusters[0].cluster['certificate-authority-data']).toBe(Buffer.from('PEM').toString('base64'));
  });
});
