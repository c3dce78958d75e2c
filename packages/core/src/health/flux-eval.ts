/**
 * The Flux gate's verdict on one Kustomization (kustomize.toolkit.fluxcd.io/v1) or HelmRelease
 * (helm.toolkit.fluxcd.io/v2) snapshot: pass, fail or wait. Pure, so that the watch loop in
 * flux.ts and the tests feed it snapshots.
 */
import { describeHelmFailure, HELM_ACTION_REASONS, helmFailureOf } from './helm-remediation.js';
import { sameRevision, shortRevision } from './revision.js';
import type { GateObservation, GateState } from './types.js';

export type FluxKind = 'Kustomization' | 'HelmRelease';

/** Ready=False reasons that will not fix themselves for this revision. */
export const TERMINAL_REASONS = [
  'BuildFailed',
  'HealthCheckFailed',
  'ArtifactFailed',
  'ReconciliationFailed',
  'PruneFailed',
  'InstallFailed',
  'UpgradeFailed',
  'TestFailed',
  'RollbackFailed',
  'UninstallFailed',
  'RetriesExceeded',
];

export interface FluxCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  observedGeneration?: number;
}

export interface FluxObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; generation?: number; resourceVersion?: string; annotations?: Record<string, string> };
  spec?: {
    sourceRef?: { kind?: string; name?: string; namespace?: string };
    chart?: { spec?: { sourceRef?: { kind?: string; name?: string; namespace?: string } } };
    install?: { remediation?: HelmRemediationSpec };
    upgrade?: { remediation?: HelmRemediationSpec & { strategy?: 'rollback' | 'uninstall' } };
  };
  status?: {
    observedGeneration?: number;
    conditions?: FluxCondition[];
    lastAppliedRevision?: string;
    lastAttemptedRevision?: string;
    lastHandledReconcileAt?: string;
    history?: { chartVersion?: string; status?: string; appVersion?: string; version?: number }[];
    lastAttemptedReleaseAction?: string;
    installFailures?: number;
    upgradeFailures?: number;
    artifact?: { revision?: string };
  };
}

/** HelmRelease `install.remediation` / `upgrade.remediation`. */
export interface HelmRemediationSpec {
  retries?: number;
  remediateLastFailure?: boolean;
}

/**
 * What a failed Helm action of our revision means while helm-controller still has remediation
 * retries left: `fail` the gate at once (default), or `wait` for the retries (the gate fails once
 * helm-controller gives up, and passes if a retry releases our revision).
 */
export type FluxRetries = 'fail' | 'wait';

export interface FluxEvalOptions {
  kind: FluxKind;
  revision?: string;
  /** The requestedAt we wrote (HelmRelease: evidence that our source revision was handled). */
  requestedAt?: string;
  /** The source reported our revision before the reconcile was requested. */
  sourceAtRevision?: boolean;
  /** Ready=False reasons that fail the gate (default TERMINAL_REASONS). */
  failReasons?: string[];
  /** HelmRelease remediation retries left: fail (default) or wait. */
  retries?: FluxRetries;
}

function cond(obj: FluxObject, type: string): FluxCondition | undefined {
  return obj.status?.conditions?.find((c) => c.type === type);
}

export function fluxStateOf(obj: FluxObject, kind: FluxKind): GateState {
  const ready = cond(obj, 'Ready');
  const stalled = cond(obj, 'Stalled');
  const reconciling = cond(obj, 'Reconciling');
  const st = obj.status ?? {};
  const gen = obj.metadata?.generation;
  const current = gen === undefined || st.observedGeneration === gen;
  let health: string;
  if (stalled?.status === 'True') health = 'Stalled';
  else if (ready?.status === 'True' && current) health = 'Healthy';
  else if (ready?.status === 'False') health = 'Degraded';
  else health = reconciling?.status === 'True' || ready?.status === 'Unknown' || !current ? 'Progressing' : 'Unknown';
  const revision = kind === 'Kustomization' ? st.lastAppliedRevision : (st.history?.[0]?.chartVersion ?? st.lastAttemptedRevision);
  const attempted = st.lastAttemptedRevision;
  const top = st.history?.[0];
  // A failed or pending Helm release of the attempted chart is not applied.
  const applied = kind === 'Kustomization' ? st.lastAppliedRevision : top && (!top.status || top.status === 'deployed') ? top.chartVersion : undefined;
  const state: GateState = {
    health,
    sync: current && attempted !== undefined && applied === attempted ? 'Synced' : 'OutOfSync',
    resources: [],
  };
  if (revision) state.revision = revision;
  const reason = stalled?.status === 'True' ? stalled.reason : ready?.reason;
  if (reason) state.operation = reason;
  const message = stalled?.status === 'True' ? stalled.message : ready?.message;
  if (message) state.message = message;
  return state;
}

