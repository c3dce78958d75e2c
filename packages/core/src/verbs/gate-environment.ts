/**
 * The health gate as the pipeline uses it: work out what to watch (flags, else gitops.yaml's
 * `argocd:` / `flux:` for app+env), which commit must be running (--revision, else the head of
 * the branch the environment tracks), wait, record the verdict on that commit
 * (`gitops/<app>/<env>`), and on failure optionally roll back — the job still fails.
 */
import type { TargetOverrides } from '../config/index.js';
import type { EnvRepo, Verification } from '../envrepo/port.js';
import { parseDuration } from '../duration.js';
import { LIMITS, parseIntInRange } from '../input-values.js';
import { InputError, OperationError, messageOf } from '../errors.js';
import type { GateConfig } from '../health/factory.js';
import { shaOf } from '../health/revision.js';
import type { Reporter } from '../report.js';
import { assertName, requireHead, resolveAt } from './plan.js';
import { applyRollback, planRollback, verificationContext, type RollbackInput, type RollbackPlan, type RollbackResult } from './rollback.js';
import { waitHealthy, type WaitHealthyResult } from './wait-healthy.js';

export interface GateEnvironmentInput {
  /** Fully given by flags; otherwise derived from gitops.yaml (needs envRepo). */
  gate?: GateConfig;
  /** Argo CD server for a gate derived from gitops.yaml (flag or ARGOCD_SERVER). */
  argocdServer?: string;
  /** Options applied to a derived Argo CD gate (token, insecure, refresh…). */
  argocdOptions?: Partial<Extract<GateConfig, { kind: 'argocd' }>>;
  /** Options applied to a derived Flux gate (kubeconfig, reconcile, retries…). */
  fluxOptions?: Partial<Extract<GateConfig, { kind: 'flux' }>>;
  envRepo?: { repo: EnvRepo; app: string; env: string; overrides?: TargetOverrides };
  revision?: string;
  timeoutMs: number;
  pollIntervalMs?: number;
  rollbackOnFailure?: boolean;
  /** Commits of history rollback-on-failure searches for a verified tag (LIMITS.depth). */
  rollbackDepth?: number;
  reporter: Reporter;
  signal?: AbortSignal;
}

export interface GateEnvironmentResult extends WaitHealthyResult {
  /** The commit the gate waited for (null when none was known). */
  expectedRevision: string | null;
  rollback?: RollbackResult;
  /** Why the rollback asked for did not happen (no earlier tag, a remote error, a newer promotion). */
  rollbackError?: string;
}

const FULL_SHA = /^[0-9a-f]{40}$/;

