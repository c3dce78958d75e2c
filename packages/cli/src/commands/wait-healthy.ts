/** `gitops-actions wait-healthy`: wait until the environment runs that commit, healthy. */
import { InputError, gateEnvironment, shortRevision, gateFromOptions, gateJson, gateOutputs, openEnvRepo, type EnvRepo, type GateOptions } from '@gitops-actions/core';
import { Command, Option } from 'commander';
import { deadlineOption, duration, forgeOf, outputOptions } from '../options.js';
import { runVerb } from '../run.js';

interface Flags extends GateOptions {
  revision?: string;
  timeout: string;
  pollInterval: string;
  envRepo?: string;
  forge?: string;
  apiUrl?: string;
  tokenHost?: string;
  app?: string;
  env?: string;
  branch?: string;
  rollbackOnFailure?: boolean;
  json?: boolean;
  dotenv?: string;
  deadline?: string;
}

/** wait-healthy's default deadline: its --timeout plus this. */
const WAIT_HEALTHY_DEADLINE_MARGIN_MS = 15 * 60_000;

export function waitHealthyCommand(): Command {
  const cmd = new Command('wait-healthy').description('wait until the environment runs that commit, Healthy and Synced; fail fast otherwise');
  cmd
    .option('--argocd-server <url>', 'Argo CD server (default ARGOCD_SERVER); token from ARGOCD_AUTH_TOKEN')
    .option('--argocd-app <name>', 'Argo CD application')
    .option('--argocd-app-namespace <ns>', 'namespace of the Application (apps in any namespace)')
    .option('--argocd-project <project>', 'project the application must belong to')
    .addOption(new Option('--refresh <kind>', 'refresh requested first').choices(['normal', 'hard', 'none']).default('normal'))
    .option('--no-stream', 'poll instead of following the watch stream')
    .option('--insecure', 'accept self-signed TLS certificates')
    .addOption(new Option('--flux-kind <kind>', 'Flux object kind').choices(['Kustomization', 'HelmRelease']))
    .option('--flux-name <name>', 'Flux object name')
    .option('--flux-namespace <ns>', 'Flux object namespace (default flux-system)')
    .option('--flux-reconcile', 'request a reconcile first (reconcile.fluxcd.io/requestedAt)')
    .addOption(new Option('--flux-retries <verdict>', 'a failed Helm upgrade of ours while helm-controller has retries left: fail at once (default) or wait for the retries').choices(['fail', 'wait']))
    .option('--kubeconfig <path>', 'kubeconfig (default KUBECONFIG, else in-cluster)')
    .option('--context <name>', 'kubeconfig context')
    .option('--url <url>', 'HTTP health URL that must answer 2xx')
    .option('--successes <n>', 'consecutive 2xx answers required (HTTP gate)')
    .option('--revision <sha>', 'the commit that must be running (default: head of the env repo branch); blank is an error')
    .option('--timeout <duration>', 'give up after (e.g. 90s, 10m)', '10m')
    .option('--poll-interval <duration>', 'poll period when not streaming', '5s')
    .option('--degraded-grace <duration>', 'how long Degraded may last after our sync before failing')
    .option('--missing-grace <duration>', 'how long Missing may last before failing')
    .addOption(new Option('--suspended <verdict>', 'what Suspended means').choices(['pass', 'fail', 'wait']))
    .option('--env-repo <url|path>', 'env repo: to record the verdict on the commit, read gitops.yaml, roll back')
    .addOption(new Option('--forge <forge>', 'git, github or gitlab').choices(['git', 'github', 'gitlab']))
    .option('--api-url <url>', 'forge REST base URL')
    .option('--token-host <host[,host]>', 'also send the env token to these hosts (self-hosted git server)')
    .option('--app <app>', 'app (with --env-repo)')
    .option('--env <env>', 'environment (with --env-repo)')
    .option('--branch <branch>', 'branch the environment tracks (default main)')
    .option('--rollback-on-failure', 'when the gate fails, roll back to the last verified tag (the command still exits 1)');
  outputOptions(cmd);
  deadlineOption(cmd, '--timeout + 15m');
  return cmd.action((f: Flags) =>
    runVerb(f, async (reporter) => {
      const server = f.argocdServer ?? process.env.ARGOCD_SERVER;
      const timeoutMs = duration(f.timeout, '--timeout');
      const pollIntervalMs = duration(f.pollInterval, '--poll-interval');
      const gate = gateFromOptions({ ...f, argocdServer: server });
      let repo: EnvRepo | undefined;
      if (f.envRepo) {
        if (!f.app || !f.env) throw new InputError('--env-repo needs --app and --env');
        repo = await openEnvRepo({ envRepo: f.envRepo, forge: forgeOf(f.forge), apiUrl: f.apiUrl, tokenHosts: f.tokenHost, branch: f.branch, env: process.env });
      }
      try {
        const r = await gateEnvironment({
          gate,
          argocdServer: server,
          argocdOptions: { insecure: f.insecure, refresh: f.refresh === 'none' ? false : f.refresh, stream: f.stream },
          fluxOptions: { kubeconfig: f.kubeconfig, context: f.context, reconcile: f.fluxReconcile, retries: f.fluxRetries },
          envRepo: repo ? { repo, app: f.app!, env: f.env!, overrides: { branch: f.branch } } : undefined,
          revision: f.revision,
          timeoutMs,
          pollIntervalMs,
          rollbackOnFailure: f.rollbackOnFailure,
          reporter,
        });
        const rolled = r.rollback ? `; rolled back to ${r.rollback.rolledBackTo}` : r.rollbackError ? `; not rolled back: ${r.rollbackError}` : '';
        return {
          json: gateJson(r),
          outputs: gateOutputs(r),
          human: `${r.healthy ? 'healthy' : 'NOT healthy'}: ${r.health} / ${r.sync} @ ${shortRevision(r.revision ?? undefined)} (${r.reason})${rolled}`,
          failure: r.healthy ? undefined : `${r.reason}${rolled}`,
        };
      } finally {
        await repo?.close();
      }
    }, {
      what: 'wait-healthy',
      // The wait itself, plus room to read the env repo, record the verdict and roll back.
      defaultMs: () => duration(f.timeout, '--timeout') + WAIT_HEALTHY_DEADLINE_MARGIN_MS,
    }),
  );
}
