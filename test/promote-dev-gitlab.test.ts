/**
 * templates/promote-dev.yml as a GitLab CI/CD component, run by gitlab-ci-local (shell
 * executor) against a local env repo: inputs → GITOPS_* variables → the bundled CLI → dotenv.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { git, showFile, tempDir } from '@gitops-actions/sandbox';
import { createEnvRepo } from './support/env-repo.js';
import { ROOT, cleanEnv, runProcess } from './support/faces.js';

const GCL = join(ROOT, 'node_modules/gitlab-ci-local/dist/index.js');

async function project(ciYaml: string): Promise<string> {
  const dir = await tempDir('gcl-');
  await mkdir(join(dir, 'templates'));
  await cp(join(ROOT, 'templates'), join(dir, 'templates'), { recursive: true });
  await writeFile(join(dir, '.gitlab-ci.yml'), ciYaml);
  await git(dir, ['init', '-q', '-b', 'main']);
  await git(dir, ['add', '-A']);
  await git(dir, ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'ci']);
  await git(dir, ['remote', 'add', 'origin', 'https://gitlab.example/acme/payments.git']);
  return dir;
}

function runGcl(dir: string, args: string[]) {
  return runProcess(process.execPath, [GCL, '--force-shell-executor', '--home', join(dir, '.gcl-home'), ...args], { cwd: dir, env: cleanEnv(), timeoutMs: 120_000 });
}

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
    const dir = await project(`stages: [deploy]
include:
  - local: templates/promote-dev.yml
    inputs:
      env-repo: ${bare}
      forge: git
      app: payments
      tag: v1.4.0
      rules-if: '$CI_PIPELINE_SOURCE'
      cli: ${process.execPath} ${join(ROOT, 'dist/cli/index.js')}
`);
    const r = await runGcl(dir, ['promote-dev']);
    expect({ code: r.code, out: r.code ? r.stdout + r.stderr : '' }).toEqual({ code: 0, out: '' });
    const head = (await git(bare, ['rev-parse', 'main'])).trim();
    expect(await showFile(bare, 'main', 'overlays/dev/payments/values.yaml')).toContain('tag: "v1.4.0"');
    const dotenv = await readFile(join(dir, '.gitlab-ci-local/artifacts/promote-dev/gitops-promote.env'), 'utf8').catch(() =>
      readFile(join(dir, 'gitops-promote.env'), 'utf8'),
    );
    expect(dotenv).toContain(`GITOPS_COMMIT_SHA=${head}\n`);
    expect(dotenv).toContain('GITOPS_PREVIOUS_TAG=v1.2.2\n');
    expect(dotenv).toContain('GITOPS_CHANGED=true\n');
    await rm(dir, { recursive: true, force: true });
  });

  it('fails the job with exit 2 on a bad tag and leaves the repo alone', async () => {
    const bare = await createEnvRepo(root, 'acme/gl-bad');
    const before = (await git(bare, ['rev-parse', 'main'])).trim();
    const dir = await project(`stages: [deploy]
include:
  - local: templates/promote-dev.yml
    inputs:
      env-repo: ${bare}
      forge: git
      app: payments
      tag: 'v1$(touch ${root}/pwned)'
      rules-if: '$CI_PIPELINE_SOURCE'
      cli: ${process.execPath} ${join(ROOT, 'dist/cli/index.js')}
`);
    const r = await runGcl(dir, ['promote-dev']);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/--tag .* is not a valid image tag/);
    expect((await git(bare, ['rev-parse', 'main'])).trim()).toBe(before);
    expect(existsSync(join(root, 'pwned'))).toBe(false);
    await rm(dir, { recursive: true, force: true });
  });
});
