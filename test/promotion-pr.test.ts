/**
 * API mode, no clone: dev by direct commit and staging/prod by one PR/MR per app+env, through
 * the bundled CLI, action and GitLab template, against the sandbox forge. Every check reads the
 * env repo's real git history or the forge's PR/MR records.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { git, showFile, startForge, tempDir, type ForgeServer } from '@gitops-actions/sandbox';
import { createEnvRepo } from './support/env-repo.js';
import { runAction, runCli } from './support/faces.js';
import { CLI_INPUT, dotenvReport, gitlabProject, runJob } from './support/gitlab.js';

const TOKEN = 'ghp_forgeTOKEN_abcdef123456';
const READ_ONLY = 'ghp_readonly_abcdef123456';
const STAGING = 'overlays/staging/payments/values.yaml';
const FAST = { GITOPS_WRITE_INTERVAL_MS: '0' };

describe('promotion by API against the sandbox forge', () => {
  let root: string;
  let forge: ForgeServer;
  let n = 0;
  beforeAll(async () => {
    root = await tempDir();
    forge = await startForge({ root, tokens: [TOKEN], readOnlyTokens: [READ_ONLY] });
  });
  afterAll(async () => {
    await forge.stop();
    await rm(root, { recursive: true, force: true });
  });
  afterEach(() => forge.clearFaults());

  async function fresh() {
    const name = `acme/pr-env${++n}`;
    return { name, bare: await createEnvRepo(root, name) };
  }
  const gh = (name: string, ...args: string[]) => [
    'promote',
    '--env-repo',
    name,
    '--forge',
    'github',
    '--api-url',
    `${forge.url}/api/v3`,
    '--app',
    'payments',
    ...args,
    '--json',
  ];
  const gl = (name: string, ...args: string[]) => [
    'promote',
    '--env-repo',
    name,
    '--forge',
    'gitlab',
    '--api-url',
    `${forge.url}/api/v4`,
    '--app',
    'payments',
    ...args,
    '--json',
  ];
  const apiCalls = (prefix: string, from: number) => forge.requests.slice(from).filter((r) => r.includes(prefix)).length;

  describe('GitHub', () => {
    it('dev by direct commit in ≤ 7 REST calls, then one PR for staging: created, unchanged, updated', async () => {
      const { name, bare } = await fresh();
      const env = { GITHUB_TOKEN: TOKEN, ...FAST };
      let mark = forge.requests.length;
      const dev = await runCli(gh(name, '--env', 'dev', '--tag', 'v1.2.3'), env);
      expect(dev.code).toBe(0);
      expect(dev.json).toMatchObject({ changed: true, operation: 'pushed', previousTag: 'v1.2.2' });
      expect(apiCalls('/api/v3/', mark)).toBeLessThanOrEqual(7); // gitops.yaml read and the blocked-tag check's history read included
      expect((await git(bare, ['rev-parse', 'main'])).trim()).toBe(dev.json.commit);
      expect((await git(bare, ['log', '-1', '--format=%s', 'main'])).trim()).toBe('dev(payments): v1.2.3');

      mark = forge.requests.length;
      const created = await runCli(gh(name, '--env', 'staging', '--tag', 'v1.2.3', '--labels', 'promotion,staging'), env);
      expect(created.code).toBe(0);
      expect(created.json).toMatchObject({ operation: 'created', changed: true, pullRequest: { branch: 'promote-payments-v1.2.3-staging' } });
      const open = () => forge.forge.pulls(name).filter((p) => p.state === 'open');
      expect(open()).toHaveLength(1);
      const pr = open()[0];
      expect(pr.title).toBe('staging(payments): v1.2.3');
      expect(pr.labels).toEqual(['promotion', 'staging']);
      expect(pr.body).toContain('`v1.2.2` → `v1.2.3`');
      expect(pr.body).toContain('+  tag: "v1.2.3"');
      expect(await showFile(bare, pr.head, STAGING)).toContain('tag: "v1.2.3"');
      expect(await showFile(bare, 'main', STAGING)).toContain('tag: "v1.2.2"');
      process.stderr.write(`REST calls for a new staging PR: ${apiCalls('/api/v3/', mark)}\n`);

      const again = await runCli(gh(name, '--env', 'staging', '--tag', 'v1.2.3'), env);
      expect(again.json).toMatchObject({ operation: 'unchanged', changed: false, pullRequest: { number: pr.number } });
      expect(open()).toHaveLength(1);

      expect((await runCli(gh(name, '--env', 'dev', '--tag', 'v1.2.4'), env)).code).toBe(0);
      const updated = await runCli(gh(name, '--env', 'staging', '--tag', 'v1.2.4'), env);
      expect(updated.json).toMatchObject({ operation: 'updated', pullRequest: { number: pr.number } });
      expect(open()).toHaveLength(1);
      expect(open()[0].title).toBe('staging(payments): v1.2.4');
      expect(await showFile(bare, open()[0].head, STAGING)).toContain('tag: "v1.2.4"');
      for (const r of [dev, created, again, updated]) expect(r.stdout + r.stderr).not.toContain(TOKEN);
    }, 60_000);

    it('refuses prod while staging does not run the tag; --skip-gate with --auto-merge', async () => {
      const { name } = await fresh();
      const env = { GITHUB_TOKEN: TOKEN, ...FAST };
      const refused = await runCli(gh(name, '--env', 'prod', '--tag', 'v1.2.3'), env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^error: refusing to promote payments to prod: staging runs v1\.2\.2, not v1\.2\.3/m);
      expect(forge.forge.pulls(name)).toHaveLength(0);

      const forced = await runCli(gh(name, '--env', 'prod', '--tag', 'v1.2.3', '--skip-gate', '--auto-merge'), env);
      expect(forced.code).toBe(0);
      expect(['enabled', 'merged']).toContain(forced.json.pullRequest.autoMerge);
      const pr = forge.forge.pulls(name)[0];
      expect(pr.autoMerge !== null || pr.merged).toBe(true);
    }, 30_000);

    it('under faults (10 % 5xx, a secondary rate limit, a reset) each promotion lands exactly once', async () => {
      const { name, bare } = await fresh();
      const env = { GITHUB_TOKEN: TOKEN, ...FAST };
      const before = Number((await git(bare, ['rev-list', '--count', 'main'])).trim());
      forge.inject({
        kind: 'status',
        status: 403,
        match: /^\/api\/v3\/repos\/.*\/git\/(trees|commits)$/,
        times: 1,
        headers: { 'retry-after': '1' },
        body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
      });
      forge.inject({ kind: 'reset', match: /^\/api\/v3\/repos\/.*\/git\/refs\/heads\/main$/, times: 1 });
      forge.inject({ kind: 'status', status: 502, match: /^\/api\/v3\//, rate: 0.1 });
      const dev = await runCli(gh(name, '--env', 'dev', '--tag', 'v1.3.0'), env);
      expect({ code: dev.code, err: dev.code ? dev.stderr : '' }).toEqual({ code: 0, err: '' });
      const staging = await runCli(gh(name, '--env', 'staging', '--tag', 'v1.3.0'), env);
      expect({ code: staging.code, err: staging.code ? staging.stderr : '' }).toEqual({ code: 0, err: '' });
      forge.clearFaults();
      expect(Number((await git(bare, ['rev-list', '--count', 'main'])).trim())).toBe(before + 1);
      expect(forge.forge.pulls(name).filter((p) => p.state === 'open')).toHaveLength(1);
      expect((await git(bare, ['log', '-1', '--format=%s', 'main'])).trim()).toBe('dev(payments): v1.3.0');
    }, 90_000);

    it('bad inputs: unknown repo, read-only token, plain git with pull-request mode', async () => {
      const { name } = await fresh();
      const missing = await runCli(gh('acme/nope', '--env', 'dev', '--tag', 'v2'), { GITHUB_TOKEN: TOKEN, ...FAST });
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/^error: .*acme\/nope.*not found/m);
      const readOnly = await runCli(gh(name, '--env', 'dev', '--tag', 'v2'), { GITHUB_TOKEN: READ_ONLY, ...FAST });
      expect(readOnly.code).toBe(1);
      expect(readOnly.stderr).toMatch(/^error: .*(403|permission|forbidden|not allowed)/im);
      expect(readOnly.stderr).not.toContain(READ_ONLY);
      const needsForge = await runCli([
        'promote',
        '--env-repo',
        join(root, `${name}.git`),
        '--app',
        'payments',
        '--env',
        'staging',
        '--tag',
        'v9.0.0',
        '--skip-gate',
      ]);
      expect(needsForge.code).toBe(2);
      expect(needsForge.stderr).toMatch(/--mode pull-request needs a forge API/);
    }, 30_000);

    it('protected branch: a direct dev commit is refused with the forge message', async () => {
      const { name, bare } = await fresh();
      const head = (await git(bare, ['rev-parse', 'main'])).trim();
      forge.forge.protectedBranches.add('main');
      try {
        const r = await runCli(gh(name, '--env', 'dev', '--tag', 'v1.2.3'), { GITHUB_TOKEN: TOKEN, ...FAST });
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/^error: .*[Pp]rotected branch/m);
      } finally {
        forge.forge.protectedBranches.delete('main');
      }
      expect((await git(bare, ['rev-parse', 'main'])).trim()).toBe(head);
    }, 30_000);

    it('rollback in pull-request mode opens one rollback PR, and a re-run reuses it', async () => {
      const { name, bare } = await fresh();
      const env = { GITHUB_TOKEN: TOKEN, ...FAST };
      const args = [
        'rollback',
        '--env-repo',
        name,
        '--forge',
        'github',
        '--api-url',
        `${forge.url}/api/v3`,
        '--app',
        'payments',
        '--env',
        'staging',
        '--to',
        'v1.2.1',
        '--force',
        '--json',
      ]; // v1.2.1 never ran in staging
      const r = await runCli(args, env);
      expect({ code: r.code, err: r.code ? r.stderr : '' }).toEqual({ code: 0, err: '' });
      expect(r.json).toMatchObject({
        from: 'v1.2.2',
        rolledBackTo: 'v1.2.1',
        source: 'explicit',
        operation: 'created',
        pullRequest: { branch: 'rollback-payments-v1.2.1-staging' },
      });
      const prs = forge.forge.pulls(name);
      expect(prs).toHaveLength(1);
      expect(prs[0].title).toBe('rollback staging(payments) to v1.2.1');
      expect(await showFile(bare, prs[0].head, STAGING)).toContain('tag: "v1.2.1"');
      expect((await git(bare, ['log', '-1', '--format=%s', prs[0].head])).trim()).toBe('rollback(staging payments) to v1.2.1');
      const again = await runCli(args, env);
      expect(again.json).toMatchObject({ operation: 'unchanged', pullRequest: { number: prs[0].number } });
      expect(forge.forge.pulls(name)).toHaveLength(1);
    }, 30_000);

    it('actions/open-promotion-pr (bundled): outputs and idempotence', async () => {
      const { name } = await fresh();
      const env = { ...FAST, GITHUB_API_URL: `${forge.url}/api/v3` };
      const inputs = { 'env-repo': name, app: 'payments', env: 'staging', tag: 'v1.2.3-rc.1', 'skip-gate': 'true', token: TOKEN, reviewers: 'alice' };
      const r = await runAction('open-promotion-pr', inputs, env);
      expect({ code: r.code, out: r.code ? r.stdout : '' }).toEqual({ code: 0, out: '' });
      const pr = forge.forge.pulls(name)[0];
      expect(r.outputs).toMatchObject({
        operation: 'created',
        'pr-number': String(pr.number),
        branch: 'promote-payments-v1.2.3-rc.1-staging',
        changed: 'true',
      });
      expect(r.outputs['pr-url']).toMatch(new RegExp(`/pull/${pr.number}$`));
      expect(pr.reviewers).toEqual(['alice']);
      expect(r.summary).toContain(`#${pr.number}`);
      const again = await runAction('open-promotion-pr', inputs, env);
      expect(again.outputs).toMatchObject({ operation: 'unchanged', 'pr-number': String(pr.number) });
      expect(forge.forge.pulls(name)).toHaveLength(1);
    }, 30_000);
  });

  describe('GitLab', () => {
    it('dev by one commit (≤ 4 REST calls), staging MR created → unchanged → updated; gate refusal', async () => {
      const { name, bare } = await fresh();
      const env = { GITLAB_TOKEN: TOKEN };
      let mark = forge.requests.length;
      const dev = await runCli(gl(name, '--env', 'dev', '--tag', 'v1.2.3'), env);
      expect({ code: dev.code, err: dev.code ? dev.stderr : '' }).toEqual({ code: 0, err: '' });
      expect(apiCalls('/api/v4/', mark)).toBeLessThanOrEqual(4); // gitops.yaml read and the blocked-tag check's history read included
      expect((await git(bare, ['log', '-1', '--format=%s', 'main'])).trim()).toBe('dev(payments): v1.2.3');

      mark = forge.requests.length;
      const created = await runCli(gl(name, '--env', 'staging', '--tag', 'v1.2.3'), env);
      expect(created.json).toMatchObject({ operation: 'created', pullRequest: { branch: 'promote-payments-v1.2.3-staging' } });
      const open = () => forge.forge.mergeRequests(name).filter((m) => m.state === 'opened');
      expect(open()).toHaveLength(1);
      expect(open()[0].title).toBe('staging(payments): v1.2.3');
      process.stderr.write(`GitLab REST calls for a new staging MR: ${apiCalls('/api/v4/', mark)}\n`);
      expect((await runCli(gl(name, '--env', 'staging', '--tag', 'v1.2.3'), env)).json.operation).toBe('unchanged');
      await runCli(gl(name, '--env', 'dev', '--tag', 'v1.2.4'), env);
      const updated = await runCli(gl(name, '--env', 'staging', '--tag', 'v1.2.4'), env);
      expect(updated.json).toMatchObject({ operation: 'updated', pullRequest: { number: open()[0].iid } });
      expect(open()).toHaveLength(1);
      expect(await showFile(bare, open()[0].sourceBranch, STAGING)).toContain('tag: "v1.2.4"');
      const refused = await runCli(gl(name, '--env', 'prod', '--tag', 'v1.2.4'), env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/staging runs v1\.2\.2, not v1\.2\.4/);
      for (const r of [dev, created, updated, refused]) expect(r.stdout + r.stderr).not.toContain(TOKEN);
    }, 60_000);

    it('templates/open-promotion-mr.yml under gitlab-ci-local opens the MR and writes dotenv', async () => {
      const { name } = await fresh();
      expect((await runCli(gl(name, '--env', 'dev', '--tag', 'v1.5.0'), { GITLAB_TOKEN: TOKEN })).code).toBe(0);
      const dir = await gitlabProject(`stages: [deploy]
include:
  - local: templates/open-promotion-mr.yml
    inputs:
      env-repo: ${name}
      api-url: ${forge.url}/api/v4
      app: payments
      env: staging
      tag: v1.5.0
      labels: promotion
      rules-if: '$CI_PIPELINE_SOURCE'
      cli: ${CLI_INPUT}
`);
      const r = await runJob(dir, 'open-promotion-mr', { GITLAB_TOKEN: TOKEN });
      expect({ code: r.code, out: r.code ? r.stdout + r.stderr : '' }).toEqual({ code: 0, out: '' });
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
      const mr = forge.forge.mergeRequests(name)[0];
      expect(mr.title).toBe('staging(payments): v1.5.0');
      const dotenv = await dotenvReport(dir, 'open-promotion-mr', 'gitops-promote.env');
      expect(dotenv).toContain(`GITOPS_OUT_PR_NUMBER=${mr.iid}\n`);
      expect(dotenv).toContain('GITOPS_OUT_OPERATION=created\n');
      await rm(dir, { recursive: true, force: true });
    }, 60_000);
  });
});
