/**
 * The Argo CD gate's verdict on one Application snapshot: pass, fail or wait. Pure (no I/O, no
 * clock of its own), so that the watch loop in argocd.ts and the tests feed it snapshots.
 * Passes only on the revision we pushed (DESIGN.md "Never trust stale status").
 */
import { sameRevision, shortRevision } from './revision.js';
import type { GateObservation, GateState, UnhealthyResource } from './types.js';

// ---- the subset of the Application object we read (swagger v1alpha1Application) ----

export interface ArgoApplication {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
  spec?: {
    project?: string;
    source?: { repoURL?: string };
    sources?: { repoURL?: string }[];
  };
  operation?: unknown;
  status?: {
    sync?: { status?: string; revision?: string; revisions?: string[] };
    health?: { status?: string; message?: string };
    reconciledAt?: string;
    operationState?: {
      phase?: string;
      message?: string;
      startedAt?: string;
      finishedAt?: string;
      operation?: { sync?: { revision?: string; revisions?: string[] } };
      syncResult?: { revision?: string; revisions?: string[] };
    };
    resources?: {
      kind?: string;
      name?: string;
      namespace?: string;
      status?: string;
      health?: { status?: string; message?: string };
    }[];
    conditions?: { type?: string; message?: string }[];
  };
}

export interface ArgoEvalOptions {
  /** Expected revision (the commit we pushed). */
  revision?: string;
  /** How long Degraded may last after our sync completed before the gate fails. Default 0. */
  degradedGraceMs?: number;
  /** How long Missing may last before the gate fails. Default 30 s. */
  missingGraceMs?: number;
  /** What Suspended (at our revision) means. Default 'wait'. */
  suspended?: 'pass' | 'fail' | 'wait';
  /** Multi-source apps: compare only the sources from this repository (default: every source). */
  repoURL?: string;
}

/** Timers the evaluation keeps between observations (grace periods). */
export interface ArgoEvalMemory {
  degradedSince?: number;
  missingSince?: number;
}

const RUNNING_PHASES = new Set(['Running', 'Terminating']);
const FAILED_PHASES = new Set(['Failed', 'Error']);