export async function gateEnvironment(input: GateEnvironmentInput): Promise<GateEnvironmentResult> {
  const { reporter } = input;
  const er = input.envRepo;
  if (er) {
    assertName(er.app, '--app');
    assertName(er.env, '--env');
  }
  if (input.rollbackOnFailure && !er) {
    throw new InputError('--rollback-on-failure needs --env-repo, --app and --env', 'pass them, or drop --rollback-on-failure');
  }

  // Given but blank (an empty --revision, a CI variable that expanded to nothing) is a mistake:
  // treating it as not given would let the gate pass on the status of an older commit.
  if (input.revision !== undefined && input.revision.trim() === '') {
    throw new InputError('--revision is blank', 'pass the commit SHA that must be running, or leave --revision out');
  }
  let gate = input.gate;
  let revision = input.revision?.trim();
  let targetFile: string | undefined;
  if (er && (!gate || !revision)) {
    const head = await requireHead(er.repo, er.overrides?.branch ?? 'main');
    const { target } = await resolveAt(er.repo, head, er.app, er.env, er.overrides ?? {});
    targetFile = target.file;
    // The env repo's head is what the environment should run now (we, or the merge, just pushed it).
    const branchHead = target.branch === (er.overrides?.branch ?? 'main') ? head : await requireHead(er.repo, target.branch);
    revision ??= branchHead;
    if (!gate && target.argocd) {
      if (!input.argocdServer) throw new InputError('--argocd-server is required (or set ARGOCD_SERVER)');
      gate = {
        ...input.argocdOptions,
        kind: 'argocd',
        server: input.argocdServer,
        app: target.argocd.name,
        appNamespace: target.argocd.namespace,
        project: target.argocd.project,
      };
    } else if (!gate && target.flux) {
      gate = { ...input.fluxOptions, kind: 'flux', fluxKind: target.flux.kind, name: target.flux.name, namespace: target.flux.namespace };
    }
  }
  if (!gate) {
    throw new InputError(
      'nothing to watch: pass --argocd-app, --flux-kind/--flux-name or --url',
      'or give --env-repo, --app and --env with argocd: or flux: in gitops.yaml',
    );
  }

  // Decide the rollback now, with reads only: once the gate has recorded its verdict nothing may
  // exit 2 ("nothing written"), and a bad candidate must not surface after the wait.
  const rollbackInput: RollbackInput | undefined =
    er && input.rollbackOnFailure ? { repo: er.repo, app: er.app, env: er.env, overrides: er.overrides, depth: input.rollbackDepth, reporter } : undefined;
  let rollbackPlan: RollbackPlan | undefined;
  let noRollback: string | undefined;
  if (rollbackInput) {
    try {
      rollbackPlan = await planRollback(rollbackInput, { currentFailed: true });
      // The rollback is keyed to the tag gated (rollback --failed-tag): if the environment runs
      // something else by the time the gate fails, or a re-run of this job gets here, it does nothing.
      if (rollbackPlan.from !== null) rollbackInput.failedTag = rollbackPlan.from;
    } catch (err) {
      if (!(err instanceof OperationError)) throw err;
      noRollback = messageOf(err);
      reporter.warn(`a failure will not be rolled back: ${noRollback}`);
    }
  }

  // The verdict is recorded on the commit we waited for, even when a newer one was accepted —
  // and also on the commit that last changed the environment's file (the promotion, not a merge
  // commit or another app's commit on top), where rollback and blocked-tag checks read it.
  const record =
    er && revision && FULL_SHA.test(revision)
      ? {
          repo: {
            recordVerification: async (commit: string, v: Verification) => {
              await er.repo.recordVerification(commit, v);
              const path = targetFile ?? (await resolveAt(er.repo, commit, er.app, er.env, er.overrides ?? {})).target.file;
              const setBy = (await er.repo.history(path, commit, 1))[0]?.sha;
              if (setBy && setBy !== commit) await er.repo.recordVerification(setBy, v);
            },
          },
          commit: revision,
          context: verificationContext(er.app, er.env),
        }
      : undefined;
  const acceptRevision =
    er && revision && FULL_SHA.test(revision)
      ? containsChangeTo(er.repo, revision, async () => {
          // Flags gave both the gate and the revision: resolve the file only if it is ever needed.
          targetFile ??= (await resolveAt(er.repo, revision, er.app, er.env, er.overrides ?? {})).target.file;
          return targetFile;
        })
      : undefined;
  const result = await waitHealthy({
    gate,
    revision,
    ...(acceptRevision ? { acceptRevision } : {}),
    timeoutMs: input.timeoutMs,
    pollIntervalMs: input.pollIntervalMs,
    reporter,
    signal: input.signal,
    record,
  });
  const out: GateEnvironmentResult = { ...result, expectedRevision: revision ?? null };
  if (!result.healthy && rollbackInput && input.signal?.aborted !== true) {
    if (rollbackPlan) {
      const plan = rollbackPlan;
      // The verdict is already recorded: a rollback that fails now is reported, not thrown.
      try {
        out.rollback = await reporter.group(`rollback ${er!.env}(${er!.app})`, () => applyRollback(rollbackInput, plan));
      } catch (err) {
        out.rollbackError = messageOf(err);
        reporter.warn(`rollback failed: ${out.rollbackError}`);
      }
    } else {
      out.rollbackError = noRollback;
    }
  }
  return out;
}

/**
 * `acceptRevision` for the gate, over the EnvRepo port only. A reported revision contains our
 * change to this environment's file when the last commit that touched the file is the same seen
 * from both revisions:
 *
 *   history(file, reported, 1)[0].sha === history(file, expected, 1)[0].sha
 *
 * History only walks a revision's ancestors, so the reported revision descends from that change
 * (it is not older than it), and nothing after it changed the file: the environment runs exactly
 * the version of the file we pushed. Another app's promotion pushed right after ours passes; an
 * older revision (before our change) or a newer one where the file was changed again (another
 * tag, a rollback) does not. When the expected commit did not touch the file itself (no
 * --revision, and the head is another app's commit), any revision between the last change to the
 * file and it runs the same file and passes too. Only the file is compared, not the rest of the
 * application's path. Reported revisions that are not full SHAs (short SHAs, Helm chart versions)
 * are never accepted. The expected side is computed once; failures are retried on a later ask.
 */
