import { rm } from 'node:fs/promises';
import { ArgoCdSimulator, commitFiles, createBareRepo, tempDir, type ArgoSimOptions } from '@gitops-actions/sandbox';
import { RemoteError } from '../../src/errors.js';
import { ArgoCdGate, evaluateArgoApp, type ArgoApplication } from '../../src/health/index.js';
import { waitHealthy } from '../../src/verbs/wait-healthy.js';
import { capture, fakeRecorder } from './helpers.js';
import { gateModules } from '../../src/health/factory.js';

// The tests below run concurrently: jest refuses a dynamic import while it counts itself between two
// tests, which it does whenever one concurrent test ends. Load the gates once, before any test starts.
beforeAll(() => Promise.all(Object.values(gateModules).map((load) => load())));

const TOKEN = 'argo-Secret-Token-0123456789';
const FILE = 'overlays/dev/payments/values.yaml';
const values = (tag: string) => `image:\n  repository: ghcr.io/acme/payments\n  tag: ${tag}\n`;

interface Env {
  root: string;
  repo: string;
  sim: ArgoCdSimulator;
}

async function setup(opts: Partial<ArgoSimOptions> = {}, app: Partial<ArgoSimOptions['apps'][number]> = {}): Promise<Env> {
  const root = await tempDir();
  const repo = await createBareRepo(root, 'acme/env', { [FILE]: values('v1.0.0'), 'overlays/dev/other/values.yaml': values('v0.1.0') });
  const sim = await new ArgoCdSimulator({
    token: TOKEN,
    refreshDelayMs: 300,
    syncDelayMs: 200,
    healthDelayMs: 200,
    staleAfterSyncMs: 150,
    // No branch polling: push() tells the simulator, so its timeline starts when push() returns, however long git
    // took under load, and the timers a test sets after push() keep their order against the simulator's.
    repoPollMs: 0,
    ...opts,
    apps: [{ name: 'payments-dev', repo, path: 'overlays/dev/payments', badTag: /-bad$/, failTag: /-broken$/, ...app }],
  }).start();
  return { root, repo, sim };
}

async function teardown(env: Env): Promise<void> {
  await env.sim.stop();
  await rm(env.root, { recursive: true, force: true });
}

const gateOf = (env: Env, extra: Record<string, unknown> = {}) => ({
  kind: 'argocd' as const,
  server: env.sim.url,
  app: 'payments-dev',
  env: { ARGOCD_AUTH_TOKEN: TOKEN },
  ...extra,
});

async function push(env: Env, tag: string): Promise<string> {
  const sha = await commitFiles(env.repo, 'main', { [FILE]: values(tag) }, `dev(payments): ${tag}`);
  await env.sim.notify();
  return sha;
}

