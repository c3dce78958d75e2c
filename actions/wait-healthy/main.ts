import * as core from '@actions/core';
import { gateEnvironment, gateFromOptions, gateOutputs, parseDuration, type EnvRepo, type GateOptions } from '@gitops-actions/core';
import { tokenEnvName, withEnvRepo } from '../face/env-repo.js';
import { boolInput, input, runAction } from '../face/run.js';

// The Argo CD token may come as an input; the core reads it from ARGOCD_AUTH_TOKEN (masked by runAction).
const argocdToken = input('argocd-token');
if (argocdToken) process.env.ARGOCD_AUTH_TOKEN = argocdToken;

await runAction(async (reporter) => {
  const options: GateOptions = {
    argocdServer: input('argocd-server') ?? process.env.ARGOCD_SERVER,
    argocdApp: input('argocd-app'),
    argocdAppNamespace: input('argocd-app-namespace'),
    argocdProject: input('argocd-project'),
    refresh: input('refresh') as GateOptions['refresh'],
    stream: input('stream') === undefined ? undefined : boolInput('stream'),
    insecure: boolInput('insecure'),
    degradedGrace: input('degraded-grace'),
    missingGrace: input('missing-grace'),
    suspended: input('suspended') as GateOptions['suspended'],
    fluxKind: input('flux-kind') as GateOptions['fluxKind'],
    fluxName: input('flux-name'),
    fluxNamespace: input('flux-namespace'),
    fluxReconcile: boolInput('flux-reconcile'),
    fluxRetries: input('flux-retries') as GateOptions['fluxRetries'],
    kubeconfig: input('kubeconfig'),
    url: input('url'),
    successes: input('successes'),
  };
  const gate = gateFromOptions(options);
  const timeoutMs = parseDuration(input('timeout') ?? '10m', 'timeout');
  const pollIntervalMs = parseDuration(input('poll-interval') ?? '5s', 'poll-interval');
  const app = input('app');
  const env = input('env');
  const envRepo = input('env-repo');
  // The env repo is optional here: it records the verdict, supplies gitops.yaml and rolls back.
  const gateWith = async (repo: EnvRepo | undefined) => {
    const r = await gateEnvironment({
      gate,
      argocdServer: options.argocdServer,
      argocdOptions: { insecure: options.insecure, stream: options.stream },
      fluxOptions: { kubeconfig: options.kubeconfig, reconcile: options.fluxReconcile, retries: options.fluxRetries },
      envRepo: repo ? { repo, app: app!, env: env!, overrides: { branch: input('branch') } } : undefined,
      revision: input('revision'),
      timeoutMs,
      pollIntervalMs,
      rollbackOnFailure: boolInput('rollback-on-failure'),
      reporter,
    });
    if (r.rollback) core.info(`rolled back ${env}(${app}) from ${r.rollback.from} to ${r.rollback.rolledBackTo}`);
    return {
      outputs: gateOutputs(r),
      failure: r.healthy ? undefined : `${r.reason}${r.rollback ? `; rolled back to ${r.rollback.rolledBackTo}` : ''}`,
    };
  };
  return envRepo && app && env ? withEnvRepo(envRepo, gateWith) : gateWith(undefined);
}, tokenEnvName(), {
  what: 'wait-healthy',
  // The wait itself, plus room to read the env repo, record the verdict and roll back.
  ms: () => parseDuration(input('timeout') ?? '10m', 'timeout') + 15 * 60_000,
});
