import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commitFiles, createBareRepo, KubeSimulator, tempDir, writeKubeconfig, type KubeSimOptions } from '@gitops-actions/sandbox';
import { InputError, RemoteError } from '../../src/errors.js';
import { evaluateFluxObject, loadKubeConnection, type FluxObject } from '../../src/health/index.js';
import { waitHealthy } from '../../src/verbs/wait-healthy.js';
import { capture, fakeRecorder } from './helpers.js';
import { gateModules } from '../../src/health/factory.js';

// The tests below run concurrently: jest refuses a dynamic import while it counts itself between two
// tests, which it does whenever one concurrent test ends. Load the gates once, before any test starts.
beforeAll(() => Promise.all(Object.values(gateModules).map((load) => load())));

const TOKEN = 'kube-Bearer-Token-9876543210';
const FILE = 'apps/dev/payments/values.yaml';
const values = (tag: string) => `image:\n  tag: ${tag}\n`;

interface Env {
  root: string;
  repo: string;
  sim: KubeSimulator;
  kubeconfig: string;
}

async function setup(opts: Partial<KubeSimOptions> = {}): Promise<Env> {
  const root = await tempDir();
  const repo = await createBareRepo(root, 'acme/env', { [FILE]: values('v1.0.0') });
  const sim = await new KubeSimulator({
    repo,
    token: TOKEN,
    sourceDelayMs: 800,
    applyDelayMs: 200,
    healthDelayMs: 300,
    // No branch polling: push() tells the simulator (see push below).
    repoPollMs: 0,
    objects: [
      { kind: 'Kustomization', name: 'payments', path: 'apps/dev/payments', badTag: /-bad$/, buildFailTag: /-nobuild$/ },
      { kind: 'HelmRelease', name: 'payments-hr', path: 'apps/dev/payments', badTag: /-bad$/, revisionInChart: true },
      { kind: 'HelmRelease', name: 'plain-hr', path: 'apps/dev/payments', badTag: /-bad$/ },
    ],
    ...opts,
  }).start();
  const kubeconfig = await writeKubeconfig(root, { server: sim.url, token: TOKEN });
  return { root, repo, sim, kubeconfig };
}

async function teardown(env: Env): Promise<void> {
  await env.sim.stop();
  await rm(env.root, { recursive: true, force: true });
}

const gate = (env: Env, fluxKind: 'Kustomization' | 'HelmRelease', name: string, extra: Record<string, unknown> = {}) => ({
  kind: 'flux' as const,
  fluxKind,
  name,
  namespace: 'flux-system',
  kubeconfig: env.kubeconfig,
  ...extra,
});
/** A commit the simulator does not know of yet (the source fetches when asked, or on notify()). */
const commit = (env: Env, tag: string) => commitFiles(env.repo, 'main', { [FILE]: values(tag) }, `dev(payments): ${tag}`);
/** A commit the source has fetched: the simulator's timeline starts when this returns, however long git took under load. */
async function push(env: Env, tag: string): Promise<string> {
  const sha = await commit(env, tag);
  await env.sim.notify();
  return sha;
}

