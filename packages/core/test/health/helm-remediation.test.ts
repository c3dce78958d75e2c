/**
 * The HelmRelease states helm-controller writes around a failed upgrade with rollback remediation,
 * evaluated by the pure Flux evaluator: fail on every sign that our revision was attempted and
 * given up, keep "still retrying" apart, never read a stale Released/Remediated pair as ours.
 */
import { describeHelmFailure, evaluateFluxObject, helmFailureOf, shortRevision, type FluxCondition, type FluxObject } from '../../src/health/index.js';

const OLD = '1111111111111111111111111111111111111111';
const OURS = '2222222222222222222222222222222222222222';
const NEWER = '3333333333333333333333333333333333333333';
const chart = (sha: string) => `0.1.0+${sha.slice(0, 12)}`;
const upgradeFailed = (sha: string, v: number) =>
  `Helm upgrade failed for release flux-system/payments.v${v} with chart payments@${chart(sha)}: context deadline exceeded`;
const rolledBack = (sha: string, v: number) => `Helm rollback to previous release flux-system/payments.v${v} with chart payments@${chart(sha)} succeeded`;
const c = (type: string, status: FluxCondition['status'], reason: string, message = ''): FluxCondition => ({
  type,
  status,
  reason,
  message,
  observedGeneration: 1,
});
type Snap = { chartVersion: string; status: string; version: number };
const snap = (sha: string, status: string, version: number): Snap => ({ chartVersion: chart(sha), status, version });

function hr(o: {
  conditions: FluxCondition[];
  history: Snap[];
  attempted?: string;
  retries?: number;
  upgradeFailures?: number;
  remediateLastFailure?: boolean;
}): FluxObject {
  return {
    metadata: { name: 'payments', generation: 1 },
    spec: {
      upgrade: {
        remediation: {
          retries: o.retries ?? 3,
          strategy: 'rollback',
          ...(o.remediateLastFailure !== undefined ? { remediateLastFailure: o.remediateLastFailure } : {}),
        },
      },
    },
    status: {
      observedGeneration: 1,
      lastAttemptedRevision: chart(o.attempted ?? OURS),
      lastAttemptedReleaseAction: 'upgrade',
      ...(o.upgradeFailures !== undefined ? { upgradeFailures: o.upgradeFailures } : {}),
      conditions: o.conditions,
      history: o.history,
    },
  };
}

/** After the first failed upgrade was rolled back, retries left (seed 000: retries 3). */
const remediated = (over: Partial<Parameters<typeof hr>[0]> = {}) =>
  hr({
    upgradeFailures: 1,
    conditions: [
      c('Ready', 'False', 'RollbackSucceeded', rolledBack(OLD, 1)),
      c('Released', 'False', 'UpgradeFailed', upgradeFailed(OURS, 2)),
      c('Remediated', 'True', 'RollbackSucceeded', rolledBack(OLD, 1)),
      c('Reconciling', 'True', 'ProgressingWithRetry', rolledBack(OLD, 1)),
    ],
    history: [snap(OLD, 'deployed', 3), snap(OURS, 'superseded', 2), snap(OLD, 'superseded', 1)],
    ...over,
  });

const MESSAGE = `upgrade to ${chart(OURS)} failed (context deadline exceeded); Helm rolled back to ${chart(OLD)}`;

