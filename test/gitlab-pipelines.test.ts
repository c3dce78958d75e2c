/**
 * templates/app-pipeline.yml and templates/env-pipeline.yml, each run as a whole pipeline by the
 * real gitlab-ci-local (shell executor, GitLab's JSON schema on) against the sandbox: the GitLab
 * REST subset over a real bare env repo and the Argo CD simulator following it. Checks what the
 * env repo holds afterwards — commits on main, merge requests, the gate's verification records —
 * and the dotenv reports the jobs handed each other.
 */
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { git, showFile, startArgoCdSimulator, startForge, tempDir, type ArgoCdSimulator, type ForgeServer } from '@gitops-actions/sandbox';
import { createEnvRepo } from './support/env-repo.js';
import { ROOT, runProcess, type ProcessResult } from './support/faces.js';
import { CLI_INPUT, dotenvReport, gitlabCiLocalEnv, gitlabProject } from './support/gitlab.js';

const TOKEN = 'glpat-pipelineTOKEN-abcdef123456';
const ARGO_TOKEN = 'argocd-token-PIPELINE-4242';
const ENV_REPO = 'acme/gitops-env';
const DEV = 'overlays/dev/payments/values.yaml';
const STAGING = 'overlays/staging/payments/values.yaml';

/** The whole pipeline (no job named), as `gitlab-ci-local` runs it; `args` adds e.g. --manual. */
async function runPipeline(dir: string, variables: Record<string, string>, args: string[] = []): Promise<ProcessResult> {
  const vars = Object.entries(variables).flatMap(([k, v]) => ['--variable', `${k}=${v}`]);
  return runProcess(
    process.execPath,
    [join(ROOT, 'node_modules/gitlab-ci-local/dist/index.js'), '--force-shell-executor', '--json-schema-validation', '--concurrency', '1', '--home', join(dir, '.gcl-home'), ...vars, ...args],
    { cwd: dir, env: await gitlabCiLocalEnv(dir), timeoutMs: 240_000 },
  );
}

const log = (bare: string, ref = 'main') => git(bare, ['log', '--format=%s', ref]).then((s) => s.trim().split('\n'));

describe('GitLab pipelines under gitlab-ci-local against the sandbox', () => {
  let root: string;
  let forge: ForgeServer;
  let sim: ArgoCdSimulator;
  let bare: string;
  beforeAll(async () => {
    root = await tempDir('gl-pipelines-');
    forge = await startForge({ root, tokens: [TOKEN] });
    bare = await createEnvRepo(root, ENV_REPO);
    sim = await startArgoCdSimulator({
      token: ARGO_TOKEN,
      refreshDelayMs: 300,
      syncDelayMs: 150,
      healthDelayMs: 150,
      apps: [
        { name: 'payments-dev', repo: bare, path: 'overlays/dev/payments', badTag: /-bad$/ },
        { name: 'payments-staging', repo: bare, path: 'overlays/staging/payments', badTag: /-bad$/ },
        { name: 'payments-prod', repo: bare, path: 'overlays/prod/payments', badTag: /-bad$/ },
      ],
    });
  });
  afterAll(async () => {
    await sim?.stop();
    await forge?.stop();
    await rm(root, { recursive: true, force: true });
  });

  const statuses = (sha: string, context: string) => forge.forge.statuses(ENV_REPO, sha).filter((s) => s.context === context).map((s) => s.state);

  async function appProject(tag: string): Promise<string> {
    const dir = await gitlabProject(`include:
  - local: templates/app-pipeline.yml
    inputs:
      app: payments
      env-repo: ${ENV_REPO}
      forge: gitlab
      api-url: ${forge.url}/api/v4
      argocd-server: ${sim.url}
      registry-image: registry.example/acme/payments
      timeout: 60s
      environment-url: https://$CI_ENVIRONMENT_SLUG.payments.example
      cli: ${CLI_INPUT}
`);
    await git(dir, ['tag', tag]);
    return dir;
  }

  it('app pipeline: v1.2.3 → dev commit → gate passes and records it → one staging MR; a -bad tag is rolled back and opens nothing', async () => {
    const dir = await appProject('v1.2.3');
    const r = await runPipeline(dir, { CI_COMMIT_TAG: 'v1.2.3', GITLAB_TOKEN: TOKEN, ARGOCD_AUTH_TOKEN: ARGO_TOKEN });
    expect({ code: r.code, out: r.code ? r.stdout + r.stderr : '' }).toEqual({ code: 0, out: '' });
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    expect(r.stdout + r.stderr).not.toContain(ARGO_TOKEN);

    const dev = (await git(bare, ['rev-parse', 'main'])).trim();
    expect((await log(bare)).slice(0, 1)).toEqual(['dev(payments): v1.2.3']);
    expect(await showFile(bare, 'main', DEV)).toContain('tag: "v1.2.3"');
    expect(statuses(dev, 'gitops/payments/dev')).toContain('success');
    const mrs = forge.forge.mergeRequests(ENV_REPO).filter((m) => m.state === 'opened');
    expect(mrs.map((m) => [m.title, m.sourceBranch])).toEqual([['staging(payments): v1.2.3', 'promote-payments-v1.2.3-staging']]);
    expect(await showFile(bare, mrs[0]!.sourceBranch, STAGING)).toContain('tag: "v1.2.3"');

    // What each job handed the next, renamed so no GITOPS_* output becomes the next job's input.
    expect(await dotenvReport(dir, 'build-tag', 'build.env')).toMatch(/^BUILD_TAG=v1\.2\.3$/m);
    expect(await dotenvReport(dir, 'promote-dev', 'promote.env')).toContain(`PROMOTE_COMMIT_SHA=${dev}\n`);
    expect(await dotenvReport(dir, 'gate-dev', 'gate.env')).toContain(`GATE_REVISION=${dev}\n`);
    expect(await dotenvReport(dir, 'open-staging-mr', 'next.env')).toContain(`NEXT_PR_NUMBER=${mrs[0]!.iid}\n`);
    await rm(dir, { recursive: true, force: true });

    const bad = await appProject('v1.2.4-bad');
    const failed = await runPipeline(bad, { CI_COMMIT_TAG: 'v1.2.4-bad', GITLAB_TOKEN: TOKEN, ARGOCD_AUTH_TOKEN: ARGO_TOKEN });
    expect(failed.code).not.toBe(0);
    expect((await log(bare)).slice(0, 3)).toEqual(['rollback(dev payments) to v1.2.3', 'dev(payments): v1.2.4-bad', 'dev(payments): v1.2.3']);
    expect(await showFile(bare, 'main', DEV)).toContain('tag: "v1.2.3"');
    expect(await dotenvReport(bad, 'gate-dev', 'gate.env')).toMatch(/^GATE_ROLLED_BACK_TO=v1\.2\.3$/m);
    expect(failed.stdout).not.toMatch(/open-staging-mr.*(starting|finished)/);
    expect(forge.forge.mergeRequests(ENV_REPO).filter((m) => m.state === 'opened')).toHaveLength(1);
    await rm(bad, { recursive: true, force: true });
  }, 300_000);
});
