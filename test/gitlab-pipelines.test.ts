/**
 * templates/app-pipeline.yml and templates/env-pipeline.yml, each run as a whole pipeline by the
 * real gitlab-ci-local (shell executor, GitLab's JSON schema on) against the sandbox: the GitLab
 * REST subset over a real bare env repo and the Argo CD simulator following it. Checks what the
 * env repo holds afterwards — commits on main, merge requests, the gate's verification records —
 * and the dotenv reports the jobs handed each other.
 */
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import {
  commitFiles,
  dockerRegistryBinary,
  envRepoArgoApps,
  git,
  showFile,
  startArgoCdSimulator,
  startDockerRegistry,
  startForge,
  tempDir,
  type ArgoCdSimulator,
  type ForgeServer,
} from '@gitops-actions/sandbox';
import { adminClient, pushImage } from '../packages/core/test/registry/images.js';
import { createEnvRepo, valuesYaml } from './support/env-repo.js';
import { ROOT, runCli, runProcess, type ProcessResult } from './support/faces.js';
import { CLI_INPUT, gitlabCiLocalEnv, gitlabProject } from './support/gitlab.js';

const TOKEN = 'glpat-pipelineTOKEN-abcdef123456';
const ARGO_TOKEN = 'argocd-token-PIPELINE-4242';
const ENV_REPO = 'acme/gitops-env';
const DEV = 'overlays/dev/payments/values.yaml';
const STAGING = 'overlays/staging/payments/values.yaml';
const PROD = 'overlays/prod/payments/values.yaml';
// The manual production promotion retags in a real registry (docker-registry on loopback), as test/release-cli.test.ts.
const WITH_RELEASE = dockerRegistryBinary() !== null || process.env.CI === 'true';
if (!WITH_RELEASE) console.warn('env pipeline: the manual release job is not run (docker-registry is not installed; CI=true runs it)');

/** The whole pipeline (no job named), as `gitlab-ci-local` runs it; `args` adds e.g. --manual. */
async function runPipeline(dir: string, variables: Record<string, string>, args: string[] = []): Promise<ProcessResult> {
  const vars = Object.entries(variables).flatMap(([k, v]) => ['--variable', `${k}=${v}`]);
  return runProcess(
    process.execPath,
    [
      join(ROOT, 'node_modules/gitlab-ci-local/dist/index.js'),
      '--force-shell-executor',
      '--json-schema-validation',
      '--concurrency',
      '1',
      '--home',
      join(dir, '.gcl-home'),
      ...vars,
      ...args,
    ],
    { cwd: dir, env: await gitlabCiLocalEnv(dir), timeoutMs: 240_000 },
  );
}

/** The dotenv report as gitlab-ci-local kept it for that job (several jobs write gitops-promote.env into the one checkout). */
const dotenvReport = (dir: string, job: string, file: string) =>
  readFile(join(dir, '.gitlab-ci-local/artifacts', job, '.gitlab-ci-reports/dotenv', file), 'utf8');

const log = (bare: string, ref = 'main') => git(bare, ['log', '--first-parent', '--format=%s', ref]).then((s) => s.trim().split('\n'));