function timeOf(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

/** The state shown to people, read from the Application object. */
export function argoStateOf(app: ArgoApplication): GateState {
  const st = app.status ?? {};
  const op = st.operationState;
  const resources: UnhealthyResource[] = [];
  for (const r of st.resources ?? []) {
    const h = r.health?.status;
    if (h && h !== 'Healthy') {
      resources.push({
        kind: r.kind ?? '?',
        name: r.name ?? '?',
        ...(r.namespace ? { namespace: r.namespace } : {}),
        health: h,
        ...(r.health?.message ? { message: r.health.message } : {}),
      });
    }
  }
  const errors = (st.conditions ?? []).filter((c) => /Error$/.test(c.type ?? '')).map((c) => `${c.type}: ${c.message ?? ''}`);
  const message = [op && op.phase !== 'Succeeded' ? op.message : undefined, st.health?.message, ...errors].filter((m): m is string => !!m).join('; ');
  const revisions = st.sync?.revisions;
  const state: GateState = {
    health: st.health?.status ?? 'Unknown',
    sync: st.sync?.status ?? 'Unknown',
    resources,
  };
  const revision = st.sync?.revision ?? (revisions && revisions.length > 0 ? revisions[0] : undefined);
  if (revision) state.revision = revision;
  if (revisions && revisions.length > 0) state.revisions = [...revisions];
  const phase = app.operation && !(op && RUNNING_PHASES.has(op.phase ?? '')) ? 'Pending' : op?.phase;
  if (phase) state.operation = phase;
  if (message) state.message = message;
  return state;
}

/** Indices of the sources we compare (multi-source apps with a repoURL filter). */
function comparedIndices(app: ArgoApplication, count: number, repoURL?: string): number[] {
  const all = [...Array(count).keys()];
  if (!repoURL) return all;
  const norm = (u: string | undefined) =>
    (u ?? '')
      .replace(/\.git$/, '')
      .replace(/\/+$/, '')
      .toLowerCase();
  const picked = all.filter((i) => norm(app.spec?.sources?.[i]?.repoURL) === norm(repoURL));
  return picked.length > 0 ? picked : all;
}

/** The revisions Argo CD reports that the gate compares (`sync.revision`, or each compared source's). */
export function reportedArgoRevisions(app: ArgoApplication, repoURL?: string): (string | undefined)[] {
  const single = app.status?.sync?.revision;
  const multi = app.status?.sync?.revisions;
  if (multi && multi.length > 0 && (app.spec?.sources?.length ?? 0) > 0) {
    return comparedIndices(app, multi.length, repoURL).map((i) => multi[i]);
  }
  return [single ?? multi?.[0]];
}

function allMatch(app: ArgoApplication, single: string | undefined, multi: string[] | undefined, expected: string, repoURL?: string): boolean {
  if (multi && multi.length > 0 && (app.spec?.sources?.length ?? 0) > 0) {
    return comparedIndices(app, multi.length, repoURL).every((i) => sameRevision(multi[i], expected));
  }
  return sameRevision(single ?? multi?.[0], expected);
}

/**
 * Decide pass / fail / wait for one Application snapshot. Pure apart from `mem` (grace timers).
 */
export function evaluateArgoApp(app: ArgoApplication, opts: ArgoEvalOptions, mem: ArgoEvalMemory, now: number): GateObservation {
  const state = argoStateOf(app);
  const st = app.status ?? {};
  const expected = opts.revision;
  const op = st.operationState;
  const health = state.health;
  const sync = state.sync;
  const want = expected ? shortRevision(expected) : 'the tracked revision';

  const atOurs = expected ? allMatch(app, st.sync?.revision, st.sync?.revisions, expected, opts.repoURL) : true;
  const opRevision = op?.syncResult?.revision ?? op?.operation?.sync?.revision;
  const opRevisions = op?.syncResult?.revisions ?? op?.operation?.sync?.revisions;
  const opForOurs = !!op && (expected ? allMatch(app, opRevision, opRevisions, expected, opts.repoURL) : true);
  const opRunning = !!app.operation || (!!op && RUNNING_PHASES.has(op.phase ?? ''));
  const finishedAt = timeOf(op?.finishedAt);
  const reconciledAt = timeOf(st.reconciledAt);
  const refreshedAfterOp = finishedAt === undefined || (reconciledAt !== undefined && reconciledAt >= finishedAt);

  // Missing: counted from the first time we see it, whatever the revision.
  if (health === 'Missing') mem.missingSince ??= now;
  else delete mem.missingSince;

  if (op && opForOurs && FAILED_PHASES.has(op.phase ?? '') && !opRunning) {
    return { state, verdict: 'fail', reason: `sync operation for ${want} ${op.phase}${op.message ? `: ${op.message}` : ''}` };
  }

  const opDone = !opRunning && refreshedAfterOp && (!op || !opForOurs || op.phase === 'Succeeded');
  const afterOurSync = atOurs && opDone && (sync === 'Synced' || (opForOurs && op?.phase === 'Succeeded'));

  if (health === 'Degraded' && afterOurSync) {
    mem.degradedSince ??= now;
    const grace = opts.degradedGraceMs ?? 0;
    if (now - mem.degradedSince >= grace) {
      return { state, verdict: 'fail', reason: `Degraded at ${want}${state.message ? `: ${state.message}` : ''}` };
    }
    return { state, verdict: 'wait', reason: `Degraded at ${want}; within the ${Math.round(grace / 1000)}s grace period` };
  }
  delete mem.degradedSince;

  if (mem.missingSince !== undefined) {
    const grace = opts.missingGraceMs ?? 30_000;
    if (now - mem.missingSince >= grace) {
      return { state, verdict: 'fail', reason: `Missing for ${Math.round((now - mem.missingSince) / 1000)}s: the application's resources do not exist` };
    }
  }

  if (!atOurs) {
    return { state, verdict: 'wait', reason: `waiting for Argo CD to report ${want} (reports ${shortRevision(state.revision)})` };
  }
  if (opRunning) return { state, verdict: 'wait', reason: `waiting for the sync operation (${state.operation ?? 'Running'})` };
  if (!refreshedAfterOp) return { state, verdict: 'wait', reason: 'waiting for a refresh after the sync operation finished' };
  if (op && opForOurs && op.phase !== 'Succeeded') {
    return { state, verdict: 'wait', reason: `waiting for the sync operation (${op.phase ?? 'unknown'})` };
  }
  if (sync !== 'Synced') return { state, verdict: 'wait', reason: `waiting for Synced (${sync})` };
  if (health === 'Healthy') return { state, verdict: 'pass', reason: `Healthy and Synced at ${want}` };
  if (health === 'Suspended') {
    const mode = opts.suspended ?? 'wait';
    if (mode === 'pass') return { state, verdict: 'pass', reason: `Suspended and Synced at ${want} (accepted)` };
    if (mode === 'fail') return { state, verdict: 'fail', reason: `Suspended at ${want}` };
  }
  return { state, verdict: 'wait', reason: `waiting for Healthy (${health})` };
}