describe('HelmRelease remediation in the Flux evaluator', () => {
  it('Remediated=True (rolled back, retries left) fails by default, naming the failed upgrade first and the rollback', () => {
    const ob = evaluateFluxObject(remediated(), { kind: 'HelmRelease', revision: OURS });
    expect(ob.verdict).toBe('fail');
    expect(ob.reason).toBe(`${MESSAGE}; helm-controller will retry (3 of 3 retries left)`);
  });

  it('with retries: wait, the same state waits (still retrying) and says so', () => {
    const ob = evaluateFluxObject(remediated(), { kind: 'HelmRelease', revision: OURS, retries: 'wait' });
    expect(ob.verdict).toBe('wait');
    expect(ob.reason).toContain('helm-controller will retry (3 of 3 retries left)');
  });

  it('Stalled RetriesExceeded: gave up, fails in both modes', () => {
    const stalled = remediated({ upgradeFailures: 4 });
    stalled.status!.conditions = [
      ...stalled.status!.conditions!.filter((x) => x.type !== 'Reconciling'),
      c('Stalled', 'True', 'RetriesExceeded', 'Failed to upgrade after 4 attempt(s)'),
    ];
    for (const retries of ['fail', 'wait'] as const) {
      const ob = evaluateFluxObject(stalled, { kind: 'HelmRelease', revision: OURS, retries });
      expect(ob).toMatchObject({ verdict: 'fail', reason: `${MESSAGE}; helm-controller gave up (RetriesExceeded: Failed to upgrade after 4 attempt(s))` });
    }
  });

  it('retries exhausted without a Stalled condition yet still counts as given up', () => {
    const ob = evaluateFluxObject(remediated({ upgradeFailures: 4 }), { kind: 'HelmRelease', revision: OURS, retries: 'wait' });
    expect(ob).toMatchObject({ verdict: 'fail', reason: `${MESSAGE}; no retries left` });
  });

  it('Released=False before the rollback ran: waits for the remediation, then reports it', () => {
    const failed = hr({
      upgradeFailures: 1,
      conditions: [
        c('Ready', 'False', 'UpgradeFailed', upgradeFailed(OURS, 2)),
        c('Released', 'False', 'UpgradeFailed', upgradeFailed(OURS, 2)),
        c('Reconciling', 'True', 'Progressing', "Running 'rollback' action with timeout of 5m0s"),
      ],
      history: [snap(OURS, 'failed', 2), snap(OLD, 'deployed', 1)],
    });
    const ob = evaluateFluxObject(failed, { kind: 'HelmRelease', revision: OURS });
    expect(ob.verdict).toBe('wait');
    expect(ob.reason).toBe(`upgrade to ${chart(OURS)} failed (context deadline exceeded); helm-controller is rolling back to ${chart(OLD)}`);
    // Without remediation (retries 0, the HelmRelease default) nothing follows: fail at once.
    const none = hr({ ...{ upgradeFailures: 1, retries: 0 }, conditions: failed.status!.conditions!.slice(0, 2), history: failed.status!.history as Snap[] });
    expect(evaluateFluxObject(none, { kind: 'HelmRelease', revision: OURS })).toMatchObject({
      verdict: 'fail',
      reason: `upgrade to ${chart(OURS)} failed (context deadline exceeded); no retries left`,
    });
  });

  it('a failed rollback gives up', () => {
    const o = remediated();
    o.status!.conditions = o.status!.conditions!.map((x) =>
      x.type === 'Remediated'
        ? c(
            'Remediated',
            'False',
            'RollbackFailed',
            `Helm rollback to previous release flux-system/payments.v1 with chart payments@${chart(OLD)} failed: timed out`,
          )
        : x,
    );
    expect(evaluateFluxObject(o, { kind: 'HelmRelease', revision: OURS, retries: 'wait' })).toMatchObject({
      verdict: 'fail',
      reason: `upgrade to ${chart(OURS)} failed (context deadline exceeded); Helm rollback to ${chart(OLD)} failed (timed out); helm-controller gave up`,
    });
  });

  it('history alone: our chart version failed, or superseded by an older one (rolled back), fails', () => {
    const failed = hr({
      upgradeFailures: 1,
      retries: 0,
      conditions: [c('Ready', 'Unknown', 'Progressing')],
      history: [snap(OURS, 'failed', 2), snap(OLD, 'deployed', 1)],
    });
    expect(evaluateFluxObject(failed, { kind: 'HelmRelease', revision: OURS }).verdict).toBe('fail');
    const rolled = hr({
      upgradeFailures: 1,
      retries: 0,
      conditions: [c('Ready', 'True', 'UpgradeSucceeded', 'stale')],
      history: [snap(OLD, 'deployed', 3), snap(OURS, 'superseded', 2)],
    });
    expect(evaluateFluxObject(rolled, { kind: 'HelmRelease', revision: OURS })).toMatchObject({
      verdict: 'fail',
      reason: expect.stringContaining(`Helm rolled back to ${chart(OLD)}`),
    });
  });

  it('passes only when our chart version is history[0] and deployed', () => {
    const ok = hr({
      conditions: [
        c('Ready', 'True', 'UpgradeSucceeded', 'ok'),
        c('Released', 'True', 'UpgradeSucceeded', `Helm upgrade succeeded for release flux-system/payments.v4 with chart payments@${chart(OURS)}`),
      ],
      history: [snap(OURS, 'deployed', 4), snap(OLD, 'superseded', 3), snap(OURS, 'superseded', 2)],
    });
    expect(evaluateFluxObject(ok, { kind: 'HelmRelease', revision: OURS }).verdict).toBe('pass');
    for (const status of ['pending-upgrade', 'superseded']) {
      const o = structuredClone(ok);
      o.status!.history![0].status = status;
      expect(evaluateFluxObject(o, { kind: 'HelmRelease', revision: OURS }).verdict).toBe('wait');
    }
  });

  it('a retry in progress waits in wait mode', () => {
    const retrying = remediated({ upgradeFailures: 1 });
    retrying.status!.conditions = [
      c('Ready', 'Unknown', 'Progressing', "Running 'upgrade' action with timeout of 5m0s"),
      ...retrying.status!.conditions!.filter((x) => x.type !== 'Ready'),
    ];
    retrying.status!.history = [snap(OURS, 'pending-upgrade', 4), ...(retrying.status!.history as Snap[])];
    expect(evaluateFluxObject(retrying, { kind: 'HelmRelease', revision: OURS, retries: 'wait' }).verdict).toBe('wait');
  });

  it('a stale Released/Remediated pair of an older revision is not ours: waits while our upgrade runs', () => {
    const stale = hr({
      upgradeFailures: 1,
      conditions: [
        c('Ready', 'Unknown', 'Progressing', "Running 'upgrade' action with timeout of 5m0s"),
        c('Released', 'False', 'UpgradeFailed', upgradeFailed(OLD, 2)),
        c('Remediated', 'True', 'RollbackSucceeded', rolledBack(NEWER, 1)),
      ],
      history: [snap(NEWER, 'deployed', 3), snap(OLD, 'superseded', 2)],
    });
    expect(evaluateFluxObject(stale, { kind: 'HelmRelease', revision: OURS }).verdict).toBe('wait');
    // Ready mirroring that stale failure does not fail our attempt either.
    stale.status!.conditions![0] = c('Ready', 'False', 'UpgradeFailed', upgradeFailed(OLD, 2));
    expect(evaluateFluxObject(stale, { kind: 'HelmRelease', revision: OURS }).verdict).toBe('wait');
  });

  it('does not fail on a failure of another revision that helm-controller attempted last', () => {
    const other = remediated({ attempted: NEWER });
    other.status!.conditions = other.status!.conditions!.map((x) =>
      x.type === 'Released' ? c('Released', 'False', 'UpgradeFailed', upgradeFailed(NEWER, 4)) : x,
    );
    expect(helmFailureOf(other, { ours: (v) => v === chart(OURS), attemptedOurs: false })).toBeUndefined();
  });

  it('uninstall remediation of a failed install', () => {
    const f = helmFailureOf(
      {
        spec: { install: { remediation: { retries: 0 } } },
        status: {
          lastAttemptedReleaseAction: 'install',
          installFailures: 1,
          conditions: [
            c(
              'Released',
              'False',
              'InstallFailed',
              `Helm install failed for release flux-system/payments.v1 with chart payments@${chart(OURS)}: image pull failed`,
            ),
            c('Remediated', 'True', 'UninstallSucceeded', 'Helm uninstall for release flux-system/payments.v1 with chart payments@x succeeded'),
          ],
          history: [],
        },
      },
      { ours: (v) => v === chart(OURS), attemptedOurs: true },
    );
    expect(describeHelmFailure(f!)).toBe(`install of ${chart(OURS)} failed (image pull failed); Helm uninstalled the release; no retries left`);
  });

  it('Kustomization: lastAttemptedRevision ours and Ready=False with a failure reason fails at once, even before anything was applied', () => {
    const ks = (attempted: string, reason: string): FluxObject => ({
      metadata: { name: 'payments', generation: 1 },
      status: {
        observedGeneration: 1,
        lastAttemptedRevision: `main@sha1:${attempted}`,
        lastAppliedRevision: `main@sha1:${OLD}`,
        conditions: [c('Ready', 'False', reason, "kustomize build failed: invalid image tag 'v1.2.4-bad'")],
      },
    });
    expect(evaluateFluxObject(ks(OURS, 'BuildFailed'), { kind: 'Kustomization', revision: OURS })).toMatchObject({
      verdict: 'fail',
      reason: expect.stringMatching(/^Ready=False \(BuildFailed\) at 2222222: kustomize build failed/),
    });
    // Another revision's failure, or a reason that is not a failure, keeps waiting.
    expect(evaluateFluxObject(ks(NEWER, 'BuildFailed'), { kind: 'Kustomization', revision: OURS }).verdict).toBe('wait');
    expect(evaluateFluxObject(ks(OURS, 'DependencyNotReady'), { kind: 'Kustomization', revision: OURS }).verdict).toBe('wait');
  });

  it('shows chart versions whole, SHAs short', () => {
    expect(shortRevision(chart(OURS))).toBe('0.1.0+222222222222');
    expect(shortRevision(`main@sha1:${OURS}`)).toBe('2222222');
  });
});
