/**
 * `npm run demo` (Argo CD flavour): the pipeline of shared/seeds/002 on the local sandbox, run through the
 * bundled CLI exactly as a CI job would run it. Sandbox: a GitHub-compatible forge over a real
 * bare env repo, and an Argo CD simulator that follows that repo (and degrades on "-bad" tags).
 */
import { rm } from 'node:fs/promises';
import { createEnvRepo, git, startArgoCdSimulator, startForge, tempDir } from '@gitops-actions/sandbox';
import { bold, stepRunner } from './demo-steps.js';

const TOKEN = 'ghp_demoTOKEN_0000000000';
const ARGO_TOKEN = 'argocd-demo-token';

const root = await tempDir('gitops-demo-');
const forge = await startForge({ root, tokens: [TOKEN] });
const bare = await createEnvRepo(root, 'acme/gitops-env');
const argocd = await startArgoCdSimulator({
  token: ARGO_TOKEN,
  apps: ['dev', 'staging', 'prod'].map((env) => ({ name: `payments-${env}`, repo: bare, path: `overlays/${env}/payments`, badTag: /-bad$/ })),
});
const env = {
  ...process.env,
  GITHUB_TOKEN: TOKEN,
  ARGOCD_AUTH_TOKEN: ARGO_TOKEN,
  ARGOCD_SERVER: argocd.url,
  GITOPS_FORGE: 'github',
  GITOPS_API_URL: `${forge.url}/api/v3`,
};

const { run, heading } = stepRunner(env);

try {
  console.log(bold('gitops-actions demo'));
  console.log(`env repo acme/gitops-env on the sandbox forge ${forge.url}, Argo CD simulator ${argocd.url}`);
  console.log('The app repo was tagged v1.2.3 and CI pushed ghcr.io/acme/payments:v1.2.3.');
  const repo = ['--env-repo', 'acme/gitops-env', '--app', 'payments'];

  await run('Promote to dev: one commit on main, only the tag changes', ['promote', ...repo, '--env', 'dev', '--tag', 'v1.2.3']);
  await run('Gate dev: Healthy and Synced at *that* commit (stale status does not count)', ['wait-healthy', ...repo, '--env', 'dev', '--timeout', '2m']);
  await run('Open the staging PR (gate: dev runs v1.2.3)', ['promote', ...repo, '--env', 'staging', '--tag', 'v1.2.3']);
  await run('Run it again: the same PR, nothing changes', ['promote', ...repo, '--env', 'staging', '--tag', 'v1.2.3']);
  await run('Prod is refused while staging does not run v1.2.3', ['promote', ...repo, '--env', 'prod', '--tag', 'v1.2.3'], 1);

  const pr = forge.forge.pulls('acme/gitops-env').find((p) => p.state === 'open')!;
  heading(`A reviewer merges #${pr.number}`);
  const merged = await fetch(`${forge.url}/api/v3/repos/acme/gitops-env/pulls/${pr.number}/merge`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ merge_method: 'squash' }),
  });
  console.log(`PUT /repos/acme/gitops-env/pulls/${pr.number}/merge → ${merged.status}`);

  await run('Env repo pipeline: gate staging at the merge commit', ['wait-healthy', ...repo, '--env', 'staging', '--timeout', '2m']);
  await run('Open the prod PR', ['promote', ...repo, '--env', 'prod', '--tag', 'v1.2.3', '--labels', 'production']);

  console.log(`\n${bold('A bad release: v1.2.4-bad')}`);
  await run('Promote v1.2.4-bad to dev', ['promote', ...repo, '--env', 'dev', '--tag', 'v1.2.4-bad']);
  await run(
    'Gate dev fails fast (Degraded) and rolls back to the last verified tag; the job fails',
    ['wait-healthy', ...repo, '--env', 'dev', '--timeout', '2m', '--rollback-on-failure'],
    1,
  );
  await run('Gate dev again: Healthy at the rollback commit', ['wait-healthy', ...repo, '--env', 'dev', '--timeout', '2m']);
  await run('A re-run of the rollback job changes nothing', ['rollback', ...repo, '--env', 'dev', '--failed-tag', 'v1.2.4-bad']);
  await run('The next pipeline of v1.2.4-bad is refused: it failed verification in dev', ['promote', ...repo, '--env', 'dev', '--tag', 'v1.2.4-bad'], 1);

  console.log(`\n${bold('The env repo now')}`);
  console.log((await git(bare, ['log', '--format=%h %s', 'main'])).trimEnd());
  console.log(`\n${bold('Open pull requests')}`);
  for (const p of forge.forge.pulls('acme/gitops-env').filter((x) => x.state === 'open')) console.log(`#${p.number} ${p.title} (${p.head})`);
  console.log(`\n${bold('Verification records (commit statuses gitops/<app>/<env>)')}`);
  for (const s of forge.forge.statuses('acme/gitops-env')) console.log(`${s.sha.slice(0, 7)} ${s.context}: ${s.state}`);
  await run('What runs where, and is it verified', ['status', '--env-repo', 'acme/gitops-env']);
  console.log('\ndemo finished: every step behaved as expected');
} finally {
  await argocd.stop();
  await forge.stop();
  await rm(root, { recursive: true, force: true });
}
