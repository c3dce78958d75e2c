/**
 * templates/promote-dev.yml as a GitLab CI/CD component, run by gitlab-ci-local (shell
 * executor) against a local env repo: inputs → GITOPS_* variables → the bundled CLI → dotenv.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { git, showFile, tempDir } from '@gitops-actions/sandbox';
import { createEnvRepo } from './support/env-repo.js';
import { CLI_INPUT, dotenvReport, gitlabProject, runJob } from './support/gitlab.js';

describe('templates/promote-dev.yml under gitlab-ci-local', () => {
  let root: string;
  beforeAll(async () => {
    root = await tempDir();
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('promotes and writes the dotenv report', async () => {
    const bare = await createEnvRepo(root, 'acme/gl-env');
    const dir = await gitlabProject(`stages: [deploy]
include:
  - local: templates/promote-dev.yml
    inputs:
      env-repo: ${bare}
      forge: git
      app: payments
      tag: v1.4.0
      rules-if: '$CI_PIPELINE_SOURCE'
      cli: ${CLI_INPUT}
`);
    const r = await runJob(dir, 'promote-dev');
    expect({ code: r.code, out: r.code ? r.stdout + r.stderr : '' }).toEqual({ code: 0, out: '' });
    const head = (await git(bare, ['rev-parse', 'main'])).trim();
    expect(await showFile(bare, 'main', 'overlays/dev/payments/values.yaml')).toContain('tag: "v1.4.0"');
    const dotenv = await dotenvReport(dir, 'promote-dev', 'gitops-promote.env');
    expect(dotenv).toContain(`GITOPS_OUT_COMMIT_SHA=${head}\n`);
    expect(dotenv).toContain('GITOPS_OUT_PREVIOUS_TAG=v1.2.2\n');
    expect(dotenv).toContain('GITOPS_OUT_CHANGED=true\n');
    await rm(dir, { recursive: true, force: true });
  });

  it('fails the job with exit 2 on a bad tag and leaves the repo alone', async () => {
    const bare = await createEnvRepo(root, 'acme/gl-bad');
    const before = (await git(bare, ['rev-parse', 'main'])).trim();
    const dir = await gitlabProject(`stages: [deploy]
include:
  - local: templates/promote-dev.yml
    inputs:
      env-repo: ${bare}
      forge: git
      app: payments
      tag: 'v1$(touch ${root}/pwned)'
      rules-if: '$CI_PIPELINE_SOURCE'
      cli: ${CLI_INPUT}
`);
    const r = await runJob(dir, 'promote-dev');
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/--tag .* is not a valid image tag/);
    expect((await git(bare, ['rev-parse', 'main'])).trim()).toBe(before);
    expect(existsSync(join(root, 'pwned'))).toBe(false);
    await rm(dir, { recursive: true, force: true });
  });
});
