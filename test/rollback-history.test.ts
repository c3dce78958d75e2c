/**
 * Rollback's choice from history, through the bundled CLI against real repos: values that are
 * not image tags are skipped, a tag a rollback rolled away from (its Gitops-Rollback-Of trailer)
 * never comes back by itself, and a plain rollback right after a rollback does nothing — the same
 * over a plain git remote, the GitHub REST API and the GitLab REST API. With wait-healthy
 * --rollback-on-failure the candidate is chosen and checked before the gate records anything.
 */
import { rm } from 'node:fs/promises';
import {
  allRefs,
  commitFiles,
  git,
  showFile,
  startArgoCdSimulator,
  startForge,
  tempDir,
  type ArgoCdSimulator,
  type ForgeServer,
} from '@gitops-actions/sandbox';
import { createEnvRepo, valuesYaml } from './support/env-repo.js';
import { runCli } from './support/faces.js';

const DEV = 'overlays/dev/payments/values.yaml';
const TOKEN = 'ghp_rollbackTOKEN_0123456789';
const ARGO_TOKEN = 'argocd-token-rollback-55';

async function note(bare: string, sha: string, state: 'success' | 'failure'): Promise<void> {
  await git(bare, ['notes', '--ref', 'gitops', 'add', '-f', '-m', JSON.stringify({ context: 'gitops/payments/dev', state }), sha]);
}

const head = async (bare: string) => (await git(bare, ['rev-parse', 'main'])).trim();

