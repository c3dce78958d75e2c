/**
 * The `promote` action and component: the verb as it is, the mode taken from gitops.yaml (dev:
 * push, staging: pull-request), OWNER/NAME resolved to the forge of the CI running it. Against the
 * sandbox forge, through the bundled action and the component under gitlab-ci-local.
 */
import { rm } from 'node:fs/promises';
import { git, showFile, startForge, tempDir, type ForgeServer } from '@gitops-actions/sandbox';
import { createEnvRepo } from './support/env-repo.js';
import { runAction } from './support/faces.js';
import { CLI_INPUT, dotenvReport, gitlabProject, runJob } from './support/gitlab.js';

const TOKEN = 'ghp_promoteACTION_abcdef123456';
const STAGING = 'overlays/staging/payments/values.yaml';

describe('promote: the mode from gitops.yaml', () => {
  let root: string;
  let forge: ForgeServer;
  let n = 0;
  beforeAll(async () => {
    root = await tempDir();
    forge = await startForge({ root, tokens: [TOKEN] });
  });
  afterAll(async () => {
    await forge.stop();
    await rm(root, { recursive: true, force: true });
  });
  const fresh = async () => {
    const name = `acme/promote-env${++n}`;
    return { name, bare: await createEnvRepo(root, name) };
  };

  it('actions/promote: dev is a commit, staging the one pull request (no forge input: the runner is GitHub)', async () => {
    const { name, bare } = await fresh();
    const inputs = { 'env-repo': name, 'api-url': `${forge.url}/api/v3`, app: 'payments', token: TOKEN };
    const env = { GITOPS_WRITE_INTERVAL_MS: '0' };
    const dev = await runAction('promote', { ...inputs, env: 'dev', tag: 'v1.2.3' }, env);
    expect({ code: dev.code, err: dev.code ? dev.stdout : '' }).toEqual({ code: 0, err: '' });
    expect(dev.outputs).toMatchObject({ changed: 'true', operation: 'pushed', 'previous-tag': 'v1.2.2' });
    expect((await git(bare, ['rev-parse', 'main'])).trim()).toBe(dev.outputs['commit-sha']);

    const staging = await runAction('promote', { ...inputs, env: 'staging', tag: 'v1.2.3' }, env);
    expect({ code: staging.code, err: staging.code ? staging.stdout : '' }).toEqual({ code: 0, err: '' });
    expect(staging.outputs).toMatchObject({ operation: 'created', branch: 'promote-payments-v1.2.3-staging' });
    const prs = forge.forge.pulls(name).filter((p) => p.state === 'open');
    expect(prs.map((p) => p.number)).toEqual([Number(staging.outputs['pr-number'])]);
    expect(await showFile(bare, 'main', STAGING)).toContain('tag: "v1.2.2"');
    expect(await showFile(bare, prs[0].head, STAGING)).toContain('tag: "v1.2.3"');
    // ::add-mask:: is how the runner learns to hide it; nothing else may carry it.
    for (const r of [dev, staging]) expect((r.stdout + r.stderr).replace(/^::add-mask::.*$/gm, '')).not.toContain(TOKEN);
  }, 60_000);

  it('templates/promote.yml: the merge request for staging (GROUP/PROJECT on this GitLab)', async () => {
    const { name } = await fresh();
    const dir = await gitlabProject(`stages: [deploy]
include:
  - local: templates/promote.yml
    inputs:
      env-repo: ${name}
      api-url: ${forge.url}/api/v4
      app: payments
      env: staging
      tag: v1.2.9
      skip-precondition: true
      rules-if: '$CI_PIPELINE_SOURCE'
      cli: ${CLI_INPUT}
`);
    const r = await runJob(dir, 'promote', { GITLAB_TOKEN: TOKEN });
    expect({ code: r.code, out: r.code ? r.stdout + r.stderr : '' }).toEqual({ code: 0, out: '' });
    const mr = forge.forge.mergeRequests(name)[0];
    expect(mr.title).toBe('staging(payments): v1.2.9');
    expect(await dotenvReport(dir, 'promote', 'gitops-promote.env')).toContain('GITOPS_OUT_OPERATION=created\n');
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    await rm(dir, { recursive: true, force: true });
  }, 90_000);
});