export function containsChangeTo(repo: EnvRepo, expected: string, file: () => Promise<string>): (reported: string) => Promise<boolean> {
  let expectedTouch: Promise<string | undefined> | undefined;
  return async (reported: string): Promise<boolean> => {
    const sha = shaOf(reported);
    if (!sha || !FULL_SHA.test(sha)) return false;
    const path = await file();
    expectedTouch ??= repo.history(path, expected, 1).then(
      (h) => h[0]?.sha,
      (err: unknown) => {
        expectedTouch = undefined;
        throw err;
      },
    );
    const mine = await expectedTouch;
    // The file does not exist at the expected commit: nothing to compare.
    if (!mine) return false;
    const theirs = (await repo.history(path, sha, 1))[0]?.sha;
    return theirs === mine;
  };
}

/** The gate options every face offers, by their flag names in camelCase. */
export interface GateOptions {
  argocdServer?: string;
  argocdApp?: string;
  argocdAppNamespace?: string;
  argocdProject?: string;
  refresh?: 'normal' | 'hard' | 'none';
  stream?: boolean;
  insecure?: boolean;
  /** A duration: milliseconds, or text such as 30s. */
  degradedGrace?: string | number;
  missingGrace?: string | number;
  suspended?: 'pass' | 'fail' | 'wait';
  fluxKind?: 'Kustomization' | 'HelmRelease';
  fluxName?: string;
  fluxNamespace?: string;
  fluxReconcile?: boolean;
  fluxRetries?: 'fail' | 'wait';
  kubeconfig?: string;
  context?: string;
  url?: string;
  successes?: string | number;
}

/** A grace period: already milliseconds (parsed by the interface), or text from a library caller. */
function graceMs(value: string | number | undefined, flag: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  return typeof value === 'number' ? value : parseDuration(value, flag, { min: 0 });
}

/** A gate fully given by options, or undefined to derive it from gitops.yaml. */
export function gateFromOptions(o: GateOptions): GateConfig | undefined {
  if (o.argocdApp) {
    if (!o.argocdServer) throw new InputError('--argocd-server is required (or set ARGOCD_SERVER)');
    return {
      kind: 'argocd',
      server: o.argocdServer,
      app: o.argocdApp,
      appNamespace: o.argocdAppNamespace,
      project: o.argocdProject,
      refresh: o.refresh === 'none' ? false : (o.refresh ?? 'normal'),
      stream: o.stream,
      insecure: o.insecure,
      degradedGraceMs: graceMs(o.degradedGrace, '--degraded-grace'),
      missingGraceMs: graceMs(o.missingGrace, '--missing-grace'),
      suspended: o.suspended,
    };
  }
  if (o.fluxKind || o.fluxName) {
    if (!o.fluxName) throw new InputError('--flux-name is required with --flux-kind');
    return {
      kind: 'flux',
      fluxKind: o.fluxKind ?? 'Kustomization',
      name: o.fluxName,
      namespace: o.fluxNamespace,
      reconcile: o.fluxReconcile,
      retries: o.fluxRetries,
      kubeconfig: o.kubeconfig,
      context: o.context,
    };
  }
  if (o.url)
    return {
      kind: 'http',
      url: o.url,
      successes: o.successes === undefined ? undefined : parseIntInRange(o.successes, '--successes', LIMITS.successes.min, LIMITS.successes.max),
      insecure: o.insecure,
    };
  return undefined;
}

/** The gate's outputs under the shared kebab-case names (action outputs, GitLab dotenv). */
export function gateOutputs(r: GateEnvironmentResult): Record<string, string> {
  return {
    healthy: String(r.healthy),
    health: r.health,
    sync: r.sync,
    revision: r.revision ?? '',
    outcome: r.outcome,
    'rolled-back-to': r.rollback?.rolledBackTo ?? '',
  };
}

/** The DESIGN.md JSON result: {healthy, health, sync, revision} and details. */
export function gateJson(r: GateEnvironmentResult): object {
  const rb = r.rollback;
  return {
    healthy: r.healthy,
    health: r.health,
    sync: r.sync,
    revision: r.revision,
    expectedRevision: r.expectedRevision,
    outcome: r.outcome,
    reason: r.reason,
    elapsedMs: r.elapsedMs,
    requests: r.requests,
    ...(rb ? { rollback: { changed: rb.changed, commit: rb.commit, from: rb.from, rolledBackTo: rb.rolledBackTo, source: rb.source, url: rb.url } } : {}),
    ...(r.rollbackError ? { rollbackError: r.rollbackError } : {}),
  };
}
