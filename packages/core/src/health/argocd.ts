/**
 * Argo CD health gate. GET the application once with `refresh=normal` (or `hard`), then follow
 * `/api/v1/stream/applications?name=` (NDJSON watch events), falling back to polling when the
 * stream is unavailable. Reconnects when the stream drops and rides out API outages until the
 * caller's deadline. Passes only on the revision we pushed (DESIGN.md "Never trust stale status").
 */
import pRetry, { AbortError } from 'p-retry';
import { InputError, RemoteError } from '../errors.js';
import { RevisionAcceptance } from './accept.js';
import { sameRevision, shortRevision } from './revision.js';
import {
  createDispatcher,
  errorText,
  isTransientStatus,
  ndjson,
  redactUrl,
  send,
  sleep,
  TransientError,
} from './transport.js';
import type { GateObservation, GateState, HealthGate, ObserveOptions, UnhealthyResource } from './types.js';
import type { Dispatcher } from 'undici';

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
  const message = [op && op.phase !== 'Succeeded' ? op.message : undefined, st.health?.message, ...errors]
    .filter((m): m is string => !!m)
    .join('; ');
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
  const norm = (u: string | undefined) => (u ?? '').replace(/\.git$/, '').replace(/\/+$/, '').toLowerCase();
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

// ---- the gate ----

export interface ArgoCdGateOptions extends Omit<ArgoEvalOptions, 'revision'> {
  /** Argo CD server URL (`https://argocd.example.com`, or `host:port` as ARGOCD_SERVER is often set). */
  server: string;
  /** Application name. */
  app: string;
  /** Namespace of the Application (apps-in-any-namespace). */
  appNamespace?: string;
  /** Project the application must belong to. */
  project?: string;
  /** Bearer token; default ARGOCD_AUTH_TOKEN. */
  token?: string;
  /** Accept self-signed certificates. */
  insecure?: boolean;
  /** Refresh requested with the first GET. Default 'normal'. */
  refresh?: 'normal' | 'hard' | false;
  /** Follow the watch stream (default true); false: poll only. */
  stream?: boolean;
  /** While streaming, also GET the application this often (guards against a silent stream). Default 30 s. */
  resyncMs?: number;
  /** Per-request timeout (headers; whole body for GETs). Default 30 s. */
  requestTimeoutMs?: number;
  /** Environment to read ARGOCD_AUTH_TOKEN from (tests). Default process.env. */
  env?: Record<string, string | undefined>;
}

interface StreamEvent {
  result?: { type?: string; application?: ArgoApplication };
  error?: { http_code?: number; message?: string; grpc_code?: number };
}

export class ArgoCdGate implements HealthGate {
  readonly kind = 'argocd' as const;
  readonly target: string;
  readonly targetUrl: string;
  readonly secrets: readonly string[];
  requestCount = 0;
  private readonly base: string;
  private readonly token?: string;
  private readonly dispatcher: Dispatcher;

  constructor(private readonly opts: ArgoCdGateOptions) {
    if (!opts.app) throw new InputError('Argo CD application name is empty', 'pass --argocd-app <name>');
    if (!opts.server) throw new InputError('Argo CD server is empty', 'pass --argocd-server <url> or set ARGOCD_SERVER');
    const server = /^https?:\/\//i.test(opts.server) ? opts.server : `https://${opts.server}`;
    let url: URL;
    try {
      url = new URL(server);
    } catch {
      throw new InputError(`Argo CD server is not a URL: ${redactUrl(server)}`, 'use https://argocd.example.com');
    }
    if (url.username || url.password) {
      throw new InputError('Argo CD server URL must not carry credentials', 'pass the token in ARGOCD_AUTH_TOKEN');
    }
    this.base = url.toString().replace(/\/+$/, '');
    this.token = opts.token ?? (opts.env ?? process.env).ARGOCD_AUTH_TOKEN ?? undefined;
    this.secrets = this.token ? [this.token] : [];
    this.dispatcher = createDispatcher({ insecure: opts.insecure });
    this.target = `Argo CD application ${opts.appNamespace ? `${opts.appNamespace}/` : ''}${opts.app}`;
    this.targetUrl = `${this.base}/applications/${opts.appNamespace ? `${encodeURIComponent(opts.appNamespace)}/` : ''}${encodeURIComponent(opts.app)}`;
  }