describe('Flux gate against the Kubernetes API simulator', () => {
  it.concurrent('Kustomization: ignores Ready=True at the old revision, passes once applied and Ready at ours', async () => {
    const env = await setup();
    try {
      const sha = await push(env, 'v1.1.0');
      const out = capture();
      const rec = fakeRecorder();
      const res = await waitHealthy({
        gate: gate(env, 'Kustomization', 'payments'),
        revision: sha,
        timeoutMs: 15_000,
        pollIntervalMs: 500,
        reporter: out.reporter,
        record: { repo: rec.repo, commit: sha, context: 'gitops/payments/dev' },
      });
      expect(res.healthy).toBe(true);
      expect(res.revision).toBe(`main@sha1:${sha}`);
      expect(Date.now()).toBeGreaterThanOrEqual(env.sim.readyAt('payments', sha)!);
      const infos = out.infos().filter((l) => l.startsWith('['));
      expect(infos[0]).toMatch(/Healthy \/ Synced @ [0-9a-f]{7} \(op ReconciliationSucceeded\)$/);
      expect(infos.some((l) => l.includes(`Progressing / Synced @ ${sha.slice(0, 7)} (op Progressing)`))).toBe(true);
      expect(out.all()).not.toContain(TOKEN);
      expect(out.masked).toContain(TOKEN);
      expect(rec.recorded[0]?.v).toMatchObject({ state: 'success', context: 'gitops/payments/dev' });
      // It watched rather than polled.
      expect(env.sim.requests.some((r) => r.query.includes('watch=1') && r.query.includes('fieldSelector=metadata.name%3Dpayments'))).toBe(true);
    } finally {
      await teardown(env);
    }
  });

  it.concurrent('Kustomization: fails on HealthCheckFailed (and BuildFailed) once our revision was attempted', async () => {
    const env = await setup();
    try {
      const sha = await push(env, 'v1.2.0-bad');
      const res = await waitHealthy({
        gate: gate(env, 'Kustomization', 'payments'),
        revision: sha,
        timeoutMs: 15_000,
        pollIntervalMs: 500,
        reporter: capture().reporter,
      });
      const failedAt = env.sim.transitions.find((t) => t.name === 'payments' && t.reason === 'HealthCheckFailed')!.at;
      expect(res.outcome).toBe('failed');
      expect(res.reason).toMatch(/^Ready=False \(HealthCheckFailed\) at [0-9a-f]{7}: health check failed/);
      expect(failedAt).toBeDefined(); // 'failed' (not 'timed-out') is the fail-fast; how fast is bench/'s job
      const sha2 = await push(env, 'v1.2.1-nobuild');
      const res2 = await waitHealthy({
        gate: gate(env, 'Kustomization', 'payments'),
        revision: sha2,
        timeoutMs: 15_000,
        pollIntervalMs: 500,
        reporter: capture().reporter,
      });
      expect(res2.reason).toMatch(/BuildFailed/);
    } finally {
      await teardown(env);
    }
  });

  it.concurrent('HelmRelease (reconcileStrategy Revision): passes at ours, fails on UpgradeFailed / Stalled', async () => {
    const env = await setup();
    try {
      const sha = await push(env, 'v1.3.0');
      const ok = await waitHealthy({
        gate: gate(env, 'HelmRelease', 'payments-hr'),
        revision: sha,
        timeoutMs: 15_000,
        pollIntervalMs: 500,
        reporter: capture().reporter,
      });
      expect(ok.healthy).toBe(true);
      expect(ok.revision).toBe(`0.1.0+${sha.slice(0, 12)}`);
      expect(Date.now()).toBeGreaterThanOrEqual(env.sim.readyAt('payments-hr', sha)!);
      const bad = await push(env, 'v1.4.0-bad');
      const res = await waitHealthy({
        gate: gate(env, 'HelmRelease', 'payments-hr'),
        revision: bad,
        timeoutMs: 15_000,
        pollIntervalMs: 500,
        reporter: capture().reporter,
      });
      expect(res.outcome).toBe('failed');
      expect(res.health).toBe('Stalled');
      expect(res.reason).toBe(
        `upgrade to 0.1.0+${bad.slice(0, 12)} failed (context deadline exceeded); helm-controller gave up (RetriesExceeded: Failed to upgrade after 1 attempt(s))`,
      );
    } finally {
      await teardown(env);
    }
  });

  it.concurrent(
    'HelmRelease without the revision in its chart version: requests a reconcile with the source first and passes when it was handled',
    async () => {
      const env = await setup({ repoPollMs: 0 });
      try {
        const sha = await commit(env, 'v1.5.0');
        const out = capture();
        const res = await waitHealthy({
          gate: gate(env, 'HelmRelease', 'plain-hr', { reconcile: true }),
          revision: sha,
          timeoutMs: 15_000,
          pollIntervalMs: 300,
          reporter: out.reporter,
        });
        expect(res.healthy).toBe(true);
        const patches = env.sim.requests.filter((r) => r.method === 'PATCH').map((r) => r.path);
        expect(patches).toEqual([
          '/apis/source.toolkit.fluxcd.io/v1/namespaces/flux-system/gitrepositories/env',
          '/apis/helm.toolkit.fluxcd.io/v2/namespaces/flux-system/helmreleases/plain-hr',
        ]);
        const hr = env.sim.get('HelmRelease', 'plain-hr');
        expect(hr.status.lastHandledReconcileAt).toBe(hr.metadata.annotations?.['reconcile.fluxcd.io/requestedAt']);
        expect(Date.now()).toBeGreaterThanOrEqual(env.sim.readyAt('plain-hr', sha)!);
        // Without reconcile it cannot tell our release apart: it waits (and says why) instead of passing.
        const sha2 = await commit(env, 'v1.6.0');
        await env.sim.notify();
        const waited = await waitHealthy({
          gate: gate(env, 'HelmRelease', 'plain-hr'),
          revision: sha2,
          timeoutMs: 2500,
          pollIntervalMs: 300,
          reporter: capture().reporter,
        });
        expect(waited.outcome).toBe('timed-out');
        expect(waited.reason).toMatch(/does not carry the source revision: enable reconcile/);
      } finally {
        await teardown(env);
      }
    },
  );

  it.concurrent('Kustomization with reconcile on a source that only fetches when asked', async () => {
    const env = await setup({ repoPollMs: 0 });
    try {
      const sha = await commit(env, 'v1.7.0');
      const res = await waitHealthy({
        gate: gate(env, 'Kustomization', 'payments', { reconcile: true }),
        revision: sha,
        timeoutMs: 15_000,
        pollIntervalMs: 300,
        reporter: capture().reporter,
      });
      expect(res.healthy).toBe(true);
      expect(env.sim.requests.filter((r) => r.method === 'PATCH')).toHaveLength(2);
    } finally {
      await teardown(env);
    }
  });

  it.concurrent('falls back to polling when watch is refused; re-lists after 410 Gone; survives an outage', async () => {
    const env = await setup({ watch: false });
    try {
      const sha = await push(env, 'v1.8.0');
      const out = capture();
      const res = await waitHealthy({
        gate: gate(env, 'Kustomization', 'payments'),
        revision: sha,
        timeoutMs: 15_000,
        pollIntervalMs: 200,
        reporter: out.reporter,
      });
      expect(res.healthy).toBe(true);
      expect(out.lines.some((l) => /watch unavailable \(HTTP 405\); polling/.test(l))).toBe(true);
    } finally {
      await teardown(env);
    }
    const env2 = await setup({ eventWindow: 1, sourceDelayMs: 700 });
    try {
      const sha = await push(env2, 'v1.9.0');
      const out = capture();
      setTimeout(() => env2.sim.outage(1200), 300);
      const res = await waitHealthy({
        gate: gate(env2, 'Kustomization', 'payments'),
        revision: sha,
        timeoutMs: 15_000,
        pollIntervalMs: 300,
        reporter: out.reporter,
      });
      expect(res.healthy).toBe(true);
      expect(out.lines.some((l) => /warn: Kubernetes API unavailable/.test(l))).toBe(true);
      // Changes happened while the watch was down and the server kept only one event: 410 Gone, list again.
      expect(out.lines.some((l) => /debug: watch resourceVersion expired \(410 Gone\); listing again/.test(l))).toBe(true);
    } finally {
      await teardown(env2);
    }
  });

  it.concurrent('on timeout names the last state; 401 and 404 are plain errors without the token', async () => {
    const env = await setup({ healthDelayMs: 60_000 });
    try {
      const sha = await push(env, 'v2.0.0');
      const res = await waitHealthy({
        gate: gate(env, 'Kustomization', 'payments'),
        revision: sha,
        timeoutMs: 2500,
        pollIntervalMs: 300,
        reporter: capture().reporter,
      });
      expect(res.outcome).toBe('timed-out');
      expect(res.reason).toMatch(/last state: Progressing \/ Synced @ [0-9a-f]{7} \(op Progressing\) — Running health checks/);
      const wrong = 'Wrong-kube-token-zzzz1111';
      const cfg = await writeKubeconfig(join(env.root, 'acme'), { server: env.sim.url, token: wrong });
      const out = capture();
      const e401 = await waitHealthy({ gate: gate(env, 'Kustomization', 'payments', { kubeconfig: cfg }), timeoutMs: 3000, reporter: out.reporter }).catch(
        (e: unknown) => e,
      );
      expect(e401).toBeInstanceOf(RemoteError);
      expect(String((e401 as Error).message)).toMatch(/rejected the credentials from kubeconfig context 'sandbox' \(HTTP 401\)/);
      expect(String(e401) + out.all()).not.toContain(wrong);
      const e404 = await waitHealthy({ gate: gate(env, 'Kustomization', 'nope'), timeoutMs: 3000, reporter: capture().reporter }).catch((e: unknown) => e);
      expect((e404 as RemoteError).userMessage).toMatch(/Kustomization flux-system\/nope not found \(HTTP 404\).*--flux-name/);
    } finally {
      await teardown(env);
    }
  });
});