describe('Argo CD gate against the simulator', () => {
  // Tests run concurrently (each has its own repo and simulator) to keep the suite short; the
  // slow one is the real 30 s outage.
  it.concurrent(
    'rides out a real 30 s outage (15 s connection refused, then 15 s of 503) and passes at our revision',
    async () => {
      const env = await setup({ refreshDelayMs: 1000, syncDelayMs: 500, healthDelayMs: 500 });
      try {
        const sha = await push(env, 'v3.0.0');
        const out = capture();
        setTimeout(() => env.sim.outage(15_000, 'refused'), 300);
        setTimeout(() => env.sim.outage(15_000, 'unavailable'), 15_300);
        const started = Date.now();
        const res = await waitHealthy({ gate: gateOf(env), revision: sha, timeoutMs: 50_000, pollIntervalMs: 2000, reporter: out.reporter });
        expect(res.healthy).toBe(true);
        expect(res.revision).toBe(sha);
        expect(res.elapsedMs).toBeGreaterThan(30_000);
        expect(out.lines.filter((l) => l.startsWith('warn: Argo CD unavailable'))).toHaveLength(1);
        expect(out.lines.some((l) => /warn: Argo CD reachable again after 3\d\.\ds/.test(l))).toBe(true);
        // Backoff is capped at the poll interval: the API is not hammered while it is down.
        const during = env.sim.requests.filter((r) => r.at > started + 15_300 && r.at < started + 30_000);
        expect(during.length).toBeLessThan(20);
      } finally {
        await teardown(env);
      }
    },
    60_000,
  );
  it.concurrent('never passes on the stale status (Healthy+Synced at the old revision for seconds), then passes at ours', async () => {
    const env = await setup({ refreshDelayMs: 2500, staleAfterSyncMs: 400 });
    try {
      const sha = await push(env, 'v1.1.0');
      const out = capture();
      const rec = fakeRecorder();
      const res = await waitHealthy({
        gate: gateOf(env),
        revision: sha,
        timeoutMs: 20_000,
        pollIntervalMs: 500,
        reporter: out.reporter,
        record: { repo: rec.repo, commit: sha, context: 'gitops/payments/dev' },
      });
      const passedAt = Date.now();
      expect(res.healthy).toBe(true);
      expect(res.outcome).toBe('passed');
      expect(res.revision).toBe(sha);
      expect(res.health).toBe('Healthy');
      expect(res.sync).toBe('Synced');
      const healthyAt = env.sim.healthyAt('payments-dev', sha);
      expect(healthyAt).toBeDefined();
      expect(passedAt).toBeGreaterThanOrEqual(healthyAt!);
      // Progress lines: one per state change, with elapsed time and short revision.
      const infos = out.infos();
      expect(infos.some((l) => /^\[\d+\.\ds\] Healthy \/ Synced @ [0-9a-f]{7} \(op Succeeded\)$/.test(l))).toBe(true);
      expect(infos.some((l) => l.includes(`Healthy / OutOfSync @ ${sha.slice(0, 7)}`))).toBe(true);
      expect(infos.some((l) => l.includes(`Progressing / Synced @ ${sha.slice(0, 7)}`))).toBe(true);
      expect(infos.some((l) => l.includes('(op Running)'))).toBe(true);
      const stateLines = infos.filter((l) => /^\[/.test(l));
      const states = stateLines.map((l) => l.replace(/^\[[^\]]+\] /, ''));
      // One line per change: never the same state twice in a row.
      expect(states.every((s, i) => i === 0 || s !== states[i - 1])).toBe(true);
      // The stale window after the sync (Healthy at ours before the refresh) is printed but not trusted.
      expect(states.filter((s) => s.startsWith(`Healthy / Synced @ ${sha.slice(0, 7)}`)).length).toBeGreaterThanOrEqual(1);
      expect(out.lines.some((l) => l.startsWith('summary: ') && l.includes('| result | ✅ healthy |'))).toBe(true);
      expect(out.masked).toContain(TOKEN);
      expect(out.all()).not.toContain(TOKEN);
      expect(rec.recorded).toEqual([
        {
          commit: sha,
          v: expect.objectContaining({ context: 'gitops/payments/dev', state: 'success', targetUrl: `${env.sim.url}/applications/payments-dev` }),
        },
      ]);
    } finally {
      await teardown(env);
    }
  });

  it.concurrent('fails within a second or two of Degraded being reported, and records the failure', async () => {
    const env = await setup();
    try {
      const sha = await push(env, 'v1.2.0-bad');
      const out = capture();
      const rec = fakeRecorder();
      const res = await waitHealthy({
        gate: gateOf(env),
        revision: sha,
        timeoutMs: 30_000,
        pollIntervalMs: 1000,
        reporter: out.reporter,
        record: { repo: rec.repo, commit: sha, context: 'gitops/payments/dev' },
      });
      const done = Date.now();
      expect(res.healthy).toBe(false);
      expect(res.outcome).toBe('failed');
      expect(res.health).toBe('Degraded');
      expect(res.reason).toMatch(/Degraded at [0-9a-f]{7}: .*progress deadline/);
      const degradedAt = env.sim.transitions.find((t) => t.health === 'Degraded' && t.revision === sha)!.at;
      expect(done - degradedAt).toBeLessThan(2000);
      expect(out.infos().some((l) => /Deployment payments-dev\/payments-dev: Degraded — Deployment "payments" exceeded/.test(l))).toBe(true);
      expect(rec.recorded[0]?.v.state).toBe('failure');
    } finally {
      await teardown(env);
    }
  });

  it.concurrent('fails fast when the sync operation fails', async () => {
    const env = await setup();
    try {
      const sha = await push(env, 'v1.3.0-broken');
      const res = await waitHealthy({ gate: gateOf(env), revision: sha, timeoutMs: 30_000, pollIntervalMs: 1000, reporter: capture().reporter });
      expect(res.outcome).toBe('failed');
      expect(res.reason).toMatch(/sync operation for [0-9a-f]{7} Failed: one or more objects failed to apply/);
      // 'failed', not 'timed-out': it did not sit out its 30 s (no wall-clock bound: the machine may be loaded).
    } finally {
      await teardown(env);
    }
  });

  it.concurrent('on timeout names the last state seen', async () => {
    const env = await setup({ healthDelayMs: 60_000 });
    try {
      const sha = await push(env, 'v1.4.0');
      const out = capture();
      const rec = fakeRecorder();
      const res = await waitHealthy({
        gate: gateOf(env),
        revision: sha,
        timeoutMs: 2500,
        pollIntervalMs: 500,
        reporter: out.reporter,
        record: { repo: rec.repo, commit: sha, context: 'c' },
      });
      expect(res.outcome).toBe('timed-out');
      expect(res.healthy).toBe(false);
      expect(res.reason).toMatch(new RegExp(`^timed out after 2\\.\\ds; last state: Progressing / Synced @ ${sha.slice(0, 7)} \\(op Succeeded\\)`));
      expect(res.reason).toContain('waiting for Healthy (Progressing)');
      expect(res.lastState?.health).toBe('Progressing');
      expect(res.lastState?.resources[0]).toMatchObject({ kind: 'Deployment', health: 'Progressing' });
      expect(rec.recorded[0]?.v.state).toBe('failure');
    } finally {
      await teardown(env);
    }
  });

  it.concurrent('survives a dropped stream (reconnects) and a 3 s outage (503 then connection refused)', async () => {
    // The simulator and these timers share one event loop, so their order holds however loaded the machine is: the
    // drops, then both outages, all end before the simulator even sees the push (refresh at 5 s).
    const env = await setup({ refreshDelayMs: 5000 });
    try {
      const sha = await push(env, 'v1.5.0');
      const out = capture();
      const drops = setInterval(() => env.sim.dropStreams(), 400);
      setTimeout(() => clearInterval(drops), 1200);
      setTimeout(() => env.sim.outage(1500, 'unavailable'), 1300);
      setTimeout(() => env.sim.outage(1500, 'refused'), 2900);
      const res = await waitHealthy({ gate: gateOf(env), revision: sha, timeoutMs: 30_000, pollIntervalMs: 500, reporter: out.reporter });
      const passedAt = Date.now();
      clearInterval(drops);
      expect(res.healthy).toBe(true);
      expect(passedAt).toBeGreaterThanOrEqual(env.sim.healthyAt('payments-dev', sha)!);
      expect(out.lines.some((l) => /warn: Argo CD unavailable/.test(l))).toBe(true);
      expect(out.lines.some((l) => /warn: Argo CD reachable again/.test(l))).toBe(true);
      expect(env.sim.requests.filter((r) => r.path === '/api/v1/stream/applications').length).toBeGreaterThan(2);
    } finally {
      await teardown(env);
    }
  });

  it.concurrent('falls back to polling when streaming is unavailable, still without passing early', async () => {
    const env = await setup({ stream: false, refreshDelayMs: 1500 });
    try {
      const sha = await push(env, 'v1.6.0');
      const out = capture();
      const res = await waitHealthy({ gate: gateOf(env), revision: sha, timeoutMs: 20_000, pollIntervalMs: 200, reporter: out.reporter });
      expect(res.healthy).toBe(true);
      expect(Date.now()).toBeGreaterThanOrEqual(env.sim.healthyAt('payments-dev', sha)!);
      expect(out.lines.some((l) => /streaming unavailable \(HTTP 404\); polling/.test(l))).toBe(true);
    } finally {
      await teardown(env);
    }
  });

  it.concurrent('multi-source apps pass only when every revision is ours (repoURL filter for fixed chart sources)', async () => {
    const root = await tempDir();
    const repo = await createBareRepo(root, 'acme/env', { [FILE]: values('v1.0.0') });
    const sim = await new ArgoCdSimulator({
      token: TOKEN,
      refreshDelayMs: 800,
      syncDelayMs: 200,
      healthDelayMs: 200,
      apps: [
        {
          name: 'multi',
          repo,
          path: 'overlays/dev/payments',
          repoURL: 'https://git.example.com/acme/env.git',
          sources: [{ follow: true }, { follow: true, ref: 'values' }],
        },
        {
          name: 'mixed',
          repo,
          path: 'overlays/dev/payments',
          repoURL: 'https://git.example.com/acme/env.git',
          sources: [
            { follow: false, repoURL: 'https://charts.example.com', chart: 'payments', targetRevision: '1.4.0' },
            { follow: true, ref: 'values' },
          ],
        },
      ],
    }).start();
    try {
      const sha = await commitFiles(repo, 'main', { [FILE]: values('v2.0.0') }, 'v2');
      const [a, b] = await Promise.all([
        waitHealthy({
          gate: { kind: 'argocd', server: sim.url, app: 'multi', token: TOKEN },
          revision: sha,
          timeoutMs: 15_000,
          pollIntervalMs: 300,
          reporter: capture().reporter,
        }),
        waitHealthy({
          gate: { kind: 'argocd', server: sim.url, app: 'mixed', token: TOKEN, repoURL: 'https://git.example.com/acme/env' },
          revision: sha,
          timeoutMs: 15_000,
          pollIntervalMs: 300,
          reporter: capture().reporter,
        }),
      ]);
      expect(a.healthy).toBe(true);
      expect(a.lastState?.revisions).toEqual([sha, sha]);
      expect(Date.now()).toBeGreaterThanOrEqual(sim.healthyAt('multi', sha)!);
      expect(b.healthy).toBe(true);
      expect(b.lastState?.revisions).toEqual(['1.4.0', sha]);
      // Without the repoURL filter the fixed chart revision never equals ours: times out.
      const c = await waitHealthy({
        gate: { kind: 'argocd', server: sim.url, app: 'mixed', token: TOKEN },
        revision: sha,
        timeoutMs: 800,
        pollIntervalMs: 200,
        reporter: capture().reporter,
      });
      expect(c.outcome).toBe('timed-out');
    } finally {
      await sim.stop();
      await rm(root, { recursive: true, force: true });
    }
  });

  it.concurrent('fails after the Missing grace period', async () => {
    const env = await setup({}, { missing: true });
    try {
      const res = await waitHealthy({ gate: gateOf(env, { missingGraceMs: 700 }), timeoutMs: 10_000, pollIntervalMs: 200, reporter: capture().reporter });
      expect(res.outcome).toBe('failed');
      expect(res.reason).toMatch(/^Missing for \ds/);
    } finally {
      await teardown(env);
    }
  });

  it.concurrent('Suspended is configurable', async () => {
    const env = await setup({}, { suspended: true });
    try {
      const sha = await push(env, 'v1.7.0');
      const failRes = await waitHealthy({
        gate: gateOf(env, { suspended: 'fail' }),
        revision: sha,
        timeoutMs: 10_000,
        pollIntervalMs: 200,
        reporter: capture().reporter,
      });
      expect(failRes.outcome).toBe('failed');
      expect(failRes.reason).toMatch(/^Suspended at/);
      const passRes = await waitHealthy({
        gate: gateOf(env, { suspended: 'pass' }),
        revision: sha,
        timeoutMs: 10_000,
        pollIntervalMs: 200,
        reporter: capture().reporter,
      });
      expect(passRes.healthy).toBe(true);
      const waitRes = await waitHealthy({ gate: gateOf(env), revision: sha, timeoutMs: 600, pollIntervalMs: 200, reporter: capture().reporter });
      expect(waitRes.outcome).toBe('timed-out');
    } finally {
      await teardown(env);
    }
  });

  it.concurrent('turns 401 / 403 into plain messages without the token, and masks it', async () => {
    const env = await setup();
    try {
      const out = capture();
      const bad = 'Wrong-Token-abcdef123456';
      const err401 = await waitHealthy({ gate: gateOf(env, { env: { ARGOCD_AUTH_TOKEN: bad } }), timeoutMs: 5000, reporter: out.reporter }).catch(
        (e: unknown) => e,
      );
      expect(err401).toBeInstanceOf(RemoteError);
      expect((err401 as RemoteError).userMessage).toMatch(/rejected the token \(HTTP 401\).*ARGOCD_AUTH_TOKEN/);
      expect(JSON.stringify(err401) + String(err401) + (err401 as Error).stack).not.toContain(bad);
      expect(out.masked).toContain(bad);

      const err403 = await waitHealthy({ gate: gateOf(env, { app: 'payments-prod' }), timeoutMs: 5000, reporter: out.reporter }).catch((e: unknown) => e);
      expect(err403).toBeInstanceOf(RemoteError);
      expect((err403 as RemoteError).userMessage).toMatch(/denied access to application 'payments-prod' \(HTTP 403\): it does not exist/);
      const errProj = await waitHealthy({ gate: gateOf(env, { project: 'team-b', appNamespace: 'argocd' }), timeoutMs: 5000, reporter: out.reporter }).catch(
        (e: unknown) => e,
      );
      expect((errProj as RemoteError).message).toMatch(/in project 'team-b' in namespace 'argocd'/);
      expect(out.all() + String(err403)).not.toContain(TOKEN);
      expect(out.all()).not.toContain(bad);
      expect(env.sim.requests.some((r) => r.query.includes('appNamespace=argocd') && r.query.includes('project=team-b'))).toBe(true);
    } finally {
      await teardown(env);
    }
  });

  it.concurrent('asks for a refresh with the first GET (hard on request) and records best effort', async () => {
    const env = await setup();
    try {
      const out = capture();
      const rec = fakeRecorder(true);
      const head = env.sim.application('payments-dev').status.sync.revision!;
      const res = await waitHealthy({
        gate: gateOf(env, { refresh: 'hard' }),
        revision: head,
        timeoutMs: 5000,
        reporter: out.reporter,
        record: { repo: rec.repo, commit: head, context: 'c' },
      });
      expect(res.healthy).toBe(true);
      expect(env.sim.requests[0]).toMatchObject({ path: '/api/v1/applications/payments-dev', query: '?refresh=hard' });
      expect(out.lines.some((l) => /warn: Could not record the verification on [0-9a-f]{7}: HTTP 500/.test(l))).toBe(true);
    } finally {
      await teardown(env);
    }
  });
});