describe('GitLab pipelines under gitlab-ci-local against the sandbox', () => {
  let root: string;
  let forge: ForgeServer;
  const sims: ArgoCdSimulator[] = [];
  beforeAll(async () => {
    root = await tempDir('gl-pipelines-');
    forge = await startForge({ root, tokens: [TOKEN] });
  });
  afterAll(async () => {
    for (const s of sims) await s.stop();
    await forge?.stop();
    await rm(root, { recursive: true, force: true });
  });

  /** An env repo on the sandbox forge (seeds/002 layout, every environment on v1.2.2) and Argo CD following it. */
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

  const statuses = (repo: string, sha: string, context: string) =>
    forge.forge
      .statuses(repo, sha)
      .filter((s) => s.context === context)
      .map((s) => s.state);
  const openMrs = (repo: string) => forge.forge.mergeRequests(repo).filter((m) => m.state === 'opened');

  async function appProject(sim: ArgoCdSimulator, tag: string): Promise<string> {
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
    const { bare, sim } = await sandbox(ENV_REPO);
    const dir = await appProject(sim, 'v1.2.3');
    const r = await runPipeline(dir, { CI_COMMIT_TAG: 'v1.2.3', GITLAB_TOKEN: TOKEN, ARGOCD_AUTH_TOKEN: ARGO_TOKEN });
    expect({ code: r.code, out: r.code ? r.stdout + r.stderr : '' }).toEqual({ code: 0, out: '' });
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    expect(r.stdout + r.stderr).not.toContain(ARGO_TOKEN);

    const dev = (await git(bare, ['rev-parse', 'main'])).trim();
    expect((await log(bare)).slice(0, 1)).toEqual(['dev(payments): v1.2.3']);
    expect(await showFile(bare, 'main', DEV)).toContain('tag: "v1.2.3"');
    expect(statuses(ENV_REPO, dev, 'gitops/payments/dev')).toContain('success');
    const mrs = openMrs(ENV_REPO);
    expect(mrs.map((m) => [m.title, m.sourceBranch])).toEqual([['staging(payments): v1.2.3', 'promote-payments-v1.2.3-staging']]);
    expect(await showFile(bare, mrs[0].sourceBranch, STAGING)).toContain('tag: "v1.2.3"');

    // What each job handed the next: GITOPS_OUT_* only, so no output can become the next job's input.
    const reports = {
      build: await dotenvReport(dir, 'build-tag', 'gitops-build-tag.env'),
      promote: await dotenvReport(dir, 'promote-dev', 'gitops-promote.env'),
      gate: await dotenvReport(dir, 'gate-dev', 'gitops-health.env'),
      next: await dotenvReport(dir, 'open-staging-mr', 'gitops-promote.env'),
    };
    expect(reports.build).toMatch(/^GITOPS_OUT_TAG=v1\.2\.3$/m);
    expect(reports.promote).toContain(`GITOPS_OUT_COMMIT_SHA=${dev}\n`);
    expect(reports.gate).toContain(`GITOPS_OUT_REVISION=${dev}\n`);
    expect(reports.next).toContain(`GITOPS_OUT_PR_NUMBER=${mrs[0].iid}\n`);
    for (const text of Object.values(reports)) expect(text.split('\n').filter((l) => l && !l.startsWith('GITOPS_OUT_'))).toEqual([]);
    await rm(dir, { recursive: true, force: true });

    const bad = await appProject(sim, 'v1.2.4-bad');
    const failed = await runPipeline(bad, { CI_COMMIT_TAG: 'v1.2.4-bad', GITLAB_TOKEN: TOKEN, ARGOCD_AUTH_TOKEN: ARGO_TOKEN });
    expect(failed.code).not.toBe(0);
    expect((await log(bare)).slice(0, 3)).toEqual(['rollback(dev payments) to v1.2.3', 'dev(payments): v1.2.4-bad', 'dev(payments): v1.2.3']);
    expect(await showFile(bare, 'main', DEV)).toContain('tag: "v1.2.3"');
    expect(await dotenvReport(bad, 'gate-dev', 'gitops-health.env')).toMatch(/^GITOPS_OUT_ROLLED_BACK_TO=v1\.2\.3$/m);
    expect(failed.stdout).not.toMatch(/open-staging-mr.*(starting|finished)/);
    expect(openMrs(ENV_REPO)).toHaveLength(1);
    await rm(bad, { recursive: true, force: true });
  }, 300_000);

  it("a later job's input is its own, not an earlier job's output of the same name (GITOPS_OUT_* dotenv)", async () => {
    // build-tag outputs tag=v1.2.3; promote-dev, a stage later (so it receives that report), is given tag v1.2.4.
    const bare = await createEnvRepo(root, 'acme/gl-collide');
    const dir = await gitlabProject(`stages: [build, deploy, verify]
include:
  - local: templates/build-tag.yml
    inputs:
      stage: build
      strategy: semver
      image: registry.example/acme/payments
      cli: ${CLI_INPUT}
  - local: templates/promote-dev.yml
    inputs:
      env-repo: ${bare}
      forge: git
      app: payments
      tag: v1.2.4
      cli: ${CLI_INPUT}
# The control: an output named like the input (the old GITOPS_TAG) does replace a needing job's own variable.
legacy:
  stage: deploy
  rules: [{ if: $CI_COMMIT_TAG }]
  script: [echo GITOPS_TAG=v0.0.0-legacy > legacy.env]
  artifacts: { reports: { dotenv: legacy.env } }
probe:
  stage: verify
  needs: [legacy]
  rules: [{ if: $CI_COMMIT_TAG }]
  variables: { GITOPS_TAG: v1.2.4 }
  script: [echo "probe-tag=$GITOPS_TAG"]
`);
    await git(dir, ['tag', 'v1.2.3']);
    const r = await runPipeline(dir, { CI_COMMIT_TAG: 'v1.2.3' });
    expect({ code: r.code, out: r.code ? r.stdout + r.stderr : '' }).toEqual({ code: 0, out: '' });
    expect(r.stdout).toMatch(/probe-tag=v0\.0\.0-legacy/);
    expect(await dotenvReport(dir, 'build-tag', 'gitops-build-tag.env')).toMatch(/^GITOPS_OUT_TAG=v1\.2\.3$/m);
    expect(await showFile(bare, 'main', DEV)).toContain('tag: "v1.2.4"');
    expect((await log(bare)).slice(0, 1)).toEqual(['dev(payments): v1.2.4']);
    expect(await dotenvReport(dir, 'promote-dev', 'gitops-promote.env')).toMatch(/^GITOPS_OUT_PREVIOUS_TAG=v1\.2\.2$/m);
    await rm(dir, { recursive: true, force: true });
  }, 300_000);

  it('README: the single-verb components chained by hand (promote-dev → wait-healthy → open-promotion-mr), as printed', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const block = /The single-verb components, chained by hand:\n\n```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    // The README's includes, with the sandbox's addresses added and the component taken from this checkout.
    const name = 'acme/gitops-env-chain';
    const { bare, sim } = await sandbox(name);
    const ci = parse(block!) as { include: Array<{ component: string; inputs: Record<string, unknown> }> };
    const include = ci.include.map(({ component, inputs }) => {
      const verb = /\/gitops-actions\/([a-z-]+)@/.exec(component)![1];
      const extra: Record<string, unknown> = { 'env-repo': name, forge: 'gitlab', 'api-url': `${forge.url}/api/v4`, cli: CLI_INPUT };
      if (verb === 'wait-healthy') Object.assign(extra, { 'argocd-server': sim.url, timeout: '60s' });
      return { local: `templates/${verb}.yml`, inputs: { ...inputs, ...extra } };
    });
    const dir = await gitlabProject(stringify({ ...ci, include }));
    await git(dir, ['tag', 'v1.2.3']);
    const r = await runPipeline(dir, { CI_COMMIT_TAG: 'v1.2.3', GITLAB_TOKEN: TOKEN, ARGOCD_AUTH_TOKEN: ARGO_TOKEN });
    expect({ code: r.code, out: r.code ? r.stdout + r.stderr : '' }).toEqual({ code: 0, out: '' });
    const dev = (await git(bare, ['rev-parse', 'main'])).trim();
    expect((await log(bare)).slice(0, 1)).toEqual(['dev(payments): v1.2.3']);
    // The gate waited for the promotion's commit (GITOPS_OUT_COMMIT_SHA → revision) and recorded its verdict there.
    expect(await dotenvReport(dir, 'wait-healthy', 'gitops-health.env')).toContain(`GITOPS_OUT_REVISION=${dev}\n`);
    expect(statuses(name, dev, 'gitops/payments/dev')).toContain('success');
    expect(openMrs(name).map((m) => m.title)).toEqual(['staging(payments): v1.2.3']);
    await rm(dir, { recursive: true, force: true });
  }, 300_000);

  /** The env repo's CI checkout of main after a push: origin/main stays where main was before it, so rules:changes sees the push. */
  async function envProject(name: string, before: string, ciYaml: string): Promise<string> {
    const dir = await tempDir('gcl-env-');
    await git(dir, ['clone', '-q', join(root, `${name}.git`), '.']);
    await git(dir, ['remote', 'set-url', 'origin', `${forge.url}/${name}.git`]); // CI_PROJECT_PATH = name
    await git(dir, ['update-ref', 'refs/remotes/origin/main', before]);
    await git(dir, ['remote', 'set-head', 'origin', 'main']);
    await mkdir(join(dir, 'templates'));
    await cp(join(ROOT, 'templates'), join(dir, 'templates'), { recursive: true });
    await writeFile(join(dir, '.gitlab-ci.yml'), ciYaml);
    // gitlab-ci-local includes only files git knows; staged, they leave HEAD (CI_COMMIT_SHA) the pushed commit.
    await git(dir, ['add', 'templates']);
    return dir;
  }

  async function mergeMr(name: string, iid: number): Promise<string> {
    const res = await fetch(`${forge.url}/api/v4/projects/${encodeURIComponent(name)}/merge_requests/${iid}/merge`, {
      method: 'PUT',
      headers: { 'private-token': TOKEN },
    });
    expect(res.status).toBe(200);
    return (await git(join(root, `${name}.git`), ['rev-parse', 'main'])).trim();
  }

  it('env pipeline: staging merge → gate → prod MR (and the manual release); prod merge → gate prod; a bad staging merge → rollback MR', async () => {
    const name = 'acme/gitops-env-gl';
    const { bare, sim } = await sandbox(name);
    const reg = WITH_RELEASE ? await startDockerRegistry() : undefined;
    try {
      const image = reg ? `${reg.host}/acme/payments` : 'registry.example/acme/payments';
      const digest = reg ? (await pushImage(adminClient(reg.host, ['acme/payments']), 'acme/payments', 'v1.2.3')).digest : '';
      const common = `      api-url: ${forge.url}/api/v4
      argocd-server: ${sim.url}
      timeout: 60s
      environment-url: https://$CI_ENVIRONMENT_SLUG.payments.example
      cli: ${CLI_INPUT}`;
      const ciYaml = `include:
  - local: templates/env-pipeline.yml
    inputs:
      app: payments
      env: staging
      changes: [overlays/staging/payments/**]
      next-env: prod
      release-env: ${reg ? 'prod' : '""'}
      release-image: ${image}
      plain-http: true
${common}
  - local: templates/env-pipeline.yml
    inputs:
      app: payments
      env: prod
      tier: production
      changes: [overlays/prod/payments/**]
      argocd-app: payments-prod
${common}
`;
      const vars = { GITLAB_TOKEN: TOKEN, ARGOCD_AUTH_TOKEN: ARGO_TOKEN };
      // The app pipeline's part, through the CLI: dev runs v1.2.3 verified, the staging MR is open.
      const cli = (...args: string[]) =>
        runCli([...args, '--env-repo', name, '--forge', 'gitlab', '--api-url', `${forge.url}/api/v4`, '--app', 'payments'], {
          ...vars,
          ARGOCD_SERVER: sim.url,
        });
      expect((await cli('promote', '--env', 'dev', '--tag', 'v1.2.3')).code).toBe(0);
      expect((await cli('wait-healthy', '--env', 'dev', '--timeout', '60s')).code).toBe(0);
      expect((await cli('promote', '--env', 'staging', '--tag', 'v1.2.3')).code).toBe(0);

      // 1. The staging MR merges: the pipeline gates staging at the merge commit and opens the prod MR.
      let before = (await git(bare, ['rev-parse', 'main'])).trim();
      const staged = await mergeMr(name, openMrs(name)[0].iid);
      let dir = await envProject(name, before, ciYaml);
      let r = await runPipeline(dir, vars, reg ? ['--manual', 'release-payments-from-staging'] : []);
      expect({ code: r.code, out: r.code ? r.stdout + r.stderr : '' }).toEqual({ code: 0, out: '' });
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
      expect(r.stdout).not.toMatch(/gate-payments-prod\s+starting/);
      expect(statuses(name, staged, 'gitops/payments/staging')).toContain('success');
      const prodMrs = openMrs(name);
      expect(prodMrs.map((m) => [m.title, m.sourceBranch])).toEqual([['prod(payments): v1.2.3', 'promote-payments-v1.2.3-prod']]);
      expect(await showFile(bare, prodMrs[0].sourceBranch, PROD)).toContain('tag: "v1.2.3"');
      expect(await dotenvReport(dir, 'gate-payments-staging', 'gitops-health.env')).toContain(`GITOPS_OUT_REVISION=${staged}\n`);
      expect(await dotenvReport(dir, 'gate-payments-staging', 'gitops-history.env')).toMatch(/^GITOPS_OUT_CURRENT=v1\.2\.3$/m);
      expect(await dotenvReport(dir, 'next-mr-payments-staging', 'gitops-promote.env')).toContain(`GITOPS_OUT_PR_NUMBER=${prodMrs[0].iid}\n`);
      if (reg) {
        // The manual release: retagged by digest (production-latest), the one prod MR reused.
        const release = await dotenvReport(dir, 'release-payments-from-staging', 'gitops-release.env');
        expect(release).toContain(`GITOPS_OUT_DIGEST=${digest}\n`);
        expect(release).toContain(`GITOPS_OUT_PR_NUMBER=${prodMrs[0].iid}\n`);
        expect((await adminClient(reg.host, ['acme/payments']).getManifest('acme/payments', 'production-latest')).digest).toBe(digest);
      } else {
        expect(r.stdout).not.toMatch(/release-payments-from-staging\s+starting/);
      }
      await rm(dir, { recursive: true, force: true });

      // 2. The prod MR merges: only prod's gate runs.
      before = staged;
      const prod = await mergeMr(name, prodMrs[0].iid);
      dir = await envProject(name, before, ciYaml);
      r = await runPipeline(dir, vars);
      expect({ code: r.code, out: r.code ? r.stdout + r.stderr : '' }).toEqual({ code: 0, out: '' });
      expect(r.stdout).toMatch(/gate-payments-prod\s+starting/);
      expect(r.stdout).not.toMatch(/(gate|next-mr)-payments-staging\s+starting/);
      expect(statuses(name, prod, 'gitops/payments/prod')).toContain('success');
      expect(openMrs(name)).toHaveLength(0);
      await rm(dir, { recursive: true, force: true });

      // 3. A bad tag reaches staging: the gate fails, a rollback MR to the verified v1.2.3 opens, nothing goes on to prod.
      before = prod;
      const bad = await commitFiles(bare, 'main', { [STAGING]: valuesYaml('v1.2.4-bad') }, 'staging(payments): v1.2.4-bad');
      dir = await envProject(name, before, ciYaml);
      r = await runPipeline(dir, vars);
      expect(r.code).not.toBe(0);
      expect(statuses(name, bad, 'gitops/payments/staging')).toContain('failure');
      const rollback = openMrs(name);
      expect(rollback.map((m) => m.sourceBranch)).toEqual(['rollback-payments-v1.2.3-staging']);
      expect(await showFile(bare, rollback[0].sourceBranch, STAGING)).toContain('tag: "v1.2.3"');
      expect(await showFile(bare, 'main', STAGING)).toContain('tag: "v1.2.4-bad"'); // a rollback MR, not a push
      const failed = await dotenvReport(dir, 'gate-payments-staging', 'gitops-health.env');
      expect(failed).toMatch(/^GITOPS_OUT_OUTCOME=failed$/m);
      expect(failed).toMatch(/^GITOPS_OUT_ROLLED_BACK_TO=v1\.2\.3$/m);
      // No tag for the next jobs: the history step did not run after the failed gate.
      await expect(dotenvReport(dir, 'gate-payments-staging', 'gitops-history.env')).rejects.toThrow(/ENOENT/);
      expect(r.stdout).not.toMatch(/next-mr-payments-staging\s+starting/);
      expect((await log(bare)).slice(0, 4)).toEqual([
        'staging(payments): v1.2.4-bad',
        expect.stringMatching(/^Merge branch 'promote-payments-v1\.2\.3-prod'/),
        expect.stringMatching(/^Merge branch 'promote-payments-v1\.2\.3-staging'/),
        'dev(payments): v1.2.3',
      ]);
      await rm(dir, { recursive: true, force: true });
    } finally {
      await reg?.stop();
    }
  }, 400_000);
});
