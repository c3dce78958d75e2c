/**
 * A busy env repo: another pipeline pushes an unrelated commit right after ours, and Argo CD /
 * Flux then report that newer commit, never ours. The gate accepts a reported revision that
 * provably contains our change to this environment's file (EnvRepo history), and still never an
 * older or stale one, nor one where the file was changed again.
 */
import { rm } from 'node:fs/promises';
import {
  commitFiles,
  createBareRepo,
  KubeSimulator,
  startArgoCdSimulator,
  tempDir,
  writeKubeconfig,
  type ArgoCdSimulator,
  type ArgoSimOptions,
} from '@gitops-actions/sandbox';
import { GitEnvRepo } from '../../src/envrepo/git.js';
import { RevisionAcceptance } from '../../src/health/accept.js';
import { evaluateArgoApp, reportedArgoRevisions, type ArgoApplication } from '../../src/health/index.js';
import { gateEnvironment } from '../../src/verbs/gate-environment.js';
import { waitHealthy } from '../../src/verbs/wait-healthy.js';
import { capture } from './helpers.js';
import { gateModules } from '../../src/health/factory.js';

// The tests below run concurrently: jest refuses a dynamic import while it counts itself between two
// tests, which it does whenever one concurrent test ends. Load the gates once, before any test starts.
beforeAll(() => Promise.all(Object.values(gateModules).map((load) => load())));

const TOKEN = 'argo-Accept-Token-0123456789';
const PAYMENTS = 'overlays/dev/payments/values.yaml';
const ORDERS = 'overlays/dev/orders/values.yaml';
const values = (tag: string) => `image:\n  repository: ghcr.io/acme/app\n  tag: ${tag}\n`;
const GITOPS_YAML = `apps:
  payments:
    image: ghcr.io/acme/payments
    environments:
      dev: { file: ${PAYMENTS}, key: image.tag, mode: push, argocd: payments-dev }
  orders:
    image: ghcr.io/acme/orders
    environments:
      dev: { file: ${ORDERS}, key: image.tag, mode: push, argocd: orders-dev }
`;

interface Env {
  root: string;
  bare: string;
  sim: ArgoCdSimulator;
  repo: GitEnvRepo;
}

/** The simulator checks the branch only when told (notify), so the test decides what it reports. */
async function setup(opts: Partial<ArgoSimOptions> = {}): Promise<Env> {
  const root = await tempDir();
  const bare = await createBareRepo(root, 'acme/env', { 'gitops.yaml': GITOPS_YAML, [PAYMENTS]: values('v1.0.0'), [ORDERS]: values('v0.1.0') });
  const sim = await startArgoCdSimulator({
    token: TOKEN,
    refreshDelayMs: 300,
    syncDelayMs: 200,
    healthDelayMs: 200,
    staleAfterSyncMs: 150,
    repoPollMs: 0,
    ...opts,
    apps: [{ name: 'payments-dev', repo: bare, path: 'overlays/dev/payments', badTag: /-bad$/ }],
  });
  const repo = await GitEnvRepo.open({ url: bare });
  return { root, bare, sim, repo };
}

/**
 * Tells the simulator about the branch only after the gate's first request: its timeline (stale windows included)
 * then starts while the gate is watching, however long the gate took to start on a loaded machine.
 */
async function notifiedOnceAsked<T>(env: Env, gating: Promise<T>): Promise<T> {
  while (env.sim.requests.length === 0) await new Promise((r) => setTimeout(r, 20));
  await env.sim.notify();
  return gating;
}

async function teardown(env: Env): Promise<void> {
  await env.repo.close();
  await env.sim.stop();
  await rm(env.root, { recursive: true, force: true });
}

const promotePayments = (env: Env, tag: string) => commitFiles(env.bare, 'main', { [PAYMENTS]: values(tag) }, `dev(payments): ${tag}`);
const promoteOrders = (env: Env, tag: string) => commitFiles(env.bare, 'main', { [ORDERS]: values(tag) }, `dev(orders): ${tag}`);

/** gateEnvironment as the faces call it, gate derived from gitops.yaml (argocd: payments-dev). */
function gateDerived(env: Env, revision: string, timeoutMs: number, reporter = capture().reporter, refresh = true) {
  return gateEnvironment({
    argocdServer: env.sim.url,
    argocdOptions: { env: { ARGOCD_AUTH_TOKEN: TOKEN }, ...(refresh ? {} : { refresh: false as const }) },
    envRepo: { repo: env.repo, app: 'payments', env: 'dev' },
    revision,
    timeoutMs,
    pollIntervalMs: 250,
    reporter,
  });
}

