/**
 * `npm run demo -- --flux`: the dev leg of the pipeline on Flux, as seeds/000 sets it up — a
 * HelmRelease (reconcileStrategy Revision: chart version `0.1.0+<sha12>`) with
 * `upgrade.remediation: {retries: 3, strategy: rollback}`. The Kubernetes simulator plays
 * helm-controller: a bad tag's upgrade fails and Helm rolls it back; the gate fails right then
 * (not after its timeout) and rolls the env repo back to the last verified tag. A flaky tag whose
 * retry succeeds passes with --flux-retries wait.
 */
import { rm } from 'node:fs/promises';
import { createBareRepo, envRepoFiles, git, startForge, startKubeSimulator, tempDir, writeKubeconfig } from '@gitops-actions/sandbox';
import { KEEP, keepOpen } from './demo-keep.js';
import { CLI, bold, stepRunner } from './demo-steps.js';

const TOKEN = 'ghp_demoTOKEN_0000000000';
const KUBE_TOKEN = 'kube-demo-token';
const GITOPS_YAML = `apps:
  payments:
    image: ghcr.io/acme/payments
    environments:
      dev: { file: overlays/dev/payments/values.yaml, key: image.tag, mode: push, flux: { kind: HelmRelease, name: payments-dev } }
`;

const root = await tempDir('gitops-demo-');
const forge = await startForge({ root, tokens: [TOKEN] });
const bare = await createBareRepo(root, 'acme/gitops-env', { ...envRepoFiles(), 'gitops.yaml': GITOPS_YAML });
const kube = await startKubeSimulator({
  repo: bare,
  token: KUBE_TOKEN,
  sourceDelayMs: 300,
  applyDelayMs: 300,
  healthDelayMs: 1500, // the Helm upgrade (times out on a bad tag)
  rollbackDelayMs: 1500,
  retryDelayMs: 1500,
  objects: [
    {
      kind: 'HelmRelease',
      name: 'payments-dev',
      path: 'overlays/dev/payments',
      revisionInChart: true,
      badTag: /-bad$/,
      remediation: { retries: 3, strategy: 'rollback' },
    },
  ],
});
const env = {
  ...process.env,
  GITHUB_TOKEN: TOKEN,
  KUBECONFIG: await writeKubeconfig(root, { server: kube.url, token: KUBE_TOKEN }),
  GITOPS_FORGE: 'github',
  GITOPS_API_URL: `${forge.url}/api/v3`,
};
const { run } = stepRunner(env);

try {
  console.log(bold('gitops-actions demo (Flux)'));
  console.log(`env repo acme/gitops-env on the sandbox forge ${forge.url}, Kubernetes API simulator ${kube.url}`);
  console.log('HelmRelease flux-system/payments-dev: chart version 0.1.0+<commit>, upgrade.remediation {retries: 3, strategy: rollback}.');
  const repo = ['--env-repo', 'acme/gitops-env', '--app', 'payments', '--env', 'dev'];

  await run('Promote v1.2.3 to dev', ['promote', ...repo, '--tag', 'v1.2.3']);
  await run('Gate dev: our chart version deployed at history[0], Ready', ['wait-healthy', ...repo, '--timeout', '2m']);

  console.log(`\n${bold('A bad release: v1.2.4-bad (its pods never get ready; the Helm upgrade times out)')}`);
  await run('Promote v1.2.4-bad to dev', ['promote', ...repo, '--tag', 'v1.2.4-bad']);
  await run(
    'Gate dev: Helm rolled the upgrade back → the gate fails now, not in 10 minutes, and rolls the env repo back',
    ['wait-healthy', ...repo, '--timeout', '10m', '--rollback-on-failure'],
    1,
  );

  console.log(`\n${bold('A flaky release: v1.2.5-rc.1 fails its first upgrade, the retry succeeds')}`);
  kube.configure('payments-dev', { badTag: /-rc\.1$/, badTagFailures: 1 });
  await run('Promote v1.2.5-rc.1 to dev', ['promote', ...repo, '--tag', 'v1.2.5-rc.1']);
  await run('Gate dev with --flux-retries wait: waits through the remediation, passes on the successful retry', [
    'wait-healthy',
    ...repo,
    '--timeout',
    '2m',
    '--flux-retries',
    'wait',
  ]);

  console.log(`\n${bold('The env repo now')}`);
  console.log((await git(bare, ['log', '--format=%h %s', 'main'])).trimEnd());
  console.log(`\n${bold('Verification records (commit statuses gitops/<app>/<env>)')}`);
  for (const s of forge.forge.statuses('acme/gitops-env')) console.log(`${s.sha.slice(0, 7)} ${s.context}: ${s.state} ${s.description ?? ''}`.trimEnd());
  console.log('\ndemo finished: every step behaved as expected');

  if (KEEP) {
    await keepOpen(
      [
        {
          name: 'Forge (git smart HTTP, GitHub REST at /api/v3)',
          url: forge.url,
          commands: [`git clone http://x-access-token:${TOKEN}@${new URL(forge.url).host}/acme/gitops-env.git`],
        },
        {
          name: 'Kubernetes API simulator (Flux)',
          url: kube.url,
          commands: [
            `curl -s -H "Authorization: Bearer ${KUBE_TOKEN}" ${kube.url}/apis/helm.toolkit.fluxcd.io/v2/namespaces/flux-system/helmreleases/payments-dev`,
            `export KUBECONFIG=${env.KUBECONFIG} GITHUB_TOKEN=${TOKEN} GITOPS_FORGE=github GITOPS_API_URL=${forge.url}/api/v3`,
            `node ${CLI} wait-healthy --env-repo acme/gitops-env --app payments --env dev --timeout 1m`,
          ],
        },
      ],
      root,
    );
  }
} finally {
  await kube.stop();
  await forge.stop();
  await rm(root, { recursive: true, force: true });
}