describe('rollback history', () => {
  let root: string;
  let forge: ForgeServer;
  let n = 0;
  const sims: ArgoCdSimulator[] = [];
  beforeAll(async () => {
    root = await tempDir();
    forge = await startForge({ root, tokens: [TOKEN] });
  });
  afterAll(async () => {
    for (const s of sims) await s.stop();
    await forge.stop();
    await rm(root, { recursive: true, force: true });
  });

  /** An env repo whose dev went v1.2.2 (initial) → v1.2.3 → v1.2.4 by plain commits. */
  async function withHistory() {
    const name = `acme/rb${++n}`;
    const bare = await createEnvRepo(root, name);
    for (const tag of ['v1.2.3', 'v1.2.4']) await commitFiles(bare, 'main', { [DEV]: valuesYaml(tag) }, `dev(payments): ${tag}`);
    return { name, bare };
  }

  const faces = {
    git: (_name: string, bare: string) => ({ args: ['--env-repo', bare], env: {} }),
    github: (name: string, _bare: string) => ({
      args: ['--env-repo', name, '--forge', 'github', '--api-url', `${forge.url}/api/v3`],
      env: { GITHUB_TOKEN: TOKEN, GITOPS_WRITE_INTERVAL_MS: '0' },
    }),
    gitlab: (name: string, _bare: string) => ({
      args: ['--env-repo', name, '--forge', 'gitlab', '--api-url', `${forge.url}/api/v4`],
      env: { GITLAB_TOKEN: TOKEN, GITOPS_WRITE_INTERVAL_MS: '0' },
    }),
  };

  it.each(Object.keys(faces) as (keyof typeof faces)[])(
    '%s: a second plain rollback does nothing; --to still goes further',
    async (kind) => {
      const { name, bare } = await withHistory();
      const face = faces[kind](name, bare);
      const rollback = (...more: string[]) => runCli(['rollback', ...face.args, '--app', 'payments', '--env', 'dev', ...more, '--json'], face.env);

      const first = await rollback();
      expect({ code: first.code, err: first.code ? first.stderr : '' }).toEqual({ code: 0, err: '' });
      expect(first.json).toMatchObject({ changed: true, from: 'v1.2.4', rolledBackTo: 'v1.2.3', source: 'history' });
      expect(await head(bare)).toBe(first.json.commit);
      expect(await git(bare, ['log', '-1', '--format=%B', 'main'])).toMatch(/\nGitops-From: v1\.2\.4\nGitops-To: v1\.2\.3\nGitops-Rollback-Of: v1\.2\.4\n/);

      const refs = await allRefs(bare);
      const second = await rollback();
      expect({ code: second.code, err: second.code ? second.stderr : '' }).toEqual({ code: 0, err: '' });
      expect(second.json).toMatchObject({
        changed: false,
        operation: 'unchanged',
        commit: null,
        from: 'v1.2.3',
        rolledBackTo: 'v1.2.3',
        source: 'already-rolled-back',
      });
      expect(second.stderr).toMatch(/already rolled back: .* replaced v1\.2\.4 with v1\.2\.3; nothing to do \(pass --to <tag>/);
      expect(await allRefs(bare)).toEqual(refs);

      const further = await rollback('--to', 'v1.2.2');
      expect(further.code).toBe(0);
      expect(further.json).toMatchObject({ changed: true, from: 'v1.2.3', rolledBackTo: 'v1.2.2', source: 'explicit' });
      expect(await showFile(bare, 'main', DEV)).toContain('tag: "v1.2.2"');
    },
    60_000,
  );

  it('when the tag a rollback put back failed too, the next rollback skips both', async () => {
    const { bare } = await withHistory();
    const first = await runCli(['rollback', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--json']);
    expect(first.json).toMatchObject({ rolledBackTo: 'v1.2.3' });
    await note(bare, first.json.commit, 'failure');
    const refs = await allRefs(bare);
    const dry = await runCli(['rollback', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    // Not v1.2.4 (rolled away from), not v1.2.3 (failed): the one before.
    expect(dry.json).toMatchObject({ from: 'v1.2.3', rolledBackTo: 'v1.2.2', operation: 'dry-run' });
    expect(await allRefs(bare)).toEqual(refs);
  }, 30_000);

  it('skips history values that are not image tags', async () => {
    const { bare } = await withHistory();
    await commitFiles(bare, 'main', { [DEV]: valuesYaml('latest build please') }, 'hand edit');
    await commitFiles(bare, 'main', { [DEV]: valuesYaml('v1.3.0') }, 'dev(payments): v1.3.0');
    const r = await runCli(['rollback', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--json']);
    expect({ code: r.code, err: r.code ? r.stderr : '' }).toEqual({ code: 0, err: '' });
    expect(r.json).toMatchObject({ from: 'v1.3.0', rolledBackTo: 'v1.2.4', changed: true });
  }, 30_000);

  describe('wait-healthy --rollback-on-failure', () => {
    async function setup() {
      const { bare } = await withHistory();
      const sim = await startArgoCdSimulator({
        token: ARGO_TOKEN,
        refreshDelayMs: 200,
        syncDelayMs: 100,
        healthDelayMs: 100,
        apps: [{ name: 'payments-dev', repo: bare, path: 'overlays/dev/payments', badTag: /bad/ }],
      });
      sims.push(sim);
      return { bare, sim, env: { ARGOCD_AUTH_TOKEN: ARGO_TOKEN, ARGOCD_SERVER: sim.url } };
    }

    it('an invalid value in history is skipped: the gate fails, records it, and rolls back to a real tag (exit 1)', async () => {
      const { bare, env } = await setup();
      await commitFiles(bare, 'main', { [DEV]: valuesYaml('latest build please') }, 'hand edit');
      const bad = await commitFiles(bare, 'main', { [DEV]: valuesYaml('v1.2.5-bad') }, 'dev(payments): v1.2.5-bad');
      const r = await runCli(
        ['wait-healthy', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--timeout', '30s', '--rollback-on-failure', '--json'],
        env,
      );
      expect(r.code).toBe(1);
      expect(r.json).toMatchObject({ healthy: false, outcome: 'failed', rollback: { changed: true, from: 'v1.2.5-bad', rolledBackTo: 'v1.2.4' } });
      expect(await git(bare, ['notes', '--ref', 'gitops', 'show', bad])).toContain('"state":"failure"');
      expect(await showFile(bare, 'main', DEV)).toContain('tag: "v1.2.4"');
      expect(await git(bare, ['log', '-1', '--format=%B', 'main'])).toContain('Gitops-Rollback-Of: v1.2.5-bad');
    }, 60_000);

    it('a rollback that cannot be planned is exit 2 before the gate records anything', async () => {
      const { bare, env } = await setup();
      const bad = await commitFiles(bare, 'main', { [DEV]: valuesYaml('v1.2.5-bad') }, 'dev(payments): v1.2.5-bad');
      const refs = await allRefs(bare);
      // The gate and revision come from flags; only the rollback needs gitops.yaml's `staging-eu`, which does not exist.
      const r = await runCli(
        [
          'wait-healthy',
          '--argocd-app',
          'payments-dev',
          '--revision',
          bad,
          '--env-repo',
          bare,
          '--app',
          'payments',
          '--env',
          'staging-eu',
          '--timeout',
          '30s',
          '--rollback-on-failure',
          '--json',
        ],
        env,
      );
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(/^error: .*staging-eu/m) });
      expect(await allRefs(bare)).toEqual(refs);
    }, 60_000);

    it('with nothing to roll back to, it says so up front and still reports the gate (exit 1)', async () => {
      const { bare, env } = await setup();
      await commitFiles(bare, 'main', { [DEV]: valuesYaml('v1.2.4-bad') }, 'dev(payments): v1.2.4-bad');
      // Everything older is blocked: v1.2.2, v1.2.3 and v1.2.4 all failed their gates.
      const log = (await git(bare, ['log', '--format=%H', 'main', '--', DEV])).trim().split('\n');
      for (const sha of log.slice(1)) await note(bare, sha, 'failure');
      const r = await runCli(
        ['wait-healthy', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--timeout', '30s', '--rollback-on-failure', '--json'],
        env,
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^warning: a failure will not be rolled back: no earlier tag of payments in dev/m);
      expect(r.json).toMatchObject({ healthy: false, outcome: 'failed', rollbackError: expect.stringMatching(/^no earlier tag/) });
      expect(r.json.rollback).toBeUndefined();
      expect(await showFile(bare, 'main', DEV)).toContain('tag: "v1.2.4-bad"');
    }, 60_000);
  });
});
