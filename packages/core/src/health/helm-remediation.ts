/**
 * What helm-controller did with *our* HelmRelease revision when a Helm action failed: the failed
 * action, its remediation (rollback / uninstall: done, failed or about to run) and whether
 * helm-controller will retry or has given up. Pure: read from one HelmRelease snapshot.
 *
 * helm-controller (v2) writes, for a failed upgrade with `upgrade.remediation.retries: 3`:
 *   1. Released=False UpgradeFailed "Helm upgrade failed for release ns/x.v2 with chart x@V: <cause>",
 *      Ready=False (mirrors it), history[0] = V status failed, upgradeFailures++;
 *   2. runs the rollback: Remediated=True RollbackSucceeded "Helm rollback to previous release ns/x.v1
 *      with chart x@OLD succeeded", Ready=False RollbackSucceeded (mirrors Remediated), history[0] = a new
 *      release of OLD, V superseded; Reconciling=True ProgressingWithRetry while retries are left;
 *   3. retries the upgrade; once upgradeFailures > retries: Stalled=True RetriesExceeded.
 * Released and Remediated keep naming the failed attempt until a later release succeeds, so a
 * stale pair from an older revision must not be read as ours: the Released message names the chart.
 */
import type { FluxCondition, FluxObject } from './flux-eval.js';

/** Released / TestSuccess reasons of a failed Helm action. */
const ACTION_FAILED = new Set(['InstallFailed', 'UpgradeFailed', 'TestFailed']);
const REMEDIATION_REASONS = new Set(['RollbackSucceeded', 'RollbackFailed', 'UninstallSucceeded', 'UninstallFailed']);
/** Ready=False reasons that only mirror Released / Remediated / TestSuccess (judged here, not by reason alone). */
export const HELM_ACTION_REASONS = new Set([...ACTION_FAILED, ...REMEDIATION_REASONS]);

export type HelmAction = 'install' | 'upgrade' | 'test';

export interface HelmRemediation {
  kind: 'rollback' | 'uninstall';
  /** done: finished (ok says how); pending: helm-controller is about to run it or is running it. */
  phase: 'done' | 'pending';
  ok?: boolean;
  /** Rollback target chart version. */
  to?: string;
  cause?: string;
}

export interface HelmFailure {
  action: HelmAction;
  /** Our chart version, whole. */
  chart?: string;
  cause?: string;
  remediation?: HelmRemediation;
  /** helm-controller will not try this revision again (Stalled, retries exhausted, remediation failed, none configured). */
  gaveUp: boolean;
  /** Retries left when not given up; undefined: unlimited (retries < 0). */
  retriesLeft?: number;
  retries?: number;
  stalled?: FluxCondition;
}

interface HelmMessage {
  action?: HelmAction;
  chart?: string;
  cause?: string;
}

/** `Helm upgrade failed for release ns/x.v2 with chart x@0.1.0+abc: context deadline exceeded` */
export function parseHelmMessage(message: string | undefined): HelmMessage {
  if (!message) return {};
  const m = /^Helm (install|upgrade|test) failed for release \S+ with chart (\S+): ([\s\S]*)$/.exec(message.trim());
  if (m) return { action: m[1] as HelmAction, chart: chartVersionOf(m[2]), cause: firstLine(m[3]) };
  const ok = /^Helm (install|upgrade|test) succeeded for release \S+ with chart (\S+?)(?:$|\s)/.exec(message.trim());
  if (ok) return { action: ok[1] as HelmAction, chart: chartVersionOf(ok[2]) };
  return {};
}

/** `Helm rollback to previous release ns/x.v1 with chart x@0.1.0+abc succeeded` (or `failed: <cause>`) */
function parseRollbackMessage(message: string | undefined): { to?: string; cause?: string } {
  const m = /^Helm rollback to previous release \S+ with chart (\S+) (?:succeeded|failed: ([\s\S]*))$/.exec(message?.trim() ?? '');
  return m ? { to: chartVersionOf(m[1]), ...(m[2] ? { cause: firstLine(m[2]) } : {}) } : {};
}

