/**
 * seeds/000's HelmRelease (`upgrade.remediation: {retries: 3, strategy: rollback}`) through the
 * bundled CLI and action, on the Kubernetes simulator that plays helm-controller's sequence:
 * upgrade → UpgradeFailed → rollback (Remediated=True) → retries → Stalled RetriesExceeded.
 * The gate fails as soon as Helm rolled our revision back (default), or waits for the retries
 * (--flux-retries wait) and then passes only when our chart version is history[0] and deployed.
 */
import { mkdir, rm } from 'node:fs/promises';
import {
  createBareRepo,
  git,
  showFile,
  startKubeSimulator,
  tempDir,
  writeKubeconfig,
  type KubeSimFluxObject,
  type KubeSimOptions,
  type KubeSimulator,
} from '@gitops-actions/sandbox';
import { envRepoFiles } from './support/env-repo.js';
import { runAction, runCli } from './support/faces.js';

const DEV = 'overlays/dev/payments/values.yaml';
const GITOPS_YAML = `apps:
  payments:
    image: ghcr.io/acme/payments
    environments:
      dev: { file: ${DEV}, key: image.tag, mode: push, flux: { kind: HelmRelease, name: payments-dev } }
`;
const KUBE_TOKEN = 'kube-token-SECRET-000';
const chart = (sha: string) => `0.1.0+${sha.slice(0, 12)}`;