describe('evaluateArgoApp', () => {
  const SHA = 'a'.repeat(40);
  const OLD = 'b'.repeat(40);
  const base = (over: Partial<NonNullable<ArgoApplication['status']>> = {}): ArgoApplication => ({
    metadata: { name: 'x' },
    status: {
      sync: { status: 'Synced', revision: SHA },
      health: { status: 'Healthy' },
      reconciledAt: '2026-01-01T00:00:10Z',
      operationState: { phase: 'Succeeded', finishedAt: '2026-01-01T00:00:05Z', syncResult: { revision: SHA } },
      ...over,
    },
  });

  it('passes only at our revision, op finished and refreshed after it', () => {
    expect(evaluateArgoApp(base(), { revision: SHA }, {}, 0).verdict).toBe('pass');
    expect(evaluateArgoApp(base(), { revision: SHA.slice(0, 7) }, {}, 0).verdict).toBe('pass');
    expect(evaluateArgoApp(base({ sync: { status: 'Synced', revision: OLD } }), { revision: SHA }, {}, 0).reason).toMatch(
      /waiting for Argo CD to report aaaaaaa \(reports bbbbbbb\)/,
    );
    const stale = base({ reconciledAt: '2026-01-01T00:00:04Z' });
    expect(evaluateArgoApp(stale, { revision: SHA }, {}, 0)).toMatchObject({
      verdict: 'wait',
      reason: 'waiting for a refresh after the sync operation finished',
    });
    const running = { ...base({ operationState: { phase: 'Running', syncResult: { revision: SHA } } }), operation: { sync: {} } };
    expect(evaluateArgoApp(running, { revision: SHA }, {}, 0).verdict).toBe('wait');
  });

  it('does not fail on Degraded of the old revision (our push may be the fix) nor on stale Degraded', () => {
    const oldDegraded = base({
      sync: { status: 'Synced', revision: OLD },
      health: { status: 'Degraded' },
      operationState: { phase: 'Succeeded', finishedAt: '2026-01-01T00:00:05Z', syncResult: { revision: OLD } },
    });
    expect(evaluateArgoApp(oldDegraded, { revision: SHA }, {}, 0).verdict).toBe('wait');
    const staleDegraded = base({ health: { status: 'Degraded' }, reconciledAt: '2026-01-01T00:00:04Z' });
    expect(evaluateArgoApp(staleDegraded, { revision: SHA }, {}, 0).verdict).toBe('wait');
  });

  it('honours the Degraded grace period', () => {
    const mem = {};
    const degraded = base({ health: { status: 'Degraded', message: 'crashloop' } });
    expect(evaluateArgoApp(degraded, { revision: SHA, degradedGraceMs: 1000 }, mem, 0).verdict).toBe('wait');
    expect(evaluateArgoApp(degraded, { revision: SHA, degradedGraceMs: 1000 }, mem, 999).verdict).toBe('wait');
    expect(evaluateArgoApp(degraded, { revision: SHA, degradedGraceMs: 1000 }, mem, 1000)).toMatchObject({
      verdict: 'fail',
      reason: 'Degraded at aaaaaaa: crashloop',
    });
  });

  it('accepts a commit that did not change the app (Synced at ours, last operation for an older revision)', () => {
    const noop = base({ operationState: { phase: 'Succeeded', finishedAt: '2026-01-01T00:00:05Z', syncResult: { revision: OLD } } });
    expect(evaluateArgoApp(noop, { revision: SHA }, {}, 0).verdict).toBe('pass');
  });
});

describe('ArgoCdGate input', () => {
  it('rejects credentials in the server URL and empty names', () => {
    expect(() => new ArgoCdGate({ server: 'https://u:p@argocd.example.com', app: 'x' })).toThrow(/must not carry credentials/);
    expect(() => new ArgoCdGate({ server: 'argocd.example.com', app: '' })).toThrow(/name is empty/);
    expect(new ArgoCdGate({ server: 'argocd.example.com:8443', app: 'x', env: {} }).targetUrl).toBe('https://argocd.example.com:8443/applications/x');
  });
});