/** Pass / fail / wait for one Kustomization or HelmRelease snapshot. Pure. */
export function evaluateFluxObject(obj: FluxObject, opts: FluxEvalOptions): GateObservation {
  const state = fluxStateOf(obj, opts.kind);
  const st = obj.status ?? {};
  const ready = cond(obj, 'Ready');
  const stalled = cond(obj, 'Stalled');
  const gen = obj.metadata?.generation;
  const current =
    (gen === undefined || st.observedGeneration === gen) && (ready?.observedGeneration === undefined || gen === undefined || ready.observedGeneration === gen);
  const expected = opts.revision;
  const want = expected ? shortRevision(expected) : 'the current revision';
  const failReasons = new Set(opts.failReasons ?? TERMINAL_REASONS);
  const handledOurRequest = !!opts.requestedAt && st.lastHandledReconcileAt === opts.requestedAt;

  let attemptedOurs: boolean;
  let appliedOurs: boolean;
  let waitingFor: string;
  let carried = false;
  if (!expected) {
    attemptedOurs = true;
    appliedOurs = true;
    waitingFor = '';
  } else if (opts.kind === 'Kustomization') {
    attemptedOurs = sameRevision(st.lastAttemptedRevision, expected);
    appliedOurs = sameRevision(st.lastAppliedRevision, expected);
    waitingFor = `waiting for lastAppliedRevision ${want} (is ${shortRevision(st.lastAppliedRevision)})`;
  } else {
    // HelmRelease: the chart version carries the source revision with reconcileStrategy Revision
    // (`0.1.0+<sha12>`); otherwise our handled reconcile request is the evidence.
    carried = [st.lastAttemptedRevision, st.history?.[0]?.chartVersion].some((r) => !!r && /\+[0-9a-f]{7,}$/i.test(r));
    if (carried) {
      attemptedOurs = sameRevision(st.lastAttemptedRevision, expected);
      // Released means history[0] is ours *and* deployed (not failed, superseded or pending).
      const top = st.history?.[0];
      appliedOurs = attemptedOurs && sameRevision(top?.chartVersion ?? st.lastAttemptedRevision, expected) && (!top?.status || top.status === 'deployed');
      waitingFor = `waiting for the release of ${want} (last attempted ${shortRevision(st.lastAttemptedRevision)})`;
    } else if (opts.requestedAt) {
      attemptedOurs = handledOurRequest && opts.sourceAtRevision !== false;
      const status = st.history?.[0]?.status;
      appliedOurs = attemptedOurs && (!status || status === 'deployed');
      waitingFor = opts.sourceAtRevision === false ? `waiting for the source to fetch ${want}` : 'waiting for the HelmRelease to handle our reconcile request';
    } else {
      attemptedOurs = false;
      appliedOurs = false;
      waitingFor = 'the HelmRelease does not carry the source revision: enable reconcile so the gate can tell our revision was released';
    }
  }

  if (opts.kind === 'HelmRelease') {
    // Every sign that helm-controller attempted our revision and a Helm action failed (Released /
    // TestSuccess False, Remediated, our chart version failed or rolled back in history).
    const ours = carried && expected ? (v: string | undefined) => sameRevision(v, expected) : undefined;
    const failure = helmFailureOf(obj, { ...(ours ? { ours } : {}), attemptedOurs });
    if (failure) {
      const reason = describeHelmFailure(failure);
      if (failure.gaveUp) return { state, verdict: 'fail', reason };
      // The remediation's outcome (rolled back, or not) is part of the verdict: it is what runs now.
      if (failure.remediation?.phase === 'pending') return { state, verdict: 'wait', reason };
      return { state, verdict: opts.retries === 'wait' ? 'wait' : 'fail', reason };
    }
  }
  if (stalled?.status === 'True' && attemptedOurs) {
    return { state, verdict: 'fail', reason: `Stalled at ${want}: ${stalled.reason ?? ''}${stalled.message ? ` — ${stalled.message}` : ''}` };
  }
  // A HelmRelease's Ready only mirrors Released / Remediated, judged above (a stale pair may name another revision).
  const mirrored = opts.kind === 'HelmRelease' && HELM_ACTION_REASONS.has(ready?.reason ?? '') && !!(cond(obj, 'Released') ?? cond(obj, 'Remediated'));
  if (ready?.status === 'False' && attemptedOurs && current && !mirrored && failReasons.has(ready.reason ?? '')) {
    return { state, verdict: 'fail', reason: `Ready=False (${ready.reason}) at ${want}${ready.message ? `: ${ready.message}` : ''}` };
  }
  if (!current) return { state, verdict: 'wait', reason: `waiting for observedGeneration ${gen} (is ${st.observedGeneration ?? '-'})` };
  if (!appliedOurs) return { state, verdict: 'wait', reason: waitingFor };
  if (ready?.status === 'True') return { state, verdict: 'pass', reason: `Ready at ${want}${ready.message ? `: ${ready.message}` : ''}` };
  return { state, verdict: 'wait', reason: `waiting for Ready=True (${ready?.status ?? 'no Ready condition'}${ready?.reason ? `, ${ready.reason}` : ''})` };
}

/**
 * The revisions a Flux object reports, newest first: the last attempted one, then the last
 * applied one (HelmRelease: only chart versions carrying the source revision, `0.1.0+<sha>`,
 * as with reconcileStrategy Revision).
 */
export function reportedFluxRevisions(obj: FluxObject, kind: FluxKind): (string | undefined)[] {
  const st = obj.status ?? {};
  if (kind === 'Kustomization') return [st.lastAttemptedRevision, st.lastAppliedRevision];
  // Without the source revision in the chart version there is nothing to compare.
  return [st.lastAttemptedRevision, st.history?.[0]?.chartVersion].map((r) => (r && /\+[0-9a-f]{7,}$/i.test(r) ? r : undefined));
}