describe('wait-healthy on a HelmRelease with Helm rollback remediation (seed 000)', () => {
  let root: string;
  let n = 0;
  const sims: KubeSimulator[] = [];
  beforeAll(async () => {
    root = await tempDir();
  });
  afterAll(async () => {
    for (const s of sims) await s.stop();
    await rm(root, { recursive: true, force: true });
  });

  async function setup(hr: Partial<KubeSimFluxObject>, sim: Partial<KubeSimOptions> = {}) {
    const bare = await createBareRepo(root, `acme/hr${++n}`, { ...envRepoFiles(), 'gitops.yaml': GITOPS_YAML });
    const kube = await startKubeSimulator({
      repo: bare,
      token: KUBE_TOKEN,
      sourceDelayMs: 200,
      applyDelayMs: 100,
      healthDelayMs: 300,
      // The source fetches when told (as with Flux's interval), after the gate is watching: on a
      // loaded machine the CLI's start-up must not hide the states the gate has to see.
      repoPollMs: 0,
      objects: [
        {
          kind: 'HelmRelease',
          name: 'payments-dev',
          path: 'overlays/dev/payments',
          badTag: /-bad$/,
          revisionInChart: true,
          remediation: { retries: 3, strategy: 'rollback' },
          ...hr,
        },
      ],
      ...sim,
    });
    sims.push(kube);
    await mkdir(`${root}/kc${n}`);
    const kubeconfig = await writeKubeconfig(`${root}/kc${n}`, { server: kube.url, token: KUBE_TOKEN });
    const repo = ['--env-repo', bare, '--app', 'payments', '--env', 'dev'];
    /** Run a gate; once it watches the HelmRelease, let the source fetch the pushed commit. */
    const gate = async <T>(run: () => Promise<T>): Promise<T> => {
      const since = Date.now();
      const result = run();
      const deadline = Date.now() + 60_000;
      while (!kube.requests.some((r) => r.at >= since && r.query.includes('watch=1')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await kube.notify();
      return result;
    };
    const promote = async (tag: string) => {
      const r = await runCli(['promote', ...repo, '--tag', tag, '--json']);
      expect(r.code).toBe(0);
      return r.json.commit as string;
    };
    // A verified release first: the last verified tag rollback-on-failure returns to.
    const good = await promote('v1.2.3');
    const ok = await gate(() => runCli(['wait-healthy', ...repo, '--kubeconfig', kubeconfig, '--timeout', '30s', '--json']));
    expect({ code: ok.code, err: ok.code ? ok.stderr : '' }).toEqual({ code: 0, err: '' });
    expect(ok.json).toMatchObject({ healthy: true, revision: chart(good) });
    return { bare, kube, kubeconfig, repo, promote, good, gate };
  }

  const notes = (bare: string, sha: string) => git(bare, ['notes', '--ref', 'gitops', 'show', sha]).catch(() => '');
  const firstAt = (kube: KubeSimulator, after: number, pick: (t: KubeSimulator['transitions'][number]) => boolean) =>
    kube.transitions.find((t) => t.name === 'payments-dev' && t.at >= after && pick(t))?.at;

  it('CLI, default: fails right after Helm rolled our upgrade back (retries left), names both; a later gate fails at once and rolls back', async () => {
    // The rollback takes a while (the gate waits for its outcome); the retry would come much later.
    const { bare, kube, kubeconfig, repo, promote, good, gate } = await setup({}, { rollbackDelayMs: 1500, retryDelayMs: 120_000 });
    const pushed = Date.now();
    const bad = await promote('v1.2.4-bad');
    const failed = await gate(() => runCli(['wait-healthy', ...repo, '--kubeconfig', kubeconfig, '--timeout', '60s', '--json']));
    const ended = Date.now();
    expect(failed.code).toBe(1);
    const message = `upgrade to ${chart(bad)} failed (context deadline exceeded); Helm rolled back to ${chart(good)}`;
    expect(failed.json).toMatchObject({ healthy: false, outcome: 'failed', health: 'Degraded', revision: chart(good), expectedRevision: bad });
    expect(failed.json.reason).toBe(`${message}; helm-controller will retry (3 of 3 retries left)`);
    expect(failed.stderr).toContain(`error: ${message}`);
    // The verdict came after Remediated=True, and soon after it (2 s on an idle machine; room for a loaded one).
    const remediatedAt = firstAt(kube, pushed, (t) => t.remediated === 'True')!;
    expect(remediatedAt).toBeDefined();
    expect(ended).toBeGreaterThanOrEqual(remediatedAt);
    expect(ended - remediatedAt).toBeLessThan(6000);
    expect(firstAt(kube, pushed, (t) => t.stalled === 'True')).toBeUndefined(); // retries were still left
    expect(failed.stderr + failed.stdout).not.toContain(KUBE_TOKEN);
    // A failed verification of our tag, recorded on its commit.
    expect(await notes(bare, bad)).toContain('"state":"failure"');
    expect(await notes(bare, bad)).toContain(message);

    // Started after the fact (the state is still Remediated=True): fails at once and rolls back.
    const again = await runCli(['wait-healthy', ...repo, '--revision', bad, '--kubeconfig', kubeconfig, '--timeout', '60s', '--rollback-on-failure', '--json']);
    expect(again.code).toBe(1);
    expect(again.json).toMatchObject({ outcome: 'failed', rollback: { from: 'v1.2.4-bad', rolledBackTo: 'v1.2.3', changed: true } });
    expect(again.stderr).toMatch(/^error: upgrade to .* failed .*rolled back to v1\.2\.3$/m);
    expect(await showFile(bare, 'main', DEV)).toContain('tag: "v1.2.3"');
  }, 120_000);

  it('CLI, GITOPS_FLUX_RETRIES=wait: waits through the retries and fails when helm-controller gives up (Stalled RetriesExceeded)', async () => {
    const { kube, kubeconfig, repo, promote, good, gate } = await setup(
      { remediation: { retries: 2, strategy: 'rollback' } },
      { rollbackDelayMs: 200, retryDelayMs: 100 },
    );
    const pushed = Date.now();
    const bad = await promote('v1.2.4-bad');
    const failed = await gate(() =>
      runCli(['wait-healthy', ...repo, '--kubeconfig', kubeconfig, '--timeout', '60s', '--json'], { GITOPS_FLUX_RETRIES: 'wait' }),
    );
    expect(failed.code).toBe(1);
    expect(failed.json.reason).toBe(
      `upgrade to ${chart(bad)} failed (context deadline exceeded); Helm rolled back to ${chart(good)}; helm-controller gave up (RetriesExceeded: Failed to upgrade after 3 attempt(s))`,
    );
    const stalledAt = firstAt(kube, pushed, (t) => t.stalled === 'True')!;
    expect(Date.now()).toBeGreaterThanOrEqual(stalledAt);
    // It saw the remediated state with retries left and kept waiting.
    expect(failed.stderr).toContain('(op RollbackSucceeded)');
    expect(kube.transitions.filter((t) => t.name === 'payments-dev' && t.at >= pushed && t.reason === 'UpgradeFailed').length).toBeGreaterThanOrEqual(3);
    // Bad input: exit 2.
    const wrong = await runCli(['wait-healthy', ...repo, '--kubeconfig', kubeconfig, '--flux-retries', 'later']);
    expect(wrong.code).toBe(2);
  }, 120_000);

  it('action, flux-retries: wait: an upgrade that succeeds after one remediation passes only once our chart version is history[0] and deployed', async () => {
    const { bare, kube, kubeconfig, promote, gate } = await setup({ badTagFailures: 1 }, { rollbackDelayMs: 300, retryDelayMs: 300 });
    const pushed = Date.now();
    const flaky = await promote('v1.2.4-bad');
    const r = await gate(() =>
      runAction('wait-healthy', { 'env-repo': bare, forge: 'git', app: 'payments', env: 'dev', kubeconfig, 'flux-retries': 'wait', timeout: '60s' }),
    );
    expect({ code: r.code, out: r.code ? r.stdout : '' }).toEqual({ code: 0, out: '' });
    expect(r.outputs).toMatchObject({ healthy: 'true', outcome: 'passed', revision: chart(flaky) });
    // Passed after the simulator deployed our chart at history[0], not on the remediated state before it.
    const deployedAt = kube.readyAt('payments-dev', flaky)!;
    expect(deployedAt).toBeGreaterThan(firstAt(kube, pushed, (t) => t.remediated === 'True')!);
    expect(Date.now()).toBeGreaterThanOrEqual(deployedAt);
    expect(r.stdout).toContain('(op RollbackSucceeded)');
    const hr = kube.get('HelmRelease', 'payments-dev');
    expect((hr.status.history as { chartVersion: string; status: string }[])[0]).toMatchObject({ chartVersion: chart(flaky), status: 'deployed' });
    expect(await notes(bare, flaky)).toContain('"state":"success"');
  }, 120_000);

  it('action, default: fails on the rollback, records the failure and rolls back to the last verified tag', async () => {
    const { bare, kubeconfig, promote, good, gate } = await setup({}, { rollbackDelayMs: 300, retryDelayMs: 120_000 });
    const bad = await promote('v1.2.5-bad');
    const r = await gate(() =>
      runAction('wait-healthy', { 'env-repo': bare, forge: 'git', app: 'payments', env: 'dev', kubeconfig, timeout: '60s', 'rollback-on-failure': 'true' }),
    );
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({ healthy: 'false', outcome: 'failed', revision: chart(good), 'rolled-back-to': 'v1.2.3' });
    expect(r.stdout).toContain(`::error::upgrade to ${chart(bad)} failed (context deadline exceeded); Helm rolled back to ${chart(good)}`);
    expect(await notes(bare, bad)).toContain('"state":"failure"');
    expect(await showFile(bare, 'main', DEV)).toContain('tag: "v1.2.3"');
  }, 120_000);
});