describe('Kubernetes connection', () => {
  it('reads the in-cluster service account (token file + CA, KUBERNETES_SERVICE_HOST/PORT)', async () => {
    const dir = await tempDir();
    try {
      await mkdir(join(dir, 'sa'));
      await writeFile(join(dir, 'sa', 'token'), 'sa-token-abc\n');
      await writeFile(join(dir, 'sa', 'ca.crt'), 'PEM');
      const c = loadKubeConnection({ env: { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' }, serviceAccountDir: join(dir, 'sa') });
      expect(c.server).toBe('https://10.0.0.1:443');
      expect(c.token()).toBe('sa-token-abc');
      expect(String(c.tls.ca)).toBe('PEM');
      const v6 = loadKubeConnection({ env: { KUBERNETES_SERVICE_HOST: 'fd00::1' }, serviceAccountDir: join(dir, 'sa') });
      expect(v6.server).toBe('https://[fd00::1]:443');
      expect(() => loadKubeConnection({ env: { HOME: dir }, serviceAccountDir: join(dir, 'none') })).toThrow(InputError);
      await writeFile(
        join(dir, 'exec.yaml'),
        'current-context: c\ncontexts: [{name: c, context: {cluster: k, user: u}}]\nclusters: [{name: k, cluster: {server: "https://k"}}]\nusers: [{name: u, user: {exec: {command: aws}}}]\n',
      );
      expect(() => loadKubeConnection({ kubeconfig: join(dir, 'exec.yaml') })).toThrow(/exec\/auth-provider plugin/);
      const kc = await writeKubeconfig(dir, { server: 'https://k.example:6443/', token: 'tok-1234' });
      const fromList = loadKubeConnection({ env: { KUBECONFIG: `/nonexistent:${kc}` } });
      expect(fromList.server).toBe('https://k.example:6443');
      expect(fromList.token()).toBe('tok-1234');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('evaluateFluxObject', () => {
  const SHA = 'c'.repeat(40);
  const ks = (over: Partial<NonNullable<FluxObject['status']>>, generation = 2): FluxObject => ({
    metadata: { name: 'x', generation },
    status: {
      observedGeneration: 2,
      lastAppliedRevision: `main@sha1:${SHA}`,
      lastAttemptedRevision: `main@sha1:${SHA}`,
      conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'Applied' }],
      ...over,
    },
  });
  it('requires observedGeneration to be current', () => {
    expect(evaluateFluxObject(ks({}), { kind: 'Kustomization', revision: SHA }).verdict).toBe('pass');
    expect(evaluateFluxObject(ks({}, 3), { kind: 'Kustomization', revision: SHA })).toMatchObject({
      verdict: 'wait',
      reason: 'waiting for observedGeneration 3 (is 2)',
    });
  });
  it('does not fail on a terminal reason of an older attempt', () => {
    const old = ks({
      lastAttemptedRevision: 'main@sha1:' + 'd'.repeat(40),
      lastAppliedRevision: 'main@sha1:' + 'e'.repeat(40),
      conditions: [{ type: 'Ready', status: 'False', reason: 'HealthCheckFailed' }],
    });
    expect(evaluateFluxObject(old, { kind: 'Kustomization', revision: SHA }).verdict).toBe('wait');
  });
});
