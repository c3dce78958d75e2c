/**
 * `npm run demo` (Argo CD flavour): the whole pipeline of shared/seeds/002 and 003 on the local
 * sandbox, run through the bundled CLI exactly as CI jobs would run it:
 *   tag v1.2.3 → build-tag → image → dev → gate → staging PR → merge → gate → prod PR → merge → gate;
 *   a bad release → dev Degraded → automatic rollback → its re-promotion refused;
 *   an rc through dev and staging → the production promotion by retag (release) → merge → gate;
 *   the closing `status` table, and checks of what the env repo, the forge and the registry hold.
 * Sandbox: a GitHub-compatible forge over real bare repositories (the env repo and the app repo),
 * an Argo CD simulator that follows the env repo (and degrades on "-bad" tags), and the
 * in-process OCI registry with token auth. `--keep` leaves them up afterwards (demo-keep.ts).
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createBareRepo,
  envRepoArgoApps,
  envRepoFiles,
  git,
  showFile,
  startArgoCdSimulator,
  startForge,
  startOciRegistry,
  tempDir,
} from '@gitops-actions/sandbox';
import { createAppRepo, developerGitEnv, editApp, pushAppImage } from './demo-app.js';
import { KEEP, keepOpen } from './demo-keep.js';
import { CLI, bold, check, stepRunner } from './demo-steps.js';

const TOKEN = 'ghp_demoTOKEN_0000000000';
const ARGO_TOKEN = 'argocd-demo-token';
const REGISTRY_USER = { username: 'ci', password: 'registry-demo-password' };
const ENV_REPO = 'acme/gitops-env';

const root = await tempDir('gitops-demo-');
const forge = await startForge({ root, tokens: [TOKEN] });
const registry = await startOciRegistry({ users: { [REGISTRY_USER.username]: REGISTRY_USER.password } });
const IMAGE = `${registry.host}/acme/payments`;
const gitopsYaml = `apps:
  payments:
    image: ${IMAGE}
    environments:
      dev:     { file: overlays/dev/payments/values.yaml, key: image.tag, mode: push, argocd: payments-dev }
      staging: { file: overlays/staging/payments/values.yaml, mode: pull-request, from: dev, argocd: payments-staging }
      prod:    { file: overlays/prod/payments/values.yaml, mode: pull-request, from: staging, argocd: payments-prod }
`;
const files = Object.fromEntries(Object.entries(envRepoFiles()).map(([k, v]) => [k, v.replaceAll('ghcr.io/acme/payments', IMAGE)]));
const bare = await createBareRepo(root, ENV_REPO, { ...files, 'gitops.yaml': gitopsYaml }, { message: 'payments: dev, staging and prod on v1.2.2' });
const argocd = await startArgoCdSimulator({
  token: ARGO_TOKEN,
  // It polls the env repo with git, per app: 4 times a second is prompt enough and spares the CPU.
  repoPollMs: 250,
  apps: envRepoArgoApps(bare),
});
const env = {
  ...process.env,
  GITHUB_TOKEN: TOKEN,
  ARGOCD_AUTH_TOKEN: ARGO_TOKEN,
  ARGOCD_SERVER: argocd.url,
  REGISTRY_USERNAME: REGISTRY_USER.username,
  REGISTRY_PASSWORD: REGISTRY_USER.password,
  GITOPS_FORGE: 'github',
  GITOPS_API_URL: `${forge.url}/api/v3`,
  // GitHub wants a second between writes (secondary rate limits); the sandbox forge has none.
  GITOPS_WRITE_INTERVAL_MS: '0',
};
const gitEnv = developerGitEnv(TOKEN);
const { run, git: devGit, heading } = stepRunner(env, gitEnv);
const repo = ['--env-repo', ENV_REPO, '--app', 'payments'];

async function merge(title: string): Promise<void> {
  const pr = forge.forge.pulls(ENV_REPO).find((p) => p.state === 'open' && p.title === title);
  check(pr !== undefined, `an open PR "${title}"`);
  heading(`A reviewer merges #${pr!.number} ${title}`);
  const res = await fetch(`${forge.url}/api/v3/repos/${ENV_REPO}/pulls/${pr!.number}/merge`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ merge_method: 'squash' }),
    signal: AbortSignal.timeout(30_000),
  });
  console.log(`PUT /repos/${ENV_REPO}/pulls/${pr!.number}/merge → ${res.status}`);
  check(res.status === 200, `#${pr!.number} merged`);
}

/** build-tag in the app checkout, its outputs shown as CI passes them on (dotenv); then CI pushes the image. */
async function buildAndPush(title: string, args: string[]): Promise<{ tag: string; digest: string }> {
  const dotenv = join(root, 'build-tag.env');
  await run(title, ['build-tag', ...args, '--dir', app, '--image', IMAGE, '--dotenv', dotenv]);
  const outputs = Object.fromEntries(
    (await readFile(dotenv, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  console.log('outputs (dotenv, for the next jobs):');
  for (const k of ['GITOPS_OUT_TAG', 'GITOPS_OUT_VERSION', 'GITOPS_OUT_SHA', 'GITOPS_OUT_TAGS', 'GITOPS_OUT_LABELS']) console.log(`  ${k}=${outputs[k]}`);
  const built = JSON.parse(outputs.GITOPS_OUT_JSON) as { labels: Record<string, string> };
  const tag: string = outputs.GITOPS_OUT_TAG;
  const digest = await pushAppImage({
    dir: app,
    rev: outputs.GITOPS_OUT_SHA,
    registry: registry.host,
    repository: 'acme/payments',
    tag,
    labels: built.labels,
    credential: REGISTRY_USER,
  });
  console.log(`CI built the image from ${outputs.GITOPS_OUT_SHA.slice(0, 7)} and pushed ${IMAGE}:${tag} → ${digest}`);
  return { tag, digest };
}

let app = '';
try {
  console.log(bold('gitops-actions demo'));
  console.log(`forge ${forge.url} (app repo acme/payments, env repo ${ENV_REPO}), Argo CD simulator ${argocd.url}, OCI registry ${registry.url}`);
  console.log(`CLI ${CLI}; every step's exit code is checked, and the final state at the end.`);
  app = await createAppRepo(root, forge.url, gitEnv);

  console.log(`\n${bold('Release v1.2.3: tag → build-tag → dev → staging → prod')}`);
  heading('A developer tags the app repository');
  await editApp(app, 'export const methods = ["card", "sepa"];\n');
  await devGit(app, ['commit', '-qam', 'feat: SEPA direct debit'], ['tag', 'v1.2.3'], ['push', '-q', 'origin', 'main', 'v1.2.3']);
  await buildAndPush('The tag pipeline computes the image tag (build-tag)', ['--strategy', 'semver', '--ref', 'refs/tags/v1.2.3']);
  await run('Promote to dev: one commit on main, only the tag changes', ['promote', ...repo, '--env', 'dev', '--tag', 'v1.2.3']);
  await run('Gate dev: Healthy and Synced at *that* commit (stale status does not count)', ['wait-healthy', ...repo, '--env', 'dev', '--timeout', '2m']);
  await run('Open the staging PR (gate: dev runs v1.2.3, verified)', ['promote', ...repo, '--env', 'staging', '--tag', 'v1.2.3']);
  await run('Run it again: the same PR, nothing changes', ['promote', ...repo, '--env', 'staging', '--tag', 'v1.2.3']);
  await run('Prod is refused while staging does not run v1.2.3', ['promote', ...repo, '--env', 'prod', '--tag', 'v1.2.3'], 1);
  await merge('staging(payments): v1.2.3');
  await run('Env repo pipeline: gate staging at the merge commit', ['wait-healthy', ...repo, '--env', 'staging', '--timeout', '2m']);
  await run('Open the prod PR', ['promote', ...repo, '--env', 'prod', '--tag', 'v1.2.3', '--labels', 'production']);
  await merge('prod(payments): v1.2.3');
  await run('Gate prod at the merge commit', ['wait-healthy', ...repo, '--env', 'prod', '--timeout', '2m']);

  console.log(`\n${bold('A bad release: v1.2.4-bad')}`);
  heading('A broken change is tagged and its image pushed');
  await editApp(app, 'export const methods = ["card", "sepa"];\nawait import("./missing.js"); // never starts\n');
  await devGit(app, ['commit', '-qam', 'fix: faster startup'], ['tag', 'v1.2.4-bad'], ['push', '-q', 'origin', 'main', 'v1.2.4-bad']);
  const badSha = (await git(app, ['rev-parse', 'HEAD'])).trim();
  await pushAppImage({ dir: app, rev: badSha, registry: registry.host, repository: 'acme/payments', tag: 'v1.2.4-bad', labels: {}, credential: REGISTRY_USER });
  await run('Promote v1.2.4-bad to dev', ['promote', ...repo, '--env', 'dev', '--tag', 'v1.2.4-bad']);
  await run(
    'Gate dev fails fast (Degraded) and rolls back to the last verified tag; the job fails',
    ['wait-healthy', ...repo, '--env', 'dev', '--timeout', '2m', '--rollback-on-failure'],
    1,
  );
  await run('Gate dev again: Healthy at the rollback commit', ['wait-healthy', ...repo, '--env', 'dev', '--timeout', '2m']);
  await run('A re-run of the rollback job changes nothing', ['rollback', ...repo, '--env', 'dev', '--failed-tag', 'v1.2.4-bad']);
  await run('The next pipeline of v1.2.4-bad is refused: it failed verification in dev', ['promote', ...repo, '--env', 'dev', '--tag', 'v1.2.4-bad'], 1);

  console.log(`\n${bold('Release v1.3.0: a release candidate through dev and staging, then production by retag')}`);
  heading('The fix and a feature land on main');
  await editApp(app, 'export const methods = ["card", "sepa"];\nexport const refunds = true;\n');
  await devGit(app, ['commit', '-qam', 'feat(api): refunds'], ['push', '-q', 'origin', 'main']);
  const rc = await buildAndPush('The main pipeline builds a release candidate (build-tag --strategy rc)', ['--strategy', 'rc']);
  await run(`Promote ${rc.tag} to dev`, ['promote', ...repo, '--env', 'dev', '--tag', rc.tag]);
  await run('Gate dev', ['wait-healthy', ...repo, '--env', 'dev', '--timeout', '2m']);
  await run('Open the staging PR', ['promote', ...repo, '--env', 'staging', '--tag', rc.tag]);
  await merge(`staging(payments): ${rc.tag}`);
  await run('Gate staging: this records the verification the release needs', ['wait-healthy', ...repo, '--env', 'staging', '--timeout', '2m']);
  await run('Production promotion (workflow_dispatch staging_tag): retag the exact image staging verified, open the prod PR, create the release', [
    'release',
    ...repo,
    '--tag',
    rc.tag,
    '--plain-http',
    '--release-repo',
    'acme/payments',
    '--dir',
    app,
    '--labels',
    'production',
  ]);
  await merge('prod(payments): v1.3.0');
  await run('Gate prod: v1.3.0 runs there, verified', ['wait-healthy', ...repo, '--env', 'prod', '--timeout', '2m']);

  console.log(`\n${bold('The env repo now')}`);
  const log = (await git(bare, ['log', '--format=%h %s', 'main'])).trimEnd();
  console.log(log);
  console.log(`\n${bold('Pull requests')}`);
  const pulls = forge.forge.pulls(ENV_REPO);
  for (const p of pulls) console.log(`#${p.number} ${p.title} (${p.head}) ${p.merged ? 'merged' : p.state}`);
  console.log(`\n${bold('Verification records (commit statuses gitops/<app>/<env>)')}`);
  for (const s of forge.forge.statuses(ENV_REPO)) console.log(`${s.sha.slice(0, 7)} ${s.context}: ${s.state}`);
  console.log(`\n${bold(`Registry ${IMAGE}`)}`);
  const tags = registry.tags('acme/payments');
  for (const t of tags) console.log(`${t.padEnd(20)} ${registry.digestOf('acme/payments', t)}`);
  const releaseRes = await fetch(`${forge.url}/api/v3/repos/acme/payments/releases/tags/v1.3.0`, {
    headers: { authorization: `Bearer ${TOKEN}` },
    signal: AbortSignal.timeout(30_000),
  });
  const rel = releaseRes.status === 200 ? ((await releaseRes.json()) as { name: string; html_url: string; body: string }) : null;
  console.log(`\n${bold('Release v1.3.0 of acme/payments')}${rel ? ` ${rel.html_url}` : ''}\n${rel?.body ?? '(none)'}`);
  await run('What runs where, and is it verified', ['status', '--env-repo', ENV_REPO]);

  // The final state, checked: a step that exited as expected but did the wrong thing fails here.
  const subjects = log.split('\n').map((l) => l.slice(l.indexOf(' ') + 1));
  const expected = [
    'prod(payments): v1.3.0 (#4)',
    `staging(payments): ${rc.tag} (#3)`,
    `dev(payments): ${rc.tag}`,
    'rollback(dev payments) to v1.2.3',
    'dev(payments): v1.2.4-bad',
    'prod(payments): v1.2.3 (#2)',
    'staging(payments): v1.2.3 (#1)',
    'dev(payments): v1.2.3',
    'payments: dev, staging and prod on v1.2.2',
  ];
  check(JSON.stringify(subjects) === JSON.stringify(expected), `env repo history is\n${expected.join('\n')}`);
  check(pulls.length === 4 && pulls.every((p) => p.merged), 'four promotion PRs, all merged');
  check(JSON.stringify(tags) === JSON.stringify(['production-latest', 'v1.2.3', 'v1.2.4-bad', 'v1.3.0', rc.tag].sort()), 'registry tags');
  check(
    registry.digestOf('acme/payments', 'v1.3.0') === rc.digest && registry.digestOf('acme/payments', 'production-latest') === rc.digest,
    'v1.3.0 and production-latest are the rc image',
  );
  check(/tag: "v1\.3\.0"/.test((await showFile(bare, 'main', 'overlays/prod/payments/values.yaml')) ?? ''), 'prod runs v1.3.0');
  check(rel?.body.includes(rc.digest) === true && rel.body.includes('refunds'), 'release v1.3.0 names the digest and the refunds feature');
  const rcSha = (await git(app, ['rev-parse', 'HEAD'])).trim();
  check((await git(join(root, 'acme/payments.git'), ['rev-parse', 'refs/tags/v1.3.0'])).trim() === rcSha, 'tag v1.3.0 is the rc commit');
  const head = (await git(bare, ['rev-parse', 'main'])).trim();
  check(
    forge.forge.statuses(ENV_REPO, head).some((s) => s.context === 'gitops/payments/prod' && s.state === 'success'),
    'prod verified at the head of main',
  );
  console.log('\ndemo finished: every step behaved as expected');

  if (KEEP) {
    const host = new URL(forge.url).host;
    const regToken = registry.issueToken(['repository:acme/payments:pull'], 24 * 3600);
    await keepOpen(
      [
        {
          name: 'Forge (git smart HTTP, GitHub REST at /api/v3)',
          url: forge.url,
          commands: [
            `git clone http://x-access-token:${TOKEN}@${host}/${ENV_REPO}.git`,
            `git -C ${app} log --oneline --decorate`,
            `curl -s -H "Authorization: Bearer ${TOKEN}" "${forge.url}/api/v3/repos/${ENV_REPO}/pulls?state=all"`,
            `curl -s -H "Authorization: Bearer ${TOKEN}" ${forge.url}/api/v3/repos/acme/payments/releases/tags/v1.3.0`,
          ],
        },
        {
          name: 'Argo CD simulator',
          url: argocd.url,
          commands: [`curl -s -H "Authorization: Bearer ${ARGO_TOKEN}" ${argocd.url}/api/v1/applications/payments-prod`],
        },
        {
          name: `OCI registry (image ${IMAGE}; user ${REGISTRY_USER.username}, password ${REGISTRY_USER.password})`,
          url: registry.url,
          commands: [
            `curl -s -H "Authorization: Bearer ${regToken}" ${registry.url}/v2/acme/payments/tags/list`,
            `curl -s -H "Authorization: Bearer ${regToken}" -H "Accept: application/vnd.oci.image.manifest.v1+json" ${registry.url}/v2/acme/payments/manifests/production-latest`,
            `curl -s -u ${REGISTRY_USER.username}:${REGISTRY_USER.password} "${registry.url}/token?service=${registry.service}&scope=repository:acme/payments:pull,push"`,
          ],
        },
        {
          name: 'The CLI against it',
          url: CLI,
          commands: [
            `export GITHUB_TOKEN=${TOKEN} GITOPS_FORGE=github GITOPS_API_URL=${forge.url}/api/v3 ARGOCD_SERVER=${argocd.url} ARGOCD_AUTH_TOKEN=${ARGO_TOKEN}`,
            `node ${CLI} status --env-repo ${ENV_REPO}`,
            `node ${CLI} history --env-repo ${ENV_REPO} --app payments --env prod`,
          ],
        },
      ],
      root,
    );
  }
} finally {
  await argocd.stop();
  await registry.stop();
  await forge.stop();
  await rm(root, { recursive: true, force: true });
}