describe('gate accepts a newer revision that contains our change', () => {
  it.concurrent('Argo CD reports an unrelated newer commit (another app promoted right after us): passes, records ours', async () => {
    // The stale trap stays on: Healthy/Synced at the old revision for 1.5 s first.
    const env = await setup({ refreshDelayMs: 1500 });
    try {
      const ours = await promotePayments(env, 'v1.1.0');
      const theirs = await promoteOrders(env, 'v0.2.0');
      const out = capture();
      // Argo CD only ever sees the newer commit, and only once the gate has asked (it sees the old one first).
      const res = await notifiedOnceAsked(env, gateDerived(env, ours, 20_000, out.reporter));
      const passedAt = Date.now();
      expect(res).toMatchObject({ healthy: true, outcome: 'passed', health: 'Healthy', sync: 'Synced', revision: theirs, expectedRevision: ours });
      expect(res.reason).toContain(`(${theirs.slice(0, 7)} contains ${ours.slice(0, 7)})`);
      // Never before the simulator was settled and Healthy at the accepted revision (no stale pass).
      expect(env.sim.healthyAt('payments-dev', theirs)).toBeDefined();
      expect(passedAt).toBeGreaterThanOrEqual(env.sim.healthyAt('payments-dev', theirs)!);
      expect(env.sim.transitions.some((t) => t.revision === ours)).toBe(false);
      // The progress line says which revision was accepted, once.
      const accepting = out.infos().filter((l) => l.includes(`accepting ${theirs.slice(0, 7)}, which contains ${ours.slice(0, 7)}`));
      expect(accepting).toHaveLength(1);
      expect(accepting[0]).toMatch(/^\[\d+\.\ds\] accepting /);
      // The stale initial revision was asked about and refused.
      expect(out.lines.some((l) => /^debug: not accepting [0-9a-f]{7}: it does not contain/.test(l))).toBe(true);
      // The verification is recorded on the commit we pushed, not on the accepted one.
      expect(await env.repo.verifications(ours)).toEqual([expect.objectContaining({ context: 'gitops/payments/dev', state: 'success' })]);
      expect(await env.repo.verifications(theirs)).toEqual([]);
      expect(out.all()).not.toContain(TOKEN);
    } finally {
      await teardown(env);
    }
  });

  it.concurrent('gate and revision given by flags: the file is resolved from gitops.yaml only when needed', async () => {
    const env = await setup();
    try {
      const ours = await promotePayments(env, 'v1.1.0');
      const theirs = await promoteOrders(env, 'v0.2.0');
      await env.sim.notify();
      const res = await gateEnvironment({
        gate: { kind: 'argocd', server: env.sim.url, app: 'payments-dev', env: { ARGOCD_AUTH_TOKEN: TOKEN } },
        envRepo: { repo: env.repo, app: 'payments', env: 'dev' },
        revision: ours,
        timeoutMs: 15_000,
        pollIntervalMs: 250,
        reporter: capture().reporter,
      });
      expect(res).toMatchObject({ healthy: true, revision: theirs, expectedRevision: ours });
    } finally {
      await teardown(env);
    }
  });

  it.concurrent('every other rule still applies to the accepted revision: Degraded there fails fast', async () => {
    const env = await setup();
    try {
      const ours = await promotePayments(env, 'v1.1.0-bad');
      const theirs = await promoteOrders(env, 'v0.2.0');
      await env.sim.notify();
      const res = await gateDerived(env, ours, 15_000);
      expect(res).toMatchObject({ healthy: false, outcome: 'failed', health: 'Degraded', revision: theirs });
      expect(res.reason).toMatch(new RegExp(`^Degraded at ${theirs.slice(0, 7)}`));
      expect(await env.repo.verifications(ours)).toEqual([expect.objectContaining({ state: 'failure' })]);
    } finally {
      await teardown(env);
    }
  });

  it.concurrent('a revision OLDER than ours (Argo CD never saw our push) is not accepted: keeps waiting until the timeout', async () => {
    const env = await setup();
    try {
      const before = (await env.repo.head('main'))!;
      const ours = await promotePayments(env, 'v1.1.0');
      // No notify and no refresh: Argo CD keeps reporting `before`, Healthy and Synced.
      const out = capture();
      const res = await gateDerived(env, ours, 2500, out.reporter, false);
      expect(res).toMatchObject({ healthy: false, outcome: 'timed-out', health: 'Healthy', sync: 'Synced', revision: before });
      expect(res.reason).toContain(`waiting for Argo CD to report ${ours.slice(0, 7)}`);
      expect(out.infos().some((l) => l.includes('accepting'))).toBe(false);
      expect(out.lines.filter((l) => l.startsWith(`debug: not accepting ${before.slice(0, 7)}`))).toHaveLength(1);
      expect(await env.repo.verifications(ours)).toEqual([expect.objectContaining({ state: 'failure' })]);
    } finally {
      await teardown(env);
    }
  });

  it.concurrent('a newer revision where the same file was changed again (another tag) is not accepted', async () => {
    const env = await setup();
    try {
      const ours = await promotePayments(env, 'v1.1.0');
      await promoteOrders(env, 'v0.2.0');
      const replaced = await promotePayments(env, 'v1.2.0');
      await env.sim.notify();
      const out = capture();
      const res = await gateDerived(env, ours, 3000, out.reporter);
      expect(res).toMatchObject({ healthy: false, outcome: 'timed-out', revision: replaced });
      // It became Healthy at the other tag's commit and was still not accepted.
      expect(env.sim.healthyAt('payments-dev', replaced)).toBeDefined();
      expect(out.infos().some((l) => l.includes('accepting'))).toBe(false);
      expect(out.lines.some((l) => l.startsWith(`debug: not accepting ${replaced.slice(0, 7)}`))).toBe(true);
    } finally {
      await teardown(env);
    }
  });

  it.concurrent('stale status at a newer revision is still never trusted: no pass before Argo CD settled there', async () => {
    // Long stale window after the sync (reconciledAt < finishedAt, health from before).
    const env = await setup({ refreshDelayMs: 200, syncDelayMs: 300, staleAfterSyncMs: 1200, healthDelayMs: 300 });
    try {
      const ours = await promotePayments(env, 'v1.1.0');
      const theirs = await promoteOrders(env, 'v0.2.0');
      const out = capture();
      const res = await notifiedOnceAsked(env, gateDerived(env, ours, 15_000, out.reporter));
      const passedAt = Date.now();
      expect(res).toMatchObject({ healthy: true, revision: theirs });
      expect(passedAt).toBeGreaterThanOrEqual(env.sim.healthyAt('payments-dev', theirs)!);
      // The stale Healthy/Synced at the accepted revision was seen, and not trusted.
      const states = out.infos().filter((l) => /^\[[^\]]+\] Healthy \/ Synced @/.test(l));
      expect(states.length).toBeGreaterThanOrEqual(2);
    } finally {
      await teardown(env);
    }
  });

  it.concurrent('Flux Kustomization: lastAppliedRevision at an unrelated newer commit passes through gateEnvironment', async () => {
    const root = await tempDir();
    const FILE = 'apps/dev/payments/values.yaml';
    const bare = await createBareRepo(root, 'acme/env', { [FILE]: values('v1.0.0'), 'apps/dev/orders/values.yaml': values('v0.1.0') });
    const sim = await new KubeSimulator({
      repo: bare,
      sourceDelayMs: 300,
      applyDelayMs: 200,
      healthDelayMs: 200,
      repoPollMs: 0,
      objects: [{ kind: 'Kustomization', name: 'payments', path: 'apps/dev/payments' }],
    }).start();
    const repo = await GitEnvRepo.open({ url: bare });
    try {
      const kubeconfig = await writeKubeconfig(root, { server: sim.url });
      const ours = await commitFiles(bare, 'main', { [FILE]: values('v1.1.0') }, 'dev(payments): v1.1.0');
      const theirs = await commitFiles(bare, 'main', { 'apps/dev/orders/values.yaml': values('v0.2.0') }, 'dev(orders): v0.2.0');
      await sim.notify();
      const out = capture();
      const res = await gateEnvironment({
        gate: { kind: 'flux', fluxKind: 'Kustomization', name: 'payments', namespace: 'flux-system', kubeconfig },
        envRepo: { repo, app: 'payments', env: 'dev', overrides: { file: FILE } },
        revision: ours,
        timeoutMs: 15_000,
        pollIntervalMs: 250,
        reporter: out.reporter,
      });
      expect(res).toMatchObject({ healthy: true, revision: `main@sha1:${theirs}`, expectedRevision: ours });
      expect(Date.now()).toBeGreaterThanOrEqual(sim.readyAt('payments', theirs)!);
      expect(out.infos().some((l) => l.includes(`accepting ${theirs.slice(0, 7)}, which contains ${ours.slice(0, 7)}`))).toBe(true);
    } finally {
      await repo.close();
      await sim.stop();
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('RevisionAcceptance', () => {
  const E = 'e'.repeat(40);
  const R = 'a'.repeat(40);
  const S = 'b'.repeat(40);
  const opts = (accept: (r: string) => Promise<boolean>, logs: string[] = []) => ({
    revision: E,
    acceptRevision: accept,
    signal: new AbortController().signal,
    pollIntervalMs: 100,
    log: (level: string, m: string) => void logs.push(`${level}: ${m}`),
  });

  it('asks once per reported revision, with one call in flight, and caches the answer', async () => {
    const asked: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const acc = new RevisionAcceptance(
      opts(async (r) => {
        asked.push(r);
        await gate;
        return r === R;
      }),
    );
    const pending = [acc.resolveAll([R]), acc.resolveAll([R]), acc.resolveFirst([R])];
    release();
    expect(await Promise.all(pending)).toEqual([R, R, R]);
    expect(await acc.resolveAll([S])).toBe(E);
    expect(await acc.resolveAll([R])).toBe(R);
    expect(await acc.resolveAll([S])).toBe(E);
    expect(asked).toEqual([R, S]);
  });

  it('errors count as not accepted and log a debug line; the expected revision itself never asks', async () => {
    const logs: string[] = [];
    let calls = 0;
    const acc = new RevisionAcceptance(
      opts(async () => {
        calls++;
        throw new Error('HTTP 502 from the forge');
      }, logs),
    );
    expect(await acc.resolveAll([R])).toBe(E);
    expect(await acc.resolveAll([R])).toBe(E); // not retried at once
    expect(await acc.resolveAll([E])).toBe(E);
    expect(calls).toBe(1);
    expect(logs).toEqual([`debug: could not tell whether aaaaaaa contains eeeeeee (HTTP 502 from the forge); not accepting it`]);
  });

  it('multi-source: only when every compared entry is the same accepted revision', async () => {
    const acc = new RevisionAcceptance(opts(async () => true));
    expect(await acc.resolveAll([R, R])).toBe(R);
    expect(await acc.resolveAll([R, E])).toBe(E);
    expect(await acc.resolveAll([R, S])).toBe(E);
    expect(await acc.resolveAll([R, undefined])).toBe(E);
  });

  it('Flux: the newest candidate naming ours or accepted wins', async () => {
    const acc = new RevisionAcceptance(opts(async (r) => r === `main@sha1:${R}`));
    expect(await acc.resolveFirst([`main@sha1:${R}`, `main@sha1:${E}`])).toBe(`main@sha1:${R}`);
    expect(await acc.resolveFirst([`main@sha1:${S}`, `main@sha1:${R}`])).toBe(`main@sha1:${R}`);
    expect(await acc.resolveFirst([`main@sha1:${E}`, `main@sha1:${R}`])).toBe(E);
    expect(await acc.resolveFirst([`main@sha1:${S}`, undefined])).toBe(E);
  });

  it('the pure evaluator with the accepted revision as expected: reportedArgoRevisions feeds it', () => {
    const app: ArgoApplication = {
      status: {
        sync: { status: 'Synced', revision: R },
        health: { status: 'Healthy' },
        reconciledAt: '2026-01-01T00:00:10Z',
        operationState: { phase: 'Succeeded', finishedAt: '2026-01-01T00:00:05Z', syncResult: { revision: R } },
      },
    };
    expect(reportedArgoRevisions(app)).toEqual([R]);
    expect(evaluateArgoApp(app, { revision: E }, {}, Date.now()).verdict).toBe('wait');
    expect(evaluateArgoApp(app, { revision: R }, {}, Date.now()).verdict).toBe('pass');
  });

  it('waitHealthy without acceptRevision behaves as before: a newer commit is never accepted', async () => {
    const env = await setup();
    try {
      const ours = await promotePayments(env, 'v1.1.0');
      const theirs = await promoteOrders(env, 'v0.2.0');
      await env.sim.notify();
      const res = await waitHealthy({
        gate: { kind: 'argocd', server: env.sim.url, app: 'payments-dev', env: { ARGOCD_AUTH_TOKEN: TOKEN } },
        revision: ours,
        timeoutMs: 2500,
        pollIntervalMs: 250,
        reporter: capture().reporter,
      });
      expect(res).toMatchObject({ healthy: false, outcome: 'timed-out', revision: theirs });
    } finally {
      await teardown(env);
    }
  });
});
