/**
 * The health gate through every face against the Argo CD simulator that follows a real env
 * repo: promote → wait-healthy passes at *that* commit and records it (git note) → a bad tag
 * fails fast → rollback-on-failure puts the last verified tag back and the job still fails.
 */
import { rm } from 'node:fs/promises';
import {
  commitFiles,
  createBareRepo,
  git,
  showFile,
  startArgoCdSimulator,
  startHealthEndpoint,
  startKubeSimulator,
  tempDir,
  writeKubeconfig,
  type ArgoCdSimulator,
} from '@gitops-actions/sandbox';
import { createEnvRepo } from './support/env-repo.js';
import { runAction, runCli } from './support/faces.js';
import { CLI_INPUT, dotenvReport, gitlabProject, runJob } from './support/gitlab.js';

const ARGO_TOKEN = 'argocd-token-SECRET-4242';
const DEV = 'overlays/dev/payments/values.yaml';

async function notes(bare: string, sha: string): Promise<string> {
  return git(bare, ['notes', '--ref', 'gitops', 'show', sha]).catch(() => '');
}

describe('wait-healthy faces against the Argo CD simulator', () => {
  let root: string;
  let n = 0;
  const sims: ArgoCdSimulator[] = [];
  beforeAll(async () => {
    root = await tempDir();
  });
  afterAll(async () => {
    for (const s of sims) await s.stop();
    await rm(root, { recursive: true, force: true });
  });

  async function setup() {
    const bare = await createEnvRepo(root, `acme/health${++n}`);
    const sim = await startArgoCdSimulator({
      token: ARGO_TOKEN,
      refreshDelayMs: 400,
      syncDelayMs: 200,
      healthDelayMs: 200,
      apps: [{ name: 'payments-dev', repo: bare, path: 'overlays/dev/payments', badTag: /bad/ }],
    });
    sims.push(sim);
    return { bare, sim };
  }

  it('CLI: passes only at the pushed commit, records it, then fails fast on a bad tag and rolls back', async () => {
    const { bare, sim } = await setup();
    const env = { ARGOCD_AUTH_TOKEN: ARGO_TOKEN, ARGOCD_SERVER: sim.url };
    const promoted = await runCli(['promote', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--tag', 'v1.2.3', '--json']);
    expect(promoted.code).toBe(0);
    const good = promoted.json.commit as string;

    const gate = await runCli(['wait-healthy', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--timeout', '30s', '--json'], env);
    expect({ code: gate.code, err: gate.code ? gate.stderr : '' }).toEqual({ code: 0, err: '' });
    expect(gate.json).toMatchObject({ healthy: true, health: 'Healthy', sync: 'Synced', revision: good, expectedRevision: good, outcome: 'passed' });
    expect(gate.stderr + gate.stdout).not.toContain(ARGO_TOKEN);
    // The simulator said Healthy at `good` before the gate returned, never the other way round.
    expect(sim.healthyAt('payments-dev', good)).toBeDefined();
    expect(await notes(bare, good)).toContain('"context":"gitops/payments/dev"');
    expect(await notes(bare, good)).toContain('"state":"success"');

    const bad = await runCli(['promote', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--tag', 'v1.2.4-bad', '--json']);
    expect(bad.code).toBe(0);
    const started = Date.now();
    const failed = await runCli(
      ['wait-healthy', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--timeout', '60s', '--rollback-on-failure', '--json'],
      env,
    );
    expect(Date.now() - started).toBeLessThan(20_000); // fails fast, does not sit out the 60 s
    expect(failed.code).toBe(1);
    expect(failed.json).toMatchObject({
      healthy: false,
      health: 'Degraded',
      outcome: 'failed',
      rollback: { rolledBackTo: 'v1.2.3', from: 'v1.2.4-bad', changed: true },
    });
    expect(failed.stderr).toMatch(/^error: .*rolled back to v1\.2\.3/m);
    expect(await notes(bare, bad.json.commit)).toContain('"state":"failure"');
    expect(await showFile(bare, 'main', DEV)).toContain('tag: "v1.2.3"');
    expect((await git(bare, ['log', '-1', '--format=%s', 'main'])).trim()).toBe('rollback(dev payments) to v1.2.3');
  }, 90_000);

  it('CLI: a timeout names the last state; bad input exits 2', async () => {
    const { sim } = await setup();
    const env = { ARGOCD_AUTH_TOKEN: ARGO_TOKEN };
    // A revision Argo CD will never run: the gate must not pass on the Healthy status of another.
    const r = await runCli(
      ['wait-healthy', '--argocd-server', sim.url, '--argocd-app', 'payments-dev', '--revision', 'f'.repeat(40), '--timeout', '3s', '--json'],
      env,
    );
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ healthy: false, outcome: 'timed-out' });
    expect(r.stderr).toMatch(/Healthy \/ Synced/);
    const bad = await runCli(['wait-healthy', '--argocd-server', sim.url, '--argocd-app', 'payments-dev', '--timeout', 'soon'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: --timeout "soon" is not a duration/m);
    const none = await runCli(['wait-healthy', '--timeout', '1s'], env);
    expect(none.code).toBe(2);
  }, 30_000);

  it('CLI: Flux Kustomization through a kubeconfig, and the HTTP gate', async () => {
    const file = 'apps/dev/payments/values.yaml';
    const repo = await createBareRepo(root, `acme/flux${++n}`, { [file]: 'image:\n  tag: v1.0.0\n' });
    const kubeToken = 'kube-token-SECRET-777';
    const kube = await startKubeSimulator({
      repo,
      token: kubeToken,
      sourceDelayMs: 300,
      applyDelayMs: 100,
      healthDelayMs: 100,
      objects: [{ kind: 'Kustomization', name: 'payments', path: 'apps/dev/payments', badTag: /-bad$/ }],
    });
    try {
      const kubeconfig = await writeKubeconfig(root, { server: kube.url, token: kubeToken });
      const good = await commitFiles(repo, 'main', { [file]: 'image:\n  tag: v1.1.0\n' }, 'dev(payments): v1.1.0');
      const ok = await runCli([
        'wait-healthy',
        '--flux-kind',
        'Kustomization',
        '--flux-name',
        'payments',
        '--kubeconfig',
        kubeconfig,
        '--revision',
        good,
        '--timeout',
        '30s',
        '--poll-interval',
        '1s',
        '--json',
      ]);
      expect({ code: ok.code, err: ok.code ? ok.stderr : '' }).toEqual({ code: 0, err: '' });
      expect(ok.json).toMatchObject({ healthy: true, revision: `main@sha1:${good}` });
      expect(ok.stderr + ok.stdout).not.toContain(kubeToken);
      const bad = await commitFiles(repo, 'main', { [file]: 'image:\n  tag: v1.2.0-bad\n' }, 'dev(payments): v1.2.0-bad');
      const failed = await runCli([
        'wait-healthy',
        '--flux-kind',
        'Kustomization',
        '--flux-name',
        'payments',
        '--kubeconfig',
        kubeconfig,
        '--revision',
        bad,
        '--timeout',
        '30s',
        '--poll-interval',
        '1s',
        '--json',
      ]);
      expect(failed.code).toBe(1);
      expect(failed.json).toMatchObject({ healthy: false, outcome: 'failed' });
    } finally {
      await kube.stop();
    }

    const endpoint = await startHealthEndpoint();
    try {
      const r = await runCli(['wait-healthy', '--url', endpoint.url, '--successes', '2', '--poll-interval', '1s', '--timeout', '10s', '--json']);
      expect(r.code).toBe(0);
      expect(r.json).toMatchObject({ healthy: true, outcome: 'passed' });
    } finally {
      await endpoint.stop();
    }
  }, 90_000);

  it('action: outputs, masked token, failing step on Degraded', async () => {
    const { bare, sim } = await setup();
    const promoted = await runCli(['promote', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--tag', 'v1.2.3', '--json']);
    const r = await runAction('wait-healthy', {
      'argocd-server': sim.url,
      'argocd-token': ARGO_TOKEN,
      'env-repo': bare,
      forge: 'git',
      app: 'payments',
      env: 'dev',
      timeout: '30s',
    });
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ healthy: 'true', health: 'Healthy', sync: 'Synced', revision: promoted.json.commit, outcome: 'passed' });
    expect(r.stdout).toContain(`::add-mask::${ARGO_TOKEN}`);
    expect(r.stdout.replaceAll(`::add-mask::${ARGO_TOKEN}`, '')).not.toContain(ARGO_TOKEN);
    expect(r.summary).toMatch(/Healthy/);

    await runCli(['promote', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--tag', 'v1.2.5-bad']);
    const failed = await runAction('wait-healthy', {
      'argocd-server': sim.url,
      'argocd-token': ARGO_TOKEN,
      'env-repo': bare,
      forge: 'git',
      app: 'payments',
      env: 'dev',
      timeout: '30s',
      'rollback-on-failure': 'true',
    });
    expect(failed.code).toBe(1);
    expect(failed.outputs).toMatchObject({ healthy: 'false', health: 'Degraded', 'rolled-back-to': 'v1.2.3' });
    expect(failed.stdout).toMatch(/^::error::.*rolled back to v1\.2\.3/m);
    expect(await showFile(bare, 'main', DEV)).toContain('tag: "v1.2.3"');
  }, 90_000);

  it('GitLab template: wait-healthy with rollback-on-failure under gitlab-ci-local', async () => {
    const { bare, sim } = await setup();
    await runCli(['promote', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--tag', 'v1.2.3']);
    // Verified good release first, through the CLI.
    expect(
      (
        await runCli(['wait-healthy', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--timeout', '30s'], {
          ARGOCD_AUTH_TOKEN: ARGO_TOKEN,
          ARGOCD_SERVER: sim.url,
        })
      ).code,
    ).toBe(0);
    await runCli(['promote', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--tag', 'v1.3.0-bad']);

    const dir = await gitlabProject(`stages: [verify]
include:
  - local: templates/wait-healthy.yml
    inputs:
      argocd-server: ${sim.url}
      env-repo: ${bare}
      forge: git
      app: payments
      env: dev
      timeout: 30s
      rollback-on-failure: true
      cli: ${CLI_INPUT}
`);
    const r = await runJob(dir, 'wait-healthy', { ARGOCD_AUTH_TOKEN: ARGO_TOKEN });
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).not.toContain(ARGO_TOKEN);
    expect(await showFile(bare, 'main', DEV)).toContain('tag: "v1.2.3"');
    const dotenv = await dotenvReport(dir, 'wait-healthy', 'gitops-health.env');
    expect(dotenv).toContain('GITOPS_OUT_HEALTHY=false\n');
    expect(dotenv).toContain('GITOPS_OUT_ROLLED_BACK_TO=v1.2.3\n');
    await rm(dir, { recursive: true, force: true });
  }, 90_000);
});
