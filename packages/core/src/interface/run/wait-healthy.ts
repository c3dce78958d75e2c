/** wait-healthy from its inputs: the gate from the flags, or derived from gitops.yaml with an env repo. */
import { InputError } from '../../errors.js';
import { shortRevision } from '../../health/revision.js';
import { gateEnvironment, gateFromOptions, gateJson, gateOutputs, type GateOptions } from '../../verbs/gate-environment.js';
import { bool, num, str, type Values, type VerbRunner } from '../outcome.js';
import { withEnvRepo } from './env-repo.js';

/** The deadline's room beyond the wait: reading the env repo, recording the verdict, rolling back. */
const DEADLINE_MARGIN_MS = 15 * 60_000;

function gateOptions(v: Values, env: NodeJS.ProcessEnv): GateOptions {
  return {
    argocdServer: str(v, 'argocdServer') ?? env.ARGOCD_SERVER,
    argocdApp: str(v, 'argocdApp'),
    argocdAppNamespace: str(v, 'argocdAppNamespace'),
    argocdProject: str(v, 'argocdProject'),
    refresh: str(v, 'refresh') as GateOptions['refresh'],
    stream: bool(v, 'stream'),
    insecure: bool(v, 'insecure'),
    degradedGrace: num(v, 'degradedGrace'),
    missingGrace: num(v, 'missingGrace'),
    suspended: str(v, 'suspended') as GateOptions['suspended'],
    fluxKind: str(v, 'fluxKind') as GateOptions['fluxKind'],
    fluxName: str(v, 'fluxName'),
    fluxNamespace: str(v, 'fluxNamespace'),
    fluxReconcile: bool(v, 'fluxReconcile'),
    fluxRetries: str(v, 'fluxRetries') as GateOptions['fluxRetries'],
    kubeconfig: str(v, 'kubeconfig'),
    context: str(v, 'context'),
    url: str(v, 'url'),
    successes: num(v, 'successes'),
  };
}

export const waitHealthyRunner: VerbRunner = {
  deadlineMs: (v) => num(v, 'timeout')! + DEADLINE_MARGIN_MS,
  run: async (v, ctx) => {
    const o = gateOptions(v, ctx.env);
    const gate = gateFromOptions(o);
    const app = str(v, 'app');
    const env = str(v, 'env');
    if (str(v, 'envRepo') && (!app || !env)) throw new InputError('--env-repo needs --app and --env', 'pass both, or drop --env-repo');
    const once = async (repo?: Parameters<Parameters<typeof withEnvRepo>[2]>[0]) => {
      const r = await gateEnvironment({
        gate,
        argocdServer: o.argocdServer,
        argocdOptions: { insecure: o.insecure, refresh: o.refresh === 'none' ? false : o.refresh, stream: o.stream },
        fluxOptions: { kubeconfig: o.kubeconfig, context: o.context, reconcile: o.fluxReconcile, retries: o.fluxRetries },
        envRepo: repo ? { repo, app: app!, env: env!, overrides: { branch: str(v, 'branch') } } : undefined,
        revision: str(v, 'revision'),
        timeoutMs: num(v, 'timeout')!,
        pollIntervalMs: num(v, 'pollInterval'),
        rollbackOnFailure: bool(v, 'rollbackOnFailure'),
        rollbackDepth: num(v, 'rollbackDepth'),
        reporter: ctx.reporter,
      });
      const rolled = r.rollback ? `; rolled back to ${r.rollback.rolledBackTo}` : r.rollbackError ? `; not rolled back: ${r.rollbackError}` : '';
      return {
        json: gateJson(r),
        outputs: gateOutputs(r),
        human: `${r.healthy ? 'healthy' : 'NOT healthy'}: ${r.health} / ${r.sync} @ ${shortRevision(r.revision ?? undefined)} (${r.reason})${rolled}`,
        failure: r.healthy ? undefined : `${r.reason}${rolled}`,
      };
    };
    return str(v, 'envRepo') ? withEnvRepo(v, ctx, once) : once();
  },
};