/** `name@version` → version (chart names may not contain '@'). */
function chartVersionOf(versioned: string): string | undefined {
  const at = versioned.lastIndexOf('@');
  return at >= 0 ? versioned.slice(at + 1) || undefined : undefined;
}

function firstLine(s: string): string {
  const line = s.trim().split('\n')[0].trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

function cond(obj: FluxObject, type: string): FluxCondition | undefined {
  return obj.status?.conditions?.find((c) => c.type === type);
}

/**
 * Our attempt failed, or undefined when nothing says so. `ours` tells whether a chart version is
 * our revision (absent when chart versions do not carry it: then only the conditions count);
 * `attemptedOurs` that the last attempt was ours (lastAttemptedRevision, or our handled reconcile
 * request).
 */
export function helmFailureOf(obj: FluxObject, o: { ours?: (chartVersion: string | undefined) => boolean; attemptedOurs: boolean }): HelmFailure | undefined {
  const { ours, attemptedOurs } = o;
  const st = obj.status ?? {};
  const history = st.history ?? [];
  const released = cond(obj, 'Released');
  const tested = cond(obj, 'TestSuccess');
  const remediated = cond(obj, 'Remediated');
  const stalled = cond(obj, 'Stalled');
  const reconciling = cond(obj, 'Reconciling');
  const releasedMsg = parseHelmMessage(released?.message);
  // A condition is about our attempt when its message names our chart (or names none and we attempted last).
  const aboutOurs = (c: FluxCondition | undefined) => {
    const named = parseHelmMessage(c?.message).chart;
    return !!c && (ours && named ? ours(named) : attemptedOurs);
  };

  const failedCond = [released, tested].find((c) => c?.status === 'False' && ACTION_FAILED.has(c.reason ?? '') && aboutOurs(c));
  const failedMsg = parseHelmMessage(failedCond?.message);
  const idx = ours ? history.findIndex((h) => ours(h.chartVersion)) : -1;
  const mine = idx >= 0 ? history[idx] : undefined;
  const top = history[0];
  const notOurs = (v: string | undefined) => (ours && v && !ours(v) ? v : undefined);
  // Ours was released, then replaced by a release helm-controller did not attempt as a new revision: a rollback.
  const replaced = idx > 0 && attemptedOurs && !!notOurs(top?.chartVersion) && top?.status === 'deployed';
  const remediatedOurs =
    !!remediated && REMEDIATION_REASONS.has(remediated.reason ?? '') && attemptedOurs && !(ours && releasedMsg.chart && !ours(releasedMsg.chart));
  // Our newest release failed and nothing replaced it yet: its remediation (if any) is still to come.
  const unremediated = idx === 0 && mine?.status === 'failed';
  const inRelease = mine?.status === 'failed' || mine?.status === 'uninstalled';
  if (!failedCond && !inRelease && !replaced && !remediatedOurs) return undefined;

  const action: HelmAction =
    failedMsg.action ?? (failedCond?.type === 'TestSuccess' ? 'test' : st.lastAttemptedReleaseAction === 'install' ? 'install' : 'upgrade');
  const chart = mine?.chartVersion ?? failedMsg.chart ?? releasedMsg.chart ?? st.lastAttemptedRevision;
  const cause = failedMsg.cause ?? (failedCond?.message ? firstLine(failedCond.message) : undefined);

  // Retries: upgrade.remediation / install.remediation of the spec against the failure counters.
  const spec: { retries?: number; remediateLastFailure?: boolean; strategy?: 'rollback' | 'uninstall' } | undefined =
    action === 'install' ? obj.spec?.install?.remediation : obj.spec?.upgrade?.remediation;
  const retries = spec?.retries ?? 0;
  const failures = (action === 'install' ? st.installFailures : st.upgradeFailures) ?? 1;
  const exhausted = retries >= 0 && failures > retries;
  const remediateLast = spec?.remediateLastFailure ?? retries > 0;
  const strategy: HelmRemediation['kind'] = action === 'install' ? 'uninstall' : (spec?.strategy ?? 'rollback');
  const willRemediate = stalled?.status !== 'True' && (!exhausted || remediateLast) && (retries !== 0 || remediateLast);

  let remediation: HelmRemediation | undefined;
  if (remediatedOurs && !unremediated) {
    const kind = remediated.reason!.startsWith('Rollback') ? 'rollback' : 'uninstall';
    const ok = remediated.status === 'True' && remediated.reason!.endsWith('Succeeded');
    const parsed = parseRollbackMessage(remediated.message);
    const to = parsed.to ?? notOurs(top?.chartVersion);
    remediation = {
      kind,
      phase: 'done',
      ok,
      ...(to ? { to } : {}),
      ...(!ok ? { cause: parsed.cause ?? (remediated.message ? firstLine(remediated.message) : undefined) } : {}),
    };
  } else if (replaced) {
    remediation = { kind: 'rollback', phase: 'done', ok: true, to: top.chartVersion! };
  } else if (mine?.status === 'uninstalled') {
    remediation = { kind: 'uninstall', phase: 'done', ok: true };
  } else if (willRemediate || /Running '(rollback|uninstall)' action/.test(reconciling?.message ?? '')) {
    // Configured and not run yet: helm-controller runs it next (or is running it).
    const prev = history.slice(idx >= 0 ? idx + 1 : 1).find((h) => (!ours || !ours(h.chartVersion)) && (h.status === 'deployed' || h.status === 'superseded'));
    remediation = { kind: strategy, phase: 'pending', ...(strategy === 'rollback' && prev?.chartVersion ? { to: prev.chartVersion } : {}) };
  }

  const stalledTrue = stalled?.status === 'True' ? stalled : undefined;
  const gaveUp = !!stalledTrue || (remediation?.phase === 'done' && remediation.ok === false) || (remediation?.phase !== 'pending' && exhausted);
  const out: HelmFailure = { action, gaveUp, retries };
  if (chart) out.chart = chart;
  if (cause) out.cause = cause;
  if (remediation) out.remediation = remediation;
  if (stalledTrue) out.stalled = stalledTrue;
  if (!gaveUp && retries >= 0) out.retriesLeft = Math.max(0, retries - failures + 1);
  return out;
}

/** `upgrade to 0.1.0+2222222 failed (context deadline exceeded); Helm rolled back to 0.1.0+1111111` and what comes next. */
export function describeHelmFailure(f: HelmFailure): string {
  const what = f.action === 'upgrade' ? `upgrade to ${f.chart ?? 'our revision'}` : `${f.action} of ${f.chart ?? 'our revision'}`;
  const parts = [`${what} failed${f.cause ? ` (${f.cause})` : ''}`];
  const r = f.remediation;
  if (r?.kind === 'rollback') {
    if (r.phase === 'pending') parts.push(`helm-controller is rolling back${r.to ? ` to ${r.to}` : ''}`);
    else if (r.ok) parts.push(`Helm rolled back${r.to ? ` to ${r.to}` : ''}`);
    else parts.push(`Helm rollback${r.to ? ` to ${r.to}` : ''} failed${r.cause ? ` (${r.cause})` : ''}`);
  } else if (r?.kind === 'uninstall') {
    if (r.phase === 'pending') parts.push('helm-controller is uninstalling the release');
    else if (r.ok) parts.push('Helm uninstalled the release');
    else parts.push(`Helm uninstall failed${r.cause ? ` (${r.cause})` : ''}`);
  }
  if (f.stalled) parts.push(`helm-controller gave up (${f.stalled.reason ?? 'Stalled'}${f.stalled.message ? `: ${f.stalled.message}` : ''})`);
  else if (f.gaveUp && r?.phase === 'done' && r.ok === false) parts.push('helm-controller gave up');
  else if (f.gaveUp) parts.push('no retries left');
  else if (r?.phase !== 'pending')
    parts.push(
      f.retriesLeft === undefined
        ? 'helm-controller will retry (unlimited retries)'
        : `helm-controller will retry (${f.retriesLeft} of ${f.retries} ${f.retries === 1 ? 'retry' : 'retries'} left)`,
    );
  return parts.join('; ');
}