  private headers(): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json' };
    if (this.token) h.authorization = `Bearer ${this.token}`;
    return h;
  }

  private query(extra: Record<string, string | undefined>): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(extra)) if (v) q.set(k, v);
    if (this.opts.appNamespace) q.set('appNamespace', this.opts.appNamespace);
    if (this.opts.project) q.set('project', this.opts.project);
    const s = q.toString();
    return s ? `?${s}` : '';
  }

  /** Map a non-2xx answer to an error: permanent (RemoteError) or TransientError. */
  private async failure(res: Awaited<ReturnType<typeof send>>, what: string): Promise<Error> {
    const app = this.opts.app;
    const detail = await errorText(res);
    if (res.status === 401) {
      return new RemoteError(`Argo CD at ${this.base} rejected the token (HTTP 401) while reading ${what}`, 'set ARGOCD_AUTH_TOKEN to a valid token (argocd account generate-token)', { status: 401 });
    }
    if (res.status === 403) {
      return new RemoteError(
        `Argo CD denied access to application '${app}' (HTTP 403): it does not exist${this.opts.project ? ` in project '${this.opts.project}'` : ''}${this.opts.appNamespace ? ` in namespace '${this.opts.appNamespace}'` : ''}, or the token may not read it`,
        'check the application name, appNamespace and project, and that the token\'s role allows "applications, get"',
        { status: 403 },
      );
    }
    if (res.status === 404) {
      return new RemoteError(`Argo CD at ${this.base} has no application '${app}' (HTTP 404)`, 'check the application name and the server URL (include the --rootpath if Argo CD has one)', { status: 404 });
    }
    if (isTransientStatus(res.status)) return new TransientError(`Argo CD answered HTTP ${res.status}${detail ? `: ${detail}` : ''}`, res.status);
    return new RemoteError(`Argo CD answered HTTP ${res.status} for ${what}${detail ? `: ${detail}` : ''}`, undefined, { status: res.status });
  }

  /** One GET of the application (transient failures throw TransientError). */
  async get(signal: AbortSignal, refresh?: 'normal' | 'hard'): Promise<ArgoApplication> {
    const url = `${this.base}/api/v1/applications/${encodeURIComponent(this.opts.app)}${this.query({ refresh })}`;
    this.requestCount++;
    const res = await send(url, { signal, dispatcher: this.dispatcher, headers: this.headers(), timeoutMs: this.opts.requestTimeoutMs ?? 30_000 });
    if (!res.ok) throw await this.failure(res, `application '${this.opts.app}'`);
    try {
      return (await res.json()) as ArgoApplication;
    } catch {
      throw new TransientError('Argo CD sent a response that is not JSON');
    }
  }

  /** GET with a few quick retries (p-retry); permanent errors abort at once. */
  private getRetrying(signal: AbortSignal, refresh?: 'normal' | 'hard'): Promise<ArgoApplication> {
    return pRetry(
      async () => {
        try {
          return await this.get(signal, refresh);
        } catch (err) {
          if (err instanceof TransientError) throw err;
          throw new AbortError(err as Error);
        }
      },
      { retries: 2, minTimeout: 200, maxTimeout: 1000, signal },
    );
  }

  async *observe(o: ObserveOptions): AsyncGenerator<GateObservation> {
    const { signal } = o;
    const evalOpts: ArgoEvalOptions = { ...this.opts, ...(o.revision ? { revision: o.revision } : {}) };
    delete (evalOpts as { env?: unknown }).env;
    const mem: ArgoEvalMemory = {};
    // A newer revision that contains ours (acceptRevision) is evaluated as if it were ours.
    const acceptance = new RevisionAcceptance(o);
    const evaluate = async (a: ArgoApplication): Promise<GateObservation> => {
      const effective = await acceptance.resolveAll(reportedArgoRevisions(a, this.opts.repoURL));
      const opts = effective === evalOpts.revision ? evalOpts : { ...evalOpts, revision: effective };
      return acceptance.annotate(evaluateArgoApp(a, opts, mem, Date.now()), effective);
    };
    let app: ArgoApplication | undefined;
    const minBackoff = 250;
    const maxBackoff = Math.max(minBackoff, Math.min(o.pollIntervalMs, 5000));
    let backoff = minBackoff;
    let outageSince: number | undefined;
    let lastGet = 0;
    const outage = (err: TransientError) => {
      if (outageSince === undefined) {
        outageSince = Date.now();
        o.log('warn', `Argo CD unavailable (${err.message}); retrying until the timeout`);
      } else {
        o.log('debug', `Argo CD still unavailable (${err.message})`);
      }
    };
    const recovered = () => {
      if (outageSince !== undefined) o.log('warn', `Argo CD reachable again after ${((Date.now() - outageSince) / 1000).toFixed(1)}s`);
      outageSince = undefined;
      backoff = minBackoff;
    };

    // 1. One GET asking Argo CD to refresh, so the comparison is redone against the new commit.
    const refresh = this.opts.refresh === false ? undefined : (this.opts.refresh ?? 'normal');
    while (!signal.aborted && !app) {
      try {
        app = await this.getRetrying(signal, refresh);
        lastGet = Date.now();
        recovered();
      } catch (err) {
        if (signal.aborted) return;
        if (!(err instanceof TransientError)) throw err;
        outage(err);
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, maxBackoff);
      }
    }
    if (!app) return;
    let ob = await evaluate(app);
    yield ob;
    if (ob.verdict !== 'wait') return;

    // 2. Stream (reconnecting), or poll.
    let streaming = this.opts.stream !== false;
    const resyncMs = this.opts.resyncMs ?? 30_000;
    while (!signal.aborted) {
      if (streaming) {
        const ctl = new AbortController();
        const streamSignal = AbortSignal.any([signal, ctl.signal]);
        try {
          const url = `${this.base}/api/v1/stream/applications${this.query({ name: this.opts.app })}`;
          this.requestCount++;
          const res = await send(url, { signal: streamSignal, dispatcher: this.dispatcher, headers: this.headers(), timeoutMs: undefined });
          if (!res.ok) {
            const err = await this.failure(res, 'the application stream');
            if (err instanceof TransientError) throw err;
            if (err instanceof RemoteError && (res.status === 401 || res.status === 403)) throw err;
            streaming = false;
            o.log('warn', `Argo CD streaming unavailable (HTTP ${res.status}); polling every ${(o.pollIntervalMs / 1000).toFixed(1)}s`);
            continue;
          }
          recovered();
          o.log('debug', 'Argo CD stream connected');
          const it = ndjson(res, streamSignal)[Symbol.asyncIterator]();
          let next = it.next();
          let gotEvent = false;
          for (;;) {
            const tick = sleep(o.pollIntervalMs, streamSignal).then(() => 'tick' as const);
            const r = await Promise.race([next, tick]);
            if (signal.aborted) return;
            if (r === 'tick') {
              if (Date.now() - lastGet >= resyncMs) {
                try {
                  app = await this.get(signal);
                  lastGet = Date.now();
                } catch (err) {
                  if (!(err instanceof TransientError)) throw err;
                  o.log('debug', `resync GET failed (${err.message})`);
                }
              }
            } else {
              if (r.done) break;
              next = it.next();
              const ev = r.value as StreamEvent;
              if (ev.error) {
                const code = ev.error.http_code ?? 0;
                if (code === 401 || code === 403 || code === 404) throw await this.failure({ status: code, text: async () => ev.error?.message ?? '' } as never, 'the application stream');
                throw new TransientError(`stream error: ${ev.error.message ?? code}`);
              }
              const a = ev.result?.application;
              if (!a || (ev.result?.type === 'DELETED')) {
                if (ev.result?.type === 'DELETED') {
                  throw new RemoteError(`Argo CD application '${this.opts.app}' was deleted while waiting`);
                }
                continue;
              }
              if (a.metadata?.name && a.metadata.name !== this.opts.app) continue;
              app = a;
              gotEvent = true;
            }
            ob = await evaluate(app);
            yield ob;
            if (ob.verdict !== 'wait') return;
          }
          if (signal.aborted) return;
          o.log('debug', `Argo CD stream ended${gotEvent ? '' : ' without an event'}; reconnecting`);
          await sleep(minBackoff, signal);
        } catch (err) {
          if (signal.aborted) return;
          if (!(err instanceof TransientError)) throw err;
          outage(err);
          // Keep grace timers moving while we cannot reach the API.
          ob = await evaluate(app);
          if (ob.verdict === 'fail') {
            yield ob;
            return;
          }
          await sleep(backoff, signal);
          backoff = Math.min(backoff * 2, maxBackoff);
        } finally {
          ctl.abort();
        }
      } else {
        await sleep(o.pollIntervalMs, signal);
        if (signal.aborted) return;
        try {
          app = await this.get(signal);
          lastGet = Date.now();
          recovered();
        } catch (err) {
          if (signal.aborted) return;
          if (!(err instanceof TransientError)) throw err;
          outage(err);
        }
        ob = await evaluate(app);
        yield ob;
        if (ob.verdict !== 'wait') return;
      }
    }
  }
}
